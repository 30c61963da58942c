"""Syntax helpers over a parsed article that more than one extraction stage uses: a Doc,
its Mentions and a token in, tokens, mentions or a date out.

    MentionIndex     the mentions on each token of a Doc
    subject_up       the subject of the nearest governing verb that has one
    trigger_date     the date a trigger's own "on ..."/"in ..." phrase gives
    its_antecedent   what "its" stands for
    quote_speaker    the person a quotation is attributed to

The rule paths (kg.relations.follow) and modality (kg.relations.irrealis, negated) stay
with the relation rules that define them.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from . import dates, quotes, rulefiles
from .entities import paragraph_of, text_of
from .model import Mention


class MentionIndex:
    """Mentions by token, for one Doc."""

    def __init__(self, doc: Doc, mentions: list[Mention]):
        self.at: dict[int, list[Mention]] = {}
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.at.setdefault(t.i, []).append(m)

    def of(self, toks: list[Token], classes: tuple[str, ...] = ()) -> list[Mention]:
        out: list[Mention] = []
        for t in toks:
            for m in self.at.get(t.i, []):
                # a one-word name the NER mistyped ("Orpo" as ORG) may still be a person:
                # resolution decides, and the graph keeps the fact only if it is
                person = "Person" in classes and (m.pronoun or m.tentative)
                if m not in out and (not classes or m.cls in classes or person):
                    out.append(m)
        return out


def subject_up(tok: Token, spread: bool) -> list[Token]:
    """The subject of the nearest governing verb that has one (and of verbs joined to it). A verb
    that modifies a noun ("the man convicted of killing X") has that noun for its subject: the
    climb stops there, and gives the noun."""
    node = tok
    while node.head.i != node.i:
        if node.pos_ in ("VERB", "AUX") and node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN"):
            return [node.head]
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                if spread:
                    for v in node.children:
                        if v.dep_ in ("conj", "advcl") and v.pos_ in ("VERB", "AUX"):
                            subjects += [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
                return subjects
    return []


def present_copula(subject: Token) -> Token | None:
    """The verb "is" (or "are") whose subject `subject` is, said now and plainly: not "was", "is
    not" or "may be". Roles and relations read what follows it as an apposition of the subject."""
    verb = subject.head
    if subject.dep_ != "nsubj" or verb.lemma_ != "be" or verb.tag_ not in ("VBZ", "VBP") \
            or any(c.dep_ in ("neg", "aux") for c in verb.children):
        return None
    return verb


APPOINTMENT_VERBS = rulefiles.word_set("people.toml", "appointment_verbs")
MODALS = rulefiles.word_set("modality.toml", "modals")


def appointment(subject: Token) -> Token | None:
    """The token after which the post given to `subject` is named: after the verb when the person
    is its passive subject ("Jane Roe was named (as) president of Acme"), after the person when
    its object ("Acme appointed Jane Roe chief executive"). None when the appointment is to come
    ("will be named") or denied."""
    verb, dep = subject.head, subject.dep_
    if dep in ("nmod", "compound") and verb.dep_ in ("dobj", "oprd"):  # "appointed Jane Roe chief executive"
        verb, dep = verb.head, "dobj"
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in APPOINTMENT_VERBS \
            or dep not in ("nsubjpass", "dobj") \
            or any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children) \
            or verb.dep_ == "xcomp":  # "is expected to be named"
        return None
    if dep == "nsubjpass":
        after = verb
        while after.i + 1 < len(subject.doc) and subject.doc[after.i + 1].lower_ in ("as", "to"):
            after = subject.doc[after.i + 1]
        return after
    return subject


def trigger_date(tok: Token, published: str | None) -> tuple[str, str] | None:
    """The date a trigger's own "on ..."/"in ..." phrase gives, not one nested deeper."""
    heads = [c for c in tok.children if c.dep_ in ("npadvmod", "tmod")]
    heads += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "in", "at")
              for p in c.children if p.dep_ == "pobj"]
    near = {h.i for h in heads}
    for ent in tok.doc.ents:
        if ent.label_ == "DATE" and near & set(range(ent.start, ent.end)):
            value = dates.parse(ent.text, published)
            if value:
                return value
    return None


def its_antecedent(doc: Doc, tok: Token, index: MentionIndex, exclude: list[Mention]) -> list[Mention]:
    """What 'its' stands for: the organization subject of a clause above it ("Acme said the
    papers will be printed at its plant"), else the last organization or product named before
    it in the sentence. In "Beta Corp and its unit" it is the company it is joined to."""
    phrase = tok.head
    while phrase.dep_ == "appos":
        phrase = phrase.head
    if phrase.dep_ == "conj":
        found = [m for m in index.of([phrase.head], ("Organization",)) if m not in exclude and not m.pronoun]
        if found:
            return found[:1]
    node = tok
    while node.head.i != node.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            subjects = [c for c in node.children if c.dep_ == "nsubj" and c.i < tok.i]
            found = [m for m in index.of(subjects, ("Organization",)) if m not in exclude and not m.pronoun]
            if found:
                return found[:1]
    for t in reversed(doc[tok.sent.start:tok.i]):
        found = [m for m in index.of([t], ("Organization", "Product")) if m not in exclude]
        if found:
            return found
    return []


def quote_speaker(doc: Doc, q: quotes.Quote, people: list[Mention], qs) -> Mention | None:
    """The person a quotation is attributed to in its sentence, else in the sentence before."""
    first = doc.char_span(q.start, q.end, alignment_mode="expand")
    if first is None:
        return None
    sent = first[0].sent
    outside = [m for m in people if not quotes.inside(qs, m.start)]
    before = [m for m in outside if sent.start_char <= m.start < q.start]
    after = [m for m in outside if q.end < m.start < sent.end_char]
    last_sent = doc[first[-1].i].sent
    after += [m for m in outside if q.end < m.start < last_sent.end_char and m not in after]
    opens = text_of(doc)[sent.start_char:q.start].strip(" “\"") == ""
    if opens and after:
        return min(after, key=lambda m: m.start)
    if before:
        return max(before, key=lambda m: m.start)
    if after:
        return min(after, key=lambda m: m.start)
    prev = [m for m in outside if m.start < sent.start_char and m.para == paragraph_of(doc, q.start)]
    return max(prev, key=lambda m: m.start) if prev else None
