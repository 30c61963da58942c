"""The model's attribute ruler, indexed: the same annotations as spaCy's AttributeRuler, faster.

English pipelines map the tagger's fine-grained tags to coarse POS, morphology and some
lemmas with an AttributeRuler of ~180 patterns ({"TAG": "NN"}, {"TAG": "PRP", "LOWER":
"he"}, [{"LOWER": "gon"}, {"LOWER": "na"}], ...). spaCy's Matcher tries every pattern at
every token: about a tenth of the small English pipeline's time, as much as its parser.

Here a pattern's first token is indexed by the value of its most selective attribute
test (TAG, else LOWER, ...), so a token is checked only against the patterns that can
start there, and what the first-token tests say about a token is remembered by the
values it has (its TAG, LOWER, DEP...), which repeat from token to token. The tests are
those of spaCy's Matcher: equality, IN, NOT_IN and REGEX on token attributes. A pattern
with anything else (operators such as "OP", other predicates) still goes through a spaCy
Matcher of its own. Matches are applied as AttributeRuler.set_annotations applies them:
in the order of the patterns' positions, so a later pattern overrides an earlier one.

`speed_up(nlp)` swaps this in for a pipeline's "attribute_ruler"; kg.nlp.load does so.
tests/test_attribute_ruler.py checks that tags, POS, morphology and lemmas come out the same.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Callable

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# Token attributes a pattern may test here, in the order they are preferred as index key.
ATTRIBUTES = {"TAG": TAG, "LOWER": LOWER, "ORTH": ORTH, "TEXT": ORTH, "NORM": NORM, "DEP": DEP, "POS": POS,
              "IS_SPACE": IS_SPACE}
ARRAY_ATTRS = (POS, MORPH, LEMMA, TAG)  # written through Doc.from_array; any other one token by token
MEMO_SIZE = 200_000  # distinct attribute values remembered before the memo starts over

Test = tuple[int, Callable[[int], bool]]  # (column of the tested attribute, predicate on its value)


class IndexedAttributeRuler:
    """A pipeline component doing what spaCy's AttributeRuler does, with its patterns and
    attributes (see use)."""

    def __init__(self, vocab):
        self.vocab = vocab
        self.use(None)

    def use(self, ruler) -> None:
        """Take the patterns and attributes of spaCy's AttributeRuler `ruler`."""
        self.attrs = [dict(a) for a in ruler.attrs] if ruler else []
        self.indices = list(ruler.indices) if ruler else []
        self.matcher = Matcher(self.vocab, validate=False)  # the patterns this cannot take
        self.names: list[str] = []  # the tested attributes: the columns of Doc.to_array
        self.index: dict[tuple[int, int], list[tuple]] = defaultdict(list)  # (column, value) -> patterns
        self.scan: list[tuple] = []  # patterns whose first token has no test to index by
        order = list(ATTRIBUTES)
        for key, entry in enumerate(ruler.patterns if ruler else []):  # a pattern's key is its position
            for pattern in entry["patterns"]:
                tokens = self._parse(pattern)
                if tokens is None or not -len(pattern) <= entry["index"] < len(pattern):
                    self.matcher.add(str(key), [pattern])
                    continue
                first, *rest = tokens
                by = [(order.index(name), name, values) for name, kind, values in first if kind == "IN"]
                compiled = (key, entry["index"], self._tests(first, skip=min(by)[1] if by else None),
                            [self._tests(t) for t in rest])
                if by:
                    _, name, values = min(by)
                    for value in values:
                        self.index[(self._column(name), value)].append(compiled)
                else:
                    self.scan.append(compiled)
        self.columns = [ATTRIBUTES[name] for name in self.names]
        self.probes = sorted({col for col, _ in self.index})
        self.starts: dict[tuple, tuple] = {}  # a token's tested values -> patterns that may start there
        self.effects: dict[tuple, tuple] = {}  # patterns matched at a token -> what they do to it

    def _column(self, name: str) -> int:
        if name not in self.names:
            self.names.append(name)
        return self.names.index(name)

    @staticmethod
    def _parse(pattern: list[dict]) -> list[list[tuple[str, str, object]]] | None:
        """Per token, (attribute, "IN" | "NOT_IN" | "REGEX", values or regex); None when a
        token has a test this does not take."""
        tokens = []
        for spec in pattern:
            tests = []
            if not spec:
                return None
            for name, value in spec.items():
                name = name.upper()
                if name not in ATTRIBUTES:
                    return None
                kind, values = "IN", value
                if isinstance(value, dict):
                    if len(value) != 1:
                        return None
                    (kind, values), = value.items()
                    kind = kind.upper()
                if kind == "REGEX" and isinstance(values, str) and name != "IS_SPACE":
                    tests.append((name, kind, re.compile(values)))
                    continue
                if kind not in ("IN", "NOT_IN"):
                    return None
                values = values if isinstance(values, list) else [values]
                boolean = name == "IS_SPACE"
                if not all(isinstance(v, bool) if boolean else isinstance(v, str) for v in values):
                    return None
                tests.append((name, kind, frozenset(int(v) if boolean else get_string_id(v) for v in values)))
            tokens.append(tests)
        return tokens

    def _tests(self, tests: list[tuple[str, str, object]], skip: str | None = None) -> tuple[Test, ...]:
        out = []
        strings = self.vocab.strings
        for name, kind, arg in tests:
            if name == skip and kind == "IN":
                continue  # the index checked it
            col = self._column(name)
            if kind == "IN":
                out.append((col, arg.__contains__))
            elif kind == "NOT_IN":
                out.append((col, lambda v, arg=arg: v not in arg))
            else:
                out.append((col, lambda v, arg=arg: v in strings and arg.search(strings[v]) is not None))
        return tuple(out)

    def _starts(self, row: tuple) -> tuple:
        """The patterns whose first token matches a token with these values."""
        found = []
        for col in self.probes:
            for compiled in self.index.get((col, row[col]), ()):
                if all(test(row[c]) for c, test in compiled[2]):
                    found.append(compiled)
        found += [compiled for compiled in self.scan if all(test(row[c]) for c, test in compiled[2])]
        return tuple(found)

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
        n = len(doc)
        if not n:
            return doc
        rows = [tuple(r) for r in doc.to_array(self.columns).reshape(n, len(self.columns)).tolist()] \
            if self.columns else [()] * n
        hits: dict[int, list[int]] = defaultdict(list)  # token -> keys of the patterns matched there
        starts, memo_size = self.starts, MEMO_SIZE
        if len(starts) > memo_size:
            starts.clear()
        for i, row in enumerate(rows):
            found = starts.get(row)
            if found is None:
                found = starts[row] = self._starts(row)
            for key, index, _, rest in found:
                end = i + 1 + len(rest)
                if rest and (end > n or not all(test(rows[j][c]) for j, tests in enumerate(rest, i + 1)
                                                 for c, test in tests)):
                    continue
                hits[i + index if index >= 0 else end + index].append(key)
        for match_id, start, end in self.matcher(doc, allow_missing=True, as_spans=False) if len(self.matcher) else ():
            key = int(self.vocab.strings[match_id])
            i = start + self.indices[key] if self.indices[key] >= 0 else end + self.indices[key]
            if not start <= i < end:
                raise ValueError(f"attribute ruler pattern {key}: index {self.indices[key]} is outside its match")
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
            table = doc.to_array(ARRAY_ATTRS).reshape(n, len(ARRAY_ATTRS))
            for col, at in enumerate(where):
                if at:
                    table[at, col] = numpy.array(values[col], dtype=table.dtype)
            doc.from_array(ARRAY_ATTRS, table)
        return doc


def speed_up(nlp) -> None:
    """Replace nlp's "attribute_ruler" (if it has one) by the indexed one, in place."""
    from spacy.language import Language

    if "attribute_ruler" not in nlp.pipe_names:
        return
    if not Language.has_factory("kg_indexed_attribute_ruler"):
        Language.factory("kg_indexed_attribute_ruler", func=lambda nlp, name: IndexedAttributeRuler(nlp.vocab))
    ruler = nlp.get_pipe("attribute_ruler")
    nlp.replace_pipe("attribute_ruler", "kg_indexed_attribute_ruler").use(ruler)
