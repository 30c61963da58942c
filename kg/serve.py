"""A live SPARQL endpoint over a store: an Oxigraph store folder in, Oxigraph's own server
running on it out, until it ends or is stopped; kg adds no server code.

`serve(folder)` checks the folder, finds the `oxigraph` executable (the `oxigraph` package
on PyPI, of pyoxigraph's release, so it reads the stores kg build --store writes) and runs
`oxigraph serve-read-only --union-default-graph` on it: queries see the union of the
store's graphs, as `kg query STORE` does, and SPARQL Update and the Graph Store writes are
refused. It binds 127.0.0.1 unless another host is asked for.

    http://HOST:PORT/query   the SPARQL 1.1 Protocol endpoint (GET or POST, any client)
    http://HOST:PORT/        Oxigraph's query page, for a browser

SIGINT, SIGTERM and SIGHUP stop the server (SIGTERM to it; a second signal, SIGKILL) and
serve returns 0: stopping a server is its normal end. Otherwise it returns the server's
own exit status (128 + N if signal N killed it). What the server says on stderr is logged,
except its "Listening" line (ready() is called then) and its "Error:" line, which becomes
a one-line KGError (oxigraph exits 1 on every error, so that is its status too).
"""
from __future__ import annotations

import ipaddress
import logging
import os
import re
import shutil
import signal
import subprocess
import sysconfig
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import KGError

HOST = "127.0.0.1"
PORT = 7878
log = logging.getLogger(__name__)
STOP = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
INSTALL = "pip install 'kg[store]' (requirements/main.txt pins it)"


@dataclass(frozen=True)
class Endpoint:
    """Where a served store answers."""

    store: Path
    host: str
    port: int

    @property
    def base(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host  # an IPv6 address
        return f"http://{host}:{self.port}/"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol endpoint."""
        return self.base + "query"

    @property
    def page_url(self) -> str:
        """Oxigraph's query page, for a browser."""
        return self.base

    @property
    def loopback(self) -> bool:
        """Whether only this machine can reach it."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:  # a host name
            return False


def check_store(folder: str | Path) -> Path:
    """folder, if it is an Oxigraph store; KGError naming it and the problem if not."""
    from .store import recover

    folder = Path(folder)
    recover(folder)  # a swap cut short by a crash puts the previous store back, as kg query does
    if not folder.exists():
        raise KGError(f"{folder}: no such store; make one with kg build INPUTS --store {folder}")
    if not folder.is_dir():
        raise KGError(f"{folder}: not a folder, so not an Oxigraph store")
    if not (folder / "CURRENT").is_file():
        raise KGError(f"{folder}: not an Oxigraph store (a folder made by kg build INPUTS --store {folder})")
    return folder


def find_oxigraph() -> str:
    """The path of the oxigraph executable: the one installed beside this Python (a
    virtual environment's bin/, which need not be on PATH), else the first on PATH.
    KGError if there is none, or if it is not of pyoxigraph's release."""
    scripts = sysconfig.get_path("scripts")
    exe = shutil.which("oxigraph", path=os.pathsep.join([scripts, os.environ.get("PATH", os.defpath)]))
    if exe is None:
        raise KGError(f"the oxigraph executable (Oxigraph's server) is not installed in {scripts} or on PATH; "
                      f"install it with {INSTALL}")
    check_version(exe)
    return exe


def check_version(exe: str) -> None:
    """KGError unless exe is Oxigraph of pyoxigraph's major.minor release, which reads
    the stores pyoxigraph writes."""
    import pyoxigraph

    try:
        said = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as e:
        raise KGError(f"{exe}: cannot run it: {e}") from None
    found = re.search(r"\b(\d+)\.(\d+)\.\d+\S*", said)
    want = pyoxigraph.__version__.split(".")[:2]
    if found is None or list(found.groups()) != want:
        version = found.group() if found else repr(said.strip()[:40])
        raise KGError(f"{exe}: Oxigraph {version}, but kg's stores are written by pyoxigraph "
                      f"{pyoxigraph.__version__}; install Oxigraph {'.'.join(want)}.x with {INSTALL}")


def command(endpoint: Endpoint, exe: str, timeout: int | None = None) -> list[str]:
    """The oxigraph command line that serves endpoint read-only."""
    host = f"[{endpoint.host}]" if ":" in endpoint.host else endpoint.host
    args = [exe, "serve-read-only", "--location", str(endpoint.store), "--bind", f"{host}:{endpoint.port}",
            "--union-default-graph"]
    return args + (["--timeout-s", str(timeout)] if timeout else [])


def serve(folder: str | Path, host: str = HOST, port: int = PORT, timeout: int | None = None,
          ready: Callable[[Endpoint], None] | None = None) -> int:
    """Serve the store in folder read-only on host:port until the server ends or this
    process is told to stop; the exit status (see the module's docstring). ready(endpoint)
    is called once the server listens. timeout: seconds a query may run (None: no limit).
    The server's other stderr lines are logged as warnings. KGError if the store, the
    executable or the server fails, naming what and why, on one line."""
    endpoint = Endpoint(check_store(folder), host, port)
    argv = command(endpoint, find_oxigraph(), timeout)
    env = dict(os.environ, RUST_BACKTRACE="0", RUST_LIB_BACKTRACE="0")  # its errors on one line
    children: list[subprocess.Popen] = []
    stopping: list[int] = []

    def stop(signum, frame) -> None:
        stopping.append(signum)
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM if len(stopping) == 1 else signal.SIGKILL)

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for s in STOP:
            if signal.getsignal(s) is not signal.SIG_IGN:  # nohup's SIGHUP stays ignored
                previous[s] = signal.signal(s, stop)
    error = None
    try:
        child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, env=env, text=True, errors="replace")
        children.append(child)
        if stopping:  # told to stop while it started
            child.terminate()
        assert child.stderr is not None
        for line in child.stderr:
            if line.startswith("Listening for requests at"):
                if ready is not None:
                    ready(endpoint)
            elif line.startswith("Error:"):
                error = error or line[len("Error:"):].strip()
            elif line.strip() and error is None:  # after an error: its backtrace, if any
                log.warning("oxigraph: %s", line.rstrip("\n"))
        status = child.wait()
    finally:
        for child in children:  # an exception in ready(): the server does not outlive us
            if child.poll() is None:
                child.kill()
                child.wait()
        for s, handler in previous.items():
            signal.signal(s, handler)
    if stopping and (status == 0 or -status in STOP or status == -signal.SIGKILL):
        return 0
    if error is not None:
        hint = "; another server has that port: choose another --port" if "in use" in error else ""
        raise KGError(f"{endpoint.store}: oxigraph could not serve it on {endpoint.base}: {error}{hint}")
    if status < 0:
        log.warning("oxigraph was ended by %s", signal.Signals(-status).name)
        return 128 - status
    return status
