"""Incremental builds, one new article out of N against the full build; and streamed outputs.

    .venv/bin/python bench/bench_incremental.py [--articles 10000]

Corpus: N articles of two CoNLL04 training sentences each (../shared/data/conll04/,
deterministically recombined: article i takes sentences i and i*7+3 modulo the set),
written to a temporary folder that is deleted afterwards; nothing is copied into the
repository. Each build runs `kg build FOLDER -o OUT.nt --cache CACHE` in a fresh
process. Target: the re-run with one new article takes < 5% of the full build.

Then, the cache full (so no article is parsed), the same corpus is written to each kind of
output, in a fresh process each: N-Triples, N-Quads and the Oxigraph store are streamed
(no rdflib Graph is made), Turtle needs the graph in memory. Wall time and the peak RSS
of the process (os.wait4) show what streaming saves. Prints the tables and writes
bench/results/incremental.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONLL = ROOT.parent / "shared" / "data" / "conll04" / "conll04_train.json"
KG = [sys.executable, "-m", "kg"]


def sentences() -> list[str]:
    return [" ".join(s["tokens"]) for s in json.loads(CONLL.read_text(encoding="utf-8"))]


def write_corpus(folder: Path, n: int) -> int:
    pool = sentences()
    words = 0
    for i in range(n):
        text = f"{pool[i % len(pool)]}\n{pool[(i * 7 + 3) % len(pool)]}\n"
        (folder / f"a{i:06d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def timed_build(folder: Path, out: Path, cache: Path, *extra: str) -> tuple[float, str, int]:
    """(wall seconds, kg's summary line, peak RSS in bytes) of one `kg build` process."""
    target = ["-o", str(out)] if out.suffix else ["--store", str(out)]
    start = time.perf_counter()
    proc = subprocess.Popen([*KG, "build", str(folder), *target, "--cache", str(cache), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    err = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"kg build failed: {err.strip().splitlines()[-1]}")
    return seconds, err.strip().splitlines()[-1], usage.ru_maxrss * 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "incremental.json"))
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-incr-"))
    try:
        corpus, cache = tmp / "corpus", tmp / "cache"
        corpus.mkdir()
        words = write_corpus(corpus, a.articles)
        print(f"corpus: {a.articles:,} articles, {words:,} words (two CoNLL04 train sentences each)", flush=True)
        full, full_line, full_rss = timed_build(corpus, tmp / "g.nt", cache)
        (corpus / "new.txt").write_text("Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Monday.\n")
        again, again_line, again_rss = timed_build(corpus, tmp / "g.nt", cache)
        ratio = again / full
        rows = [("full build, cold cache", full, full_rss, full_line),
                ("re-run, 1 new article", again, again_rss, again_line)]
        print(f"{'build (-o .nt)':<26} {'seconds':>8} {'peak RSS':>9}  kg says")
        for name, secs, rss, line in rows:
            print(f"{name:<26} {secs:8.2f} {rss / 1e6:6.0f} MB  {line}")
        print(f"re-run / full build: {ratio:.3f} (target < 0.05: {'ok' if ratio < 0.05 else 'MISSED'})", flush=True)

        outputs = {}
        print(f"\n{'output, all cached':<26} {'seconds':>8} {'peak RSS':>9}  kg says")
        for name, out in (("N-Triples (streamed)", tmp / "o.nt"), ("N-Quads (streamed)", tmp / "o.nq"),
                          ("Oxigraph store (streamed)", tmp / "store"), ("Turtle (in memory)", tmp / "o.ttl")):
            secs, line, rss = timed_build(corpus, out, cache)
            outputs[name] = {"s": secs, "peak_rss_bytes": rss, "kg": line}
            print(f"{name:<26} {secs:8.2f} {rss / 1e6:6.0f} MB  {line}", flush=True)
        turtle = outputs["Turtle (in memory)"]["peak_rss_bytes"]
        nt = outputs["N-Triples (streamed)"]["peak_rss_bytes"]
        print(f"peak RSS, N-Triples streamed / Turtle in memory: {nt / turtle:.2f}x")
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        Path(a.out).write_text(json.dumps({"articles": a.articles, "words": words, "full_s": full,
                                           "rerun_s": again, "ratio": ratio, "full_peak_rss_bytes": full_rss,
                                           "rerun_peak_rss_bytes": again_rss, "outputs": outputs},
                                          indent=1) + "\n")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
