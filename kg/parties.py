"""Party membership: a Doc and its Mentions in, party Mentions and `memberOf` / `leaderOf` Facts out.

    tag          "Dan Smith, D-Ill., said", "Senator Ann Lee (R-Nebr.)"  -> memberOf Democratic / Republican Party
    adjective    "Republican Senator Ann Lee", "Labour MP Tom Reed", "Democrat Jim Ward"
                 -> memberOf the party; "Conservative leader X", "SPD chief X" -> leaderOf it
    apposition   "Ed Derwin, a Republican from Chicago, said" -> memberOf Republican Party
    named        "the SPD's Olaf Brandt", "CDU politician X" (the party named by the
                 organizations ruler: kg.roles reads its title phrase, this module its possessive)

Parties, their adjectives and the US lawmakers' letters are data (kg/data/parties.jsonl).
An adjective is read as a party only right before a title or a person's name, so
"democratic reforms" stays a phrase. A party named only by an adjective or a letter
becomes a mention with the party's canonical name (its node's label).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from spacy.attrs import LOWER
from spacy.tokens import Doc

from . import data, rulefiles
from .entities import paragraph_of, sentence_index, text_of
from .model import Fact, Mention
from .nlp import TITLE
from .tokenmatch import tokens_where

TAG = re.compile(r"\s*[,(]\s*([A-Z])-[A-Z][A-Za-z.]*\.?")  # ", D-Ill." / " (R-Nebr.)"
LEADERS = rulefiles.word_set("people.toml", "party_leaders")
# Words between a party's adjective and a name that are no title of the tables
CAMPAIGN = rulefiles.word_set("people.toml", "campaign")
# Words before a title that leave it a party's ("senior Republican senator X")
PARTY_MODIFIERS = rulefiles.word_tuple("people.toml", "party_modifiers")
# What a party named by its members does: "Republicans blocked the bill", "a vote by the Conservatives"
PLURAL_ROLES = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"}


@lru_cache(maxsize=1)
def _by_word() -> tuple[dict[str, data.Party], dict[str, data.Party]]:
    adjectives = {a.lower(): p for p in data.parties() for a in p.adjectives}
    codes = {c: p for p in data.parties() for c in p.codes}
    return adjectives, codes


@lru_cache(maxsize=1)
def party_words() -> dict[str, data.Party]:
    """A party's normalized name, alias or adjective -> the party ("labour", "spd")."""
    out = {data.norm(a): p for p in data.parties() for a in p.adjectives}
    out.update({data.norm(a): p for p in data.parties() for a in (p.name, *p.aliases)})
    return out


@lru_cache(maxsize=1)
def adjective_words() -> frozenset[str]:
    """The parties' adjectives, in lower case ("republican", "labour")."""
    return frozenset(_by_word()[0])


def _party_mention(person: Mention, party: data.Party, start: int, end: int, text: str) -> Mention:
    return Mention(article=person.article, start=start, end=end, text=text, cls="Organization",
                   known=party.name, sent=person.sent, para=person.para)


@lru_cache(maxsize=1)
def _shared() -> dict[str, tuple[data.Party, ...]]:
    """Normalized name that several countries' parties go by ("greens") -> those parties."""
    out: dict[str, dict[str, data.Party]] = {}
    for p in data.parties():
        for form in p.shared:  # "Left Party", "Left party": one form
            out.setdefault(data.norm(form), {})[p.name] = p
    return {k: tuple(v.values()) for k, v in out.items()}


def _party_of_country(cands: tuple[data.Party, ...], named: Counter) -> data.Party | None:
    """The party of the country the article names most, if one is named more than the others."""
    ranked = sorted(((named[p.country], p.name, p) for p in cands), key=lambda r: (-r[0], r[1]))
    if ranked[0][0] and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
        return ranked[0][2]
    return None


def _article_parties(mentions: list[Mention]) -> dict[str, data.Party]:
    """Normalized shared name -> the party it is in this article: that of the country the article
    names most ("the Greens" of a German article are Germany's); none when no such country is named."""
    named = Counter(m.known for m in mentions if m.cls == "Country" and m.known and not m.pronoun)
    chosen = {form: _party_of_country(cands, named) for form, cands in _shared().items()}
    return {form: p for form, p in chosen.items() if p is not None}


def shared_names(mentions: list[Mention]) -> list[Mention]:
    """'the Greens', 'the Left Party': a name that several countries' parties go by is the party
    of the country its article names most; left as it is when no such country is named."""
    if not any(data.norm(m.text) in _shared() for m in mentions):
        return mentions
    here = _article_parties(mentions)
    out = []
    for m in mentions:
        party = here.get(data.norm(m.text))
        if party is not None and m.cls in ("Organization", "Person", "") and not m.known and not m.pronoun:
            # a cue may have read a party's name as a person's ("talks with leading Social Democrats, X and Y")
            m = replace(m, cls="Organization", known=party.name, tentative=False)
        out.append(m)
    return out


def extract(doc: Doc, mentions: list[Mention]) -> tuple[list[Mention], list[Fact]]:
    """Party mentions made from adjectives and tags, and the memberOf / leaderOf facts of one article."""
    adjectives, codes = _by_word()
    # one-word shared names are party words too: "Greens leader X", "the Greens" of a German article
    local = {form: p for form, p in _article_parties(mentions).items() if " " not in form}
    if local:
        adjectives = {**local, **adjectives}
    text = text_of(doc)
    found: list[Mention] = []
    facts: list[Fact] = []

    def fact(person: Mention, party: Mention, prop: str, rule: str, lo: int, hi: int) -> None:
        span = doc.char_span(person.start, person.end, alignment_mode="expand")
        facts.append(Fact(subject=person, prop=prop, obj=party, article=person.article,
                          sentence=span.sent.text.strip() if span is not None else "", start=lo, end=hi,
                          rule=rule, confidence=0.8, classes=(("Person",), ("Organization",))))

    party_ending = {m.end: m for m in mentions if m.known in data.party_names()}
    for person in mentions:
        if person.cls != "Person" or person.pronoun or person.refers_to:
            continue
        # ", D-Ill."
        tag = TAG.match(text, person.end)
        if tag and tag.group(1) in codes:
            party = _party_mention(person, codes[tag.group(1)], tag.start(1), tag.end(1), tag.group(1))
            found.append(party)
            fact(person, party, "memberOf", "party.tag", person.start, tag.end())
        span = doc.char_span(person.start, person.end)
        if span is None:
            continue
        # "Ed Derwin, a Republican from Chicago,": the party in apposition
        j = span.end
        if j + 2 < len(doc) and doc[j].text == "," and doc[j + 1].lower_ in ("a", "an") \
                and doc[j + 2].text[:1].isupper() and doc[j + 2].lower_ in adjectives \
                and (j + 3 == len(doc) or doc[j + 3].text in (",", ".") or doc[j + 3].lower_ in ("from", "of", "who")):
            word = doc[j + 2]
            party = _party_mention(person, adjectives[word.lower_], word.idx, word.idx + len(word), word.text)
            found.append(party)
            fact(person, party, "memberOf", "party.apposition", person.start, word.idx + len(word))
        first = span[0]
        # walk left over a title phrase and modifiers to a party word
        i = first.i - 1
        leader = False
        while i >= 0 and (doc[i].ent_type_ == TITLE or doc[i].lower_ in PARTY_MODIFIERS
                          or doc[i].lower_ in CAMPAIGN):  # "Republican presidential candidate X"
            leader = leader or doc[i].lower_ in LEADERS
            i -= 1
        if i < 0 or doc[i].i < first.sent.start:
            continue
        word = doc[i]
        if word.tag_ == "POS" and i > 0:  # "the SPD's Olaf Brandt"
            before = party_ending.get(doc[i - 1].idx + len(doc[i - 1]))
        else:
            before = party_ending.get(word.idx + len(word))
        if before is not None:
            fact(person, before, "leaderOf" if leader else "memberOf", "party.named", before.start, person.end)
            continue
        party_of = adjectives.get(word.lower_) if word.text[:1].isupper() else None
        if party_of is None:
            continue
        party = _party_mention(person, party_of, word.idx, word.idx + len(word), word.text)
        found.append(party)
        fact(person, party, "leaderOf" if leader else "memberOf", "party.adjective", word.idx, person.end)
    found += _members_for_party(doc, mentions, found, adjectives)
    return found, facts


def _members_for_party(doc: Doc, mentions: list[Mention], found: list[Mention], adjectives) -> list[Mention]:
    """'Republicans blocked the bill', 'a vote by the Conservatives': a party's plural word,
    standing alone as a noun, names the party."""
    if not mentions:
        return []
    named = [m for m in mentions if m.cls]  # not the NER's unplaced NORP guesses ("Democrats")
    taken = {(m.start, m.end) for m in (*named, *found)}
    covered = [(m.start, m.end) for m in named]
    sent_of = None
    out = []
    for tok in tokens_where(doc, LOWER, adjectives.__contains__):
        if tok.text[:1].isupper() and tok.lower_.endswith("s") \
                and tok.dep_ in PLURAL_ROLES and tok.tag_ in ("NNPS", "NNS", "NNP") \
                and not any(a <= tok.idx < b for a, b in covered) \
                and (tok.idx, tok.idx + len(tok)) not in taken:
            sent_of = sent_of or sentence_index(doc)
            out.append(Mention(article=mentions[0].article, start=tok.idx, end=tok.idx + len(tok), text=tok.text,
                               cls="Organization", known=adjectives[tok.lower_].name,
                               sent=sent_of.get(tok.sent.start, 0), para=paragraph_of(doc, tok.idx)))
    return out
