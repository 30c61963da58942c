"""The on-disk graph store (Oxigraph, through pyoxigraph): builds add to it, queries read it.

A store is a folder. `add(build, folder)` writes a build's statements as a dataset (one named graph
per article, see kg.dataset): each article's named graph is replaced, so rebuilding an
article does not leave its old facts behind, and the default graph (entities, articles)
accumulates. `query(folder, text)` runs SPARQL on it; the store never has to fit in memory.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from .dataset import statements
from .errors import KGError, QueryError


def is_store(path: str | Path) -> bool:
    return Path(path).is_dir()


def _open(folder: str | Path, read_only: bool = False):
    import pyoxigraph

    try:
        if read_only:
            return pyoxigraph.Store.read_only(str(folder))
        return pyoxigraph.Store(str(folder))
    except OSError as e:
        raise KGError(f"{folder}: cannot open the Oxigraph store: {e}") from None


def add(source, folder: str | Path) -> int:
    """Add a build (or an rdflib Graph) to the store in folder (created if missing); the
    number of quads it holds. The statements are streamed to an N-Quads file beside the
    store and bulk-loaded by Oxigraph, so the graph never has to fit in memory."""
    import pyoxigraph

    from .ntriples import row

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    store = _open(folder)
    quads = statements(source)
    names: set[str] = set()
    with tempfile.NamedTemporaryFile(dir=folder.parent, prefix=f".{folder.name}-", suffix=".nq") as data:
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
    return len(store)


def query(folder: str | Path, text: str, prefixes: dict[str, str]):
    """pyoxigraph's result of a SPARQL query over the union of the store's graphs."""
    import pyoxigraph

    store = _open(folder, read_only=True)
    try:
        return store.query(text, prefixes=prefixes, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise QueryError(f"malformed SPARQL query: {e}") from None
    except (ValueError, OSError, pyoxigraph.QueryEvaluationError if hasattr(pyoxigraph, "QueryEvaluationError")
            else OSError) as e:
        raise QueryError(f"query failed: {e}") from None
