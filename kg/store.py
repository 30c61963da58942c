"""The on-disk graph store (Oxigraph, through pyoxigraph): builds add to it, queries read it.

A store is a folder. `add(build, folder)` writes a build's statements as a dataset (one named graph
per article, see kg.dataset): each article's named graph is replaced, so rebuilding an
article does not leave its old facts behind, and the default graph (entities, articles)
accumulates. `query(folder, text)` runs SPARQL on it; the store never has to fit in memory.

A rebuild is all or nothing: the new store is made in a copy beside the folder (an
Oxigraph backup: hard links, not a copy of the data) and swapped in when complete, so
a crash or Ctrl-C leaves the store as it was. If a crash comes between the two renames
of the swap, the next open puts the previous store back.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .dataset import statements
from .errors import KGError, QueryError


def is_store(path: str | Path) -> bool:
    recover(path)
    return Path(path).is_dir()


def _old(folder: Path) -> Path:
    return folder.with_name(f".{folder.name}.old")


def recover(folder: str | Path) -> None:
    """Put back the previous store if a swap was cut short between its two renames; else
    remove the previous store a swap left beside the folder."""
    folder = Path(folder)
    old = _old(folder)
    if old.is_dir() and not folder.exists():
        os.replace(old, folder)
    elif old.is_dir():
        shutil.rmtree(old, ignore_errors=True)


def _open(folder: str | Path, read_only: bool = False):
    import pyoxigraph

    recover(folder)
    try:
        if read_only:
            return pyoxigraph.Store.read_only(str(folder))
        return pyoxigraph.Store(str(folder))
    except OSError as e:
        raise KGError(f"{folder}: cannot open the Oxigraph store: {e}") from None


def add(source, folder: str | Path) -> int:
    """Add a build (or an rdflib Graph) to the store in folder (created if missing); the
    number of quads it holds. The statements are streamed to an N-Quads file beside the
    store and bulk-loaded by Oxigraph, so the graph never has to fit in memory. The
    store changes all at once or not at all (see the module's docstring)."""
    import pyoxigraph

    from .exporters import keep_mode
    from .ntriples import row

    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    recover(folder)
    for stale in folder.parent.glob(f".{folder.name}.*.new"):  # left by a killed rebuild
        shutil.rmtree(stale, ignore_errors=True)
    for stale in folder.parent.glob(f".{folder.name}-*.nq"):
        stale.unlink(missing_ok=True)
    if folder.exists() and not folder.is_dir():
        raise KGError(f"{folder}: not a folder, so not an Oxigraph store")
    work = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".new"))
    new = work / "store"
    try:
        if folder.exists() and any(folder.iterdir()):
            _open(folder, read_only=True).backup(str(new))
        store = _open(new)
        quads = statements(source)
        names: set[str] = set()
        with tempfile.NamedTemporaryFile(dir=work, suffix=".nq") as data:
            for s, p, o, g in quads():
                if g is not None:
                    names.add(str(g))
                data.write(row(s, p, o, g))
            data.flush()
            for name in sorted(names):  # an article rebuilt replaces its facts
                store.remove_graph(pyoxigraph.NamedNode(name))
            try:
                store.bulk_load(path=data.name, format=pyoxigraph.RdfFormat.N_QUADS)
            except (SyntaxError, ValueError) as e:
                raise KGError(f"{folder}: Oxigraph refused the build's statements: {e}") from None
        store.flush()
        count = len(store)
        del store
        keep_mode(folder, new, 0o777)
        if folder.exists():
            os.replace(folder, _old(folder))
        os.replace(new, folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(_old(folder), ignore_errors=True)
    return count


def query(folder: str | Path, text: str, prefixes: dict[str, str]):
    """pyoxigraph's result of a SPARQL query over the union of the store's graphs."""
    import pyoxigraph

    failures: tuple[type[Exception], ...] = (ValueError, OSError)
    if hasattr(pyoxigraph, "QueryEvaluationError"):  # pyoxigraph < 0.4 raised OSError
        failures += (pyoxigraph.QueryEvaluationError,)
    store = _open(folder, read_only=True)
    try:
        return store.query(text, prefixes=prefixes, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise QueryError(f"malformed SPARQL query: {e}") from None
    except failures as e:
        raise QueryError(f"query failed: {e}") from None
