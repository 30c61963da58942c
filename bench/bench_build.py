"""How fast the kg build is, against bare spaCy and a peer, and how it scales.

    .venv/bin/python bench/bench_build.py [--quick] [--base-sentences N] [--out bench/results/build.json]
    .venv/bin/python bench/bench_build.py --profile      (cProfile of the 10x build only; not timed)

One run measures

  1. throughput   kg.pipeline.build(paths, pipeline=kg.nlp.load()) in words/s (ingest, spaCy,
                  extraction and graph assembly included; export excluded, timed apart as info),
                  with two shares of the build: kg's rules (extraction without the learned
                  extractor, plus graph assembly; target < 15%) and the learned extractor (<= 10%),
                  against bare nlp.pipe over the same article texts, batch size 64:
                  (a) the model's default pipeline, spacy.load(kg.nlp.model_name());
                  (b) kg's pipeline, kg.nlp.load() (the model with its attribute ruler and lemmatizer
                      swapped for kg.speedups' faster equals, plus kg's paragraph breaker and rulers).
                  Interleaved repeats in one process after a warm-up; medians.
  2. peer         textacy.extract.subject_verb_object_triples over the docs of the same texts,
                  parsing with the default model included (a subprocess; in .venv when textacy is
                  installed there, else /tmp/textacy-venv).
  3. scaling      the build at 1x, 10x and 100x the base corpus (--quick: 1x, 2x, 5x), each in a
                  fresh process: build time (after model load and a warm-up build of the seeds;
                  1x is the median of 3 builds), process wall time, peak RSS (os.wait4: the largest
                  single process, spaCy children included; and the sampled sum over all processes)
                  and time per word.
  4. jobs         jobs=2 against jobs=1 on the 10x corpus (--quick: 2x); jobs=1 is the scaling run.
  5. cold start   `.venv/bin/kg --help` (median of 5 fresh processes after one untimed run) and
                  kg.nlp.load() in a fresh process (median of 3) against spacy.load of the model.

Words are whitespace tokens of the article texts kg reads (kg.pipeline.read_articles), which
are also the texts given to bare spaCy and to the peer.

Corpus: the first --base-sentences CoNLL04 train sentences (/work/shared/data/conll04, SpERT
JSON; tokens joined with spaces), 20 to an article, one sentence a line, plus the two seed
articles of seeds/. Size k is k copies: copy 0 is the base; copy i has the CoNLL04 sentences
shuffled by random.Random(i) and regrouped, the seeds' paragraphs after the title rotated by
the same RNG, and every article id suffixed _cNNN. The files go to a temporary folder that is
deleted afterwards; the data never enters the repository. Note that copies repeat the same
names, so the entity count grows far slower than the mention count.

Prints a table (figure, value, target, baseline, ratio) and writes JSON to
bench/results/build.json. The full run is sized to finish in under 15 minutes on 2 cores.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONLL04 = Path("/work/shared/data/conll04/conll04_train.json")
SEEDS = ROOT / "seeds"
VENV_PY = ROOT / ".venv" / "bin" / "python"
KG_BIN = ROOT / ".venv" / "bin" / "kg"
PEER_VENV_PY = Path("/tmp/textacy-venv/bin/python")
BATCH = 64
PER_ARTICLE = 20  # CoNLL04 sentences to an article
BUDGET_S = 15 * 60


# ---------------------------------------------------------------- corpus


def conll_sentences(n: int) -> list[str]:
    data = json.loads(CONLL04.read_text(encoding="utf-8"))
    return [" ".join(s["tokens"]) for s in data[:n]]


def seed_articles() -> list[tuple[str, list[str]]]:
    """(file stem, lines) of each seed article."""
    return [(p.stem, [ln for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()])
            for p in sorted(SEEDS.glob("*.txt"))]


def write_corpus(folder: Path, sentences: list[str], seeds: list[tuple[str, list[str]]], copies: int) -> None:
    """`copies` deterministic recombinations of the base corpus as .txt files in `folder`."""
    folder.mkdir(parents=True)
    for c in range(copies):
        rng = random.Random(c)
        pool = list(sentences)
        if c:
            rng.shuffle(pool)
        suffix = f"_c{c:03d}" if c else ""
        for i in range(0, len(pool), PER_ARTICLE):
            (folder / f"conll04_{i // PER_ARTICLE:03d}{suffix}.txt").write_text(
                "\n".join(pool[i:i + PER_ARTICLE]) + "\n", encoding="utf-8")
        for stem, lines in seeds:
            title, body = lines[0], lines[1:]
            k = rng.randrange(len(body)) if c and body else 0
            (folder / f"{stem}{suffix}.txt").write_text(
                "\n".join([title] + body[k:] + body[:k]) + "\n", encoding="utf-8")


def article_texts(folder: Path) -> list[str]:
    """The texts kg gives spaCy for the articles of `folder`."""
    from kg.pipeline import read_articles

    return [a.text for a in read_articles([str(folder)], None, [])]


def words_of(texts) -> int:
    return sum(len(t.split()) for t in texts)


# ---------------------------------------------------------------- workers (run in subprocesses)


STAGES = ("extract", "assemble", "learned", "extract_cpu", "assemble_cpu", "learned_cpu")


def _timed_stages():
    """Wrap kg.pipeline.extract and .assemble, and kg.learned.extract (inside extract), to time
    them (the build looks them up per call)."""
    import kg.learned
    import kg.pipeline as pl

    spent = dict.fromkeys(STAGES, 0.0)  # wall time, and CPU time under NAME_cpu

    def wrap(name, fn):
        def timed(*a, **k):
            t, c = time.perf_counter(), time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.perf_counter() - t
                spent[name + "_cpu"] += time.process_time() - c
        return timed

    pl.extract = wrap("extract", pl.extract)
    pl.assemble = wrap("assemble", pl.assemble)
    kg.learned.extract = wrap("learned", kg.learned.extract)
    return spent


def worker_throughput(args) -> dict:
    import spacy

    import kg.nlp
    import kg.pipeline
    from kg.exporters import export

    spent = _timed_stages()
    corpus = Path(args.corpus)
    texts = article_texts(corpus)
    words = words_of(texts)
    t = time.perf_counter()
    nlp_kg = kg.nlp.load()
    load_kg = time.perf_counter() - t
    t = time.perf_counter()
    nlp_default = spacy.load(kg.nlp.model_name())
    load_default = time.perf_counter() - t

    def run_kg():
        return kg.pipeline.build([str(corpus)], pipeline=nlp_kg, batch_size=BATCH)

    def run_bare(nlp):
        for _ in nlp.pipe(texts, batch_size=BATCH):
            pass

    # Warm-up: every path once on a small input (lazy data loading, caches, allocator).
    kg.pipeline.build([str(SEEDS)], pipeline=nlp_kg, batch_size=BATCH)
    for nlp in (nlp_default, nlp_kg):
        for _ in nlp.pipe(texts[:4], batch_size=BATCH):
            pass

    runs = {"kg_build": [], "bare_default": [], "bare_kg_pipeline": []}
    cpu = {k: [] for k in runs}
    stages = {k: [] for k in STAGES}
    built = None
    jobs = [("kg_build", run_kg), ("bare_default", lambda: run_bare(nlp_default)),
            ("bare_kg_pipeline", lambda: run_bare(nlp_kg))]
    for r in range(args.repeat):
        for name, fn in jobs[r % 3:] + jobs[:r % 3]:  # rotate the order between repeats
            spent.update(dict.fromkeys(STAGES, 0.0))
            t, c = time.perf_counter(), time.process_time()
            out = fn()
            runs[name].append(time.perf_counter() - t)
            cpu[name].append(time.process_time() - c)
            if name == "kg_build":
                built = out
                for k in stages:
                    stages[k].append(spent[k])
    writes = {"ttl": [], "nt": []}  # as `kg build -o` writes them: streamed from the build's statements
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(3):
            for ext in writes:
                t = time.perf_counter()
                export(built, Path(tmp) / f"graph.{ext}")
                writes[ext].append(time.perf_counter() - t)
    export_s = min(writes["ttl"])
    return {"words": words, "articles": len(texts), "repeat": args.repeat, "runs_s": runs,
            "median_s": {k: statistics.median(v) for k, v in runs.items()},
            "cpu_runs_s": cpu, "cpu_median_s": {k: statistics.median(v) for k, v in cpu.items()},
            "kg_stages_median_s": {k: statistics.median(v) for k, v in stages.items()},
            "load_s": {"kg": load_kg, "default": load_default},
            "pipe_names": {"kg": nlp_kg.pipe_names, "default": nlp_default.pipe_names},
            "triples": len(built.graph), "entities": len(built.entities),
            "export_turtle_s": export_s, "export_nt_s": min(writes["nt"])}


def worker_build(args) -> dict:
    import kg.nlp
    import kg.pipeline

    spent = _timed_stages()
    t = time.perf_counter()
    nlp = kg.nlp.load()
    load_s = time.perf_counter() - t
    kg.pipeline.build([str(SEEDS)], pipeline=nlp, batch_size=BATCH)  # warm-up
    runs, cpus, stages = [], [], []
    for _ in range(args.repeat):
        spent.update(dict.fromkeys(STAGES, 0.0))
        t, c = time.perf_counter(), time.process_time()
        if args.profile:
            import cProfile

            prof = cProfile.Profile()
            built = prof.runcall(kg.pipeline.build, [args.corpus], pipeline=nlp, batch_size=BATCH, jobs=args.jobs)
            prof.dump_stats(args.profile)
        else:
            built = kg.pipeline.build([args.corpus], pipeline=nlp, batch_size=BATCH, jobs=args.jobs)
        runs.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)  # this process only: not the spaCy children of jobs > 1
        stages.append(dict(spent))
    build_s = statistics.median(runs)
    import resource

    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    texts = article_texts(Path(args.corpus))
    return {"words": words_of(texts), "articles": len(built.articles), "triples": len(built.graph),
            "entities": len(built.entities), "build_s": build_s, "runs_s": runs, "load_s": load_s,
            "cpu_s": statistics.median(cpus), "cpu_runs_s": cpus,
            "jobs": args.jobs, "stages_s": stages[runs.index(build_s)] if build_s in runs else stages[-1],
            "self_peak_rss_bytes": self_rss}


def worker_peer(args) -> dict:
    """textacy SVO triples; imports neither kg nor anything of the project."""
    import spacy
    import textacy
    import textacy.extract

    texts = json.loads(Path(args.texts).read_text(encoding="utf-8"))
    nlp = spacy.load(args.model)
    svo = textacy.extract.subject_verb_object_triples
    for doc in nlp.pipe(texts[:4], batch_size=BATCH):  # warm-up
        list(svo(doc))
    runs, cpus, found = [], [], 0
    for _ in range(args.repeat):
        t, c = time.perf_counter(), time.process_time()
        found = 0
        for doc in nlp.pipe(texts, batch_size=BATCH):
            found += sum(1 for _ in svo(doc))
        runs.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return {"words": words_of(texts), "runs_s": runs, "median_s": statistics.median(runs),
            "cpu_median_s": statistics.median(cpus),
            "svo_triples": found, "textacy": textacy.__version__, "spacy": spacy.__version__,
            "python": sys.executable}


def worker_load(args) -> dict:
    t, c = time.perf_counter(), time.process_time()
    if args.baseline:
        import spacy

        spacy.load(args.model)
    else:
        import kg.nlp

        kg.nlp.load()
    return {"load_s": time.perf_counter() - t, "cpu_s": time.process_time() - c}


WORKERS = {"throughput": worker_throughput, "build": worker_build, "peer": worker_peer, "load": worker_load}


# ---------------------------------------------------------------- orchestration


def run_worker(kind: str, *extra: str, python: Path = VENV_PY) -> dict:
    """Run a worker in a fresh process: its JSON answer plus wall time and peak RSS (os.wait4)."""
    cmd = [str(python), str(Path(__file__).resolve()), "--worker", kind, *extra]
    env = dict(os.environ, PYTHONPATH=str(ROOT), TOKENIZERS_PARALLELISM="false")
    t = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=ROOT)
        tree_peak = [0]
        done = threading.Event()
        sampler = threading.Thread(target=_sample_tree_rss, args=(proc.pid, done, tree_peak), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"worker {kind} failed ({proc.returncode}):\n{stderr[-3000:]}")
    answer = json.loads(stdout.strip().splitlines()[-1])
    answer["process_wall_s"] = wall
    answer["loadavg_1min_after"] = os.getloadavg()[0]
    answer["peak_rss_bytes"] = usage.ru_maxrss * 1024  # kilobytes on Linux; the largest single process
    answer["peak_tree_rss_bytes_sampled"] = tree_peak[0]  # the process and its children together
    return answer


def _sample_tree_rss(pid: int, done: threading.Event, peak: list[int], every: float = 0.2) -> None:
    """The largest summed RSS of process `pid` and its descendants, sampled (needs psutil)."""
    try:
        import psutil

        root = psutil.Process(pid)
    except Exception:
        return
    while not done.wait(every):
        try:
            procs = [root] + root.children(recursive=True)
            total = 0
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            peak[0] = max(peak[0], total)
        except psutil.Error:
            return


def timed_process(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=ROOT)
    return time.perf_counter() - t


def peer_python() -> tuple[Path | None, str]:
    probe = subprocess.run([str(VENV_PY), "-c", "import textacy"], capture_output=True)
    if probe.returncode == 0:
        return VENV_PY, "textacy installed in .venv (pip install textacy; spaCy unchanged)"
    if PEER_VENV_PY.exists():
        return PEER_VENV_PY, "textacy in /tmp/textacy-venv (same spaCy and model versions)"
    return None, "textacy not available: peer skipped"


def fmt_s(x: float) -> str:
    return f"{x:.2f} s" if x >= 0.1 else f"{x * 1000:.0f} ms"


def fmt_wps(x: float) -> str:
    return f"{x:,.0f} words/s"


def fmt_mb(b: float) -> str:
    return f"{b / 2**20:,.0f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="sizes 1x, 2x, 5x and one repeat")
    ap.add_argument("--base-sentences", type=int, default=200,
                    help="CoNLL04 train sentences in the base corpus (of 922) [default: 200]")
    ap.add_argument("--repeat", type=int, help="throughput repeats [default: 3, --quick: 1]")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "build.json"))
    ap.add_argument("--profile", action="store_true",
                    help="only cProfile the 10x build (bench/results/build.prof) and list kg's top functions")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus folder")
    # worker mode (internal)
    ap.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--texts", help=argparse.SUPPRESS)
    ap.add_argument("--model", help=argparse.SUPPRESS)
    ap.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--profile-out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        args.profile = args.profile_out
        args.repeat = args.repeat or 1
        print(json.dumps(WORKERS[args.worker](args)))
        return
    run_bench(args)


def run_bench(args) -> None:
    start = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    import kg
    import kg.nlp

    sizes = (1, 2, 5) if args.quick else (1, 10, 100)
    jobs_size = sizes[1]
    repeat = args.repeat or (1 if args.quick else 3)
    model = kg.nlp.model_name()
    load_before = os.getloadavg()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    sentences = conll_sentences(args.base_sentences)
    seeds = seed_articles()
    folders = {}
    for k in sorted(set(sizes) | {jobs_size}):
        folders[k] = tmp / f"x{k}"
        write_corpus(folders[k], sentences, seeds, k)
    base_texts = article_texts(folders[1])
    base_words = words_of(base_texts)
    (tmp / "base_texts.json").write_text(json.dumps(base_texts), encoding="utf-8")
    corpus_desc = (f"first {len(sentences)} CoNLL04 train sentences ({CONLL04}, tokens joined with spaces, "
                   f"{PER_ARTICLE} to an article, one a line) + the {len(seeds)} seeds of seeds/: "
                   f"{len(base_texts)} articles, {base_words:,} words at 1x; size k = k recombined copies "
                   f"(CoNLL04 sentences shuffled by random.Random(copy) and regrouped, seed paragraphs rotated, "
                   f"ids suffixed _cNNN) in {tmp}")
    machine = (f"kg {kg.__version__}, model {model}, Python {platform.python_version()}, {os.cpu_count()} cores, "
               f"load average {load_before[0]:.2f} at start")
    print(machine, flush=True)
    print(f"corpus: {corpus_desc}", file=sys.stderr if not args.profile else sys.stdout, flush=True)

    try:
        if args.profile:
            profile(folders, jobs_size, tmp)
            return
        results = measure(sizes, jobs_size, repeat, model, folders, tmp)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    total = time.perf_counter() - start
    results.update(
        corpus={"description": corpus_desc, "base_sentences": len(sentences), "base_articles": len(base_texts),
                "base_words": base_words, "sizes": list(sizes)},
        machine={"cores": os.cpu_count(), "python": platform.python_version(), "model": model,
                 "kg": kg.__version__, "loadavg_start": load_before, "loadavg_end": os.getloadavg()},
        quick=args.quick, total_run_s=total, budget_s=BUDGET_S)
    report(results)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".tmp")
    part.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    part.replace(out)
    print(f"\nwrote {out}; total run {total:.0f} s (budget {BUDGET_S} s); "
          f"load average {os.getloadavg()[0]:.2f} at end")


def measure(sizes, jobs_size, repeat, model, folders, tmp) -> dict:
    results: dict = {"loadavg_steps": []}

    def step(msg):
        load = os.getloadavg()[0]
        results["loadavg_steps"].append([msg, round(load, 2)])
        print(f"  .. {msg} (load average {load:.2f}, elapsed {time.perf_counter() - START:.0f} s)",
              file=sys.stderr, flush=True)

    # 5. cold start first, on a quiet process table
    step("cold start")
    timed_process([str(KG_BIN), "--help"])  # untimed: warms the file cache
    help_runs = [timed_process([str(KG_BIN), "--help"]) for _ in range(5)]
    python_runs = [timed_process([str(VENV_PY), "-c", "pass"]) for _ in range(5)]
    kg_load = [run_worker("load") for _ in range(3)]
    sp_load = [run_worker("load", "--baseline", "--model", model) for _ in range(3)]
    results["cold_start"] = {
        "kg_help_runs_s": help_runs, "kg_help_median_s": statistics.median(help_runs),
        "python_pass_median_s": statistics.median(python_runs),
        "kg_load_median_s": statistics.median(r["load_s"] for r in kg_load),
        "kg_load_process_median_s": statistics.median(r["process_wall_s"] for r in kg_load),
        "spacy_load_median_s": statistics.median(r["load_s"] for r in sp_load),
        "spacy_load_process_median_s": statistics.median(r["process_wall_s"] for r in sp_load),
        "kg_load_cpu_median_s": statistics.median(r["cpu_s"] for r in kg_load),
        "spacy_load_cpu_median_s": statistics.median(r["cpu_s"] for r in sp_load)}

    # 1. throughput on the base corpus
    step(f"throughput, {repeat} repeat(s) on 1x")
    results["throughput"] = run_worker("throughput", "--corpus", str(folders[1]), "--repeat", str(repeat))

    # 2. peer
    py, how = peer_python()
    step(f"peer: {how}")
    results["peer"] = {"how": how}
    if py is not None:
        results["peer"].update(run_worker("peer", "--texts", str(tmp / "base_texts.json"), "--model", model,
                                          "--repeat", str(repeat), python=py))

    # 3. scaling, and 4. jobs=2 right after the jobs=1 run of the same corpus
    scaling = {}
    for k in sizes:
        step(f"build {k}x, jobs=1")
        scaling[k] = run_worker("build", "--corpus", str(folders[k]), "--jobs", "1",
                                "--repeat", "3" if k == 1 else "1")  # 1x is short: median of 3
        if k == sizes[1]:
            projected = time.perf_counter() - START + sizes[2] / k * scaling[k]["process_wall_s"] * 1.1
            if projected > BUDGET_S:
                print(f"  !! the {sizes[2]}x build will likely take the run past {BUDGET_S} s "
                      f"(projected {projected:.0f} s): lower --base-sentences", file=sys.stderr, flush=True)
        if k == jobs_size:
            step(f"build {k}x, jobs=2")
            results["jobs"] = {"size": k, "jobs1": scaling[k],
                               "jobs2": run_worker("build", "--corpus", str(folders[k]), "--jobs", "2")}
    results["scaling"] = {f"{k}x": v for k, v in scaling.items()}
    return results


def report(r: dict) -> None:
    rows: list[tuple[str, str, str, str, str]] = []

    def row(figure, value, target="-", baseline="-", ratio="-"):
        rows.append((figure, value, target, baseline, ratio))

    t = r["throughput"]
    w = t["words"]
    kg_wps = w / t["median_s"]["kg_build"]
    a_wps = w / t["median_s"]["bare_default"]
    b_wps = w / t["median_s"]["bare_kg_pipeline"]
    st = t["kg_stages_median_s"]
    def verdict(ratio: float, target: float) -> str:
        return f"{ratio:.2f}x {'ok' if ratio >= target else 'MISSED'}"

    row(f"1. kg build, 1x ({w:,} words, median of {t['repeat']})", fmt_wps(kg_wps), ">= 1.0x (a)",
        f"(a) bare default {fmt_wps(a_wps)}", verdict(kg_wps / a_wps, 1.0))
    row("", "", ">= 0.8x (b)", f"(b) bare kg pipeline {fmt_wps(b_wps)}", verdict(kg_wps / b_wps, 0.8))
    cw = {k: w / v for k, v in t["cpu_median_s"].items()}
    row("   same in CPU time (less sensitive to load)", fmt_wps(cw["kg_build"]), "-",
        f"(a) {fmt_wps(cw['bare_default'])}, (b) {fmt_wps(cw['bare_kg_pipeline'])}",
        f"{cw['kg_build'] / cw['bare_default']:.2f}x, {cw['kg_build'] / cw['bare_kg_pipeline']:.2f}x")
    rules = st["extract"] - st["learned"] + st["assemble"]  # kg's rules, without the learned extractor
    row("   kg: rules' extraction / graph assembly", f"{fmt_s(st['extract'] - st['learned'])} / "
        f"{fmt_s(st['assemble'])}", "< 15% of build", f"build {fmt_s(t['median_s']['kg_build'])}",
        f"{rules / t['median_s']['kg_build']:.1%} of build "
        f"{'ok' if rules < 0.15 * t['median_s']['kg_build'] else 'MISSED'}")
    row("   kg: learned extractor (in extraction)", fmt_s(st["learned"]), "<= 10% of build",
        f"build {fmt_s(t['median_s']['kg_build'])}",
        f"{st['learned'] / t['median_s']['kg_build']:.1%} of build "
        f"{'ok' if st['learned'] <= 0.10 * t['median_s']['kg_build'] else 'MISSED'}")
    if "learned_cpu" in st:  # results of runs before CPU time was kept per stage have none
        cpu = t["cpu_median_s"]["kg_build"]
        rules_cpu = st["extract_cpu"] - st["learned_cpu"] + st["assemble_cpu"]
        row("   same two shares in CPU time", f"{fmt_s(rules_cpu)} / {fmt_s(st['learned_cpu'])}",
            "< 15% / <= 10%", f"build {fmt_s(cpu)} CPU",
            f"rules {rules_cpu / cpu:.1%}, learned {st['learned_cpu'] / cpu:.1%}")
    row("   (b) bare kg pipeline vs (a) default", fmt_wps(b_wps), "-", fmt_wps(a_wps), f"{b_wps / a_wps:.2f}x")
    row("   turtle export (not in the build figure)", fmt_s(t["export_turtle_s"]), "-",
        f"build {fmt_s(t['median_s']['kg_build'])}", f"{t['export_turtle_s'] / t['median_s']['kg_build']:.2f}x")
    if "export_nt_s" in t:
        ratio = t["export_turtle_s"] / t["export_nt_s"]
        row("   turtle export vs N-Triples (best of 3)", fmt_s(t["export_turtle_s"]), "<= 1.5x",
            f"N-Triples {fmt_s(t['export_nt_s'])}", f"{ratio:.2f}x {'ok' if ratio <= 1.5 else 'MISSED'}")
    p = r["peer"]
    if "median_s" in p:
        p_wps = p["words"] / p["median_s"]
        row(f"2. peer textacy SVO ({p['svo_triples']} triples)", fmt_wps(p_wps), "-",
            f"kg build {fmt_wps(kg_wps)}", f"kg {kg_wps / p_wps:.2f}x")
        row("", "", "-", f"(a) bare default {fmt_wps(a_wps)}", f"{p_wps / a_wps:.2f}x")
        p_cpu = p["words"] / p["cpu_median_s"]
        row("   same in CPU time", fmt_wps(p_cpu), "-", f"kg build {fmt_wps(cw['kg_build'])}",
            f"kg {cw['kg_build'] / p_cpu:.2f}x")
    else:
        row("2. peer textacy SVO", p["how"])
    sc = r["scaling"]
    first = next(iter(sc.values()))
    tpw = {k: v["build_s"] / v["words"] for k, v in sc.items()}
    cpw = {k: v["cpu_s"] / v["words"] for k, v in sc.items()}
    one = next(iter(sc))
    for k, v in sc.items():
        row(f"3. build {k} ({v['words']:,} words, {v['articles']} articles)",
            f"{fmt_s(v['build_s'])}, {tpw[k] * 1e6:.0f} us/word", "-",
            f"1x {tpw[one] * 1e6:.0f} us/word", f"{tpw[k] / tpw[one]:.2f}x")
        row("   CPU time of the build", f"{fmt_s(v['cpu_s'])}, {cpw[k] * 1e6:.0f} us/word", "-",
            f"1x {cpw[one] * 1e6:.0f} us/word", f"{cpw[k] / cpw[one]:.2f}x")
        row(f"   {k} process wall / peak RSS", f"{fmt_s(v['process_wall_s'])} / {fmt_mb(v['peak_rss_bytes'])}",
            "< 4 GB" if k == list(sc)[-1] else "-", f"1x {fmt_mb(first['peak_rss_bytes'])}",
            f"{v['peak_rss_bytes'] / first['peak_rss_bytes']:.2f}x")
    variation = max(tpw.values()) / min(tpw.values()) - 1
    last = list(sc.values())[-1]
    row("   time/word variation across sizes (wall)", f"{variation:.1%}", "<= 20%", "-",
        "ok" if variation <= 0.20 else "MISSED")
    cvar = max(cpw.values()) / min(cpw.values()) - 1
    row("   same in CPU time", f"{cvar:.1%}", "<= 20%", "-", "ok" if cvar <= 0.20 else "MISSED")
    row(f"   peak RSS at {list(sc)[-1]}", fmt_mb(last["peak_rss_bytes"]), "< 4 GB", "-",
        "ok" if last["peak_rss_bytes"] < 4 * 2**30 else "MISSED")
    j = r["jobs"]
    j1, j2 = j["jobs1"], j["jobs2"]
    row(f"4. --jobs 2, {j['size']}x ({j2['words']:,} words)", fmt_s(j2["build_s"]), "-",
        f"jobs 1 {fmt_s(j1['build_s'])}", f"{j2['build_s'] / j1['build_s']:.2f}x time "
        f"({j1['build_s'] / j2['build_s']:.2f}x speed-up)")
    row("   jobs 2 RSS, all processes (sampled)", fmt_mb(j2["peak_tree_rss_bytes_sampled"]), "-",
        f"jobs 1 {fmt_mb(j1['peak_tree_rss_bytes_sampled'])}",
        f"{j2['peak_tree_rss_bytes_sampled'] / max(1, j1['peak_tree_rss_bytes_sampled']):.2f}x")
    c = r["cold_start"]
    row("5. kg --help (median of 5)", fmt_s(c["kg_help_median_s"]), "< 0.5 s",
        f"python -c pass {fmt_s(c['python_pass_median_s'])}",
        f"{c['kg_help_median_s'] / c['python_pass_median_s']:.1f}x "
        + ("ok" if c["kg_help_median_s"] < 0.5 else "MISSED"))
    row("   kg.nlp.load() in a fresh process", fmt_s(c["kg_load_median_s"]), "-",
        f"spacy.load {fmt_s(c['spacy_load_median_s'])}", f"{c['kg_load_median_s'] / c['spacy_load_median_s']:.2f}x")
    row("   same in CPU time", fmt_s(c["kg_load_cpu_median_s"]), "-",
        f"spacy.load {fmt_s(c['spacy_load_cpu_median_s'])}",
        f"{c['kg_load_cpu_median_s'] / c['spacy_load_cpu_median_s']:.2f}x")
    row("   same, whole process", fmt_s(c["kg_load_process_median_s"]), "-",
        f"spacy.load {fmt_s(c['spacy_load_process_median_s'])}",
        f"{c['kg_load_process_median_s'] / c['spacy_load_process_median_s']:.2f}x")
    row("total run", fmt_s(r["total_run_s"]), f"< {BUDGET_S // 60} min", "-",
        "ok" if r["total_run_s"] < BUDGET_S else "MISSED")

    head = ("figure", "value", "target", "baseline", "ratio")
    widths = [max(len(x[i]) for x in rows + [head]) for i in range(5)]
    line = "  ".join(f"{{:<{n}}}" for n in widths)
    print()
    print(f"corpus: {r['corpus']['description']}")
    print("kg build = kg.pipeline.build(paths, pipeline=kg.nlp.load()): ingest + spaCy + extraction + graph "
          "assembly, export excluded; model load excluded, after a warm-up build of seeds/")
    print(f"peer: {r['peer']['how']}; '-' in target: none set")
    print(line.format(*head))
    print(line.format(*("-" * n for n in widths)))
    for x in rows:
        print(line.format(*x).rstrip())
    print("load average (1 min) before each step: "
          + ", ".join(f"{m.split(' (')[0]} {v}" for m, v in r["loadavg_steps"]))


def profile(folders, size, tmp) -> None:
    import pstats

    prof = ROOT / "bench" / "results" / "build.prof"
    prof.parent.mkdir(parents=True, exist_ok=True)
    got = run_worker("build", "--corpus", str(folders[size]), "--jobs", "1", "--profile-out", str(prof))
    print(f"cProfile of the {size}x build ({got['words']:,} words): {got['build_s']:.1f} s under the profiler; "
          f"stats in {prof}")
    stats = pstats.Stats(str(prof))
    kg_dir = str(ROOT / "kg")
    entries = [(v[3], v[2], v[1], k) for k, v in stats.stats.items() if k[0].startswith(kg_dir)]
    entries.sort(reverse=True)
    print(f"{'cumulative':>10}  {'own':>8}  {'calls':>9}  function")
    for cum, own, calls, (fname, lineno, func) in entries[:25]:
        print(f"{cum:9.2f}s  {own:7.2f}s  {calls:9d}  {Path(fname).relative_to(ROOT)}:{lineno} {func}")
    everything = sorted(((v[2], k) for k, v in stats.stats.items()), reverse=True)
    print("\nown time, any function:")
    for own, (fname, lineno, func) in everything[:15]:
        print(f"{own:9.2f}s  {fname}:{lineno} {func}")


START = time.perf_counter()

if __name__ == "__main__":
    main()
