"""Incremental builds: one new article out of N, against the full build that filled the cache.

    .venv/bin/python bench/bench_incremental.py [--articles 10000]

Corpus: N articles of two CoNLL04 training sentences each (../shared/data/conll04/,
deterministically recombined: article i takes sentences i and i*7+3 modulo the set),
written to a temporary folder that is deleted afterwards; nothing is copied into the
repository. Each build runs `kg build FOLDER -o OUT.nt --cache CACHE` in a fresh
process. Prints the table and writes bench/results/incremental.json.
Target: the re-run with one new article takes < 5% of the full build.
"""
from __future__ import annotations

import argparse
import json
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


def timed_build(folder: Path, out: Path, cache: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([*KG, "build", str(folder), "-o", str(out), "--cache", str(cache)],
                          capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"kg build failed: {done.stderr.strip().splitlines()[-1]}")
    return seconds, done.stderr.strip().splitlines()[-1]


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
        full, full_line = timed_build(corpus, tmp / "g.nt", cache)
        (corpus / "new.txt").write_text("Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Monday.\n")
        again, again_line = timed_build(corpus, tmp / "g.nt", cache)
        ratio = again / full
        rows = [("full build, cold cache", full, full_line), ("re-run, 1 new article", again, again_line)]
        print(f"{'build':<26} {'seconds':>8}  kg says")
        for name, secs, line in rows:
            print(f"{name:<26} {secs:8.2f}  {line}")
        print(f"re-run / full build: {ratio:.3f} (target < 0.05: {'ok' if ratio < 0.05 else 'MISSED'})")
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        Path(a.out).write_text(json.dumps({"articles": a.articles, "words": words, "full_s": full,
                                           "rerun_s": again, "ratio": ratio}, indent=1) + "\n")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
