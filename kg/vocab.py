"""The ontology's terms as one namespace object: `KG.worksFor`, `KG.Person`.

`KG` fails on a misspelt term (`KG.workFor` raises AttributeError), so a typo in
the code cannot mint a term the ontology does not have. tests/test_vocab.py
checks that the terms listed here are exactly those of ontology/kg.ttl.
"""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace, URIRef

ONTOLOGY_IRI = "https://example.org/kg/ontology"


class KG(DefinedNamespace):
    """Classes and properties of ontology/kg.ttl."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # entity classes
    Entity: URIRef
    Person: URIRef
    Organization: URIRef
    Place: URIRef
    Country: URIRef
    Product: URIRef
    Agreement: URIRef
    # articles, events, quotations
    Article: URIRef
    Event: URIRef
    TariffChange: URIRef
    Meeting: URIRef
    PhoneCall: URIRef
    Acquisition: URIRef
    Quotation: URIRef
    # relations between entities
    worksFor: URIRef
    leaderOf: URIRef
    met: URIRef
    spokeWith: URIRef
    accused: URIRef
    criticized: URIRef
    invited: URIRef
    partyTo: URIRef
    location: URIRef
    locatedIn: URIRef
    basedIn: URIRef
    owns: URIRef
    memberOf: URIRef
    restricts: URIRef
    livesIn: URIRef
    killed: URIRef
    # literal attributes
    jobTitle: URIRef
    date: URIRef
    # event and quotation roles
    agent: URIRef
    target: URIRef
    participant: URIRef
    fromRate: URIRef
    toRate: URIRef
    buyer: URIRef
    seller: URIRef
    stake: URIRef
    speaker: URIRef
    text: URIRef
    channel: URIRef
    # articles and provenance
    identifier: URIRef
    title: URIRef
    datePublished: URIRef
    url: URIRef
    mentionedIn: URIRef
    sentence: URIRef
    startChar: URIRef
    endChar: URIRef
    rule: URIRef
    confidence: URIRef


# The lists of the ontology's terms, each said here once; tests/test_vocab.py checks each against ontology/kg.ttl.
ENTITY_CLASSES = ("Person", "Organization", "Country", "Place", "Product", "Agreement")  # kg:Entity's subclasses
EVENT_CLASSES = ("TariffChange", "Meeting", "PhoneCall", "Acquisition")  # kg:Event's subclasses
# The properties between two entities, in the order the exporters list them
RELATIONS = ("worksFor", "leaderOf", "met", "spokeWith", "accused", "criticized", "invited", "partyTo",
             "location", "locatedIn", "basedIn", "owns", "restricts", "livesIn", "killed", "memberOf")
ATTRIBUTES = ("jobTitle", "date")  # the literal attributes of entities
SYMMETRIC = ("met", "spokeWith")  # the owl:SymmetricProperty relations
PLACES = ("Place", "Country")  # a Country is a Place
# The entity classes each relation joins: (subjects, objects), as ontology/kg.ttl's domains and
# ranges say, narrowed where ontology/shapes.ttl narrows them (one works for an organization or
# a place, not a product). kg.graph writes no fact outside them; tests/test_vocab.py checks them.
SIGNATURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "worksFor": (("Person",), ("Organization", *PLACES)),
    "leaderOf": (("Person",), ("Organization", *PLACES)),
    "met": (ENTITY_CLASSES, ENTITY_CLASSES),
    "spokeWith": (ENTITY_CLASSES, ENTITY_CLASSES),
    "accused": (ENTITY_CLASSES, ENTITY_CLASSES),
    "criticized": (ENTITY_CLASSES, ENTITY_CLASSES),
    "invited": (ENTITY_CLASSES, ENTITY_CLASSES),
    "partyTo": (ENTITY_CLASSES, ("Agreement",)),
    "location": (ENTITY_CLASSES, PLACES),
    "locatedIn": (PLACES, PLACES),
    "basedIn": (("Organization",), PLACES),
    "owns": (ENTITY_CLASSES, ENTITY_CLASSES),
    "memberOf": (ENTITY_CLASSES, ("Organization",)),
    "restricts": (ENTITY_CLASSES, ("Product",)),
    "livesIn": (("Person",), PLACES),
    "killed": (ENTITY_CLASSES, ("Person",)),
}
