"""Organizations' seats from their names and from the article's country (kg.places.seats), real model."""
from __future__ import annotations

import pytest

from kg import places

from .conftest import prepare

pytestmark = pytest.mark.model

# Rule ids these tests exercise (see tests/test_relations.py::test_every_rule_is_exercised).
RULES_EXERCISED = ["seat.name", "seat.institution", "seat.known", "seat.city"]


def seated(nlp, text: str) -> set[tuple[str, str, str]]:
    doc, found, name = prepare(nlp, text)
    made, facts = places.seats(doc, found)
    return {(f.subject.text, f.obj.known or f.obj.text, f.rule) for f in facts}


def test_a_country_in_an_organizations_name_is_its_seat(nlp):
    got = seated(nlp, "The Bank of Norway and the Chilean Mining Council met on Monday.")
    assert ("Bank of Norway", "Norway", "seat.name") in got
    assert ("Chilean Mining Council", "Chile", "seat.name") in got


def test_a_city_ending_a_banks_name_is_its_seat(nlp):
    got = seated(nlp, "Halvard Corp agreed to buy the First National Bank of Pensacola on Monday.")
    assert ("First National Bank of Pensacola", "Pensacola", "seat.city") in got


def test_a_city_opening_a_name_is_its_seat_when_the_article_names_the_city_too(nlp):
    got = seated(nlp, "The Calgary City Council voted on Monday. Calgary is the largest city in Alberta.")
    assert ("Calgary City Council", "Calgary", "seat.city") in got
    got = seated(nlp, "The Phoenix Resources Co said it bought the Gulf Cooperation Council's bonds. "
                      "Ships sailed the Gulf.")
    assert not {t for t in got if t[2] == "seat.city"}  # no Phoenix named alone; the Gulf is a region


def test_a_known_national_body_is_in_its_country_named_even_inside_another_name(nlp):
    got = seated(nlp, "The New York Times reported the breach, citing a US Defense Department spokeswoman.")
    assert ("New York Times", "United States", "seat.known") in got


def test_a_word_of_government_after_of_is_no_city(nlp):
    got = seated(nlp, "Halvard Corp agreed to buy the Kestrel Bank of Commerce on Monday.")
    assert not {t for t in got if t[2] == "seat.city"}


def test_a_national_institution_is_in_the_articles_country(nlp):
    got = seated(nlp, "Peru held elections. In Peru, the Interior Ministry said turnout was high.")
    assert ("Interior Ministry", "Peru", "seat.institution") in got


def test_an_international_body_has_no_national_seat(nlp):
    got = seated(nlp, "The European Union and Norway met. The European Parliament voted in Norway.")
    assert not {t for t in got if t[0].startswith("European")}


def test_an_untagged_city_after_a_preposition_is_a_place(nlp):
    doc, found, _ = prepare(nlp, "Mali asked for help. Rebels attacked a base near Kidal on Sunday.")
    made = places.unnamed_cities(doc, found) + [m for m in places.retype_cities(doc, found) if m.cls == "Place"]
    assert "Kidal" in {m.text for m in made if m.cls == "Place"}


def test_a_city_of_a_country_the_article_does_not_name_stays_unread(nlp):
    doc, found, _ = prepare(nlp, "Rebels attacked a base near Kidal on Sunday.")
    assert places.unnamed_cities(doc, found) == []


def test_a_government_agency_is_in_the_articles_country(nlp):
    got = seated(nlp, "Chile's exports rose. In Chile, the National Statistics Institute said imports fell.")
    assert ("National Statistics Institute", "Chile", "seat.institution") in got


def test_an_agency_without_a_word_of_government_is_no_institution(nlp):
    got = seated(nlp, "Chile's exports rose. In Chile, the Andes Research Institute said imports fell.")
    assert not {t for t in got if t[0].startswith("Andes")}


def test_a_national_body_of_the_table_is_based_in_its_country(nlp):
    got = seated(nlp, "The Securities and Exchange Commission said the United States would act.")
    assert ("Securities and Exchange Commission", "United States", "seat.known") in got


def test_a_party_of_the_table_is_based_in_its_country_when_the_article_names_it(nlp):
    got = seated(nlp, "The Christian Democratic Union lost votes in Germany on Sunday.")
    assert ("Christian Democratic Union", "Germany", "seat.known") in got
    assert not any(rule == "seat.known" for *_, rule in seated(nlp, "The Christian Democratic Union lost votes."))


def test_untagged_cities_in_a_list_of_places(nlp):
    doc, found, _ = prepare(nlp, "Germany chose Essen over Bremen, Halle, Wetzlar and Lübeck on Monday.")
    made = {m.text for m in places.unnamed_cities(doc, found)}
    tagged = {m.text for m in places.retype_cities(doc, found) if m.cls == "Place"}
    assert {"Bremen", "Halle", "Lübeck"} <= made | tagged


def test_a_name_before_a_us_states_abbreviation_is_a_town(nlp):
    doc, found, _ = prepare(nlp, "The plant in Hudson, Mass. closed. Santa Monica, Calif. based Kestrel Inc said so. "
                                 "Hal Ostrova, Calif. said so. CTS Kestrel Corp, Elkhart, Ind. agreed.")
    places_ = {m.text for m in places.retype_cities(doc, found) if m.cls == "Place"}
    assert {"Hudson", "Santa Monica"} <= places_
    assert not places_ & {"Hal Ostrova", "CTS Kestrel Corp", "Kestrel Inc"}


def test_a_smaller_namesake_is_not_read_from_a_country_named_elsewhere_in_the_article(nlp):
    import kg

    b = kg.build(["The Commission said it would ask Geneva-based GATT to rule on the law. The United States "
                  "said the law was fair."])
    located = {(str(s).rsplit("/", 1)[-1], str(o).rsplit("/", 1)[-1]) for s, p, o, *_ in b.quads()
               if str(p).endswith("locatedIn")}
    assert ("geneva", "united-states") not in located


def test_an_institution_is_in_the_country_whose_leader_the_sentence_names(nlp):
    from kg import roles

    text = ("Japan and Japanese firms dominate the market, Japanese officials said. Japan will respond. "
            "Prime Minister Jane Marlow of Britain said Britain was impatient. "
            "Marlow told Parliament that she would act.")
    doc, found, _ = prepare(nlp, text)
    _, facts = places.seats(doc, found, roles.facts(doc, found))
    got = {(f.subject.text, f.obj.known) for f in facts if f.rule == "seat.institution"}
    assert got == {("Parliament", "United Kingdom")}


def test_the_adjectives_news_writes_for_a_country_give_its_seat(nlp):
    got = seated(nlp, "The Philippine Senate and the Saudi Finance Ministry met the Kazakh Oil Board on Monday.")
    assert {("Philippine Senate", "Philippines", "seat.name"), ("Saudi Finance Ministry", "Saudi Arabia", "seat.name"),
            ("Kazakh Oil Board", "Kazakhstan", "seat.name")} <= got
