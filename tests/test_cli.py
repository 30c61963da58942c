"""The command line through click's CliRunner: help, exit codes and exact error lines."""
import pytest
from click.testing import CliRunner

from kg.cli import main

from .conftest import SEEDS


@pytest.fixture
def run():
    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_every_command_has_help_with_an_example(run):
    assert "Example:" in run("--help").output
    for name in main.commands:
        for flag in ("--help", "-h"):
            result = run(name, flag)
            assert result.exit_code == 0, name
            assert "Example:" in result.output, name


def test_usage_error_exits_2(run):
    result = run("build")
    assert result.exit_code == 2 and "Missing argument 'INPUTS...'" in result.output


def test_unknown_output_format_fails_before_any_work(run, tmp_path):
    result = run("build", SEEDS, "-o", tmp_path / "g.pdf")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(f"Error: {tmp_path / 'g.pdf'}: cannot tell the format")


def test_unknown_model_is_one_clean_line(run, tmp_path):
    result = run("build", SEEDS, "-o", tmp_path / "g.ttl", "--model", "xx_no_such_model")
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot load spaCy model 'xx_no_such_model': it is not installed")
    assert "Traceback" not in result.output
    assert not (tmp_path / "g.ttl").exists()


@pytest.mark.model
def test_build_skips_bad_files_reports_each_and_exits_1(run, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Chancellor Olaf Scholz visited Paris on Monday.")
    (src / "empty.txt").write_text("")
    (src / "feed.jsonl").write_text('{"id": "x"}\n')
    out = tmp_path / "g.ttl"
    result = run("build", src, "-o", out)
    assert result.exit_code == 1
    assert f"kg: skipped {src / 'empty.txt'}: file is empty" in result.output
    assert f"kg: skipped {src / 'feed.jsonl'}:1: record has no text" in result.output
    assert "Olaf Scholz" in out.read_text()


@pytest.mark.model
def test_build_query_validate_round_trip(run, tmp_path):
    ttl, html = tmp_path / "g.ttl", tmp_path / "g.html"
    result = run("build", SEEDS, "-o", ttl, "--html", html, "--base", "https://news.test/kg/")
    assert result.exit_code == 0, result.output
    assert html.read_text().startswith("<html>") or "<html" in html.read_text()[:200]
    result = run("query", ttl, "SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name } ORDER BY ?name")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].strip() == "name" and "Xi Jinping" in lines and lines[-1].endswith("rows)")
    assert "https://news.test/kg/person/xi-jinping" in ttl.read_text() or "person:xi-jinping" in ttl.read_text()
    rq = tmp_path / "ask.rq"
    rq.write_text("ASK { ?p kg:leaderOf ?c . ?c rdfs:label 'China' }")
    assert run("query", ttl, rq).output.strip() == "true"
    result = run("validate", ttl)
    assert result.exit_code == 0 and "conforms" in result.output


def test_query_rejects_malformed_sparql_and_updates(run, tmp_path):
    ttl = tmp_path / "g.ttl"
    ttl.write_text("@prefix kg: <https://example.org/kg/ontology#> .\n<urn:a> a kg:Person .\n")
    result = run("query", ttl, "SELEC ?x")
    assert result.exit_code == 1 and result.output.startswith("Error: malformed SPARQL query")
    before = ttl.read_bytes()
    result = run("query", ttl, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: SPARQL Update (INSERT, DELETE, ...) is refused; "
                                     "use --allow-update to change the graph file")
    assert ttl.read_bytes() == before
    result = run("query", ttl, "DELETE WHERE { ?s a kg:Person }", "--allow-update")
    assert result.exit_code == 0 and "updated, 0 triples" in result.output
    assert run("query", ttl, "ASK { ?s ?p ?o }").output.strip() == "false"


def test_query_names_a_broken_graph_file(run, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    result = run("query", bad, "ASK {}")
    assert result.exit_code == 1 and result.output.startswith(f"Error: {bad}: not valid turtle")


def test_validate_reports_nonconforming_graph(run, tmp_path):
    ttl = tmp_path / "g.ttl"
    ttl.write_text("@prefix kg: <https://example.org/kg/ontology#> .\n<urn:a> a kg:Person .\n")
    result = run("validate", ttl)
    assert result.exit_code == 1
    assert f"Error: {ttl}: does not conform to the SHACL shapes" in result.output


# --- the smaller defects of issue 12, item 15 ------------------------------------------------------

def last(result) -> str:
    return result.output.strip().splitlines()[-1]


def nt(tmp_path):
    path = tmp_path / "g.nt"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n")
    return path


def test_validate_refuses_an_empty_graph(run, tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    result = CliRunner().invoke(main, ["validate", str(empty)])
    assert result.exit_code == 1
    assert last(result) == f"Error: {empty}: holds no triples; nothing to validate"


NOT_RDF = ": cannot tell the RDF format from the suffix (use .ttl, .nt, .trig, .nq, .jsonld, .rdf)"


@pytest.mark.parametrize("name, content, message", [
    ("notes.txt", "Ann met Bo.", NOT_RDF), ("empty.ttl", "", ": holds no triples"),
    ("page.html", "<html></html>", NOT_RDF),
])
def test_eval_refuses_a_graph_it_cannot_score(tmp_path, name, content, message):
    from .conftest import DATA

    path = tmp_path / name
    path.write_text(content)
    result = CliRunner().invoke(main, ["eval", str(path), "--gold", str(DATA / "gold")])
    assert result.exit_code == 1
    assert last(result) == f"Error: {path}{message}"


def test_eval_names_a_gold_file_that_is_not_utf8(tmp_path):
    gold = tmp_path / "a.gold.jsonl"
    gold.write_bytes('{"kind": "entity", "id": "e1", "name": "Zürich"}\n'.encode("latin-1"))
    result = CliRunner().invoke(main, ["eval", str(nt(tmp_path)), "--gold", str(gold)])
    assert result.exit_code == 1
    assert last(result) == f"Error: {gold}: not UTF-8 text (byte 41)"


def test_query_names_an_rq_file_that_is_not_utf8(tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_bytes('SELECT * WHERE { ?s ?p "é" }'.encode("latin-1"))
    result = CliRunner().invoke(main, ["query", str(nt(tmp_path)), str(rq)])
    assert result.exit_code == 1
    assert last(result) == f"Error: {rq}: not UTF-8 text (byte 24)"


@pytest.mark.parametrize("depth", [500, 5000])
def test_a_deeply_nested_query_is_one_line(tmp_path, depth):
    text = "SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth
    result = CliRunner().invoke(main, ["query", str(nt(tmp_path)), text])
    assert result.exit_code == 1
    assert last(result) == "Error: query is nested too deeply"


def test_query_timeout(tmp_path):
    path = tmp_path / "big.nt"
    path.write_text("".join(f"<urn:s{i}> <urn:p> <urn:o{i}> .\n" for i in range(60)))
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"  # 216,000 rows: about 3 s
    result = CliRunner().invoke(main, ["query", str(path), slow, "--timeout", "0.5"])
    assert result.exit_code == 1
    assert last(result) == "Error: query did not finish within 0.5 s (--timeout)"


def test_closed_stdout_is_one_line(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(f"{sys.executable} -m kg export {nt(tmp_path)} -o - --format nt >&-", shell=True,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: -: standard output is closed"


@pytest.mark.parametrize("where", ["input", "folder"])
def test_build_will_not_write_over_or_into_its_input(tmp_path, where):
    folder = tmp_path / "in"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text("Chancellor Olaf Scholz visited Paris.")
    out = article if where == "input" else folder / "graph.html"
    args = ["-o", str(out), "--format", "turtle"] if where == "input" else ["--html", str(out)]
    result = CliRunner().invoke(main, ["build", str(folder), *args])
    assert result.exit_code == 2
    assert article.read_text() == "Chancellor Olaf Scholz visited Paris."
    assert not (folder / "graph.html").exists()
    message = (f"{out} is an input article; kg will not overwrite it" if where == "input" else
               f"{out} is inside the input folder {folder}: the next build would read it as an article; "
               f"write it elsewhere")
    assert message in " ".join(result.output.split())


def test_export_links_the_html_page_to_a_sparql_endpoint_and_refuses_a_bad_one(run, tmp_path):
    g = tmp_path / "g.ttl"
    g.write_text('@prefix kg: <https://example.org/kg/ontology#> .\n'
                 '<https://example.org/kg/person/a> a kg:Person ; '
                 '<http://www.w3.org/2000/01/rdf-schema#label> "Ann Lee" .\n', encoding="utf-8")
    r = run("export", g, "-o", tmp_path / "g.html", "--endpoint", "http://127.0.0.1:7878/query")
    assert r.exit_code == 0
    assert 'href="http://127.0.0.1:7878/query">SPARQL endpoint</a>' in (tmp_path / "g.html").read_text()
    r = run("export", g, "-o", tmp_path / "h.html", "--endpoint", "javascript:alert(1)")
    assert r.exit_code == 1 and len(r.output.strip().splitlines()) == 1 and "endpoint" in r.output
    assert not (tmp_path / "h.html").exists()


def test_jobs_auto_runs_one_process_for_small_inputs_and_one_a_core_for_big_ones(run, tmp_path, monkeypatch):
    import os

    from kg.cli import auto_jobs
    from kg.pipeline import AUTO_BYTES

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    small = tmp_path / "small"
    small.mkdir()
    (small / "a.txt").write_text("Anna Berg met Rui Costa in Oslo.", encoding="utf-8")
    big = tmp_path / "big"
    big.mkdir()
    for n in range(3):
        (big / f"{n}.txt").write_text("Anna Berg met Rui Costa in Oslo. " * (AUTO_BYTES // 90), encoding="utf-8")
    assert auto_jobs([small]) == 1 and auto_jobs([big]) == 2 and auto_jobs([small, big / "0.txt"]) == 1
    result = run("build", str(small), "-o", str(tmp_path / "g.nt"), "-j", "none")
    assert result.exit_code == 2 and "neither a number of processes" in result.output
    assert run("build", str(small), "-o", str(tmp_path / "g.nt"), "-j", "0").exit_code == 2
