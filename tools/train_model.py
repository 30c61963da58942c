#!/usr/bin/env python3
"""Train kg's learned relation extractor (kg.learned) from open annotated news: `make model`.

    python tools/train_model.py [--data ../shared/data] [--out kg/models] [--limit N]

Training data, each converted by ../shared/eval's own converters (nothing is copied
into the repository), with the development splits of tools/dev_eval.py left out:
- CoNLL04 train (worksFor, basedIn, locatedIn, livesIn, killed);
- DWIE train minus the 100 dev articles (worksFor, leaderOf, basedIn, locatedIn);
- Re-DocRED minus its 100 held-out documents (adds memberOf, owns, leaderOf of companies).
The Reuters gold and the seeds are not trained on: they stay whole for development.

Each article goes through kg's own pipeline (spaCy, then kg's rules), so the model
sees the mentions it will see at run time. Candidates and features come from
kg.learned.candidates, the function `kg build` uses. A candidate's label is the gold
relation between the gold entities its two mentions name (matched by label and
alias, as ../shared/eval/score.py matches), else "no relation".

The learner is scikit-learn's LogisticRegression (multinomial, L2, lbfgs): it
trains on 2 cores in a minute and its weights are a table kg reads without
scikit-learn. A fifth of the training articles (a fixed, seeded choice) is held
out first to choose each property's threshold: the lowest probability at which the
held-out predictions of that property keep a precision of at least 0.8. The model
is then fitted again on all training articles.

Deterministic: fixed seeds, sorted inputs, weights rounded to 4 decimals, gzip
without a timestamp, so the same data gives the same bytes.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one BLAS thread: the same sums in the same order
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from kg import learned, nlp, pipeline, resolve  # noqa: E402

MIN_COUNT = 2  # a feature seen fewer times in training is dropped
C = 0.5  # inverse L2 strength
TARGET_PRECISION = 0.8
MIN_SUPPORT = 5  # held-out predictions needed to trust a threshold
SPECIFIC = ("leaderOf", "memberOf", "owns", "killed", "livesIn", "basedIn", "locatedIn", "worksFor")


def norm(text: str) -> str:
    """The scorer's normalization (../shared/eval/score.py)."""
    t = unicodedata.normalize("NFKC", str(text)).casefold()
    t = t.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    t = re.sub(r"[.']", "", t)
    t = re.sub(r"[^\w%]+", " ", t).strip()
    return re.sub(r"^the ", "", t)


def convert(data: Path, work: Path, limit: int | None) -> list[tuple[str, Path, Path]]:
    """(set name, articles folder, gold folder) of each training set, dev splits left out."""
    import dev_eval

    ev = data.parent / "eval"
    dev_eval.SHARED = data.parent
    py = sys.executable
    sets = []
    jobs = [("conll04", [ev / "conll04.py", data / "conll04" / "conll04_train.json"], None),
            ("dwie", [ev / "dwie.py", data / "dwie" / "dwie_train.jsonl", "train"], dev_eval.dwie_dev_ids),
            ("redocred", [ev / "redocred.py", data / "redocred" / "redocred_dev.json"], dev_eval.redocred_dev_ids)]
    for name, cmd, held in jobs:
        out = work / name
        subprocess.run([py, *map(str, cmd), str(out)], check=True, capture_output=True)
        arts = sorted((out / "articles").glob("*.txt"))
        if held is dev_eval.redocred_dev_ids:
            drop = held([p.stem for p in arts])
        elif held is not None:
            drop = held()
        else:
            drop = set()
        for p in arts:
            if p.stem in drop:
                p.unlink()
        kept = sorted((out / "articles").glob("*.txt"))
        for p in kept[limit:] if limit else ():
            p.unlink()
        sets.append((name, out / "articles", out / "gold"))
    return sets


def read_gold(path: Path) -> tuple[dict, dict]:
    """Gold entities (id -> (classes, normalized aliases)) and relations ((s, o) -> properties)."""
    ents, rels = {}, defaultdict(set)
    for line in path.read_text().splitlines():
        d = json.loads(line) if line.strip() else {}
        if d.get("kind") == "entity":
            ents[d["id"]] = (set(d["type"]), {norm(a) for a in d["aliases"] + [d["label"]]})
        elif d.get("kind") == "rel":
            rels[d["s"], d["o"]].add(d["p"])
    return ents, rels


def examples(sets, limit_note: list) -> tuple[list[str], list[list[str]], list[str]]:
    """(article ids, feature lists, labels) of every candidate of every training article."""
    nlp_ = nlp.load()
    docs_, feats, labels = [], [], []
    for name, arts, gold in sets:
        articles = list(pipeline.read_articles([str(arts)], None, []))
        for doc, a in nlp_.pipe(((a.text, a) for a in articles), as_tuples=True, batch_size=64):
            got = pipeline.extract(doc, a)
            ents, assigned = resolve.resolve(got.mentions)
            by_key = {e.key: e for e in ents}
            gents, grels = read_gold(gold / f"{a.id}.gold.jsonl")

            def gold_ids(m, assigned=assigned, by_key=by_key, gents=gents):
                forms = {norm(m.text)}
                e = by_key.get(assigned.get(m.key))
                if e is not None:
                    forms.add(norm(e.label))
                ids = [i for i, (_, aliases) in gents.items() if aliases & forms]
                typed = [i for i in ids if m.cls in gents[i][0] or m.cls == "Country" and "Place" in gents[i][0]]
                return typed or ids

            for s, o, f in learned.candidates(doc, got.mentions):
                props = {p for gs in gold_ids(s) for go in gold_ids(o) for p in grels.get((gs, go), ())}
                props &= set(learned.PROPERTIES)
                label = next((p for p in SPECIFIC if p in props), learned.NONE)
                docs_.append(f"{name}/{a.id}")
                feats.append(f)
                labels.append(label)
        limit_note.append(f"{name}: {len(articles)} articles")
    return docs_, feats, labels


def matrix(feats: list[list[str]], vocab: dict[str, int]):
    from scipy.sparse import csr_matrix

    rows, cols = [], []
    for r, f in enumerate(feats):
        for c in sorted({vocab[x] for x in f if x in vocab}):
            rows.append(r)
            cols.append(c)
    return csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(feats), len(vocab)))


def fit(feats: list[list[str]], labels: list[str], classes: list[str]):
    from sklearn.linear_model import LogisticRegression

    counts = Counter(x for f in feats for x in set(f))
    vocab = {x: i for i, x in enumerate(sorted(x for x, n in counts.items() if n >= MIN_COUNT))}
    y = [classes.index(label) for label in labels]
    lr = LogisticRegression(C=C, max_iter=2000, tol=1e-6)
    lr.fit(matrix(feats, vocab), y)
    return lr, vocab


def to_model(lr, vocab: dict[str, int], classes: list[str], thresholds: dict[str, float]) -> dict:
    order = [int(c) for c in lr.classes_]  # indexes into classes
    coef = lr.coef_
    weights = {}
    for feat, j in sorted(vocab.items()):
        ws = [[order[k], round(float(coef[k, j]), 4)] for k in range(len(order))]
        ws = [w for w in ws if abs(w[1]) >= 1e-4]
        if ws:
            weights[feat] = ws
    intercept = [0.0] * len(classes)
    for k, c in enumerate(order):
        intercept[c] = round(float(lr.intercept_[k]), 4)
    return {"name": "relations", "labels": classes, "intercept": intercept, "weights": weights,
            "thresholds": thresholds}


def choose_thresholds(model: learned.Model, feats, labels) -> tuple[dict[str, float], dict[str, dict]]:
    """Per property, the lowest probability keeping held-out precision >= TARGET_PRECISION."""
    preds = defaultdict(list)  # property -> [(probability, right)]
    gold = Counter(labels)
    for f, label in zip(feats, labels):
        probs = model.probabilities(f)
        best = max(range(1, len(probs)), key=lambda i: probs[i])
        preds[model.labels[best]].append((probs[best], model.labels[best] == label))
    thresholds, report = {}, {}
    for prop in model.labels[1:]:
        ranked = sorted(preds[prop], key=lambda x: -x[0])
        tp = n = 0
        best = None
        for p, right in ranked:
            n += 1
            tp += right
            if n >= MIN_SUPPORT and tp / n >= TARGET_PRECISION:
                best = (p, tp, n)
        if best is None:
            thresholds[prop] = 1.01  # never: the model is not trusted with this property
            report[prop] = {"threshold": None, "held_out_gold": gold[prop]}
        else:
            p, tp, n = best
            thresholds[prop] = round(max(p, 0.5), 4)
            kept = [r for q, r in ranked if q >= thresholds[prop]]
            report[prop] = {"threshold": thresholds[prop], "precision": round(sum(kept) / max(1, len(kept)), 3),
                            "recall": round(sum(kept) / max(1, gold[prop]), 3), "held_out_gold": gold[prop]}
    return thresholds, report


def write_gz(path: Path, raw: dict) -> None:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as f:
        f.write(json.dumps(raw, sort_keys=True, separators=(",", ":")).encode())
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(buf.getvalue())
    tmp.replace(path)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "kg" / "models")
    ap.add_argument("--limit", type=int, help="train on the first N articles of each set (tests)")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        raise SystemExit(f"{args.data}: no such folder (the training data; see --data)")
    work = Path(tempfile.mkdtemp(prefix="kg-train-"))
    try:
        notes: list[str] = []
        sets = convert(args.data.resolve(), work, args.limit)
        ids, feats, labels = examples(sets, notes)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    classes = [learned.NONE] + [p for p in learned.PROPERTIES if p in set(labels)]
    docs = sorted(set(ids))
    held = set(random.Random(15).sample(docs, len(docs) // 5))
    tr = [k for k, d in enumerate(ids) if d not in held]
    te = [k for k, d in enumerate(ids) if d in held]
    lr, vocab = fit([feats[k] for k in tr], [labels[k] for k in tr], classes)
    first = learned.Model.from_json(to_model(lr, vocab, classes, {}))
    thresholds, report = choose_thresholds(first, [feats[k] for k in te], [labels[k] for k in te])
    lr, vocab = fit(feats, labels, classes)
    raw = to_model(lr, vocab, classes, thresholds)
    args.out.mkdir(parents=True, exist_ok=True)
    write_gz(args.out / learned.MODEL, raw)
    stats = {"candidates": len(labels), "labels": dict(sorted(Counter(labels).items())),
             "features": len(raw["weights"]), "sets": notes, "held_out": report}
    (args.out / "training.json").write_text(json.dumps(stats, indent=1, sort_keys=True) + "\n")
    print(json.dumps(stats, indent=1, sort_keys=True))
    print(f"wrote {args.out / learned.MODEL} ({(args.out / learned.MODEL).stat().st_size:,} bytes) "
          f"on {date.today()}")


if __name__ == "__main__":
    main()
