"""kg.tokenmatch.tokens_where finds the tokens whose attribute passes a test, in order, as a
loop over the doc would."""
import spacy
from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.tokens import Doc

from kg.tokenmatch import tokens_where


def doc() -> Doc:
    words = ["They", "signed", "the", "Paris", "Agreement", "and", "two", "agreements", ";", "THEY", "left", "."]
    lemmas = ["they", "sign", "the", "Paris", "Agreement", "and", "two", "agreement", ";", "they", "leave", "."]
    return Doc(spacy.blank("en").vocab, words=words, lemmas=lemmas)


def test_tokens_are_those_a_loop_would_find_in_the_doc_s_order():
    d = doc()
    for attr, name, test in ((LOWER, "lower_", "they".__eq__), (ORTH, "text", str.istitle),
                             (LEMMA, "lemma_", lambda s: s.lower() == "agreement")):
        found = tokens_where(d, attr, test)
        assert found == [t for t in d if test(getattr(t, name))]
    assert [t.i for t in tokens_where(d, LOWER, "they".__eq__)] == [0, 9]
    assert [t.text for t in tokens_where(d, LEMMA, lambda s: s.lower() == "agreement")] == ["Agreement", "agreements"]


def test_a_test_runs_once_per_distinct_value_and_nothing_found_is_nothing():
    d = doc()
    seen: list[str] = []
    assert tokens_where(d, LOWER, lambda s: seen.append(s) or False) == []
    assert sorted(seen) == sorted({t.lower_ for t in d})
    assert tokens_where(Doc(d.vocab, words=[]), LOWER, lambda s: True) == []
