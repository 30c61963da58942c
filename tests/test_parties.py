"""Party membership (kg.parties) on the real model, with sentences of our own."""
from __future__ import annotations

import pytest

from kg import data, parties

from .conftest import prepare

pytestmark = pytest.mark.model

# Rule ids these tests exercise (see tests/test_relations.py::test_every_rule_is_exercised).
RULES_EXERCISED = ["party.tag", "party.adjective", "party.named", "party.apposition"]


def members(nlp, text: str) -> set[tuple[str, str, str, str]]:
    doc, found, name = prepare(nlp, text)
    made, facts = parties.extract(doc, found)
    return {(name(f.subject), f.prop, f.obj.known or f.obj.text, f.rule) for f in facts}


def test_a_lawmakers_tag_names_the_party(nlp):
    got = members(nlp, "Representative Tom Ward, D-Ohio, said the bill would pass.")
    assert ("Tom Ward", "memberOf", "Democratic Party", "party.tag") in got


def test_party_adjective_before_a_title(nlp):
    got = members(nlp, "Republican Senator Ann Lee of Texas opposed the bill.")
    assert ("Ann Lee", "memberOf", "Republican Party", "party.adjective") in got


def test_party_leader_leads_it(nlp):
    got = members(nlp, "The Labour leader Tom Reed said the vote was close.")
    assert ("Tom Reed", "leaderOf", "Labour Party", "party.adjective") in got


def test_named_party_possessive(nlp):
    got = members(nlp, "The SPD's Karl Weber said the plan was wrong.")
    assert ("Karl Weber", "memberOf", "Social Democratic Party of Germany", "party.named") in got


def test_a_party_in_apposition(nlp):
    got = members(nlp, "Ed Derwin, a Republican from Ohio, said the bill would pass.")
    assert ("Ed Derwin", "memberOf", "Republican Party", "party.apposition") in got
    # not a party word that goes on as a phrase ("a Democratic majority")
    assert not any(r == "party.apposition" for *_, r in members(nlp, "Ann Lee, a Democratic majority leader, spoke."))


def test_an_adjective_without_a_title_or_name_is_no_party(nlp):
    assert members(nlp, "Democratic reforms were welcomed by Ann Lee.") == set()


def test_every_party_country_is_a_country():
    names = {c.name for c in data.countries()}
    assert all(p.country in names for p in data.parties())


def test_a_party_before_a_campaign_word_and_a_partys_plural_standing_alone(nlp):
    import kg

    b = kg.build(["Republican presidential candidate Dana Whitcombe vowed to scrap the deal. Democrats blocked "
                  "the bill in the Senate. The Nazis came to power in 1933. Democratic reforms stalled."])
    labels = {e.label: set(e.aliases) for e in b.entities}
    assert "Republican" in labels["Republican Party"] and "Democrats" in labels["Democratic Party"]
    assert "Nazis" in labels["Nazi Party"]
    member = {(str(s).rsplit("/", 1)[-1], str(o).rsplit("/", 1)[-1]) for s, p, o, *_ in b.quads()
              if str(p).endswith("memberOf")}
    assert ("dana-whitcombe", "republican-party") in member


def data_parties():
    from kg import data

    return data.party_names()


@pytest.mark.model
def test_a_name_several_countries_parties_share_is_the_party_of_the_articles_country():
    import kg

    b = kg.build(["Coalition\nGermany's Social Democrats and the Greens backed the president. The Left party won "
                  "nine percent in Germany, and Greens leader Cem Ozdemir spoke in Berlin. Top Left Party politician "
                  "Bernd Riexinger agreed.",
                  "Canberra\nThe Greens won a seat in Australia's Senate, and Australia's Labor Party lost one.",
                  "Party news\nThe Greens met on Monday."])
    got = {e.label: e for e in b.entities}
    assert "Greens" in got["Alliance 90/The Greens"].aliases
    assert {"Left", "Left Party"} <= set(got["Die Linke"].aliases)
    assert got["Australian Greens"].articles == (b.articles[1].id,)  # one party a country
    guessed = [e.label for e in b.entities if b.articles[2].id in e.articles]
    assert not any(label in data_parties() for label in guessed)  # no country named: no party guessed
    leads = {(str(s).rsplit("/", 1)[-1], str(o).rsplit("/", 1)[-1]) for s, p, o in b.graph
             if str(p).endswith("#leaderOf")}
    assert ("cem-ozdemir", "alliance-90-the-greens") in leads


@pytest.mark.model
def test_a_generic_party_name_is_not_a_foreign_partys():
    import kg

    b = kg.build(["Bucharest\nRomania's Social Democratic Party (PSD) left the coalition. The Social Democrats "
                  "accused the president, and Boc's Liberal Democrats said nothing.",
                  "Berlin\nGermany's Social Democrats won the vote in Germany.",
                  "Berlin\nHe held talks with leading Social Democrats, Economy Minister Sigmar Gabriel and Foreign "
                  "Minister Frank-Walter Steinmeier, in Germany."])
    got = {e.label: e for e in b.entities}
    assert "Social Democrats" in got["Social Democratic Party"].aliases
    assert got["Social Democratic Party of Germany"].articles == (b.articles[1].id, b.articles[2].id)
    assert not any(label.startswith("Liberal Democrats (") for label in got)  # not the UK's party
