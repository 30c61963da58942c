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
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one BLAS thread: the same sums in the same order
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from kg import learned, nlp, pipeline, resolve  # noqa: E402
from kg.evaluate import norm  # noqa: E402  (the scorer's normalization)

MIN_COUNT = 2  # a feature seen fewer times in training is dropped
C = 0.5  # inverse L2 strength
DENSE = True  # also learn from the tok2vec vectors (kg.learned.vector)
TARGET_PRECISION = 0.8
MIN_SUPPORT = 5  # held-out predictions needed to trust a threshold
SPECIFIC = ("leaderOf", "memberOf", "owns", "killed", "livesIn", "basedIn", "locatedIn", "worksFor")


def convert(data: Path, work: Path, limit: int | None, names: list[str]) -> list[tuple[str, Path, Path]]:
    """(set name, articles folder, gold folder) of each training set, dev splits left out."""
    import dev_eval

    ev = data.parent / "eval"
    dev_eval.SHARED = data.parent
    py = sys.executable
    sets = []
    # set, converter command, the held-out ids given the set's article ids
    jobs = [("conll04", [ev / "conll04.py", data / "conll04" / "conll04_train.json"], lambda ids: set()),
            ("dwie", [ev / "dwie.py", data / "dwie" / "dwie_train.jsonl", "train"],
             lambda ids: dev_eval.dwie_dev_ids()),
            ("redocred", [ev / "redocred.py", data / "redocred" / "redocred_dev.json"], dev_eval.redocred_dev_ids)]
    for name, cmd, held in jobs:
        if name not in names:
            continue
        out = work / name
        subprocess.run([py, *map(str, cmd), str(out)], check=True, capture_output=True)
        arts = sorted((out / "articles").glob("*.txt"))
        drop = held([p.stem for p in arts])
        for p in arts:
            if p.stem in drop:
                p.unlink()
        kept = sorted((out / "articles").glob("*.txt"))
        for p in kept[limit:] if limit else ():
            p.unlink()
        sets.append((name, out / "articles", out / "gold"))
    return sets


def read_gold(path: Path) -> tuple[dict, dict, frozenset]:
    """Gold entities (id -> (classes, normalized aliases)), relations ((s, o) -> properties)
    and the properties the set annotates (its scope)."""
    ents, rels, scope = {}, defaultdict(set), frozenset(learned.PROPERTIES)
    for line in path.read_text().splitlines():
        d = json.loads(line) if line.strip() else {}
        if d.get("kind") == "scope":
            scope = frozenset(d["rel"])
        elif d.get("kind") == "entity":
            ents[d["id"]] = (set(d["type"]), {norm(a) for a in d["aliases"] + [d["label"]]})
        elif d.get("kind") == "rel":
            rels[d["s"], d["o"]].add(d["p"])
    return ents, rels, scope


def examples(sets, limit_note: list) -> tuple[list[str], list[list[str]], list[str], list[frozenset]]:
    """(article ids, feature lists, labels, scopes) of every candidate of every training article."""
    nlp_ = nlp.load()
    docs_, feats, labels, scopes, vectors = [], [], [], [], []
    for name, arts, gold in sets:
        articles = list(pipeline.read_articles([str(arts)], None, []))
        for doc, a in nlp.parse(nlp_, ((a.text, a.title, a) for a in articles), batch_size=64):
            got = pipeline.extract(doc, a)
            ents, assigned = resolve.resolve(got.mentions)
            by_key = {e.key: e for e in ents}
            gents, grels, scope = read_gold(gold / f"{a.id}.gold.jsonl")

            def gold_ids(m, assigned=assigned, by_key=by_key, gents=gents):
                forms = {norm(m.text)}
                e = by_key.get(assigned.get(m.key))
                if e is not None:
                    forms.add(norm(e.label))
                ids = [i for i, (_, aliases) in gents.items() if aliases & forms]
                typed = [i for i in ids if m.cls in gents[i][0] or m.cls == "Country" and "Place" in gents[i][0]]
                return typed or ids

            for s, o, f, ss, so in learned.candidates(doc, got.mentions):
                props = {p for gs in gold_ids(s) for go in gold_ids(o) for p in grels.get((gs, go), ())}
                props &= set(learned.PROPERTIES)
                label = next((p for p in SPECIFIC if p in props), learned.NONE)
                docs_.append(f"{name}/{a.id}")
                feats.append(f)
                vectors.append(learned.vector(doc, ss, so).astype("float32"))
                labels.append(label)
                scopes.append(scope)
        limit_note.append(f"{name}: {len(articles)} articles")
    return docs_, feats, labels, scopes, vectors


def matrix(feats: list[list[str]], vocab: dict[str, int], vectors):
    """The design matrix: one column per kept feature, then the dense vector's columns."""
    import numpy
    from scipy.sparse import csr_matrix, hstack

    rows, cols = [], []
    for r, f in enumerate(feats):
        for c in sorted({vocab[x] for x in f if x in vocab}):
            rows.append(r)
            cols.append(c)
    sparse = csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(feats), len(vocab)))
    if not DENSE:
        return sparse
    return hstack([sparse, csr_matrix(numpy.asarray(vectors, dtype=numpy.float64))], format="csr")


def fit(feats: list[list[str]], labels: list[str], classes: list[str], vectors):
    from sklearn.linear_model import LogisticRegression

    counts = Counter(x for f in feats for x in set(f))
    vocab = {x: i for i, x in enumerate(sorted(x for x, n in counts.items() if n >= MIN_COUNT))}
    y = [classes.index(label) for label in labels]
    lr = LogisticRegression(C=C, max_iter=3000, tol=1e-6)
    lr.fit(matrix(feats, vocab, vectors), y)
    return lr, vocab


def to_model(lr, vocab: dict[str, int], classes: list[str], thresholds: dict[str, float]) -> dict:
    order = [int(c) for c in lr.classes_]  # indexes into classes
    coef = lr.coef_
    dense = None
    if DENSE:
        dense = [[0.0] * (coef.shape[1] - len(vocab)) for _ in classes]
        for k, c in enumerate(order):
            dense[c] = [round(float(w), 4) for w in coef[k, len(vocab):]]
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
            "thresholds": thresholds, "dense": dense}


def judge(prop: str, label: str, scope: frozenset) -> bool | None:
    """Whether predicting prop is right for a candidate of gold label `label`, as the scorer
    would judge it: leaderOf is a worksFor too, and a property the set does not annotate
    is neither right nor wrong (None)."""
    if prop == label or prop == "leaderOf" and label == "worksFor":
        return True
    if prop in scope or prop == "leaderOf" and "worksFor" in scope:
        return False
    return None


def choose_thresholds(model: learned.Model, feats, labels, scopes, vectors
                      ) -> tuple[dict[str, float], dict[str, dict]]:
    """Per property, the lowest probability keeping held-out precision >= TARGET_PRECISION."""
    preds = defaultdict(list)  # property -> [(probability, right)]
    gold = Counter(labels)
    for f, label, scope, vec in zip(feats, labels, scopes, vectors):
        probs = model.probabilities(f, vec.astype("float64"))
        best = max(range(1, len(probs)), key=lambda i: probs[i])
        right = judge(model.labels[best], label, scope)
        if right is not None:
            preds[model.labels[best]].append((probs[best], right))
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
            if len(kept) < MIN_SUPPORT or sum(kept) < TARGET_PRECISION * len(kept):  # 0.5 cut what qualified
                thresholds[prop] = 1.01
                report[prop] = {"threshold": None, "held_out_gold": gold[prop]}
                continue
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


LICENCES = {
    "conll04": "CoNLL04 train (Roth & Yih 2004; 1980s-90s newswire): no licence stated, research use",
    "dwie": "DWIE train minus the 100 dev articles (Zaporojets et al. 2021): annotations GPL-3.0, "
            "text Deutsche Welle's",
    "redocred": "Re-DocRED minus its 100 held-out documents (Tan et al. 2022): annotations MIT, text "
                "Wikipedia (CC BY-SA)",
}
KEEP = "<!-- kept by make model: development scores -->"


def write_card(path: Path, stats: dict, raw: dict) -> None:
    """MODEL_CARD.md: what the model is, what it was trained on and how it scores. The section
    after KEEP (development scores, measured with tools/dev_eval.py) is kept across trainings."""
    kept = ""
    if path.exists() and KEEP in path.read_text(encoding="utf-8"):
        kept = path.read_text(encoding="utf-8").split(KEEP, 1)[1]
    sets = [n.split(":")[0] for n in stats["sets"]]
    rows = "\n".join(f"| {p} | {r.get('threshold') or 'off'} | {r.get('precision', '-')} | {r.get('recall', '-')} "
                     f"| {r['held_out_gold']} |" for p, r in sorted(stats["held_out"].items()))
    text = f"""# Model card: kg's learned relation extractor (`{raw['name']}`)

Trained on {date.today()} by `make model` (tools/train_model.py). Read by kg.learned; `kg build
--rules-only` leaves it out.

**What it does.** For every pair of named mentions in one sentence whose classes some property
allows, a multinomial logistic regression gives each of {', '.join(raw['labels'][1:])} a
probability. Features: the dependency path between the two heads (labels, and labels with the
lemmas of the words on the way), the words between and around, the order, the distance and the
classes; names themselves are never features. Dense features: the mean tok2vec vector of each
mention and of the words between (en_core_web_sm's own `tok2vec`). A fact is made above its
property's threshold, only where no rule relates the pair; its provenance says `model:{raw['name']}`
and its confidence is the probability.

**Training data** (the development splits of tools/dev_eval.py are never trained on; the
Reuters development gold and the seeds are not trained on at all):
{chr(10).join(f"- {LICENCES[n]}; {note.split(': ')[1]}" for n, note in zip(sets, stats['sets']))}

The weights hold no article text: names are reduced to their entity class, and only features
seen at least {MIN_COUNT} times are kept. CoNLL04 states no licence and DWIE's annotations are
GPL-3.0: whoever needs a model of permissively licensed data only can train one with
`python tools/train_model.py --sets redocred`.

**Size.** {stats['candidates']:,} training candidates ({', '.join(f'{k} {v:,}' for k, v in stats['labels'].items())});
{stats['features']:,} sparse features kept.

**Thresholds**, chosen on a fifth of the training articles held out of the first fit: the lowest
probability at which that property's held-out predictions keep a precision of at least
{TARGET_PRECISION} (a property never reaching it is off). Precision and recall here are per
candidate pair, against document-level gold, so they understate what the graph gets:

| property | threshold | precision | recall | held-out gold pairs |
|---|---|---|---|---|
{rows}

{KEEP}{kept or chr(10)}"""
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "kg" / "models")
    ap.add_argument("--limit", type=int, help="train on the first N articles of each set (tests)")
    ap.add_argument("--sets", default="conll04,dwie,redocred",
                    help="the training sets, comma-separated (redocred alone gives a model of MIT-licensed data)")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        raise SystemExit(f"{args.data}: no such folder (the training data; see --data)")
    work = Path(tempfile.mkdtemp(prefix="kg-train-"))
    try:
        notes: list[str] = []
        sets = convert(args.data.resolve(), work, args.limit, args.sets.split(","))
        ids, feats, labels, scopes, vectors = examples(sets, notes)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    classes = [learned.NONE] + [p for p in learned.PROPERTIES if p in set(labels)]
    docs = sorted(set(ids))
    held = set(random.Random(15).sample(docs, len(docs) // 5))
    tr = [k for k, d in enumerate(ids) if d not in held]
    te = [k for k, d in enumerate(ids) if d in held]
    lr, vocab = fit([feats[k] for k in tr], [labels[k] for k in tr], classes, [vectors[k] for k in tr])
    first = learned.Model.from_json(to_model(lr, vocab, classes, {}))
    thresholds, report = choose_thresholds(first, [feats[k] for k in te], [labels[k] for k in te],
                                           [scopes[k] for k in te], [vectors[k] for k in te])
    lr, vocab = fit(feats, labels, classes, vectors)
    raw = to_model(lr, vocab, classes, thresholds)
    args.out.mkdir(parents=True, exist_ok=True)
    write_gz(args.out / learned.MODEL, raw)
    stats = {"candidates": len(labels), "labels": dict(sorted(Counter(labels).items())),
             "features": len(raw["weights"]), "sets": notes, "held_out": report}
    write_card(args.out / "MODEL_CARD.md", stats, raw)
    print(json.dumps(stats, indent=1, sort_keys=True))
    print(f"wrote {args.out / learned.MODEL} ({(args.out / learned.MODEL).stat().st_size:,} bytes) "
          f"on {date.today()}")


if __name__ == "__main__":
    main()
