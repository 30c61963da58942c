"""The interactive HTML graph (vis-network), self-contained and offline.

One node per entity, coloured by class and labelled by its canonical name; one
edge per relation, labelled by its property. One small node per event (TariffChange,
Meeting, PhoneCall, Acquisition), of a shape of its class (EVENT_SHAPES) and
labelled by what happened ("United States → China tariff: 145% → 30%"), with an
edge to each entity in it labelled by its role (agent, participant, ...);
quotations are not drawn, the panel lists them. A node's tooltip gives its type,
aliases, job titles and the articles that mention it (an event's: its roles, date
and sentence); an edge's tooltip gives the source sentence of each statement
behind it. On the page:

- a search box (#kg-search) finds an entity by its label or an alias, selects it
  and centres the view on it;
- the legend has a checkbox per class, entity or event (#kg-filter-Person, ...,
  #kg-filter-TariffChange, ...), that hides or shows that class's nodes;
- clicking a node opens a side panel (#kg-panel) with its facts: relations in and
  out, job titles and dates, quotations it spoke and events it took part in, each
  with its source sentence and the identifier of the article it came from. A fact
  that only the learned extractor (kg.learned) found is drawn dashed and tagged
  "learned" with its confidence. Clicking an event opens its roles, rates, stake
  and date, sentence and article;
- the first view draws the entities in a relation or an event, and the events; each
  entity is sized by the number of articles that mention it (mention_size). The others
  wait behind a toggle that counts them (#kg-unconnected, "Show 412 unconnected
  entities"). The ten most mentioned are listed beside the search box (#kg-top);
  clicking one, or finding one, shows it if hidden. Double-clicking a node adds its
  hidden neighbours and the edges to them;
- the Articles box chooses one article (#kg-article) or a range of days of publication
  (#kg-from, #kg-to): only the relations and events those articles state are drawn, with
  their entities. The URL fragment keeps the view (#article=ID, #from=YYYY-MM-DD&to=...,
  &unconnected=1), and opening the page with one restores it;
- a timeline under the graph (#kg-timeline) lists the events drawn by day: the event's
  date, else its article's day of publication (event_day); clicking one selects it;
- with `endpoint`, the legend links "SPARQL endpoint" to it.

vis-network 9.1.2 (the copy pyvis ships) is inlined, and so are the page's own script and
style sheet (page.js and page.css beside this module), so the page fetches nothing.
pyvis's own page builder is not used: it checks for duplicate nodes and edges in
lists (quadratic) and pulls Bootstrap from a CDN.

Article text never becomes markup or code: all the data (nodes, edges, panel facts)
is one JSON blob in a <script type="application/json"> with <, > and & written as
\\u003c, \\u003e and \\u0026, so no string can close the tag; the script parses it
with JSON.parse and puts text in with textContent, tooltips are strings that
vis-network shows with innerText (tests/test_browser.py injects script to prove it).

Pages whose first view has more than BIG_GRAPH nodes are laid out before they are drawn
("Laying out N nodes..." is shown meanwhile) with a capped number of iterations, and
physics is then switched off so the page stays responsive; a view of such a page small
enough lays itself out, and the big one comes back where it was. Hidden nodes and edges
are out of the physics. `max_nodes` caps the nodes drawn,
entities and events together: the best connected entities, each with the events it
completes (an event is drawn only with all its entities). The same graph always
gives the same bytes.
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
from rdflib.term import Node

from ..errors import KGError
from ..vocab import ENTITY_CLASSES, EVENT_CLASSES, KG, RELATIONS
from . import register
from .nodes import (
    EventNode,
    article_nodes,
    date_text,
    describe,
    entity_nodes,
    event_day,
    event_nodes,
    local,
    percent,
    rates,
    to_float,
)

CLASS_COLORS = {  # colour-blind-safe (Okabe-Ito)
    "Person": "#E69F00", "Organization": "#56B4E9", "Country": "#009E73", "Place": "#F0E442",
    "Product": "#CC79A7", "Agreement": "#D55E00",
}
EVENT_COLOR = "#505050"  # events are told apart by shape, not colour
EVENT_SHAPES = {"TariffChange": "diamond", "Meeting": "square", "PhoneCall": "triangle", "Acquisition": "hexagon"}
EVENT_SIZE = 9
BIG_GRAPH = 500  # above this many nodes: lay out off-screen, then physics off


def stabilization_iterations(n_nodes: int) -> int:
    """How many layout iterations vis-network runs before the first drawing: 300 for a small
    graph, fewer as the graph grows, so a 10,000-node page is laid out in seconds, not minutes."""
    if n_nodes <= BIG_GRAPH:
        return 300
    return max(60, min(300, 150_000 // n_nodes))


def best_connected(nodes: dict[URIRef, str], relations: list[tuple[URIRef, str, URIRef]],
                   max_nodes: int | None,
                   events: dict[URIRef, tuple[URIRef, ...]] | None = None) -> tuple[list[URIRef], list[URIRef]]:
    """The entities and the events to draw, each sorted by IRI. `events` maps an event to the
    entities in its roles; an event is drawn only with all of them, and one with none is not drawn.
    Without max_nodes, or when everything fits, all of them. Else entities and events count alike
    against max_nodes: the entities in order of degree (relation edges and event roles, ties broken
    by IRI), each followed by the events it completes (by IRI), cut after max_nodes."""
    events = {ev: ends for ev, ends in (events or {}).items() if ends}
    if max_nodes is None or len(nodes) + len(events) <= max_nodes:
        return sorted(nodes), sorted(events)
    degree: dict[URIRef, int] = defaultdict(int)
    for s, _, o in relations:
        degree[s] += 1
        degree[o] += 1
    waiting: dict[URIRef, set[URIRef]] = {}  # event -> its entities not yet taken
    completes: dict[URIRef, list[URIRef]] = defaultdict(list)  # entity -> the events that wait for it
    for ev, ends in events.items():
        waiting[ev] = set(ends)
        for e in set(ends):
            degree[e] += 1
            completes[e].append(ev)
    entities: list[URIRef] = []
    drawn: list[URIRef] = []
    for e in sorted(nodes, key=lambda n: (-degree[n], str(n))):
        if len(entities) + len(drawn) >= max_nodes:
            break
        entities.append(e)
        for ev in sorted(completes[e], key=str):
            waiting[ev].discard(e)
            if not waiting[ev] and len(entities) + len(drawn) < max_nodes:
                drawn.append(ev)
    return sorted(entities), sorted(drawn)


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
        self.labels = {n: str(graph.value(n, RDFS.label) or local(n)) for n in self.nodes}
        self._articles: dict[object, str] = {}
        # (s, p, o) -> sorted [(sentence, article identifier)] of the statements behind it
        sources: dict[tuple, set[tuple[str, str]]] = defaultdict(set)
        # (s, p, o) -> the learned extractor's best confidence, for facts no rule states
        learned: dict[tuple, float] = {}
        by_rule: set[tuple] = set()
        # (s, p, o) -> the identifiers of the articles its statements were derived from
        from_articles: dict[tuple, set[str]] = defaultdict(set)
        for st in graph.subjects(RDF.type, RDF.Statement):
            triple = tuple(graph.value(st, x) for x in (RDF.subject, RDF.predicate, RDF.object))
            sentence = graph.value(st, KG.sentence)
            article = self.article(graph.value(st, PROV.wasDerivedFrom))
            if article:
                from_articles[triple].add(article)
            if sentence is not None:
                sources[triple].add((str(sentence), article))
            if str(graph.value(st, KG.rule) or "").startswith("model:"):
                confidence = graph.value(st, KG.confidence)
                learned[triple] = max(learned.get(triple, 0.0), to_float(confidence) if confidence is not None else 0.0)
            else:
                by_rule.add(triple)
        self.sources = {k: sorted(v) for k, v in sources.items()}
        self.from_articles = from_articles
        self.learned = {k: v for k, v in learned.items() if k not in by_rule}
        self.relations: list[tuple[URIRef, str, URIRef]] = sorted(
            (s, prop, o) for prop in RELATIONS for s, o in graph.subject_objects(KG[prop])
            if isinstance(s, URIRef) and isinstance(o, URIRef) and s in self.nodes and o in self.nodes)
        every = event_nodes(graph, self.nodes)
        self.quotations = [q for q in every if q.cls == "Quotation"]
        self.events = {ev.iri: ev for ev in every if ev.cls in EVENT_CLASSES}  # drawn as nodes of their own
        self.event_labels = {iri: describe(ev, self.labels) for iri, ev in self.events.items()}

    def article(self, node: Node | None) -> str:
        """The identifier of an article node ("" for none)."""
        if node is None:
            return ""
        if node not in self._articles:
            ident = self.graph.value(node, KG.identifier)
            self._articles[node] = str(ident) if ident is not None else local(node)
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

    def details(self, kept: list[URIRef], source_ids: _Sources, drawn_events: set[URIRef]) -> dict[str, dict]:
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
        for q in self.quotations:
            channel = q.entities("channel")
            for speaker in q.entities("speaker"):
                if str(speaker) in out:
                    out[str(speaker)]["quotes"].append({
                        "text": q.value("text") or "",
                        "channel": self.labels[channel[0]] if channel else "",
                        "src": source_ids.refs([(q.sentence, q.article)])})
        for iri, ev in self.events.items():
            if not ev.roles:
                continue
            base = {"kind": ev.cls, "date": date_text(ev.value("date")), "rates": rates(ev),
                    "id": str(iri) if iri in drawn_events else None, "label": self.event_labels[iri],
                    "src": source_ids.refs([(ev.sentence, ev.article)])}
            for role, e in ev.roles:
                if str(e) in out:
                    others = [{"role": r, "id": str(x), "label": self.labels[x]} for r, x in ev.roles if x != e]
                    out[str(e)]["events"].append({**base, "role": role, "with": others})
        for entry in out.values():
            entry["events"].sort(key=lambda e: (e["src"], e["kind"], e["role"], e["label"]))
            entry["quotes"].sort(key=lambda q: (q["src"], q["text"]))
        return out

    def event_details(self, drawn: list[URIRef], source_ids: _Sources) -> dict[str, dict]:
        """Event IRI -> what its panel shows: its class, one-line description, roles, values, source."""
        out = {}
        for iri in drawn:
            ev = self.events[iri]
            values = [[p, percent(v) if p in ("fromRate", "toRate", "stake") else date_text(v) if p == "date" else v]
                      for p, v in ev.values]
            out[str(iri)] = {"kind": ev.cls, "label": self.event_labels[iri],
                             "roles": [[role, str(e)] for role, e in ev.roles], "values": values,
                             "src": source_ids.refs([(ev.sentence, ev.article)])}
        return out

    def event_tooltip(self, ev: EventNode) -> str:
        lines = [self.event_labels[ev.iri], f"Type: {ev.cls}"]
        for role in dict.fromkeys(r for r, _ in ev.roles):
            lines.append(f"{role}: " + "; ".join(self.labels[e] for e in ev.entities(role)))
        date = ev.value("date")
        if date:
            lines.append(f"Date: {date_text(date)}")
        if ev.sentence:
            lines.append(f"\u201c{ev.sentence}\u201d ({ev.article})")
        return "\n".join(lines)

    def sources_wanted(self, kept: list[URIRef], relations: list[tuple[URIRef, str, URIRef]]) -> list[tuple]:
        """The (s, p, o) keys of the statements the page quotes: relations and job titles."""
        return ([(s, KG[prop], o) for s, prop, o in relations]
                + [(n, KG.jobTitle, t) for n in kept for t in self.graph.objects(n, KG.jobTitle)])


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


def mention_size(mentions: int) -> float:
    """A node's radius from the number of articles that mention it: 10 for one (or none), 15 for
    two, about 27 for ten, 43 for a hundred; it grows with the logarithm, so a country every
    article names does not hide the rest."""
    return round(10 + 5 * math.log2(max(mentions, 1)), 1)


def page_data(graph: Graph, max_nodes: int | None = None) -> dict:
    """What the page shows, as JSON-able data, sorted so the same graph gives the same bytes:

    nodes      the entities drawn (id, label, tooltip, colour, class, size by the articles that
               mention them), sorted by IRI, then the events drawn (the same, with a shape of
               their class), sorted by IRI. An entity also has kgMentions (how many articles
               mention it), kgArticles (those articles, by position in `articles`) and
               kgConnected (whether a relation or an event drawn links it to another node); the
               page hides the unconnected ones until asked
    relations  [subject, property, object, source refs, learned] for every relation with an end
               drawn; the page makes an edge of each with both ends drawn, and lists all in the
               panel. learned is the learned extractor's confidence when no rule states the fact,
               else null
    relationArticles  for each relation, in the same order, the articles its statements came
               from (by position in `articles`), or those that mention both ends when no
               statement says
    roles      [event, role, entity] for every role of every event drawn: an edge each
    labels     labels of the entities named in relations but not drawn (max_nodes)
    sources    [sentence, article identifier] pairs, referred to by position
    articles   [identifier, title, day published (YYYY-MM-DD or "")] of every article, by identifier
    details    entity IRI -> aliases, job titles, dates, quotations, events, articles
    events     event IRI -> class, description, roles, values (rates, stake, date), source refs,
               its article (position, or null)
    timeline   the events drawn in order of their day: [event IRI, YYYY-MM-DD, "event" if that is
               the event's own date, "article" if its article's day of publication, the day as
               a reader writes it]; events with neither come last, with "", "" and ""
    unconnected  how many entities drawn are not connected (the toggle's number)

    With max_nodes, entities and events count alike (see best_connected). The layout options
    (`big`, `options`) count the nodes of the first view: the connected entities and the events.
    """
    if max_nodes is not None and (isinstance(max_nodes, bool) or not isinstance(max_nodes, int)
                                  or max_nodes < 1):
        raise ValueError(f"max_nodes must be a positive whole number, not {max_nodes!r}")
    index = _Index(graph)
    kept, kept_events = best_connected(index.nodes, index.relations, max_nodes,
                                       {iri: tuple(e for _, e in ev.roles) for iri, ev in index.events.items()})
    keep = set(kept)
    relations = [(s, prop, o) for s, prop, o in index.relations if s in keep or o in keep]
    drawn = [(s, prop, o) for s, prop, o in relations if s in keep and o in keep]
    roles = [(iri, role, e) for iri in kept_events for role, e in index.events[iri].roles]
    connected = {e for s, _, o in drawn for e in (s, o)} | {e for _, _, e in roles}
    sources = _Sources({pair for key in index.sources_wanted(kept, relations) for pair in index.sources.get(key, [])}
                       | {(x.sentence, x.article) for x in (*index.quotations, *index.events.values())})
    articles = _Articles(graph)
    mentions = {n: articles.positions(graph.objects(n, KG.mentionedIn)) for n in kept}
    n_first = len(connected & keep) + len(kept_events)  # what the first view lays out
    big = n_first > BIG_GRAPH
    start = initial_positions(kept + kept_events, drawn + roles) if big else {}
    nodes = []
    for n in kept:
        cls = index.nodes[n]
        node = {"id": str(n), "label": index.labels[n], "title": index.tooltip(n, cls), "color": CLASS_COLORS[cls],
                "kgClass": cls, "size": mention_size(len(mentions[n])), "kgMentions": len(mentions[n]),
                "kgArticles": mentions[n], "kgConnected": n in connected}
        if n in start:
            node["x"], node["y"] = start[n]
        nodes.append(node)
    for iri in kept_events:
        ev = index.events[iri]
        node = {"id": str(iri), "label": index.event_labels[iri], "title": index.event_tooltip(ev),
                "color": EVENT_COLOR, "kgClass": ev.cls, "shape": EVENT_SHAPES[ev.cls], "size": EVENT_SIZE,
                "font": {"size": 11, "background": "rgba(255,255,255,0.8)"}, "kgEvent": True}
        if iri in start:
            node["x"], node["y"] = start[iri]
        nodes.append(node)
    counts = {c: 0 for c in (*ENTITY_CLASSES, *EVENT_CLASSES)}
    for n in kept:
        counts[index.nodes[n]] += 1
    for iri in kept_events:
        counts[index.events[iri].cls] += 1

    def relation_articles(s: URIRef, prop: str, o: URIRef) -> list[int]:
        said = articles.by_identifier(index.from_articles.get((s, KG[prop], o), ()))
        if said:
            return said
        both = set(graph.objects(s, KG.mentionedIn)) & set(graph.objects(o, KG.mentionedIn))
        return articles.positions(both)

    events = index.event_details(kept_events, sources)
    for iri in kept_events:
        found = articles.by_identifier([index.events[iri].article])  # one position at most
        events[str(iri)]["article"] = found[0] if found else None
    return {
        "nodes": nodes,
        "relations": [[str(s), prop, str(o), sources.refs(index.sources.get((s, KG[prop], o), [])),
                       index.learned.get((s, KG[prop], o))] for s, prop, o in relations],
        "relationArticles": [relation_articles(s, prop, o) for s, prop, o in relations],
        "roles": [[str(iri), role, str(e)] for iri, role, e in roles],
        "labels": {str(e): index.labels[e] for s, _, o in relations for e in (s, o) if e not in keep},
        "sources": sources.table,
        "articles": articles.table,
        "details": index.details(kept, sources, set(kept_events)),
        "events": events,
        "timeline": _timeline(index, kept_events, articles),
        "counts": counts, "total": len(index.nodes), "edgeCount": len(drawn),
        "eventTotal": sum(1 for ev in index.events.values() if ev.roles),
        "unconnected": len(keep - connected),
        "classes": [*ENTITY_CLASSES, *EVENT_CLASSES],
        "big": big, "bigGraph": BIG_GRAPH, "options": _options(n_first),
    }


class _Articles:
    """The page's table of articles, [identifier, title, day], sorted by identifier; an article is
    referred to by its position."""

    def __init__(self, graph: Graph) -> None:
        self.nodes = article_nodes(graph)
        rows = {a.identifier: [a.identifier, a.title, a.day] for a in sorted(self.nodes.values(), key=repr)}
        self.table = [rows[k] for k in sorted(rows)]
        self.position = {row[0]: i for i, row in enumerate(self.table)}

    def positions(self, nodes) -> list[int]:
        """The positions of article nodes, sorted."""
        return sorted({self.position[self.nodes[a].identifier] for a in nodes if a in self.nodes})

    def by_identifier(self, identifiers) -> list[int]:
        return sorted({self.position[i] for i in identifiers if i in self.position})

    def day(self, identifier: str) -> str:
        return self.table[self.position[identifier]][2] if identifier in self.position else ""


def _timeline(index: _Index, kept_events: list[URIRef], articles: _Articles) -> list[list[str]]:
    """The events drawn, in order of their day (event_day), then of their description and IRI;
    those without a day last."""
    rows = []
    for iri in kept_events:
        ev = index.events[iri]
        when, origin = event_day(ev, articles.day(ev.article))
        rows.append([str(iri), when, origin, date_text(when)])
    return sorted(rows, key=lambda r: (r[1] == "", r[1], index.event_labels[URIRef(r[0])], r[0]))


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


def _legend(data: dict, endpoint: str | None) -> str:
    counts, n_edges, total, event_total = data["counts"], data["edgeCount"], data["total"], data["eventTotal"]

    def item(c: str, swatch: str) -> str:
        return (f'<li><label><input type="checkbox" id="kg-filter-{c}" data-kg-class="{c}" checked> '
                f"{swatch}{html.escape(c)} ({counts.get(c, 0):,})</label></li>")

    items = "".join(item(c, f'<span class="kg-swatch" style="background:{CLASS_COLORS[c]}"></span>')
                    for c in ENTITY_CLASSES)
    event_items = "".join(item(c, f'<span class="kg-swatch kg-shape-{EVENT_SHAPES[c]}" '
                                  f'style="background:{EVENT_COLOR}"></span>') for c in EVENT_CLASSES)
    shown = sum(counts[c] for c in ENTITY_CLASSES)
    events = sum(counts[c] for c in EVENT_CLASSES)
    if shown < total or events < event_total:
        summary = (f'<span id="kg-showing">showing {shown:,} of {total:,} entities (the best connected)'
                   f" and {events:,} of {event_total:,} events</span>, {n_edges:,} relations.")
    else:
        summary = f"{shown:,} entities, {events:,} events, {n_edges:,} relations."
    days = sorted(a[2] for a in data["articles"] if a[2])
    limits = f' min="{html.escape(days[0])}" max="{html.escape(days[-1])}"' if days else " disabled"
    unconnected = data["unconnected"]
    link = (f'<a id="kg-endpoint" href="{html.escape(endpoint, quote=True)}">SPARQL endpoint</a>'
            if endpoint is not None else "")
    return (
        '<div id="kg-legend" role="complementary" aria-label="Legend"><strong>kg graph</strong>'
        '<form id="kg-search-form" role="search" autocomplete="off">'
        '<input id="kg-search" type="search" list="kg-names" placeholder="Find a name or alias"'
        ' aria-label="Find an entity by name or alias">'
        '<button id="kg-search-button" type="submit">Find</button></form>'
        '<datalist id="kg-names"></datalist>'
        '<div id="kg-search-status" aria-live="polite"></div>'
        '<details id="kg-top-box" open><summary>Most mentioned</summary><ol id="kg-top"></ol></details>'
        '<fieldset id="kg-view"><legend>Articles</legend>'
        '<select id="kg-article" aria-label="Show one article"><option value="">All articles</option></select>'
        f'<div class="kg-days"><label>from <input type="date" id="kg-from"{limits}></label> '
        f'<label>to <input type="date" id="kg-to"{limits}></label></div>'
        '<label class="kg-toggle"><input type="checkbox" id="kg-unconnected"> '
        f'<span id="kg-unconnected-text">Show {unconnected:,} unconnected '
        f'{"entity" if unconnected == 1 else "entities"}</span></label>'
        '<div id="kg-view-status" aria-live="polite"></div></fieldset>'
        f'<ul>{items}</ul><div class="kg-legend-head">Events</div><ul id="kg-event-classes">{event_items}</ul>'
        f"<small>{summary} Hover a node or edge for its sources; click a node for its facts; double-click it"
        f" to add its hidden neighbours.</small>{link}</div>")


def _check_endpoint(endpoint: str | None) -> None:
    """An endpoint is an http(s) URL or a path on the page's own server: no javascript: link."""
    if endpoint is None:
        return
    if not isinstance(endpoint, str) or not endpoint.strip():
        raise KGError(f"endpoint {endpoint!r}: give the URL of a SPARQL endpoint, such as http://localhost:8000/sparql")
    scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]*):", endpoint)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        raise KGError(f"endpoint {endpoint!r}: not an http or https URL")


def render(graph: Graph, max_nodes: int | None = None, endpoint: str | None = None) -> str:
    """The page, as a string; with endpoint (an http(s) URL), a link to that SPARQL endpoint."""
    _check_endpoint(endpoint)
    data = page_data(graph, max_nodes)
    js, css = _vis_assets()
    page_js, page_css = _page_assets()
    n = sum(1 for node in data["nodes"] if node.get("kgEvent") or node["kgConnected"])
    layout_text = f"Laying out {n:,} nodes…"
    loading = (f'<div id="kg-loading" role="status" data-text="{html.escape(layout_text)}"'
               f'{"" if data["big"] else " hidden"}>{html.escape(layout_text)}</div>')
    timeline = ('<div id="kg-timeline" role="region" aria-label="Timeline of the events">'
                '<ol id="kg-timeline-list"></ol></div>' if data["timeline"] else "")
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
        '<body class="kg-with-timeline">' if data["timeline"] else "<body>",
        _legend(data, endpoint),
        '<div id="mynetwork"></div>',
        timeline,
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
def write_html(graph: Graph, path: Path, max_nodes: int | None = None, endpoint: str | None = None) -> None:
    """Write the page; with max_nodes, only that many of the best-connected entities; with endpoint,
    a link to that SPARQL endpoint."""
    path.write_text(render(graph, max_nodes, endpoint), encoding="utf-8")
