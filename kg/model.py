"""kg's data model: the records the stages hand each other, in one place.

    Article      ingest's output: one news article
    Mention      entities' output: one mention of an entity in an article
    Fact         roles', relations' and the other stages' output: one fact, before resolution
    EventRecord  relations', events', acquisitions' and quotations' output: one event or quotation
    Entity       resolve's output: one real-world thing of the build, keyed by Key
    ResolvedFact, ResolvedEvent   resolve's verdict: the facts and events the graph states

All are frozen dataclasses of plain values (strings, numbers, tuples of these), so they
pickle, cache as JSON (kg.cache) and travel to Dask workers (kg.distributed).
"""
from __future__ import annotations

from dataclasses import dataclass

Key = tuple[str, str]  # an entity's key: (class, normalized key)


@dataclass(frozen=True)
class Article:
    """One news article. `text` starts with the title when there is one."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 date of publication
    url: str | None = None
    source: str = ""  # the file it came from (and line, for JSONL)
    names: tuple[str, ...] = ()  # what the source marks as one company's name (wire markup "<Acme Corp>")


@dataclass(frozen=True)
class Mention:
    """One mention of an entity in an article's text (offsets into Article.text)."""

    article: str
    start: int
    end: int
    text: str  # the name as written, without titles, determiners or possessive
    cls: str  # ontology class local name; "" while unknown (resolution decides or drops it)
    known: str | None = None  # canonical name from kg/data, when the mention is a known thing
    sent: int = 0  # sentence index in the article
    para: int = 0  # paragraph index in the article
    tentative: bool = False  # class is a guess: may turn out to be a person's short name
    metonym: bool = False  # "<leader> administration": stands for the leader's country
    date: tuple[str, str] | None = None  # agreements: (lexical date, xsd type)
    definite: bool = False  # agreements: "the deal" refers back to one named before
    pronoun: bool = False  # a pronoun or description ("he", "the ambassador"): never a label
    refers_to: tuple | None = None  # pronouns: the key of the mention they stand for
    cued: bool = False  # the class comes from the words around the name ("the pen firm X"): a firm vote

    @property
    def target(self) -> tuple:
        """The key of the mention this one stands for (its own key if it names itself)."""
        return self.refers_to or self.key

    @property
    def key(self) -> tuple:
        if self.refers_to is not None:  # "both leaders" is two mentions on one span
            return (self.article, self.start, self.end, self.refers_to)
        return (self.article, self.start, self.end)


@dataclass(frozen=True)
class Fact:
    """One extracted fact, before resolution: subject mention, property, object mention or value."""

    subject: Mention
    prop: str  # ontology property local name
    article: str
    sentence: str
    start: int  # evidence offsets in Article.text
    end: int
    rule: str
    confidence: float
    obj: Mention | None = None
    value: str | None = None
    classes: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # allowed resolved classes, if any


@dataclass(frozen=True)
class EventRecord:
    """An n-ary event or quotation before resolution: roles name mentions, values are literals."""

    kind: str  # ontology class local name: TariffChange, Meeting, PhoneCall, Quotation
    article: str
    sentence: str
    start: int
    end: int
    rule: str
    confidence: float
    roles: tuple[tuple[str, Mention], ...] = ()  # (property local name, mention)
    values: tuple[tuple[str, object], ...] = ()  # (property local name, literal value)


@dataclass(frozen=True)
class Entity:
    """One real-world thing of the build."""

    key: Key
    cls: str
    label: str
    aliases: tuple[str, ...]  # every other surface form, sorted
    articles: tuple[str, ...]  # ids of the articles that mention it, sorted
    date: tuple[str, str] | None = None  # agreements: (lexical date, xsd type)
    adjectival: bool = False  # named only by demonyms ("Libyan jet"): kept only if a fact needs it


@dataclass(frozen=True)
class ResolvedFact:
    """A fact that survived resolution (kg.resolve.surviving_facts): its mentions' entities."""

    fact: Fact
    subject: Key
    obj: Key | None = None  # None: the fact's value is a literal


@dataclass(frozen=True)
class ResolvedEvent:
    """An event record that survived resolution (kg.resolve.surviving_events), its roles
    resolved to entities. Records with one `ident` are one event node: the first (`new`)
    gives its type and provenance, each adds its roles, and only the first date is kept."""

    record: EventRecord
    ident: tuple  # (kind, article, then the start offset or tuples of the Keys that make it one)
    new: bool
    roles: tuple[tuple[str, tuple[Key, ...]], ...] = ()  # (property local name, entity keys)
    values: tuple[tuple[str, object], ...] = ()  # (property local name, literal value)
