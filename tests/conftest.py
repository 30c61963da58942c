"""Shared fixtures: the real spaCy pipeline (loaded once) and paths."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load

    return load()


@pytest.fixture(scope="session")
def seed_build():
    from kg.pipeline import build

    return build([str(SEEDS)])


def prepare(nlp, text: str, published: str | None = None):
    """An article's mentions, pronouns resolved, as kg.pipeline.extract makes them; and a
    function naming a mention (a pronoun by the mention it stands for)."""
    from kg import coref, entities, roles

    doc = nlp(text)
    found = entities.mentions(doc, "t", published)
    found += coref.resolve(doc, found, roles.facts(doc, found))
    by_key = {m.key: m for m in found}

    def name(m):
        return by_key[m.refers_to].text if m.pronoun and m.refers_to in by_key else m.text

    return doc, found, name
