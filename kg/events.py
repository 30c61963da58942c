"""Tariff changes as event nodes: a Doc and its Mentions in, TariffChange EventRecords out.

    "the U.S. agreed to reduce tariffs on Chinese goods to around 30% from 145%"
        -> TariffChange(agent=U.S., target=China, fromRate=145, toRate=30)
    "China reduced its levies on American imports to 10%"
        -> TariffChange(agent=China, target=United States, toRate=10)

The vocabulary is data (kg/rules/tariffs.toml). Rates are decimals in percent.
A change that is only planned, threatened or conditional ("might raise") makes
no event, by the same test as relations.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

import numpy
from spacy.attrs import LEMMA, POS
from spacy.symbols import NOUN
from spacy.tokens import Doc, Token

from . import rulefiles
from .model import EventRecord, Mention
from .relations import irrealis, negated
from .roles import sentence_text
from .syntax import MentionIndex, subject_up, trigger_date

AGENT_CLASSES = ("Country", "Organization")
CLAUSE_DEPS = {"ccomp", "relcl", "advcl", "conj", "parataxis"}
PERCENT_SIGNS = rulefiles.word_tuple("entities.toml", "percent_signs")


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return rulefiles.table("tariffs.toml")


def percent(tokens) -> Decimal | None:
    """The first 'N%', 'N percent', 'N pct' or 'N per cent' among tokens."""
    toks = list(tokens)
    for i, t in enumerate(toks[:-1]):
        if t.like_num and toks[i + 1].lower_ in PERCENT_SIGNS:
            try:
                return Decimal(t.text.replace(",", ""))
            except InvalidOperation:
                continue
    return None


def _clause(tok: Token):
    """tok's subtree without nested clauses."""
    out, todo = [], [tok]
    while todo:
        t = todo.pop()
        out.append(t)
        todo += [c for c in t.children if c.dep_ not in CLAUSE_DEPS]
    return sorted(out, key=lambda t: t.i)


def _rates(verb: Token, noun: Token) -> dict[str, Decimal]:
    rates: dict[str, Decimal] = {}
    for t in _clause(verb):
        if t.dep_ == "prep" and t.lower_ in ("to", "from"):
            value = percent(t.subtree)
            key = "toRate" if t.lower_ == "to" else "fromRate"
            if value is not None and key not in rates:
                rates[key] = value
    if "toRate" not in rates:
        value = percent(c for c in noun.lefts for c in c.subtree)
        if value is None:  # "tariffs of up to 50 pct"
            value = percent(t for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for t in p.subtree)
        if value is not None:  # "a 25% tariff"
            rates["toRate"] = value
    return rates


def _put_off(verb: Token) -> bool:
    """'agreed to hold up imposing duties', 'delayed raising tariffs': not done."""
    node = verb
    while node.head.i != node.i and node.dep_ in ("xcomp", "pcomp", "advcl", "ccomp", "dobj", "acl"):
        node = node.head
        if node.lemma_.lower() in vocabulary()["put_off_verbs"] or node.lemma_.lower() == "hold" and any(
                c.dep_ == "prt" and c.lower_ in ("up", "off", "back") for c in node.children):
            return True
    return False


def _nouns(doc: Doc, nouns: list[str]) -> list[Token]:
    """The tokens that are one of `nouns` (by lower-case lemma) and a NOUN, in order. Read from
    one Doc.to_array: making a spaCy token of every word costs more than the rest."""
    rows = doc.to_array([POS, LEMMA]).reshape(len(doc), 2)
    strings = doc.vocab.strings
    at = numpy.flatnonzero(rows[:, 0] == NOUN).tolist()
    lemmas = rows[at, 1].tolist()
    wanted = {h: strings[h].lower() in nouns for h in set(lemmas)}
    return [doc[i] for i, lemma in zip(at, lemmas, strict=True) if wanted[lemma]]


def extract(doc: Doc, mentions: list[Mention], *, published: str | None = None) -> list[EventRecord]:
    vocab = vocabulary()
    index = None
    article = mentions[0].article if mentions else ""
    out: list[EventRecord] = []
    for noun in _nouns(doc, vocab["nouns"]):
        verb = noun.head
        if noun.dep_ not in ("dobj", "nsubjpass") or verb.lemma_.lower() not in vocab["verbs"]:
            continue
        if irrealis(verb) or negated(verb) or _put_off(verb):
            continue
        rates = _rates(verb, noun)
        lemma = verb.lemma_.lower()
        if not rates and lemma in vocab["removing_verbs"]:
            rates = {"toRate": Decimal(0)}  # "lifted the tariffs": no tariff any more
        if not rates and lemma not in vocab["imposing_verbs"]:
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"] or subject_up(verb, False)
        index = index or MentionIndex(doc, mentions)
        agents = index.of([c for s in subjects for c in (s, *s.conjuncts)], AGENT_CLASSES)
        targets: list[Mention] = []
        # "tariffs on Chinese goods", or the phrase hung on the verb: "reduced its levies on American imports"
        for prep in [*noun.children, *verb.children]:
            if prep.dep_ == "prep" and prep.lower_ in vocab["target_preps"]:
                targets += [m for m in index.of(list(prep.subtree), ("Country",)) if m not in targets]
        roles = tuple([("agent", m) for m in agents] + [("target", m) for m in targets])
        if not rates and not (agents and targets):
            continue  # "imposed tariffs", with no rate: a fact only when it says who and on whom
        values: tuple[tuple[str, object], ...] = tuple(sorted(rates.items()))
        when = trigger_date(verb, published)
        if when:
            values += (("date", when),)
        sent = verb.sent
        out.append(EventRecord(kind="TariffChange", article=article, sentence=sentence_text(doc, sent),
                               start=min(t.idx for t in _clause(verb)),
                               end=max(t.idx + len(t) for t in _clause(verb)), rule="tariff.change",
                               confidence=0.8, roles=roles, values=values))
    return out
