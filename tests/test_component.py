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


def test_kgs_pipeline_saves_and_loads_with_its_speed_ups(nlp, tmp_path):
    """nlp.config names every component's factory (no lambdas), and spacy.load gives back a
    pipeline that annotates as kg.nlp.load's does, in a process that never imports kg itself."""
    import json
    import subprocess
    import sys

    assert nlp.config["components"]["attribute_ruler"]["factory"] == "kg_indexed_attribute_ruler"
    nlp.to_disk(tmp_path / "pipeline")
    text = "Beryl Sprinkel, chairman of Kestrel Corp, met Prime Minister Jan Doe in Oslo on Monday."
    code = ("import json, spacy, sys; d = spacy.load(sys.argv[1])(sys.argv[2]); "
            "print(json.dumps([[t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.ent_type_] for t in d]))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "pipeline"), text], check=True,
                         capture_output=True, text=True, cwd=tmp_path).stdout
    here = [[t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.ent_type_] for t in nlp(text)]
    assert json.loads(out) == here
