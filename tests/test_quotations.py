"""Quotations (rules "quote.verb" and "quote.nearest") on the real model, with sentences not in the seeds."""
from __future__ import annotations

import pytest

from kg import quotations

from .conftest import prepare

pytestmark = pytest.mark.model

# Rule ids these tests exercise (see tests/test_relations.py::test_every_rule_is_exercised).
RULES_EXERCISED = ["quote.verb", "quote.nearest"]


def quoted(nlp, text: str) -> list[dict]:
    """The Quotation events of text, as dicts: text, speaker and channel mention texts, rule."""
    doc, found, name = prepare(nlp, text)
    out = []
    for e in quotations.extract(doc, found):
        assert e.kind == "Quotation"
        who = dict(e.roles)
        out.append({"text": dict(e.values)["text"], "rule": e.rule,
                    "speaker": name(who["speaker"]) if "speaker" in who else None,
                    "channel": name(who["channel"]) if "channel" in who else None,
                    "sentence": e.sentence})
    return out


# ---------------------------------------------------------------- speaker through the verb of saying


def test_quote_opening_the_sentence_goes_to_the_subject_of_said(nlp):
    [q] = quoted(nlp, "“We will defend our farmers,” President Emmanuel Macron said.")
    assert (q["speaker"], q["text"], q["rule"]) == ("Emmanuel Macron", "We will defend our farmers", "quote.verb")


def test_quote_after_said(nlp):
    [q] = quoted(nlp, "President Emmanuel Macron said, “We will defend our farmers.”")
    assert (q["speaker"], q["text"], q["rule"]) == ("Emmanuel Macron", "We will defend our farmers.", "quote.verb")


def test_inverted_said_after_the_quote(nlp):
    [q] = quoted(nlp, "“Europe must stand together,” said Chancellor Olaf Scholz on Monday.")
    assert (q["speaker"], q["rule"]) == ("Olaf Scholz", "quote.verb")
    assert q["text"] == "Europe must stand together"


def test_pronoun_speaker(nlp):
    qs = quoted(nlp, "Prime Minister Giorgia Meloni spoke in Rome on Monday. “Italy is ready,” she said.")
    assert [(q["speaker"], q["text"], q["rule"]) for q in qs] == [("Giorgia Meloni", "Italy is ready", "quote.verb")]


# ---------------------------------------------------------------- scare quotes in reported speech


def test_scare_quotes_in_a_that_clause_go_to_the_reporting_speaker(nlp):
    [q] = quoted(nlp, "Chancellor Olaf Scholz said that the “reckless policies” of the committee had failed.")
    assert (q["speaker"], q["text"], q["rule"]) == ("Olaf Scholz", "reckless policies", "quote.verb")


def test_scare_quotes_go_to_the_speaker_not_to_a_person_named_inside(nlp):
    [q] = quoted(nlp, "President Emmanuel Macron said the “outrageous demands” of Prime Minister Viktor Orban "
                      "were unacceptable.")
    assert (q["speaker"], q["text"]) == ("Emmanuel Macron", "outrageous demands")


def test_scare_quotes_in_reported_speech_without_that(nlp):
    [q] = quoted(nlp, "Economist Anna Berg said the plan was “a serious mistake” that would hurt exporters.")
    assert (q["speaker"], q["text"]) == ("Anna Berg", "a serious mistake")


def test_scare_quotes_after_told(nlp):
    [q] = quoted(nlp, "Chancellor Olaf Scholz told reporters that the proposal was “dead on arrival.”")
    assert (q["speaker"], q["rule"]) == ("Olaf Scholz", "quote.verb")


# ---------------------------------------------------------------- channel


def test_channel_posted_on_facebook(nlp):
    [q] = quoted(nlp, "President Emmanuel Macron posted on Facebook: “The deal is done.”")
    assert (q["speaker"], q["channel"], q["text"]) == ("Emmanuel Macron", "Facebook", "The deal is done.")


def test_channel_wrote_on_telegram(nlp):
    [q] = quoted(nlp, "Chancellor Olaf Scholz wrote on Telegram that “the talks were useful.”")
    assert (q["speaker"], q["channel"]) == ("Olaf Scholz", "Telegram")


def test_channel_in_a_post(nlp):
    [q] = quoted(nlp, "Prime Minister Giorgia Meloni said in a Facebook post that “Italy is ready.”")
    assert (q["speaker"], q["channel"]) == ("Giorgia Meloni", "Facebook")


def test_no_channel_when_none_is_named(nlp):
    [q] = quoted(nlp, "President Emmanuel Macron said, “We will defend our farmers.”")
    assert q["channel"] is None


@pytest.mark.parametrize("text", [
    "Prime Minister Giorgia Meloni wrote on X, “Italy will not give in.”",
    "Prime Minister Giorgia Meloni posted on X: “Italy will not give in.”",
])
def test_channel_x(nlp, text):
    # Fails at the time of writing: "X" is no mention (neither kg/data nor the NER names it),
    # so the speaker is found but the channel is not.
    [q] = quoted(nlp, text)
    assert (q["speaker"], q["channel"]) == ("Giorgia Meloni", "X")


# ---------------------------------------------------------------- whole quotations


def test_multi_sentence_quote_is_kept_whole(nlp):
    qs = quoted(nlp, "Chancellor Olaf Scholz said, “The talks were difficult. We made progress on energy. "
                     "More work remains.”")
    assert len(qs) == 1
    [q] = qs
    assert q["text"] == "The talks were difficult. We made progress on energy. More work remains."
    assert q["speaker"] == "Olaf Scholz" and q["rule"] == "quote.verb"
    assert q["sentence"].startswith("Chancellor Olaf Scholz said") and q["sentence"].endswith("remains.”")


# ---------------------------------------------------------------- nearest person


def test_quote_without_a_verb_after_a_colon(nlp):
    [q] = quoted(nlp, "President Emmanuel Macron was blunt: “We will not sign this deal.”")
    assert (q["speaker"], q["text"], q["rule"]) == ("Emmanuel Macron", "We will not sign this deal.", "quote.nearest")


def test_quote_without_a_verb_goes_to_the_person_of_the_sentence_before(nlp):
    [q] = quoted(nlp, "President Emmanuel Macron was blunt on Monday. “We will not sign this deal.”")
    assert (q["speaker"], q["rule"]) == ("Emmanuel Macron", "quote.nearest")


def test_quote_opening_a_sentence_without_a_verb_goes_to_the_person_after(nlp):
    [q] = quoted(nlp, "“Europe first” was the slogan of Chancellor Olaf Scholz.")
    assert (q["speaker"], q["text"], q["rule"]) == ("Olaf Scholz", "Europe first", "quote.nearest")


def test_second_quote_continues_the_first_speaker(nlp):
    qs = quoted(nlp, "“It is a good day for Europe,” President Emmanuel Macron told reporters in Brussels. "
                     "“We finally agreed on a budget.”")
    assert [(q["speaker"], q["rule"]) for q in qs] == [("Emmanuel Macron", "quote.verb"),
                                                        ("Emmanuel Macron", "quote.nearest")]


def test_quote_with_nobody_to_attribute_it_to_is_left_out(nlp):
    assert quoted(nlp, "The banner read “Welcome home” in large letters.") == []
