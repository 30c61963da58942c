"""kg's Python API: kg.build over paths, texts and Articles, Build.save, and README's example."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

import kg

from .conftest import ROOT, SEEDS

KG = "https://example.org/kg/ontology#"


def test_importing_kg_loads_neither_spacy_nor_rdflib():
    out = subprocess.run([sys.executable, "-c", "import sys, kg; print(kg.__version__, kg.KGError.__name__, "
                          "'spacy' in sys.modules, 'rdflib' in sys.modules)"],
                         check=True, capture_output=True, text=True).stdout.split()
    assert out == [kg.__version__, "KGError", "False", "False"]


def test_the_public_names_are_listed():
    assert set(kg.__all__) == {"Article", "Build", "KGError", "build", "export", "__version__"}
    assert all(getattr(kg, name) is not None for name in kg.__all__)
    with pytest.raises(AttributeError):
        _ = kg.nothing_here


@pytest.mark.model
def test_build_takes_texts_paths_and_articles_alike(tmp_path):
    text = "Chancellor Ingrid Holm met President Paulo Serra in Oslo on Monday."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    article = kg.Article(id="b", text=text)
    from_text, from_path, from_article = kg.build([text]), kg.build(tmp_path / "a.txt"), kg.build(article)
    for b in (from_text, from_path, from_article):
        met = {(s.rsplit("/", 1)[-1], o.rsplit("/", 1)[-1]) for s, p, o in b.graph if str(p) == KG + "met"}
        assert met & {("ingrid-holm", "paulo-serra"), ("paulo-serra", "ingrid-holm")}, b.articles
    assert from_path.articles[0].id == "a" and from_article.articles[0].id == "b"
    assert re.fullmatch(r"000_[0-9a-f]{16}", from_text.articles[0].id)
    assert kg.build([text]).graph.serialize(format="nt") == from_text.graph.serialize(format="nt")  # same id
    both = kg.build([text, str(tmp_path / "a.txt")])
    assert len(both.articles) == 2


@pytest.mark.model
def test_save_writes_the_format_of_the_suffix(tmp_path):
    b = kg.build([SEEDS])
    b.save(tmp_path / "g.ttl")
    b.save(tmp_path / "g.nt")
    assert len(Graph().parse(tmp_path / "g.ttl")) == len(Graph().parse(tmp_path / "g.nt")) == len(b.graph)


def test_a_source_of_another_kind_is_a_clear_error():
    with pytest.raises(kg.KGError, match="source 1 is a int"):
        kg.build(["seeds/", 42])


@pytest.mark.model
def test_readmes_python_example_runs(tmp_path):
    [code] = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "out").mkdir()
    out = subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path, capture_output=True,
                         text=True).stdout
    assert "Angela Merkel met Emmanuel Macron" in out
    assert Path(tmp_path / "out" / "mine.ttl").stat().st_size > 0


def test_the_executor_is_checked_before_any_work():
    with pytest.raises(kg.KGError, match="unknown executor 'threads'; expected one of local, dask"):
        kg.build(["seeds/"], executor="threads")
    with pytest.raises(kg.KGError, match="a scheduler is for executor='dask'"):
        kg.build(["seeds/"], scheduler="tcp://127.0.0.1:9")
    with pytest.raises(kg.KGError, match="a cache works with the local executor, not with dask"):
        kg.build(["seeds/"], executor="dask", cache="cache/")


def test_the_api_default_timeout_is_the_pipelines():
    from kg import pipeline

    assert kg.ARTICLE_TIMEOUT == pipeline.ARTICLE_TIMEOUT


@pytest.mark.parametrize("options, expected", [
    ([], dict(executor="local", scheduler=None, jobs=1, cache=None)),
    (["-j", "3", "--cluster", "local"], dict(executor="dask", scheduler=None, jobs=3)),
    (["--cluster", "local"], dict(executor="dask", scheduler=None, jobs=2)),  # a cluster has two workers at least
    (["--scheduler", "tcp://h:8786"], dict(executor="dask", scheduler="tcp://h:8786")),
    (["--cache", "c", "--article-timeout", "0", "--strict", "--max-size", "2"],
     dict(executor="local", cache=Path("c"), article_timeout=None, strict=True, max_bytes=2_000_000)),
])
def test_kg_build_on_the_command_line_is_kg_build_in_python(monkeypatch, tmp_path, options, expected):
    from click.testing import CliRunner

    from kg.cli import main

    calls = []

    def fake(sources, **kw):
        calls.append((sources, kw))
        raise kg.KGError("stop here")

    monkeypatch.setattr(kg, "build", fake)
    result = CliRunner().invoke(main, ["build", str(SEEDS), "-o", str(tmp_path / "g.ttl"), *options])
    assert result.output.strip().splitlines()[-1] == "Error: stop here"
    [(sources, kw)] = calls
    assert [str(s) for s in sources] == [str(SEEDS)] and all(isinstance(s, Path) for s in sources)
    assert {k: kw[k] for k in expected} == expected
