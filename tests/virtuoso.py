"""A throwaway Virtuoso for tests: a fresh database in a temporary folder, bound to loopback.

    with running() as server:          # or the `virtuoso` fixture of a test module
        server.url                     # http://127.0.0.1:PORT
        server.startup                 # seconds from process start to SPARQL answering

The ini file is Debian's /etc/virtuoso-opensource-7/virtuoso.ini (package
virtuoso-opensource) with the database files moved into the temporary folder and
both listeners, SQL (ServerPort) and HTTP ([HTTPServer] ServerPort), bound to
127.0.0.1 on free ports; without that file a copy of its relevant settings is used.
`virtuoso-t +foreground` runs as a child process in its own session (Ctrl-C reaches
only pytest, whose fixture teardown then stops it), asked by the kernel to die with
the test process (Linux PR_SET_PDEATHSIG) should that be killed; the server is ready
once GET /sparql answers 200 (polled every 0.1 s, at most `timeout` seconds). On exit
it gets SIGTERM (SIGKILL if it has not stopped within 15 s) and the folder is removed.
A fresh database has the account dba with password dba.
"""
from __future__ import annotations

import contextlib
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
VAD_DIR = "/usr/share/virtuoso-opensource-7/vad"
PACKAGES = "virtuoso-opensource raptor2-utils"
USER, PASSWORD = "dba", "dba"

# The settings of Debian's ini that matter here, used when the file is missing.
FALLBACK_INI = f"""\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 1111
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {VAD_DIR}
VADInstallDir = {VAD_DIR}/
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 8890
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8

[URIQA]
DefaultHost = localhost:8890

[SPARQL]
ResultSetMaxRows = 10000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
"""


@dataclass
class Server:
    """A running Virtuoso: its HTTP base URL, ports, folder and how long it took to start."""

    url: str
    http_port: int
    sql_port: int
    directory: Path
    startup: float
    process: subprocess.Popen
    user: str = USER
    password: str = PASSWORD

    def log(self, lines: int = 20) -> str:
        """The last lines of the server's own log file (virtuoso.log)."""
        path = self.directory / "virtuoso.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on just now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ini_text(directory: Path, sql_port: int, http_port: int, base: str | None = None) -> str:
    """Debian's ini (or the fallback) with files in `directory` and both listeners on loopback."""
    if base is None:
        base = PACKAGE_INI.read_text(errors="replace") if PACKAGE_INI.exists() else FALLBACK_INI
    d = str(directory)
    overrides = {
        "Database": {"DatabaseFile": f"{d}/virtuoso.db", "ErrorLogFile": f"{d}/virtuoso.log",
                     "LockFile": f"{d}/virtuoso.lck", "TransactionFile": f"{d}/virtuoso.trx",
                     "xa_persistent_file": f"{d}/virtuoso.pxa"},
        "TempDatabase": {"DatabaseFile": f"{d}/virtuoso-temp.db", "TransactionFile": f"{d}/virtuoso-temp.trx"},
        "Parameters": {"ServerPort": f"127.0.0.1:{sql_port}", "DirsAllowed": f"., {d}, {VAD_DIR}",
                       "DisableUnixSocket": "1"},
        "HTTPServer": {"ServerPort": f"127.0.0.1:{http_port}"},
        "URIQA": {"DefaultHost": f"127.0.0.1:{http_port}"},
    }
    out: list[str] = []
    section = ""
    pending: dict[str, str] = {}

    def flush() -> None:
        # settings the base file lacks go at the end of their section
        while out and not out[-1].strip():
            out.pop()
        out.extend(f"{k} = {v}" for k, v in pending.items())
        out.append("")

    for line in base.splitlines():
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            if section:
                flush()
            section = header.group(1).strip()
            pending = dict(overrides.get(section, {}))
            out.append(line)
            continue
        setting = re.match(r"\s*([A-Za-z_][\w]*)\s*=", line)
        if setting and setting.group(1) in overrides.get(section, {}):
            key = setting.group(1)
            if key in pending:
                out.append(f"{key} = {pending.pop(key)}")
            continue  # a repeated key: keep only the first
        out.append(line)
    if section:
        flush()
    for name, settings in overrides.items():  # sections the base file lacks
        if not re.search(rf"^\s*\[{re.escape(name)}\]", base, re.M):
            out.append(f"[{name}]")
            out.extend(f"{k} = {v}" for k, v in settings.items())
            out.append("")
    return "\n".join(out) + "\n"


def _die_with_parent() -> None:
    """In the child before exec (Linux): SIGTERM when the test process dies, however it dies."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _start(binary: str, directory: Path, timeout: float) -> Server:
    """One attempt: fresh files in directory, two free ports, wait for /sparql."""
    for child in directory.iterdir():  # what an earlier attempt left
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(ini_text(directory, sql_port, http_port))
    url = f"http://127.0.0.1:{http_port}"
    started = time.monotonic()
    with open(directory / "console.log", "wb") as console:
        process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=directory,
                                   stdin=subprocess.DEVNULL, stdout=console, stderr=subprocess.STDOUT,
                                   start_new_session=True, preexec_fn=_die_with_parent)
    server = Server(url, http_port, sql_port, directory, 0.0, process)
    try:
        while not _ready(url):
            if process.poll() is not None:
                log = server.log()
                error = PortTaken if re.search(r"Failed (HTTP listen|to start listening)", log) else RuntimeError
                raise error(f"virtuoso-t exited with status {process.returncode} before answering:\n{log}")
            if time.monotonic() - started > timeout:
                raise RuntimeError(f"virtuoso-t did not answer on {url} within {timeout:g} s:\n{server.log()}")
            time.sleep(0.1)
    except BaseException:
        _stop(process)
        raise
    server.startup = time.monotonic() - started
    return server


class PortTaken(RuntimeError):
    """Another process took a port between free_port() and virtuoso-t binding it."""


@contextlib.contextmanager
def running(timeout: float = 60, executable: str = "virtuoso-t", attempts: int = 3) -> Iterator[Server]:
    """Start a fresh Virtuoso on loopback, yield it once /sparql answers, then stop it and remove its files.

    RuntimeError (with the end of the server's log) when virtuoso-t is missing, exits
    early, or does not answer within `timeout` seconds. A port taken by someone else
    in the meantime means another try with other ports, `attempts` in all."""
    binary = shutil.which(executable)
    if binary is None:
        raise RuntimeError(f"{executable} not found; install Debian's {PACKAGES}")
    directory = Path(tempfile.mkdtemp(prefix="kg-virtuoso-"))
    server = None
    try:
        for attempt in range(1, attempts + 1):
            try:
                server = _start(binary, directory, timeout)
                break
            except PortTaken:
                if attempt == attempts:
                    raise
        assert server is not None
        yield server
    finally:
        if server is not None:
            _stop(server.process)
        shutil.rmtree(directory, ignore_errors=True)
