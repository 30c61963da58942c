"""The incremental cache: an article's extraction, keyed by its content and the pipeline version.

A re-run of `kg build --cache DIR` parses only the articles that are new or changed:
the others' mentions, facts and events come from the cache, and an article no longer
in the input simply contributes nothing. The key of an entry is a hash of the
article (id, title, date, url, text); the folder of entries is named by a hash of
the pipeline version (kg's version, the model's name and version, the rule and data
files, the ontology), so changing any of them starts a fresh cache.

Entries are written only after the build's outputs are written (`commit`), each file
atomically, so the cache never records an article whose facts were not written.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from importlib import resources
from pathlib import Path

from . import __version__
from .ingest import Article

FORMAT = 1  # bump when the pickled records change shape


def pipeline_version(model: str, model_version: str) -> str:
    """A hash of everything that decides what extraction gives: kg's version, the model's
    name and version, kg's data and rule files and the ontology. It needs no loaded model,
    so a re-run whose articles are all cached never loads one."""
    h = hashlib.sha256(f"kg {__version__} format {FORMAT} model {model} {model_version}".encode())
    root = resources.files("kg")
    for folder in ("data", "rules"):
        for entry in sorted(root.joinpath(folder).iterdir(), key=lambda p: p.name):
            if entry.is_file():
                h.update(entry.name.encode() + b"\0" + entry.read_bytes())
    from .validate import ontology_dir

    h.update((ontology_dir() / "kg.ttl").read_bytes())
    return h.hexdigest()[:16]


def article_key(article: Article) -> str:
    h = hashlib.sha256()
    for part in (article.id, article.title or "", article.date or "", article.url or "", article.text):
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


class Cache:
    """Extractions by article key, under folder/<pipeline version>/."""

    def __init__(self, folder: str | Path, version: str):
        self.dir = Path(folder) / version
        self.pending: dict[str, bytes] = {}
        self.hits = self.misses = 0

    def get(self, key: str):
        path = self.dir / f"{key}.pickle"
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            value = pickle.loads(data)
        except Exception:  # a damaged entry is a miss, not a failure
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value) -> None:
        self.pending[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def commit(self, keep: set[str] | None = None) -> None:
        """Write the pending entries (after the outputs are written); drop entries not in keep."""
        self.dir.mkdir(parents=True, exist_ok=True)
        for key, data in sorted(self.pending.items()):
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, self.dir / f"{key}.pickle")
        self.pending.clear()
        if keep is not None:
            for path in self.dir.glob("*.pickle"):
                if path.stem not in keep:
                    path.unlink(missing_ok=True)
