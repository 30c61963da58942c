"""The learned relation extractor: a Doc, its Mentions and the rules' Facts in, more Facts out.

Rules find what someone wrote a rule for; this finds what they miss. Every pair of
named mentions in one sentence whose classes some property allows is a candidate.
A candidate is described by sparse features (the dependency path between the two
heads, with and without its words, the words between, the words around, the order,
the distance and the two classes) and a multinomial logistic regression, trained by
`make model` (tools/train_model.py) on open annotated news, gives each property a
probability. A fact is made when the best property's probability reaches that
property's threshold (chosen when training for precision of at least 0.8 on data
held out of training), its classes fit the property (kg.vocab.SIGNATURES), and no
rule already relates the pair: a rule's fact wins.

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
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from . import data
from .entities import Mention
from .roles import Fact
from .vocab import SIGNATURES

if TYPE_CHECKING:
    import numpy
    from spacy.tokens import Doc, Span, Token

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
    dense: "numpy.ndarray | None" = None  # label x vector weights, for the tok2vec vector of a candidate

    @classmethod
    def from_json(cls, raw: dict) -> "Model":
        import numpy

        dense = numpy.array(raw["dense"], dtype=numpy.float64) if raw.get("dense") else None
        return cls(name=raw["name"], labels=tuple(raw["labels"]), intercept=tuple(raw["intercept"]),
                   weights={f: tuple((int(i), float(w)) for i, w in ws) for f, ws in raw["weights"].items()},
                   thresholds={p: float(t) for p, t in raw["thresholds"].items()}, dense=dense)

    def probabilities(self, features: Iterable[str], vector=None) -> list[float]:
        """The probability of each label (softmax over the summed weights)."""
        score = list(self.intercept)
        if self.dense is not None and vector is not None:
            score = [a + float(b) for a, b in zip(score, self.dense @ vector)]
        for f in features:
            for i, w in self.weights.get(f, ()):
                score[i] += w
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


def _word(t: "Token") -> str:
    """A token as a feature: the lower-case lemma of a common word, the class of a name or number."""
    if t.like_num or t.pos_ == "NUM":
        return "<num>"
    if t.pos_ == "PROPN" or t.ent_type_ and t.ent_type_ not in ("TITLE",):
        return f"<{t.ent_type_ or 'propn'}>"
    return t.lemma_.lower()


class Parsed:
    """What the features read of a Doc, per token, taken once per article: each token's feature
    word, head, dependency label and sentence bounds (reading spaCy's tokens pair by pair is
    most of the extractor's time otherwise)."""

    def __init__(self, doc: "Doc") -> None:
        self.word = [_word(t) for t in doc]
        self.head = [t.head.i for t in doc]
        self.dep = [t.dep_ for t in doc]
        self.sent_start = [0] * len(doc)
        self.sent_end = [0] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                self.sent_start[i], self.sent_end[i] = sent.start, sent.end

    def chain(self, i: int) -> list[int]:
        """Token i and its ancestors, up to the root."""
        out = [i]
        while self.head[out[-1]] != out[-1] and len(out) < 50:
            out.append(self.head[out[-1]])
        return out

    def path(self, s: int, o: int) -> tuple[str, str] | None:
        """The dependency path from token s up to the lowest common ancestor and down to token o,
        as (labels only, labels and the feature words on the way); None if there is none."""
        up, down = self.chain(s), self.chain(o)
        where = {t: k for k, t in enumerate(up)}
        for j, t in enumerate(down):
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


def features(doc: "Doc", s: "Span", o: "Span", s_cls: str, o_cls: str, parsed: Parsed | None = None) -> list[str]:
    """The features of the candidate (s, o): s the subject's span, o the object's. `parsed` is
    Parsed(doc), when the caller has it."""
    p = parsed or Parsed(doc)
    word = p.word
    cls = f"{s_cls}>{o_cls}"
    first, second = (s, o) if s.start < o.start else (o, s)
    order = "so" if first is s else "os"
    between = word[first.end:second.start]
    n = len(between)
    out = [f"c={cls}", f"o={order}|{cls}", f"n={min(n, 8)}|{order}|{cls}"]
    if n <= 12:
        out += [f"b={w}|{order}" for w in sorted(set(between))]
    if n <= 5:
        out.append(f"bs={' '.join(between)}|{order}|{cls}")
    out.append(f"pre={word[first.start - 1] if first.start > p.sent_start[first.start] else '<s>'}|{order}")
    out.append(f"post={word[second.end] if second.end < p.sent_end[first.start] else '</s>'}|{order}")
    out.append(f"s0={word[s.start - 1] if s.start > p.sent_start[s.start] else '<s>'}|s")
    out.append(f"o0={word[o.start - 1] if o.start > p.sent_start[o.start] else '<s>'}|o")
    path = p.path(s.root.i, o.root.i)
    if path is None:
        out.append("p=none")
    else:
        out += [f"p={path[0]}|{cls}", f"pw={path[1]}|{cls}", f"pw={path[1]}"]
    return out


def vector(doc: "Doc", s: "Span", o: "Span") -> "numpy.ndarray":
    """The candidate's dense features from the model's own tok2vec output: the mean vector of
    the subject, of the object and of the words between them (zeros if none)."""
    import numpy

    t = doc.tensor
    first, second = (s, o) if s.start < o.start else (o, s)
    between = t[first.end:second.start]
    mid = between.mean(axis=0) if len(between) else numpy.zeros(t.shape[1], dtype=t.dtype)
    return numpy.concatenate([t[s.start:s.end].mean(axis=0), t[o.start:o.end].mean(axis=0), mid]
                             ).astype(numpy.float64)


def candidates(doc: "Doc", mentions: list[Mention]) -> Iterator[tuple[Mention, Mention, list[str], "Span", "Span"]]:
    """Each ordered pair of named mentions in one sentence, not too far apart, whose classes
    some property of the model allows, with its features. The order is the text's."""
    spans: dict[int, list[tuple[Mention, "Span"]]] = {}
    parsed = None
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        if m.pronoun or m.cls not in CLASSES:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        group = spans.setdefault(span.sent.start, [])
        if len(group) < MAX_MENTIONS:
            group.append((m, span))
    for _, group in sorted(spans.items()):
        for a, (ma, sa) in enumerate(group):
            for mb, sb in group[a + 1:]:
                if sb.start < sa.end or sb.start - sa.end > MAX_GAP or ma.target == mb.target:
                    continue
                if ma.known and ma.known == mb.known or ma.text == mb.text:
                    continue
                for (ms, ss), (mo, so) in (((ma, sa), (mb, sb)), ((mb, sb), (ma, sa))):
                    if any(ms.cls in sub and mo.cls in obj for sub, obj in _SIGNATURES):
                        parsed = parsed or Parsed(doc)
                        yield ms, mo, features(doc, ss, so, ms.cls, mo.cls, parsed), ss, so


PROPERTIES = ("worksFor", "leaderOf", "basedIn", "locatedIn", "livesIn", "killed", "memberOf", "owns")
_SIGNATURES = tuple(SIGNATURES[p] for p in PROPERTIES)


def extract(doc: "Doc", mentions: list[Mention], facts: list[Fact], model: Model | None = None) -> list[Fact]:
    """The model's facts of one article: pairs no rule relates, above their property's threshold."""
    model = model or shipped()
    done = {frozenset((f.subject.target, f.obj.target)) for f in facts if f.obj is not None}
    out = []
    for s, o, feats, ss, so in candidates(doc, mentions):
        if frozenset((s.target, o.target)) in done:
            continue
        probs = model.probabilities(feats, vector(doc, ss, so) if model.dense is not None else None)
        best = max(range(1, len(probs)), key=lambda i: probs[i])
        prop, p = model.labels[best], probs[best]
        if p < model.thresholds.get(prop, 2.0):
            continue
        prop = checked(doc, prop, s, o, ss, facts)
        if prop is None:
            continue
        allowed = SIGNATURES[prop]
        if s.cls not in allowed[0] or o.cls not in allowed[1]:
            continue
        out.append(Fact(subject=s, prop=prop, obj=o, article=s.article, sentence=ss.sent.text.strip(),
                        start=min(s.start, o.start), end=max(s.end, o.end), rule=f"model:{model.name}",
                        confidence=round(p, 3), classes=allowed))
    return out


PAST = {"former", "ex", "then", "late", "outgoing", "retired"}
SECOND = {"deputy", "vice", "assistant", "associate", "junior", "under"}


def checked(doc: "Doc", prop: str, s: Mention, o: Mention, s_span: "Span", facts: list[Fact]) -> str | None:
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
