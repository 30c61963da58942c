"""SPARQL over a graph file: a path and a query in, a result (and a printable table) out."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD
from rdflib.util import guess_format

from .dataset import QUAD_FORMATS, Quads
from .errors import InputError, QueryError
from .graph import SCHEMA
from .vocab import KG

PREFIXES = {"kg": KG._NS, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "prov": PROV, "xsd": XSD, "schema": SCHEMA}


def load(path: str | Path) -> Graph:
    """The graph in an RDF file; InputError naming the file if it cannot be parsed. A TriG,
    N-Quads or JSON-LD file gives a kg.dataset.Quads: its named graphs are kept, and
    queries see the union of its graphs."""
    path = Path(path)
    fmt = guess_format(str(path))
    if fmt is None:
        raise InputError(path, "cannot tell the RDF format from the suffix (use .ttl, .nt, .trig, .nq, .jsonld, .rdf)")
    if fmt == "json-ld":
        check_contexts(path)
    g = Quads() if fmt in QUAD_FORMATS else Graph()
    try:
        g.parse(path, format=fmt)
    except Exception as e:  # rdflib raises many parser-specific types
        raise InputError(path, f"not valid {fmt}: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
    return g


def _remote_context(node) -> bool:
    """Whether a JSON-LD document names a context to fetch: an @context that is (or lists) a
    string, or an @import."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@import":
                return True
            if key == "@context" and (isinstance(value, str)
                                      or isinstance(value, list) and any(isinstance(v, str) for v in value)):
                return True
            if _remote_context(value):
                return True
    elif isinstance(node, list):
        return any(_remote_context(v) for v in node)
    return False


def check_contexts(path: Path) -> None:
    """InputError if the JSON-LD file at path names a remote @context: kg never fetches one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # the parser reports it
    if _remote_context(data):
        raise InputError(path, "names a remote JSON-LD @context, which kg never fetches; put the context inline")


def is_update(text: str) -> bool:
    """Whether text is SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP...) rather than a query."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parseQuery(text)
        return False
    except ParseException:
        pass
    try:
        parseUpdate(text)
        return True
    except ParseException:
        return False


def _forms(node) -> Iterator[str]:
    """The names of the grammar rules in rdflib's parse tree of a query or update."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _forms(value)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _forms(value)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _forms(value)


def check_network(text: str, allow_service: bool = False) -> None:
    """QueryError if text would reach the network: SERVICE (unless allow_service) or LOAD.
    Text rdflib cannot parse (a store's own extensions) is refused if it says SERVICE at all."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    forms: set[str] | None = None
    for parse in (parseQuery, parseUpdate):
        try:
            forms = set(_forms(parse(text)))
            break
        except ParseException:
            continue
        except RecursionError:
            raise QueryError("query is nested too deeply") from None
    service = "ServiceGraphPattern" in forms if forms is not None else bool(re.search(r"(?i)\bSERVICE\b", text))
    if service and not allow_service:
        raise QueryError("SERVICE sends the graph's data to another host and is refused; "
                         "use --allow-service to query a remote endpoint")
    if forms is not None and "Load" in forms:
        raise QueryError("LOAD reads a URL or file named in the query; kg never fetches one")


@contextmanager
def _no_loading():
    """rdflib fetches the graphs named by FROM and LOAD unless told not to: kg never does."""
    import rdflib.plugins.sparql as sparql

    before, sparql.SPARQL_LOAD_GRAPHS = sparql.SPARQL_LOAD_GRAPHS, False
    try:
        yield
    finally:
        sparql.SPARQL_LOAD_GRAPHS = before


def run(graph: Graph, text: str, allow_update: bool = False, allow_service: bool = False):
    """The rdflib result of a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE). SPARQL
    Update is refused unless allow_update, and then changes graph and returns None.
    SERVICE is refused unless allow_service; graphs named by FROM are never fetched."""
    from pyparsing import ParseException

    check_network(text, allow_service)
    if is_update(text):
        if not allow_update:
            raise QueryError("SPARQL Update (INSERT, DELETE, ...) is refused; "
                             "use --allow-update to change the graph file")
        with _no_loading():
            graph.update(text, initNs=PREFIXES)
        return None
    try:
        with _no_loading():
            return graph.query(text, initNs=PREFIXES)
    except ParseException as e:
        raise QueryError(f"malformed SPARQL query: {e.msg} (line {e.lineno}, column {e.col})") from None
    except Exception as e:
        raise QueryError(f"query failed: {e}") from None


@dataclass
class Answer:
    """A query's answer, whichever engine gave it: rows of rdflib terms, a boolean, or a graph."""

    kind: str  # "rows", "boolean" or "graph"
    names: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool = False
    graph: Graph | None = None


def from_rdflib(result) -> Answer:
    if result.type == "ASK":
        return Answer("boolean", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return Answer("graph", graph=result.graph)
    names = [str(v) for v in result.vars]
    return Answer("rows", names, [tuple(row[i] for i in range(len(names))) for row in result])


def _term(t):
    """A pyoxigraph term as an rdflib term."""
    import pyoxigraph as ox

    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if t.language or t.datatype.value == str(XSD.string):
        return Literal(t.value, lang=t.language)
    return Literal(t.value, datatype=URIRef(t.datatype.value))


def from_oxigraph(result) -> Answer:
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return Answer("boolean", boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        g = Graph()
        for k, ns in PREFIXES.items():
            g.bind(k, ns)
        for t in result:
            g.add((_term(t.subject), _term(t.predicate), _term(t.object)))
        return Answer("graph", graph=g)
    names = [v.value for v in result.variables]
    return Answer("rows", names, [tuple(_term(sol[n]) for n in names) for sol in result])


def _cell(term) -> str:
    return "" if term is None else str(term)


def _shown(term) -> str:
    """A table cell: control characters escaped, so data cannot drive the terminal (kg.terminal)."""
    from .terminal import printable

    return printable(_cell(term))


def _json_term(t) -> dict | None:
    if t is None:
        return None
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    out = {"type": "literal", "value": str(t)}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype and t.datatype != XSD.string:
        out["datatype"] = str(t.datatype)
    return out


OUTPUTS = ("table", "csv", "tsv", "json")


def render(answer: Answer, output: str = "table") -> str:
    """The answer as an aligned table, CSV, TSV or SPARQL 1.1 JSON results; graphs as Turtle."""
    if answer.kind == "graph":
        return cast(Graph, answer.graph).serialize(format="turtle")  # a graph answer has its graph
    if output == "json":
        if answer.kind == "boolean":
            return json.dumps({"head": {}, "boolean": answer.boolean})
        bindings = [{n: _json_term(t) for n, t in zip(answer.names, row, strict=False) if t is not None}
                    for row in answer.rows]
        return json.dumps({"head": {"vars": answer.names}, "results": {"bindings": bindings}}, ensure_ascii=False)
    if output in ("csv", "tsv"):
        # SPARQL 1.1 Query Results CSV and TSV, written by pyoxigraph's serializers from the JSON form
        import pyoxigraph

        results = pyoxigraph.parse_query_results(render(answer, "json"), format=pyoxigraph.QueryResultsFormat.JSON)
        fmt = pyoxigraph.QueryResultsFormat.CSV if output == "csv" else pyoxigraph.QueryResultsFormat.TSV
        # with no output, serialize returns the bytes (its stub says bytes | None for both cases)
        return cast(bytes, results.serialize(format=fmt)).decode("utf-8").rstrip("\r\n")
    if answer.kind == "boolean":
        return "true" if answer.boolean else "false"
    rows = [[_shown(t) for t in row] for row in answer.rows]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(answer.names)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()  # noqa: E731
    out = [line(answer.names), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def ask(source: str | Path, text: str, allow_update: bool = False, allow_service: bool = False,
        timeout: float | None = None) -> tuple[Answer | None, Graph | None]:
    """Run text on a graph file or an Oxigraph store folder. Returns the answer, and the
    changed graph when an allowed update ran on a file (the caller writes it back).
    SERVICE is refused unless allow_service. QueryError if the answer is not complete
    within timeout seconds (None: no limit)."""
    from .deadline import within

    check_network(text, allow_service)
    try:
        return within(timeout, lambda: _ask(source, text, allow_update, allow_service), "kg-query")
    except TimeoutError:
        raise QueryError(f"query did not finish within {timeout:g} s (--timeout)") from None


def _ask(source: str | Path, text: str, allow_update: bool, allow_service: bool):
    from . import store

    if store.is_store(source):
        if is_update(text):
            raise QueryError("SPARQL Update on a store is not supported; rebuild with kg build --store")
        return from_oxigraph(store.query(source, text, {k: str(v) for k, v in PREFIXES.items()})), None
    g = load(source)
    result = run(g, text, allow_update=allow_update, allow_service=allow_service)
    return (None, g) if result is None else (from_rdflib(result), None)
