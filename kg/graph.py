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
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, SKOS

from .ingest import Article
from .resolve import Entity, Key
from .roles import Fact
from .vocab import KG

DEFAULT_BASE = "https://example.org/kg/"
SCHEMA = Namespace("https://schema.org/")
CLASS_PATHS = {"Person": "person", "Organization": "organization", "Country": "country", "Place": "place",
               "Product": "product", "Agreement": "agreement"}


def slug(text: str) -> str:
    """A readable, IRI-safe path segment for a label ("Xi Jinping" -> "xi-jinping")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
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


def new_graph(base: str = DEFAULT_BASE) -> Graph:
    g = Graph()
    for prefix, ns in (("kg", KG._NS), ("schema", SCHEMA), ("skos", SKOS), ("prov", PROV),
                       ("owl", OWL), ("xsd", XSD), ("rdfs", RDFS)):
        g.bind(prefix, ns)
    for cls, path in CLASS_PATHS.items():
        g.bind(path, Namespace(base + path + "/"))
    g.bind("article", Namespace(base + "article/"))
    g.bind("stmt", Namespace(base + "statement/"))
    return g


def build_graph(articles: list[Article], entities: list[Entity], facts: list[Fact],
                assigned: dict[tuple, Key], base: str = DEFAULT_BASE) -> Graph:
    """The graph of a build. Facts whose subject or object did not resolve are left out."""
    mint = Minter(base)
    mint.entities(entities)
    g = new_graph(base)
    for a in articles:
        node = mint.article(a.id)
        g.add((node, RDF.type, KG.Article))
        g.add((node, KG.identifier, Literal(a.id)))
        if a.title:
            g.add((node, KG.title, Literal(a.title)))
        if a.date:
            g.add((node, KG.datePublished, Literal(a.date, datatype=XSD.date)))
        if a.url:
            g.add((node, KG.url, Literal(a.url, datatype=XSD.anyURI)))
    for e in entities:
        node = mint.entity_iri[e.key]
        g.add((node, RDF.type, KG[e.cls]))
        g.add((node, RDFS.label, Literal(e.label)))
        for alias in e.aliases:
            g.add((node, SKOS.altLabel, Literal(alias)))
        for article_id in e.articles:
            g.add((node, KG.mentionedIn, mint.article(article_id)))
        if e.date:
            g.add((node, KG.date, Literal(e.date[0], datatype=XSD[e.date[1]])))
    for f in facts:
        s_key = assigned.get(f.subject.key)
        if s_key is None:
            continue
        s = mint.entity_iri[s_key]
        if f.obj is not None:
            o_key = assigned.get(f.obj.key)
            if o_key is None or o_key == s_key:
                continue
            o = mint.entity_iri[o_key]
        else:
            o = Literal(f.value)
        p = KG[f.prop]
        g.add((s, p, o))
        st = mint.statement(s, p, o, f.article, f.start, f.end, f.rule)
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, PROV.wasDerivedFrom, mint.article(f.article)))
        g.add((st, KG.sentence, Literal(f.sentence)))
        g.add((st, KG.startChar, Literal(f.start)))
        g.add((st, KG.endChar, Literal(f.end)))
        g.add((st, KG.rule, Literal(f.rule)))
        g.add((st, KG.confidence, Literal(Decimal(str(f.confidence)))))
    return g

