"""TriG and N-Quads read back with their named graphs: query, validate, export, push and eval
see every article's facts, not just the default graph (issue 12, item 1)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.cli import main
from kg.dataset import own_quads, union
from kg.exporters import export
from kg.query import load
from kg.vocab import KG

from .conftest import DATA

pytestmark = pytest.mark.model
WORKS_FOR = "SELECT (COUNT(*) AS ?n) WHERE { ?p kg:worksFor ?o }"


@pytest.fixture(scope="module")
def files(seed_build, tmp_path_factory):
    out = tmp_path_factory.mktemp("ds")
    for suffix in ("ttl", "trig", "nq"):
        export(seed_build, out / f"g.{suffix}")
    return out


def graphs(ds) -> dict:
    parts: dict = {}
    for s, p, o, g in own_quads(ds):
        parts.setdefault(g, Graph()).add((s, p, o))
    return parts


def count(path, query=WORKS_FOR) -> str:
    result = CliRunner().invoke(main, ["query", str(path), query, "--output", "csv"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[1]


@pytest.mark.parametrize("suffix", ["trig", "nq"])
def test_query_sees_the_named_graphs(files, suffix):
    assert int(count(files / "g.ttl")) > 0
    assert count(files / f"g.{suffix}") == count(files / "g.ttl")


@pytest.mark.parametrize("suffix", ["trig", "nq"])
def test_read_back_holds_every_triple(files, suffix):
    g = load(files / f"g.{suffix}")
    assert len([name for name in graphs(g) if name is not None]) > 1  # one per article
    ttl = load(files / "g.ttl")
    got = union(g)
    assert all(t in got for t in ttl)  # and the ontology besides


def test_allowed_update_keeps_every_named_graph(files, tmp_path):
    path = tmp_path / "g.trig"
    path.write_bytes((files / "g.trig").read_bytes())
    before = graphs(load(path))
    result = CliRunner().invoke(main, ["query", str(path), "--allow-update",
                                       "INSERT DATA { <https://example.org/x> rdfs:label 'x' }"])
    assert result.exit_code == 0, result.output
    after = graphs(load(path))
    assert set(after) == set(before)
    for name in before:
        if name is not None:
            assert isomorphic(after[name], before[name]), name
    assert len(after[None]) == len(before[None]) + 1


@pytest.mark.parametrize("target", ["trig", "nq"])
def test_export_of_trig_keeps_its_named_graphs(files, tmp_path, target):
    result = CliRunner().invoke(main, ["export", str(files / "g.trig"), "-o", str(tmp_path / f"h.{target}")])
    assert result.exit_code == 0, result.output
    before, after = graphs(load(files / "g.trig")), graphs(load(tmp_path / f"h.{target}"))
    assert set(after) == set(before)
    assert all(isomorphic(after[n], before[n]) for n in before)


def test_export_of_trig_to_turtle_has_every_triple(files, tmp_path):
    result = CliRunner().invoke(main, ["export", str(files / "g.trig"), "-o", str(tmp_path / "h.ttl")])
    assert result.exit_code == 0, result.output
    assert isomorphic(load(tmp_path / "h.ttl"), union(load(files / "g.trig")))


def test_validate_and_push_read_the_union(files, monkeypatch):
    import kg.push
    import kg.validate

    seen = {}
    monkeypatch.setattr(kg.validate, "validate", lambda g: (seen.setdefault("validate", g), (True, ""))[1])
    monkeypatch.setattr(kg.push, "push", lambda g, *a, **k: seen.setdefault("push", g) and
                        kg.push.PushResult(len(g), 204, 0.0, "http://127.0.0.1/x"))
    for args in (["validate", str(files / "g.trig")],
                 ["push", str(files / "g.trig"), "--endpoint", "http://127.0.0.1:9/x"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    expected = union(load(files / "g.trig"))
    for name in ("validate", "push"):
        assert type(seen[name]) is Graph and isomorphic(seen[name], expected), name
        assert int(count(files / "g.ttl")) == len(list(seen[name].triples((None, KG.worksFor, None))))


def test_eval_scores_trig_as_turtle(files):
    def scores(path):
        result = CliRunner().invoke(main, ["eval", str(path), "--gold", str(DATA / "gold"), "--json"])
        assert result.exit_code == 0, result.output
        return result.output
    assert scores(files / "g.trig") == scores(files / "g.ttl")
    assert scores(files / "g.nq") == scores(files / "g.ttl")


@pytest.mark.parametrize("target", ["trig", "nq"])
def test_jsonld_is_partitioned_into_article_graphs_like_turtle(files, tmp_path, target):
    export(load(files / "g.ttl"), tmp_path / "g.jsonld")
    for source in ("g.ttl", "g.jsonld"):
        folder = files if source == "g.ttl" else tmp_path
        result = CliRunner().invoke(main, ["export", str(folder / source), "-o", str(tmp_path / f"{source}.{target}")])
        assert result.exit_code == 0, result.output
    from_ttl, from_jsonld = graphs(load(tmp_path / f"g.ttl.{target}")), graphs(load(tmp_path / f"g.jsonld.{target}"))
    assert len(from_ttl) > 2 and set(from_jsonld) == set(from_ttl)
