"""The HTML page's overview data (kg.exporters.html): articles and their days, which entities are
connected, the timeline, mention sizes and the SPARQL endpoint link. Graphs built by hand: no
model, no browser (tests/test_browser_overview.py opens the same graph in Chromium)."""
from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV

from kg.errors import KGError
from kg.exporters import export
from kg.exporters.html import mention_size, page_data, render
from kg.exporters.nodes import EventNode, day, event_day
from kg.vocab import KG

EX = Namespace("https://example.org/kg/")
# article -> (title, datePublished); a4 has neither
ARTICLES = {"a1": ("Tariffs rise", "2025-01-10"), "a2": ("Talks in Oslo", "2025-02-20"),
            "a3": ("Xco buys Yco", "2025-03-05T09:30:00Z"), "a4": (None, None)}
# entity -> (class, label, the articles that mention it)
ENTITIES = {
    "country/us": ("Country", "United States", ("a1", "a2", "a3")),
    "country/cn": ("Country", "China", ("a1", "a2")),
    "person/ann": ("Person", "Ann Lee", ("a2",)),
    "person/bo": ("Person", "Bo Chen", ("a2", "a3")),
    "place/oslo": ("Place", "Oslo", ("a2",)),
    "organization/x": ("Organization", "Xco", ("a3",)),
    "organization/y": ("Organization", "Yco", ("a3",)),
    # in no relation and no event: behind the toggle
    "organization/zed": ("Organization", "Zed Corp", ("a1",)),
    "place/kyiv": ("Place", "Kyiv", ("a2",)),
    "person/quiet": ("Person", "Quiet Person", ("a4",)),
    "product/gold": ("Product", "Gold", ("a1", "a3")),
}
UNCONNECTED = {"organization/zed", "place/kyiv", "person/quiet", "product/gold"}
# subject, property, object, article
RELATIONS = [("person/ann", "worksFor", "country/us", "a2"), ("person/bo", "worksFor", "country/cn", "a2"),
             ("organization/x", "basedIn", "country/us", "a3"), ("person/bo", "met", "person/ann", "a2")]
TARIFF = "United States → China tariff: 10% → 25%, 9 January 2025"


def news_graph(order: int = 0) -> Graph:
    """Four articles (three dated), eleven entities (four in nothing but a mention), four
    relations and four events: a dated tariff change (a1), an undated meeting (a2), an
    acquisition dated without a year (a3) and a call from the undated article a4.
    order=1 adds the same triples in reverse."""
    t = []
    for key, (title, published) in ARTICLES.items():
        a = EX[f"article/{key}"]
        t += [(a, RDF.type, KG.Article), (a, KG.identifier, Literal(key))]
        if title:
            t.append((a, KG.title, Literal(title)))
        if published:
            t.append((a, KG.datePublished, Literal(published, datatype=XSD.dateTime if "T" in published
                                                   else XSD.date)))
    for key, (cls, label, arts) in ENTITIES.items():
        t += [(EX[key], RDF.type, KG[cls]), (EX[key], RDFS.label, Literal(label))]
        t += [(EX[key], KG.mentionedIn, EX[f"article/{a}"]) for a in arts]
    for k, (s, p, o, a) in enumerate(RELATIONS):
        st = EX[f"statement/s{k}"]
        t += [(EX[s], KG[p], EX[o]), (st, RDF.type, RDF.Statement), (st, RDF.subject, EX[s]),
              (st, RDF.predicate, KG[p]), (st, RDF.object, EX[o]), (st, PROV.wasDerivedFrom, EX[f"article/{a}"]),
              (st, KG.sentence, Literal(f"{ENTITIES[s][1]} {p} {ENTITIES[o][1]}, the article says."))]

    def event(name: str, cls: str, article: str, *pairs) -> None:
        node = EX[f"event/{name}"]
        t.extend([(node, RDF.type, KG[cls]), (node, KG.sentence, Literal(f"The {cls} sentence.")),
                   (node, PROV.wasDerivedFrom, EX[f"article/{article}"])])
        t.extend((node, KG[p], o) for p, o in pairs)

    event("t1", "TariffChange", "a1", ("agent", EX["country/us"]), ("target", EX["country/cn"]),
          ("fromRate", Literal("10", datatype=XSD.decimal)), ("toRate", Literal("25", datatype=XSD.decimal)),
          ("date", Literal("2025-01-09", datatype=XSD.date)))
    event("m1", "Meeting", "a2", ("participant", EX["person/ann"]), ("participant", EX["person/bo"]),
          ("location", EX["place/oslo"]))
    event("x1", "Acquisition", "a3", ("buyer", EX["organization/x"]), ("target", EX["organization/y"]),
          ("stake", Literal("51", datatype=XSD.decimal)), ("date", Literal("--03-01", datatype=XSD.gMonthDay)))
    event("p1", "PhoneCall", "a4", ("participant", EX["person/ann"]), ("participant", EX["person/bo"]))
    g = Graph()
    for triple in (t if order == 0 else reversed(t)):
        g.add(triple)
    return g


def key(iri: str) -> str:
    return iri.split("/kg/", 1)[1]


def test_articles_are_listed_with_their_title_and_day():
    data = page_data(news_graph())
    assert data["articles"] == [["a1", "Tariffs rise", "2025-01-10"], ["a2", "Talks in Oslo", "2025-02-20"],
                                ["a3", "Xco buys Yco", "2025-03-05"], ["a4", "", ""]]


def test_entities_know_their_articles_and_whether_they_are_connected():
    data = page_data(news_graph())
    entities = {key(n["id"]): n for n in data["nodes"] if not n.get("kgEvent")}
    assert {k for k, n in entities.items() if not n["kgConnected"]} == UNCONNECTED
    assert data["unconnected"] == len(UNCONNECTED)
    names = [a[0] for a in data["articles"]]
    for k, (_, _, arts) in ENTITIES.items():
        assert [names[i] for i in entities[k]["kgArticles"]] == list(arts)
        assert entities[k]["kgMentions"] == len(arts)
        assert entities[k]["size"] == mention_size(len(arts))
    assert entities["country/us"]["size"] > entities["country/cn"]["size"] > entities["person/ann"]["size"]


def test_relations_and_events_name_their_articles():
    data = page_data(news_graph())
    names = [a[0] for a in data["articles"]]
    assert len(data["relationArticles"]) == len(data["relations"])
    assert sorted((key(r[0]), r[1], key(r[2]), [names[i] for i in arts])
                  for r, arts in zip(data["relations"], data["relationArticles"], strict=True)) == sorted(
        (s, p, o, [a]) for s, p, o, a in RELATIONS)
    assert {key(k): names[e["article"]] for k, e in data["events"].items()} == {
        "event/t1": "a1", "event/m1": "a2", "event/x1": "a3", "event/p1": "a4"}


def test_a_relation_without_a_statement_belongs_to_the_articles_of_both_ends():
    g = news_graph()
    g.add((EX["person/bo"], KG.spokeWith, EX["country/us"]))  # no statement: Bo is in a2, a3; the US in a1-a3
    data = page_data(g)
    names = [a[0] for a in data["articles"]]
    [arts] = [a for r, a in zip(data["relations"], data["relationArticles"], strict=True) if r[1] == "spokeWith"]
    assert [names[i] for i in arts] == ["a2", "a3"]


def test_the_timeline_orders_events_by_their_day_or_their_article_s():
    data = page_data(news_graph())
    assert [[key(r[0]), *r[1:]] for r in data["timeline"]] == [
        ["event/t1", "2025-01-09", "event", "9 January 2025"],     # its own date
        ["event/m1", "2025-02-20", "article", "20 February 2025"],  # no date: its article's
        ["event/x1", "2025-03-01", "event", "1 March 2025"],        # --03-01 in its article's year
        ["event/p1", "", "", ""],                                   # neither: last
    ]


def test_event_day():
    def ev(date: str | None) -> EventNode:
        return EventNode(URIRef("urn:e"), "Meeting", (), (("date", date),) if date else (), "", "", None, "")

    assert event_day(ev("2025-05-12"), "2025-06-01") == ("2025-05-12", "event")
    assert event_day(ev("--05-12"), "2024-06-01") == ("2024-05-12", "event")
    assert event_day(ev("--05-12"), "") == ("", "")
    assert event_day(ev(None), "1987-04-02") == ("1987-04-02", "article")
    assert event_day(ev(None), "") == ("", "")
    assert day("1987-04-02T10:00:00-05:00") == "1987-04-02"
    assert day("1987") == day("--04-02") == day("") == ""


def test_mention_size_grows_with_the_logarithm():
    assert mention_size(0) == mention_size(1) == 10
    assert mention_size(2) == 15
    assert 40 < mention_size(100) < 45 < mention_size(224) < 50


def test_the_first_view_counts_connected_entities_and_events_for_the_layout():
    data = page_data(news_graph())
    assert data["big"] is False and data["bigGraph"] == 500
    assert "Laying out 11 nodes" in render(news_graph())  # 7 connected entities and 4 events


def test_the_same_graph_gives_the_same_bytes(tmp_path):
    export(news_graph(0), tmp_path / "a.html", endpoint="http://localhost:8000/sparql")
    export(news_graph(1), tmp_path / "b.html", endpoint="http://localhost:8000/sparql")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


# --- the SPARQL endpoint link --------------------------------------------------------------------

ENDPOINT = 'http://localhost:8000/sparql?default-graph-uri=urn:x&q="<b>hi</b>"'


def test_the_endpoint_link_is_escaped_and_only_there_when_asked(tmp_path):
    page = render(news_graph(), endpoint=ENDPOINT)
    assert ('<a id="kg-endpoint" href="http://localhost:8000/sparql?default-graph-uri=urn:x&amp;'
            'q=&quot;&lt;b&gt;hi&lt;/b&gt;&quot;">SPARQL endpoint</a>') in page
    assert "<b>hi" not in page
    assert 'id="kg-endpoint"' not in render(news_graph())
    # export() passes the option through to the html exporter, and the others ignore it
    export(news_graph(), tmp_path / "g.html", endpoint="https://example.org/sparql")
    assert 'href="https://example.org/sparql">SPARQL endpoint</a>' in (tmp_path / "g.html").read_text()
    export(news_graph(), tmp_path / "g.ttl", endpoint="https://example.org/sparql")
    assert "SPARQL endpoint" not in (tmp_path / "g.ttl").read_text()


@pytest.mark.parametrize("bad", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", ""])
def test_an_endpoint_that_is_not_http_is_refused(bad):
    with pytest.raises(KGError, match="endpoint"):
        render(news_graph(), endpoint=bad)


@pytest.mark.parametrize("fine", ["http://127.0.0.1:7878/query", "HTTPS://kg.example/sparql", "/sparql"])
def test_http_and_relative_endpoints_are_fine(fine):
    assert ">SPARQL endpoint</a>" in render(news_graph(), endpoint=fine)
