"""kg serve: Oxigraph's own server over a store kg built, run as `kg serve` would be, queried
over HTTP (the SPARQL 1.1 Protocol) for the same rows as kg query; read-only, on loopback
unless asked, stopped by Ctrl-C with status 0; bad input is one line naming the problem."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.cli import main
from kg.query import PREFIXES

from .conftest import ROOT
from .virtuoso import free_port

pytestmark = pytest.mark.store

QUERIES = re.findall(r"```sparql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
INSTALL = "pip install 'kg[store]' (requirements/main.txt pins it)"


@pytest.fixture
def run():
    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory) -> Path:
    """A store of one triple, made by kg.store without the spaCy model."""
    from kg import store

    g = Graph()
    g.add((URIRef("https://example.org/kg/a"), URIRef("https://example.org/kg/ontology#p"), Literal("x")))
    folder = tmp_path_factory.mktemp("tiny") / "store"
    store.add(g, folder)
    return folder


@pytest.fixture(scope="module")
def seed_store(seed_build, tmp_path_factory) -> Path:
    """The seeds in a store: what kg build seeds/ --store DIR writes."""
    from kg import store

    folder = tmp_path_factory.mktemp("seeds") / "store"
    store.add(seed_build, folder)
    return folder


def http(url: str, data: bytes | None = None, method: str | None = None, headers: dict | None = None):
    """(status, body) of one request; an HTTP error status is returned, not raised."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def sparql(endpoint: str, query: str) -> dict:
    """The SPARQL 1.1 Protocol: a query by POST of a form, JSON results back."""
    status, body = http(endpoint, urllib.parse.urlencode({"query": query}).encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    assert status == 200, body
    return json.loads(body)


def with_prefixes(query: str) -> str:
    """The query with PREFIX lines for kg query's predeclared prefixes it does not declare:
    a SPARQL endpoint predeclares none."""
    declared = set(re.findall(r"(?i)PREFIX\s+(\w*):", query))
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items() if k not in declared) + query


@contextmanager
def serving(store: Path, *args: str, env: dict | None = None):
    """`kg serve STORE ARGS` in its own process group, once it answers; yields the process
    and the endpoint's base URL. Left running, it is stopped as Ctrl-C would."""
    port = free_port()
    child = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(store), "--port", str(port), *args],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True, env=env)
    host = args[args.index("--bind") + 1] if "--bind" in args else "127.0.0.1"
    base = f"http://{host}:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert child.poll() is None, child.communicate()
            try:
                if http(base + "query?query=ASK%7B%7D")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "kg serve did not answer within 60 s"
            time.sleep(0.1)
        yield child, base
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGINT)
            child.communicate(timeout=30)


def stop(child: subprocess.Popen) -> tuple[str, str]:
    """Ctrl-C on the terminal: SIGINT to kg and the server; kg's stdout and stderr."""
    os.killpg(child.pid, signal.SIGINT)
    return child.communicate(timeout=30)


def listening(port: int) -> set[str]:
    """The IPv4 and IPv6 addresses something listens on at port (from /proc/net)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))  # host order words
                found.add(socket.inet_ntop(socket.AF_INET if len(raw) == 4 else socket.AF_INET6, words))
    return found


@pytest.mark.model
def test_readme_queries_over_http_give_the_rows_of_kg_query(seed_store, run):
    assert len(QUERIES) >= 3
    with serving(seed_store) as (child, base):
        for query in QUERIES:
            local = run("query", seed_store, query, "--output", "json")
            assert local.exit_code == 0, local.output
            expected = json.loads(local.output)["results"]["bindings"]
            answer = sparql(base + "query", with_prefixes(query))
            assert expected, query
            assert answer["results"]["bindings"] == expected, query
        out, err = stop(child)
    assert child.returncode == 0, err
    assert "Traceback" not in err and "Error" not in err
    assert out.splitlines() == [f"SPARQL endpoint: {base}query", f"Query page:      {base}"]
    assert err.splitlines() == [f"kg: serving {seed_store} read-only; Ctrl-C stops it"]
    with pytest.raises(OSError):  # the server is gone with kg
        http(base + "query?query=ASK%7B%7D")


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the listening sockets from /proc/net")
def test_binds_loopback_by_default_and_refuses_writes(tiny_store):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    with serving(tiny_store) as (child, base):
        port = int(base.rsplit(":", 1)[1].strip("/"))
        assert listening(port) == {"127.0.0.1"}
        assert http(base)[0] == 200 and b"<html" in http(base)[1]  # Oxigraph's query page
        before = sparql(base + "query", count)["results"]["bindings"]
        insert = "INSERT DATA { <https://example.org/x> <https://example.org/y> 'z' }"
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        status, _ = http(base + "update", urllib.parse.urlencode({"update": insert}).encode(), headers=form)
        assert status == 403
        status, _ = http(base + "update", insert.encode(), headers={"Content-Type": "application/sparql-update"})
        assert status == 403
        status, _ = http(base + "query", insert.encode(), headers={"Content-Type": "application/sparql-update"})
        assert 400 <= status < 500
        status, _ = http(base + "store?default", b"<https://example.org/x> <https://example.org/y> 'z' .",
                         method="PUT", headers={"Content-Type": "application/n-triples"})
        assert status == 403  # the Graph Store Protocol's writes too
        assert sparql(base + "query", count)["results"]["bindings"] == before == [
            {"n": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]
        _, err = stop(child)
    assert child.returncode == 0, err


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the listening sockets from /proc/net")
def test_bind_listens_where_asked(tiny_store):
    # 127.0.0.2 is loopback too (Linux routes 127/8 to lo), so the test opens nothing to the network
    with serving(tiny_store, "--bind", "127.0.0.2") as (child, base):
        assert listening(int(base.rsplit(":", 1)[1].strip("/"))) == {"127.0.0.2"}
        out, err = stop(child)
    assert child.returncode == 0, err
    assert out.splitlines()[0] == f"SPARQL endpoint: {base}query"


def test_timeout_reaches_the_server(tiny_store):
    with serving(tiny_store, "--timeout", "5") as (child, base):  # oxigraph --timeout-s 5 accepted
        assert sparql(base + "query", "ASK { ?s ?p ?o }")["boolean"] is True
        _, err = stop(child)
    assert child.returncode == 0, err


def test_sigterm_stops_it_with_status_0(tiny_store):
    with serving(tiny_store) as (child, base):
        child.send_signal(signal.SIGTERM)  # to kg alone: it stops the server
        _, err = child.communicate(timeout=30)
    assert child.returncode == 0, err
    with pytest.raises(OSError):
        http(base + "query?query=ASK%7B%7D")


def test_the_server_dying_passes_its_status_through(tiny_store):
    with serving(tiny_store) as (child, base):
        server = subprocess.run(["pgrep", "-g", str(child.pid), "-x", "oxigraph"], capture_output=True, text=True)
        if server.returncode != 0:
            pytest.skip("pgrep is not installed or finds no oxigraph process")
        os.kill(int(server.stdout.split()[0]), signal.SIGKILL)
        _, err = child.communicate(timeout=30)
    assert child.returncode == 128 + signal.SIGKILL
    assert err.splitlines()[-1] == "kg: oxigraph was ended by SIGKILL"


def test_missing_store_is_one_line(run, tmp_path):
    missing = tmp_path / "store"
    result = run("serve", missing)
    assert result.exit_code == 1
    assert result.output == f"Error: {missing}: no such store; make one with kg build INPUTS --store {missing}\n"
    assert not missing.exists()


def test_a_file_is_not_a_store(run, tmp_path):
    path = tmp_path / "graph.ttl"
    path.write_text("")
    result = run("serve", path)
    assert result.exit_code == 1
    assert result.output == f"Error: {path}: not a folder, so not an Oxigraph store\n"


def test_a_folder_that_is_not_a_store_is_one_line_and_left_alone(run, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    result = run("serve", tmp_path)
    assert result.exit_code == 1
    assert result.output == (f"Error: {tmp_path}: not an Oxigraph store "
                             f"(a folder made by kg build INPUTS --store {tmp_path})\n")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_port_in_use_is_oxigraphs_error_on_one_line(run, tiny_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", tiny_store, "--port", port)
    assert result.exit_code == 1
    assert len(result.output.splitlines()) == 1
    assert result.output.startswith(f"Error: {tiny_store}: oxigraph could not serve it on http://127.0.0.1:{port}/: "
                                    "Address already in use")
    assert result.output.endswith("; another server has that port: choose another --port\n")


def test_port_out_of_range_is_a_usage_error(run, tiny_store):
    result = run("serve", tiny_store, "--port", "70000")
    assert result.exit_code == 2 and "70000 is not in the range 1<=x<=65535" in result.output


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory) -> Path:
    """A virtual environment without oxigraph that imports what this one does: the Python
    of a machine where kg is installed without the kg[store] extra."""
    venv = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = subprocess.run([venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "outer.pth").write_text("\n".join(p for p in sys.path if p and Path(p).is_dir()) + "\n")
    return venv / "bin" / "python"


def kg_in(python: Path, *args, path: str):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(python), "-m", "kg", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          env=dict(env, PATH=path), timeout=60)


def test_missing_oxigraph_names_the_extra(bare_python, tiny_store, tmp_path):
    if shutil.which("oxigraph", path=os.defpath):
        pytest.skip("an oxigraph is installed system-wide")
    result = kg_in(bare_python, "serve", tiny_store, path=os.defpath)
    assert result.returncode == 1
    assert result.stderr == (f"Error: the oxigraph executable (Oxigraph's server) is not installed in "
                             f"{bare_python.parent} or on PATH; install it with {INSTALL}\n")


def test_oxigraph_of_another_release_is_refused(bare_python, tiny_store, tmp_path):
    import pyoxigraph

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    old = bin_dir / "oxigraph"  # what an older oxigraph says to --version; it would misread the store
    old.write_text("#!/bin/sh\necho 'oxigraph 0.3.22'\n")
    old.chmod(0o755)
    result = kg_in(bare_python, "serve", tiny_store, path=f"{bin_dir}{os.pathsep}{os.defpath}")
    assert result.returncode == 1
    want = ".".join(pyoxigraph.__version__.split(".")[:2])
    assert result.stderr == (f"Error: {old}: Oxigraph 0.3.22, but kg's stores are written by pyoxigraph "
                             f"{pyoxigraph.__version__}; install Oxigraph {want}.x with {INSTALL}\n")


def test_installed_oxigraph_is_pyoxigraphs_release():
    """requirements/main.txt pins both; a bump of one alone fails here."""
    import pyoxigraph

    from kg.serve import find_oxigraph

    said = subprocess.run([find_oxigraph(), "--version"], capture_output=True, text=True, check=True).stdout
    assert said.split() == ["oxigraph", pyoxigraph.__version__]
