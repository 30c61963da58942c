"""kg.push against a real Virtuoso: the graph goes in by Graph Store PUT, SPARQL over HTTP
gives back what rdflib gives locally.

Tests marked `store` start one fresh Virtuoso for the module (tests/virtuoso.py: a
temporary database, both listeners on 127.0.0.1, stopped and removed afterwards);
they need Debian's virtuoso-opensource. Tests marked `model` also build the seed
articles with the real spaCy model. The refusal tests need no server and prove that
no connection was even tried.
"""
from __future__ import annotations

import base64
import shutil
import socket
import subprocess
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from rdflib import XSD, BNode, Graph, Literal, URIRef

from kg.errors import KGError
from kg.push import PushResult, is_loopback, push, target
from kg.query import PREFIXES, run

from . import virtuoso as vt
from .virtuoso import free_port

GRAPH = "https://example.org/kg/graph/seeds"
NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float}
DECLARED = "".join(f"PREFIX {name}: <{ns}>\n" for name, ns in PREFIXES.items())

QUERIES = {
    "every triple": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
    "triple count": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "person jobTitle": "SELECT ?name ?title WHERE { ?p a kg:Person ; rdfs:label ?name ; kg:jobTitle ?title }",
    "class sizes": "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class",
    "quotations": "SELECT ?who ?text WHERE { ?q a kg:Quotation ; kg:speaker/rdfs:label ?who ; kg:text ?text }",
    "typed values": "SELECT ?s ?confidence ?start WHERE { ?s kg:confidence ?confidence ; kg:startChar ?start }",
}


# --- helpers and fixtures ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def virtuoso():
    """One fresh Virtuoso for the module, on loopback; stopped and its files removed at the end."""
    try:
        with vt.running() as server:
            print(f"\nvirtuoso: ready at {server.url} after {server.startup:.2f} s")
            yield server
    except RuntimeError as e:
        pytest.fail(str(e))


@pytest.fixture
def crud(virtuoso):
    return f"{virtuoso.url}/sparql-graph-crud-auth"


def _term(binding: dict | None):
    """An rdflib term of a SPARQL JSON result binding (Virtuoso still writes "typed-literal")."""
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    return Literal(value, lang=binding.get("xml:lang"), datatype=binding.get("datatype"))


def _key(term):
    """A term as compared: numbers by datatype and value, since Virtuoso stores them as numbers
    and gives back a canonical lexical form ("145.0"^^xsd:decimal comes back as "145")."""
    if isinstance(term, Literal) and term.datatype in NUMERIC:
        return ("number", term.datatype, term.toPython())
    return term


def remote(server, query: str, graph_iri: str = GRAPH) -> Counter:
    """The rows of a SELECT run by the server over HTTP on graph_iri, as a multiset of term tuples."""
    r = httpx.post(f"{server.url}/sparql", data={"query": DECLARED + query, "default-graph-uri": graph_iri},
                   headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert r.status_code == 200, r.text
    data = r.json()
    names = data["head"]["vars"]
    return Counter(tuple(_key(_term(row.get(n))) for n in names) for row in data["results"]["bindings"])


def local(graph: Graph, query: str) -> Counter:
    result = run(graph, query)
    return Counter(tuple(_key(row[i]) for i in range(len(result.vars))) for row in result)


def count(server, graph_iri: str) -> int:
    (row,) = remote(server, QUERIES["triple count"], graph_iri)
    return int(row[0][2])


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to resolve a name or open a connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network call attempted: {args!r}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", refuse)


def small_graph(n: int = 3) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"https://example.org/kg/thing/{i}"), URIRef("https://example.org/kg/ontology#rank"),
               Literal(i)))
    return g


# --- against a real Virtuoso ---------------------------------------------------------------------

@pytest.mark.store
@pytest.mark.model
def test_seed_graph_round_trips_through_virtuoso(virtuoso, crud, seed_build):
    graph = seed_build.graph
    result = push(graph, crud, GRAPH, "dba", "dba")
    print(f"\npush: {result.triples} triples in {result.seconds:.3f} s, HTTP {result.status}")
    assert isinstance(result, PushResult)
    assert result.status in (200, 201, 204)
    assert result.triples == len(graph) > 0
    assert result.url == f"{crud}?graph=https%3A%2F%2Fexample.org%2Fkg%2Fgraph%2Fseeds"
    for name, query in QUERIES.items():
        theirs, ours = remote(virtuoso, query), local(graph, query)
        assert ours, f"{name}: no rows locally, the query tests nothing"
        assert theirs == ours, f"{name}: Virtuoso and rdflib differ"
    assert count(virtuoso, GRAPH) == len(graph)


@pytest.mark.store
@pytest.mark.model
def test_pushing_twice_replaces_the_graph(virtuoso, crud, seed_build):
    iri = "https://example.org/kg/graph/twice"
    graph = seed_build.graph
    first = push(graph, crud, iri, "dba", "dba")
    second = push(graph, crud, iri, "dba", "dba")
    assert first.status == 201 and second.status == 200  # Virtuoso: created, then replaced
    assert count(virtuoso, iri) == len(graph)
    push(small_graph(3), crud, iri, "dba", "dba")
    assert count(virtuoso, iri) == 3
    push(Graph(), crud, iri, "dba", "dba")
    assert count(virtuoso, iri) == 0


@pytest.mark.store
@pytest.mark.model
def test_what_is_sent_parses_with_rapper(seed_build, tmp_path):
    """The N-Triples body, checked by an independent parser (Debian's raptor2-utils)."""
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.fail(f"rapper not found; install Debian's {vt.PACKAGES}")
    path = tmp_path / "seeds.nt"
    path.write_bytes(seed_build.graph.serialize(format="nt", encoding="utf-8"))
    done = subprocess.run([rapper, "-i", "ntriples", "-c", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"returned {len(seed_build.graph)} triples" in done.stderr


@pytest.mark.store
def test_wrong_password_is_one_line_with_the_status(virtuoso, crud):
    with pytest.raises(KGError) as e:
        push(small_graph(), crud, "https://example.org/kg/graph/wrong", "dba", "not-the-password")
    message = str(e.value)
    assert message == f"push to {crud} failed: HTTP 401 Unauthorized: wrong user or password"
    assert "\n" not in message
    assert count(virtuoso, "https://example.org/kg/graph/wrong") == 0


@pytest.mark.store
def test_no_credentials_for_the_auth_endpoint_is_401(crud):
    with pytest.raises(KGError, match=r"failed: HTTP 401 Unauthorized: credentials needed"):
        push(small_graph(), crud, "https://example.org/kg/graph/anon", None, None)


@pytest.mark.store
def test_credentials_from_netrc(virtuoso, crud, tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine example.com login someone password other\n"
                     "machine 127.0.0.1 login dba password dba\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    result = push(small_graph(5), crud, "https://example.org/kg/graph/netrc", None, None)
    assert result.status in (200, 201)
    assert count(virtuoso, "https://example.org/kg/graph/netrc") == 5


@pytest.mark.store
def test_virtuoso_has_no_default_graph_to_put(crud):
    """Virtuoso's Graph Store refuses ?default (its default graph is the union of all graphs)."""
    with pytest.raises(KGError) as e:
        push(small_graph(), crud, None, "dba", "dba")
    assert str(e.value).startswith(f"push to {crud} failed: HTTP 500 Request Failed: ")
    assert '"default" param' in str(e.value)


@pytest.mark.store
def test_anonymous_endpoint_may_not_write(virtuoso):
    with pytest.raises(KGError, match=r"^push to \S+/sparql-graph-crud failed: HTTP 403 Forbidden: .*Permission"):
        push(small_graph(), f"{virtuoso.url}/sparql-graph-crud", "https://example.org/kg/graph/anon", None, None)


# --- no server needed ----------------------------------------------------------------------------

def test_credentials_over_plain_http_to_another_host_are_refused(no_network):
    with pytest.raises(KGError) as e:
        push(small_graph(), "http://example.com/sparql-graph-crud-auth", GRAPH, "dba", "dba")
    assert str(e.value) == ("refusing to send credentials over plain http to example.com, which is not this "
                            "machine; use https, or --insecure to send them anyway")


def test_netrc_credentials_count_too(no_network, tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine example.com login dba password dba\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    with pytest.raises(KGError, match="--insecure"):
        push(small_graph(), "http://example.com/store", GRAPH, None, None)


def test_insecure_sends_anyway(monkeypatch):
    tried = []

    def refuse(self, request):
        tried.append(request)
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", refuse)
    with pytest.raises(KGError) as e:
        push(small_graph(), "http://example.com/store", GRAPH, "dba", "dba", insecure=True)
    assert str(e.value) == "push to http://example.com/store failed: cannot connect: Connection refused"
    assert tried and tried[0].url.host == "example.com"


@pytest.fixture
def basic_store():
    """A Graph Store stub on loopback that asks for HTTP Basic (dba/dba) and records each request."""
    seen: list[tuple[str, str | None, int]] = []
    expected = "Basic " + base64.b64encode(b"dba:dba").decode()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, ok: int) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            auth = self.headers.get("Authorization")
            seen.append((self.command, auth, len(body)))
            if auth != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="kg"')
            else:
                self.send_response(ok)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_HEAD(self):
            self._answer(200)

        def do_PUT(self):
            self._answer(201)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store", seen, expected
    finally:
        server.shutdown()
        server.server_close()


def test_basic_auth_when_the_server_asks_for_it(basic_store):
    url, seen, expected = basic_store
    graph = small_graph(4)
    result = push(graph, url, GRAPH, "dba", "dba")
    assert result.status == 201 and result.triples == 4
    body = len(graph.serialize(format="nt", encoding="utf-8"))
    # a bodiless HEAD learns the scheme; the graph is sent once, with the credentials
    assert seen == [("HEAD", None, 0), ("HEAD", expected, 0), ("PUT", expected, body)]


def test_wrong_basic_password_does_not_send_the_graph(basic_store):
    url, seen, _ = basic_store
    with pytest.raises(KGError, match=r"failed: HTTP 401 Unauthorized: wrong user or password$"):
        push(small_graph(), url, GRAPH, "dba", "nope")
    assert [method for method, _, _ in seen] == ["HEAD", "HEAD"]


def test_timeout_is_one_line():
    with socket.socket() as listener:  # accepts connections (the kernel does) but never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        endpoint = f"http://127.0.0.1:{listener.getsockname()[1]}/store"
        with pytest.raises(KGError) as e:
            push(small_graph(), endpoint, GRAPH, None, None, timeout=0.5)
    assert str(e.value) == f"push to {endpoint} failed: no answer within 0.5 s"


def test_connection_refused_is_one_line():
    endpoint = f"http://127.0.0.1:{free_port()}/sparql-graph-crud-auth"
    with pytest.raises(KGError) as e:
        push(small_graph(), endpoint, GRAPH, "dba", "dba")
    assert str(e.value) == f"push to {endpoint} failed: cannot connect: Connection refused"


@pytest.mark.parametrize("endpoint, message", [
    ("ftp://example.com/x", "ftp://example.com/x: not an http:// or https:// endpoint URL"),
    ("example.com/x", "example.com/x: not an http:// or https:// endpoint URL"),
    ("http://dba:secret@127.0.0.1/x", "http://***@127.0.0.1/x: put credentials in --user/--password or "
                                      "~/.netrc, not in the URL"),
])
def test_bad_endpoints(no_network, endpoint, message):
    with pytest.raises(KGError) as e:
        push(small_graph(), endpoint, GRAPH, None, None)
    assert str(e.value) == message


def test_user_needs_a_password(no_network, tmp_path, monkeypatch):
    monkeypatch.setenv("NETRC", str(tmp_path / "none"))
    with pytest.raises(KGError, match=r"^--user dba needs --password"):
        push(small_graph(), "http://127.0.0.1:1/x", GRAPH, "dba", None)
    with pytest.raises(KGError, match=r"^--password needs --user$"):
        push(small_graph(), "http://127.0.0.1:1/x", GRAPH, None, "dba")


def test_malformed_netrc(no_network, tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login dba password dba\nnonsense here\n")
    monkeypatch.setenv("NETRC", str(netrc))
    with pytest.raises(KGError, match=rf"^{netrc}: not a valid netrc file: "):
        push(small_graph(), "http://127.0.0.1:1/x", GRAPH, None, None)


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("127.1.2.3", True), ("::1", True), ("localhost", True), ("LOCALHOST.", True),
    ("::ffff:127.0.0.1", True), ("10.0.0.1", False), ("example.com", False), ("128.0.0.1", False),
    ("localhost.example.com", False), ("evil.localhost", False),
])
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_target():
    assert target("http://h/crud", "https://example.org/g?x=1#y") == \
        "http://h/crud?graph=https%3A%2F%2Fexample.org%2Fg%3Fx%3D1%23y"
    assert target("http://h/crud", None) == "http://h/crud?default"
    assert target("http://h/crud?key=1", "urn:g") == "http://h/crud?key=1&graph=urn%3Ag"


@pytest.mark.store
@pytest.mark.model
def test_kg_push_command_is_one_line(crud, seed_build, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main
    from kg.exporters import export

    seed_graph_file = tmp_path / "g.ttl"
    export(seed_build.graph, seed_graph_file)
    result = CliRunner().invoke(main, ["push", str(seed_graph_file), "--endpoint", crud,
                                       "--graph", "https://example.org/kg/graph/cli", "--user", "dba",
                                       "--password", "dba"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"kg: {len(seed_build.graph)} triples -> " in result.output and "(HTTP 20" in result.output
    bad = CliRunner().invoke(main, ["push", str(seed_graph_file), "--endpoint", crud,
                                    "--graph", "https://example.org/kg/graph/cli", "--user", "dba",
                                    "--password", "wrong"])
    assert bad.exit_code == 1 and len(bad.output.strip().splitlines()) == 1 and "401" in bad.output


# --- a hostile or broken server cannot exhaust memory or time (issue 12, item 8) ----------------

@pytest.fixture
def hostile():
    """A raw TCP server on loopback answering every request with what `answer` says: it sends
    the head, then calls body(send) until it returns False or the client goes away."""
    sent = {"bytes": 0}
    behaviour: dict = {}
    stop = threading.Event()
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)

    def serve(conn):
        with conn:
            conn.settimeout(5)
            try:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                conn.sendall(behaviour["head"])
                while not stop.is_set() and behaviour["body"](conn, sent):
                    pass
            except OSError:
                pass

    def accept():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/store", behaviour, sent
    finally:
        stop.set()
        listener.close()


def test_an_endless_error_body_is_read_only_in_part(hostile):
    url, behaviour, sent = hostile
    chunk = b"x" * 65536 + b"\n"
    behaviour["head"] = b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\nthe store broke\n"

    def endless(conn, sent):  # no Content-Length, no end: the body lasts as long as the connection
        conn.sendall(chunk)
        sent["bytes"] += len(chunk)
        return sent["bytes"] < 2_000_000_000

    behaviour["body"] = endless
    started = time.perf_counter()
    with pytest.raises(KGError) as e:
        push(small_graph(), url, GRAPH, timeout=5)
    assert str(e.value) == f"push to {url} failed: HTTP 500 Internal Server Error: the store broke"
    assert time.perf_counter() - started < 10
    time.sleep(0.5)
    assert sent["bytes"] < 50_000_000  # the client stopped reading long before the 2 GB


def test_a_trickling_server_cannot_outlast_the_deadline(hostile):
    url, behaviour, sent = hostile
    behaviour["head"] = b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 1000000\r\n\r\n"

    def trickle(conn, sent):  # one byte every 0.1 s: each read is well within --timeout
        time.sleep(0.1)
        conn.sendall(b"x")
        return True

    behaviour["body"] = trickle
    started = time.perf_counter()
    with pytest.raises(KGError) as e:
        push(small_graph(), url, GRAPH, timeout=1, deadline=1.5)
    assert str(e.value) == f"push to {url} failed: no complete answer within 1.5 s"
    assert time.perf_counter() - started < 5


def test_a_trickled_head_cannot_outlast_the_deadline(hostile):
    url, behaviour, sent = hostile
    behaviour["head"] = b"HTTP/1.1 200 OK\r\n"

    def trickle(conn, sent):
        time.sleep(0.1)
        conn.sendall(b"X-Slow: y\r\n")
        return True

    behaviour["body"] = trickle
    with pytest.raises(KGError, match=r"failed: no complete answer within 1.5 s$"):
        push(small_graph(), url, GRAPH, timeout=1, deadline=1.5)
