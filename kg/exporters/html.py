"""The interactive HTML graph (pyvis / vis-network), self-contained and offline.

One node per entity, coloured by class and labelled by its canonical name; one
edge per relation, labelled by its property. A node's tooltip gives its type,
aliases, job titles and the articles that mention it; an edge's tooltip gives the
source sentence of each statement behind it. vis-network is inlined; pyvis's
Bootstrap links to a CDN are removed, so the page fetches nothing. Tooltips are
plain text (vis-network 9 puts strings in with innerText), and pyvis writes the
data as JSON with <, > and & escaped, so article text cannot become markup
(tests/test_browser.py injects script to prove it).
"""
from __future__ import annotations

import html
import re
from collections import defaultdict
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
             "location", "locatedIn", "basedIn", "owns", "restricts", "livesIn", "killed")


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


def _evidence(graph: Graph) -> dict[tuple, list[str]]:
    """(s, p, o) -> "sentence (article)" lines of the statements behind it."""
    out: dict[tuple, list[str]] = defaultdict(list)
    for st in graph.subjects(RDF.type, RDF.Statement):
        triple = tuple(graph.value(st, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        sentence = graph.value(st, KG.sentence)
        article = graph.value(graph.value(st, PROV.wasDerivedFrom), KG.identifier)
        if sentence is not None:
            out[triple].append(f"“{sentence}” ({article})")
    return {k: sorted(set(v)) for k, v in out.items()}


def _tooltip(graph: Graph, node: URIRef, cls: str) -> str:
    lines = [str(graph.value(node, RDFS.label)), f"Type: {cls}"]
    aliases = sorted(str(a) for a in graph.objects(node, SKOS.altLabel))
    if aliases:
        lines.append("Also: " + "; ".join(aliases))
    titles = sorted({str(t) for t in graph.objects(node, KG.jobTitle)})
    if titles:
        lines.append("Job title: " + "; ".join(titles))
    date = graph.value(node, KG.date)
    if date is not None:
        lines.append(f"Date: {date}")
    articles = sorted(str(graph.value(a, KG.title) or graph.value(a, KG.identifier))
                      for a in graph.objects(node, KG.mentionedIn))
    if articles:
        lines.append("Mentioned in: " + "; ".join(articles))
    return "\n".join(lines)


def _legend(counts: dict[str, int], n_edges: int) -> str:
    items = "".join(
        f'<li><span class="kg-swatch" style="background:{CLASS_COLORS[c]}"></span>'
        f"{html.escape(c)} ({counts.get(c, 0)})</li>" for c in ENTITY_CLASSES)
    return (f'<div id="kg-legend" role="complementary" aria-label="Legend"><strong>kg graph</strong>'
            f"<ul>{items}</ul><small>{sum(counts.values())} entities, {n_edges} relations. "
            "Hover a node or edge for its sources.</small></div>")


LEGEND_CSS = """<style>
#kg-legend{position:fixed;top:12px;left:12px;z-index:20;background:rgba(255,255,255,.92);
 border:1px solid #ccc;border-radius:6px;padding:8px 12px;font:13px/1.4 system-ui,sans-serif}
#kg-legend ul{list-style:none;margin:6px 0;padding:0}
.kg-swatch{display:inline-block;width:12px;height:12px;border-radius:50%;margin-right:6px;vertical-align:middle}
div.vis-tooltip{white-space:pre-wrap;max-width:480px;font:13px/1.4 system-ui,sans-serif}
body{margin:0} #mynetwork{border:none !important}
</style>"""


def render(graph: Graph) -> str:
    """The page, as a string."""
    from pyvis.network import Network

    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line")
    nodes = entity_nodes(graph)
    counts: dict[str, int] = defaultdict(int)
    for node in sorted(nodes):
        cls = nodes[node]
        counts[cls] += 1
        net.add_node(str(node), label=str(graph.value(node, RDFS.label) or _local(node)),
                     title=_tooltip(graph, node, cls), color=CLASS_COLORS[cls], kgClass=cls, shape="dot",
                     size=12 + min(len(set(graph.objects(node, KG.mentionedIn))), 8) * 2)
    evidence = _evidence(graph)
    n_edges = 0
    for prop in RELATIONS:
        for s, o in sorted(graph.subject_objects(KG[prop])):
            if s in nodes and o in nodes:
                lines = evidence.get((s, KG[prop], o), [])
                net.add_edge(str(s), str(o), label=prop, title=f"{prop}\n" + "\n".join(lines),
                             arrows="to", color="#777777")
                n_edges += 1
    net.set_options('{"physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 300}},'
                    ' "edges": {"font": {"size": 10, "align": "middle"}, "smooth": {"type": "continuous"}},'
                    ' "interaction": {"hover": true, "tooltipDelay": 150}}')
    page = net.generate_html()
    # Offline: drop pyvis's Bootstrap links to a CDN, and its empty heading.
    page = re.sub(r"\s*<link\s+href=\"https?://[^>]*>", "", page)
    page = re.sub(r"\s*<script\s+src=\"https?://[^>]*>\s*</script>", "", page)
    page = re.sub(r"<!--\s*<link.*?-->", "", page, flags=re.S)
    page = re.sub(r"\s*<center>\s*<h1>\s*</h1>\s*</center>", "", page)
    page = page.replace("<head>", '<head>\n<meta charset="utf-8">\n<title>kg graph</title>', 1)
    page = page.replace("</head>", LEGEND_CSS + "\n</head>", 1)
    page = page.replace("<body>", "<body>\n" + _legend(counts, n_edges), 1)
    return page


@register("html", (".html", ".htm"), "interactive graph (pyvis), self-contained and offline")
def write_html(graph: Graph, path: Path) -> None:
    path.write_text(render(graph), encoding="utf-8")
