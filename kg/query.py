"""SPARQL over a graph file: a path and a query in, a result (and a printable table) out."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD
from rdflib.util import guess_format

from .errors import InputError, QueryError
from .graph import SCHEMA
from .vocab import KG

PREFIXES = {"kg": KG._NS, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "prov": PROV, "xsd": XSD, "schema": SCHEMA}


def load(path: str | Path) -> Graph:
    """The graph in an RDF file; InputError naming the file if it cannot be parsed."""
    path = Path(path)
    fmt = guess_format(str(path))
    if fmt is None:
        raise InputError(path, "cannot tell the RDF format from the suffix (use .ttl, .nt, .trig, .nq, .jsonld, .rdf)")
    g = Graph()
    try:
        g.parse(path, format=fmt)
    except Exception as e:  # rdflib raises many parser-specific types
        raise InputError(path, f"not valid {fmt}: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
    return g


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


def run(graph: Graph, text: str, allow_update: bool = False):
    """The rdflib result of a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE). SPARQL
    Update is refused unless allow_update, and then changes graph and returns None."""
    from pyparsing import ParseException

    if is_update(text):
        if not allow_update:
            raise QueryError("SPARQL Update (INSERT, DELETE, ...) is refused; "
                             "use --allow-update to change the graph file")
        graph.update(text, initNs=PREFIXES)
        return None
    try:
        return graph.query(text, initNs=PREFIXES)
    except ParseException as e:
        raise QueryError(f"malformed SPARQL query: {e.msg} (line {e.lineno}, column {e.col})") from None
    except Exception as e:
        raise QueryError(f"query failed: {e}") from None


def _cell(term) -> str:
    if term is None:
        return ""
    return str(term)


def table(result) -> str:
    """A SELECT result as an aligned text table; ASK as true/false; graphs as Turtle."""
    if result.type == "ASK":
        return "true" if result.askAnswer else "false"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="turtle")
    names = [str(v) for v in result.vars]
    rows = [[_cell(row[i]) for i in range(len(names))] for row in result]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
