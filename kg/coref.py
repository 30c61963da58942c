"""Pronouns and descriptions that stand for people: a Doc and its Mentions in, more Mentions out.

No offline coreference model can be had (coreferee fetches its model at run time,
fastcoref and maverick need hub weights), so this is a small, tested heuristic:

- he/him/his/himself, she/her/hers/herself: the last person named before it in
  the same paragraph, outside quotations, whose gender does not clash. A pronoun
  before the main subject of its sentence ("During his meeting with X, Y said")
  is that subject. A paragraph that opens with the pronoun looks back one paragraph.
- I/me/my/myself inside a quotation: the quotation's speaker, the person named
  in the same sentence outside the quotation (before it, or after it when the
  quotation opens the sentence), else the one of the sentence before.
- "the two leaders", "both leaders" (men, presidents, women): the last two
  different people named in the paragraph or the one before it.
- "the ambassador", "the U.S. ambassador", "the President": the one person of the
  article who holds that title (from kg.roles), when exactly one does.

Each resolved pronoun is a Mention with pronoun=True and refers_to the key of the
mention it stands for; resolution gives it that mention's entity. Pronouns never
become labels.
"""
from __future__ import annotations

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc

from . import data, quotes, rulefiles
from .entities import paragraph_of, same_person, text_of
from .entities import people as named_people
from .model import Fact, Mention
from .nlp import TITLE
from .syntax import quote_speaker
from .tokenmatch import tokens_where

MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
FIRST_PERSON = {"i", "me", "my", "mine", "myself"}
PAIR_NOUNS = rulefiles.word_set("people.toml", "pair_nouns")
FEMALE_CUES = rulefiles.word_set("people.toml", "female_cues")
MALE_CUES = rulefiles.word_set("people.toml", "male_cues")
LEADER_PAIRS = rulefiles.word_tuple("people.toml", "leader_pairs")


def _is_leader_title(title: str | None) -> bool:
    known = data.title_words().get(data.norm(title or ""))
    return bool(known and known.leader)


def _gender(doc: Doc, m: Mention) -> str | None:
    """'m' or 'f' when a title or honorific right before the name says so."""
    before = text_of(doc)[max(0, m.start - 40):m.start].lower()
    tail = " ".join(data.norm(before).split()[-2:])
    for cue in FEMALE_CUES:
        if tail.endswith(cue):
            return "f"
    for cue in MALE_CUES:
        if tail.endswith(cue):
            return "m"
    return None


def resolve(doc: Doc, mentions: list[Mention], facts: list[Fact]) -> list[Mention]:
    """Mentions for the pronouns and descriptions of the article that stand for a named person."""
    article = mentions[0].article if mentions else ""
    qs = quotes.spans(text_of(doc))
    people = [m for m in named_people(mentions) if not m.pronoun]
    genders = {m.key: _gender(doc, m) for m in people}
    out: list[Mention] = []

    def before(offset: int, para: int, outside_quotes: bool = True) -> list[Mention]:
        found = [m for m in people + out if m.start < offset and m.para == para
                 and not (outside_quotes and quotes.inside(qs, m.start))]
        return sorted(found, key=lambda m: m.start)

    def add(tok, antecedent: Mention, end: int | None = None) -> None:
        target = antecedent.target
        out.append(Mention(article=article, start=tok.idx, end=end or tok.idx + len(tok), text=tok.text,
                           cls="Person", sent=antecedent.sent, para=paragraph_of(doc, tok.idx),
                           pronoun=True, refers_to=target))

    holders = _title_holders(facts)
    for i in _cues(doc):
        tok = doc[i]
        low = tok.lower_
        para = paragraph_of(doc, tok.idx)
        in_quote = quotes.inside(qs, tok.idx)
        if low in MALE | FEMALE and tok.pos_ == "PRON" and not in_quote:
            want = "m" if low in MALE else "f"
            subject = _cataphor(tok, people)
            if subject:
                add(tok, subject)
                continue
            cands = [m for m in before(tok.idx, para) if genders.get(m.key) in (None, want)]
            if not cands and not before(tok.idx, para, outside_quotes=False) and para > 0:
                cands = [m for m in before(tok.idx, para - 1) if genders.get(m.key) in (None, want)]
            if cands:
                add(tok, _prefer_subject(doc, tok, cands))
        elif low in FIRST_PERSON and tok.pos_ == "PRON" and in_quote:
            speaker = quote_speaker(doc, in_quote, people + out, qs)
            if speaker:
                add(tok, speaker)
        elif low in PAIR_NOUNS and tok.i >= 2 and doc[tok.i - 1].lower_ in ("two", "both") or \
                low in PAIR_NOUNS and tok.i >= 1 and doc[tok.i - 1].lower_ == "both":
            start = doc[tok.i - 2] if doc[tok.i - 2].lower_ == "the" else doc[tok.i - 1]
            pool = before(tok.idx, para - 1) + before(tok.idx, para)
            if low in LEADER_PAIRS:
                leaders = [f.subject for f in facts if f.prop == "leaderOf" or
                           f.prop == "jobTitle" and _is_leader_title(f.value)]
                pool = [m for m in pool if any(same_person(m, lead) for lead in leaders)] or pool
            pair: list[Mention] = []
            for m in reversed(pool):
                if not any(same_person(m, p) or m.target == p.target for p in pair):
                    pair.append(m)
                if len(pair) == 2:
                    break
            if len(pair) == 2:
                for m in pair:
                    add(start, m, end=tok.idx + len(tok))
        elif tok.ent_type_ == TITLE and tok.ent_iob_ == "B":
            holder = _description(doc, tok, holders, mentions)
            if holder:
                ent = next(e for e in doc.ents if e.start == tok.i)
                add(tok, holder, end=ent.end_char)
    return out + _they(doc, mentions)


SAY = rulefiles.word_set("speech.toml", "say")


def _they(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"Acme Corp and Beta Inc said they reached an agreement": 'they' as the subject of what a
    joined subject says is each of the names joined (a mention per name, on the one word)."""
    article = mentions[0].article if mentions else ""
    at: dict[int, Mention] = {}
    for m in mentions:
        if not m.pronoun and m.cls in ("Person", "Organization", "Country"):
            at.setdefault(m.end, m)
    out = []
    for tok in tokens_where(doc, LOWER, "they".__eq__):
        if tok.dep_ != "nsubj" or tok.head.dep_ != "ccomp" \
                or tok.head.head.lemma_.lower() not in SAY:
            continue
        said = [c for c in tok.head.head.children if c.dep_ == "nsubj" and c.i < tok.i]
        names = [t for s in said for t in (s, *s.conjuncts)]
        got = [at.get(t.idx + len(t)) for t in names]
        found = [m for m in got if m is not None]
        if len(got) < 2 or len(found) < len(got):
            continue
        for m in found:
            out.append(Mention(article=article, start=tok.idx, end=tok.idx + len(tok), text=tok.text, cls=m.cls,
                               sent=m.sent, para=m.para, pronoun=True, refers_to=m.target))
    return out


CUE_WORDS = MALE | FEMALE | FIRST_PERSON | PAIR_NOUNS
_CUE_IDS = numpy.array(sorted(get_string_id(w) for w in CUE_WORDS), dtype=numpy.uint64)
_B = 3  # ENT_IOB of a token that begins an entity


def _cues(doc: Doc) -> list[int]:
    """The tokens resolve() may act on, in order: a pronoun or pair noun of CUE_WORDS, or the
    first token of a title. Read from one Doc.to_array: most tokens are none, and making
    spaCy tokens to find that out costs more than resolving."""
    rows = doc.to_array([LOWER, ENT_TYPE, ENT_IOB]).reshape(len(doc), 3)
    cue = numpy.isin(rows[:, 0], _CUE_IDS) | (rows[:, 1] == get_string_id(TITLE)) & (rows[:, 2] == _B)
    return numpy.flatnonzero(cue).tolist()


def _prefer_subject(doc: Doc, tok, cands: list[Mention]) -> Mention:
    """The last person named; but a pronoun that opens a sentence as its subject continues
    the subject of the sentence before ("Ishiba told reporters he had spoken with Merz.
    He added …" -> Ishiba)."""
    sent = tok.sent
    opens = tok.dep_ in ("nsubj", "nsubjpass") and all(t.is_punct or t.is_space for t in doc[sent.start:tok.i])
    if opens and sent.start > 0:
        prev = doc[sent.start - 1].sent
        for m in reversed(cands):
            if m.start < prev.start_char:
                break
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
                return m
    return cands[-1]


def _cataphor(tok, people: list[Mention]) -> Mention | None:
    """'During his first meeting with X, Y stated': his -> Y, the main subject after it."""
    sent = tok.sent
    root = sent.root
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > tok.i]
    if not subjects or tok.head.i == root.i and tok.dep_.startswith("nsubj"):
        return None
    subj = subjects[0]
    # the pronoun must sit in a fronted phrase: before the subject, not inside it
    if subj.left_edge.i <= tok.i:
        return None
    for m in people:
        if subj.idx <= m.end and m.start <= subj.idx + len(subj) and m.start >= subj.left_edge.idx:
            return m
    return None


def _title_holders(facts: list[Fact]) -> dict[str, list[Mention]]:
    """Normalized job title -> the person mentions that hold it in the article."""
    out: dict[str, list[Mention]] = {}
    for f in facts:
        if f.prop == "jobTitle" and f.value:
            out.setdefault(data.norm(f.value), []).append(f.subject)
    return out


def _description(doc: Doc, tok, holders: dict, mentions: list[Mention]) -> Mention | None:
    """'the (U.S.) ambassador' not followed by a name: the article's one holder of that title."""
    if tok.ent_iob_ != "B":
        return None  # not the start of an entity
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    ent = doc[tok.i:end]
    if ent.end < len(doc) and doc[ent.end].ent_type_ == "PERSON":
        return None
    i = ent.start - 1
    while i >= 0 and (doc[i].ent_type_ in ("GPE", "NORP", "ORG") or doc[i].tag_ == "POS"):
        i -= 1
    if i < 0 or doc[i].lower_ != "the":
        return None
    if i > 0 and doc[i - 1].text == ",":
        return None  # "Scott Bessent, the U.S. Treasury Secretary": an apposition, not a reference
    found = holders.get(data.norm(ent.text), [])
    distinct: list[Mention] = []
    for m in found:
        if not any(same_person(m, d) for d in distinct):
            distinct.append(m)
    if len(distinct) != 1:
        return None
    latest = [m for m in found if m.start < ent.start_char]
    return (latest or found)[-1]
