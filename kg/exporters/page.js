"use strict";
var KG = JSON.parse(document.getElementById("kg-data").textContent);
function lookup() { return Object.create(null); }  // a map no key (such as "__proto__") can break
var GOLDEN = Math.PI * (3 - Math.sqrt(5));

// --- edges: the relations with both ends drawn, each tooltip quoting the sentences behind it,
// and an edge from each event to each entity in it, labelled by its role
var drawnIds = lookup();
KG.nodes.forEach(function (n) { drawnIds[n.id] = n; });
var factsOf = lookup();  // entity IRI -> the relations it is in, for the details panel
KG.relations.forEach(function (r) {
  [r[0], r[2]].forEach(function (id) { (factsOf[id] = factsOf[id] || []).push(r); });
});
function sourceLine(i) { return "\u201c" + KG.sources[i][0] + "\u201d (" + KG.sources[i][1] + ")"; }
var edgeScope = lookup();  // edge id -> {arts: article positions} for a relation, {event: IRI} for a role
var edgeList = KG.relations.map(function (r, k) { return {r: r, arts: KG.relationArticles[k]}; }).filter(function (x) {
  return drawnIds[x.r[0]] !== undefined && drawnIds[x.r[2]] !== undefined;
}).map(function (x, i) {
  var r = x.r, head = r[4] === null ? r[1] : r[1] + " (learned, confidence " + r[4] + ")";
  edgeScope["e" + i] = {arts: x.arts};
  return {id: "e" + i, from: r[0], to: r[2], label: r[1], dashes: r[4] !== null,
          title: [head].concat(r[3].map(sourceLine)).join("\n")};
}).concat(KG.roles.filter(function (r) {
  return drawnIds[r[0]] !== undefined && drawnIds[r[2]] !== undefined;
}).map(function (r, i) {
  edgeScope["r" + i] = {event: r[0]};
  return {id: "r" + i, from: r[0], to: r[2], label: r[1], kgRole: r[1], length: 70, width: 1,
          color: {color: "#aaaaaa"}, font: {size: 9, color: "#555555"},
          title: r[1] + " in " + KG.events[r[0]].label};
}));
var adjacent = lookup();  // node id -> the ids of its edges
edgeList.forEach(function (e) {
  (adjacent[e.from] = adjacent[e.from] || []).push(e.id);
  (adjacent[e.to] = adjacent[e.to] || []).push(e.id);
});

// --- the view: which articles (one, or a range of days), and whether the unconnected entities
// are shown; it lives in the URL fragment (#article=ID, #from=YYYY-MM-DD&to=YYYY-MM-DD,
// &unconnected=1), so a view can be shared
var articleAt = lookup();  // article identifier -> position in KG.articles
KG.articles.forEach(function (a, i) { articleAt[a[0]] = i; });
function validDay(s) { return /^\d{4}-\d{2}-\d{2}$/.test(s || "") ? s : ""; }
var unknownArticle = "";
function readFragment() {
  var p = new URLSearchParams(location.hash.replace(/^#/, ""));
  var v = {article: p.get("article") || "", from: validDay(p.get("from")), to: validDay(p.get("to")),
           unconnected: p.get("unconnected") === "1"};
  unknownArticle = v.article && articleAt[v.article] === undefined ? v.article : "";
  if (unknownArticle) v.article = "";
  if (v.article) v.from = v.to = "";
  return v;
}
function fragmentOf(v) {
  var p = new URLSearchParams();
  if (v.article) p.set("article", v.article);
  if (v.from) p.set("from", v.from);
  if (v.to) p.set("to", v.to);
  if (v.unconnected) p.set("unconnected", "1");
  return p.toString();
}
var view = readFragment();
var revealed = lookup(), revealedEdges = lookup();  // shown whatever the view: found, or a neighbour added
var hiddenClasses = lookup();
function scopeOf(v) {  // the nodes and edges of the chosen articles, and which entities an edge there links
  var arts = null;
  if (v.article || v.from || v.to) {
    arts = KG.articles.map(function (a) {
      return v.article ? a[0] === v.article : a[2] !== "" && (!v.from || a[2] >= v.from) && (!v.to || a[2] <= v.to);
    });
  }
  function inArts(list) { return arts === null || list.some(function (i) { return arts[i]; }); }
  function eventIn(id) { return arts === null || KG.events[id].article !== null && arts[KG.events[id].article]; }
  var s = {arts: arts, nodes: lookup(), edges: lookup(), connected: lookup()};
  KG.nodes.forEach(function (n) {
    if (n.kgEvent ? eventIn(n.id) : inArts(n.kgArticles)) s.nodes[n.id] = true;
  });
  edgeList.forEach(function (e) {
    var sc = edgeScope[e.id];
    if (sc.event !== undefined ? eventIn(sc.event) : inArts(sc.arts)) {
      s.edges[e.id] = s.nodes[e.from] = s.nodes[e.to] = s.connected[e.from] = s.connected[e.to] = true;
    }
  });
  return s;
}
var scope = scopeOf(view);
function wanted(n) {  // whether a node is to be shown
  if (hiddenClasses[n.kgClass]) return false;
  if (revealed[n.id]) return true;
  return !!scope.nodes[n.id] && (n.kgEvent || !!scope.connected[n.id] || view.unconnected);
}
function edgeWanted(e, shown) {
  return !!(shown[e.from] && shown[e.to] && (scope.edges[e.id] || revealedEdges[e.id]));
}
// the first view is set on the data, so vis-network lays out only what it shows
// (a hidden node would still be part of the physics: it is taken out of it too)
var firstShown = lookup();
KG.nodes.forEach(function (n) {
  firstShown[n.id] = wanted(n);
  n.hidden = !firstShown[n.id];
  n.physics = firstShown[n.id];
});
edgeList.forEach(function (e) {
  var show = edgeWanted(e, firstShown);
  e.hidden = !show;
  e.physics = show;
});
var nodes = new vis.DataSet(KG.nodes);
var edges = new vis.DataSet(edgeList);
var container = document.getElementById("mynetwork");
var loading = document.getElementById("kg-loading");
var panel = document.getElementById("kg-panel");
var kgStabilized = false;
var network = new vis.Network(container, {nodes: nodes, edges: edges}, KG.options);

// --- layout: big graphs are laid out before they are drawn, then physics stops
network.on("stabilizationProgress", function (p) {
  if (KG.big) {
    loading.textContent = loading.dataset.text + " " + Math.round(100 * p.iterations / p.total) + "%";
  }
});
network.once("stabilizationIterationsDone", function () {
  if (KG.big) network.setOptions({physics: false});
  loading.hidden = true;
  kgStabilized = true;
});
if (nodes.length === 0) kgStabilized = true;  // nothing to lay out: vis-network sends no event

// --- small helpers: every text goes in with textContent
function el(tag, text, cls) {
  var e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}
function entityButton(id, label) {
  if (nodes.get(id) === null) return el("span", label);
  var b = el("button", label, "kg-go");
  b.type = "button";
  b.addEventListener("click", function () { show(id); });
  return b;
}
function sourceList(refs) {
  var frag = document.createDocumentFragment();
  refs.forEach(function (i) {
    frag.appendChild(el("blockquote", "\u201c" + KG.sources[i][0] + "\u201d", "kg-source-sentence"));
    frag.appendChild(el("cite", KG.sources[i][1], "kg-source-article"));
  });
  return frag;
}
function labelOf(id) {
  var n = nodes.get(id);
  return n !== null ? n.label : KG.labels[id];
}

// --- the details panel
function section(title, items) {
  if (!items.length) return null;
  var frag = document.createDocumentFragment();
  frag.appendChild(el("h3", title));
  var ul = el("ul");
  items.forEach(function (li) { ul.appendChild(li); });
  frag.appendChild(ul);
  return frag;
}
function showEventPanel(id) {
  var node = nodes.get(id), ev = KG.events[id];
  var body = document.getElementById("kg-panel-body");
  body.replaceChildren();
  panel.dataset.node = id;
  body.appendChild(el("h2", ev.label));
  body.appendChild(el("div", ev.kind + " \u00b7 event", "kg-panel-type"));
  var roles = ev.roles.map(function (r) {
    var li = el("li", null, "kg-role");
    li.dataset.role = r[0];
    var line = el("div");
    line.append(el("span", r[0], "kg-prop"), " ", entityButton(r[1], labelOf(r[1])));
    li.appendChild(line);
    return li;
  });
  var values = ev.values.map(function (v) {
    var li = el("li", null, "kg-fact");
    li.dataset.prop = v[0];
    var line = el("div");
    line.append(el("span", v[0], "kg-prop"), " " + v[1]);
    li.appendChild(line);
    return li;
  });
  [section("Roles", roles), section("Details", values)].forEach(function (s) { if (s) body.appendChild(s); });
  if (ev.src.length) {
    body.appendChild(el("h3", "Source"));
    var src = el("div", null, "kg-event-source");
    src.appendChild(sourceList(ev.src));
    body.appendChild(src);
  }
  panel.hidden = false;
}
function showPanel(id) {
  if (KG.events[id] && nodes.get(id)) { showEventPanel(id); return; }
  var node = nodes.get(id), d = KG.details[id];
  if (!node || !d) return;
  var body = document.getElementById("kg-panel-body");
  body.replaceChildren();
  panel.dataset.node = id;
  body.appendChild(el("h2", node.label));
  body.appendChild(el("div", node.kgClass + (d.aliases.length ? " \u00b7 also: " + d.aliases.join("; ") : ""),
                      "kg-panel-type"));
  var mine = factsOf[id] || [];
  mine = mine.filter(function (r) { return r[0] === id; }).concat(mine.filter(function (r) { return r[0] !== id; }));
  var rel = mine.map(function (r) {
    var li = el("li", null, "kg-fact");
    li.dataset.prop = r[1];
    li.dataset.dir = r[0] === id ? "out" : "in";
    var line = el("div");
    if (r[0] === id) {
      line.append(node.label + " ", el("span", r[1], "kg-prop"), " ", entityButton(r[2], labelOf(r[2])));
    } else {
      line.append(entityButton(r[0], labelOf(r[0])), " ", el("span", r[1], "kg-prop"), " " + node.label);
    }
    if (r[4] !== null) {  // stated by no rule: the learned extractor's, with its confidence
      li.classList.add("kg-learned");
      line.append(" ", el("span", "learned \u00b7 " + r[4], "kg-learned-tag"));
    }
    li.appendChild(line);
    li.appendChild(sourceList(r[3]));
    return li;
  });
  var titles = d.titles.map(function (t) {
    var li = el("li", null, "kg-fact");
    li.dataset.prop = "jobTitle";
    li.appendChild(el("div", t.title));
    li.appendChild(sourceList(t.src));
    return li;
  });
  d.dates.forEach(function (x) {
    var li = el("li", "Date: " + x, "kg-fact");
    li.dataset.prop = "date";
    titles.push(li);
  });
  var quotes = d.quotes.map(function (q) {
    var li = el("li", null, "kg-quote");
    li.appendChild(el("div", "\u201c" + q.text + "\u201d" + (q.channel ? " (on " + q.channel + ")" : ""),
                      "kg-quote-text"));
    li.appendChild(sourceList(q.src));
    return li;
  });
  var events = d.events.map(function (e) {
    var li = el("li", null, "kg-event");
    li.dataset.kind = e.kind;
    var line = el("div");
    line.append(e.id !== null ? entityButton(e.id, e.kind) : el("strong", e.kind), " (" + e.role + ")");
    e["with"].forEach(function (w, i) {
      line.append(i ? ", " : " with ", entityButton(w.id, w.label), " (" + w.role + ")");
    });
    if (e.rates) line.append(" \u00b7 " + e.rates);
    if (e.date) line.append(" \u00b7 " + e.date);
    li.appendChild(line);
    li.appendChild(sourceList(e.src));
    return li;
  });
  [section("Relations", rel), section("Job titles and dates", titles), section("Quotations", quotes),
   section("Events", events)].forEach(function (s) { if (s) body.appendChild(s); });
  if (!rel.length && !titles.length && !quotes.length && !events.length) {
    body.appendChild(el("p", "No facts about this entity beyond its mentions."));
  }
  if (d.articles.length) body.appendChild(el("p", "Mentioned in: " + d.articles.join("; "), "kg-articles"));
  panel.hidden = false;
}
function hidePanel() {
  panel.hidden = true;
  delete panel.dataset.node;
}
document.getElementById("kg-panel-close").addEventListener("click", hidePanel);
network.on("click", function (p) {
  if (p.nodes.length) showPanel(p.nodes[0]);
  else if (!p.edges.length) hidePanel();
});

// --- what is shown: the view, the class checkboxes, and what was found or added
function wantedNow() {
  var shown = lookup();
  nodes.forEach(function (n) { shown[n.id] = wanted(n); });
  return shown;
}
function refresh(shown) {  // hide and show nodes and edges; update only what changes
  var nodeUpdates = [], edgeUpdates = [];
  shown = shown || wantedNow();
  nodes.forEach(function (n) {
    if (!!n.hidden === shown[n.id]) nodeUpdates.push({id: n.id, hidden: !shown[n.id], physics: shown[n.id]});
  });
  edges.forEach(function (e) {
    var show = edgeWanted(e, shown);
    if (!!e.hidden === show) edgeUpdates.push({id: e.id, hidden: !show, physics: show});
  });
  if (nodeUpdates.length) nodes.update(nodeUpdates);
  if (edgeUpdates.length) edges.update(edgeUpdates);
  return shown;
}
KG.classes.forEach(function (cls) {
  var box = document.getElementById("kg-filter-" + cls);
  box.addEventListener("change", function () {
    hiddenClasses[cls] = !box.checked;
    refresh();
  });
});
function isShown(id) { var n = nodes.get(id); return n !== null && !n.hidden; }
function placeAround(center, ids, radius) {  // new nodes on a sunflower spiral around a point
  var updates = ids.map(function (id, k) {
    var r = radius * Math.sqrt(k + 1);
    return {id: id, x: Math.round(center.x + r * Math.cos(k * GOLDEN)),
            y: Math.round(center.y + r * Math.sin(k * GOLDEN))};
  });
  if (updates.length) nodes.update(updates);
}
function placeOutside(ids) {  // new nodes on a ring around what is drawn, the most mentioned first
  var shownIds = nodes.getIds({filter: function (n) { return !n.hidden; }});
  var pos = network.getPositions(shownIds), cx = 0, cy = 0, r0 = 0;
  shownIds.forEach(function (id) { cx += pos[id].x; cy += pos[id].y; });
  if (shownIds.length) { cx /= shownIds.length; cy /= shownIds.length; }
  shownIds.forEach(function (id) { r0 = Math.max(r0, Math.hypot(pos[id].x - cx, pos[id].y - cy)); });
  r0 += 80;
  var area = 45 * 45 / Math.PI;
  nodes.update(ids.map(function (id, k) {
    var r = Math.sqrt(r0 * r0 + area * k);
    return {id: id, x: Math.round(cx + r * Math.cos(k * GOLDEN)), y: Math.round(cy + r * Math.sin(k * GOLDEN))};
  }));
}

// --- the overview: the unconnected entities behind a toggle, the most mentioned beside the search
var unconnectedBox = document.getElementById("kg-unconnected");
var unconnectedText = document.getElementById("kg-unconnected-text");
function unconnectedIds() {  // the entities of the view that no relation or event there links
  return KG.nodes.filter(function (n) {
    return !n.kgEvent && scope.nodes[n.id] && !scope.connected[n.id];
  }).map(function (n) { return n.id; });
}
function mentionsInView(n) {
  return scope.arts === null ? n.kgMentions : n.kgArticles.filter(function (i) { return scope.arts[i]; }).length;
}
function showTop() {
  var list = document.getElementById("kg-top");
  var ranked = KG.nodes.filter(function (n) { return !n.kgEvent && scope.nodes[n.id]; }).map(function (n) {
    return {id: n.id, label: n.label, count: mentionsInView(n)};
  }).sort(function (a, b) {
    return b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || (a.id < b.id ? -1 : 1);
  }).slice(0, 10);
  list.replaceChildren();
  ranked.forEach(function (t) {
    var b = el("button", null, "kg-top-item");
    b.type = "button";
    b.dataset.node = t.id;
    b.title = t.label + ": mentioned in " + t.count + (t.count === 1 ? " article" : " articles");
    b.append(el("span", t.label, "kg-top-label"), " ", el("span", String(t.count), "kg-top-count"));
    b.addEventListener("click", function () { show(t.id); });
    var li = el("li");
    li.appendChild(b);
    list.appendChild(li);
  });
}

// --- the filters: one article, or the articles of a range of days
var articleSelect = document.getElementById("kg-article");
var fromBox = document.getElementById("kg-from"), toBox = document.getElementById("kg-to");
var viewStatus = document.getElementById("kg-view-status");
KG.articles.map(function (a, i) { return i; }).sort(function (i, j) {
  var a = KG.articles[i], b = KG.articles[j];
  return (a[2] === "") - (b[2] === "") || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0) || (a[0] < b[0] ? -1 : 1);
}).forEach(function (i) {
  var a = KG.articles[i];
  var o = el("option", (a[2] ? a[2] + " \u00b7 " : "") + (a[1] ? a[1] + " (" + a[0] + ")" : a[0]));
  o.value = a[0];
  articleSelect.appendChild(o);
});
function syncControls() {
  articleSelect.value = view.article;
  fromBox.value = view.from;
  toBox.value = view.to;
  unconnectedBox.checked = view.unconnected;
}
function writeFragment() {
  var hash = fragmentOf(view);
  var url = location.href.split("#")[0] + (hash ? "#" + hash : "");
  if (url === location.href) return;
  try {
    history.replaceState(null, "", url);
  } catch (e) {  // some browsers allow no history on file:// pages
    location.hash = hash;
  }
}
function describeView() {
  if (unknownArticle) return "No article \u201c" + unknownArticle + "\u201d in this graph; showing all.";
  if (!view.article && !view.from && !view.to) return "";
  var nEntities = 0, nEvents = 0;
  nodes.forEach(function (n) { if (!n.hidden) { if (n.kgEvent) nEvents += 1; else nEntities += 1; } });
  var what;
  if (view.article) {
    var a = KG.articles[articleAt[view.article]];
    what = "Article \u201c" + (a[1] || a[0]) + "\u201d";
  } else {
    what = "Articles " + (view.from ? "from " + view.from : "") + (view.from && view.to ? " " : "") +
           (view.to ? "to " + view.to : "");
  }
  return what + ": " + nEntities + (nEntities === 1 ? " entity, " : " entities, ") + nEvents +
         (nEvents === 1 ? " event shown." : " events shown.");
}
var home = lookup();  // where the big graph's frozen layout put each node
function setPhysics(on) {  // a small view of a big graph lays itself out; back to a big one, all go home
  if (on === network.physics.physicsEnabled) return;
  if (on) {
    var pos = network.getPositions();
    for (var id in pos) home[id] = pos[id];
    network.setOptions({physics: {enabled: true}});
  } else {
    network.setOptions({physics: {enabled: false}});
    var back = [];
    for (var key in home) back.push({id: key, x: home[key].x, y: home[key].y});
    nodes.update(back);
  }
}
function fitWhenLaidOut() {
  if (network.physics.physicsEnabled) network.once("stabilized", function () { network.fit(); });
  else network.fit();
}
function applyView(changed) {  // after the view changed (else: the first view), set what is shown,
  // the toggle, the list of the most mentioned, the timeline and the URL fragment
  scope = scopeOf(view);
  revealed = lookup();
  revealedEdges = lookup();
  var before = lookup();
  nodes.forEach(function (n) { if (!n.hidden) before[n.id] = true; });
  var unconnected = unconnectedIds();
  unconnectedText.textContent = "Show " + unconnected.length.toLocaleString("en-US") + " unconnected " +
                                (unconnected.length === 1 ? "entity" : "entities");
  var shown = wantedNow();
  if (changed && KG.big) {  // a big graph's physics is off; a view small enough gets it back, to lay itself out
    var n = 0;
    for (var id in shown) if (shown[id]) n += 1;
    setPhysics(n <= KG.bigGraph);
  }
  if (changed && view.unconnected) {
    placeOutside(unconnected.filter(function (id) { return !before[id]; }).sort(function (a, b) {
      return drawnIds[b].kgMentions - drawnIds[a].kgMentions || (a < b ? -1 : 1);
    }));
  }
  refresh(shown);
  showTop();
  showTimeline();
  viewStatus.textContent = describeView();
  writeFragment();
}
articleSelect.addEventListener("change", function () {
  view.article = articleSelect.value;
  view.from = view.to = "";
  unknownArticle = "";
  syncControls();
  applyView(true);
  fitWhenLaidOut();
});
[fromBox, toBox].forEach(function (box) {
  box.addEventListener("change", function () {
    view.from = validDay(fromBox.value);
    view.to = validDay(toBox.value);
    view.article = "";
    unknownArticle = "";
    syncControls();
    applyView(true);
    fitWhenLaidOut();
  });
});
unconnectedBox.addEventListener("change", function () {
  view.unconnected = unconnectedBox.checked;
  applyView(true);
});
window.addEventListener("hashchange", function () {
  var v = readFragment();
  if (fragmentOf(v) === fragmentOf(view) && !unknownArticle) return;
  view = v;
  syncControls();
  applyView(true);
  fitWhenLaidOut();
});

// --- double-click a node: add its neighbours (and the edges to them) that are hidden
var searchStatus = document.getElementById("kg-search-status");
function expand(id) {
  var node = nodes.get(id);
  if (node === null) return;
  var added = [];
  (adjacent[id] || []).forEach(function (eid) {
    var e = edges.get(eid), other = e.from === id ? e.to : e.from;
    revealedEdges[eid] = true;
    if (!isShown(other) && !revealed[other]) {
      revealed[other] = true;
      if (!hiddenClasses[drawnIds[other].kgClass]) added.push(other);
    }
  });
  placeAround(network.getPosition(id), added.sort(), 60);
  refresh();
  searchStatus.textContent = added.length
    ? "Added " + added.length + (added.length === 1 ? " neighbour" : " neighbours") + " of " + node.label
    : "Every neighbour of " + node.label + " is shown";
}
network.on("doubleClick", function (p) { if (p.nodes.length) expand(p.nodes[0]); });

// --- the timeline: the events in order of their day (their own date, else their article's)
function showTimeline() {
  var any = false;
  document.querySelectorAll("#kg-timeline-list > li[data-node]").forEach(function (li) {
    li.hidden = !scope.nodes[li.dataset.node];
    any = any || !li.hidden;
  });
  var none = document.getElementById("kg-timeline-none");
  if (none) none.hidden = any;
}
(function () {
  var list = document.getElementById("kg-timeline-list");
  if (!list) return;
  KG.timeline.forEach(function (t) {
    var ev = KG.events[t[0]];
    var b = el("button", null, "kg-tl-item");
    b.type = "button";
    b.dataset.node = t[0];
    b.dataset.kind = ev.kind;
    var when = el("span", t[3] || "undated", "kg-tl-date");
    if (t[2] === "article") {
      when.classList.add("kg-tl-published");
      when.title = "the day its article was published (the event has no date of its own)";
    }
    b.append(when, el("span", ev.label, "kg-tl-label"));
    b.title = ev.label + (t[3] ? " \u00b7 " + t[3] + (t[2] === "article" ? " (article)" : "") : "");
    b.addEventListener("click", function () { show(t[0]); });
    var li = el("li");
    li.dataset.node = t[0];
    li.appendChild(b);
    list.appendChild(li);
  });
  var none = el("li", "No events in these articles.", "kg-tl-none");
  none.id = "kg-timeline-none";
  list.appendChild(none);
  showTimeline();
})();
function markTimeline(id) {
  document.querySelectorAll("#kg-timeline-list .kg-tl-item").forEach(function (b) {
    if (b.dataset.node === id) {
      b.setAttribute("aria-current", "true");
      b.scrollIntoView({block: "nearest", inline: "nearest"});
    } else {
      b.removeAttribute("aria-current");
    }
  });
}
network.on("selectNode", function (p) { markTimeline(p.nodes[0]); });

// --- search by label or alias
function norm(s) { return s.toLowerCase().replace(/\s+/g, " ").trim(); }
var searchIndex = KG.nodes.filter(function (n) { return !n.kgEvent; }).map(function (n) {
  return {id: n.id, label: norm(n.label), aliases: KG.details[n.id].aliases.map(norm)};
});
var degree = {};
edges.forEach(function (e) {
  degree[e.from] = (degree[e.from] || 0) + 1;
  degree[e.to] = (degree[e.to] || 0) + 1;
});
function findNode(query) {
  var q = norm(query);
  if (!q) return null;
  var best = null, bestRank = 99;
  searchIndex.forEach(function (n) {
    var rank = 99;
    if (n.label === q) rank = 0;
    else if (n.aliases.indexOf(q) >= 0) rank = 1;
    else if (n.label.indexOf(q) === 0) rank = 2;
    else if (n.aliases.some(function (a) { return a.indexOf(q) === 0; })) rank = 3;
    else if (n.label.indexOf(q) >= 0) rank = 4;
    else if (n.aliases.some(function (a) { return a.indexOf(q) >= 0; })) rank = 5;
    if (rank < bestRank || rank === bestRank && rank < 99 && (degree[n.id] || 0) > (degree[best] || 0)) {
      best = n.id;
      bestRank = rank;
    }
  });
  return best;
}
function show(id) {  // select a node and centre it, showing it first if it is hidden
  var node = nodes.get(id);
  if (node === null) return;
  if (node.hidden) {
    if (hiddenClasses[node.kgClass]) {
      document.getElementById("kg-filter-" + node.kgClass).checked = true;
      hiddenClasses[node.kgClass] = false;
    }
    revealed[id] = true;
    refresh();
  }
  showPanel(id);
  network.selectNodes([id]);
  markTimeline(id);
  // centre the node in the part of the canvas the panel leaves uncovered
  network.focus(id, {scale: Math.max(network.getScale(), 1.2), offset: {x: -panel.offsetWidth / 2, y: 0},
                     animation: {duration: 300}});
}
document.getElementById("kg-search-form").addEventListener("submit", function (ev) {
  ev.preventDefault();
  var query = document.getElementById("kg-search").value;
  var id = findNode(query);
  if (id === null) {
    searchStatus.textContent = query.trim() ? "No entity named \u201c" + query.trim() + "\u201d" : "";
    return;
  }
  var node = nodes.get(id);
  searchStatus.textContent = "Found " + node.label + " (" + node.kgClass + ")";
  show(id);
});
(function () {
  var list = document.getElementById("kg-names");
  searchIndex.map(function (n) { return nodes.get(n.id).label; }).sort().forEach(function (label) {
    var o = document.createElement("option");
    o.value = label;
    list.appendChild(o);
  });
})();
syncControls();
applyView(false);
