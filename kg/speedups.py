"""The model's attribute ruler, lemmatizer and matrix products, faster: the same annotations
as spaCy's.

The attribute ruler, indexed.

English pipelines map the tagger's fine-grained tags to coarse POS, morphology and some
lemmas with an AttributeRuler of ~180 patterns ({"TAG": "NN"}, {"TAG": "PRP", "LOWER":
"he"}, [{"LOWER": "gon"}, {"LOWER": "na"}], ...). spaCy's Matcher tries every pattern at
every token: about a tenth of the small English pipeline's time, as much as its parser.
Here the patterns are found through kg.tokenmatch's index, and what matching patterns do
to a token is worked out once per set of patterns. Matches are applied as
AttributeRuler.set_annotations applies them: in the order of the patterns' positions, so
a later pattern overrides an earlier one.

`speed_up(nlp)` swaps this in for a pipeline's "attribute_ruler"; kg.nlp.load does so.
tests/test_speedups.py checks that tags, POS, morphology and lemmas come out the same.

The matrix products, through numpy.

thinc's CPU backend multiplies matrices with blis. On this project's machines (x86-64 with
AVX2 and AVX-512) numpy's OpenBLAS does the same float32 products about three times as fast,
and the layers of the tok2vec, tagger, parser and NER spend a third of spaCy's time there.
BlasOps is thinc's NumpyOps with its gemm done by numpy.matmul, on one BLAS thread;
speed_up gives it to every layer of the pipeline's models. The products agree to float32
rounding, and the tags, parses and entities of the seeds and of every development set
come out the same (tests/test_speedups.py checks the seeds). The parser's own per-step
products are C code that thinc does not route through gemm, and stay blis's.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Any

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS, TAG
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab
from thinc.api import NumpyOps

from .tokenmatch import MEMO_SIZE, TokenMatcher, from_array, to_array

ARRAY_ATTRS = (POS, MORPH, LEMMA, TAG)  # written through Doc.from_array; any other one token by token


class IndexedAttributeRuler:
    """A pipeline component doing what spaCy's AttributeRuler does, with its patterns and
    attributes (see use)."""

    def __init__(self, vocab):
        self.vocab = vocab
        self.use(None)

    def to_disk(self, path, *, exclude=()) -> None:
        """Saved as spaCy's AttributeRuler saves its patterns (nlp.to_disk)."""
        self.ruler.to_disk(path, exclude=exclude)

    def from_disk(self, path, *, exclude=()) -> IndexedAttributeRuler:
        from spacy.pipeline import AttributeRuler

        self.use(AttributeRuler(self.vocab).from_disk(path, exclude=exclude))
        return self

    def use(self, ruler) -> None:
        """Take the patterns and attributes of spaCy's AttributeRuler `ruler`."""
        if ruler is None:
            from spacy.pipeline import AttributeRuler

            ruler = AttributeRuler(self.vocab)
        self.ruler = ruler
        self.attrs = [dict(a) for a in ruler.attrs] if ruler else []
        self.indices = list(ruler.indices) if ruler else []
        self.matcher = TokenMatcher(self.vocab)
        for key, entry in enumerate(ruler.patterns if ruler else []):  # a pattern's key is its position
            for pattern in entry["patterns"]:
                self.matcher.add(key, pattern)
        self.effects: dict[tuple, tuple] = {}  # patterns matched at a token -> what they do to it

    def _effect(self, keys: tuple[int, ...]) -> tuple[tuple, tuple]:
        """What matching these patterns in order does to a token: ((array column, value), ...)
        with the last pattern's value winning, and ((attribute, value), ...) for the others."""
        column = {attr: n for n, attr in enumerate(ARRAY_ATTRS)}
        final: dict[int, int] = {}
        other = []
        for key in keys:
            for attr, value in self.attrs[key].items():
                if attr in column:
                    final[column[attr]] = value
                else:
                    other.append((attr, value))
        return tuple(sorted(final.items())), tuple(other)

    def __call__(self, doc: Doc) -> Doc:
        hits: dict[int, list[int]] = defaultdict(list)  # token -> keys of the patterns matched there
        for key, start, end in self.matcher(doc):
            index = self.indices[key]
            i = start + index if index >= 0 else end + index
            if not start <= i < end:
                raise ValueError(f"attribute ruler pattern {key}: index {index} is outside its match")
            hits[i].append(key)
        where: list[list[int]] = [[] for _ in ARRAY_ATTRS]
        values: list[list[int]] = [[] for _ in ARRAY_ATTRS]
        effects = self.effects
        for i in sorted(hits):
            keys = tuple(sorted(hits[i]))
            effect = effects.get(keys)
            if effect is None:
                effect = effects[keys] = self._effect(keys)
            for col, value in effect[0]:
                where[col].append(i)
                values[col].append(value)
            for attr, value in effect[1]:  # attributes Doc.from_array is not given (DEP...), in order
                set_token_attrs(doc[i], {attr: value})
        if any(where):
            table = to_array(doc, ARRAY_ATTRS).reshape(len(doc), len(ARRAY_ATTRS))
            for col, at in enumerate(where):
                if at:
                    table[at, col] = numpy.array(values[col], dtype=table.dtype)
            from_array(doc, ARRAY_ATTRS, table)
        return doc


class TableLemmatizer:
    """A pipeline component doing what spaCy's rule Lemmatizer `lemmatizer` does (see use):
    a lemma for every token that has none, from (word, POS, morphology)."""

    COLUMNS = (ORTH, POS, MORPH, LEMMA)

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.lemmatizer: Any = None  # spaCy's rule Lemmatizer, once use() gives it
        self.table: dict[tuple[int, int, int], int] = {}

    def use(self, lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.table = {}

    def to_disk(self, path, *, exclude=()) -> None:
        """Saved as spaCy's rule Lemmatizer saves its tables (nlp.to_disk)."""
        self.lemmatizer.to_disk(path, exclude=exclude)

    def from_disk(self, path, *, exclude=()) -> TableLemmatizer:
        from spacy.pipeline import Lemmatizer

        self.use(Lemmatizer(self.vocab, None, mode="rule").from_disk(path, exclude=exclude))
        return self

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        overwrite = self.lemmatizer.overwrite
        rows = to_array(doc, self.COLUMNS).reshape(n, len(self.COLUMNS))
        table, strings = self.table, self.vocab.strings
        if len(table) > MEMO_SIZE:
            table.clear()
        lemmas = rows[:, 3].tolist()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = table.get(key)
            if found is None:
                found = table[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = found
        from_array(doc, [LEMMA], numpy.array(lemmas, dtype=rows.dtype))
        return doc


class BlasOps(NumpyOps):
    """thinc's NumpyOps, its matrix products done by numpy (OpenBLAS) instead of blis, on one
    thread as blis's are: OpenBLAS's own threads make these small products twice as slow,
    and they would fight `kg build --jobs`' processes for the cores. The limit holds for each
    product only; numpy's other products, the caller's, keep their threads."""

    name = "kg-blas"

    def gemm(self, x, y, out=None, trans1=False, trans2=False):
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        with _blas().limit(limits=1, user_api="blas"):
            if out is None:
                return numpy.matmul(a, b)
            numpy.matmul(a, b, out=out)
        return out


@lru_cache(maxsize=1)
def _blas():
    """The BLAS libraries numpy loaded (found once: threadpoolctl reads the process's libraries)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def speed_up(nlp) -> None:
    """Replace nlp's "attribute_ruler" and rule-mode "lemmatizer" (those it has) by the
    faster ones, and its models' matrix products by BlasOps', in place."""
    from . import component  # noqa: F401  (registers the two factories)

    ops = BlasOps()
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and type(getattr(model, "ops", None)) is NumpyOps:  # not a GPU's, not another backend's
            for node in model.walk():
                node.ops = ops
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        nlp.replace_pipe("attribute_ruler", "kg_indexed_attribute_ruler").use(ruler)
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if getattr(lemmatizer, "mode", None) == "rule":
        nlp.replace_pipe("lemmatizer", "kg_table_lemmatizer").use(lemmatizer)
