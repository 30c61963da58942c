"""Issue 10's floors on real news: the Reuters development gold, and graphs of real corpora that
conform to the shapes. The articles are read from ../shared (never copied into the repository);
without it beside the checkout these tests are skipped, and say so."""
from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.exporters import export
from kg.pipeline import build

from .conftest import DATA, ROOT

SHARED = ROOT.parent / "shared"
REUTERS = SHARED / "data" / "reuters" / "reuters21578.jsonl"
DWIE = SHARED / "data" / "dwie" / "dwie_train.jsonl"
GOLD = DATA / "gold-reuters"

# Issue 10's floors on the Reuters gold (tools/dev_eval.py prints the figures: today relation
# recall 0.70 at precision 0.90, event F1 0.67, facts F1 0.83).
FLOORS = {("rel", "recall"): 0.60, ("rel", "precision"): 0.85, ("event", "f1"): 0.60,
          ("facts", "f1"): 0.75}

pytestmark = [pytest.mark.model,
              pytest.mark.skipif(not REUTERS.exists(), reason="../shared/data is not beside this checkout")]


def reuters(ids: set[str] | None = None, sample: int | None = None) -> list[str]:
    """Lines of the Reuters JSONL: the articles named, or a fixed sample of trade and acq ones."""
    lines = REUTERS.read_text(encoding="utf-8").splitlines()
    if ids is not None:
        return [line for line in lines if json.loads(line)["id"] in ids]
    gold = {p.name.split(".")[0] for p in GOLD.glob("*.gold.jsonl")}
    recs = [(line, json.loads(line)) for line in lines]
    trade = [line for line, r in recs if "trade" in r["topics"] and r["id"] not in gold]
    acq = [line for line, r in recs if "acq" in r["topics"] and "trade" not in r["topics"] and r["id"] not in gold]
    rng = random.Random(10)  # the sample of tools/dev_eval.py
    return rng.sample(trade, sample // 2) + rng.sample(acq, sample - sample // 2)


def kg(*args) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_reuters_gold_meets_the_floors(tmp_path):
    ids = {p.name.split(".")[0] for p in GOLD.glob("*.gold.jsonl")}
    assert len(ids) >= 30
    src = tmp_path / "reuters.jsonl"
    src.write_text("\n".join(reuters(ids)) + "\n", encoding="utf-8")
    graph = tmp_path / "graph.ttl"
    export(build([str(src)]).graph, graph)
    scores = json.loads(kg("eval", graph, "--gold", GOLD, "--by-doc", "--json"))
    for (row, measure), floor in FLOORS.items():
        assert scores[row][measure] >= floor, (row, measure, scores[row])


def test_a_real_newswire_corpus_is_connected_and_conforms_to_the_shapes(tmp_path):
    """Issue 10: of 500 Reuters articles, 90% have a relation or an event, and half of the
    people, organizations and countries take part in one."""
    import importlib.util

    src = tmp_path / "sample.jsonl"
    src.write_text("\n".join(reuters(sample=500)) + "\n", encoding="utf-8")
    graph = tmp_path / "graph.nt"
    kg("build", src, "-o", graph, "-j", "2")
    assert "conforms" in kg("validate", graph)
    spec = importlib.util.spec_from_file_location("dev_eval", ROOT / "tools" / "dev_eval.py")
    dev_eval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev_eval)
    figures = dev_eval.connectivity(graph)
    assert figures["articles"] == 500
    assert figures["with_fact"] >= 0.90 and figures["linked"] >= 0.50, figures


@pytest.mark.skipif(not DWIE.exists(), reason="../shared/data/dwie is not beside this checkout")
def test_dwie_train_conforms_to_the_shapes(tmp_path):
    folder = tmp_path / "dwie"
    folder.mkdir()
    for line in DWIE.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        (folder / f"{rec['id']}.txt").write_text(rec["content"], encoding="utf-8")
    graph = tmp_path / "graph.nt"
    kg("build", folder, "-o", graph, "-j", "2")
    assert "conforms" in kg("validate", graph)
