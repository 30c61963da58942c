"""kg.syntax: the helpers the extraction stages share, on Docs built by hand (no model)."""
import spacy
from spacy.tokens import Doc

from kg import quotes
from kg.model import Mention
from kg.syntax import MentionIndex, its_antecedent, quote_speaker, subject_up, trigger_date

VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower_), no model


def doc(words, heads=None, deps=None, pos=None, ents=None, spaces=None, sent_starts=None) -> Doc:
    return Doc(VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, ents=ents,
               sent_starts=sent_starts)


def mention(d: Doc, i: int, cls: str, **kw) -> Mention:
    t = d[i]
    return Mention("a", t.idx, t.idx + len(t), t.text, cls, **kw)


def test_mention_index_finds_mentions_by_token_and_class():
    d = doc(["Acme", "met", "Orpo", "."])
    acme, orpo = mention(d, 0, "Organization"), mention(d, 2, "Organization", tentative=True)
    index = MentionIndex(d, [acme, orpo])
    assert index.of([d[0], d[2]]) == [acme, orpo]
    assert index.of([d[0]], ("Person",)) == []
    assert index.of([d[2]], ("Person",)) == [orpo]  # a mistyped one-word name may still be a person
    assert index.of([d[1]]) == []


def test_subject_up_and_trigger_date():
    # "Acme said it will buy Beta on Monday"
    d = doc(["Acme", "said", "it", "will", "buy", "Beta", "on", "Monday"],
            heads=[1, 1, 4, 4, 1, 4, 4, 6], deps=["nsubj", "ROOT", "nsubj", "aux", "ccomp", "dobj", "prep", "pobj"],
            pos=["PROPN", "VERB", "PRON", "AUX", "VERB", "PROPN", "ADP", "PROPN"],
            ents=["B-ORG", "O", "O", "O", "O", "B-ORG", "O", "B-DATE"])
    assert subject_up(d[5], False) == [d[2]]  # Beta's verb is buy, whose subject is "it"
    assert subject_up(d[4], False) == [d[0]]  # buy's governing verb is said
    assert trigger_date(d[4], "2025-06-06") == ("2025-06-02", "date")  # the Monday before a Friday
    assert trigger_date(d[1], "2025-06-06") is None  # "on Monday" is buy's, not said's


def test_its_antecedent_is_the_organization_subject_above():
    # "Acme said its plant closed"
    d = doc(["Acme", "said", "its", "plant", "closed"], heads=[1, 1, 3, 4, 1],
            deps=["nsubj", "ROOT", "poss", "nsubj", "ccomp"], pos=["PROPN", "VERB", "PRON", "NOUN", "VERB"])
    acme = mention(d, 0, "Organization")
    assert its_antecedent(d, d[2], MentionIndex(d, [acme]), []) == [acme]
    assert its_antecedent(d, d[2], MentionIndex(d, [acme]), [acme]) == []


def test_quote_speaker_is_the_name_after_an_opening_quotation():
    words = ["“", "We", "will", "win", ",", "”", "Ann", "Lee", "said", "."]
    spaces = [False, True, True, False, False, True, True, True, False, False]
    d = doc(words, spaces=spaces, sent_starts=[True] + [False] * 9)
    assert d.text == "“We will win,” Ann Lee said."
    ann = Mention("a", d[6].idx, d[7].idx + 3, "Ann Lee", "Person")
    qs = quotes.spans(d.text)
    assert quote_speaker(d, qs[0], [ann], qs) == ann
    assert quote_speaker(d, qs[0], [], qs) is None
