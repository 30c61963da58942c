"""The documented queries of queries/ answer on the seed graph, from a file and from a store."""
import pytest
from rdflib import Literal

from kg.query import ask, run

from .conftest import ROOT

pytestmark = pytest.mark.model
QUERIES = sorted((ROOT / "queries").glob("*.rq"))


def test_the_analyst_questions_are_all_there():
    assert {q.stem for q in QUERIES} >= {"who-met-whom", "tariff-changes", "quotations-by-person",
                                         "facts-about", "in-several-articles"}


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_is_documented_and_answers(seed_build, tmp_path, path):
    text = path.read_text()
    assert text.startswith("# ") and "Usage: kg query" in text
    rows = list(run(seed_build.graph, text))
    assert rows
    from kg.store import add

    add(seed_build.graph, tmp_path / "store")
    answer, _ = ask(tmp_path / "store", text)
    def values(row):
        return tuple(None if t is None else t.toPython() if isinstance(t, Literal) else str(t) for t in row)

    assert sorted(map(values, answer.rows), key=str) == sorted(map(values, rows), key=str)


def test_who_met_whom_and_tariffs_on_the_seeds(seed_build):
    met = {(str(r[0]), str(r[1]), str(r[2])) for r in run(seed_build.graph, (ROOT / "queries/who-met-whom.rq").read_text())}
    assert ("Donald Trump", "phone call", "Xi Jinping") in met
    tariffs = {(str(r[0]), str(r[1]), r[3].toPython()) for r in
               run(seed_build.graph, (ROOT / "queries/tariff-changes.rq").read_text())}
    assert ("United States", "China", 30) in {(a, t, int(v)) for a, t, v in tariffs}
