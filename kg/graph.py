"""Assemble the RDF graph: Articles, Entities and resolved Facts in, an rdflib Graph out.

IRIs are minted from the base IRI, the class and a slug of the canonical label
(`<base>person/donald-trump`), so they are stable across builds and readable in
SPARQL results. Every fact is a plain triple plus a reified rdf:Statement that
carries its provenance: the article (prov:wasDerivedFrom), the sentence, the
character offsets of the evidence, the rule that fired and a confidence.
No blank nodes are made, so the same input serializes to the same bytes.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, SKOS

from .model import Article, Entity, Key, ResolvedEvent, ResolvedFact
from .vocab import KG

DEFAULT_BASE = "https://example.org/kg/"
Quad = tuple[URIRef, URIRef, "URIRef | Literal", URIRef | None]  # graph None: the default graph
SCHEMA = Namespace("https://schema.org/")
CLASS_PATHS = {"Person": "person", "Organization": "organization", "Country": "country", "Place": "place",
               "Product": "product", "Agreement": "agreement"}


# Latin letters that Unicode does not decompose into a base letter and a mark: NFKD alone would
# drop them ("Łódź" -> "odz", "Øresund" -> "resund").
LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
                         "þ": "th", "Þ": "Th", "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe",
                         "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŀ": "l", "Ŀ": "L"})


def slug(text: str) -> str:
    """A readable, IRI-safe path segment for a label ("Xi Jinping" -> "xi-jinping", "Łódź" -> "lodz")."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(LETTERS)).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return s[:80].strip("-") or quote(text.strip()[:40] or "x", safe="")


def digest(*parts: object, n: int = 16) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:n]


def check_base(base: str) -> str:
    """The base IRI, which must be absolute and end in / or #."""
    from .errors import KGError

    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*[/#]$", base):
        raise KGError(f"--base {base!r} is not an absolute IRI ending in '/' or '#'")
    return base


@dataclass
class Minter:
    """Mints entity, article and statement IRIs under one base."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        self.ns = Namespace(check_base(self.base))
        self.entity_iri: dict[Key, URIRef] = {}

    def entities(self, entities: list[Entity]) -> None:
        """IRIs for all entities; a slug two entities share gets a hash of the key."""
        taken: dict[str, int] = {}
        for e in entities:
            path = f"{CLASS_PATHS[e.cls]}/{slug(e.label)}"
            taken[path] = taken.get(path, 0) + 1
        for e in entities:
            path = f"{CLASS_PATHS[e.cls]}/{slug(e.label)}"
            if taken[path] > 1:
                path += "-" + digest(*e.key, n=8)
            self.entity_iri[e.key] = self.ns[path]

    def article(self, article_id: str) -> URIRef:
        return self.ns["article/" + quote(article_id, safe="")]

    def statement(self, *parts: object) -> URIRef:
        return self.ns["statement/" + digest(*parts)]

    def graph(self, article_id: str) -> URIRef:
        """The named graph of an article's facts."""
        return self.ns["graph/" + quote(article_id, safe="")]


def new_graph(base: str = DEFAULT_BASE) -> Graph:
    g = Graph()
    for prefix, ns in (("kg", KG._NS), ("schema", SCHEMA), ("skos", SKOS), ("prov", PROV),
                       ("owl", OWL), ("xsd", XSD), ("rdfs", RDFS)):
        g.bind(prefix, ns)
    for path in CLASS_PATHS.values():
        g.bind(path, Namespace(base + path + "/"))
    g.bind("article", Namespace(base + "article/"))
    g.bind("stmt", Namespace(base + "statement/"))
    g.bind("event", Namespace(base + "event/"))
    return g


_integer = lru_cache(maxsize=1 << 16)(Literal)  # the same offsets and rule names recur: make each once
_plain = lru_cache(maxsize=4096)(Literal)


def _provenance(node: URIRef, article: URIRef, sentence: str, start: int, end: int,
                rule: str, confidence: float, where: URIRef) -> Iterator[Quad]:
    yield node, PROV.wasDerivedFrom, article, where
    yield node, KG.sentence, Literal(sentence), where
    yield node, KG.startChar, _integer(start), where
    yield node, KG.endChar, _integer(end), where
    yield node, KG.rule, _plain(rule), where
    yield node, KG.confidence, decimal(confidence), where


@lru_cache(maxsize=4096)
def decimal(value: object) -> Literal:
    """An xsd:decimal in canonical form with a fraction ("30.0"), which Turtle writes as is."""
    text = format(Decimal(str(value)).normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _literal(prop: str, value: object) -> Literal:
    if isinstance(value, tuple):  # a parsed date: (lexical form, xsd type)
        return Literal(value[0], datatype=XSD[value[1]])
    if isinstance(value, Decimal):
        return decimal(value)
    return Literal(str(value))


def event_quads(mint: Minter, events: Iterable[ResolvedEvent]) -> Iterator[Quad]:
    """Event and quotation nodes, in their article's graph, of what resolution kept (see
    kg.resolve.surviving_events): a node's IRI is a hash of its ident, its entities' IRIs sorted."""
    for ev in events:
        r = ev.record
        ident = tuple(tuple(sorted(mint.entity_iri[k] for k in part)) if isinstance(part, tuple) else part
                      for part in ev.ident)
        node = mint.ns["event/" + digest(*ident)]
        where = mint.graph(r.article)
        if ev.new:
            yield node, RDF.type, KG[r.kind], where
            yield from _provenance(node, mint.article(r.article), r.sentence, r.start, r.end, r.rule,
                                   r.confidence, where)
        for prop, keys in ev.roles:
            for key in keys:
                yield node, KG[prop], mint.entity_iri[key], where
        for prop, value in ev.values:
            yield node, KG[prop], _literal(prop, value), where


def quads(articles: list[Article], entities: list[Entity], facts: Iterable[ResolvedFact],
          base: str = DEFAULT_BASE, events: Iterable[ResolvedEvent] = ()) -> Iterator[Quad]:
    """The statements of a build, one at a time, each with the graph it belongs to: an
    article's named graph (<base>graph/ID) holds the facts read from it, their reified
    statements and provenance, and its events; the default graph (None) holds articles and
    entities. Which facts and events are stated is resolution's choice (kg.resolve.surviving_facts,
    surviving_events); this only writes them. A statement may come more than once; the writers
    and stores keep one."""
    mint = Minter(base)
    mint.entities(entities)
    for a in articles:
        node = mint.article(a.id)
        yield node, RDF.type, KG.Article, None
        yield node, KG.identifier, Literal(a.id), None
        if a.title:
            yield node, KG.title, Literal(a.title), None
        if a.date:
            yield node, KG.datePublished, Literal(a.date, datatype=XSD.date), None
        if a.url:
            yield node, KG.url, Literal(a.url, datatype=XSD.anyURI), None
    for e in entities:
        node = mint.entity_iri[e.key]
        yield node, RDF.type, KG[e.cls], None
        yield node, RDFS.label, Literal(e.label), None
        for alias in e.aliases:
            yield node, SKOS.altLabel, Literal(alias), None
        for article_id in e.articles:
            yield node, KG.mentionedIn, mint.article(article_id), None
        if e.date:
            yield node, KG.date, Literal(e.date[0], datatype=XSD[e.date[1]]), None
    for rf in facts:
        f = rf.fact
        s = mint.entity_iri[rf.subject]
        o = mint.entity_iri[rf.obj] if rf.obj is not None else Literal(f.value)
        p: URIRef = KG[f.prop]
        where = mint.graph(f.article)
        yield s, p, o, where
        st = mint.statement(s, p, o, f.article, f.start, f.end, f.rule)
        yield st, RDF.type, RDF.Statement, where
        yield st, RDF.subject, s, where
        yield st, RDF.predicate, p, where
        yield st, RDF.object, o, where
        yield from _provenance(st, mint.article(f.article), f.sentence, f.start, f.end, f.rule,
                               f.confidence, where)
    yield from event_quads(mint, events)


def build_graph(articles: list[Article], entities: list[Entity], facts: Iterable[ResolvedFact],
                base: str = DEFAULT_BASE, events: Iterable[ResolvedEvent] = ()) -> Graph:
    """The graph of a build, in memory (see quads)."""
    return to_graph(quads(articles, entities, facts, base, events), base)


def to_graph(statements: Iterable[Quad], base: str = DEFAULT_BASE) -> Graph:
    """Statements (s, p, o, graph) in one rdflib Graph, their graphs dropped."""
    g = new_graph(base)
    add = g.add
    for s, p, o, _ in statements:
        add((s, p, o))
    return g
