"""What the drawing exporters (html, graphml, gexf, neo4j) read from a graph: an rdflib Graph
in; entity nodes, relation triples, and event and quotation nodes (EventNode) out.

An event or quotation node keeps its roles (the entities it links to, by role), its values
(rates, stake, date, text), its source sentence and article, and says what happened in one
line (describe):

    TariffChange          agent, target; fromRate, toRate, date  "United States → China tariff: 145% → 30%"
    Meeting, PhoneCall    participant, location; date             "Meeting, 3 June, Oslo"
    Acquisition           buyer, target, seller; stake, date      "Acquisition: X buys Y (51%)"
    Quotation             speaker, channel; text                  "Donald Trump: “extremely difficult”"

Articles (ArticleNode) keep their identifier, title and day of publication, and an event's
day (event_day) is its own date, or its article's when it has none.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import cast

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from ..vocab import ENTITY_CLASSES, EVENT_CLASSES, KG

NODE_CLASSES = (*EVENT_CLASSES, "Quotation")  # the classes that become a node of their own besides entities
ROLES = ("agent", "target", "participant", "location", "buyer", "seller", "speaker", "channel")  # to entities
VALUES = ("fromRate", "toRate", "stake", "date", "text")  # literals
NUMBERS = ("fromRate", "toRate", "stake")  # xsd:decimal, in percent
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
QUOTE_IN_LABEL = 60  # characters of a quotation's text its one-line description keeps


def local(term: object) -> str:
    """The part of an IRI after its last # or /."""
    return re.split(r"[#/]", str(term))[-1]


def to_float(node: Node) -> float:
    """float() of a term as read from a graph, which reads its lexical form (rdflib's terms are
    strs, its Node type is wider); ValueError if that is no number."""
    return float(cast(str, node))


def entity_nodes(graph: Graph) -> dict[URIRef, str]:
    """Entity IRI -> class local name (the most specific of the six)."""
    out: dict[URIRef, str] = {}
    for cls in ENTITY_CLASSES:
        for node in graph.subjects(RDF.type, KG[cls]):
            if isinstance(node, URIRef) and (node not in out or cls == "Country"):
                out[node] = cls
    return out


@dataclass(frozen=True)
class EventNode:
    """An event or quotation node of the graph."""

    iri: URIRef
    cls: str  # one of NODE_CLASSES
    roles: tuple[tuple[str, URIRef], ...]  # (role, entity IRI), sorted; roles that name no entity are left out
    values: tuple[tuple[str, str], ...]  # (property, lexical form), in VALUES order, then sorted
    sentence: str
    article: str  # the identifier of the article it came from ("" if none)
    confidence: float | None
    rule: str

    def value(self, name: str) -> str | None:
        """The first value of a property (None if it has none)."""
        return next((v for k, v in self.values if k == name), None)

    def entities(self, role: str) -> list[URIRef]:
        return [e for r, e in self.roles if r == role]


def event_nodes(graph: Graph, entities: Mapping[URIRef, str]) -> list[EventNode]:
    """Every event and quotation node of the graph, sorted by IRI; `entities` as entity_nodes gives."""
    found: dict[URIRef, str] = {}
    for cls in NODE_CLASSES:
        for node in graph.subjects(RDF.type, KG[cls]):
            if isinstance(node, URIRef):
                found.setdefault(node, cls)
    out = []
    for node in sorted(found):
        roles = sorted((role, e) for role in ROLES for e in graph.objects(node, KG[role])
                       if isinstance(e, URIRef) and e in entities)
        values = tuple((p, str(v)) for p in VALUES for v in sorted(graph.objects(node, KG[p]), key=str)
                       if isinstance(v, Literal))
        article = graph.value(node, PROV.wasDerivedFrom)
        ident = graph.value(article, KG.identifier) if article is not None else None
        confidence = graph.value(node, KG.confidence)
        try:
            conf = to_float(confidence) if confidence is not None else None
        except ValueError:
            conf = None
        out.append(EventNode(node, found[node], tuple(roles), values, str(graph.value(node, KG.sentence) or ""),
                             str(ident) if ident is not None else (local(article) if article is not None else ""),
                             conf, str(graph.value(node, KG.rule) or "")))
    return out


@dataclass(frozen=True)
class ArticleNode:
    """An article node of the graph, as the page lists it."""

    identifier: str  # its identifier, else the local name of its IRI
    title: str  # "" if it has none
    day: str  # its datePublished as YYYY-MM-DD, "" if it has none


def article_nodes(graph: Graph) -> dict[object, ArticleNode]:
    """Every article node: those of class Article, and whatever an entity is mentionedIn or an
    event or statement wasDerivedFrom, by node."""
    found = set(graph.subjects(RDF.type, KG.Article))
    found.update(graph.objects(None, KG.mentionedIn))
    found.update(graph.objects(None, PROV.wasDerivedFrom))
    out: dict[object, ArticleNode] = {}
    for node in found:
        if isinstance(node, Literal):
            continue
        ident = graph.value(node, KG.identifier)
        title = graph.value(node, KG.title)
        published = min((str(d) for d in graph.objects(node, KG.datePublished)), default="")
        out[node] = ArticleNode(str(ident) if ident is not None else local(node),
                                " ".join(str(title).split()) if title is not None else "", day(published))
    return out


def day(value: str | None) -> str:
    """The YYYY-MM-DD of an xsd:date or xsd:dateTime ("" for anything else: a gMonthDay, a year)."""
    m = re.match(r"(\d{4}-\d{2}-\d{2})(?:$|[T+Z-])", value or "")
    return m.group(1) if m else ""


def event_day(ev: EventNode, published: str) -> tuple[str, str]:
    """When an event happened, as (YYYY-MM-DD, where that comes from): ("2025-05-12", "event") from
    its own date; a day without a year ("--05-12") takes the year its article was published in;
    without a date of its own, its article's day of publication, ("1987-04-02", "article");
    ("", "") when neither is known."""
    own = ev.value("date") or ""
    if day(own):
        return day(own), "event"
    m = re.fullmatch(r"--(\d{2})-(\d{2})", own)
    if m and published:
        return f"{published[:4]}-{m.group(1)}-{m.group(2)}", "event"
    if published:
        return published, "article"
    return "", ""


def number(value: str) -> str:
    """A decimal as few digits as it needs: "145.0" -> "145", "7.30" -> "7.3"."""
    try:
        d = Decimal(value)
    except InvalidOperation:
        return value
    if not d.is_finite():
        return value
    text = format(d.normalize(), "f")
    return "0" if text in ("-0", "") else text


def percent(value: str) -> str:
    return number(value) + "%"


def date_text(value: str | None) -> str:
    """An xsd:date, gMonthDay or gYearMonth as a reader writes it: "3 June 2025", "3 June", "June 2025"."""
    if not value:
        return ""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value) or re.fullmatch(r"--(\d{2})-(\d{2})()", value)
    if m and len(m.group(1)) == 4:
        year, month, day = m.groups()
    elif m:
        month, day, year = m.groups()
    else:
        m = re.fullmatch(r"(\d{4})-(\d{2})", value)
        if m and 1 <= int(m.group(2)) <= 12:
            return f"{MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
        return value
    if not 1 <= int(month) <= 12:
        return value
    return " ".join(x for x in (str(int(day)), MONTHS[int(month) - 1], year) if x)


def rates(ev: EventNode) -> str:
    """A tariff change's rates ("145% → 30%", "to 10%"), or the stake an acquisition bought ("12.5% stake")."""
    stake = ev.value("stake")
    if stake is not None:
        return f"{percent(stake)} stake"
    old, new = ev.value("fromRate"), ev.value("toRate")
    if old is not None and new is not None:
        return f"{percent(old)} → {percent(new)}"
    if new is not None:
        return f"to {percent(new)}"
    if old is not None:
        return f"from {percent(old)}"
    return ""


def describe(ev: EventNode, labels: Mapping[URIRef, str]) -> str:
    """What happened, in one line, naming the entities by their labels."""
    def names(role: str) -> str:
        return " and ".join(sorted(labels.get(e, local(e)) for e in ev.entities(role)))

    date = date_text(ev.value("date"))
    if ev.cls == "TariffChange":
        who, whom = names("agent"), names("target")
        head = (f"{who} → {whom} tariff" if who and whom else f"{who} tariff" if who
                else f"Tariff on {whom}" if whom else "Tariff change")
        tail = ", ".join(x for x in (rates(ev), date) if x)
        return f"{head}: {tail}" if tail else head
    if ev.cls in ("Meeting", "PhoneCall"):
        return ", ".join(x for x in ("Meeting" if ev.cls == "Meeting" else "Phone call", date, names("location")) if x)
    if ev.cls == "Acquisition":
        buyer, target, seller = names("buyer"), names("target") or "?", names("seller")
        what = f"{buyer} buys {target}" + (f" from {seller}" if seller else "") if buyer else f"{seller} sells {target}"
        stake = ev.value("stake")
        if stake is not None:
            what += f" ({percent(stake)})"
        return f"Acquisition: {what}" + (f", {date}" if date else "")
    if ev.cls == "Quotation":
        text = " ".join((ev.value("text") or "").split())
        if len(text) > QUOTE_IN_LABEL:
            text = text[:QUOTE_IN_LABEL - 1].rstrip() + "…"
        speaker = names("speaker")
        return f"{speaker}: “{text}”" if speaker else f"“{text}”"
    return ev.cls
