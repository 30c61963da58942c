"""Property graphs for Gephi and Neo4j: entity, event and quotation nodes, relation and role
edges, with their sources.

    graphml, gexf   networkx MultiDiGraph: a node per entity (attributes: kind "entity", label,
                    class, aliases, date), a node per event and per quotation (kind "event" or
                    "quotation", label: what happened in one line, class, fromRate, toRate,
                    stake (numbers, percent), date, text, sentence, article, confidence);
                    an edge per relation and one from an event or quotation to each entity
                    in it, keyed by its role (agent, target, participant, location, buyer,
                    seller, speaker, channel) (attributes: property, sentence, article,
                    confidence). Gephi opens both.
    neo4j           a folder with nodes.csv and relationships.csv for
                    `neo4j-admin database import full`, and import.cypher, the same
                    graph as a Cypher script for a running server. Labels: Entity and its
                    class (Entity;Person), Event and its class (Event;TariffChange), Quotation;
                    a role is a relationship of that type from the event to the entity.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import PROV, SKOS

from ..vocab import EVENT_CLASSES, KG, RELATIONS
from . import register
from .nodes import NUMBERS, VALUES, EventNode, describe, entity_nodes, event_nodes, number

# characters XML 1.0 cannot hold, not even as references; CSV readers choke on them too
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value: object) -> str:
    """value as text that XML and CSV can hold: characters they cannot become U+FFFD."""
    return _NOT_XML.sub("\ufffd", str(value))


def _local(term: URIRef) -> str:
    return re.split(r"[#/]", str(term))[-1]


def _labels(graph: Graph, nodes: dict[URIRef, str]) -> dict[URIRef, str]:
    return {n: _text(graph.value(n, RDFS.label) or _local(n)) for n in nodes}


def _kind(ev: EventNode) -> str:
    return "event" if ev.cls in EVENT_CLASSES else "quotation"


def event_records(graph: Graph) -> list[dict]:
    """One record per event and quotation node, sorted by IRI: iri, kind, class, name (what
    happened, in one line), its values (fromRate, toRate, stake as numbers; date, text), and its
    source (sentence, article, confidence)."""
    nodes = entity_nodes(graph)
    return [_record(ev, _labels(graph, nodes)) for ev in event_nodes(graph, nodes)]


def _record(ev: EventNode, labels: dict[URIRef, str]) -> dict:
    out: dict = {"iri": _text(ev.iri), "kind": _kind(ev), "class": ev.cls, "name": _text(describe(ev, labels))}
    for prop in VALUES:
        value = ev.value(prop)
        if value is not None:
            out[prop] = float(number(value)) if prop in NUMBERS else _text(value)
    out.update(sentence=_text(ev.sentence), article=_text(ev.article))
    if ev.confidence is not None:
        out["confidence"] = ev.confidence
    return out


def role_edges(graph: Graph) -> list[dict]:
    """One record per role of an event or quotation (event -> entity), with the event's source,
    sorted as edges() sorts."""
    nodes = entity_nodes(graph)
    return _role_edges(event_nodes(graph, nodes))


def _role_edges(events: list[EventNode]) -> list[dict]:
    out = [{"source": _text(ev.iri), "target": _text(e), "property": role, "sentence": _text(ev.sentence),
            "article": _text(ev.article), "articles": [_text(ev.article)] if ev.article else [],
            "confidence": "" if ev.confidence is None else str(ev.confidence)}
           for ev in events for role, e in ev.roles]
    return sorted(out, key=lambda e: (e["source"], e["property"], e["target"]))


def edges(graph: Graph) -> list[dict]:
    """One record per relation triple and statement behind it, sorted."""
    nodes = entity_nodes(graph)
    sources: dict[tuple, list[tuple[str, str, str]]] = {}
    for st in graph.subjects(RDF.type, RDF.Statement):
        triple = tuple(graph.value(st, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        ident = graph.value(graph.value(st, PROV.wasDerivedFrom), KG.identifier)
        sources.setdefault(triple, []).append((_text(graph.value(st, KG.sentence) or ""), _text(ident or ""),
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


def _entity_date(graph: Graph, node: URIRef) -> str:
    return "; ".join(sorted(_text(d) for d in graph.objects(node, KG.date)))


def to_networkx(graph: Graph):
    """The property graph: entities, then events and quotations, each sorted by IRI; relation
    edges, then role edges."""
    import networkx as nx

    g = nx.MultiDiGraph()
    nodes = entity_nodes(graph)
    labels = _labels(graph, nodes)
    events = event_nodes(graph, nodes)
    for node in sorted(nodes):
        aliases = sorted(_text(a) for a in graph.objects(node, SKOS.altLabel))
        extra = {"date": date} if (date := _entity_date(graph, node)) else {}
        g.add_node(_text(node), kind="entity", label=labels[node], **{"class": nodes[node]},
                   aliases="; ".join(aliases), **extra)
    for ev in events:
        record = _record(ev, labels)
        g.add_node(record.pop("iri"), label=record.pop("name"), **record)
    for e in edges(graph) + _role_edges(events):
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


NODE_COLUMNS = ["iri:ID", "name", "aliases:string[]", ":LABEL", "fromRate:float", "toRate:float", "stake:float",
                "date", "text", "sentence", "article", "confidence:float"]


def _cypher_value(value: object) -> str:
    return repr(float(value)) if isinstance(value, float) else _cypher_str(str(value))


def neo4j_files(graph: Graph) -> dict[str, str]:
    """nodes.csv, relationships.csv and import.cypher, as text: entities, then events and quotations;
    relations, then roles. A cell that does not apply to a node is left empty (no property)."""
    nodes = entity_nodes(graph)
    labels = _labels(graph, nodes)
    events = event_nodes(graph, nodes)
    out_nodes = io.StringIO()
    w = csv.writer(out_nodes, lineterminator="\n")
    w.writerow(NODE_COLUMNS)
    cypher = ["// kg graph: entities, events and quotations, then relations and roles; "
              "run with cypher-shell -f import.cypher",
              "CREATE CONSTRAINT kg_entity_iri IF NOT EXISTS FOR (n:Entity) REQUIRE n.iri IS UNIQUE;",
              "CREATE CONSTRAINT kg_event_iri IF NOT EXISTS FOR (n:Event) REQUIRE n.iri IS UNIQUE;",
              "CREATE CONSTRAINT kg_quotation_iri IF NOT EXISTS FOR (n:Quotation) REQUIRE n.iri IS UNIQUE;"]
    for node in sorted(nodes):
        name = labels[node]
        aliases = sorted(_text(a) for a in graph.objects(node, SKOS.altLabel))
        date = _entity_date(graph, node)
        w.writerow([_text(node), name, ";".join(a.replace(";", ",") for a in aliases), f"Entity;{nodes[node]}",
                    "", "", "", date, "", "", "", ""])
        cypher.append(f"MERGE (n:Entity {{iri: {_cypher_str(_text(node))}}}) SET n:{nodes[node]}, "
                      f"n.name = {_cypher_str(name)}, n.aliases = [{', '.join(map(_cypher_str, aliases))}]"
                      + (f", n.date = {_cypher_str(date)}" if date else "") + ";")
    label_of = {}  # node IRI -> the label its MATCH uses
    for ev in events:
        r = _record(ev, labels)
        label = "Event" if r["kind"] == "event" else "Quotation"
        label_of[r["iri"]] = label
        w.writerow([r["iri"], r["name"], "", f"Event;{ev.cls}" if label == "Event" else "Quotation",
                    *(number(str(r[p])) if p in r else "" for p in NUMBERS),
                    r.get("date", ""), r.get("text", ""), r["sentence"], r["article"], r.get("confidence", "")])
        props = [f"n.{k} = {_cypher_value(r[k])}" for k in ("name", "fromRate", "toRate", "stake", "date", "text",
                                                             "sentence", "article", "confidence") if k in r]
        cypher.append(f"MERGE (n:{label} {{iri: {_cypher_str(r['iri'])}}}) SET "
                      + (f"n:{ev.cls}, " if label == "Event" else "") + ", ".join(props) + ";")
    out_rels = io.StringIO()
    w = csv.writer(out_rels, lineterminator="\n")
    w.writerow([":START_ID", ":END_ID", ":TYPE", "sentence", "article", "confidence:float"])
    for e in edges(graph) + _role_edges(events):
        w.writerow([e["source"], e["target"], e["property"], e["sentence"], e["article"], e["confidence"] or 0])
        cypher.append(
            f"MATCH (a:{label_of.get(e['source'], 'Entity')} {{iri: {_cypher_str(e['source'])}}}), "
            f"(b:Entity {{iri: {_cypher_str(e['target'])}}}) "
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

