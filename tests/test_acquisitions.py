"""Acquisition events and owns facts (kg.acquisitions) on the real model, with sentences of our own."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kg import acquisitions

from .conftest import prepare

pytestmark = pytest.mark.model

PUBLISHED = "1987-03-05"

# Rule ids these tests exercise (see tests/test_relations.py::test_every_rule_is_exercised).
RULES_EXERCISED = ["acquisition.buy", "acquisition.sell", "acquisition.completed", "acquisition.noun", "owns.stake",
                   "owns.rest"]


def deals(nlp, text: str) -> tuple[list[dict], set[tuple[str, str, str]]]:
    """(Acquisition events as dicts of role -> names, owns triples) of text."""
    doc, found, name = prepare(nlp, text, PUBLISHED)
    facts, events = acquisitions.extract(doc, found, published=PUBLISHED)
    out = []
    for e in events:
        assert e.kind == "Acquisition"
        d = {role: {name(m) for r, m in e.roles if r == role} for role in ("buyer", "target", "seller")}
        d["stake"] = dict(e.values).get("stake")
        d["rule"] = e.rule
        out.append(d)
    return out, {(name(f.subject), f.prop, name(f.obj)) for f in facts}


def test_agreed_purchase_with_seller(nlp):
    [e], owns = deals(nlp, "Norland Corp said it agreed to buy Vesta Mining Inc from Ardent Holdings "
                           "for 40 mln dlrs.")
    assert e == {"buyer": {"Norland Corp"}, "target": {"Vesta Mining Inc"}, "seller": {"Ardent Holdings"},
                 "stake": None, "rule": "acquisition.buy"}
    assert ("Norland Corp", "owns", "Vesta Mining Inc") in owns


def test_stake_bought_in_shares(nlp):
    [e], _ = deals(nlp, "Halvard Group said it has acquired 412,000 shares of Crestline Foods Inc, "
                        "or 7.3 pct of the total outstanding.")
    assert e["buyer"] == {"Halvard Group"} and e["target"] == {"Crestline Foods Inc"}
    assert e["stake"] == Decimal("7.3")


def test_agreement_to_be_acquired_by(nlp):
    [e], owns = deals(nlp, "Pinecrest Savings Bank said it has signed a definitive agreement to be acquired by "
                           "Tollan Financial Corp for 20 mln dlrs.")
    assert e["buyer"] == {"Tollan Financial Corp"} and e["target"] == {"Pinecrest Savings Bank"}
    assert ("Tollan Financial Corp", "owns", "Pinecrest Savings Bank") in owns


def test_took_a_stake(nlp):
    [e], owns = deals(nlp, "Halvard Group took a 25 pct stake in Crestline Foods Inc in 1980.")
    assert e["buyer"] == {"Halvard Group"} and e["target"] == {"Crestline Foods Inc"}
    assert e["stake"] == Decimal("25")


def test_took_an_interest_without_a_figure_is_no_purchase(nlp):
    events, owns = deals(nlp, "Halvard Group took an interest in Crestline Foods Inc last year.")
    assert events == [] and owns == set()


def test_hoped_to_take_a_stake_is_no_purchase(nlp):
    events, owns = deals(nlp, "Halvard Group said in January it hoped to take a 30 pct stake in Crestline Foods Inc.")
    assert events == [] and owns == set()


def test_held_a_total_of_shares(nlp):
    _, owns = deals(nlp, "Halvard Group said it held a total of 295,800 Crestline Foods Inc shares, or 14.8 pct.")
    assert ("Halvard Group", "owns", "Crestline Foods Inc") in owns


def test_retains_an_interest(nlp):
    _, owns = deals(nlp, "Halvard Group will retain a 49 pct interest in Crestline Foods Inc after the sale.")
    assert ("Halvard Group", "owns", "Crestline Foods Inc") in owns


def test_a_possessed_stake_is_a_holding(nlp):
    _, owns = deals(nlp, "Halvard Group said the sale of its 65 pct interest in Crestline Foods Inc to Norland "
                         "Corp was delayed.")
    assert ("Halvard Group", "owns", "Crestline Foods Inc") in owns


def test_a_stake_sold_is_no_holding(nlp):
    _, owns = deals(nlp, "Halvard Group said it sold its 50 pct stake in Crestline Foods Inc for 9 mln dlrs.")
    assert ("Halvard Group", "owns", "Crestline Foods Inc") not in owns


def test_the_rest_it_does_not_already_own(nlp):
    events, owns = deals(nlp, "Halvard Group will pay 12 dlrs a share for the 29 pct of Crestline Foods Inc's shares "
                              "it does not already own.")
    assert ("Halvard Group", "owns", "Crestline Foods Inc") in owns


def test_passive_acquired_by(nlp):
    [e], _ = deals(nlp, "Pinecrest Bank was acquired by Tollan Financial Corp last year.")
    assert e["buyer"] == {"Tollan Financial Corp"} and e["target"] == {"Pinecrest Bank"}


def test_sold_to_gives_buyer_and_seller(nlp):
    [e], owns = deals(nlp, "Meridian Industries Inc sold its Corvel Plastics unit to Astor Chemical Co on Friday.")
    assert e["buyer"] == {"Astor Chemical Co"} and e["target"] == {"Corvel Plastics"}
    assert e["seller"] == {"Meridian Industries Inc"} and e["rule"] == "acquisition.sell"
    assert ("Astor Chemical Co", "owns", "Corvel Plastics") in owns


def test_completed_acquisition(nlp):
    [e], _ = deals(nlp, "Granite Savings Corp said it completed the acquisition of Harbor Federal Bank.")
    assert e["buyer"] == {"Granite Savings Corp"} and e["target"] == {"Harbor Federal Bank"}
    assert e["rule"] == "acquisition.completed"


def test_a_purchase_named_by_its_buyer(nlp):
    [e], owns = deals(nlp, "Kestrel Inc said it arranged the financing of its purchase of Lumen Optics Corp "
                           "from Ardent Holdings Corp.")
    assert e["buyer"] == {"Kestrel Inc"} and e["target"] == {"Lumen Optics Corp"} and e["rule"] == "acquisition.noun"
    assert ("Kestrel Inc", "owns", "Lumen Optics Corp") in owns
    [e], _ = deals(nlp, "The takeover of Lumen Optics Corp by Kestrel Inc was cleared on Friday.")
    assert e["buyer"] == {"Kestrel Inc"} and e["target"] == {"Lumen Optics Corp"}


def test_paying_for_a_holding_is_buying_it_but_a_price_offered_is_not(nlp):
    [e], owns = deals(nlp, "Halvard Oil Plc said it paid about 5.4 mln dlrs for 8.6 pct of Crestline Energy Corp.")
    assert e["buyer"] == {"Halvard Oil Plc"} and e["target"] == {"Crestline Energy Corp."}
    assert e["stake"] == Decimal("8.6")
    assert ("Halvard Oil Plc", "owns", "Crestline Energy Corp.") in owns
    assert deals(nlp, "Halvard Oil Plc offered to pay 20 dlrs for 30 pct of Crestline Energy Corp.") == ([], set())
    assert deals(nlp, "Halvard Oil Plc will pay 20 dlrs a share for Crestline Energy Corp.") == ([], set())


@pytest.mark.parametrize("text", [
    "Kestrel Inc said regulators are studying its proposed acquisition of Lumen Optics Corp.",
    "Kestrel Inc said talks on its purchase of Lumen Optics Corp had ended.",
])
def test_a_purchase_proposed_or_talked_about_is_none(nlp, text):
    assert deals(nlp, text) == ([], set())


@pytest.mark.parametrize("text", [
    "Norland Corp offered to buy Vesta Mining Inc for 40 mln dlrs.",
    "Norland Corp said it plans to acquire Vesta Mining Inc.",
    "Norland Corp may buy Vesta Mining Inc, analysts said.",
    "Norland Corp did not buy Vesta Mining Inc.",
    "Norland Corp is in talks to acquire Vesta Mining Inc.",
    "Rumors that Norland Corp has acquired Vesta Mining Inc lifted the shares.",
])
def test_an_offer_a_plan_a_modal_or_a_negation_is_no_acquisition(nlp, text):
    events, owns = deals(nlp, text)
    assert events == [] and owns == set()


def test_a_holding_gives_owns_without_an_event(nlp):
    events, owns = deals(nlp, "Ridgeway Capital holds a 12 pct stake in Larkspur Energy Corp, a filing showed.")
    assert events == []
    assert owns == {("Ridgeway Capital", "owns", "Larkspur Energy Corp")}


def test_assets_bought_are_an_acquisition_but_not_ownership_of_the_seller(nlp):
    [e], owns = deals(nlp, "Harlow Energy Partners Ltd said it has agreed to purchase all of Brisco Industries "
                           "Inc's oil and gas properties for 5 mln dlrs.")
    assert e["buyer"] == {"Harlow Energy Partners Ltd"} and e["target"] == {"Brisco Industries Inc"}
    assert owns == set()


def test_a_stake_lowered_is_still_held(nlp):
    _, owns = deals(nlp, "Marsh Capital Inc said it lowered its stake in Tidewater Oil Corp to 400,000 shares, "
                         "or 6.1 pct of the total.")
    assert ("Marsh Capital Inc", "owns", "Tidewater Oil Corp") in owns


def test_a_group_that_holds_a_stake_owns_it(nlp):
    _, owns = deals(nlp, "Harbor Partners, a group of three investors who hold 6.2 pct of Quill Foods Corp "
                         "stock, said it would vote against the plan.")
    assert ("Harbor Partners", "owns", "Quill Foods Corp") in owns


def test_a_named_unit_bought_from_its_parent_is_the_target_not_the_parent(nlp):
    [e], owns = deals(nlp, "KesCare Systems Inc said it bought Varna Data Corp's MedLink unit for an undisclosed sum.")
    assert e["buyer"] == {"KesCare Systems Inc"} and e["target"] == {"MedLink"}
    assert owns == {("KesCare Systems Inc", "owns", "MedLink")}


def test_a_stake_bought_from_its_holder_is_no_longer_the_holders(nlp):
    _, owns = deals(nlp, "Varna Corp bought Ardent Holdings' 20 pct stake in Kestrel Mining Inc on Monday.")
    assert ("Varna Corp", "owns", "Kestrel Mining Inc") in owns
    assert ("Ardent Holdings", "owns", "Kestrel Mining Inc") not in owns


def test_the_parent_named_in_a_targets_description_is_not_bought(nlp):
    import kg

    b = kg.build(["Varto Corp said it agreed to acquire all the stock of Kelmer Trailer Corp, a wholly owned "
                  "subsidiary of Brandis Corp, for about 70 mln dlrs."])
    rel = {(str(s).rsplit("/", 1)[-1], str(p).rsplit("#", 1)[-1], str(o).rsplit("/", 1)[-1])
           for s, p, o, *_ in b.quads()}
    assert ("varto-corp", "owns", "kelmer-trailer-corp") in rel
    assert ("varto-corp", "owns", "brandis-corp") not in rel
    assert not [r for r in rel if r[1] == "target" and r[2] == "brandis-corp"]
