"""Big outputs stream: N-Triples, N-Quads, Turtle and the Oxigraph store are written from the
build's statements one at a time, sorted and unique in bounded memory, with the same bytes and
the same triples as the in-memory graph."""
import random

import pyoxigraph
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from rdflib.plugins.serializers.nt import _nt_row

from kg.cli import main
from kg.dataset import quads_of, to_dataset
from kg.exporters import export
from kg.ntriples import Spool, row, write_sorted
from kg.validate import ontology

from .conftest import SEEDS

S, P = URIRef("https://kg.test/s"), URIRef("https://kg.test/p")


@pytest.mark.parametrize("obj", [
    Literal('He said "no"\nthen left\r\\ back'), Literal("déjà vu — 北京"), Literal("x", lang="en"),
    Literal("30.0", datatype=XSD.decimal), Literal(7), URIRef("https://kg.test/o%20x")])
def test_a_row_is_what_rdflibs_ntriples_writer_writes(obj):
    assert row(S, P, obj) == _nt_row((S, P, obj)).encode("utf-8")


def test_a_quad_row_names_its_graph_and_parses():
    line = row(S, P, Literal("a"), URIRef("https://kg.test/g"))
    [quad] = pyoxigraph.parse(line, format=pyoxigraph.RdfFormat.N_QUADS)
    assert quad.graph_name.value == "https://kg.test/g" and quad.object.value == "a"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abcé\"\\ ", max_size=6), max_size=80), st.integers(1, 9))
def test_spool_spills_and_merges_to_sorted_unique_lines(texts, chunk):
    lines = [row(S, P, Literal(t)) for t in texts]
    with Spool(chunk=chunk) as spool:
        spool.extend(lines)
        assert list(spool) == sorted(set(lines))
        assert len(spool.runs) >= (len(set(lines)) > chunk)  # it did spill when over the chunk


def test_write_sorted_is_the_same_bytes_in_any_order_and_chunk(tmp_path):
    lines = [row(S, P, Literal(i)) for i in range(500)] * 2
    write_sorted(lines, tmp_path / "a.nt", chunk=1000)
    random.Random(4).shuffle(lines)
    assert write_sorted(lines, tmp_path / "b.nt", chunk=37) == 500
    assert (tmp_path / "a.nt").read_bytes() == (tmp_path / "b.nt").read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name not in ("a.nt", "b.nt")]  # spills are gone


@pytest.mark.model
def test_a_build_streams_to_ntriples_without_an_rdflib_graph(tmp_path):
    from kg.pipeline import build

    built = build([str(SEEDS)])
    count = export(built, tmp_path / "g.nt")
    export(built, tmp_path / "g.nq")
    assert "graph" not in vars(built)  # no in-memory graph was made
    rows = sorted({line.encode() for line in built.graph.serialize(format="nt").splitlines(keepends=True)
                   if line.strip()})
    assert (tmp_path / "g.nt").read_bytes() == b"".join(rows) and count == len(built.graph)


@pytest.mark.model
def test_streamed_ntriples_and_nquads_equal_the_graphs(seed_build, tmp_path):
    export(seed_build, tmp_path / "streamed.nt")
    export(seed_build.graph, tmp_path / "from-graph.nt")  # kg export's path: the graph, partitioned
    assert (tmp_path / "streamed.nt").read_bytes() == (tmp_path / "from-graph.nt").read_bytes()
    assert set(Graph().parse(tmp_path / "streamed.nt")) == set(seed_build.graph)

    export(seed_build, tmp_path / "streamed.nq")
    export(seed_build.graph, tmp_path / "from-graph.nq")
    assert (tmp_path / "streamed.nq").read_bytes() == (tmp_path / "from-graph.nq").read_bytes()
    parsed = Dataset()
    parsed.parse(tmp_path / "streamed.nq", format="nquads")
    wanted = to_dataset(seed_build.graph, ontology())
    assert set(parsed.quads()) == set(wanted.quads())
    assert set(seed_build.quads()) == set(quads_of(seed_build.graph))


@pytest.mark.model
def test_store_is_bulk_loaded_and_a_rebuilt_article_replaces_its_graph(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    article = corpus / "a.txt"
    article.write_text("Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Monday.\n")
    runner = CliRunner()
    done = runner.invoke(main, ["build", str(corpus), "--store", str(tmp_path / "store")], catch_exceptions=False)
    assert done.exit_code == 0 and "triples ->" not in done.output  # no rdflib graph was made to count
    article.write_text("Chancellor Olaf Scholz met Prime Minister Keir Starmer in London on Monday.\n")
    assert runner.invoke(main, ["build", str(corpus), "--store", str(tmp_path / "store")]).exit_code == 0
    store = pyoxigraph.Store.read_only(str(tmp_path / "store"))
    q = ("SELECT ?name WHERE { GRAPH ?g { ?m a <https://example.org/kg/ontology#Meeting> ; "
         "<https://example.org/kg/ontology#participant> ?p } ?p <http://www.w3.org/2000/01/rdf-schema#label> ?name }")
    met = {s["name"].value for s in store.query(q)}
    assert met == {"Olaf Scholz", "Keir Starmer"}  # Macron's meeting went with the old graph
    assert not list(tmp_path.glob(".store-*"))  # the load file is gone


# --- Turtle streams too (issue 14): the bytes kg wrote when it serialized an rdflib graph ---------

def _turtle_as_it_was(graph: Graph) -> bytes:
    """The Turtle writer before it streamed: rdflib's N-Triples of the graph, sorted and
    unique, rewritten by pyoxigraph with the graph's used prefixes, then laid out."""
    lines = sorted(set(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()) - {""})
    nt = "\n".join(lines) + "\n"
    prefixes = {p: str(ns) for p, ns in graph.namespaces() if p and f"<{ns}" in nt}
    triples = pyoxigraph.parse(nt, format=pyoxigraph.RdfFormat.N_TRIPLES)
    text = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")
    out = sorted(line for line in text.splitlines() if line.startswith("@prefix "))
    for line in text.splitlines():
        if not line.startswith("@prefix "):
            out += [""] * bool(line and not line[0].isspace()) + [line]
    return ("\n".join(out) + "\n").encode("utf-8")


def _statements(base: str = "https://news.test/kg/") -> list[tuple]:
    """A build's kind of statements, with the literals N-Triples must escape, a language tag,
    datatypes, a blank node and a repeat; each with its article graph or None."""
    from rdflib import RDF, RDFS, BNode
    from rdflib.namespace import PROV, SKOS

    from kg.vocab import KG

    article, graph = URIRef(f"{base}article/a%201"), URIRef(f"{base}graph/a%201")
    person, org = URIRef(f"{base}person/jane_doe"), URIRef(f"{base}organization/acme")
    st = URIRef(f"{base}statement/s1")
    out = [(article, RDF.type, KG.Article, None), (article, KG.title, Literal('He said "no"\nthen\r\\left'), None),
           (article, KG.datePublished, Literal("1987-03-02", datatype=XSD.date), None),
           (person, RDF.type, KG.Person, None), (person, RDFS.label, Literal("Jane Doe"), None),
           (person, SKOS.altLabel, Literal("déjà vu — 北京 \t tab"), None),
           (person, SKOS.altLabel, Literal("Jeanne", lang="fr"), None), (person, KG.mentionedIn, article, None),
           (org, RDF.type, KG.Organization, None), (org, RDFS.label, Literal("Acme"), None),
           (person, KG.worksFor, org, graph), (st, RDF.type, RDF.Statement, graph), (st, RDF.subject, person, graph),
           (st, RDF.predicate, KG.worksFor, graph), (st, RDF.object, org, graph),
           (st, PROV.wasDerivedFrom, article, graph), (st, KG.confidence, Literal("0.9", datatype=XSD.decimal), graph),
           (st, KG.startChar, Literal(7), graph), (BNode("b0"), RDFS.label, Literal("a blank node"), None)]
    return out + out[:3]


def test_streamed_turtle_is_the_bytes_of_the_rdflib_graph_written_as_before(tmp_path):
    """A build, the graph it makes, and that graph read back from TriG (a dataset of named
    graphs) give the Turtle bytes of the old writer, with the build's prefixes: declared
    only where used, each declared one used."""
    from kg.dataset import union
    from kg.graph import to_graph
    from kg.pipeline import Build

    base = "https://news.test/kg/"
    built = Build(articles=[], entities=[], quads=lambda: iter(_statements(base)), base=base)
    graph = to_graph(_statements(base), base)
    assert export(built, tmp_path / "built.ttl") == len(graph) == len(_statements(base)) - 3
    assert "graph" not in vars(built)  # no rdflib graph was made
    want = _turtle_as_it_was(graph)
    assert (tmp_path / "built.ttl").read_bytes() == want
    export(graph, tmp_path / "graph.ttl")
    assert (tmp_path / "graph.ttl").read_bytes() == want
    export(graph, tmp_path / "g.trig")
    dataset = Dataset()
    dataset.parse(tmp_path / "g.trig", format="trig")
    export(dataset, tmp_path / "dataset.ttl")  # its own prefixes, a new blank node: its own bytes
    assert (tmp_path / "dataset.ttl").read_bytes() == _turtle_as_it_was(union(dataset))

    text = want.decode("utf-8")
    declared = {line.split()[1][:-1] for line in text.splitlines() if line.startswith("@prefix ")}
    body = "\n".join(line for line in text.splitlines() if not line.startswith("@prefix "))
    assert declared == {"article", "kg", "organization", "person", "rdf", "rdfs", "skos", "stmt", "xsd", "prov"}
    assert all(f"{prefix}:" in body for prefix in declared)
    assert "<https://news.test/kg/person/" not in body  # a bound namespace used is always abbreviated
    assert isomorphic(Graph().parse(data=text, format="turtle"), graph)


def test_streamed_turtle_keeps_a_graphs_own_prefixes_and_the_same_bytes_in_any_order(tmp_path):
    from kg.graph import to_graph

    graph = Graph(bind_namespaces="none")
    graph.bind("news", "https://news.test/kg/")
    graph.bind("unused", "https://nowhere.test/")
    triples = [t[:3] for t in _statements()]
    for t in triples:
        graph.add(t)
    export(graph, tmp_path / "a.ttl")
    text = (tmp_path / "a.ttl").read_text(encoding="utf-8")
    assert text == _turtle_as_it_was(graph).decode("utf-8")
    assert [line for line in text.splitlines() if line.startswith("@prefix ")] == [
        "@prefix news: <https://news.test/kg/> ."]  # kg's own prefixes were not bound here
    built = to_graph(reversed(_statements()))
    export(built, tmp_path / "b.ttl")
    export(to_graph(_statements()), tmp_path / "c.ttl")
    assert (tmp_path / "b.ttl").read_bytes() == (tmp_path / "c.ttl").read_bytes()


@pytest.mark.model
def test_a_build_streams_to_turtle_that_reads_back_as_its_ntriples(seed_build, tmp_path):
    from dataclasses import replace

    built = replace(seed_build)  # the same statements, no graph made yet
    count = export(built, tmp_path / "g.ttl")
    export(built, tmp_path / "g.nt")
    assert "graph" not in vars(built)
    assert count == len(seed_build.graph)
    assert (tmp_path / "g.ttl").read_bytes() == _turtle_as_it_was(seed_build.graph)
    assert isomorphic(Graph().parse(tmp_path / "g.ttl", format="turtle"), Graph().parse(tmp_path / "g.nt"))
    export(replace(seed_build), tmp_path / "again.ttl")
    assert (tmp_path / "again.ttl").read_bytes() == (tmp_path / "g.ttl").read_bytes()


def test_turtle_of_a_literal_with_a_unicode_line_separator_reads_back(tmp_path):
    """U+2028, U+2029 and U+0085 in a literal are characters, not line breaks: the layout keeps
    them inside their string, and the Turtle parses back to the same graph."""
    from kg.graph import to_graph

    odd = "one\u2028two\u2029three\u0085four"
    statements = [*_statements()[:5], (URIRef("https://news.test/kg/person/jane_doe"),
                                       URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal(odd), None)]
    export(to_graph(statements), tmp_path / "odd.ttl")
    back = Graph().parse(tmp_path / "odd.ttl", format="turtle")
    assert odd in {str(o) for o in back.objects()}
    assert isomorphic(back, to_graph(statements))
