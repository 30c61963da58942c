"""How the HTML graph scales: export time, page load and layout time for 200, 2,000 and 10,000 entities,
and for a real corpus: 500 Reuters articles.

    .venv/bin/python bench/bench_html.py [--sizes 200,2000,10000] [--reuters 500] [--repeat 3]
                                         [--out bench/results/html.json]

Each graph is synthetic but seeded (the same graph every run): entities of the six kg
classes, about two relations per entity with a reified rdf:Statement each (sentence
and article), job titles, quotations and events, so the details panel has data as
in a real build. For each size it times

    export      kg.exporters.export(graph, "x.html"), in seconds
    ready       from page.goto() to the global `network` existing (data parsed, vis-network built)
    stabilized  from page.goto() to vis-network's "stabilizationIterationsDone" (layout done, first drawing)

in headless Debian Chromium (/usr/bin/chromium) with the network cut (one warm-up page
first, untimed; the median of --repeat runs), prints a table with each figure's ratio
to the smallest size, and writes JSON to bench/results/html.json.

The Reuters row is the page's first view of a real build: the fixed sample of `trade` and
`acq` articles that tools/dev_eval.py scores (reuters_sample), built with `kg build`, whose
page draws the connected entities and the events and keeps the rest behind a toggle
(target: stabilized in under 5 s). The build takes about a minute with the spaCy model, so
it is cached in the system's temporary folder (kg-bench-html/), keyed by the sample and by
kg's extraction code and data (not the exporters); the synthetic sizes need no model.
`--reuters 0` leaves it out.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace  # noqa: E402
from rdflib.namespace import PROV, SKOS  # noqa: E402

from kg.exporters import export  # noqa: E402
from kg.exporters.html import page_data, stabilization_iterations  # noqa: E402
from kg.vocab import KG  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
EX = Namespace("https://example.org/kg/")
CLASS_SHARE = (("Person", 0.40), ("Organization", 0.25), ("Country", 0.05), ("Place", 0.15),
               ("Product", 0.10), ("Agreement", 0.05))
# property -> (subject classes, object classes)
RELATION_SHAPES = {
    "worksFor": (("Person",), ("Organization", "Country")),
    "leaderOf": (("Person",), ("Organization", "Country")),
    "met": (("Person",), ("Person",)),
    "spokeWith": (("Person",), ("Person",)),
    "accused": (("Person", "Country", "Organization"), ("Person", "Country", "Organization")),
    "criticized": (("Person",), ("Person", "Organization", "Country")),
    "partyTo": (("Country", "Organization"), ("Agreement",)),
    "basedIn": (("Organization",), ("Place", "Country")),
    "locatedIn": (("Place",), ("Country",)),
    "owns": (("Organization", "Person"), ("Product", "Organization")),
    "restricts": (("Country",), ("Product",)),
}
TITLES = ("President", "Minister", "Chief Executive", "Ambassador", "Economist", "Spokesperson")


def synthetic_graph(n: int, seed: int = 1) -> Graph:
    """A kg-shaped graph of n entities, the same for the same (n, seed)."""
    rng = random.Random(seed * 1_000_003 + n)
    g = Graph()
    n_articles = max(2, n // 20)
    articles = [EX[f"article/a{i:05d}"] for i in range(n_articles)]
    for i, a in enumerate(articles):
        g.add((a, RDF.type, KG.Article))
        g.add((a, KG.identifier, Literal(f"a{i:05d}")))
        g.add((a, KG.title, Literal(f"Synthetic article {i}")))
    by_class: dict[str, list] = {c: [] for c, _ in CLASS_SHARE}
    for i in range(n):
        r, cls = rng.random(), CLASS_SHARE[-1][0]
        for c, share in CLASS_SHARE:
            if r < share:
                cls = c
                break
            r -= share
        node = EX[f"{cls.lower()}/e{i:06d}"]
        by_class[cls].append(node)
        g.add((node, RDF.type, KG[cls]))
        g.add((node, RDFS.label, Literal(f"{cls} {i}")))
        if rng.random() < 0.3:
            g.add((node, SKOS.altLabel, Literal(f"{cls[:3]}{i}")))
        for a in rng.sample(articles, k=min(len(articles), rng.randint(1, 3))):
            g.add((node, KG.mentionedIn, a))
        if cls == "Person" and rng.random() < 0.5:
            title = Literal(rng.choice(TITLES))
            g.add((node, KG.jobTitle, title))
            _statement(g, node, KG.jobTitle, title, f"{cls} {i} is the {title}.", rng.choice(articles), i)
        if cls == "Agreement":
            g.add((node, KG.date, Literal(f"--{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                                          datatype=XSD.gMonthDay)))
    shapes = [(p, [x for c in sc for x in by_class[c]], [x for c in oc for x in by_class[c]])
              for p, (sc, oc) in RELATION_SHAPES.items()]
    shapes = [(p, s, o) for p, s, o in shapes if s and o]
    for k in range(2 * n):
        prop, subjects, objects = rng.choice(shapes)
        # a few hubs: 1 in 4 relations goes to one of the first few objects
        s = rng.choice(subjects)
        o = rng.choice(objects[:5]) if rng.random() < 0.25 else rng.choice(objects)
        if s == o:
            continue
        g.add((s, KG[prop], o))
        _statement(g, s, KG[prop], o, f"Sentence {k}: {g.value(s, RDFS.label)} {prop} {g.value(o, RDFS.label)}.",
                   rng.choice(articles), k)
    people = by_class["Person"]
    for k in range(n // 10):
        q = EX[f"event/q{k:06d}"]
        g.add((q, RDF.type, KG.Quotation))
        g.add((q, KG.speaker, rng.choice(people)))
        g.add((q, KG.text, Literal(f"Quoted words number {k}.")))
        g.add((q, KG.sentence, Literal(f"Someone said, “Quoted words number {k}.”")))
        g.add((q, PROV.wasDerivedFrom, rng.choice(articles)))
    for k in range(n // 10):
        kind = rng.choice(("TariffChange", "Meeting", "PhoneCall"))
        ev = EX[f"event/e{k:06d}"]
        g.add((ev, RDF.type, KG[kind]))
        if kind == "TariffChange":
            g.add((ev, KG.agent, rng.choice(by_class["Country"] or people)))
            g.add((ev, KG.target, rng.choice(by_class["Country"] or people)))
            g.add((ev, KG.toRate, Literal(f"{rng.randint(5, 150)}.0", datatype=XSD.decimal)))
        else:
            for p in rng.sample(people, k=min(2, len(people))):
                g.add((ev, KG.participant, p))
        g.add((ev, KG.sentence, Literal(f"Event sentence {k}.")))
        g.add((ev, PROV.wasDerivedFrom, rng.choice(articles)))
    return g


def _statement(g: Graph, s, p, o, sentence: str, article, k: int) -> None:
    st = EX[f"statement/{str(p).rsplit('#', 1)[-1]}-{k:06d}"]
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, s))
    g.add((st, RDF.predicate, p))
    g.add((st, RDF.object, o))
    g.add((st, KG.sentence, Literal(sentence)))
    g.add((st, PROV.wasDerivedFrom, article))


def reuters_graph(n: int) -> tuple[Path, int] | None:
    """A build of n articles of the Reuters sample, cached in the temporary folder; and the
    number of articles. None if the Reuters data is not there."""
    sys.path.insert(0, str(ROOT / "tools"))
    from dev_eval import REUTERS, reuters_sample

    if not REUTERS.exists():
        print(f"{REUTERS} not found: no Reuters row", file=sys.stderr)
        return None
    sample = "".join(json.dumps(r, sort_keys=True) + "\n" for r in reuters_sample(n))
    digest = hashlib.sha256(sample.encode())
    for f in sorted((ROOT / "kg").rglob("*")):  # what the graph depends on: not the exporters
        if f.is_file() and "exporters" not in f.parts and "__pycache__" not in f.parts:
            digest.update(str(f.relative_to(ROOT)).encode() + f.read_bytes())
    cache = Path(tempfile.gettempdir()) / "kg-bench-html"
    ttl = cache / f"reuters{n}-{digest.hexdigest()[:16]}.ttl"
    if not ttl.exists():
        cache.mkdir(exist_ok=True)
        articles = cache / f"reuters{n}.jsonl"
        articles.write_text(sample, encoding="utf-8")
        print(f"  building {n} Reuters articles into {ttl} (once) ...", file=sys.stderr, flush=True)
        tmp = ttl.with_suffix(".tmp.ttl")
        subprocess.run([sys.executable, "-m", "kg", "build", str(articles), "-o", str(tmp)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        tmp.replace(ttl)
    return ttl, n


def time_page(browser, path: Path, timeout_s: float) -> dict:
    """Seconds from goto() to `network`, and to the end of stabilization; page errors."""
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        t0 = time.perf_counter()
        page.goto(path.resolve().as_uri(), wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function("typeof network !== 'undefined' && network !== null", polling=20,
                               timeout=timeout_s * 1000)
        ready = time.perf_counter() - t0
        page.wait_for_function("window.kgStabilized === true", polling=50, timeout=timeout_s * 1000)
        stabilized = time.perf_counter() - t0
        physics = page.evaluate("network.physics.physicsEnabled")
        shown = page.evaluate("nodes.length")
        drawn = page.evaluate("nodes.get({filter: n => !n.hidden}).length")
    finally:
        context.close()
    return {"ready_s": ready, "stabilized_s": stabilized, "physics_after": physics, "nodes_shown": shown,
            "nodes_drawn": drawn, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="200,2000,10000", help="comma-separated entity counts [%(default)s]")
    ap.add_argument("--reuters", type=int, default=500,
                    help="articles of the Reuters sample to build and time, 0 for none [%(default)s]")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size; the median is kept [%(default)s]")
    ap.add_argument("--timeout", type=float, default=240, help="seconds allowed per page [%(default)s]")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "html.json")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} not found; install it with `make system-deps`", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    reuters = reuters_graph(args.reuters) if args.reuters > 0 else None
    cases = [(f"{n:,} synthetic", n, lambda n=n: synthetic_graph(n)) for n in sizes]
    if reuters is not None:
        cases.append((f"Reuters {reuters[1]}", None, lambda: Graph().parse(reuters[0])))
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            # warm-up, not timed: the first page a fresh browser opens, and the first export, are slower
            warm = Path(tmp) / "warm.html"
            export(synthetic_graph(50), warm)
            time_page(browser, warm, args.timeout)
            for k, (name, _n, make) in enumerate(cases):
                t = time.perf_counter()
                graph = make()
                made = time.perf_counter() - t
                path = Path(tmp) / f"g{k}.html"
                runs = []
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    export(graph, path)
                    exported = time.perf_counter() - t
                    runs.append({"export_s": exported, **time_page(browser, path, args.timeout)})
                data = page_data(graph)
                entities = sum(1 for node in data["nodes"] if not node.get("kgEvent"))
                first = sum(1 for node in data["nodes"] if node.get("kgEvent") or node["kgConnected"])
                row = {
                    "graph": name, "entities": entities, "events": len(data["nodes"]) - entities,
                    "first_view_nodes": first, "unconnected": data["unconnected"],
                    "triples": len(graph), "html_bytes": path.stat().st_size,
                    "build_graph_s": made, "stabilization_iterations": stabilization_iterations(first),
                    "export_s": statistics.median(r["export_s"] for r in runs),
                    "ready_s": statistics.median(r["ready_s"] for r in runs),
                    "stabilized_s": statistics.median(r["stabilized_s"] for r in runs),
                    "physics_after": runs[-1]["physics_after"], "nodes_shown": runs[-1]["nodes_shown"],
                    "nodes_drawn": runs[-1]["nodes_drawn"],
                    "errors": sorted({e for r in runs for e in r["errors"]}),
                }
                rows.append(row)
                print(f"  {name}: export {row['export_s']:.2f}s, ready {row['ready_s']:.2f}s, "
                      f"stabilized {row['stabilized_s']:.2f}s", file=sys.stderr, flush=True)
        finally:
            browser.close()
    base = rows[0]
    for row in rows:
        row["ratio"] = {k: round(row[k] / base[k], 2) if base[k] else None
                        for k in ("export_s", "ready_s", "stabilized_s")}
    print(table(rows))
    for row in rows:
        if row["errors"]:
            print(f"page errors on {row['graph']}: {row['errors']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "benchmark": "html", "chromium": str(CHROMIUM), "python": platform.python_version(),
        "machine": platform.machine(), "repeat": args.repeat, "rows": rows}, indent=2) + "\n",
        encoding="utf-8")
    print(f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 1 if any(r["errors"] for r in rows) else 0


def table(rows: list[dict]) -> str:
    head = ("graph", "entities", "first view", "triples", "page MB", "iters", "export s", "ready s",
            "stabilized s", "export ×", "ready ×", "stabilized ×", "physics after")
    body = [(r["graph"], f"{r['entities']:,}", f"{r['first_view_nodes']:,}", f"{r['triples']:,}",
             f"{r['html_bytes'] / 1e6:.1f}",
             str(r["stabilization_iterations"]), f"{r['export_s']:.2f}", f"{r['ready_s']:.2f}",
             f"{r['stabilized_s']:.2f}", f"{r['ratio']['export_s']:.1f}", f"{r['ratio']['ready_s']:.1f}",
             f"{r['ratio']['stabilized_s']:.1f}", "on" if r["physics_after"] else "off") for r in rows]
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(head)]
    lines = ["  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths, strict=True))),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(b, widths, strict=True)))
              for b in body]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
