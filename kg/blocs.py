"""Countries in blocs: a Doc and its Mentions in, `memberOf` Facts out.

    "Malaysia and its ASEAN partners", "Spain, which joined the EC last year"
        -> Malaysia memberOf ASEAN, Spain memberOf European Community

World knowledge says who belongs to which bloc: kg/data/memberships.jsonl lists each
bloc's member countries with the years they were in it. A fact needs both names in one
article dated in a year of the membership (an undated one takes any): Britain was in the
EC in 1987, not in the EU of 2021. Its evidence is a sentence that names both
(`bloc.sentence`), or else the country's first sentence (`bloc.article`).
"""
from __future__ import annotations

from spacy.tokens import Doc

from . import data
from .model import Fact, Mention
from .roles import sentence_text


def _year(published: str | None) -> int | None:
    return int(published[:4]) if published and published[:4].isdigit() else None


def facts(doc: Doc, mentions: list[Mention], published: str | None = None) -> list[Fact]:
    """memberOf facts of one article: each country and bloc of the table it names."""
    table = data.memberships()
    year = _year(published)
    countries = [(m, m.known) for m in mentions if m.cls == "Country" and m.known and _named(m)]
    said = [(m, m.known) for m in mentions if m.cls == "Organization" and m.known in table and _named(m)]
    first: dict[str, Mention] = {}  # each bloc's first mention
    for m, name in said:
        first.setdefault(name, m)
    together = {(member, name) for c, member in countries for b, name in said if c.sent == b.sent}
    out: list[Fact] = []
    done: set[tuple[str, str]] = set()
    for country, member in countries:
        for name, bloc in first.items():
            spans = table[name].get(member, ())
            if (member, name) in done or not spans or year is not None and not any(
                    since <= year and (until is None or year < until) for since, until in spans):
                continue
            beside = [b for b, n in said if n == name and b.sent == country.sent]
            if not beside and (member, name) in together:
                continue  # a later sentence names both: it is the evidence
            done.add((member, name))
            bloc = beside[0] if beside else bloc
            lo, hi = (min(country.start, bloc.start), max(country.end, bloc.end)) if beside \
                else (country.start, country.end)
            span = doc.char_span(country.start, country.end, alignment_mode="expand")
            out.append(Fact(subject=country, prop="memberOf", obj=bloc, article=country.article,
                            sentence=sentence_text(doc, span.sent) if span is not None else "",
                            start=lo, end=hi, rule="bloc.sentence" if beside else "bloc.article",
                            confidence=0.9 if beside else 0.75, classes=(("Country",), ("Organization",))))
    return out


def _named(m: Mention) -> bool:
    return not m.pronoun and not m.refers_to
