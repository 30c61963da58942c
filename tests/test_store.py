"""The store changes all at once or not at all: a rebuild killed at any point leaves the
previous store whole, and a re-run completes it (issue 12, item 2)."""
from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from kg.exporters import export

pytestmark = pytest.mark.model

# Runs kg.store.add(graph file, store), SIGKILLed at the point named by argv[3].
CHILD = r"""
import os, signal, sys
import pyoxigraph
from kg import store
from rdflib import Dataset, Graph

def load(path):
    g = Graph()
    for s, p, o, _ in Dataset().parse(path, format="nquads").quads():
        g.add((s, p, o))
    return g

point = sys.argv[3]
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
if point == "remove":  # after the first article graph is removed
    real = pyoxigraph.Store.remove_graph
    def remove(self, name):
        real(self, name)
        die()
    pyoxigraph.Store.remove_graph = remove
elif point == "load":
    pyoxigraph.Store.bulk_load = die
elif point == "swap":  # between the two renames that swap the new store in
    real_replace = os.replace
    calls = []
    def replace(a, b):
        calls.append(a)
        if len(calls) == 2:
            die()
        real_replace(a, b)
    store.os.replace = replace
store.add(load(sys.argv[1]), sys.argv[2])
"""


def load(path):
    """The seeds' graph (the store partitions it into article graphs again)."""
    from rdflib import Dataset, Graph

    g = Graph()
    for s, p, o, _ in Dataset().parse(path, format="nquads").quads():
        g.add((s, p, o))
    return g


def quads(folder) -> set[str]:
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(folder))
    return {str(q) for q in store}


def named_graphs(folder) -> set[str]:
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(folder))
    return {q.graph_name.value for q in store if isinstance(q.graph_name, pyoxigraph.NamedNode)}


@pytest.fixture(scope="module")
def seeds_nq(seed_build, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "seeds.nq"
    export(seed_build, path)
    return path


@pytest.mark.parametrize("point", ["remove", "load", "swap"])
def test_store_killed_mid_rebuild_is_whole_and_a_rerun_completes_it(seeds_nq, tmp_path, point):
    from kg import store

    folder = tmp_path / "store"
    store.add(load(seeds_nq), folder)
    before = quads(folder)
    assert len(named_graphs(folder)) >= 2  # an article graph each

    child = subprocess.run([sys.executable, "-c", CHILD, str(seeds_nq), str(folder), point],
                           capture_output=True, text=True, timeout=300)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert store.is_store(folder)
    assert quads(folder) == before  # the store as it was, every article graph in it

    store.add(load(seeds_nq), folder)
    assert quads(folder) == before  # the same build again: the same store
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # nothing left beside it


def test_store_keeps_its_mode(seeds_nq, tmp_path):
    from kg import store

    folder = tmp_path / "store"
    store.add(load(seeds_nq), folder)
    folder.chmod(0o700)
    store.add(load(seeds_nq), folder)
    assert folder.stat().st_mode & 0o777 == 0o700
