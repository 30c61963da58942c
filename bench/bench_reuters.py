"""kg build end to end on real news, against bare spaCy over the same texts (issue 14).

    .venv/bin/python bench/bench_reuters.py            # 1/100, 1/10 and the whole corpus (~20 min)
    .venv/bin/python bench/bench_reuters.py --quick    # 1/100 and 1/10 only (~8 min)

The corpus is the Reuters-21578 JSONL of ../shared/data/reuters (15,647 articles, 2.4 M words):
every 100th line, every 10th line, and the whole file, as kg build reads it. Slices are written
to a temporary folder that is deleted afterwards; the data never enters the repository.

One run measures

  1. end to end   process wall time of `kg build SLICE -o g.ttl -j 1` against a bare process that
                  reads the same article texts (kg's reader), loads the same model and runs the
                  default pipeline over them with nlp.pipe (batch 64); best of two each,
                  alternated. The ratio is bare / kg: above 1.0, kg is faster than spaCy alone
                  (target >= 1.0 on 1/10, aim 1.3). Also for `-o g.nt` and `--html g.html`.
  2. jobs         `kg build -o g.nt` with --jobs 2 against --jobs 1 on 1/10 (the speed-up).
  3. turtle       writing Turtle against writing N-Triples of the same cached 1/10 build
                  (Build.save, best of 3; target <= 1.5x).
  4. whole corpus (not with --quick) one build of all articles with --jobs 2 and --cache into
                  .nt, .ttl and an Oxigraph store together, as the command does it (kg.build, then
                  each output, then the cache commit): wall time, the time each output took, and
                  the peak memory of the process and its spaCy children (sampled; target < 2 GB).
                  Then the same build again with one new article, from the cache (target < 5% of
                  the first).

Prints a table (figure, value, target, ratio) and writes JSON to bench/results/reuters.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
REUTERS = SHARED / "data" / "reuters" / "reuters21578.jsonl"
VENV_PY = ROOT / ".venv" / "bin" / "python"
KG_BIN = ROOT / ".venv" / "bin" / "kg"
BATCH = 64
GB = 1 << 30

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import _sample_tree_rss  # noqa: E402  (the process tree's peak RSS, sampled)

# ---------------------------------------------------------------- workers (run in subprocesses)


def worker_bare(corpus: str) -> dict:
    """Bare spaCy: the same texts, the same model, its default pipeline."""
    import spacy

    from kg.nlp import model_name
    from kg.pipeline import read_articles

    texts = [a.text for a in read_articles([corpus], None, [])]
    nlp = spacy.load(model_name())
    for _ in nlp.pipe(texts, batch_size=BATCH):
        pass
    return {"articles": len(texts), "words": sum(len(t.split()) for t in texts)}


def worker_export(corpus: str, cache: str) -> dict:
    """Writing N-Triples and Turtle of one cached build, best of 3 each."""
    import kg

    b = kg.build([Path(corpus)], jobs=1, cache=cache)
    b.commit()
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in ("nt", "ttl"):
            times = []
            for _ in range(3):
                t = time.perf_counter()
                b.save(Path(tmp) / f"g.{suffix}")
                times.append(time.perf_counter() - t)
            out[suffix] = min(times)
    return out


def worker_whole(corpus: str, extra: str, cache: str, outdir: str) -> dict:
    """What `kg build CORPUS [EXTRA] -o g.nt -o g.ttl --store S --jobs 2 --cache C` does, timed by step."""
    import kg
    from kg.exporters import export
    from kg.store import add

    sources = [Path(corpus)] + ([Path(extra)] if extra else [])
    steps = {}
    t = time.perf_counter()
    b = kg.build(sources, jobs=2, cache=cache)
    steps["extract and resolve"] = time.perf_counter() - t
    out = Path(outdir)
    for name in ("g.nt", "g.ttl"):
        t = time.perf_counter()
        export(b, out / name, None)
        steps[name] = time.perf_counter() - t
    t = time.perf_counter()
    quads = add(b, out / "store")
    steps["store"] = time.perf_counter() - t
    t = time.perf_counter()
    b.commit()
    steps["cache commit"] = time.perf_counter() - t
    return {"articles": len(b.articles), "entities": len(b.entities), "quads": quads, "steps": steps,
            "cache": {"reused": b.cache.hits, "parsed": b.cache.misses}}


WORKERS = {"bare": worker_bare, "export": worker_export, "whole": worker_whole}


# ---------------------------------------------------------------- processes


def timed(cmd: list[str]) -> dict:
    """Run a process; its wall time, its answer (the last stdout line, if JSON) and the sampled peak
    RSS of the process and its children together."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), TOKENIZERS_PARALLELISM="false")
    peak = [0]
    done = threading.Event()
    t = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=ROOT)
        sampler = threading.Thread(target=_sample_tree_rss, args=(proc.pid, done, peak), daemon=True)
        sampler.start()
        proc.wait()
        done.set()
        sampler.join()
        wall = time.perf_counter() - t
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    lines = stdout.strip().splitlines()
    answer = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    return {"wall_s": wall, "peak_tree_rss_bytes": peak[0], **answer}


def worker(kind: str, *args: str) -> dict:
    return timed([str(VENV_PY), str(Path(__file__).resolve()), "--worker", kind, *args])


def kg_build(*args: str) -> dict:
    return timed([str(KG_BIN), "build", *args])


# ---------------------------------------------------------------- the run


def write_slice(every: int, folder: Path) -> Path:
    path = folder / f"reuters-1in{every}.jsonl"
    with REUTERS.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
        for n, line in enumerate(src):
            if n % every == 0:
                dst.write(line)
    return path


def end_to_end(corpus: Path, tmp: Path, repeat: int, others: int) -> dict:
    """Best-of-`repeat` wall times of kg build -o g.ttl and of bare spaCy, alternated; then
    -o g.nt and --html, best of `others`."""
    out = tmp / "out"
    out.mkdir(exist_ok=True)
    runs: dict[str, list[dict]] = {"bare": [], "ttl": [], "nt": [], "html": []}
    for _ in range(repeat):
        runs["bare"].append(worker("bare", str(corpus)))
        runs["ttl"].append(kg_build(str(corpus), "-o", str(out / "g.ttl"), "-j", "1"))
    for _ in range(others):
        runs["nt"].append(kg_build(str(corpus), "-o", str(out / "g.nt"), "-j", "1"))
        runs["html"].append(kg_build(str(corpus), "--html", str(out / "g.html"), "-j", "1"))
    best = {k: min(r["wall_s"] for r in v) for k, v in runs.items()}
    bare = runs["bare"][0]
    return {"articles": bare["articles"], "words": bare["words"], "wall_s": best,
            "ratio": {k: best["bare"] / best[k] for k in ("ttl", "nt", "html")},
            "peak_tree_rss_bytes": {k: max(r["peak_tree_rss_bytes"] for r in v) for k, v in runs.items()}}


def jobs(corpus: Path, tmp: Path) -> dict:
    one = kg_build(str(corpus), "-o", str(tmp / "j1.nt"), "-j", "1")
    two = kg_build(str(corpus), "-o", str(tmp / "j2.nt"), "-j", "2")
    same = (tmp / "j1.nt").read_bytes() == (tmp / "j2.nt").read_bytes()
    return {"jobs1_s": one["wall_s"], "jobs2_s": two["wall_s"], "speedup": one["wall_s"] / two["wall_s"],
            "same_bytes": same}


def learned(corpus: Path, tmp: Path) -> dict:
    """What the learned relation extractor adds to a build: -o g.nt with it and with --rules-only,
    alternated, best of two each."""
    runs: dict[str, list[float]] = {"rules": [], "model": []}
    for _ in range(2):
        runs["rules"].append(kg_build(str(corpus), "-o", str(tmp / "rules.nt"), "-j", "1", "--rules-only")["wall_s"])
        runs["model"].append(kg_build(str(corpus), "-o", str(tmp / "model.nt"), "-j", "1")["wall_s"])
    best = {k: min(v) for k, v in runs.items()}
    return {"rules_only_s": best["rules"], "with_model_s": best["model"], "cost": best["model"] / best["rules"]}


def whole(tmp: Path) -> dict:
    cache = tmp / "cache"
    first_out, second_out = tmp / "whole1", tmp / "whole2"
    first_out.mkdir()
    second_out.mkdir()
    first = worker("whole", str(REUTERS), "", str(cache), str(first_out))
    new = tmp / "new.jsonl"
    new.write_text(json.dumps({"id": "bench-new-1", "title": "Bench article",
                               "text": "Acme Corp said on Monday it agreed to buy Beta Industries Inc for "
                                       "12 mln dlrs in cash. Acme chairman John Doe said the deal would "
                                       "close in June."}) + "\n", encoding="utf-8")
    second = worker("whole", str(REUTERS), str(new), str(cache), str(second_out))
    return {"first": first, "again_with_one_new": second, "share": second["wall_s"] / first["wall_s"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1/100 and 1/10 only, no whole-corpus build")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "reuters.json"))
    ap.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    ap.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        print(json.dumps(WORKERS[a.worker](*a.args)))
        return
    if not REUTERS.exists():
        sys.exit(f"bench_reuters: {REUTERS} not found (set KG_SHARED to the folder that holds data/reuters)")
    started = time.perf_counter()
    r: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                           "loadavg_1min_at_start": os.getloadavg()[0]}, "quick": a.quick}
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-reuters-"))
    try:
        s100, s10 = write_slice(100, tmp), write_slice(10, tmp)
        r["1/100"] = end_to_end(s100, tmp, repeat=2, others=2)
        _progress(r, "1/100")
        r["1/10"] = end_to_end(s10, tmp, repeat=2, others=1)
        _progress(r, "1/10")
        r["jobs"] = jobs(s10, tmp)
        r["turtle"] = worker("export", str(s10), str(tmp / "cache10"))
        r["learned"] = learned(s10, tmp)
        if not a.quick:
            r["whole"] = whole(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    r["bench_wall_s"] = time.perf_counter() - started
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(r, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    report(r)


def _progress(r: dict, key: str) -> None:
    print(f"  {key}: kg -o g.ttl {r[key]['wall_s']['ttl']:.1f} s, bare spaCy {r[key]['wall_s']['bare']:.1f} s",
          file=sys.stderr, flush=True)


def report(r: dict) -> None:
    rows = []
    for key in ("1/100", "1/10"):
        e = r[key]
        size = f"{key} ({e['articles']} articles, {e['words'] // 1000}k words)"
        rows.append((f"{size}: bare spaCy", f"{e['wall_s']['bare']:.1f} s", "", ""))
        for out, what in (("ttl", "-o g.ttl"), ("nt", "-o g.nt"), ("html", "--html")):
            target = ">= 1.0 (aim 1.3)" if key == "1/10" and out == "ttl" else ">= 1.0"
            ratio = e["ratio"][out]
            rows.append((f"{size}: kg build {what}", f"{e['wall_s'][out]:.1f} s", target,
                         f"{ratio:.2f}x spaCy{'' if ratio >= 1.0 else ' MISSED'}"))
    j = r["jobs"]
    rows.append(("1/10: kg build -o g.nt --jobs 2 vs 1", f"{j['jobs2_s']:.1f} s vs {j['jobs1_s']:.1f} s", "> 1",
                 f"{j['speedup']:.2f}x{'' if j['same_bytes'] else ' (OUTPUT DIFFERS)'}"))
    t = r["turtle"]
    ratio = t["ttl"] / t["nt"]
    rows.append(("1/10: Turtle export vs N-Triples", f"{t['ttl'] * 1000:.0f} ms vs {t['nt'] * 1000:.0f} ms",
                 "<= 1.5x", f"{ratio:.2f}x{'' if ratio <= 1.5 else ' MISSED'}"))
    if "learned" in r:
        m = r["learned"]
        rows.append(("1/10: kg build -o g.nt with the learned model vs --rules-only",
                     f"{m['with_model_s']:.1f} s vs {m['rules_only_s']:.1f} s", "<= 1.10x",
                     f"{m['cost']:.2f}x{'' if m['cost'] <= 1.10 else ' MISSED'}"))
    if "whole" in r:
        w = r["whole"]["first"]
        peak = w["peak_tree_rss_bytes"] / GB
        rows.append((f"whole ({w['articles']} articles): --jobs 2 --cache, .nt .ttl --store", f"{w['wall_s']:.0f} s",
                     "", ""))
        for step, s in w["steps"].items():
            rows.append((f"  whole: {step}", f"{s:.1f} s", "", f"{s / w['wall_s']:.1%} of the build"))
        rows.append(("  whole: peak memory (process and children)", f"{peak:.2f} GB", "< 2 GB",
                     "" if peak < 2 else "MISSED"))
        again = r["whole"]["again_with_one_new"]
        rows.append(("  whole again with 1 new article, from the cache", f"{again['wall_s']:.1f} s", "< 5%",
                     f"{r['whole']['share']:.1%} of the first{'' if r['whole']['share'] < 0.05 else ' MISSED'}"))
    width = max(len(x[0]) for x in rows)
    print(f"{'figure':{width}}  {'value':>22}  {'target':>16}  ratio")
    for name, value, target, ratio in rows:
        print(f"{name:{width}}  {value:>22}  {target:>16}  {ratio}")
    print(f"(bench run {r['bench_wall_s'] / 60:.1f} min; load {r['machine']['loadavg_1min_at_start']:.2f} at start)")


if __name__ == "__main__":
    main()
