"""The interactive HTML graph (vis-network), self-contained and offline.

One node per entity, coloured by class and labelled by its canonical name; one
edge per relation, labelled by its property. A node's tooltip gives its type,
aliases, job titles and the articles that mention it; an edge's tooltip gives the
source sentence of each statement behind it. On the page:

- a search box (#kg-search) finds an entity by its label or an alias, selects it
  and centres the view on it;
- the legend has a checkbox per class (#kg-filter-Person, ...) that hides or
  shows that class's nodes;
- clicking a node opens a side panel (#kg-panel) with its facts: relations in and
  out, job titles and dates, quotations it spoke and events it took part in, each
  with its source sentence and the identifier of the article it came from. A fact
  that only the learned extractor (kg.learned) found is drawn dashed and tagged
  "learned" with its confidence.

vis-network 9.1.2 (the copy pyvis ships) is inlined, so the page fetches nothing.
pyvis's own page builder is not used: it checks for duplicate nodes and edges in
lists (quadratic) and pulls Bootstrap from a CDN.

Article text never becomes markup or code: all the data (nodes, edges, panel facts)
is one JSON blob in a <script type="application/json"> with <, > and & written as
\\u003c, \\u003e and \\u0026, so no string can close the tag; the script parses it
with JSON.parse and puts text in with textContent, tooltips are strings that
vis-network shows with innerText (tests/test_browser.py injects script to prove it).

Graphs of more than BIG_GRAPH nodes are laid out before they are drawn ("Laying
out N nodes..." is shown meanwhile) with a capped number of iterations, and physics
is then switched off so the page stays responsive. `max_nodes` keeps only the best
connected entities. The same graph always gives the same bytes.
"""
from __future__ import annotations

import html
import json
import math
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import PROV, SKOS

from ..vocab import KG
from . import register

CLASS_COLORS = {  # colour-blind-safe (Okabe-Ito)
    "Person": "#E69F00", "Organization": "#56B4E9", "Country": "#009E73", "Place": "#F0E442",
    "Product": "#CC79A7", "Agreement": "#D55E00",
}
ENTITY_CLASSES = tuple(CLASS_COLORS)
RELATIONS = ("worksFor", "leaderOf", "met", "spokeWith", "accused", "criticized", "invited", "partyTo",
             "location", "locatedIn", "basedIn", "owns", "restricts", "livesIn", "killed", "memberOf")
EVENT_CLASSES = ("TariffChange", "Meeting", "PhoneCall", "Acquisition")
EVENT_ROLES = ("agent", "target", "participant", "buyer", "seller")
BIG_GRAPH = 500  # above this many nodes: lay out off-screen, then physics off


def _local(term: URIRef) -> str:
    return re.split(r"[#/]", str(term))[-1]


def entity_nodes(graph: Graph) -> dict[URIRef, str]:
    """Entity IRI -> class local name (the most specific of the six)."""
    out: dict[URIRef, str] = {}
    for cls in ENTITY_CLASSES:
        for node in graph.subjects(RDF.type, KG[cls]):
            if isinstance(node, URIRef) and (node not in out or cls == "Country"):
                out[node] = cls
    return out


def stabilization_iterations(n_nodes: int) -> int:
    """How many layout iterations vis-network runs before the first drawing: 300 for a small
    graph, fewer as the graph grows, so a 10,000-node page is laid out in seconds, not minutes."""
    if n_nodes <= BIG_GRAPH:
        return 300
    return max(60, min(300, 150_000 // n_nodes))


def best_connected(nodes: dict[URIRef, str], relations: list[tuple[URIRef, str, URIRef]],
                   max_nodes: int | None) -> list[URIRef]:
    """The entities to draw, sorted by IRI: all of them, or the max_nodes of highest degree over
    the relation edges (ties broken by IRI)."""
    if max_nodes is None or len(nodes) <= max_nodes:
        return sorted(nodes)
    degree: dict[URIRef, int] = defaultdict(int)
    for s, _, o in relations:
        degree[s] += 1
        degree[o] += 1
    ranked = sorted(nodes, key=lambda n: (-degree[n], str(n)))
    return sorted(ranked[:max_nodes])


def initial_positions(kept: list[URIRef], relations: list[tuple[URIRef, str, URIRef]],
                      spacing: float = 40.0) -> dict[URIRef, tuple[int, int]]:
    """Starting places for a big graph's layout, so a few layout iterations give a picture: nodes
    in breadth-first order from the best-connected one (neighbours next to each other) along a
    sunflower spiral, so hubs start in the middle, their neighbours around them, and entities
    without relations on the rim. vis-network would otherwise start every node on one circle."""
    keep = set(kept)
    adjacent: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, _, o in relations:
        if s in keep and o in keep:
            adjacent[s].add(o)
            adjacent[o].add(s)
    rank = {n: (-len(adjacent[n]), str(n)) for n in kept}
    order: list[URIRef] = []
    seen: set[URIRef] = set()
    for start in sorted(kept, key=rank.__getitem__):
        if start in seen:
            continue
        seen.add(start)
        queue = [start]
        while queue:
            order.extend(queue)
            following = []
            for node in queue:
                for nxt in sorted(adjacent[node] - seen, key=rank.__getitem__):
                    seen.add(nxt)
                    following.append(nxt)
            queue = following
    golden = math.pi * (3 - math.sqrt(5))
    return {n: (round(spacing * math.sqrt(k) * math.cos(k * golden)),
                round(spacing * math.sqrt(k) * math.sin(k * golden))) for k, n in enumerate(order)}


class _Index:
    """Everything the page needs from the graph, read in a few passes."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.nodes = entity_nodes(graph)
        self.labels = {n: str(graph.value(n, RDFS.label) or _local(n)) for n in self.nodes}
        self._articles: dict[object, str] = {}
        # (s, p, o) -> sorted [(sentence, article identifier)] of the statements behind it
        sources: dict[tuple, set[tuple[str, str]]] = defaultdict(set)
        # (s, p, o) -> the learned extractor's best confidence, for facts no rule states
        learned: dict[tuple, float] = {}
        by_rule: set[tuple] = set()
        for st in graph.subjects(RDF.type, RDF.Statement):
            triple = tuple(graph.value(st, x) for x in (RDF.subject, RDF.predicate, RDF.object))
            sentence = graph.value(st, KG.sentence)
            if sentence is not None:
                sources[triple].add((str(sentence), self.article(graph.value(st, PROV.wasDerivedFrom))))
            if str(graph.value(st, KG.rule) or "").startswith("model:"):
                confidence = graph.value(st, KG.confidence)
                learned[triple] = max(learned.get(triple, 0.0), float(confidence) if confidence is not None else 0.0)
            else:
                by_rule.add(triple)
        self.sources = {k: sorted(v) for k, v in sources.items()}
        self.learned = {k: v for k, v in learned.items() if k not in by_rule}
        self.relations = sorted(
            (s, prop, o) for prop in RELATIONS for s, o in graph.subject_objects(KG[prop])
            if s in self.nodes and o in self.nodes)

    def article(self, node: object) -> str:
        """The identifier of an article node ("" for none)."""
        if node is None:
            return ""
        if node not in self._articles:
            ident = self.graph.value(node, KG.identifier)
            self._articles[node] = str(ident) if ident is not None else _local(node)
        return self._articles[node]

    def tooltip(self, node: URIRef, cls: str) -> str:
        g = self.graph
        lines = [self.labels[node], f"Type: {cls}"]
        aliases = sorted(str(a) for a in g.objects(node, SKOS.altLabel))
        if aliases:
            lines.append("Also: " + "; ".join(aliases))
        titles = sorted({str(t) for t in g.objects(node, KG.jobTitle)})
        if titles:
            lines.append("Job title: " + "; ".join(titles))
        date = g.value(node, KG.date)
        if date is not None:
            lines.append(f"Date: {date}")
        articles = sorted(str(g.value(a, KG.title) or g.value(a, KG.identifier))
                          for a in g.objects(node, KG.mentionedIn))
        if articles:
            lines.append("Mentioned in: " + "; ".join(articles))
        return "\n".join(lines)

    def details(self, kept: list[URIRef], source_ids: "_Sources") -> dict[str, dict]:
        """Entity IRI -> what the details panel lists about it besides its relations (those the page
        reads from its relation list): aliases, job titles, dates, quotations, events, articles."""
        g = self.graph
        out: dict[str, dict] = {}
        for node in kept:
            titles = [{"title": str(t), "src": source_ids.refs(self.sources.get((node, KG.jobTitle, t), []))}
                      for t in sorted(set(g.objects(node, KG.jobTitle)), key=str)]
            out[str(node)] = {
                "aliases": sorted({str(a) for a in g.objects(node, SKOS.altLabel)}),
                "dates": sorted({str(d) for d in g.objects(node, KG.date)}),
                "titles": titles, "quotes": [], "events": [],
                "articles": sorted({self.article(a) for a in g.objects(node, KG.mentionedIn)}),
            }
        for q in sorted(g.subjects(RDF.type, KG.Quotation), key=str):
            channel = g.value(q, KG.channel)
            for speaker in sorted(g.objects(q, KG.speaker), key=str):
                if str(speaker) in out:
                    out[str(speaker)]["quotes"].append({
                        "text": str(g.value(q, KG.text) or ""),
                        "channel": self.labels.get(channel, "") if channel is not None else "",
                        "src": source_ids.refs([self.source_of(q)])})
        for cls in EVENT_CLASSES:
            for ev in sorted(g.subjects(RDF.type, KG[cls]), key=str):
                roles = sorted((role, e) for role in EVENT_ROLES for e in g.objects(ev, KG[role])
                               if e in self.nodes)
                if not roles:
                    continue
                date = g.value(ev, KG.date)
                base = {"kind": cls, "date": str(date) if date is not None else "", "rates": self._rates(ev),
                        "src": source_ids.refs([self.source_of(ev)])}
                for role, iri in roles:
                    if str(iri) in out:
                        others = [{"role": r, "id": str(e), "label": self.labels[e]} for r, e in roles if e != iri]
                        out[str(iri)]["events"].append({**base, "role": role, "with": others})
        for entry in out.values():
            entry["events"].sort(key=lambda e: (e["src"], e["kind"], e["role"]))
            entry["quotes"].sort(key=lambda q: (q["src"], q["text"]))
        return out

    def sources_wanted(self, kept: list[URIRef], relations: list[tuple[URIRef, str, URIRef]]) -> list[tuple]:
        """The (s, p, o) keys of the statements the page quotes: relations and job titles."""
        return ([(s, KG[prop], o) for s, prop, o in relations]
                + [(n, KG.jobTitle, t) for n in kept for t in self.graph.objects(n, KG.jobTitle)])

    def source_of(self, node: URIRef) -> tuple[str, str]:
        """(sentence, article identifier) of an event or quotation node."""
        return (str(self.graph.value(node, KG.sentence) or ""),
                self.article(self.graph.value(node, PROV.wasDerivedFrom)))

    def _rates(self, ev: URIRef) -> str:
        """A tariff change's rates ("145% → 30%"), or the stake an acquisition bought ("12.5% stake")."""
        stake = self.graph.value(ev, KG.stake)
        if stake is not None:
            return f"{stake}% stake"
        rate = {p: self.graph.value(ev, KG[p]) for p in ("fromRate", "toRate")}
        if rate["fromRate"] is not None and rate["toRate"] is not None:
            return f"{rate['fromRate']}% → {rate['toRate']}%"
        if rate["toRate"] is not None:
            return f"to {rate['toRate']}%"
        if rate["fromRate"] is not None:
            return f"from {rate['fromRate']}%"
        return ""


class _Sources:
    """The page's table of (sentence, article identifier) pairs, each written once and referred to by
    its position. Positions follow the sorted order of the pairs, so they do not depend on the order
    in which the pairs were asked for."""

    def __init__(self, pairs: set[tuple[str, str]]) -> None:
        self.table = sorted(p for p in pairs if p[0])  # no sentence, nothing to quote
        self.position = {pair: i for i, pair in enumerate(self.table)}

    def refs(self, pairs: list[tuple[str, str]]) -> list[int]:
        return sorted(self.position[p] for p in pairs if p in self.position)


def _options(n_nodes: int) -> dict:
    big = n_nodes > BIG_GRAPH
    return {
        "physics": {"solver": "forceAtlas2Based",
                    "stabilization": {"enabled": True, "iterations": stabilization_iterations(n_nodes),
                                      "updateInterval": max(2, min(50, 20_000 // max(n_nodes, 1))),
                                      "fit": True}},
        "layout": {"randomSeed": 7, "improvedLayout": not big},
        "nodes": {"shape": "dot", "font": {"size": 14}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}, "color": {"color": "#777777"},
                  "font": {"size": 10, "align": "middle"},
                  "smooth": False if big else {"type": "continuous"}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big},
    }


def page_data(graph: Graph, max_nodes: int | None = None) -> dict:
    """What the page shows, as JSON-able data, sorted so the same graph gives the same bytes:

    nodes      the entities drawn (id, label, tooltip, colour, class, size), sorted by IRI
    relations  [subject, property, object, source refs, learned] for every relation with an end
               drawn; the page makes an edge of each with both ends drawn, and lists all in the panel.
               learned is the learned extractor's confidence when no rule states the fact, else null
    labels     labels of the entities named in relations but not drawn (max_nodes)
    sources    [sentence, article identifier] pairs, referred to by position
    details    entity IRI -> aliases, job titles, dates, quotations, events, articles
    """
    if max_nodes is not None and (isinstance(max_nodes, bool) or not isinstance(max_nodes, int)
                                  or max_nodes < 1):
        raise ValueError(f"max_nodes must be a positive whole number, not {max_nodes!r}")
    index = _Index(graph)
    kept = best_connected(index.nodes, index.relations, max_nodes)
    keep = set(kept)
    relations = [(s, prop, o) for s, prop, o in index.relations if s in keep or o in keep]
    drawn = [(s, prop, o) for s, prop, o in relations if s in keep and o in keep]
    sources = _Sources({pair for key in index.sources_wanted(kept, relations) for pair in index.sources.get(key, [])}
                       | {index.source_of(x) for cls in ("Quotation", *EVENT_CLASSES)
                          for x in graph.subjects(RDF.type, KG[cls])})
    start = initial_positions(kept, drawn) if len(kept) > BIG_GRAPH else {}
    nodes = []
    for n in kept:
        cls = index.nodes[n]
        node = {"id": str(n), "label": index.labels[n], "title": index.tooltip(n, cls), "color": CLASS_COLORS[cls],
                "kgClass": cls, "size": 12 + min(len(set(graph.objects(n, KG.mentionedIn))), 8) * 2}
        if n in start:
            node["x"], node["y"] = start[n]
        nodes.append(node)
    counts = {c: 0 for c in ENTITY_CLASSES}
    for n in kept:
        counts[index.nodes[n]] += 1
    return {
        "nodes": nodes,
        "relations": [[str(s), prop, str(o), sources.refs(index.sources.get((s, KG[prop], o), [])),
                       index.learned.get((s, KG[prop], o))] for s, prop, o in relations],
        "labels": {str(e): index.labels[e] for s, _, o in relations for e in (s, o) if e not in keep},
        "sources": sources.table,
        "details": index.details(kept, sources),
        "counts": counts, "total": len(index.nodes), "edgeCount": len(drawn), "classes": list(ENTITY_CLASSES),
        "big": len(kept) > BIG_GRAPH, "options": _options(len(kept)),
    }


def _json_for_script(data: object) -> str:
    """JSON that cannot end its <script> element or open a comment: <, > and & as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network 9.1.2's script and style sheet, from the copy pyvis ships."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    if re.search(r"</script", js, flags=re.I) or re.search(r"</style", css, flags=re.I):
        raise RuntimeError("vis-network's files cannot be inlined: they contain a closing tag")
    return js, css


def _legend(counts: dict[str, int], n_edges: int, total: int) -> str:
    items = "".join(
        f'<li><label><input type="checkbox" id="kg-filter-{c}" data-kg-class="{c}" checked> '
        f'<span class="kg-swatch" style="background:{CLASS_COLORS[c]}"></span>'
        f"{html.escape(c)} ({counts.get(c, 0):,})</label></li>" for c in ENTITY_CLASSES)
    shown = sum(counts.values())
    if shown < total:
        summary = (f'<span id="kg-showing">showing {shown:,} of {total:,} entities (the best connected)'
                   f"</span>, {n_edges:,} relations.")
    else:
        summary = f"{shown:,} entities, {n_edges:,} relations."
    return (
        '<div id="kg-legend" role="complementary" aria-label="Legend"><strong>kg graph</strong>'
        '<form id="kg-search-form" role="search" autocomplete="off">'
        '<input id="kg-search" type="search" list="kg-names" placeholder="Find a name or alias"'
        ' aria-label="Find an entity by name or alias">'
        '<button id="kg-search-button" type="submit">Find</button></form>'
        '<datalist id="kg-names"></datalist>'
        '<div id="kg-search-status" aria-live="polite"></div>'
        f'<ul>{items}</ul><small>{summary} Hover a node or edge for its sources; click a node for its facts.'
        "</small></div>")


PAGE_CSS = """
#kg-legend{position:fixed;top:12px;left:12px;z-index:20;background:rgba(255,255,255,.94);
 border:1px solid #ccc;border-radius:6px;padding:8px 12px;font:13px/1.4 system-ui,sans-serif;max-width:300px}
#kg-legend ul{list-style:none;margin:6px 0;padding:0}
#kg-legend label{cursor:pointer}
#kg-search-form{display:flex;gap:4px;margin:6px 0 2px}
#kg-search{flex:1;min-width:0;font:inherit;padding:2px 4px}
#kg-search-status{min-height:1em;color:#555;font-size:12px}
.kg-swatch{display:inline-block;width:12px;height:12px;border-radius:50%;margin-right:6px;vertical-align:middle}
div.vis-tooltip{white-space:pre-wrap;max-width:480px;font:13px/1.4 system-ui,sans-serif}
html,body{margin:0;height:100%;overflow:hidden}
#mynetwork{width:100%;height:100vh;border:none}
#kg-loading{position:fixed;inset:0;z-index:10;display:flex;align-items:center;justify-content:center;
 background:#fafafa;font:16px/1.4 system-ui,sans-serif;color:#333}
#kg-loading[hidden],#kg-panel[hidden]{display:none}
#kg-panel{position:fixed;top:0;right:0;bottom:0;width:400px;max-width:90vw;z-index:30;overflow:auto;
 background:#fff;border-left:1px solid #ccc;box-shadow:-2px 0 8px rgba(0,0,0,.15);padding:12px 16px;
 box-sizing:border-box;font:13px/1.45 system-ui,sans-serif}
#kg-panel h2{font-size:18px;margin:0 24px 2px 0}
#kg-panel h3{font-size:14px;margin:14px 0 4px;border-bottom:1px solid #eee}
#kg-panel ul{margin:0;padding-left:18px}
#kg-panel li{margin:4px 0}
#kg-panel blockquote{margin:2px 0 0;padding-left:8px;border-left:3px solid #ddd;color:#333}
#kg-panel cite{display:block;color:#666;font-style:normal;font-size:12px}
#kg-panel .kg-go{font:inherit;border:none;background:none;padding:0;color:#0b5cad;text-decoration:underline;
 cursor:pointer}
#kg-panel-close{position:absolute;top:8px;right:10px;font-size:18px;border:none;background:none;cursor:pointer}
.kg-prop{font-family:ui-monospace,monospace;background:#f3f3f3;padding:0 3px;border-radius:3px}
.kg-learned-tag{font-size:11px;color:#7a4d00;background:#fff4dc;padding:0 3px;border-radius:3px}
"""

PAGE_JS = r"""
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
function showPanel(id) {
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
    line.append(el("strong", e.kind), " (" + e.role + ")");
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
var searchIndex = KG.nodes.map(function (n) {
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
  KG.nodes.map(function (n) { return n.label; }).sort().forEach(function (label) {
    var o = document.createElement("option");
    o.value = label;
    list.appendChild(o);
  });
})();
"""


def render(graph: Graph, max_nodes: int | None = None) -> str:
    """The page, as a string."""
    data = page_data(graph, max_nodes)
    js, css = _vis_assets()
    n = len(data["nodes"])
    layout_text = f"Laying out {n:,} nodes…"
    loading = (f'<div id="kg-loading" role="status" data-text="{html.escape(layout_text)}"'
               f'{"" if data["big"] else " hidden"}>{html.escape(layout_text)}</div>')
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>kg graph</title>",
        f"<style>{css}</style>",
        f"<style>{PAGE_CSS}</style>",
        f"<script>{js}</script>",
        "</head>",
        "<body>",
        _legend(data["counts"], data["edgeCount"], data["total"]),
        '<div id="mynetwork"></div>',
        loading,
        '<aside id="kg-panel" aria-label="Details" hidden>'
        '<button id="kg-panel-close" type="button" aria-label="Close">×</button>'
        '<div id="kg-panel-body"></div></aside>',
        f'<script type="application/json" id="kg-data">{_json_for_script(data)}</script>',
        f"<script>{PAGE_JS}</script>",
        "</body>",
        "</html>",
        "",
    ])


@register("html", (".html", ".htm"), "interactive graph (vis-network), self-contained and offline")
def write_html(graph: Graph, path: Path, max_nodes: int | None = None) -> None:
    """Write the page; with max_nodes, only that many of the best-connected entities."""
    path.write_text(render(graph, max_nodes), encoding="utf-8")
