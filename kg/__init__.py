"""kg: news articles in, a knowledge graph out, every fact traced to its sentence.

    >>> import kg
    >>> b = kg.build(["Angela Merkel met Emmanuel Macron in Paris on Monday."])
    >>> b.save("graph.ttl")                      # or b.graph, an rdflib Graph

The stages, one module each (see kg/pipeline.py for how they chain):
ingest -> nlp -> entities, roles -> resolve -> graph -> exporters.
The names below load spaCy and rdflib only when first used, so `import kg` stays cheap.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Union

from .errors import KGError

if TYPE_CHECKING:
    from .model import Article
    from .pipeline import Build

__version__ = "0.2.0"
__all__ = ["Article", "Build", "KGError", "build", "export", "__version__"]

Source = Union[str, "os.PathLike[str]", "Article"]
EXECUTORS = ("local", "dask")  # where build() extracts: see its docstring
ARTICLE_TIMEOUT = 120.0  # kg.pipeline.ARTICLE_TIMEOUT, here so that `import kg` stays cheap


def build(sources: Iterable[Source] | Source, *, model: str | None = None, base: str | None = None,
          jobs: int = 1, cache: str | os.PathLike[str] | None = None, date: str | None = None,
          rules_only: bool = False, executor: str = "local", scheduler: str | None = None,
          strict: bool = False, max_bytes: int | None = None, article_timeout: float | None = ARTICLE_TIMEOUT,
          progress: Callable[[Iterable], Iterable] | None = None) -> Build:
    """The graph of `sources`: files or folders of articles (a `pathlib.Path`, or a string
    naming one that exists), texts (any other string: one article each, its id made from its
    text), or `kg.Article`s. Returns a `kg.Build`: `.graph` (rdflib), `.quads()`, `.entities`,
    `.save(path)`. `model` names the spaCy model, `base` the IRI base, `jobs` the spaCy
    processes, `cache` a folder that keeps what each article gave; `date` is the publication
    date of articles that have none; `rules_only` leaves the learned extractor out.

    `executor` says where the articles are parsed and extracted; the result is the same bytes
    either way. "local" (the default): `jobs` spaCy processes on this machine. "dask": on the
    Dask cluster whose scheduler is `scheduler` ("tcp://HOST:8786"), or without one on a local
    Dask cluster of `jobs` worker processes (kg's dask extra; no `cache`).

    As `kg build` does: `strict` stops at the first bad input file (a kg.InputError) instead of
    skipping it (the build's `.skipped` lists what was skipped); `max_bytes` skips bigger input
    files (default kg.ingest.MAX_BYTES); an article whose extraction takes over `article_timeout`
    seconds is skipped (None: no limit; local executor only); `progress` wraps the iterable of
    parsed articles (a tqdm bar, say; local executor only)."""
    from . import ingest, pipeline
    from .graph import DEFAULT_BASE
    from .model import Article

    if isinstance(sources, (str, os.PathLike, Article)):
        sources = [sources]
    paths: list[str] = []
    articles: list[Article] = []
    for n, src in enumerate(sources):
        if isinstance(src, Article):
            articles.append(src)
        elif isinstance(src, os.PathLike) or isinstance(src, str) and "\n" not in src and len(src) < 4096 \
                and os.path.exists(src):
            paths.append(os.fspath(src))
        elif isinstance(src, str):
            digest = hashlib.sha256(src.encode("utf-8")).hexdigest()[:16]
            articles.append(ingest.make_article(f"{n:03d}_{digest}", src, date=date, source=f"text {n}"))
        else:
            raise KGError(f"kg.build: source {n} is a {type(src).__name__}, not a path, a text or a kg.Article")
    if executor not in EXECUTORS:
        raise KGError(f"kg.build: unknown executor {executor!r}; expected one of {', '.join(EXECUTORS)}")
    if max_bytes is None:
        max_bytes = ingest.MAX_BYTES
    if executor == "dask":
        if cache:
            raise KGError("kg.build: a cache works with the local executor, not with dask")
        from . import distributed

        return distributed.build(paths, articles=articles, scheduler=scheduler,
                                 local_workers=0 if scheduler else jobs, model=model, base=base or DEFAULT_BASE,
                                 date=date, strict=strict, max_bytes=max_bytes, rules_only=rules_only)
    if scheduler:
        raise KGError("kg.build: a scheduler is for executor='dask'")
    return pipeline.build(paths, articles=articles, model=model, base=base or DEFAULT_BASE, date=date,
                          strict=strict, progress=progress, max_bytes=max_bytes, jobs=jobs, cache_dir=cache,
                          article_timeout=article_timeout, rules_only=rules_only)


def __getattr__(name: str):
    if name == "Build":
        from .pipeline import Build
        return Build
    if name == "Article":
        from .model import Article
        return Article
    if name == "export":
        from .exporters import export
        return export
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
