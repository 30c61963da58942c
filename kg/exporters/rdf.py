"""RDF serializations of the graph through rdflib."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from . import register


@register("turtle", (".ttl", ".turtle"), "Turtle, with prefixes")
def write_turtle(graph: Graph, path: Path) -> None:
    graph.serialize(destination=str(path), format="turtle", encoding="utf-8")
