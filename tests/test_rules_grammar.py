"""The relation rules' file (TOML) is checked at load: a typo in a path or a dependency fails with the
rule and the line of its id, instead of loading and never matching."""
import json

import pytest

from kg.errors import RuleError
from kg.relations import parse_rules, rules

GOOD = {"id": "met.verb", "prop": "met", "trigger": {"LEMMA": "meet", "POS": "VERB"}, "subject": ["nsubj"],
        "object": ["dobj", "prep:with", "head>up:nsubj", "else:up:nsubj*"]}


def value(v):
    """A TOML value: JSON's strings, numbers and arrays are TOML's; a table is written inline."""
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + "}"
    return json.dumps(v)


def lines(*rows):
    """A rules file: a comment, then one [[rule]] table per row, its id on the table's second line."""
    return "# a comment\n\n" + "\n".join(
        "[[rule]]\n" + "".join(f"{k} = {value(v)}\n" for k, v in r.items()) for r in rows)


def test_the_shipped_rules_pass_the_checks():
    assert len(rules()) > 30


def test_a_good_rule_loads():
    [rule] = parse_rules(lines(GOOD), "r.toml")
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
    text = lines(GOOD, bad)
    assert text.splitlines()[11 - 1] == 'id = "bad.rule"'
    with pytest.raises(RuleError, match=rf"^r\.toml:11: rule 'bad\.rule' .*{named}"):
        parse_rules(text, "r.toml")


def test_an_unknown_property_still_fails():
    with pytest.raises(RuleError, match=r"^r\.toml:4: rule 'met.verb' names 'meets'"):
        parse_rules(lines({**GOOD, "prop": "meets"}), "r.toml")


def test_malformed_toml_fails_naming_the_file_and_line():
    with pytest.raises(RuleError, match=r"^r\.toml:5: malformed TOML \(Invalid value, column 8\)$"):
        parse_rules(lines(GOOD).replace('prop = "met"', 'prop = met'), "r.toml")


def test_an_unknown_field_fails_naming_the_rule_s_line():
    with pytest.raises(RuleError, match=r"^r\.toml:4: .*'trigerr'"):
        parse_rules(lines({"id": "x.y", "trigerr": {"LEMMA": "meet"}}), "r.toml")


def test_a_rule_s_line_is_its_id_s_even_when_the_id_is_not_first():
    text = lines(GOOD, {"prop": "meets", "id": "late.id", "trigger": {"LEMMA": "x"}})
    line = text.splitlines().index('id = "late.id"') + 1
    with pytest.raises(RuleError, match=rf"^r\.toml:{line}: rule 'late.id' names 'meets'"):
        parse_rules(text, "r.toml")


@pytest.mark.model
def test_up_nsubj_may_end_a_chain_of_steps(nlp):
    from kg.relations import follow

    doc = nlp("Kestrel said that its new plan works well.")
    plan = next(t for t in doc if t.text == "plan")
    assert plan.head.text == "works"
    assert [t.text for t in follow(plan, "head>up:nsubj")] == ["Kestrel"]
