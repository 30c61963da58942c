"""Big outputs stream: N-Triples, N-Quads and the Oxigraph store are written from the build's
statements one at a time, sorted and unique in bounded memory, with the same bytes and the
same triples as the in-memory graph."""
import random

import pyoxigraph
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
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
