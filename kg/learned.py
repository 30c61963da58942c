"""The learned relation extractor: a Doc, its Mentions and the rules' Facts in, more Facts out.

Rules find what someone wrote a rule for; this finds what they miss. Every pair of
named mentions in one sentence whose classes some property allows is a candidate.
A candidate is described by sparse features (the dependency path between the two
heads, with and without its words, the words between (also with the two classes), the
words around, each head's dependency label and head word, the names between, the
order, the distance and the two classes) and a multinomial logistic regression,
trained by `make model` (tools/train_model.py) on open annotated news, gives each
property a probability. A fact is made when the best property's probability reaches
that property's threshold (chosen when training so that the facts it adds to graphs
of articles held out of the fit keep a precision of at least 0.8), its classes fit
the property (kg.vocab.SIGNATURES), and no rule already relates the pair: a rule's
fact wins.

The model ships inside the package as gzipped JSON (kg/models/relations.json.gz,
with MODEL_CARD.md beside it): weights, never code, read without scikit-learn.
It is loaded once, on first use. A fact it makes carries the rule
`model:<name>` and the model's probability as its confidence.
"""
from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple

import numpy
from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, LIKE_NUM, POS, SENT_START
from spacy.symbols import NUM, PROPN

from . import data, resolve, rulefiles
from .model import Fact, Mention
from .roles import sentence_text
from .tokenmatch import MEMO_SIZE, to_array
from .vocab import SIGNATURES

if TYPE_CHECKING:
    from spacy.strings import StringStore
    from spacy.tokens import Doc, Span

MODEL = "relations.json.gz"
CLASSES = ("Person", "Organization", "Country", "Place")  # the classes of candidate mentions
MAX_GAP = 40  # tokens between two mentions, past which a pair is no candidate
MAX_PATH = 6  # dependency arcs, past which a path is "long"
MAX_MENTIONS = 20  # named mentions of one sentence considered (the first ones)
NONE = "-"  # the class "no relation"


@dataclass(frozen=True)
class Model:
    """Weights of a trained extractor: for each feature, its weight for each label."""

    name: str
    labels: tuple[str, ...]  # NONE first, then properties
    intercept: tuple[float, ...]
    weights: dict[str, tuple[tuple[int, float], ...]]  # feature -> ((label index, weight), ...)
    thresholds: dict[str, float]  # property -> least probability for a fact
    dense: numpy.ndarray | None = None  # label x vector weights, for the tok2vec vector of a candidate

    @classmethod
    def from_json(cls, raw: dict) -> Model:
        """The model of its JSON: weights as {"feature": [[label, weight], ...]} or, as model
        files keep them, in columns (see columns())."""
        dense = numpy.array(raw["dense"], dtype=numpy.float64) if raw.get("dense") else None
        if "columns" not in raw:
            return cls(name=raw["name"], labels=tuple(raw["labels"]), intercept=tuple(raw["intercept"]),
                       weights={f: tuple((int(i), float(w)) for i, w in ws) for f, ws in raw["weights"].items()},
                       thresholds={p: float(t) for p, t in raw["thresholds"].items()}, dense=dense)
        c = raw["columns"]
        labels, values = [int(i) for i in c["labels"]], [float(w) for w in c["values"]]
        ends = numpy.cumsum(numpy.array(c["counts"], dtype=numpy.intp)).tolist()
        if len(ends) != len(c["features"]) or (ends and ends[-1] != len(labels)) or len(labels) != len(values):
            raise ValueError("a model's weight columns are of different lengths")
        weights = {f: tuple(zip(labels[a:b], values[a:b], strict=True))
                   for f, a, b in zip(c["features"], [0, *ends], ends, strict=False)}
        model = cls(name=raw["name"], labels=tuple(raw["labels"]), intercept=tuple(raw["intercept"]),
                    weights=weights, thresholds={p: float(t) for p, t in raw["thresholds"].items()}, dense=dense)
        # the table straight from the columns, not through the weights' tuples
        model.__dict__["_table"] = _weight_table(c["features"], c["counts"], labels, values, len(model.labels))
        return model

    def probabilities(self, features: Iterable[str], vector=None) -> list[float]:
        """The probability of each label (softmax over the summed weights)."""
        score = list(self.intercept)
        if self.dense is not None and vector is not None:
            score = [a + float(b) for a, b in zip(score, self.dense @ vector, strict=True)]
        for f in features:
            for i, w in self.weights.get(f, ()):
                score[i] += w
        return _softmax(score)

    def batch(self, features: list[list[str]], vectors: list[numpy.ndarray] | None = None) -> list[list[float]]:
        """probabilities() of many candidates (their features, and their vectors or None) at once.
        The floats are the same: each label's score takes the same additions in the same order,
        only done for all candidates together (a candidate's k-th feature adds its weights, or
        zeros, to every label)."""
        if not features:
            return []
        if self._table is None:  # a feature with two weights for one label: one candidate at a time
            return [self.probabilities(f, None if vectors is None else v)
                    for f, v in zip(features, vectors if vectors else [None] * len(features), strict=True)]
        rows, table = self._table
        index = numpy.zeros((len(features), max(map(len, features))), dtype=numpy.intp)
        for r, feats in enumerate(features):
            index[r, :len(feats)] = [rows.get(f, 0) for f in feats]
        score = numpy.tile(numpy.array(self.intercept, dtype=numpy.float64), (len(features), 1))
        if self.dense is not None and vectors is not None:
            score += numpy.array([self.dense @ v for v in vectors])  # one product each, as probabilities()
        for k in range(index.shape[1]):
            score += table[index[:, k]]
        return [_softmax(s) for s in score.tolist()]

    @cached_property
    def _table(self) -> tuple[dict[str, int], numpy.ndarray] | None:
        """The weights as a table: feature -> row (0 for none), and rows x labels; None when a
        feature has two weights for one label, which one row cannot add in the same order."""
        pairs = [p for ws in self.weights.values() for p in ws]
        return _weight_table(list(self.weights), [len(ws) for ws in self.weights.values()], [i for i, _ in pairs],
                      [w for _, w in pairs], len(self.labels))


def _weight_table(features: list[str], counts: list[int], labels: list[int], values: list[float],
                  width: int) -> tuple[dict[str, int], numpy.ndarray] | None:
    """Model._table of weights in columns (see columns())."""
    rows = {f: n for n, f in enumerate(features, 1)}
    table = numpy.zeros((len(rows) + 1, width), dtype=numpy.float64)
    if not labels:
        return rows, table
    n = numpy.repeat(numpy.arange(1, len(rows) + 1, dtype=numpy.intp), numpy.array(counts, dtype=numpy.intp))
    i = numpy.array(labels, dtype=numpy.intp)
    if len(numpy.unique(n * width + i)) != len(labels):
        return None
    table[n, i] = numpy.array(values, dtype=numpy.float64)
    return rows, table


def columns(weights: dict[str, list]) -> dict[str, list]:
    """Sparse weights {"feature": [[label, weight], ...]} as the columns a model file keeps:
    the features in order, how many weights each has, and each weight's label and value.
    JSON reads flat lists of numbers many times faster than a list a feature."""
    features = list(weights)
    return {"features": features, "counts": [len(weights[f]) for f in features],
            "labels": [i for f in features for i, _ in weights[f]],
            "values": [w for f in features for _, w in weights[f]]}


def _softmax(score: list[float]) -> list[float]:
    top = max(score)
    exp = [math.exp(s - top) for s in score]
    total = sum(exp)
    return [e / total for e in exp]


def load(path=None) -> Model:
    """The model at path, else the one shipped in kg/models/."""
    if path is None:
        return shipped()
    with open(path, "rb") as raw:
        return _read(raw)


@lru_cache(maxsize=1)
def shipped() -> Model:
    with resources.files("kg").joinpath("models", MODEL).open("rb") as raw:
        return _read(raw)


def _read(raw) -> Model:
    with gzip.open(raw, "rt", encoding="utf-8") as f:
        return Model.from_json(json.load(f))


def available() -> bool:
    return resources.files("kg").joinpath("models", MODEL).is_file()


def _word_of(strings: StringStore, like_num: int, pos: int, ent_type: int, lemma: int) -> str:
    """A token as a feature, from its LIKE_NUM, POS, ENT_TYPE and LEMMA: the lower-case lemma of
    a common word, the class of a name or number."""
    if like_num or pos == NUM:
        return "<num>"
    ent = strings[ent_type]
    if pos == PROPN or ent and ent not in ("TITLE",):
        return f"<{ent or 'propn'}>"
    return strings[lemma].lower()


_WORDS: dict[tuple[int, int, int, int], str] = {}  # _word_of, remembered across articles


class Parsed:
    """What the features read of a Doc, per token, taken once per article: each token's feature
    word, head, dependency label and sentence bounds. They come from one Doc.to_array, not from
    spaCy's Token objects, which cost more to make than the features do."""

    COLUMNS = (LIKE_NUM, POS, ENT_TYPE, LEMMA, HEAD, DEP, SENT_START)

    def __init__(self, doc: Doc) -> None:
        n = len(doc)
        rows = to_array(doc, self.COLUMNS).reshape(n, len(self.COLUMNS))
        strings = doc.vocab.strings
        if len(_WORDS) > MEMO_SIZE:
            _WORDS.clear()
        word = []
        for key in map(tuple, rows[:, :4].tolist()):  # the same (like_num, pos, ent_type, lemma) recur
            w = _WORDS.get(key)
            if w is None:
                w = _WORDS[key] = _word_of(strings, *key)
            word.append(w)
        self.word = word
        self.head = (rows[:, 4].view(numpy.int64) + numpy.arange(n)).tolist()  # HEAD is an offset
        labels = {d: strings[d] for d in set(rows[:, 5].tolist())}
        self.dep = [labels[d] for d in rows[:, 5].tolist()]
        # Doc.sents: a sentence starts at token 0 and at every token whose sent_start is 1
        bounds = [0, *(numpy.flatnonzero(rows[1:, 6] == 1) + 1).tolist(), n] if n else [0]
        self.sent_start, self.sent_end = [0] * n, [0] * n
        for a, b in zip(bounds, bounds[1:], strict=False):
            self.sent_start[a:b] = [a] * (b - a)
            self.sent_end[a:b] = [b] * (b - a)
        self._chains: dict[int, list[int]] = {}

    def chain(self, i: int) -> list[int]:
        """Token i and its ancestors, up to the root."""
        out = self._chains.get(i)
        if out is None:
            out = [i]
            while self.head[out[-1]] != out[-1] and len(out) < 50:
                out.append(self.head[out[-1]])
            self._chains[i] = out
        return out

    def path(self, s: int, o: int) -> tuple[str, str] | None:
        """The dependency path from token s up to the lowest common ancestor and down to token o,
        as (labels only, labels and the feature words on the way); None if there is none."""
        up, down = self.chain(s), self.chain(o)
        where = {t: k for k, t in enumerate(up)}
        for j, t in enumerate(down):  # noqa: B007 (j is read after the loop breaks)
            if t in where:
                k = where[t]
                break
        else:
            return None
        if k + j > MAX_PATH:
            return "long", "long"
        ups, downs, top = up[:k], list(reversed(down[:j])), up[k]
        dep, word = self.dep, self.word
        bare = "^".join(dep[x] for x in ups) + "|" + "v".join(dep[x] for x in downs)
        words = [dep[x] + "^" if x == s else f"{word[x]}:{dep[x]}^" for x in ups]
        words.append("=" if top in (s, o) else word[top])
        words += ["v" + dep[x] if x == o else f"v{dep[x]}:{word[x]}" for x in downs]
        return bare, " ".join(w for w in words if w)


def features(doc: Doc, s: Span, o: Span, s_cls: str, o_cls: str, parsed: Parsed | None = None) -> list[str]:
    """The features of the candidate (s, o): s the subject's span, o the object's. `parsed` is
    Parsed(doc), when the caller has it."""
    return _features(parsed or Parsed(doc), (s.start, s.end, s.root.i), (o.start, o.end, o.root.i), s_cls, o_cls)


def _features(p: Parsed, s: tuple[int, int, int], o: tuple[int, int, int], s_cls: str, o_cls: str) -> list[str]:
    """features() of spans given as (start, end, root token)."""
    word = p.word
    cls = f"{s_cls}>{o_cls}"
    first, second = (s, o) if s[0] < o[0] else (o, s)
    order = "so" if first is s else "os"
    between = word[first[1]:second[0]]
    n = len(between)
    out = [f"c={cls}", f"o={order}|{cls}", f"n={min(n, 8)}|{order}|{cls}"]
    if n <= 12:
        out += [f"b={w}|{order}" for w in sorted(set(between))]
    if n <= 5:
        out.append(f"bs={' '.join(between)}|{order}|{cls}")
    out.append(f"pre={word[first[0] - 1] if first[0] > p.sent_start[first[0]] else '<s>'}|{order}")
    out.append(f"post={word[second[1]] if second[1] < p.sent_end[first[0]] else '</s>'}|{order}")
    out.append(f"s0={word[s[0] - 1] if s[0] > p.sent_start[s[0]] else '<s>'}|s")
    out.append(f"o0={word[o[0] - 1] if o[0] > p.sent_start[o[0]] else '<s>'}|o")
    path = p.path(s[2], o[2])
    if path is None:
        out.append("p=none")
    else:
        out += [f"p={path[0]}|{cls}", f"pw={path[1]}|{cls}", f"pw={path[1]}"]
    head, dep = p.head, p.dep
    out.append(f"sh={dep[s[2]]}:{word[head[s[2]]]}|{cls}")  # what the subject's head word does with it
    out.append(f"oh={dep[o[2]]}:{word[head[o[2]]]}|{cls}")
    names = sum(1 for k, w in enumerate(between) if w[:1] == "<" and w != "<num>" and (k == 0 or between[k - 1] != w))
    out.append(f"k={min(names, 3)}|{order}|{cls}")  # other names between the two
    if n <= 8:
        out += [f"bc={w}|{order}|{cls}" for w in sorted(set(between))]
    out.append(f"s2={' '.join(word[max(p.sent_start[s[0]], s[0] - 2):s[0]])}|s|{cls}")
    out.append(f"o2={' '.join(word[max(p.sent_start[o[0]], o[0] - 2):o[0]])}|o|{cls}")
    return out


def vector(doc: Doc, s: Span, o: Span) -> numpy.ndarray:
    """The candidate's dense features from the model's own tok2vec output: the mean vector of
    the subject, of the object and of the words between them (zeros if none)."""
    return Vectors(doc.tensor)((s.start, s.end), (o.start, o.end))


class Vectors:
    """vector() of the candidates of one article, each span's mean taken once (a pair and its
    reverse have the same three means)."""

    def __init__(self, tensor: numpy.ndarray) -> None:
        self.tensor = tensor
        self.means: dict[tuple[int, int], numpy.ndarray] = {}

    def mean(self, start: int, end: int) -> numpy.ndarray:
        found = self.means.get((start, end))
        if found is None:
            found = self.means[start, end] = self.tensor[start:end].mean(axis=0)
        return found

    def __call__(self, s: tuple[int, int], o: tuple[int, int]) -> numpy.ndarray:
        first, second = (s, o) if s[0] < o[0] else (o, s)
        t = self.tensor
        mid = self.mean(first[1], second[0]) if second[0] > first[1] else numpy.zeros(t.shape[1], dtype=t.dtype)
        return numpy.concatenate([self.mean(*s), self.mean(*o), mid]).astype(numpy.float64)


def candidates(doc: Doc, mentions: list[Mention], properties: Iterable[str] = ()
               ) -> Iterator[tuple[Mention, Mention, list[str], Span, Span]]:
    """Each ordered pair of named mentions in one sentence, not too far apart, whose classes
    some property of the model allows (one of `properties`, if given), with its features.
    The order is the text's."""
    signatures = tuple(SIGNATURES[p] for p in properties) or _SIGNATURES
    spans: dict[int, list[tuple[Mention, Span]]] = {}
    parsed: Parsed | None = None
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        if m.pronoun or m.cls not in CLASSES:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        parsed = parsed or Parsed(doc)
        group = spans.setdefault(parsed.sent_start[span.start], [])  # span.sent.start
        if len(group) < MAX_MENTIONS:
            group.append((m, span))
    if parsed is None:  # no mention had a span, so there are no groups
        return
    for _, group in sorted(spans.items()):
        where = [(span.start, span.end, span.root.i) for _, span in group]
        for a, (ma, sa) in enumerate(group):
            for b in range(a + 1, len(group)):
                mb, sb = group[b]
                if sb.start < sa.end or sb.start - sa.end > MAX_GAP or ma.target == mb.target:
                    continue
                if ma.known and ma.known == mb.known or ma.text == mb.text:
                    continue
                for (ms, ss, s), (mo, so, o) in (((ma, sa, a), (mb, sb, b)), ((mb, sb, b), (ma, sa, a))):
                    if any(ms.cls in sub and mo.cls in obj for sub, obj in signatures):
                        yield ms, mo, _features(parsed, where[s], where[o], ms.cls, mo.cls), ss, so


PROPERTIES = ("worksFor", "leaderOf", "basedIn", "locatedIn", "livesIn", "killed", "memberOf", "owns")
_SIGNATURES = tuple(SIGNATURES[p] for p in PROPERTIES)


class Guess(NamedTuple):
    """The model's guess for one candidate pair: its best property and that property's
    probability, and the property checked() keeps (None when the rules' knowledge or the
    property's classes rule it out)."""

    subject: Mention
    obj: Mention
    best: str
    probability: float
    prop: str | None
    s_span: Span
    o_span: Span


def guesses(doc: Doc, mentions: list[Mention], facts: list[Fact], model: Model,
            thresholds: dict[str, float] | None = None) -> list[Guess]:
    """The guesses for the candidate pairs no rule relates whose best property reaches its
    threshold (the model's own unless given; a property without one never does). A pair is
    related when a rule relates its two mentions, or any two mentions of its two entities
    ("Xi Jinping leaderOf China" leaves "President Xi, of China" to the rules)."""
    thresholds = model.thresholds if thresholds is None else thresholds
    # only pairs a property that can make a fact allows: one with a threshold, or worksFor,
    # which checked() makes of a deputy's leaderOf
    live = [p for p in PROPERTIES if thresholds.get(p, 2.0) <= 1.0]
    live += ["worksFor"] if "leaderOf" in live and "worksFor" not in live else []
    if not live:
        return []
    found = list(candidates(doc, mentions, live))
    if not found:
        return []
    entity = resolve.Resolver(mentions).run()  # the article's entities, as the graph will have them

    def pairs(s: Mention, o: Mention) -> tuple[frozenset, frozenset]:
        return (frozenset((s.target, o.target)),
                frozenset((entity.get(s.key) or s.target, entity.get(o.key) or o.target)))

    done = {p for f in facts if f.obj is not None for p in pairs(f.subject, f.obj)}
    found = [c for c in found if not any(p in done for p in pairs(c[0], c[1]))]
    vectors = None
    if model.dense is not None and found:
        dense = Vectors(doc.tensor)
        vectors = [dense((ss.start, ss.end), (so.start, so.end)) for _, _, _, ss, so in found]
    out = []
    for (s, o, _, ss, so), probs in zip(found, model.batch([c[2] for c in found], vectors), strict=True):
        best = max(range(1, len(probs)), key=lambda i: probs[i])
        prop, p = model.labels[best], probs[best]
        if p < thresholds.get(prop, 2.0):
            continue
        kept = checked(doc, prop, s, o, ss, facts)
        if kept is not None and (s.cls not in SIGNATURES[kept][0] or o.cls not in SIGNATURES[kept][1]):
            kept = None
        out.append(Guess(s, o, prop, p, kept, ss, so))
    return out


def extract(doc: Doc, mentions: list[Mention], facts: list[Fact], model: Model | None = None) -> list[Fact]:
    """The model's facts of one article: pairs no rule relates, above their property's threshold."""
    model = model or shipped()
    return [Fact(subject=g.subject, prop=g.prop, obj=g.obj, article=g.subject.article,
                 sentence=sentence_text(doc, g.s_span.sent), start=min(g.subject.start, g.obj.start),
                 end=max(g.subject.end, g.obj.end), rule=f"model:{model.name}", confidence=round(g.probability, 3),
                 classes=SIGNATURES[g.prop])
            for g in guesses(doc, mentions, facts, model) if g.prop is not None]


PAST = rulefiles.word_set("people.toml", "learned_past")
SECOND = rulefiles.word_set("people.toml", "learned_second")


def checked(doc: Doc, prop: str, s: Mention, o: Mention, s_span: Span, facts: list[Fact]) -> str | None:
    """The property a guess of the model keeps once what the rules know is applied, or None:
    a past office ("former Governor X") is no job; a deputy or a minister is not the leader
    ("Finance Minister X" worksFor, not leaderOf, the country); a city the gazetteer places in
    another country is not in this one; a company or person the rules already base or house in
    the article gets no second seat from the model."""
    titles = [f.value for f in facts if f.prop == "jobTitle" and f.subject.target == s.target and f.value]
    before = doc[max(s_span.sent.start, s_span.start - 6):s_span.start]
    words = {t.lower_.strip("-.") for t in before} | {w for t in titles for w in data.norm(t).split()}
    if prop in ("worksFor", "leaderOf") and words & PAST:
        return None
    if prop == "leaderOf":
        known = [data.title_words().get(data.norm(t)) for t in titles]
        if words & SECOND or any(k is not None and not k.leader for k in known):
            prop = "worksFor"
    if prop == "locatedIn" and o.cls == "Country" and o.known:
        where = {c.country for c in data.cities().get(data.norm(s.text), ())}
        if where and o.known not in where:
            return None
    if prop in ("basedIn", "livesIn") and any(f.prop == prop and f.subject.target == s.target for f in facts):
        return None
    return prop
