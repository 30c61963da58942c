#!/usr/bin/env python3
"""Train kg's learned relation extractor (kg.learned) from open annotated news: `make model`.

    python tools/train_model.py [--data ../shared/data] [--out kg/models] [--limit N] [--cache FILE]

Training data, each converted by ../shared/eval's own converters (nothing is copied
into the repository), with the development splits of tools/dev_eval.py left out:
- CoNLL04 train (worksFor, basedIn, locatedIn, livesIn, killed);
- DWIE train minus the 100 dev articles (worksFor, leaderOf, basedIn, locatedIn);
- Re-DocRED minus its 100 held-out documents (adds memberOf, owns, leaderOf of companies);
- the Reuters training gold, tests/data/gold-reuters-train/ (96 articles of `trade` and `acq`
  news annotated by reading them, outside the development gold and the 500-article sample).
The Reuters development gold and the seeds are not trained on: they stay whole for development.

Each article goes through kg's own pipeline (spaCy, then kg's rules), so the model
sees the mentions it will see at run time. Candidates and features come from
kg.learned.candidates, the function `kg build` uses. A candidate's label is the gold
relation between the gold entities its two mentions name (matched by label and
alias, as ../shared/eval/score.py matches), else "no relation".

The learner is scikit-learn's LogisticRegression (multinomial, L2, lbfgs): its
weights are a table kg reads without scikit-learn. Each property's threshold is chosen
on guesses for articles held out of the fit (five fits, each without a fixed, seeded
fifth of the articles), judged as the scorer judges a graph: one fact per article,
entity pair and property, the facts the rules already state set aside. It is the
lowest probability at which the facts the model adds keep a precision of at least
0.8. The model is then fitted again on all training articles.

    python tools/train_model.py --cache /tmp/articles.pkl

keeps the parsed articles in a file and reads them from it the next time (a set the file
lacks is parsed and added): features and learner can then be changed and refitted in minutes
instead of a quarter hour.

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

MIN_COUNT = 4  # a feature seen fewer times in training is dropped
C = 0.5  # inverse L2 strength
TOL = 1e-4  # lbfgs stops here: 1e-6 takes five times as long for the same held-out loss
DENSE = True  # also learn from the tok2vec vectors (kg.learned.vector)
TARGET_PRECISION = 0.8  # of the facts a property's threshold lets the model add
MIN_SUPPORT = 5  # held-out facts judged right or wrong, needed to trust a threshold
FLOOR = 0.3  # no threshold is lower
FOLDS = 5  # held-out guesses for the thresholds: each article's from a model fitted without it
REUTERS_TRAIN = ROOT / "tests" / "data" / "gold-reuters-train"
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
    if "reuters" in names:
        out = work / "reuters"
        (out / "articles").mkdir(parents=True)
        dev_eval.write_reuters(data / "reuters" / "reuters21578.jsonl", REUTERS_TRAIN,
                               out / "articles" / "reuters.jsonl", limit)
        sets.append(("reuters", out / "articles", REUTERS_TRAIN))
    return sets


def read_gold(path: Path) -> tuple[dict, dict, frozenset]:
    """Gold entities (id -> (classes, normalized aliases)), relations ((s, o) -> properties)
    and the properties the set annotates (its scope). An optional relation's property is
    written "?property": no fact to learn, and no fact to learn it is not."""
    ents, rels, scope = {}, defaultdict(set), frozenset(learned.PROPERTIES)
    for line in path.read_text().splitlines():
        d = json.loads(line) if line.strip() else {}
        if d.get("kind") == "scope":
            scope = frozenset(d["rel"])
        elif d.get("kind") == "entity":
            ents[d["id"]] = (set(d["type"]), {norm(a) for a in d["aliases"] + [d["label"]]})
        elif d.get("kind") == "rel":
            rels[d["s"], d["o"]].add("?" + d["p"] if d.get("optional") else d["p"])
    return ents, rels, scope


def gold_ids(m, labels: dict, gents: dict) -> list[str]:
    """The gold entities a mention names: by its text or its resolved entity's label, matched
    against the gold labels and aliases as the scorer matches; those of its class if any."""
    forms = {norm(m.text)}
    if m.key in labels:
        forms.add(norm(labels[m.key]))
    ids = [i for i, (_, aliases) in gents.items() if aliases & forms]
    typed = [i for i in ids if m.cls in gents[i][0] or m.cls == "Country" and "Place" in gents[i][0]]
    return typed or ids


def parse(sets, notes: list, cache: Path | None = None) -> list[tuple]:
    """Each training article through kg's pipeline, rules only: (set, id, Doc, mentions, rule
    facts, mention key -> its resolved entity's label, gold) of each of `sets`. With a cache
    file, the sets it holds are read from it, and the file is written again with the sets it
    lacked added (a cache belongs to one spaCy model and one version of kg's rules)."""
    import pickle

    from spacy.tokens import Doc

    nlp_ = nlp.load()
    stored = []
    if cache is not None and cache.is_file():
        with cache.open("rb") as f:
            stored = pickle.load(f)
    have = {name for name, *_ in stored}
    out = [(name, aid, Doc(nlp_.vocab).from_bytes(raw), *rest) for name, aid, raw, *rest in stored]
    wanted = [name for name, *_ in sets]
    notes += [f"{name}: {n} articles" for name, n in Counter(name for name, *_ in stored).items() if name in wanted]
    missing = [(name, arts, gold) for name, arts, gold in sets if name not in have]
    for name, arts, gold in missing:
        articles = list(pipeline.read_articles([str(arts)], None, []))
        for doc, a in nlp.parse(nlp_, ((a, a) for a in articles), batch_size=64):
            got = pipeline.extract(doc, a, rules_only=True)
            ents, assigned = resolve.resolve(got.mentions)
            by_key = {e.key: e for e in ents}
            labels = {m.key: by_key[assigned[m.key]].label for m in got.mentions if assigned.get(m.key) in by_key}
            out.append((name, a.id, doc, got.mentions, got.facts, labels, read_gold(gold / f"{a.id}.gold.jsonl")))
        notes.append(f"{name}: {len(articles)} articles")
    if cache is not None and missing:
        with cache.open("wb") as f:
            pickle.dump([(name, aid, doc.to_bytes(exclude=["user_data"]), *rest) for name, aid, doc, *rest in out],
                        f, protocol=5)
    return [a for a in out if a[0] in wanted]


def examples(articles) -> tuple[list[int], list[list[str]], list[str], list]:
    """(article index, features, label, tok2vec vector) of every candidate of every article."""
    index, feats, labels, vectors = [], [], [], []
    for k, (_, _, doc, mentions, _, names, (gents, grels, _)) in enumerate(articles):
        dense = learned.Vectors(doc.tensor)
        for s, o, f, ss, so in learned.candidates(doc, mentions):
            props = {p for gs in gold_ids(s, names, gents) for go in gold_ids(o, names, gents)
                     for p in grels.get((gs, go), ())}
            if not props & set(SPECIFIC) and any("?" + p in props for p in SPECIFIC):
                continue  # an optional fact: neither one to learn nor a counterexample
            index.append(k)
            feats.append(f)
            labels.append(next((p for p in SPECIFIC if p in props), learned.NONE))
            vectors.append(dense((ss.start, ss.end), (so.start, so.end)).astype("float32"))
    return index, feats, labels, vectors


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
    lr = LogisticRegression(C=C, max_iter=3000, tol=TOL)
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
    return {"name": "relations", "labels": classes, "intercept": intercept, "columns": learned.columns(weights),
            "thresholds": thresholds, "dense": dense}


def held_out(articles, index, feats, labels, vectors, classes) -> list[tuple[int, learned.Guess]]:
    """The guesses, at any probability, of a model fitted without the article, for every
    candidate of every article that no rule relates: FOLDS fits, each leaving out a fixed,
    seeded share of the articles."""
    order = random.Random(15).sample(range(len(articles)), len(articles))
    fold = {a: n % FOLDS for n, a in enumerate(order)}
    anything = {p: 0.0 for p in classes[1:]}
    out = []
    for k in range(FOLDS):
        tr = [j for j, a in enumerate(index) if fold[a] != k]
        lr, vocab = fit([feats[j] for j in tr], [labels[j] for j in tr], classes, [vectors[j] for j in tr])
        model = learned.Model.from_json(to_model(lr, vocab, classes, {}))
        for a in sorted(a for a in fold if fold[a] == k):
            _, _, doc, mentions, facts, _, _ = articles[a]
            out += [(a, g) for g in learned.guesses(doc, mentions, facts, model, anything)]
    return sorted(out, key=lambda x: x[0])


def _judge(s_ids, o_ids, prop: str, grels: dict, scope: frozenset) -> tuple[set, bool]:
    """The gold facts a fact (s, prop, o) states, as the scorer judges it (leaderOf is a worksFor
    too), and whether stating none of them is an error: both ends must be gold entities and the
    set must annotate the property."""
    props = {prop, "worksFor"} if prop == "leaderOf" else {prop}
    hits = {(gs, p, go) for gs in s_ids for go in o_ids for p in grels.get((gs, go), set()) & props}
    return hits, bool(s_ids and o_ids) and bool(props & scope)


def fact_level(articles, guessed) -> tuple[dict, dict]:
    """The held-out guesses as the graph's facts: one per article, entity pair and property
    (the most probable of its candidates), each with the gold facts it adds to what the rules
    already state (right), none while being an error (wrong), or neither.
    Gives property -> [(probability, set, new gold facts, wrong)], and per set the counts
    of gold facts, the rules' right facts and their wrong ones."""
    by_article = defaultdict(list)
    for a, g in guessed:
        if g.prop is not None:
            by_article[a].append(g)
    items, sets = defaultdict(list), defaultdict(Counter)
    for a, (name, aid, _, _, facts, names, (gents, grels, scope)) in enumerate(articles):
        def ent(m, names=names):
            return names.get(m.key, m.text)

        def ids(m, names=names, gents=gents):
            return set(gold_ids(m, names, gents))

        maybe = {pair: {p[1:] for p in ps if p[:1] == "?"} for pair, ps in grels.items()}
        grels = {pair: set(ps) & set(learned.PROPERTIES) for pair, ps in grels.items()}
        gold = {(s, p, o) for (s, o), ps in grels.items() for p in ps if p in scope}
        stated, covered = set(), set()
        for f in facts:
            key = (ent(f.subject), f.prop, ent(f.obj)) if f.obj is not None else None
            if f.prop not in learned.PROPERTIES or key is None or key in stated:
                continue
            stated.add(key)
            s_ids, o_ids = ids(f.subject), ids(f.obj)
            hits, judged = _judge(s_ids, o_ids, f.prop, grels, scope)
            covered |= hits
            sets[name]["rules wrong"] += judged and not hits and not _judge(s_ids, o_ids, f.prop, maybe, scope)[0]
        sets[name]["gold"] += len(gold)
        sets[name]["rules right"] += len(covered & gold)
        groups = {}
        for g in by_article[a]:
            key = (ent(g.subject), g.prop, ent(g.obj))
            if key in stated:
                continue
            p, s_ids, o_ids = groups.get((key, g.best), (0.0, set(), set()))
            groups[key, g.best] = (max(p, g.probability), s_ids | ids(g.subject), o_ids | ids(g.obj))
        for ((_, prop, _), best), (p, s_ids, o_ids) in groups.items():
            hits, judged = _judge(s_ids, o_ids, prop, grels, scope)
            new = frozenset((name, aid, *h) for h in (hits & gold) - covered)
            optional = _judge(s_ids, o_ids, prop, maybe, scope)[0]  # neither right nor wrong
            items[best].append((p, name, new, judged and not hits and not optional))
    return items, sets


def choose_thresholds(items: dict, classes: list[str]) -> tuple[dict[str, float], dict[str, dict]]:
    """Per property, the lowest probability (at least FLOOR) at which the facts it adds to the
    held-out graphs keep a precision of at least TARGET_PRECISION; a fact stating a gold fact
    the rules already state is neither right nor wrong."""
    thresholds, report = {}, {}
    for prop in classes[1:]:
        ranked = sorted(items[prop], key=lambda x: -x[0])
        right = wrong = 0
        best = None
        for p, _, new, bad in ranked:
            right += bool(new)
            wrong += bad
            if right + wrong >= MIN_SUPPORT and right >= TARGET_PRECISION * (right + wrong):
                best = p
        kept = [(bool(new), bad) for p, _, new, bad in ranked if best is not None and p >= max(best, FLOOR)]
        right, wrong = sum(r for r, _ in kept), sum(w for _, w in kept)
        if best is None or right + wrong < MIN_SUPPORT or right < TARGET_PRECISION * (right + wrong):
            thresholds[prop] = 1.01  # never: the model is not trusted with this property
            report[prop] = {"threshold": None}
        else:
            thresholds[prop] = round(max(best, FLOOR), 4)
            report[prop] = {"threshold": thresholds[prop], "precision": round(right / (right + wrong), 3),
                            "right": right, "wrong": wrong}
    return thresholds, report


def scores(items: dict, sets: dict, thresholds: dict[str, float]) -> dict[str, dict]:
    """Per set, relation P / R / F1 of the held-out graphs (the properties of the model only),
    rules alone and rules with the model at these thresholds."""
    added, wrong = defaultdict(set), Counter()
    for prop, rows in items.items():
        for p, name, new, bad in rows:
            if p >= thresholds.get(prop, 2.0):
                added[name] |= new
                wrong[name] += bad
    out = {}
    for name, c in sorted(sets.items()):
        both = (c["rules right"] + len(added[name]), c["rules wrong"] + wrong[name])
        out[name] = {k: _prf(tp, fp, c["gold"]) for k, (tp, fp) in
                     (("rules", (c["rules right"], c["rules wrong"])), ("rules+model", both))}
    return out


def _prf(tp: int, fp: int, gold: int) -> str:
    p, r = tp / max(1, tp + fp), tp / max(1, gold)
    return f"{p:.3f} / {r:.3f} / {2 * p * r / max(1e-9, p + r):.3f}"


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
    "reuters": "Reuters training gold (tests/data/gold-reuters-train; kg's own annotations of Reuters-21578 "
               "articles, whose text Reuters and Carnegie Group offer for research use)",
}
KEEP = "<!-- kept by make model: development scores -->"


def write_card(path: Path, stats: dict, raw: dict) -> None:
    """MODEL_CARD.md: what the model is, what it was trained on and how it scores. The section
    after KEEP (development scores, measured with tools/dev_eval.py) is kept across trainings."""
    kept = ""
    if path.exists() and KEEP in path.read_text(encoding="utf-8"):
        kept = path.read_text(encoding="utf-8").split(KEEP, 1)[1]
    sets = [n.split(":")[0] for n in stats["sets"]]
    rows = "\n".join(f"| {p} | {r.get('threshold') or 'off'} | {r.get('precision', '-')} | {r.get('right', '-')} "
                     f"| {r.get('wrong', '-')} |" for p, r in sorted(stats["held_out"].items()))
    held = "\n".join(f"| {n} | {v['rules']} | {v['rules+model']} |" for n, v in stats["scores"].items())
    text = f"""# Model card: kg's learned relation extractor (`{raw['name']}`)

Trained on {date.today()} by `make model` (tools/train_model.py). Read by kg.learned; `kg build
--rules-only` leaves it out.

**What it does.** For every pair of named mentions in one sentence whose classes some property
allows, a multinomial logistic regression gives each of {', '.join(raw['labels'][1:])} a
probability. Features: the dependency path between the two heads (labels, and labels with the
lemmas of the words on the way), the words between and around, each head's dependency label and
head word, the names between, the order, the distance and the classes; names themselves are
never features. Dense features: the mean tok2vec vector of each
mention and of the words between (en_core_web_sm's own `tok2vec`). A fact is made above its
property's threshold, only where no rule relates the pair; its provenance says `model:{raw['name']}`
and its confidence is the probability.

**Training data** (the development splits of tools/dev_eval.py are never trained on; the
Reuters development gold and the seeds are not trained on at all):
{chr(10).join(f"- {LICENCES[n]}; {note.split(': ')[1]}" for n, note in zip(sets, stats['sets'], strict=False))}

The weights hold no article text: names are reduced to their entity class, and only features
seen at least {MIN_COUNT} times are kept. CoNLL04 states no licence and DWIE's annotations are
GPL-3.0: whoever needs a model of permissively licensed data only can train one with
`python tools/train_model.py --sets redocred`.

**Size.** {stats['candidates']:,} training candidates ({', '.join(f'{k} {v:,}' for k, v in stats['labels'].items())});
{stats['features']:,} sparse features kept.

**Thresholds**, chosen on held-out guesses: each training article's candidates are guessed by
a model fitted without it ({FOLDS} fits, a fixed seeded split), those guesses become the facts
the graph would get (one per article, entity pair and property, as the scorer counts them)
and the facts the rules already state are set aside. A property's threshold is the lowest
probability, at least {FLOOR}, at which the facts it adds keep a precision of at least
{TARGET_PRECISION} (a property never reaching it is off); right means stating a gold fact the
rules missed, wrong means relating two gold entities the gold does not relate so.

| property | threshold | precision | right | wrong |
|---|---|---|---|---|
{rows}

The same held-out graphs, relation P / R / F1 over the model's properties only (the
development scores below are the measure that counts):

| set | rules only | rules + model |
|---|---|---|
{held}

{KEEP}{kept or chr(10)}"""
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "kg" / "models")
    ap.add_argument("--limit", type=int, help="train on the first N articles of each set (tests)")
    ap.add_argument("--sets", default="conll04,dwie,redocred,reuters",
                    help="the training sets, comma-separated (redocred alone gives a model of MIT-licensed data)")
    ap.add_argument("--cache", type=Path, help="a file of the parsed articles: read if it exists, else written "
                                               "(skips the quarter hour of parsing while features change)")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        raise SystemExit(f"{args.data}: no such folder (the training data; see --data)")
    notes: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="kg-train-"))
    try:
        articles = parse(convert(args.data.resolve(), work, args.limit, args.sets.split(",")), notes, args.cache)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    index, feats, labels, vectors = examples(articles)
    classes = [learned.NONE] + [p for p in learned.PROPERTIES if p in set(labels)]
    items, sets = fact_level(articles, held_out(articles, index, feats, labels, vectors, classes))
    thresholds, report = choose_thresholds(items, classes)
    lr, vocab = fit(feats, labels, classes, vectors)
    raw = to_model(lr, vocab, classes, thresholds)
    args.out.mkdir(parents=True, exist_ok=True)
    write_gz(args.out / learned.MODEL, raw)
    stats = {"candidates": len(labels), "labels": dict(sorted(Counter(labels).items())),
             "features": len(raw["columns"]["features"]), "sets": notes, "held_out": report,
             "scores": scores(items, sets, thresholds)}
    write_card(args.out / "MODEL_CARD.md", stats, raw)
    print(json.dumps(stats, indent=1, sort_keys=True))
    print(f"wrote {args.out / learned.MODEL} ({(args.out / learned.MODEL).stat().st_size:,} bytes) "
          f"on {date.today()}")


if __name__ == "__main__":
    main()
