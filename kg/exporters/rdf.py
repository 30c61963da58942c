"""RDF serializations of the graph: Turtle (written by pyoxigraph), N-Triples, TriG, N-Quads, JSON-LD.

TriG and N-Quads hold one named graph per article (see kg.dataset), with the entities,
articles and the ontology in the default graph. N-Triples, N-Quads and Turtle are written
from the statements as a build makes them (kg.ntriples), never holding an rdflib graph in
memory: sorted, each line once; Turtle is those N-Triples lines rewritten by pyoxigraph.
JSON-LD is compacted with a small @context that names kg's terms without prefixes.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rdflib import Graph
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from ..dataset import to_dataset
from ..ntriples import Spool, row, write_sorted
from ..vocab import KG
from . import register

if TYPE_CHECKING:
    from ..graph import Quad


@register("turtle", (".ttl", ".turtle"), "Turtle, with prefixes; written as the graph is made", streams=True)
def write_turtle(quads: Callable[[], Iterable[Quad]], path: Path,
                 namespaces: Iterable[tuple[str, str]] = ()) -> int:
    """Turtle of the statements quads() gives, with the used ones of `namespaces` (the
    graph's (prefix, IRI) bindings) as prefixes; the number of triples written. It holds
    their N-Triples text in memory (pyoxigraph rewrites it whole), not an rdflib graph."""
    with Spool(folder=str(path.parent)) as spool:
        spool.extend(row(s, p, o) for s, p, o, _ in quads())
        nt = b"".join(spool)
    path.write_bytes(_turtle(nt, namespaces))
    return nt.count(b"\n")  # one a line: N-Triples escapes a line break in a literal


def turtle(graph: Graph) -> bytes:
    """The graph as Turtle (what write_turtle writes of its triples and namespaces)."""
    return _turtle(b"".join(sorted({row(s, p, o) for s, p, o in graph})), graph.namespaces())


def _turtle(nt: bytes, namespaces: Iterable[tuple[str, str]]) -> bytes:
    """Sorted, unique N-Triples lines as Turtle, written by pyoxigraph (about ten times faster
    than rdflib's writer): the triples in that order (so the same graph gives the same
    bytes), one block per subject with a blank line between blocks, and the prefixes of
    `namespaces` that are used, sorted."""
    import pyoxigraph

    prefixes = {p: str(ns) for p, ns in namespaces if p and b"<" + str(ns).encode("utf-8") in nt}
    triples = pyoxigraph.parse(nt, format=pyoxigraph.RdfFormat.N_TRIPLES)
    # with no output, serialize returns the bytes (its stub says bytes | None for both cases)
    turtle = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes)
    text = cast(bytes, turtle).decode("utf-8")
    lines = text.rstrip("\n").split("\n")  # not splitlines(): U+2028 in a literal is no line break
    head = sorted(line for line in lines if line.startswith("@prefix "))
    body = [line for line in lines if not line.startswith("@prefix ")]
    out = head[:]
    for line in body:  # a line at the margin starts a subject's block
        if line and not line[0].isspace():
            out.append("")
        out.append(line)
    return ("\n".join(out) + "\n").encode("utf-8")


@register("nt", (".nt", ".ntriples"), "N-Triples, one triple a line, sorted; written as the graph is made",
          streams=True)
def write_nt(quads: Callable[[], Iterable[Quad]], path: Path) -> int:
    return write_sorted((row(s, p, o) for s, p, o, _ in quads()), path)


def _ontology() -> Graph:
    from ..validate import ontology

    return ontology()


@register("trig", (".trig",), "TriG: a named graph per article, entities and ontology in the default graph",
          datasets=True)
def write_trig(graph: Graph, path: Path) -> None:
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
    from rdflib.plugins.serializers.trig import TrigSerializer

    class SortedTrig(TrigSerializer):
        """rdflib's TriG with the graphs in a fixed order (the default graph first, then by
        name), not in its store's hash order, so the same graph gives the same bytes."""

        def __init__(self, store) -> None:
            super().__init__(store)
            self.contexts.sort(key=lambda g: (g.identifier != DATASET_DEFAULT_GRAPH_ID, str(g.identifier)))

    with path.open("wb") as f:
        SortedTrig(to_dataset(graph, _ontology())).serialize(f, encoding="utf-8")


@register("nquads", (".nq", ".nquads"),
          "N-Quads: a named graph per article, entities and ontology in the default graph; "
          "written as the graph is made",
          streams=True, datasets=True)
def write_nquads(quads: Callable[[], Iterable[Quad]], path: Path) -> int:
    def lines() -> Iterator[bytes]:
        for s, p, o, g in quads():
            yield row(s, p, o, g)
        for triple in _ontology():
            yield row(*triple)
    return write_sorted(lines(), path)


def context() -> dict:
    """The compact @context: kg's terms by their local names, and the prefixes used."""
    ctx: dict = {"kg": str(KG._NS), "rdfs": str(RDFS), "skos": str(SKOS), "prov": str(PROV), "xsd": str(XSD),
                 "rdf": str(RDF), "label": "rdfs:label", "altLabel": "skos:altLabel",
                 "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", "@type": "@id"}}
    for name in KG.__annotations__:
        if name[0].islower():
            ctx.setdefault(name, f"kg:{name}")
    return ctx


def _ordered(node, key: str = ""):
    """JSON-LD with every array sorted, whatever order the triples came in: its arrays are
    sets, except a @list and the @context (whose order means something)."""
    if isinstance(node, dict):
        return {k: (v if k == "@context" else _ordered(v, k)) for k, v in node.items()}
    if isinstance(node, list):
        items = [_ordered(v) for v in node]
        return items if key == "@list" else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return node


@register("json-ld", (".jsonld", ".json"), "JSON-LD, compacted with kg's @context")
def write_jsonld(graph: Graph, path: Path) -> None:
    text = graph.serialize(format="json-ld", context=context(), auto_compact=True, sort_keys=True, indent=1)
    data = _ordered(json.loads(text))
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
