"""RDF serializations of the graph through rdflib: Turtle, N-Triples, TriG, N-Quads, JSON-LD.

TriG and N-Quads hold one named graph per article (see kg.dataset), with the entities,
articles and the ontology in the default graph. JSON-LD is compacted with a small
@context that names kg's terms without prefixes.
"""
from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from ..dataset import to_dataset
from ..vocab import KG
from . import register


@register("turtle", (".ttl", ".turtle"), "Turtle, with prefixes")
def write_turtle(graph: Graph, path: Path) -> None:
    graph.serialize(destination=str(path), format="turtle", encoding="utf-8")


@register("nt", (".nt", ".ntriples"), "N-Triples, one triple a line")
def write_nt(graph: Graph, path: Path) -> None:
    lines = sorted(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines())
    path.write_text("".join(line + "\n" for line in lines if line.strip()), encoding="utf-8")


def _ontology() -> Graph:
    from ..validate import ontology

    return ontology()


@register("trig", (".trig",), "TriG: a named graph per article, entities and ontology in the default graph")
def write_trig(graph: Graph, path: Path) -> None:
    to_dataset(graph, _ontology()).serialize(destination=str(path), format="trig", encoding="utf-8")


@register("nquads", (".nq", ".nquads"), "N-Quads: a named graph per article, entities and ontology in the default graph")
def write_nquads(graph: Graph, path: Path) -> None:
    data = to_dataset(graph, _ontology()).serialize(format="nquads", encoding="utf-8").decode("utf-8")
    lines = sorted(line for line in data.splitlines() if line.strip())
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def context() -> dict:
    """The compact @context: kg's terms by their local names, and the prefixes used."""
    ctx: dict = {"kg": str(KG._NS), "rdfs": str(RDFS), "skos": str(SKOS), "prov": str(PROV), "xsd": str(XSD),
                 "rdf": str(RDF), "label": "rdfs:label", "altLabel": "skos:altLabel",
                 "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", "@type": "@id"}}
    for name in KG.__annotations__:
        if name[0].islower():
            ctx.setdefault(name, f"kg:{name}")
    return ctx


@register("json-ld", (".jsonld", ".json"), "JSON-LD, compacted with kg's @context")
def write_jsonld(graph: Graph, path: Path) -> None:
    text = graph.serialize(format="json-ld", context=context(), auto_compact=True, sort_keys=True, indent=1)
    data = json.loads(text)
    if isinstance(data, dict) and isinstance(data.get("@graph"), list):
        data["@graph"].sort(key=lambda node: json.dumps(node, sort_keys=True))
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
