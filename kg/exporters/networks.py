"""Property graphs for Gephi and Neo4j: entity nodes and relation edges, with their sources.

    graphml, gexf   networkx MultiDiGraph: a node per entity (attributes: label, class,
                    aliases), an edge per relation (attributes: property, sentence,
                    article, confidence). Gephi opens both.
    neo4j           a folder with nodes.csv and relationships.csv for
                    `neo4j-admin database import full`, and import.cypher, the same
                    graph as a Cypher script for a running server.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import PROV, SKOS

from ..vocab import KG
from . import register
from .html import RELATIONS, entity_nodes


# characters XML 1.0 cannot hold, not even as references; CSV readers choke on them too
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value: object) -> str:
    """value as text that XML and CSV can hold: characters they cannot become U+FFFD."""
    return _NOT_XML.sub("\ufffd", str(value))


def _local(term: URIRef) -> str:
    return re.split(r"[#/]", str(term))[-1]


def edges(graph: Graph) -> list[dict]:
    """One record per relation triple and statement behind it, sorted."""
    nodes = entity_nodes(graph)
    sources: dict[tuple, list[tuple[str, str, str]]] = {}
    for st in graph.subjects(RDF.type, RDF.Statement):
        triple = tuple(graph.value(st, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        article = graph.value(graph.value(st, PROV.wasDerivedFrom), KG.identifier)
        sources.setdefault(triple, []).append((_text(graph.value(st, KG.sentence) or ""), _text(article or ""),
                                               str(graph.value(st, KG.confidence) or "")))
    out = []
    for prop in RELATIONS:
        for s, o in graph.subject_objects(KG[prop]):
            if s in nodes and o in nodes:
                found = sorted(sources.get((s, KG[prop], o), [("", "", "")]))
                sentence, article, confidence = found[0]
                out.append({"source": _text(s), "target": _text(o), "property": prop, "sentence": sentence,
                            "article": article, "articles": sorted({f[1] for f in found if f[1]}),
                            "confidence": confidence})
    return sorted(out, key=lambda e: (e["source"], e["property"], e["target"]))


def to_networkx(graph: Graph):
    import networkx as nx

    g = nx.MultiDiGraph()
    nodes = entity_nodes(graph)
    for node in sorted(nodes):
        aliases = sorted(_text(a) for a in graph.objects(node, SKOS.altLabel))
        g.add_node(_text(node), label=_text(graph.value(node, RDFS.label) or _local(node)),
                   **{"class": nodes[node]}, aliases="; ".join(aliases))
    for e in edges(graph):
        g.add_edge(e["source"], e["target"], key=f"{e['property']}", property=e["property"],
                   label=e["property"], sentence=e["sentence"], article=e["article"],
                   confidence=float(e["confidence"] or 0))
    return g


@register("graphml", (".graphml",), "GraphML (networkx) for Gephi, yEd, Cytoscape")
def write_graphml(graph: Graph, path: Path) -> None:
    import networkx as nx

    nx.write_graphml(to_networkx(graph), path, encoding="utf-8")


@register("gexf", (".gexf",), "GEXF (networkx) for Gephi")
def write_gexf(graph: Graph, path: Path) -> None:
    import networkx as nx

    nx.write_gexf(to_networkx(graph), path, encoding="utf-8")


def _cypher_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid Cypher string literal


def neo4j_files(graph: Graph) -> dict[str, str]:
    """nodes.csv, relationships.csv and import.cypher, as text."""
    nodes = entity_nodes(graph)
    out_nodes = io.StringIO()
    w = csv.writer(out_nodes, lineterminator="\n")
    w.writerow(["iri:ID", "name", "aliases:string[]", ":LABEL"])
    cypher = ["// kg graph: entities, then relations; run with cypher-shell -f import.cypher",
              "CREATE CONSTRAINT kg_entity_iri IF NOT EXISTS FOR (n:Entity) REQUIRE n.iri IS UNIQUE;"]
    for node in sorted(nodes):
        name = _text(graph.value(node, RDFS.label) or _local(node))
        aliases = sorted(_text(a) for a in graph.objects(node, SKOS.altLabel))
        w.writerow([_text(node), name, ";".join(a.replace(";", ",") for a in aliases), f"Entity;{nodes[node]}"])
        cypher.append(f"MERGE (n:Entity {{iri: {_cypher_str(_text(node))}}}) SET n:{nodes[node]}, "
                      f"n.name = {_cypher_str(name)}, n.aliases = [{', '.join(map(_cypher_str, aliases))}];")
    out_rels = io.StringIO()
    w = csv.writer(out_rels, lineterminator="\n")
    w.writerow([":START_ID", ":END_ID", ":TYPE", "sentence", "article", "confidence:float"])
    for e in edges(graph):
        w.writerow([e["source"], e["target"], e["property"], e["sentence"], e["article"], e["confidence"] or 0])
        cypher.append(
            f"MATCH (a:Entity {{iri: {_cypher_str(e['source'])}}}), (b:Entity {{iri: {_cypher_str(e['target'])}}}) "
            f"MERGE (a)-[r:{e['property']}]->(b) SET r.sentence = {_cypher_str(e['sentence'])}, "
            f"r.article = {_cypher_str(e['article'])}, r.confidence = {float(e['confidence'] or 0)};")
    return {"nodes.csv": out_nodes.getvalue(), "relationships.csv": out_rels.getvalue(),
            "import.cypher": "\n".join(cypher) + "\n"}


@register("neo4j", (".neo4j",), "a folder: nodes.csv and relationships.csv for neo4j-admin import, and import.cypher",
          directory=True)
def write_neo4j(graph: Graph, path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    for name, text in neo4j_files(graph).items():
        (path / name).write_text(text, encoding="utf-8")

