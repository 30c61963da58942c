"""kg eval: the seed floors through the CLI, agreement with the yardstick, and scoring rules."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.evaluate import norm
from kg.exporters import export

from .conftest import DATA, ROOT

SHARED_EVAL = ROOT.parent / "shared" / "eval"
FLOORS = {"facts": 0.90, "rel": 0.80, "attr": 0.80, "event": 0.80, "quote": 0.80, "entities": 0.95}


@pytest.fixture(scope="module")
def seed_ttl(seed_build, tmp_path_factory):
    path = tmp_path_factory.mktemp("eval") / "graph.ttl"
    export(seed_build.graph, path)
    return path


def kg_eval(*args) -> dict:
    result = CliRunner().invoke(main, ["eval", *map(str, args), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.model
def test_seed_scores_meet_the_floors(seed_ttl):
    scores = kg_eval(seed_ttl, "--gold", DATA / "gold")
    for row, floor in FLOORS.items():
        assert scores[row]["f1"] >= floor, (row, scores[row])
    assert scores["provenance"]["recall"] == 1.0
    assert scores["entities"]["split"] == 0 and scores["entities"]["merged"] == 0


@pytest.mark.model
@pytest.mark.skipif(not (SHARED_EVAL / "score.py").exists(), reason="../shared/eval is not beside this checkout")
@pytest.mark.parametrize("by_doc", [False, True])
def test_kg_eval_agrees_with_the_yardstick(seed_ttl, by_doc):
    flag = ["--by-doc"] if by_doc else []
    ours = kg_eval(seed_ttl, "--gold", DATA / "gold", *flag)
    theirs = subprocess.run([sys.executable, str(SHARED_EVAL / "score.py"), "--graph", str(seed_ttl),
                             "--ontology", str(ROOT / "ontology"), "--gold", str(SHARED_EVAL / "gold"),
                             "--json", *flag], check=True, capture_output=True, text=True)
    assert ours == json.loads(theirs.stdout)


def test_gold_copy_in_tests_is_the_seed_gold():
    if not (SHARED_EVAL / "gold").exists():
        pytest.skip("../shared/eval is not beside this checkout")
    for f in (SHARED_EVAL / "gold").glob("*.gold.jsonl"):
        assert (DATA / "gold" / f.name).read_text() == f.read_text()


def test_norm_folds_case_quotes_dots_and_a_leading_the():
    assert norm("The U.S.") == "us"
    assert norm("Beijing’s way") == norm("Beijing's way") == "beijings way"
    assert norm("30%") == "30%"


def test_scoring_a_hand_made_graph(tmp_path):
    ttl = tmp_path / "g.ttl"
    ttl.write_text("""@prefix kg: <https://example.org/kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<urn:a1> a kg:Article ; kg:identifier "a1" .
<urn:ann> a kg:Person ; rdfs:label "Ann Lee" ; skos:altLabel "Lee" ; kg:mentionedIn <urn:a1> ; kg:leaderOf <urn:acme> ;
  kg:jobTitle "Chief Executive" .
<urn:acme> a kg:Organization ; rdfs:label "Acme" ; kg:mentionedIn <urn:a1> .
<urn:bob> a kg:Person ; rdfs:label "Bob" ; kg:mentionedIn <urn:a1> .
<urn:s1> a rdf:Statement ; rdf:subject <urn:ann> ; rdf:predicate kg:leaderOf ; rdf:object <urn:acme> ;
  prov:wasDerivedFrom <urn:a1> ; kg:sentence "Ann Lee, chief executive of Acme." ; kg:confidence 0.9 .
""")
    gold = tmp_path / "a1.gold.jsonl"
    gold.write_text("\n".join(json.dumps(x) for x in [
        {"kind": "entity", "id": "ann", "type": ["Person"], "label": "Ann Lee", "aliases": ["Ann Lee"]},
        {"kind": "entity", "id": "acme", "type": ["Organization"], "label": "Acme Inc.", "aliases": ["Acme"]},
        {"kind": "entity", "id": "zed", "type": ["Person"], "label": "Zed", "aliases": ["Zed"]},
        {"kind": "rel", "s": "ann", "p": "worksFor", "o": "acme"},
        {"kind": "attr", "s": "ann", "p": "jobTitle", "v": ["CEO", "chief executive"]},
    ]) + "\n")
    onto = ROOT / "ontology" / "kg.ttl"
    scores = kg_eval(ttl, "--gold", gold, "--ontology", onto)
    # Ann and Acme found, Zed missed, Bob is extra
    assert (scores["entities"]["tp"], scores["entities"]["fn"], scores["entities"]["fp"]) == (2, 1, 1)
    # leaderOf is a sub-property of worksFor, so the gold worksFor holds
    assert scores["rel"]["tp"] == 1 and scores["rel"]["fp"] == 0
    assert scores["attr"]["tp"] == 1
    assert scores["provenance"]["recall"] == 1.0
