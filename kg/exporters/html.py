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

vis-network 9.1.2 (the copy pyvis ships) is inlined, and so are the page's own script and
style sheet (page.js and page.css beside this module), so the page fetches nothing.
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


def _inlinable(name: str, text: str) -> str:
    if re.search(r"</(?:script|style)", text, flags=re.I):
        raise RuntimeError(f"{name} cannot be inlined: it contains a closing tag")
    return text


@lru_cache(maxsize=1)
def _page_assets() -> tuple[str, str]:
    """The page's own script and style sheet: page.js and page.css beside this module."""
    here = Path(__file__).parent
    return tuple(_inlinable(name, (here / name).read_text(encoding="utf-8"))  # type: ignore[return-value]
                 for name in ("page.js", "page.css"))


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network 9.1.2's script and style sheet, from the copy pyvis ships."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (_inlinable("vis-network.min.js", (lib / "vis-network.min.js").read_text(encoding="utf-8")),
            _inlinable("vis-network.css", (lib / "vis-network.css").read_text(encoding="utf-8")))


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


def render(graph: Graph, max_nodes: int | None = None) -> str:
    """The page, as a string."""
    data = page_data(graph, max_nodes)
    js, css = _vis_assets()
    page_js, page_css = _page_assets()
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
        f"<style>\n{page_css}</style>",
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
        f"<script>\n{page_js}</script>",
        "</body>",
        "</html>",
        "",
    ])


@register("html", (".html", ".htm"), "interactive graph (vis-network), self-contained and offline")
def write_html(graph: Graph, path: Path, max_nodes: int | None = None) -> None:
    """Write the page; with max_nodes, only that many of the best-connected entities."""
    path.write_text(render(graph, max_nodes), encoding="utf-8")
