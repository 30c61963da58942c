"""SHACL validation: a graph in, (conforms, report text) out, against ontology/shapes.ttl."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .errors import KGError


def ontology_dir() -> Path:
    """The ontology/ folder: beside the package in a checkout, or installed as kg/ontology."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "ontology", here / "ontology"):
        if (candidate / "kg.ttl").is_file():
            return candidate
    raise KGError("cannot find the ontology (ontology/kg.ttl)")


def ontology() -> Graph:
    g = Graph()
    g.parse(ontology_dir() / "kg.ttl", format="turtle")
    return g


def validate(graph: Graph) -> tuple[bool, str]:
    """Whether graph conforms to ontology/shapes.ttl, and pySHACL's report."""
    from pyshacl import validate as shacl

    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    conforms, _, text = shacl(graph, shacl_graph=shapes, ont_graph=ontology(), inference="none",
                              advanced=False, allow_warnings=False)
    return bool(conforms), str(text)
