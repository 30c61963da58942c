"""The relation rules' file is checked at load: a typo in a path or a dependency fails with the rule
and its line, instead of loading and never matching."""
import json

import pytest

from kg.errors import RuleError
from kg.relations import parse_rules, rules

GOOD = {"id": "met.verb", "prop": "met", "trigger": {"LEMMA": "meet", "POS": "VERB"}, "subject": ["nsubj"],
        "object": ["dobj", "prep:with", "head>up:nsubj", "else:up:nsubj*"]}


def lines(*rows):
    return "\n".join(json.dumps(r) for r in rows)


def test_the_shipped_rules_pass_the_checks():
    assert len(rules()) > 30


def test_a_good_rule_loads():
    [rule] = parse_rules(lines({"about": "a comment line"}, GOOD), "r.jsonl")
    assert rule.id == "met.verb" and rule.object[2] == "head>up:nsubj"


@pytest.mark.parametrize("field, value, named", [
    ("object", ["nsubjj"], "'nsubjj'"),
    ("object", ["prep:wth"], "'prep:wth'"),
    ("subject", ["dobj>>poss"], "'dobj>>poss'"),
    ("subject", ["self>dobj"], "'self>dobj'"),
    ("forbid", ["oprdd"], "'oprdd'"),
    ("requires", {"dobjj": ["deal"]}, "'dobjj'"),
])
def test_a_typo_in_a_path_or_a_dependency_fails_naming_the_rule_and_line(field, value, named):
    bad = {**GOOD, "id": "bad.rule", field: value}
    with pytest.raises(RuleError, match=rf"^r\.jsonl:2: rule 'bad\.rule' .*{named}"):
        parse_rules(lines(GOOD, bad), "r.jsonl")


def test_an_unknown_property_still_fails():
    with pytest.raises(RuleError, match=r"^r\.jsonl:1: rule 'met.verb' names 'meets'"):
        parse_rules(lines({**GOOD, "prop": "meets"}), "r.jsonl")


@pytest.mark.model
def test_up_nsubj_may_end_a_chain_of_steps(nlp):
    from kg.relations import follow

    doc = nlp("Kestrel said that its new plan works well.")
    plan = next(t for t in doc if t.text == "plan")
    assert plan.head.text == "works"
    assert [t.text for t in follow(plan, "head>up:nsubj")] == ["Kestrel"]
