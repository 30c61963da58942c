"""Direct quotations: a Doc and its Mentions in, Quotation EventRecords out.

Every span in quotation marks is a Quotation with its text (without the marks).
The speaker is the subject of the verb of saying that governs the quotation
("Trump expressed on Truth Social, “…”", "He added that …, “…”"); scare quotes
inside reported speech go to the reported speaker ("Wang Yi stated that the
“negative measures” …"). A quotation that opens a sentence goes to the person named
after it; one without a verb of its own (after "…, Trump said:") goes to the
person named before it in the paragraph. The channel is the platform or outlet
of an "on …"/"in a … post" phrase of that verb. A quotation with no person to
attribute it to is left out.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from . import quotes, rulefiles
from .entities import people as named_people
from .entities import text_of
from .model import EventRecord, Mention
from .syntax import MentionIndex, quote_speaker

SPEECH_VERBS = rulefiles.word_set("speech.toml", "speech_verbs")
CHANNEL_PREPS = {"on", "in", "via", "through"}


def _speech_verb(inside: list[Token], q: quotes.Quote, index: MentionIndex,
                 people: list[Mention]) -> tuple[Token | None, list[Mention]]:
    """The nearest verb of saying outside the quotation that governs it, and its person subject."""
    for tok in inside:
        node = tok
        while node.head.i != node.i:
            node = node.head
            if node.idx in q:
                continue
            if node.lemma_.lower() in SPEECH_VERBS and node.pos_ in ("VERB", "AUX"):
                subj = [s for c in node.children if c.dep_ in ("nsubj", "nsubjpass")
                        for s in (c, *c.conjuncts)]
                found = [m for m in index.of(subj) if m in people]
                if found:
                    return node, found
        break  # the first token's chain decides
    return None, []


def _channel(verb: Token | None, index: MentionIndex) -> Mention | None:
    if verb is None:
        return None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in CHANNEL_PREPS:
            for m in index.of(list(prep.subtree), ("Product", "Organization")):
                return m
    return None


def extract(doc: Doc, mentions: list[Mention]) -> list[EventRecord]:
    qs = quotes.spans(text_of(doc))
    if not qs:
        return []
    index = MentionIndex(doc, mentions)
    article = mentions[0].article if mentions else ""
    people = named_people(mentions)
    out: list[EventRecord] = []
    for q in qs:
        text = quotes.words(text_of(doc), q).rstrip(",;")
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if not text or span is None or not any(t.is_alpha for t in span):
            continue
        inside = [t for t in span if t.idx in q and not t.is_punct and not t.is_space]
        if not inside:
            continue
        verb, speakers = _speech_verb(inside, q, index, people)
        if not speakers:
            fallback = quote_speaker(doc, q, people, qs)
            speakers = [fallback] if fallback else []
        if not speakers:
            continue
        roles = [("speaker", speakers[0])]
        channel = _channel(verb, index)
        if channel is None:
            # "in a Truth Social post on Thursday, Trump said …": the channel of the sentence
            for prep in span[0].sent.root.children:
                if prep.dep_ == "prep" and prep.lower_ in CHANNEL_PREPS:
                    found = index.of(list(prep.subtree), ("Product",))
                    if found:
                        channel = found[0]
                        break
        if channel is not None:
            roles.append(("channel", channel))
        first, last = span[0].sent, span[-1].sent
        sentence = text_of(doc)[first.start_char:last.end_char].strip()
        out.append(EventRecord(kind="Quotation", article=article, sentence=sentence, start=q.start, end=q.end,
                               rule="quote.verb" if verb is not None else "quote.nearest",
                               confidence=0.85 if verb is not None else 0.6, roles=tuple(roles),
                               values=(("text", text),)))
    return out
