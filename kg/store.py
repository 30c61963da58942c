"""The on-disk graph store (Oxigraph, through pyoxigraph): builds add to it, queries read it.

A store is a folder. `add(graph, folder)` writes the graph as a dataset (one named graph
per article, see kg.dataset): each article's named graph is replaced, so rebuilding an
article does not leave its old facts behind, and the default graph (entities, articles)
accumulates. `query(folder, text)` runs SPARQL on it; the store never has to fit in memory.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .dataset import to_dataset
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


def add(graph: Graph, folder: str | Path) -> int:
    """Add a built graph to the store in folder (created if missing); the number of quads it holds."""
    import pyoxigraph

    Path(folder).mkdir(parents=True, exist_ok=True)
    store = _open(folder)
    data = to_dataset(graph).serialize(format="nquads", encoding="utf-8")
    quads = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_QUADS))
    for name in {q.graph_name for q in quads if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)}:
        store.remove_graph(name)  # an article rebuilt replaces its facts
    store.extend(quads)
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
