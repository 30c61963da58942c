"""kg as a spaCy component: nlp.add_pipe("kg") by name (the spacy_factories entry point), mentions in
doc.spans["kg"], facts in doc._.kg_facts, displaCy, and multiprocessing."""
import pytest
import spacy
from spacy import displacy

from kg.nlp import model_name

pytestmark = pytest.mark.model

TEXT = "Chancellor Ingrid Holm met President Paulo Serra in Oslo on Monday. Kestrel Corp, a unit of Varna Inc, grew."


@pytest.fixture(scope="module")
def pipeline():
    nlp = spacy.load(model_name())
    nlp.add_pipe("kg")  # found through the entry point: no import of kg here
    return nlp


def test_the_component_keeps_mentions_as_spans_and_facts_as_tuples(pipeline):
    doc = pipeline(TEXT)
    spans = {(s.text, s.label_) for s in doc.spans["kg"]}
    assert {("Ingrid Holm", "Person"), ("Paulo Serra", "Person"), ("Kestrel Corp", "Organization")} <= spans
    assert ("Ingrid Holm", "met", "Paulo Serra", "met.verb", 0.85) in doc._.kg_facts
    assert ("Varna Inc", "owns", "Kestrel Corp") in {f[:3] for f in doc._.kg_facts}
    assert pipeline.config["components"]["kg"] == {"factory": "kg", "learned": False}


def test_displacy_shows_the_spans(pipeline):
    html = displacy.render(pipeline(TEXT), style="span", options={"spans_key": "kg"})
    words = " ".join(html.split())  # one word a line in displaCy's markup
    assert "Ingrid" in words and "Holm" in words and "Person" in words and "Organization" in words


def test_facts_survive_two_processes(pipeline):
    one = pipeline(TEXT)
    [a, b] = list(pipeline.pipe([TEXT, TEXT], n_process=2))
    for doc in (a, b):
        assert [tuple(f) for f in doc._.kg_facts] == list(one._.kg_facts)
        assert [(s.start, s.end, s.label_) for s in doc.spans["kg"]] == [(s.start, s.end, s.label_)
                                                                          for s in one.spans["kg"]]
