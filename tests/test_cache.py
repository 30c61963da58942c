"""The incremental cache: the same graph as a plain build, changed articles re-read,
deleted ones dropped, and nothing recorded when the outputs were not written."""
import shutil

import pytest
from click.testing import CliRunner

from kg.cli import main

from .conftest import SEEDS

pytestmark = pytest.mark.model


def run(*args):
    return CliRunner().invoke(main, ["build", *map(str, args)], catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "extra.txt").write_text("Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Monday.")
    return folder


def test_incremental_build_equals_plain_build(corpus, tmp_path):
    plain, cached = tmp_path / "plain.ttl", tmp_path / "cached.ttl"
    assert run(corpus, "-o", plain).exit_code == 0
    first = run(corpus, "-o", cached, "--cache", tmp_path / "cache")
    assert "cache: 0 reused, 3 parsed" in first.output
    again = run(corpus, "-o", cached, "--cache", tmp_path / "cache")
    assert "cache: 3 reused, 0 parsed" in again.output
    assert cached.read_bytes() == plain.read_bytes()


def test_changed_article_is_reread_and_deleted_one_dropped(corpus, tmp_path):
    out, cache = tmp_path / "g.ttl", tmp_path / "cache"
    run(corpus, "-o", out, "--cache", cache)
    (corpus / "extra.txt").write_text("Chancellor Olaf Scholz met Prime Minister Keir Starmer in London.")
    result = run(corpus, "-o", out, "--cache", cache)
    assert "cache: 2 reused, 1 parsed" in result.output
    text = out.read_text()
    assert "Keir Starmer" in text and "Emmanuel Macron" not in text
    (corpus / "extra.txt").unlink()
    result = run(corpus, "-o", out, "--cache", cache)
    assert "cache: 2 reused, 0 parsed" in result.output
    assert "Olaf Scholz" not in out.read_text()
    assert len(list(cache.glob("*/*.json"))) == 2  # the deleted article's entry is gone


def test_cache_records_nothing_when_outputs_were_not_written(corpus, tmp_path):
    cache = tmp_path / "cache"
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder is needed")
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(blocked / "g.ttl"), "--cache", str(cache)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == f"Error: {blocked / 'g.ttl'}: cannot write: File exists"
    assert not list(cache.glob("*/*.json"))


def test_a_build_whose_every_input_fails_leaves_outputs_and_cache_alone(corpus, tmp_path):
    out, html, cache = tmp_path / "out" / "graph.ttl", tmp_path / "out" / "graph.html", tmp_path / "cache"
    assert run(corpus, "-o", out, "--html", html, "--cache", cache).exit_code == 0
    before = {p: p.read_bytes() for p in (out, html, *cache.glob("*/*.json"))}
    assert len(before) == 5 and len(before[out]) > 10_000
    for inputs in ([tmp_path / "inn"], [tmp_path / "empty"]):  # a mistyped folder; a folder of nothing
        (tmp_path / "empty").mkdir(exist_ok=True)
        result = CliRunner().invoke(main, ["build", *map(str, inputs), "-o", str(out), "--html", str(html),
                                           "--cache", str(cache)])
        assert result.exit_code == 1
        assert result.output.strip().splitlines()[-1].startswith(f"Error: no article could be read from {inputs[0]}")
        assert "Traceback" not in result.output
        assert {p: p.read_bytes() for p in (out, html, *cache.glob("*/*.json"))} == before


def test_library_build_of_nothing_keeps_the_cache(corpus, tmp_path):
    from kg.pipeline import build

    cache = tmp_path / "cache"
    assert run(corpus, "-o", tmp_path / "g.nt", "--cache", cache).exit_code == 0
    entries = sorted(cache.glob("*/*.json"))
    build([str(tmp_path / "inn")], cache_dir=cache).commit()
    assert sorted(cache.glob("*/*.json")) == entries


def test_a_cache_entry_cannot_run_code(corpus, tmp_path):
    """A pickle planted as an entry is never unpickled: it is a miss, and the build goes on."""
    import pickle

    out, cache = tmp_path / "g.ttl", tmp_path / "cache"
    assert run(corpus, "-o", out, "--cache", cache).exit_code == 0
    expected = out.read_bytes()
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    entries = sorted(cache.glob("*/*"))
    assert len(entries) == 3
    for entry in entries:
        entry.write_bytes(pickle.dumps(Payload()))
        entry.with_suffix(".pickle").write_bytes(pickle.dumps(Payload()))
    result = run(corpus, "-o", out, "--cache", cache)
    assert result.exit_code == 0
    assert "cache: 0 reused, 3 parsed" in result.output
    assert not marker.exists()
    assert out.read_bytes() == expected


@pytest.mark.parametrize("damage", [
    b"", b"{", b"\xff\xfe", b"[]", b'{"kind": "Extraction"}', b'{"kind": "os.system", "fields": {"command": "x"}}',
    b'{"kind": "Extraction", "fields": {"mentions": [], "facts": [], "records": [], "extra": 1}}',
    b'{"kind": "Mention", "fields": {}}', b"[" * 100_000 + b"]" * 100_000,
])
def test_a_damaged_entry_is_a_miss(corpus, tmp_path, damage):
    out, cache = tmp_path / "g.ttl", tmp_path / "cache"
    assert run(corpus, "-o", out, "--cache", cache).exit_code == 0
    expected = out.read_bytes()
    victim = sorted(cache.glob("*/*.json"))[0]
    victim.write_bytes(damage)
    result = run(corpus, "-o", out, "--cache", cache)
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "cache: 2 reused, 1 parsed" in result.output
    assert out.read_bytes() == expected


def test_entries_round_trip(seed_build, nlp):
    from kg.cache import decode, encode
    from kg.ingest import read_file
    from kg.pipeline import extract

    from .conftest import SEEDS

    article = next(read_file(sorted(SEEDS.glob("*.txt"))[0]))
    got = extract(nlp(article.text), article)
    assert got.facts and got.mentions
    assert decode(encode(got)) == got


def test_temporary_files_of_a_killed_commit_are_swept(corpus, tmp_path):
    out, cache = tmp_path / "g.nt", tmp_path / "cache"
    assert run(corpus, "-o", out, "--cache", cache).exit_code == 0
    folder = next(cache.iterdir())
    (folder / ".abc.tmp").write_text("half an entry")
    (corpus / "new.txt").write_text("Prime Minister Giorgia Meloni visited Rome.")
    assert run(corpus, "-o", out, "--cache", cache).exit_code == 0
    assert not list(folder.glob(".*"))


def test_the_cache_version_follows_kgs_code(tmp_path, monkeypatch):
    """A rule written in Python is part of what an article gives: changing kg's code is a new version."""
    import shutil
    from pathlib import Path

    from kg import cache

    copy = tmp_path / "kg"
    shutil.copytree(Path(cache.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache.pipeline_version("m", "1")
    with (copy / "roles.py").open("a", encoding="utf-8") as f:
        f.write("\n# a changed rule\n")
    monkeypatch.setattr(cache.resources, "files", lambda name: copy)
    assert cache.pipeline_version("m", "1") != before


def test_a_cached_rerun_with_few_new_articles_parses_them_on_one_process(corpus, tmp_path, monkeypatch):
    from kg import nlp

    cache = tmp_path / "cache"
    assert run(corpus, "-o", tmp_path / "a.nt", "--cache", cache).exit_code == 0
    (corpus / "new.txt").write_text("Prime Minister Ana Lund met Olaf Scholz in Oslo on Friday.")
    asked = []
    parse = nlp.parse

    def spy(language, items, **pipe):  # the real parse, recording the processes it was asked for
        asked.append(pipe.get("n_process"))
        return parse(language, items, **pipe)

    monkeypatch.setattr(nlp, "parse", spy)
    assert run(corpus, "-o", tmp_path / "b.nt", "--cache", cache, "--jobs", "2").exit_code == 0
    assert asked == [1]
    assert "Ana Lund" in (tmp_path / "b.nt").read_text()


def test_the_names_a_wire_marks_are_part_of_an_articles_key():
    from dataclasses import replace

    from kg.cache import article_key
    from kg.ingest import make_article

    a = make_article("a1", "Midland and Scottish Resources Ltd bought shares.")
    assert article_key(a) != article_key(replace(a, names=("Midland and Scottish Resources Ltd",)))
