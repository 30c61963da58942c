"""The build, end to end: input paths in, an rdflib Graph (and a report of skipped input) out.

    paths --ingest--> Article --nlp.pipe--> Doc --entities, roles, coref--> Mention, Fact
          --relations, events, quotations--> Fact, EventRecord --resolve--> Entity
          --graph--> statements (s, p, o, graph), one at a time
          --> N-Triples, N-Quads, an Oxigraph store (streamed); rdflib Graph (on demand)

Articles stream through spaCy in batches; only mentions and facts are kept, never
the parsed Docs. The rdflib Graph is made only when an output needs it (Turtle, HTML,
...): a build written to N-Triples, N-Quads or a store never holds it. Bad input files are
reported and skipped (or, with strict=True, stop the build), so one broken file does not cost
the good ones.
"""
from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from itertools import chain
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from . import (
    acquisitions,
    blocs,
    coref,
    entities,
    events,
    ingest,
    learned,
    nlp,
    parties,
    places,
    quotations,
    relations,
    resolve,
    roles,
)
from .deadline import Overtime, time_limit
from .errors import InputError, KGError
from .graph import DEFAULT_BASE, Quad, quads, to_graph
from .model import Article, Entity, EventRecord, Fact, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .cache import Cache

log = logging.getLogger("kg")


@dataclass
class Build:
    """What a build made and what it skipped. `quads()` gives its statements one at a time
    (see kg.graph.quads); `graph` is them in an rdflib Graph, made on first use. With a
    cache, call commit() once the outputs are written, so the cache records only articles
    whose facts made it to disk."""

    articles: list[Article]
    entities: list[Entity]
    quads: Callable[[], Iterator[Quad]]
    base: str = DEFAULT_BASE
    skipped: list[InputError] = field(default_factory=list)
    cache: Cache | None = None
    keys: set[str] = field(default_factory=set)

    @cached_property
    def graph(self) -> Graph:
        return to_graph(self.quads(), self.base)

    def commit(self) -> None:
        if self.cache is not None:  # a build that read nothing drops no entry
            self.cache.commit(keep=self.keys if self.articles else None)

    def save(self, path, format: str | None = None, **options) -> None:
        """Write the graph to path, in the format asked for or implied by its suffix (see
        kg.exporters.export), then commit the cache."""
        from .exporters import export

        export(self, path, format, **options)
        self.commit()


def read_articles(paths: Iterable[str], date: str | None, skipped: list[InputError],
                  strict: bool = False, max_bytes: int = ingest.MAX_BYTES) -> Iterator[Article]:
    """Articles of all paths; bad input is logged and skipped (raised when strict)."""
    def skip(e: InputError) -> None:
        if strict:
            raise e
        log.warning("skipped %s", e)
        skipped.append(e)

    seen: dict[str, str] = {}
    problems: list[InputError] = []
    files = ingest.expand(paths, problems)
    for e in problems:
        skip(e)
    for path in files:
        try:
            for item in ingest.read_file(path, date, max_bytes):
                if isinstance(item, InputError):
                    skip(item)
                    continue
                item = _whole(item)
                if len(item.text) > MAX_CHARS:
                    skip(InputError(item.source, f"article is {len(item.text):,} characters, over the limit of "
                                                 f"{MAX_CHARS:,}; split it into smaller articles"))
                elif item.id in seen:
                    skip(InputError(item.source, f"article id {item.id!r} already used by {seen[item.id]}"))
                else:
                    seen[item.id] = item.source
                    yield item
        except InputError as e:
            skip(e)


ARTICLE_TIMEOUT = 120.0  # seconds of extraction an article may take before it is skipped
MAX_CHARS = 1_000_000  # an article's length limit: spaCy's max_length, past which it refuses a text
MAX_RUN = 20  # a run of one punctuation mark is cut to this many: spaCy splits such runs in quadratic time
_SURROGATE = re.compile("[\ud800-\udfff]")
_RUN = re.compile(rf"([^\w\s])\1{{{MAX_RUN},}}")
# Control characters other than tab and newline, zero-width characters and bidi controls:
# no news text needs them, and they make XML outputs invalid, hide in labels, or reorder
# what a reader sees. Those that separate words become a space; the rest are dropped.
_SPACES = re.compile("[\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u2069\ufeff]")


def _visible(text: str) -> str:
    """text without control, zero-width and bidi characters (see _INVISIBLE)."""
    return _INVISIBLE.sub("", _SPACES.sub(" ", text))


def _whole(article: Article) -> Article:
    """article made safe to parse: each lone surrogate ("\\ud800" in JSON) replaced by
    U+FFFD, which can be written as UTF-8; control, zero-width and bidi characters
    dropped (a form feed or a line separator becomes a space); each run of one punctuation mark over MAX_RUN
    ("[[[[...", 40,000 of them take spaCy minutes) cut to MAX_RUN. Done before any offset
    is taken, so offsets index the text as kept."""
    visible = {k: _visible(_SURROGATE.sub("\ufffd", v)) for k, v in vars(article).items()
               if k != "source" and isinstance(v, str)}
    fields: dict[str, Any] = {k: v for k, v in visible.items() if v != getattr(article, k)}
    names = tuple(_visible(_SURROGATE.sub("\ufffd", n)) for n in article.names)  # as the text they are in
    if names != article.names:
        fields["names"] = names
    text = fields.get("text", article.text)
    if _RUN.search(text):
        fields["text"] = _RUN.sub(lambda m: m.group(1) * MAX_RUN, text)
    title = fields.get("title", article.title)
    if title and _RUN.search(title):
        fields["title"] = _RUN.sub(lambda m: m.group(1) * MAX_RUN, title)
    return replace(article, **fields) if fields else article


@dataclass
class Extraction:
    """What one article gave, before resolution across the build."""

    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    records: list[EventRecord] = field(default_factory=list)

    def add(self, other: Extraction) -> None:
        self.mentions += other.mentions
        self.facts += other.facts
        self.records += other.records


def extract(doc, article: Article, rules_only: bool = False) -> Extraction:
    """Every mention, fact, event and quotation of one parsed article. The learned extractor
    (kg.learned) adds the facts the rules missed, unless rules_only."""
    found = entities.mentions(doc, article.id, article.date)
    found = entities.company_short_forms(entities.headline_mentions(found, article.title))
    found = parties.shared_names(resolve.vote(places.retype_cities(doc, found)))
    titled = roles.facts(doc, found)
    found = entities.unlikely_people(doc, found, titled)
    party_mentions, members = parties.extract(doc, found)
    seat_mentions, seated = places.seats(doc, found, titled)
    found += party_mentions + seat_mentions + places.unnamed_cities(doc, found)
    found += coref.resolve(doc, found, titled)
    related, met = relations.extract(doc, found, published=article.date, title=article.title)
    owned, bought = acquisitions.extract(doc, found, published=article.date)
    facts = titled + members + seated + related + relations.describe(doc, found) + owned \
        + blocs.facts(doc, found, article.date)
    if not rules_only:
        facts += learned.extract(doc, found, facts)
    return Extraction(
        mentions=found + entities.title_aliases(doc, found),
        facts=facts,
        records=met + events.extract(doc, found, published=article.date) + bought
        + quotations.extract(doc, found))


# The rules that read two companies side by side ("Beta, a unit of Acme", "Acme Corp's Beta Inc"):
# their facts keep a unit's short form apart from its parent's name
APART_RULES = {"descriptor.owned", "descriptor.owns", "possessive.owns", "owns.regional"}


def assemble(articles: list[Article], got: Extraction, base: str = DEFAULT_BASE,
             skipped: list[InputError] | None = None) -> Build:
    """Resolve the mentions of all articles; the build's statements are made when asked for."""
    facts, records = got.facts, got.records
    leader_of = {f.subject.key: f.obj.known for f in facts
                 if f.prop == "leaderOf" and f.obj is not None and f.obj.cls == "Country" and f.obj.known}
    national = {(f.subject.article, resolve.org_key(f.subject.text)): f.obj.known for f in facts
                if f.rule == "seat.institution" and f.obj is not None and f.obj.known}
    # "Oppenheimer, the subsidiary of Oppenheimer Group Inc": a short form stays apart from its parent
    apart = {(f.subject.article, resolve.org_key(a.text), resolve.org_key(b.text)) for f in facts
             if f.rule in APART_RULES and f.obj is not None and f.subject.cls == f.obj.cls == "Organization"
             and not f.subject.pronoun and not f.obj.pronoun for a, b in ((f.subject, f.obj), (f.obj, f.subject))}
    ents, assigned = resolve.resolve(got.mentions, leader_of, national, apart)
    # A country named only by an adjective ("a Libyan jet") is a node only if a fact needs it.
    used = {assigned.get(m.key) for f in facts for m in (f.subject, f.obj) if m is not None}
    used |= {assigned.get(m.key) for r in records for _, m in r.roles}
    ents = [e for e in ents if not e.adjectival or e.key in used]
    # resolution decides which facts and events the graph states; the graph only writes them
    kept, events = resolve.surviving_facts(facts, assigned), resolve.surviving_events(records, assigned, ents)
    make = partial(quads, articles, ents, kept, base, events)
    return Build(articles=articles, entities=ents, quads=make, base=base, skipped=skipped or [])


# Input size from which a second spaCy process pays for its start (about 2 s): --jobs auto's
# threshold, and the size of a cached re-run's new articles under which it parses on one process.
AUTO_BYTES = 250_000


def build(paths: Iterable[str], *, model: str | None = None, base: str = DEFAULT_BASE,
          date: str | None = None, strict: bool = False, batch_size: int = 64, jobs: int = 1,
          max_bytes: int = ingest.MAX_BYTES,
          progress: Callable[[Iterable], Iterable] | None = None, pipeline=None,
          cache_dir: str | os.PathLike[str] | None = None, article_timeout: float | None = ARTICLE_TIMEOUT,
          rules_only: bool = False, articles: Iterable[Article] = ()) -> Build:
    """Build the graph of the articles under `paths` (files or folders). Articles stream
    through spaCy in batches (`jobs` processes); only what they gave is kept, not their
    text. `pipeline` is a spaCy Language from kg.nlp.load, to reuse one across builds.
    With `cache_dir`, unchanged articles are not parsed again (see kg.cache). An article whose
    extraction (kg's rules, after spaCy) takes over `article_timeout` seconds is skipped and
    reported (in the main thread; see kg.deadline.time_limit). With `rules_only`, the learned
    extractor (kg.learned) is left out: only the rules' facts. `articles` are built as well,
    after those of `paths`."""
    from .cache import Cache, article_key, pipeline_version

    date = ingest.normalize_date(date, "--date")
    if not rules_only and not learned.available():
        raise KGError(f"kg's relation model (kg/models/{learned.MODEL}) is missing from this installation: "
                      f"reinstall kg, or build with --rules-only")
    cache = Cache(cache_dir, pipeline_version(*_model_identity(model, pipeline), rules_only=rules_only)) \
        if cache_dir else None
    skipped: list[InputError] = []
    metas: list[Article] = []
    keys: set[str] = set()
    got = Extraction()

    def misses() -> Iterator[tuple[Article, tuple[Article, str]]]:
        for a in chain(read_articles(paths, date, skipped, strict, max_bytes), articles):
            key = article_key(a)
            keys.add(key)
            meta = replace(a, text="")
            hit = cache.get(key) if cache else None
            if hit is not None:
                metas.append(meta)
                got.add(hit)
            else:
                yield a, (meta, key)

    todo: Iterable = misses()
    if cache is not None:
        todo = list(todo)  # only the texts of new and changed articles are held
        if sum(len(a.text) for a, _ in todo) < AUTO_BYTES:
            jobs = 1  # a re-run with a few new articles: a second process would not pay for its start
    if cache is None or todo:  # a re-run with nothing new never loads the model
        pipeline = pipeline or nlp.load(model)
        # spaCy hands whole batches to its processes: smaller ones keep every process busy
        docs: Iterable[tuple[Doc, tuple[Article, str]]] = nlp.parse(pipeline, todo, n_process=jobs,
                         batch_size=batch_size if jobs == 1 else max(4, batch_size // 8))
        if progress is not None:
            docs = progress(docs)
        for doc, (meta, key) in docs:
            try:
                with time_limit(article_timeout):
                    one = extract(doc, meta, rules_only)
            except (Overtime, Exception) as e:  # one article must not cost the run
                if isinstance(e, Overtime):  # a rule gone quadratic on an odd article
                    problem = InputError(meta.source,
                                         f"extraction took over {article_timeout:g} s (--article-timeout)")
                else:  # a bug
                    log.debug("extraction of %s failed", meta.source, exc_info=True)
                    problem = InputError(meta.source, f"extraction failed ({type(e).__name__}: {e}); "
                                                      f"this is a bug in kg, please report it")
                if strict:
                    raise problem from (None if isinstance(e, Overtime) else e)
                log.warning("skipped %s", problem)
                skipped.append(problem)
                keys.discard(key)
                continue
            metas.append(meta)
            got.add(one)
            if cache is not None:
                cache.put(key, one)
    return replace(assemble(metas, got, base, skipped), cache=cache, keys=keys)


def _model_identity(model: str | None, pipeline) -> tuple[str, str]:
    """(name, version) of the model a build uses, without loading it when it is not loaded."""
    if pipeline is not None:
        return f"{pipeline.meta.get('lang')}_{pipeline.meta.get('name')}", str(pipeline.meta.get("version"))
    import spacy.util

    name = nlp.model_name(model)
    return name, str(spacy.util.get_package_version(name) or "unknown")
