#!/usr/bin/env python3
"""Build and score every development set: the seeds, the Reuters gold, CoNLL04 dev, DWIE dev, Re-DocRED dev.

    python tools/dev_eval.py [--sets seeds,reuters,conll04,dwie,redocred] [--out out/dev] [--misses]

Each set is converted from ../shared (never copied into the repository), built
with `kg build` into one Turtle graph, and scored with ../shared/eval/score.py
(`--by-doc` except for the seeds, which are one corpus; `--per-article` builds each
article of the other sets on its own instead). The table printed at
the end has relation, event and facts scores per set, plus the connectivity
figures of issue 10 on the 500-article Reuters sample.

The held-out splits are fixed, so every run scores the same articles:
- DWIE dev: the 100 train articles picked by `dwie_dev_ids()` (seeded sample).
  The other 602 are for training and rule development.
- Re-DocRED dev: the 100 documents picked by `redocred_dev_ids()`.
- Reuters: the articles named by tests/data/gold-reuters/*.gold.jsonl.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
EVAL = SHARED / "eval"
REUTERS = SHARED / "data" / "reuters" / "reuters21578.jsonl"
REUTERS_GOLD = ROOT / "tests" / "data" / "gold-reuters"
PY = sys.executable
KG = [PY, "-m", "kg"]


def dwie_dev_ids() -> set[str]:
    """The fixed 100 DWIE train articles held out as dev (seeded sample of the sorted ids)."""
    ids = sorted(json.loads(line)["id"] for line in (SHARED / "data" / "dwie" / "dwie_train.jsonl").open()
                 if line.strip() and "train" in json.loads(line)["tags"])
    return set(random.Random(10).sample(ids, 100))


def redocred_dev_ids(titles: list[str]) -> set[str]:
    return set(random.Random(10).sample(sorted(titles), 100))


def reuters_sample(n: int = 500, seed: int = 10) -> list[dict]:
    """A fixed sample of `trade` and `acq` Reuters articles (half each), outside the gold."""
    gold = {p.name.split(".")[0] for p in REUTERS_GOLD.glob("*.gold.jsonl")}
    recs = [json.loads(line) for line in REUTERS.open()]
    trade = [r for r in recs if "trade" in r["topics"] and r["id"] not in gold]
    acq = [r for r in recs if "acq" in r["topics"] and "trade" not in r["topics"] and r["id"] not in gold]
    rng = random.Random(seed)
    return rng.sample(trade, n // 2) + rng.sample(acq, n - n // 2)


def write_reuters(source: Path, gold: Path, dst: Path, limit: int | None = None) -> None:
    """Write to dst the Reuters articles of source (JSONL) that have a file in the gold folder
    (the first `limit` of them by id, if given)."""
    wanted = set(sorted(p.name.split(".")[0] for p in gold.glob("*.gold.jsonl"))[:limit])
    with source.open() as src, dst.open("w") as f:
        f.writelines(line for line in src if json.loads(line)["id"] in wanted)


def run(cmd: list, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], check=True, text=True, capture_output=True, **kw)


def prepare(name: str, out: Path) -> tuple[Path, Path]:
    """Write the set's articles and gold under out/NAME; return (articles, gold)."""
    d = out / name
    arts, gold = d / "articles", d / "gold"
    if name == "seeds":
        return ROOT / "seeds", EVAL / "gold"
    if name == "reuters":
        arts.mkdir(parents=True, exist_ok=True)
        write_reuters(REUTERS, REUTERS_GOLD, arts / "reuters.jsonl")
        return arts, REUTERS_GOLD
    if arts.exists():
        return arts, gold
    tmp = d / "all"
    if name == "conll04":
        run([PY, EVAL / "conll04.py", SHARED / "data" / "conll04" / "conll04_dev.json", tmp])
        keep = None
    elif name == "dwie":
        run([PY, EVAL / "dwie.py", SHARED / "data" / "dwie" / "dwie_train.jsonl", "train", tmp])
        keep = dwie_dev_ids()
    elif name == "redocred":
        run([PY, EVAL / "redocred.py", SHARED / "data" / "redocred" / "redocred_dev.json", tmp])
        keep = redocred_dev_ids([p.stem for p in (tmp / "articles").glob("*.txt")])
    else:
        raise SystemExit(f"unknown set {name}")
    arts.mkdir(parents=True)
    gold.mkdir(parents=True)
    for p in sorted((tmp / "articles").iterdir()):
        if keep is None or p.stem in keep:
            shutil.copy(p, arts / p.name)
            shutil.copy(tmp / "gold" / f"{p.stem}.gold.jsonl", gold / f"{p.stem}.gold.jsonl")
    shutil.rmtree(tmp)
    return arts, gold


def score(graph: Path, gold: Path, by_doc: bool, misses: Path | None) -> dict:
    cmd = [PY, EVAL / "score.py", "--graph", graph, "--ontology", ROOT / "ontology", "--gold", gold, "--json"]
    if by_doc:
        cmd.append("--by-doc")
    if misses:
        cmd.append("--misses")
    r = run(cmd)
    if misses:
        misses.write_text(r.stderr)
    return json.loads(r.stdout)


def per_article(arts: Path, gold: Path, out: Path, rules_only: bool, misses: Path | None) -> dict:
    """Build every gold article on its own, as the held-back benchmarks are built (one article per
    build: no node shares labels with another article's), into OUT/ID.ttl, and add the scores up."""
    import kg
    sys.path.insert(0, str(EVAL))
    import score as S  # ../shared/eval/score.py
    out.mkdir(parents=True, exist_ok=True)
    results, missed = [], []
    for f in sorted(gold.glob("*.gold.jsonl")):
        doc = f.name[: -len(".gold.jsonl")]
        graph = out / f"{doc}.ttl"
        kg.build(sorted(arts.glob(f"{doc}.*")), rules_only=rules_only).save(graph)
        g = S.load_rdf([graph])
        res, m = S.score(S.doc_subgraph(g, doc), S.Ontology(S.load_rdf([ROOT / "ontology", graph])), [f])
        results.append(res)
        missed += [f"{doc}: {x}" for x in m]
    if misses:
        misses.write_text("".join(x + "\n" for x in missed))
    return S.add_up(results)


def connectivity(graph: Path) -> dict:
    """Issue 10's figures: share of articles with a relation or event, share of P/O/C entities in one."""
    import rdflib
    g = rdflib.Graph().parse(graph)
    q = """
    PREFIX kg: <https://example.org/kg/ontology#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    """
    arts = {str(a) for a, in g.query(q + "SELECT ?a WHERE { ?a a kg:Article }")}
    with_fact = {str(a) for a, in g.query(q + "SELECT DISTINCT ?a WHERE { ?x prov:wasDerivedFrom ?a . "
                                               "FILTER NOT EXISTS { ?x a kg:Quotation } }")}
    ents = {str(e) for e, in g.query(q + "SELECT DISTINCT ?e WHERE { ?e a ?c . "
                                         "VALUES ?c { kg:Person kg:Organization kg:Country } }")}
    linked = {str(x) for x, in g.query(q + "SELECT DISTINCT ?x WHERE { ?st a rdf:Statement . "
                                           "{ ?st rdf:subject ?x } UNION { ?st rdf:object ?x } }")}
    linked |= {str(x) for x, in g.query(q + "SELECT DISTINCT ?x WHERE { ?ev prov:wasDerivedFrom ?a ; ?p ?x . "
                                           "?ev a ?c . VALUES ?c { kg:TariffChange kg:Meeting kg:PhoneCall "
                                           "kg:Acquisition } }")}
    return {"articles": len(arts), "with_fact": len(with_fact & arts) / max(1, len(arts)),
            "entities": len(ents), "linked": len(ents & linked) / max(1, len(ents))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default="seeds,reuters,conll04,dwie")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "dev")
    ap.add_argument("--misses", action="store_true", help="write each set's misses to OUT/NAME/misses.txt")
    ap.add_argument("--connectivity", action="store_true", help="also build the 500-article Reuters sample")
    ap.add_argument("-j", "--jobs", default="2")
    ap.add_argument("--rules-only", action="store_true", help="build without the learned extractor")
    ap.add_argument("--per-article", action="store_true",
                    help="build each article of a set scored by document on its own (one article per build, "
                         "as the held-back benchmarks are), instead of all in one graph")
    args = ap.parse_args()
    rows = []
    for name in args.sets.split(","):
        arts, gold = prepare(name, args.out)
        if args.per_article and name != "seeds":
            rows.append((name, per_article(arts, gold, args.out / name / "per-article", args.rules_only,
                                           args.out / name / "misses.txt" if args.misses else None)))
            continue
        graph = args.out / name / "graph.ttl"
        graph.parent.mkdir(parents=True, exist_ok=True)
        run(KG + ["build", arts, "-o", graph, "-j", args.jobs] + (["--rules-only"] if args.rules_only else []),
            cwd=ROOT)
        s = score(graph, gold, name != "seeds", args.out / name / "misses.txt" if args.misses else None)
        rows.append((name, s))
    print(f"{'set':10} {'row':9} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fn':>5} {'fp':>5}")
    for name, s in rows:
        for row in ("entities", "rel", "attr", "event", "facts"):
            v = s.get(row)
            if v:
                print(f"{name:10} {row:9} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} "
                      f"{v['tp']:5} {v['fn']:5} {v['fp']:5}"
                      + (f"   split={v['split']} merged={v['merged']}" if "split" in v else ""))
    if args.connectivity:
        d = args.out / "reuters500"
        d.mkdir(parents=True, exist_ok=True)
        with (d / "sample.jsonl").open("w") as f:
            for r in reuters_sample():
                f.write(json.dumps(r) + "\n")
        run(KG + ["build", d / "sample.jsonl", "-o", d / "graph.ttl", "-j", args.jobs]
            + (["--rules-only"] if args.rules_only else []), cwd=ROOT)
        c = connectivity(d / "graph.ttl")
        print(f"reuters500: {c['articles']} articles, {c['with_fact']:.1%} with a relation or event; "
              f"{c['entities']} Person/Organization/Country, {c['linked']:.1%} in a relation or event")
        v = subprocess.run(KG + ["validate", d / "graph.ttl"], text=True, capture_output=True, cwd=ROOT)
        print("validate:", (v.stdout + v.stderr).strip().splitlines()[:3])
    print(json.dumps({n: {r: s[r]["f1"] for r in ("rel", "event", "facts") if r in s} for n, s in rows}))


if __name__ == "__main__":
    main()
