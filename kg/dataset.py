"""A built graph as a dataset: one named graph per article, the rest in the default graph.

Each article's named graph (`<base>graph/<id>`) holds the facts read from that article
and their provenance: the reified statements derived from it with the triples they
state, and its event and quotation nodes. Entities (types, labels, mentionedIn),
articles and the ontology go in the default graph. Works from the graph alone, so a
Turtle file can be turned into TriG or N-Quads later.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeGuard

from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import PROV
from rdflib.term import Node

QUAD_FORMATS = ("trig", "nquads", "json-ld")  # rdflib formats that can carry named graphs


class Quads(Dataset):
    """A Dataset read from a file: SPARQL sees the union of its graphs, and its named graphs
    are kept when it is written back. (rdflib's INSERT DATA and DELETE DATA into the default
    graph of a Dataset fail on triples; here they go to the default graph.)"""

    def __init__(self) -> None:
        super().__init__(default_union=True)

    def __iadd__(self, other: Iterable[tuple]) -> Quads:
        for t in other:
            self.default_graph.add(t) if len(t) == 3 else self.add(t)
        return self

    def __isub__(self, other: Iterable[tuple]) -> Quads:
        for t in other:
            self.default_graph.remove(t) if len(t) == 3 else self.remove(t)
        return self


def named(graph: Graph) -> TypeGuard[Dataset]:
    """Whether graph is a dataset with named graphs (to be kept, not just its default graph).
    A dataset of the default graph only (JSON-LD or Turtle read as one) is a plain graph,
    partitioned into article graphs like any other."""
    return isinstance(graph, Dataset) and any(g is not None for _, _, _, g in own_quads(graph))


def union(graph: Graph) -> Graph:
    """A plain Graph of every triple of graph, whichever of its graphs holds it."""
    if not isinstance(graph, Dataset):
        return graph
    g = Graph()
    for prefix, ns in graph.namespaces():
        g.bind(prefix, ns, override=True)
    for s, p, o, _ in graph.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def own_quads(ds: Dataset) -> Iterator[tuple]:
    """A dataset's statements as they are: (s, p, o, graph IRI), graph None for the default graph."""
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        yield s, p, o, (None if name in (None, DATASET_DEFAULT_GRAPH_ID) else name)


def article_graph_iri(article: Node) -> URIRef:
    """<base>article/ID -> <base>graph/ID (the ID is percent-encoded, so holds no '/')."""
    head, sep, ident = str(article).rpartition("article/")
    return URIRef(f"{head}graph/{ident}") if sep else URIRef(f"{article}#graph")


def partition(graph: Graph) -> dict[URIRef | None, set[tuple]]:
    """Triples by graph: article graph IRI -> its triples; None -> the default graph."""
    parts: dict[URIRef | None, set[tuple]] = {None: set()}
    placed: set[tuple] = set()
    for node, article in graph.subject_objects(PROV.wasDerivedFrom):
        name = article_graph_iri(article)
        part = parts.setdefault(name, set())
        own: set[tuple] = set(graph.triples((node, None, None)))
        if (node, RDF.type, RDF.Statement) in graph:
            stated = tuple(graph.value(node, p) for p in (RDF.subject, RDF.predicate, RDF.object))
            own.add(stated)
        part |= own
        placed |= own
    parts[None] = {t for t in graph if t not in placed}
    return parts


def quads_of(graph: Graph) -> Iterator[tuple]:
    """The graph's triples with their graph (see partition), as kg.graph.quads gives them."""
    for name, triples in partition(graph).items():
        for s, p, o in triples:
            yield s, p, o, name


def statements(source) -> Callable[[], Iterator[tuple]]:
    """A function giving the statements of source one at a time: a build's own (its quads),
    or an rdflib Dataset's as they are, or an rdflib Graph's, partitioned."""
    if named(source):
        return lambda: own_quads(source)
    if isinstance(source, Graph):
        return lambda: quads_of(union(source))
    return source.quads


def to_dataset(graph: Graph, ontology: Graph | None = None) -> Dataset:
    """graph partitioned into a named graph per article (a dataset read from a file keeps its
    own graphs), the ontology added to the default graph; sorted, so it serializes the same."""
    ds = Dataset()
    for prefix, ns in graph.namespaces():
        ds.bind(prefix, ns)
    if named(graph):
        parts: dict = {}
        for s, p, o, g in own_quads(graph):
            parts.setdefault(g, set()).add((s, p, o))
        parts.setdefault(None, set())
    else:
        parts = partition(union(graph))
    default = ds.default_graph
    for t in sorted(parts.pop(None)):
        default.add(t)
    if ontology is not None:
        for t in ontology:
            default.add(t)
    for name in sorted(parts):
        g = ds.graph(name)
        for t in sorted(parts[name]):
            g.add(t)
    return ds


