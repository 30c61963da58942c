"""Events and quotations as nodes of their own (kg.exporters.nodes), in the property graphs
(GraphML, GEXF, Neo4j) and the HTML page's data: built by hand, no model, no browser."""
from __future__ import annotations

import csv
import json
import re

import networkx as nx
import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV

from kg.exporters import export
from kg.exporters.html import best_connected, page_data
from kg.exporters.nodes import date_text, describe, entity_nodes, event_nodes, number
from kg.vocab import KG

EX = Namespace("https://example.org/kg/")
# an event's text with what could end a <script>, a CSV cell, a Cypher or JSON string, an XML attribute
HOSTILE = 'He said "</script><script>window.__pwned=1</script>", it\'s <b>50%</b> & more\\'


def event_graph(order: int = 0) -> Graph:
    """Two countries, two companies, two people; a tariff change, a meeting, a call, an
    acquisition and two quotations, one of them with HOSTILE words. order=1 adds the same
    triples in reverse."""
    triples = []
    article = EX["article/a1"]
    triples += [(article, RDF.type, KG.Article), (article, KG.identifier, Literal("a1"))]
    labels = {"country/us": ("Country", "United States"), "country/cn": ("Country", "China"),
              "organization/x": ("Organization", "Xco"), "organization/y": ("Organization", "Yco"),
              "person/ann": ("Person", "Ann Lee"), "person/bo": ("Person", "Bo Chen"),
              "place/oslo": ("Place", "Oslo")}
    for key, (cls, label) in labels.items():
        triples += [(EX[key], RDF.type, KG[cls]), (EX[key], RDFS.label, Literal(label)),
                    (EX[key], KG.mentionedIn, article)]

    def event(name: str, cls: str, sentence: str, *pairs) -> None:
        node = EX[f"event/{name}"]
        triples.extend([(node, RDF.type, KG[cls]), (node, KG.sentence, Literal(sentence)),
                        (node, PROV.wasDerivedFrom, article), (node, KG.confidence, Literal(0.8))])
        triples.extend((node, KG[p], o) for p, o in pairs)

    dec = XSD.decimal
    event("t1", "TariffChange", "The U.S. cut tariffs on China from 145% to 30%.",
          ("agent", EX["country/us"]), ("target", EX["country/cn"]),
          ("fromRate", Literal("145.0", datatype=dec)), ("toRate", Literal("30.0", datatype=dec)))
    event("m1", "Meeting", "Ann Lee met Bo Chen in Oslo on 3 June.", ("participant", EX["person/ann"]),
          ("participant", EX["person/bo"]), ("location", EX["place/oslo"]),
          ("date", Literal("--06-03", datatype=XSD.gMonthDay)))
    event("p1", "PhoneCall", "Ann Lee called Bo Chen.", ("participant", EX["person/ann"]),
          ("participant", EX["person/bo"]))
    event("a1", "Acquisition", "Xco bought 51% of Yco.", ("buyer", EX["organization/x"]),
          ("target", EX["organization/y"]), ("stake", Literal("51", datatype=dec)))
    event("q1", "Quotation", f"Ann Lee said “{HOSTILE}”.", ("speaker", EX["person/ann"]), ("text", Literal(HOSTILE)))
    event("q2", "Quotation", "Bo Chen said “no”.", ("speaker", EX["person/bo"]), ("text", Literal("no")))
    event("x1", "TariffChange", HOSTILE, ("agent", EX["country/cn"]), ("toRate", Literal("10", datatype=dec)))
    g = Graph()
    for t in (triples if order == 0 else reversed(triples)):
        g.add(t)
    return g


def labels_of(g: Graph) -> dict[str, str]:
    nodes = entity_nodes(g)
    names = {n: str(g.value(n, RDFS.label)) for n in nodes}
    return {str(ev.iri).rsplit("/", 1)[1]: describe(ev, names) for ev in event_nodes(g, nodes)}


# --- what an event says in one line -------------------------------------------------------------

def test_each_event_says_what_happened():
    assert labels_of(event_graph()) == {
        "t1": "United States → China tariff: 145% → 30%",
        "m1": "Meeting, 3 June, Oslo",
        "p1": "Phone call",
        "a1": "Acquisition: Xco buys Yco (51%)",
        "q1": "Ann Lee: “" + HOSTILE[:59].rstrip() + "…”",  # cut to 60 characters
        "q2": "Bo Chen: “no”",
        "x1": "China tariff: to 10%",
    }


@pytest.mark.parametrize("value, shown", [("2025-06-03", "3 June 2025"), ("--06-03", "3 June"),
                                          ("2025-06", "June 2025"), ("sometime", "sometime"), ("", "")])
def test_dates_as_a_reader_writes_them(value, shown):
    assert date_text(value) == shown


@pytest.mark.parametrize("value, shown", [("145.0", "145"), ("7.30", "7.3"), ("1E+2", "100"), ("0.0", "0"),
                                          ("x", "x")])
def test_rates_keep_the_digits_they_need(value, shown):
    assert number(value) == shown


# --- GraphML, GEXF, Neo4j ------------------------------------------------------------------------

@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_events_and_quotations_are_nodes_with_role_edges(tmp_path, fmt, reader):
    export(event_graph(), tmp_path / f"g.{fmt}")
    g = reader(tmp_path / f"g.{fmt}")
    node = {n.rsplit("/", 1)[1]: d for n, d in g.nodes(data=True)}
    assert {k: node[k]["class"] for k in ("t1", "m1", "p1", "a1", "q1")} == {
        "t1": "TariffChange", "m1": "Meeting", "p1": "PhoneCall", "a1": "Acquisition", "q1": "Quotation"}
    assert (node["t1"]["fromRate"], node["t1"]["toRate"], node["t1"]["kind"]) == (145, 30, "event")
    assert node["a1"]["stake"] == 51 and node["m1"]["date"] == "--06-03" and node["q1"]["kind"] == "quotation"
    assert node["q1"]["text"] == HOSTILE and node["x1"]["sentence"] == HOSTILE  # read back exactly
    assert node["t1"]["article"] == "a1" and node["t1"]["confidence"] == 0.8
    roles = sorted((u.rsplit("/", 1)[1], d["property"], v.rsplit("/", 1)[1]) for u, v, d in g.edges(data=True))
    assert roles == [("a1", "buyer", "x"), ("a1", "target", "y"), ("m1", "location", "oslo"),
                     ("m1", "participant", "ann"), ("m1", "participant", "bo"), ("p1", "participant", "ann"),
                     ("p1", "participant", "bo"), ("q1", "speaker", "ann"), ("q2", "speaker", "bo"),
                     ("t1", "agent", "us"), ("t1", "target", "cn"), ("x1", "agent", "cn")]
    assert all(d["sentence"] and d["article"] == "a1" for _, _, d in g.edges(data=True))


def test_neo4j_holds_events_their_values_and_roles(tmp_path):
    export(event_graph(), tmp_path / "g.neo4j")
    with open(tmp_path / "g.neo4j" / "nodes.csv", newline="", encoding="utf-8") as f:
        nodes = {r["iri:ID"].rsplit("/", 1)[1]: r for r in csv.DictReader(f)}
    with open(tmp_path / "g.neo4j" / "relationships.csv", newline="", encoding="utf-8") as f:
        rels = sorted((r[":START_ID"].rsplit("/", 1)[1], r[":TYPE"], r[":END_ID"].rsplit("/", 1)[1])
                      for r in csv.DictReader(f))
    assert nodes["t1"][":LABEL"] == "Event;TariffChange" and nodes["q1"][":LABEL"] == "Quotation"
    assert (nodes["t1"]["fromRate:float"], nodes["t1"]["toRate:float"]) == ("145", "30")
    assert nodes["a1"]["stake:float"] == "51" and nodes["m1"]["date"] == "--06-03"
    assert nodes["us"][":LABEL"] == "Entity;Country" and nodes["us"]["fromRate:float"] == ""
    assert nodes["q1"]["text"] == HOSTILE and nodes["x1"]["sentence"] == HOSTILE
    assert ("t1", "agent", "us") in rels and ("m1", "location", "oslo") in rels and ("q1", "speaker", "ann") in rels
    cypher = (tmp_path / "g.neo4j" / "import.cypher").read_text(encoding="utf-8")
    [line] = [x for x in cypher.splitlines() if x.startswith('MERGE (n:Quotation {iri: "https://example.org/kg/event/q1"')]
    text = re.search(r'n\.text = ("(?:[^"\\]|\\.)*")', line).group(1)
    assert json.loads(text) == HOSTILE  # a Cypher string literal that holds the words exactly
    assert 'MATCH (a:Event {iri: "https://example.org/kg/event/t1"}), (b:Entity {iri: ' in cypher
    assert 'MATCH (a:Quotation {iri: "https://example.org/kg/event/q1"}), (b:Entity {iri: ' in cypher


@pytest.mark.parametrize("suffix", ["graphml", "gexf", "html", "neo4j"])
def test_the_same_event_graph_gives_the_same_bytes(tmp_path, suffix):
    export(event_graph(0), tmp_path / f"a.{suffix}")
    export(event_graph(1), tmp_path / f"b.{suffix}")
    if suffix == "neo4j":
        for name in ("nodes.csv", "relationships.csv", "import.cypher"):
            assert (tmp_path / "a.neo4j" / name).read_bytes() == (tmp_path / "b.neo4j" / name).read_bytes()
    else:
        assert (tmp_path / f"a.{suffix}").read_bytes() == (tmp_path / f"b.{suffix}").read_bytes()


def test_event_html_output_does_not_depend_on_the_hash_seed(tmp_path):
    import os
    import subprocess
    import sys

    event_graph().serialize(tmp_path / "g.nt", format="nt")
    outputs = set()
    for seed in ("1", "2", "3"):
        out = tmp_path / f"g{seed}.html"
        subprocess.run([sys.executable, "-m", "kg", "export", str(tmp_path / "g.nt"), "-o", str(out),
                        "-o", str(tmp_path / f"g{seed}.graphml")], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True)
        outputs.add(out.read_bytes() + (tmp_path / f"g{seed}.graphml").read_bytes())
    assert len(outputs) == 1


# --- the page's data -----------------------------------------------------------------------------

def test_the_page_draws_events_not_quotations():
    data = page_data(event_graph())
    events = {n["id"].rsplit("/", 1)[1]: n for n in data["nodes"] if n.get("kgEvent")}
    assert sorted(events) == ["a1", "m1", "p1", "t1", "x1"]
    assert {k: n["shape"] for k, n in events.items()} == {"a1": "hexagon", "m1": "square", "p1": "triangle",
                                                          "t1": "diamond", "x1": "diamond"}
    assert events["t1"]["label"] == "United States → China tariff: 145% → 30%"
    assert sorted((r[0].rsplit("/", 1)[1], r[1]) for r in data["roles"] if r[0].endswith("/m1")) == [
        ("m1", "location"), ("m1", "participant"), ("m1", "participant")]
    panel = data["events"][str(EX["event/t1"])]
    assert panel["values"] == [["fromRate", "145%"], ["toRate", "30%"]]
    assert [list(data["sources"][i]) for i in panel["src"]] == [
        ["The U.S. cut tariffs on China from 145% to 30%.", "a1"]]
    assert data["counts"]["TariffChange"] == 2 and data["eventTotal"] == 5
    # an entity's panel links to the events it is in
    ann = data["details"][str(EX["person/ann"])]
    assert {e["id"] for e in ann["events"]} == {str(EX["event/m1"]), str(EX["event/p1"])}
    assert [q["text"] for q in ann["quotes"]] == [HOSTILE]


def test_max_nodes_counts_events_and_draws_an_event_only_with_all_its_entities():
    g = event_graph()
    for cap in range(1, 14):
        data = page_data(g, max_nodes=cap)
        drawn = {n["id"] for n in data["nodes"]}
        assert len(drawn) == min(cap, 12)
        for ev, _, entity in data["roles"]:
            assert ev in drawn and entity in drawn
        roles_of = {}
        for ev, _, entity in data["roles"]:
            roles_of.setdefault(ev, set()).add(entity)
        assert all(roles_of.get(n["id"]) for n in data["nodes"] if n.get("kgEvent"))


def test_best_connected_ranks_by_relations_and_roles():
    a, b, c, d = (URIRef(f"urn:e:{x}") for x in "abcd")
    nodes = {a: "Person", b: "Person", c: "Country", d: "Country"}
    ev = URIRef("urn:ev:1")
    # degrees: c 2 (a relation and a role), a 1, d 1 (a role), b 0; the event follows d, which completes it
    assert best_connected(nodes, [(c, "met", a)], 4, {ev: (c, d)}) == ([a, c, d], [ev])
    assert best_connected(nodes, [(c, "met", a)], 3, {ev: (c, d)}) == ([a, c, d], [])  # no room left for it
    assert best_connected(nodes, [(c, "met", a)], 2, {ev: (c, d)}) == ([a, c], [])
    assert best_connected(nodes, [], None, {ev: (c, d)}) == ([a, b, c, d], [ev])
    assert best_connected(nodes, [], 5, {ev: (c, d)}) == ([a, b, c, d], [ev])  # all fit
