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
    met = {(str(r[0]), str(r[1]), str(r[2]))
           for r in run(seed_build.graph, (ROOT / "queries/who-met-whom.rq").read_text())}
    assert ("Donald Trump", "phone call", "Xi Jinping") in met
    tariffs = {(str(r[0]), str(r[1]), r[3].toPython()) for r in
               run(seed_build.graph, (ROOT / "queries/tariff-changes.rq").read_text())}
    assert ("United States", "China", 30) in {(a, t, int(v)) for a, t, v in tariffs}


# --- kg never reaches the network on a query's or a file's say-so (issue 12, item 5) ---------------

@pytest.fixture
def listener():
    """An HTTP server on loopback that records every request it gets and answers an empty result."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self):
            seen.append(f"{self.command} {self.path}")
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            body = b'{"head": {"vars": ["o"]}, "results": {"bindings": []}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def small_file(tmp_path):
    path = tmp_path / "g.ttl"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n")
    return path


SERVICE = "SELECT ?o WHERE { ?s ?p ?o . SERVICE <%s/sparql> { ?s ?p ?o } }"
REFUSED = ("Error: SERVICE sends the graph's data to another host and is refused; "
           "use --allow-service to query a remote endpoint")


@pytest.mark.parametrize("text", [SERVICE, "select * { service silent <%s/x> { ?s ?p ?o } }",
                                  "INSERT { ?s ?p ?o } WHERE { SERVICE <%s/x> { ?s ?p ?o } }"])
def test_service_is_refused_on_a_file(tmp_path, listener, text):
    from click.testing import CliRunner

    from kg.cli import main

    url, seen = listener
    for extra in ([], ["--allow-update"]):
        result = CliRunner().invoke(main, ["query", str(small_file(tmp_path)), text % url, *extra])
        assert result.exit_code == 1
        assert result.output.strip().splitlines()[-1] == REFUSED
    assert seen == []


def test_service_is_refused_on_a_store(tmp_path, listener):
    from click.testing import CliRunner
    from rdflib import Graph

    from kg.cli import main
    from kg.store import add

    url, seen = listener
    add(Graph().parse(small_file(tmp_path)), tmp_path / "store")
    result = CliRunner().invoke(main, ["query", str(tmp_path / "store"), SERVICE % url])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == REFUSED
    assert seen == []


def test_allow_service_runs_it(tmp_path, listener):
    from click.testing import CliRunner

    from kg.cli import main

    url, seen = listener
    result = CliRunner().invoke(main, ["query", str(small_file(tmp_path)), SERVICE % url, "--allow-service"])
    assert result.exit_code == 0, result.output
    assert seen and seen[0].startswith(("GET /sparql", "POST /sparql"))


@pytest.mark.parametrize("text", ["SELECT * FROM <%s/g.ttl> WHERE { ?s ?p ?o }",
                                  "SELECT * FROM NAMED <%s/g.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }"])
def test_from_never_fetches(tmp_path, listener, text):
    url, seen = listener
    from rdflib import Graph

    run(Graph().parse(small_file(tmp_path)), text % url)
    assert seen == []


def test_load_is_refused(tmp_path, listener):
    from click.testing import CliRunner

    from kg.cli import main

    url, seen = listener
    result = CliRunner().invoke(main, ["query", str(small_file(tmp_path)), f"LOAD <{url}/g.ttl>", "--allow-update"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == ("Error: LOAD reads a URL or file named in the query; "
                                                      "kg never fetches one")
    assert seen == []


@pytest.mark.parametrize("context", ['"%s/context.jsonld"', '["%s/context.jsonld", {"x": "urn:x"}]',
                                     '{"@import": "%s/context.jsonld", "x": "urn:x"}'])
@pytest.mark.parametrize("command", ["query", "validate", "export", "eval"])
def test_a_remote_jsonld_context_is_never_fetched(tmp_path, listener, context, command):
    from click.testing import CliRunner

    from kg.cli import main

    url, seen = listener
    path = tmp_path / "g.jsonld"
    path.write_text('{"@context": %s, "@id": "urn:a", "x": "1"}' % (context % url))
    args = {"query": ["query", str(path), "ASK { ?s ?p ?o }"], "validate": ["validate", str(path)],
            "export": ["export", str(path), "-o", str(tmp_path / "g.nt")],
            "eval": ["eval", str(path), "--gold", str(ROOT / "tests/data/gold")]}[command]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines()[-1] == (f"Error: {path}: names a remote JSON-LD @context, which kg "
                                                      f"never fetches; put the context inline")
    assert seen == []


def test_csv_tsv_and_json_follow_the_sparql_results_formats():
    """TSV writes terms as in Turtle (IRIs in <>, literals quoted, with a language or datatype)
    under ?-named columns; CSV writes plain values, CRLF line ends; JSON is SPARQL 1.1 JSON."""
    import json

    from rdflib import URIRef

    from kg.query import Answer, render

    answer = Answer("rows", names=["who", "said"],
                    rows=[(URIRef("https://example.org/kg/person/jan-doe"),
                           Literal("Tab\there, \"quoted\"", lang="en")),
                          (Literal(3), None)])
    assert render(answer, "tsv").split("\n") == [
        "?who\t?said", '<https://example.org/kg/person/jan-doe>\t"Tab\\there, \\"quoted\\""@en', "3\t"]
    assert render(answer, "csv").split("\r\n") == [
        "who,said", 'https://example.org/kg/person/jan-doe,"Tab\there, ""quoted"""', "3,"]
    got = json.loads(render(answer, "json"))
    assert got["head"]["vars"] == ["who", "said"] and got["results"]["bindings"][1] == {
        "who": {"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
    assert render(Answer("boolean", boolean=True), "tsv") == "true"
