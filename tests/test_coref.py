"""The pronoun heuristic, on the real model, with unseen paragraphs."""
import pytest

from kg import coref, roles
from kg.entities import mentions

pytestmark = pytest.mark.model


def resolved(nlp, text):
    doc = nlp(text)
    found = mentions(doc, "t")
    by_key = {m.key: m.text for m in found}
    return [(p.text, by_key[p.refers_to]) for p in coref.resolve(doc, found, roles.facts(doc, found))]


def test_he_is_the_last_person_named_in_the_paragraph(nlp):
    got = resolved(nlp, "Chancellor Olaf Scholz arrived late. Reporters said he looked tired.")
    assert ("he", "Olaf Scholz") in got


def test_gender_cue_skips_an_incompatible_person(nlp):
    got = resolved(nlp, "Queen Margrethe greeted Mr. John Smith. Later she gave a speech.")
    assert ("she", "Margrethe") in got


def test_pronoun_before_the_main_subject_is_that_subject(nlp):
    got = resolved(nlp, "During his visit to Berlin with Jane Roe, Carlos Mendes signed the deal.")
    assert ("his", "Carlos Mendes") in got


def test_first_person_in_a_quotation_is_the_speaker(nlp):
    got = resolved(nlp, "Maria Lopez said, \u201cI will not resign, and nobody can make me.\u201d")
    assert ("I", "Maria Lopez") in got and ("me", "Maria Lopez") in got


def test_pronoun_opening_a_paragraph_looks_back_one_paragraph(nlp):
    got = resolved(nlp, "Analyst Tom Reed expects growth.\n\nHe added that exports were strong.")
    assert ("He", "Tom Reed") in got


def test_people_inside_quotations_are_not_antecedents(nlp):
    got = resolved(nlp, "Senator Ana Diaz said, \u201cI think Pedro Ruiz is wrong.\u201d\n\nShe later left.")
    assert ("She", "Ana Diaz") in got


def test_the_two_leaders_are_the_last_two_leaders(nlp):
    got = resolved(nlp, "President Lula met Prime Minister Narendra Modi. The two leaders spoke for an hour.")
    assert sorted(t for p, t in got if p == "The") == ["Lula", "Narendra Modi"]


def test_the_title_refers_to_its_one_holder(nlp):
    got = resolved(nlp, "Canadian Ambassador Kirsten Hillman met officials.\n\nThe ambassador said talks went well.")
    assert ("ambassador", "Kirsten Hillman") in got


def test_a_sentence_opening_pronoun_continues_the_last_subject(nlp):
    got = resolved(nlp, "Prime Minister Shigeru Ishiba told reporters that he had spoken with "
                        "Chancellor Friedrich Merz. He added that trade was strong.")
    assert ("He", "Shigeru Ishiba") in got


def test_name_particles_stay_in_the_name(nlp):
    from kg.entities import mentions

    doc = nlp("Commission President Ursula von der Leyen met farmers. Later von der Leyen left.")
    assert "Ursula von der Leyen" in [m.text for m in mentions(doc, "t") if m.cls == "Person"]


def test_they_after_joined_names_that_say_so_is_each_of_them(nlp):
    got = resolved(nlp, "Alder Resources Corp and High Mesa Oil Corp said they reached an agreement to merge.")
    assert ("they", "Alder Resources Corp") in got and ("they", "High Mesa Oil Corp") in got
    # one name, or 'they' not the subject of what was said: nobody
    assert resolved(nlp, "Alder Resources Corp said they reached an agreement.") == []
