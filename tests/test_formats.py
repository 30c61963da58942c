"""Every export format round-trips: independent parsers (Raptor's rapper, pyoxigraph,
networkx) read each output back with the same number of triples, quads, nodes or edges."""
import csv
import json
import shutil
import subprocess

import networkx as nx
import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main
from kg.dataset import partition
from kg.exporters import REGISTRY, export, load_builtins
from kg.exporters.html import entity_nodes
from kg.exporters.networks import edges, event_records, role_edges
from kg.query import ask, render, run
from kg.validate import ontology

pytestmark = pytest.mark.model

RAPPER = {"turtle": "turtle", "nt": "ntriples", "trig": "trig", "nquads": "nquads"}
OXI = {"turtle": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES,
       "trig": pyoxigraph.RdfFormat.TRIG, "nquads": pyoxigraph.RdfFormat.N_QUADS,
       "json-ld": pyoxigraph.RdfFormat.JSON_LD}
SUFFIX = {"turtle": ".ttl", "nt": ".nt", "trig": ".trig", "nquads": ".nq", "json-ld": ".jsonld"}


@pytest.fixture(scope="module")
def graph(seed_build):
    return seed_build.graph


def expected(graph, fmt) -> int:
    if fmt in ("trig", "nquads"):
        parts = partition(graph)
        default = parts.pop(None) | set(ontology())
        return len(default) + sum(len(p) for p in parts.values())
    return len(graph)


def test_every_registered_format_is_tested():
    load_builtins()
    assert set(REGISTRY) == set(OXI) | {"graphml", "gexf", "neo4j", "html"}


@pytest.mark.parametrize("fmt", sorted(RAPPER))
def test_rapper_reads_back_every_triple(graph, tmp_path, fmt):
    out = tmp_path / f"g{SUFFIX[fmt]}"
    export(graph, out, fmt)
    done = subprocess.run([shutil.which("rapper") or "rapper", "-i", RAPPER[fmt], "-c", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"Parsing returned {expected(graph, fmt)} triples" in done.stderr


@pytest.mark.parametrize("fmt", sorted(OXI))
def test_pyoxigraph_reads_back_the_same_count_and_answers(graph, tmp_path, fmt):
    out = tmp_path / f"g{SUFFIX[fmt]}"
    export(graph, out, fmt)
    quads = list(pyoxigraph.parse(path=str(out), format=OXI[fmt]))
    assert len(quads) == expected(graph, fmt)
    store = pyoxigraph.Store()
    store.extend(quads)
    q = ("SELECT ?name WHERE { ?p a <https://example.org/kg/ontology#Person> ; "
         "<http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?name")
    ours = [str(r[0]) for r in run(graph, q)]
    theirs = [s["name"].value for s in store.query(q, use_default_graph_as_union=True)]
    assert ours == theirs and "Xi Jinping" in ours


def test_trig_has_a_named_graph_per_article(graph, tmp_path):
    export(graph, tmp_path / "g.trig")
    quads = list(pyoxigraph.parse(path=str(tmp_path / "g.trig"), format=pyoxigraph.RdfFormat.TRIG))
    names = {q.graph_name.value for q in quads if isinstance(q.graph_name, pyoxigraph.NamedNode)}
    assert names == {"https://example.org/kg/graph/000_688d6182de7296f6",
                     "https://example.org/kg/graph/004_43dff2a6096254a8"}
    default = [q for q in quads if isinstance(q.graph_name, pyoxigraph.DefaultGraph)]
    assert any(q.predicate.value.endswith("#mentionedIn") for q in default)  # entities: default graph
    assert not any(q.predicate.value.endswith("#sentence") for q in default)  # provenance: article graphs


def test_jsonld_is_compact(graph, tmp_path):
    export(graph, tmp_path / "g.jsonld")
    data = json.loads((tmp_path / "g.jsonld").read_text())
    assert data["@context"]["worksFor"] == "kg:worksFor"
    assert any(node.get("label") == "Xi Jinping" for node in data["@graph"])


US, CHINA = "https://example.org/kg/country/united-states", "https://example.org/kg/country/china"


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_networkx_reads_back_nodes_and_edges(graph, tmp_path, fmt, reader):
    export(graph, tmp_path / f"g.{fmt}")
    g = reader(tmp_path / f"g.{fmt}")
    assert g.number_of_nodes() == len(entity_nodes(graph)) + len(event_records(graph))
    assert g.number_of_edges() == len(edges(graph)) + len(role_edges(graph))
    attrs = [d for _, d in g.nodes(data=True)]
    assert {"label", "class", "kind"} <= set(attrs[0])
    props = {d.get("property") for _, _, d in g.edges(data=True)}
    assert {"leaderOf", "worksFor", "agent", "target", "participant", "speaker"} <= props
    assert all(d.get("sentence") for _, _, d in g.edges(data=True))
    # the tariff change is a node with its rates, and an edge per role to the two countries
    tariffs = {n: d for n, d in g.nodes(data=True) if d["class"] == "TariffChange"}
    [(cut, d)] = [(n, d) for n, d in tariffs.items() if d.get("fromRate") == 145]
    assert d["toRate"] == 30 and d["kind"] == "event" and d["label"] == "United States → China tariff: 145% → 30%"
    assert "145%" in d["sentence"] and d["article"] == "004_43dff2a6096254a8"
    assert sorted((k, v) for _, v, k in g.out_edges(cut, keys=True)) == [("agent", US), ("target", CHINA)]
    # meetings and calls: one participant edge per party; quotations: the speaker and the words
    for cls in ("Meeting", "PhoneCall"):
        found = [n for n, d in g.nodes(data=True) if d["class"] == cls]
        assert found and all(sorted(k for _, _, k in g.out_edges(n, keys=True)) == ["participant", "participant"]
                             for n in found), cls
    quotes = {d["text"]: n for n, d in g.nodes(data=True) if d["class"] == "Quotation"}
    assert [v for _, v, k in g.out_edges(quotes["meet China halfway"], keys=True) if k == "speaker"] == \
        ["https://example.org/kg/person/xi-jinping"]


def test_neo4j_csv_and_cypher_agree(graph, tmp_path):
    export(graph, tmp_path / "g.neo4j")
    with open(tmp_path / "g.neo4j" / "nodes.csv", newline="") as f:
        nodes = list(csv.DictReader(f))
    with open(tmp_path / "g.neo4j" / "relationships.csv", newline="") as f:
        rels = list(csv.DictReader(f))
    cypher = (tmp_path / "g.neo4j" / "import.cypher").read_text()
    entities = [n for n in nodes if n[":LABEL"].startswith("Entity;")]
    assert len(entities) == len(entity_nodes(graph)) == cypher.count("MERGE (n:Entity")
    events = [n for n in nodes if n[":LABEL"].startswith("Event;")]
    quotes = [n for n in nodes if n[":LABEL"] == "Quotation"]
    assert len(events) == cypher.count("MERGE (n:Event") and len(quotes) == cypher.count("MERGE (n:Quotation")
    assert len(nodes) == len(entities) + len(events) + len(quotes) == len(entities) + len(event_records(graph))
    assert len(rels) == len(edges(graph)) + len(role_edges(graph)) == cypher.count("MERGE (a)-[r:")
    ids = {n["iri:ID"] for n in nodes}
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in rels)
    assert {n[":LABEL"].split(";")[1] for n in entities} <= {"Person", "Organization", "Country", "Place",
                                                             "Product", "Agreement"}
    assert {n[":LABEL"] for n in events} == {"Event;TariffChange", "Event;Meeting", "Event;PhoneCall"}
    # the tariff change, with its rates, and its roles as relationships to the two countries
    [cut] = [n for n in events if n["fromRate:float"]]
    assert (cut[":LABEL"], float(cut["fromRate:float"]), float(cut["toRate:float"])) == ("Event;TariffChange", 145, 30)
    assert cut["name"] == "United States → China tariff: 145% → 30%" and "145%" in cut["sentence"]
    assert sorted((r[":TYPE"], r[":END_ID"]) for r in rels if r[":START_ID"] == cut["iri:ID"]) == \
        [("agent", US), ("target", CHINA)]
    line = next(x for x in cypher.splitlines() if x.startswith(f'MERGE (n:Event {{iri: "{cut["iri:ID"]}"}})'))
    assert "SET n:TariffChange," in line and "n.fromRate = 145.0, n.toRate = 30.0" in line
    assert cypher.count(f'MATCH (a:Event {{iri: "{cut["iri:ID"]}"}})') == 2
    assert all(q["text"] and q["sentence"] for q in quotes)


def test_kg_export_and_formats_commands(graph, tmp_path):
    export(graph, tmp_path / "g.ttl")
    runner = CliRunner()
    result = runner.invoke(main, ["export", str(tmp_path / "g.ttl"), "-o", str(tmp_path / "g.nt"),
                                  "-o", str(tmp_path / "g.graphml")])
    assert result.exit_code == 0, result.output
    assert len(Graph().parse(tmp_path / "g.nt")) == len(graph)
    listing = runner.invoke(main, ["formats"]).output
    assert all(name in listing for name in REGISTRY)


def test_store_build_adds_and_queries(graph, tmp_path):
    from kg.store import add

    folder = tmp_path / "store"
    n = add(graph, folder)
    assert add(graph, folder) == n  # adding the same articles again replaces, never duplicates
    q = "SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name } ORDER BY ?name"
    answer, _ = ask(folder, q)
    assert [str(r[0]) for r in answer.rows] == [str(r[0]) for r in run(graph, q)]
    assert render(ask(folder, "ASK { ?s kg:leaderOf ?o }")[0]) == "true"


@pytest.mark.parametrize("output, check", [
    ("csv", lambda text: text.splitlines()[0] == "name" and "Xi Jinping" in text),
    ("tsv", lambda text: text.splitlines()[0] == "?name" and '"Xi Jinping"' in text.splitlines()),
    ("json", lambda text: {"type": "literal", "value": "Xi Jinping"} in
     [b["name"] for b in json.loads(text)["results"]["bindings"]]),
    ("table", lambda text: text.splitlines()[1].startswith("---") and text.endswith("rows)")),
])
def test_query_outputs(graph, tmp_path, output, check):
    export(graph, tmp_path / "g.ttl")
    result = CliRunner().invoke(main, ["query", str(tmp_path / "g.ttl"),
                                       "SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name } ORDER BY ?name",
                                       "--output", output])
    assert result.exit_code == 0 and check(result.output.strip()), result.output


def test_turtle_is_pyoxigraphs_sorted_and_prefixed(graph):
    """The Turtle writer: the same triples as rdflib's, the used prefixes sorted, one block a
    subject, and the same bytes for the same graph however its triples were added."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from kg.exporters.rdf import turtle

    text = turtle(graph).decode("utf-8")
    assert isomorphic(Graph().parse(data=text, format="turtle"), graph)
    head = [line for line in text.splitlines() if line.startswith("@prefix")]
    assert head == sorted(head) and "@prefix kg: <https://example.org/kg/ontology#> ." in head
    assert not any("brick" in line for line in head)  # rdflib's default bindings that nothing uses
    shuffled = Graph()
    for prefix, ns in graph.namespaces():
        shuffled.bind(prefix, ns)
    for t in sorted(graph, key=lambda t: str(t[2]), reverse=True):
        shuffled.add(t)
    assert turtle(shuffled) == turtle(graph)
