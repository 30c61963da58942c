"use strict";
var KG = JSON.parse(document.getElementById("kg-data").textContent);
var nodes = new vis.DataSet(KG.nodes);
// edges: the relations with both ends drawn; each tooltip quotes the sentences behind it
var factsOf = {};  // entity IRI -> the relations it is in, for the details panel
KG.relations.forEach(function (r) {
  [r[0], r[2]].forEach(function (id) { (factsOf[id] = factsOf[id] || []).push(r); });
});
function sourceLine(i) { return "\u201c" + KG.sources[i][0] + "\u201d (" + KG.sources[i][1] + ")"; }
var edges = new vis.DataSet(KG.relations.filter(function (r) {
  return nodes.get(r[0]) !== null && nodes.get(r[2]) !== null;
}).map(function (r, i) {
  var head = r[4] === null ? r[1] : r[1] + " (learned, confidence " + r[4] + ")";
  return {id: "e" + i, from: r[0], to: r[2], label: r[1], dashes: r[4] !== null,
          title: [head].concat(r[3].map(sourceLine)).join("\n")};
}));
// an event's roles: an edge from the event to each entity in it, labelled by the role
edges.add(KG.roles.filter(function (r) {
  return nodes.get(r[0]) !== null && nodes.get(r[2]) !== null;
}).map(function (r, i) {
  return {id: "r" + i, from: r[0], to: r[2], label: r[1], kgRole: r[1], length: 70, width: 1,
          color: {color: "#aaaaaa"}, font: {size: 9, color: "#555555"},
          title: r[1] + " in " + KG.events[r[0]].label};
}));
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

// --- filter by class
var hiddenClasses = {}, classOf = {};
KG.nodes.forEach(function (n) { classOf[n.id] = n.kgClass; });
function applyFilters() {  // hide the nodes of unchecked classes and their edges; update only what changes
  var nodeUpdates = [], edgeUpdates = [];
  nodes.forEach(function (n) {
    var hide = !!hiddenClasses[n.kgClass];
    if (!!n.hidden !== hide) nodeUpdates.push({id: n.id, hidden: hide});
  });
  edges.forEach(function (e) {
    var hide = !!(hiddenClasses[classOf[e.from]] || hiddenClasses[classOf[e.to]]);
    if (!!e.hidden !== hide) edgeUpdates.push({id: e.id, hidden: hide});
  });
  if (nodeUpdates.length) nodes.update(nodeUpdates);
  if (edgeUpdates.length) edges.update(edgeUpdates);
}
KG.classes.forEach(function (cls) {
  var box = document.getElementById("kg-filter-" + cls);
  box.addEventListener("change", function () {
    hiddenClasses[cls] = !box.checked;
    applyFilters();
  });
});

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
function show(id) {
  var node = nodes.get(id);
  if (node === null) return;
  if (node.hidden) {
    document.getElementById("kg-filter-" + node.kgClass).checked = true;
    hiddenClasses[node.kgClass] = false;
    applyFilters();
  }
  showPanel(id);
  network.selectNodes([id]);
  // centre the node in the part of the canvas the panel leaves uncovered
  network.focus(id, {scale: Math.max(network.getScale(), 1.2), offset: {x: -panel.offsetWidth / 2, y: 0},
                     animation: {duration: 300}});
}
var searchStatus = document.getElementById("kg-search-status");
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
