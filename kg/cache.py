"""The incremental cache: an article's extraction, keyed by its content and the pipeline version.

A re-run of `kg build --cache DIR` parses only the articles that are new or changed:
the others' mentions, facts and events come from the cache, and an article no longer
in the input simply contributes nothing. The key of an entry is a hash of the
article (id, title, date, url, text); the folder of entries is named by a hash of
the pipeline version (kg's version, the model's name and version, the rule and data
files, the ontology), so changing any of them starts a fresh cache.

Entries are written only after the build's outputs are written (`commit`), each file
atomically, so the cache never records an article whose facts were not written.

An entry is JSON of the records (Mention, Fact, EventRecord), each an object naming its
kind, read back by building only those kinds: a cache file can hold data, never code
(unlike a pickle). A damaged or unreadable entry is a miss: the article is parsed again.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from decimal import Decimal
from importlib import resources
from pathlib import Path

from . import __version__
from .model import Article

FORMAT = 2  # bump when the records change shape (1: pickles; 2: JSON)
SUFFIX = ".json"


def pipeline_version(model: str, model_version: str, rules_only: bool = False) -> str:
    """A hash of everything that decides what extraction gives: kg's version and its own
    code, the model's name and version, kg's data and rule files, the learned extractor's
    weights (unless rules_only) and the ontology. It needs
    no loaded model, so a re-run whose articles are all cached never loads one."""
    h = hashlib.sha256(f"kg {__version__} format {FORMAT} model {model} {model_version}".encode())
    if rules_only:  # a build without the learned extractor keeps a cache of its own
        h.update(b"rules only")
    root = resources.files("kg")
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".py"):  # a rule written in code changes what an article gives too
            h.update(entry.name.encode() + b"\0" + entry.read_bytes())
    for folder in ("data", "rules") if rules_only else ("data", "rules", "models"):
        if not root.joinpath(folder).is_dir():
            continue
        for entry in sorted(root.joinpath(folder).iterdir(), key=lambda p: p.name):
            if entry.is_file():
                h.update(entry.name.encode() + b"\0" + entry.read_bytes())
    from .validate import ontology_dir

    h.update((ontology_dir() / "kg.ttl").read_bytes())
    return h.hexdigest()[:16]


def article_key(article: Article) -> str:
    h = hashlib.sha256()
    for part in (article.id, article.title or "", article.date or "", article.url or "", article.text,
                 *article.names):
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


def _kinds() -> dict[str, type]:
    """The only types an entry may hold, by name."""
    from .model import EventRecord, Fact, Mention
    from .pipeline import Extraction

    return {t.__name__: t for t in (Mention, Fact, EventRecord, Extraction)}


def _plain(value):
    """value as JSON data: a record as {"kind": name, "fields": {...}}, a tuple as a list,
    a Decimal as {"decimal": text}."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"kind": type(value).__name__,
                "fields": {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Decimal):  # rates and amounts keep their exact lexical form
        return {"decimal": str(value)}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _frozen(value):
    """A field's JSON value as a record holds it: lists become tuples (records are frozen);
    a plain object, which no record holds, is a ValueError."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        raise ValueError("not a cached record")
    return value


def _hook(kinds: dict[str, type]):
    """json.loads' object_hook for data made by _plain: each object, innermost first, becomes
    its record or Decimal as it is read. A record's fields object passes through as it is
    and is checked by the record that holds it; an Extraction keeps its lists."""
    def record(data: dict):
        if len(data) == 2 and "kind" in data and "fields" in data:
            kind, fields = kinds.get(data["kind"]) if isinstance(data["kind"], str) else None, data["fields"]
            if kind is None or not isinstance(fields, dict):
                raise ValueError("not a cached record")
            if kind.__name__ == "Extraction":
                if not all(isinstance(v, list) and not any(isinstance(x, dict) for x in v) for v in fields.values()):
                    raise ValueError("not a cached record")
                return kind(**fields)
            return kind(**{k: _frozen(v) for k, v in fields.items()})
        if len(data) == 1 and isinstance(data.get("decimal"), str):
            return Decimal(data["decimal"])
        return data  # a record's fields, or else data _frozen or decode turns down

    return record


def encode(value) -> bytes:
    return json.dumps(_plain(value), ensure_ascii=True, separators=(",", ":")).encode("ascii")


def decode(data: bytes):
    """The records of an entry; ValueError if it is not one."""
    try:
        value = json.loads(data, object_hook=_hook(_kinds()))
    except (TypeError, RecursionError, UnicodeDecodeError, ArithmeticError) as e:
        raise ValueError(f"not a cache entry: {e}") from None
    if type(value).__name__ != "Extraction":
        raise ValueError("not a cache entry")
    return value


class Cache:
    """Extractions by article key, under folder/<pipeline version>/."""

    def __init__(self, folder: str | os.PathLike[str], version: str):
        self.dir = Path(folder) / version
        self.pending: dict[str, bytes] = {}
        self.hits = self.misses = 0

    def get(self, key: str):
        path = self.dir / f"{key}{SUFFIX}"
        try:
            value = decode(path.read_bytes())
        except (OSError, ValueError):  # missing, unreadable or damaged: a miss, not a failure
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value) -> None:
        try:
            self.pending[key] = encode(value)
        except TypeError:  # a record this format cannot hold is parsed again next time
            pass

    def commit(self, keep: set[str] | None = None) -> None:
        """Write the pending entries (after the outputs are written); drop entries not in keep."""
        from .exporters import umask

        self.dir.mkdir(parents=True, exist_ok=True)
        for stale in self.dir.glob(".*.tmp"):  # left by a killed commit
            stale.unlink(missing_ok=True)
        for key, data in sorted(self.pending.items()):
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
                os.chmod(tmp, 0o666 & ~umask())
                os.replace(tmp, self.dir / f"{key}{SUFFIX}")
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        self.pending.clear()
        if keep is not None:
            for path in self.dir.glob(f"*{SUFFIX}"):
                if path.stem not in keep:
                    path.unlink(missing_ok=True)
