"""TariffChange events (rule "tariff.change") on the real model, with sentences not in the seeds."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg import events

from .conftest import prepare

pytestmark = pytest.mark.model

PUBLISHED = "2025-06-05"

# Rule ids these tests exercise (see tests/test_relations.py::test_every_rule_is_exercised).
RULES_EXERCISED = ["tariff.change"]


def tariff_changes(nlp, text: str, published: str | None = PUBLISHED) -> list[dict]:
    """The TariffChange events of text, as dicts: agent/target mention texts, rates, rule."""
    doc, found, name = prepare(nlp, text, published)
    out = []
    for e in events.extract(doc, found, published=published):
        assert e.kind == "TariffChange"
        values = dict(e.values)
        out.append({"rule": e.rule,
                    "agent": {name(m) for r, m in e.roles if r == "agent"},
                    "target": {name(m) for r, m in e.roles if r == "target"},
                    "fromRate": values.get("fromRate"), "toRate": values.get("toRate")})
    return out


def test_cut_with_agent_target_and_both_rates(nlp):
    [e] = tariff_changes(nlp, "Canada reduced tariffs on Mexican steel to 15% from 25% on Monday.")
    assert e == {"rule": "tariff.change", "agent": {"Canada"}, "target": {"Mexican"},
                 "fromRate": Decimal("25"), "toRate": Decimal("15")}


def test_rates_are_decimals(nlp):
    [e] = tariff_changes(nlp, "Canada reduced tariffs on Mexican steel to 15% from 25% on Monday.")
    assert isinstance(e["toRate"], Decimal) and isinstance(e["fromRate"], Decimal)


def test_rate_before_the_noun(nlp):
    [e] = tariff_changes(nlp, "Brazil imposed a 25% tariff on Mexican steel.")
    assert e["agent"] == {"Brazil"} and e["target"] == {"Mexican"}
    assert e["toRate"] == Decimal("25") and e["fromRate"] is None


def test_fractional_rate(nlp):
    [e] = tariff_changes(nlp, "Canada raised tariffs on Mexican steel to 7.5%.")
    assert e["toRate"] == Decimal("7.5")


def test_rate_in_words_percent(nlp):
    [e] = tariff_changes(nlp, "Canada raised tariffs on Mexican steel to 50 percent.")
    assert e["toRate"] == Decimal("50")


def test_agent_of_the_governing_verb(nlp):
    [e] = tariff_changes(nlp, "The European Union agreed to cut duties on Japanese cars to 5% from 10%.")
    assert e["agent"] == {"European Union"} and e["target"] == {"Japanese"}
    assert (e["fromRate"], e["toRate"]) == (Decimal("10"), Decimal("5"))


def test_target_from_imports_from_a_country(nlp):
    [e] = tariff_changes(nlp, "India raised its levies on imports from Vietnam to 20%.")
    assert e["agent"] == {"India"} and e["target"] == {"Vietnam"} and e["toRate"] == Decimal("20")


def test_coordinated_agents(nlp):
    [e] = tariff_changes(nlp, "Japan and South Korea lowered tariffs on Australian beef to 12%.")
    assert e["agent"] == {"Japan", "South Korea"} and e["target"] == {"Australian"}


@pytest.mark.parametrize("text", [
    "Canada threatened to raise tariffs on Mexican steel to 50%.",
    "Canada might raise tariffs on Mexican steel to 50%.",
    "Canada did not raise tariffs on Mexican steel to 50%.",
])
def test_threatened_modal_or_negated_change_makes_no_event(nlp, text):
    assert tariff_changes(nlp, text) == []


def test_change_without_a_rate_makes_no_event(nlp):
    assert tariff_changes(nlp, "Canada raised tariffs on Mexican steel.") == []


def test_newswire_pct_and_an_imposed_tariff_without_a_rate(nlp):
    [e] = tariff_changes(nlp, "Norway imposed 40 pct tariffs on 20 mln dlrs of Chilean salmon on Friday.")
    assert e["agent"] == {"Norway"} and e["target"] == {"Chilean"} and e["toRate"] == Decimal("40")
    [e] = tariff_changes(nlp, "Canada slapped duties on Peruvian copper.")
    assert e["agent"] == {"Canada"} and e["target"] == {"Peruvian"} and e["toRate"] is None


def test_tariffs_of_up_to_a_rate_and_a_tariff_lifted(nlp):
    [e] = tariff_changes(nlp, "Brazil imposed tariffs of up to 35 pct on imports from Mexico.")
    assert e["toRate"] == Decimal("35") and e["target"] == {"Mexico"}
    [e] = tariff_changes(nlp, "Chile lifted its tariffs on Argentine wheat in May.")
    assert e["toRate"] == Decimal("0")


def test_a_threatened_tariff_is_no_change(nlp):
    assert tariff_changes(nlp, "Norway threatened to impose 40 pct tariffs on Chilean salmon.") == []


def test_a_tariff_put_off_is_no_change(nlp):
    assert tariff_changes(nlp, "Peru agreed to hold up imposing duties on Chilean copper.") == []
    assert tariff_changes(nlp, "Peru delayed imposing 20 pct duties on Chilean copper.") == []
