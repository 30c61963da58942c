"""Every rule's own example, run through the real pipeline.

Each [[rule]] of kg/rules/relations.toml carries an `example` sentence and the [subject,
property, object] it `gives`; descriptors.toml, acquisitions.toml and tariffs.toml carry
[[example]] tables for the rules their words feed (with the roles of an event where the rule
makes one). Each example must give its triple, attributed to its rule (the provenance the
fact carries), from kg.pipeline.extract: the whole per-article pipeline, learned extractor off.
"""
from __future__ import annotations

import pytest

from kg import rulefiles
from kg.relations import rules

PUBLISHED = "2025-06-05"


def _examples() -> list[tuple[str, dict]]:
    """(where, example) for every example in kg/rules/: a relation rule's own, then the tables'."""
    out = [(f"relations.toml {r.id}", {"rule": r.id, "text": r.example, "gives": list(r.gives)}) for r in rules()]
    for name in ("descriptors.toml", "acquisitions.toml", "tariffs.toml"):
        out += [(f"{name} {e['rule']} {i}", e) for i, e in enumerate(rulefiles.table(name).get("example", []))]
    return out


EXAMPLES = _examples()


def test_every_relation_rule_has_an_example_giving_its_own_property():
    for rule in rules():
        assert rule.example.strip(), f"{rule.id} has no example"
        assert len(rule.gives) == 3 and rule.gives[1] == rule.prop, f"{rule.id} gives {rule.gives!r}"


def test_every_example_names_what_it_must_give():
    for where, e in EXAMPLES:
        assert e.get("text", "").strip(), where
        assert e.get("gives") or e.get("roles"), where
        assert set(e) <= {"rule", "text", "gives", "event", "roles"}, where


@pytest.mark.model
@pytest.mark.parametrize("where, example", EXAMPLES, ids=[w for w, _ in EXAMPLES])
def test_the_example_gives_its_triple_from_its_rule(nlp, where, example):
    from kg.ingest import Article
    from kg.pipeline import extract

    text, rule = example["text"], example["rule"]
    got = extract(nlp(text), Article(id="example", text=text, date=PUBLISHED), rules_only=True)
    by_key = {m.key: m for m in got.mentions}

    def names(m) -> set[str]:
        """A mention's text and its known name; a pronoun's are those of the mention it stands for."""
        if m.pronoun and m.refers_to in by_key:
            m = by_key[m.refers_to]
        return {m.text} | ({m.known} if m.known else set())

    if example.get("gives"):
        s, p, o = example["gives"]
        facts = [f for f in got.facts if f.rule == rule and f.obj is not None]
        assert any(f.prop == p and s in names(f.subject) and o in names(f.obj) for f in facts), (
            f"{where}: {text!r} gave {[(f.subject.text, f.prop, f.obj.text) for f in facts]} from {rule}")
    if example.get("roles"):
        events = [r for r in got.records if r.rule == rule and r.kind == example["event"]]
        assert any(all(any(role == r and name in names(m) for r, m in ev.roles)
                       for role, name in example["roles"].items()) for ev in events), (
            f"{where}: {text!r} gave {[[(r, m.text) for r, m in ev.roles] for ev in events]} from {rule}")
