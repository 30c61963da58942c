"""Exporters: a built graph in, files out. One registry keyed by format name, with suffixes as aliases.

    export(source, path, format=None)

`source` is an rdflib Graph or a build (kg.pipeline.Build). Most exporters take the graph;
streaming ones (N-Triples, N-Quads, Turtle) take a function giving the statements one at
a time, so a build written only to them never holds its rdflib graph in memory; one that
names a `namespaces` parameter is given the graph's prefixes too (see namespaces()).
export() picks the exporter by `format`, else by the path's suffix, and writes atomically:
to a temporary file beside the target, renamed into place only when complete, so a crash
or Ctrl-C leaves the previous output intact. `path` "-" writes to stdout.
"""
from __future__ import annotations

import glob
import inspect
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph

from ..errors import FormatError, KGError


@dataclass(frozen=True)
class Exporter:
    name: str
    suffixes: tuple[str, ...]
    write: Callable[..., int | None]  # write(graph, path, **options): the whole output to path
    description: str
    directory: bool = False  # the output is a folder of files
    streams: bool = False  # write(quads, path): quads() gives (s, p, o, graph) one at a time
    datasets: bool = False  # write keeps named graphs: a dataset's, or with streams the statements' graphs


REGISTRY: dict[str, Exporter] = {}


def register(name: str, suffixes: tuple[str, ...], description: str, directory: bool = False,
             streams: bool = False, datasets: bool = False):
    """Decorator: add a `write(graph, path)` function (with streams, `write(quads, path)`)
    to the registry under name and suffixes."""
    def deco(write: Callable[..., int | None]) -> Callable[..., int | None]:
        REGISTRY[name] = Exporter(name, suffixes, write, description, directory, streams, datasets)
        return write
    return deco


def load_builtins() -> None:
    """Register kg's own exporters (rdf, networks, html); REGISTRY then lists every format."""
    from . import html, networks, rdf  # noqa: F401  (registering is their import's effect)


def find(path: str | Path, format: str | None = None) -> Exporter:
    """The exporter for `format`, else for the suffix of `path`."""
    load_builtins()
    if format:
        if format in REGISTRY:
            return REGISTRY[format]
        raise FormatError(f"unknown format {format!r}; available formats: {', '.join(sorted(REGISTRY))}")
    suffix = Path(str(path)).suffix.lower()
    for exporter in REGISTRY.values():
        if suffix in exporter.suffixes:
            return exporter
    known = sorted(s for e in REGISTRY.values() for s in e.suffixes)
    raise FormatError(f"{path}: cannot tell the format from suffix {suffix or '(none)'!r}; "
                      f"use --format or one of {', '.join(known)}")


def _special(path: Path) -> bool:
    """Whether path is there but neither a regular file nor a folder: a device, a FIFO, a socket."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def umask() -> int:
    """The process's umask (read by setting it, then setting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def keep_mode(old: Path, new: Path, default: int) -> None:
    """Give new, about to replace old, the mode (and, where allowed, the owner) of old; if
    there is no old, default less the umask. A replaced output never becomes more readable."""
    try:
        st = os.stat(old)
    except OSError:
        os.chmod(new, default & ~umask())
        return
    os.chmod(new, stat.S_IMODE(st.st_mode))
    if hasattr(os, "chown") and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
        try:
            os.chown(new, st.st_uid, st.st_gid)
        except OSError:
            pass


def _sweep(path: Path) -> None:
    """Remove what a killed write of path left beside it: hidden temporary files and folders
    (.NAME.*.tmp), and the previous folder of an interrupted swap (.NAME.old), put back
    first if the swap had not finished."""
    old = path.with_name(f".{path.name}.old")
    if old.is_dir() and not os.path.lexists(path):
        os.replace(old, path)
    elif os.path.lexists(old):
        shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(missing_ok=True)
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    """Flush path (a file, or a folder's entries) to disk, so a rename never publishes a file
    whose bytes a power cut could lose."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot sync a folder
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Run write(tmp) on a temporary file beside path, flush it to disk, then rename it over
    path. A path that is not a regular file (/dev/null, a FIFO) is written into, never replaced."""
    if _special(path):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            write(out)
            with out.open("rb") as src, path.open("wb") as dst:
                shutil.copyfileobj(src, dst)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        keep_mode(path, Path(tmp), 0o666)
        _fsync(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync(path.parent)


def atomic_directory(path: Path, write: Callable[[Path], object]) -> None:
    """Run write(tmp) on a temporary folder beside path, then swap it in for path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep(path)
    if path.exists() and not path.is_dir():
        raise KGError(f"{path}: not a folder; this format writes a folder of files")
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    old = path.with_name(f".{path.name}.old")
    try:
        write(tmp)
        keep_mode(path, tmp, 0o777)
        for f in tmp.rglob("*"):
            if f.is_file():
                _fsync(f)
        _fsync(tmp)
        if path.exists():
            os.replace(path, old)
        os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    _fsync(path.parent)


def export(source, path: str | Path, format: str | None = None, **options) -> int | None:
    """Write source (a Graph or a build) to path ("-" for stdout) in the format asked for or
    implied by the suffix. Options go to the exporters that take them (html: max_nodes, endpoint) and
    are ignored by the rest. Streaming exporters return the number of triples or quads written."""
    exporter = find(path, format)
    params = inspect.signature(exporter.write).parameters
    options = {k: v for k, v in options.items() if k in params and v is not None}
    data: Callable[[], Iterator[tuple]] | Graph
    if exporter.streams:
        from ..dataset import statements

        data = statements(source) if exporter.datasets else triples(source)
        if "namespaces" in params:
            options["namespaces"] = namespaces(source)
    else:
        from ..dataset import union

        data = source if isinstance(source, Graph) else source.graph
        if not exporter.datasets:
            data = union(data)  # a dataset read from TriG or N-Quads: every graph's triples
    try:
        return _write(exporter, data, path, options)
    except OSError as e:
        raise KGError(f"{path}: cannot write: {e.strerror or e}") from None


def triples(source) -> Callable[[], Iterator[tuple]]:
    """A function giving source's triples one at a time, as statements (s, p, o, graph) for a
    streaming writer that drops the graph: a build's own; a Graph's or a dataset's as they
    are, without kg.dataset.partition's work of finding each one's article graph."""
    if isinstance(source, Dataset):
        return lambda: ((s, p, o, None) for s, p, o, _ in source.quads((None, None, None, None)))
    if isinstance(source, Graph):
        return lambda: ((s, p, o, None) for s, p, o in source)
    return source.quads


def namespaces(source) -> list[tuple[str, str]]:
    """The (prefix, IRI) bindings of source's graph: a Graph's own, a dataset's as
    kg.dataset.union copies them, a build's graph's (kg.graph.new_graph, if not made yet)."""
    if isinstance(source, Dataset):
        g = Graph()
        for prefix, ns in source.namespaces():
            g.bind(prefix, ns, override=True)
        return list(g.namespaces())
    if isinstance(source, Graph):
        return list(source.namespaces())
    if "graph" in vars(source):
        return list(source.graph.namespaces())
    from ..graph import new_graph

    return list(new_graph(source.base).namespaces())


def _write(exporter: Exporter, data, path: str | Path, options: dict) -> int | None:
    if exporter.directory:
        if str(path) == "-":
            raise FormatError(f"the {exporter.name} format writes a folder, not standard output")
        atomic_directory(Path(path), lambda tmp: exporter.write(data, tmp, **options))
        return None
    result: list[int | None] = []
    if str(path) == "-":
        if sys.stdout is None:
            raise KGError("-: standard output is closed")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / f"graph{exporter.suffixes[0]}"
            result.append(exporter.write(data, out, **options))
            with out.open("rb") as f:
                shutil.copyfileobj(f, sys.stdout.buffer)
            sys.stdout.flush()
    else:
        atomic_write(Path(path), lambda tmp: result.append(exporter.write(data, tmp, **options)))
    return result[0]
