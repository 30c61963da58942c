"""IRI minting, the graph's shape, and the date parser."""
import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from kg.dates import parse
from kg.errors import KGError
from kg.graph import Minter, build_graph, slug
from kg.model import Article, Fact, Mention
from kg.resolve import resolve, surviving_facts
from kg.vocab import KG


def test_slugs_are_readable_and_iri_safe():
    assert slug("Xi Jinping") == "xi-jinping"
    assert slug("Côte d'Ivoire") == "cote-d-ivoire"
    assert slug("北京") == "%E5%8C%97%E4%BA%AC"
    # letters Unicode does not decompose keep their Latin base instead of vanishing
    assert slug("Łódź") == "lodz" and slug("Øresund") == "oresund" and slug("Straße") == "strasse"
    assert slug("Đorđević") == "dordevic" and slug("Ærø") == "aero"
    assert slug('<script>"x"</script>') == "script-x-script"


def test_minted_iris_are_stable_and_colliding_slugs_get_a_hash():
    # "Sony" and "Sōny" are two keys with one slug
    ms = [Mention("a", 0, 5, "Paris", "Place"), Mention("a", 10, 14, "Sony", "Organization"),
          Mention("a", 20, 24, "Sōny", "Organization")]
    ents, _ = resolve(ms)
    one, two = Minter(), Minter()
    one.entities(ents)
    two.entities(list(reversed(ents)))
    assert one.entity_iri == two.entity_iri
    assert one.entity_iri[("Place", "paris")] == URIRef("https://example.org/kg/place/paris")
    org_iris = [str(v) for k, v in one.entity_iri.items() if k[0] == "Organization"]
    assert len(set(org_iris)) == 2 and all(i.startswith("https://example.org/kg/organization/sony-") for i in org_iris)


def test_base_must_be_an_absolute_iri():
    assert Minter("http://x.test/g/").article("a b") == URIRef("http://x.test/g/article/a%20b")
    with pytest.raises(KGError, match="not an absolute IRI"):
        Minter("not an iri")


def test_graph_has_articles_entities_and_reified_facts():
    art = Article(id="a1", text="Ann Lee, the CEO of Acme, spoke.", title="T", date="2024-01-02")
    ann = Mention("a1", 0, 7, "Ann Lee", "Person")
    acme = Mention("a1", 20, 24, "Acme", "Organization")
    ents, assigned = resolve([ann, acme])
    fact = Fact(subject=ann, prop="leaderOf", obj=acme, article="a1", sentence=art.text, start=0, end=24,
                rule="title.appositive", confidence=0.85)
    g = build_graph([art], ents, surviving_facts([fact], assigned), base="https://kg.test/")
    person = URIRef("https://kg.test/person/ann-lee")
    org = URIRef("https://kg.test/organization/acme")
    article = URIRef("https://kg.test/article/a1")
    assert (person, KG.leaderOf, org) in g
    assert (person, KG.mentionedIn, article) in g
    assert (article, KG.identifier, Literal("a1")) in g
    [st] = list(g.subjects(RDF.type, RDF.Statement))
    assert g.value(st, RDF.subject) == person and g.value(st, RDF.object) == org
    assert g.value(st, PROV.wasDerivedFrom) == article
    assert str(g.value(st, KG.sentence)) == art.text
    assert 0 <= float(g.value(st, KG.confidence)) <= 1
    assert not list(g.objects(person, SKOS.altLabel))


@pytest.mark.parametrize("text, pub, expected", [
    ("May 12", None, ("--05-12", "gMonthDay")),
    ("May 12", "2025-06-06", ("2025-05-12", "date")),
    ("June 19", "2025-06-06", ("2025-06-19", "date")),  # a deadline ahead, not a year back
    ("December 30", "2025-01-03", ("2024-12-30", "date")),
    ("12 May 2025", None, ("2025-05-12", "date")),
    ("January", None, ("--01", "gMonth")),
    ("in January", "2025-06-06", ("2025-01", "gYearMonth")),
    ("Feb. 30", None, None),
    ("Tuesday", None, None),
    ("Tuesday", "2025-06-06", ("2025-06-03", "date")),  # 2025-06-06 is a Friday
    ("late Friday", "2025-06-06", ("2025-06-06", "date")),
    ("yesterday", "2025-06-06", ("2025-06-05", "date")),
    ("last week", None, None),
])
def test_dates(text, pub, expected):
    assert parse(text, pub) == expected
