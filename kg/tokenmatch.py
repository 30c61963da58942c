"""A token-pattern matcher for many small patterns: spaCy's Matcher results, found through an index.

spaCy's Matcher tries every pattern at every token, so a few dozen patterns cost more
than the parser (the model's attribute ruler, kg's relation triggers). Here each
pattern's first token is indexed by the value of its most selective test (TAG, else
LEMMA, LOWER, ...), so a token is checked only against the patterns that can start
there, and the patterns that may start at a token are remembered by the values the
token has (its TAG, LEMMA, DEP...), which repeat from token to token.

The tests are those of spaCy's Matcher on token attributes: equality, IN, NOT_IN and
REGEX. A pattern with anything else (operators such as "OP", extension attributes, other
predicates) goes to a spaCy Matcher inside, and its matches are merged in. Matches come
as (key, start, end), sorted by start, then key, then end: the order spaCy's Matcher gives
for kg's one-token patterns.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy
from spacy.attrs import DEP, ENT_TYPE, IS_SPACE, LEMMA, LOWER, NORM, ORTH, POS, TAG
from spacy.matcher import Matcher
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

# The attributes tests may read, in the order they are preferred as the index key.
ATTRIBUTES = {"TAG": TAG, "LEMMA": LEMMA, "LOWER": LOWER, "ORTH": ORTH, "TEXT": ORTH, "NORM": NORM,
              "ENT_TYPE": ENT_TYPE, "DEP": DEP, "POS": POS, "IS_SPACE": IS_SPACE}
MEMO_SIZE = 200_000  # distinct attribute values remembered before the memo starts over

Test = tuple[int, Callable[[int], bool]]  # (column of the tested attribute, predicate on its value)
# (attribute, "IN" | "NOT_IN" | "REGEX", the values' IDs or the regex) of a pattern's token
Spec = tuple[str, str, "frozenset[int] | re.Pattern[str]"]
Table = numpy.ndarray[Any, numpy.dtype[numpy.uint64]]  # Doc.to_array's: a row per token, a column per attribute


def to_array(doc: Doc, attrs: Sequence[int]) -> Table:
    """doc.to_array(attrs), typed as it is: spaCy's stub asks for a list and says float64, but
    any sequence of attribute IDs will do and the values are uint64."""
    return cast(Table, doc.to_array(attrs))  # type: ignore[arg-type]  # a tuple of IDs will do


def from_array(doc: Doc, attrs: Sequence[int], array: Table) -> None:
    """doc.from_array(attrs, array), typed as it is (spaCy's stub asks for a list and thinc's
    Ints2d, which no numpy array is)."""
    doc.from_array(attrs, array)  # type: ignore[arg-type]  # a numpy array and a tuple of IDs will do


def tokens_where(doc: Doc, attr: int, test: Callable[[str], bool]) -> list[Token]:
    """The tokens, in order, whose attribute `attr` (LOWER, LEMMA, ORTH...) as a string passes
    `test`: `[t for t in doc if test(t.<attr>_)]`, but the test runs once per distinct value
    and only the tokens found become spaCy Token objects, which cost more to make than most
    tests do. A rule that looks at a few words ("they", the agreement nouns) starts here."""
    if not len(doc):
        return []
    values = doc.to_array(attr)
    strings = doc.vocab.strings
    keep = [v for v in numpy.unique(values).tolist() if test(strings[v])]
    if not keep:
        return []
    return [doc[i] for i in numpy.flatnonzero(numpy.isin(values, keep)).tolist()]


def _not_in(values: frozenset[int]) -> Callable[[int], bool]:
    return lambda v: v not in values


def _searched(regex: re.Pattern[str], strings: StringStore) -> Callable[[int], bool]:
    """Whether the string of an ID is known and has a match of regex."""
    # StringStore's stub says `in` takes a str; it takes an ID as well
    return lambda v: v in strings and regex.search(strings[v]) is not None  # type: ignore[operator]


class TokenMatcher:
    """Patterns by integer key; `matcher(doc)` gives [(key, start, end), ...]."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.fallback = Matcher(vocab, validate=False)  # the patterns the index does not take
        self.names: list[str] = []  # the tested attributes: the columns of Doc.to_array
        self.index: dict[tuple[int, int], list[tuple]] = defaultdict(list)  # (column, value) -> patterns
        self.scan: list[tuple] = []  # patterns whose first token has no test to index by
        self.probes: list[int] = []  # the columns the index is keyed by
        self.starts: dict[tuple, tuple] = {}  # a token's tested values -> patterns that may start there

    def add(self, key: int, pattern: list[dict]) -> None:
        self.starts.clear()
        tokens = self._parse(pattern)
        if tokens is None:
            self.fallback.add(str(key), [pattern])
            return
        order = list(ATTRIBUTES)
        first, *rest = tokens
        by = min(((order.index(name), name, values) for name, kind, values in first
                  if kind == "IN" and isinstance(values, frozenset)),
                 default=None)
        compiled = (key, self._tests(first, skip=by[1] if by else None), [self._tests(t) for t in rest])
        if by is None:
            self.scan.append(compiled)
            return
        for value in by[2]:
            self.index[(self._column(by[1]), value)].append(compiled)
        self.probes = sorted({col for col, _ in self.index})

    def _column(self, name: str) -> int:
        if name not in self.names:
            self.names.append(name)
        return self.names.index(name)

    @staticmethod
    def _parse(pattern: list[dict]) -> list[list[Spec]] | None:
        """Per token, (attribute, "IN" | "NOT_IN" | "REGEX", values or regex); None when a
        token has a test this does not take."""
        tokens: list[list[Spec]] = []
        for spec in pattern:
            if not spec:
                return None
            tests: list[Spec] = []
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

    def _tests(self, tests: list[Spec], skip: str | None = None) -> tuple[Test, ...]:
        out: list[Test] = []
        strings = self.vocab.strings
        for name, kind, arg in tests:
            if name == skip and kind == "IN":
                continue  # the index checked it
            col = self._column(name)
            if isinstance(arg, re.Pattern):  # REGEX
                out.append((col, _searched(arg, strings)))
            elif kind == "IN":
                out.append((col, arg.__contains__))
            else:  # NOT_IN
                out.append((col, _not_in(arg)))
        return tuple(out)

    def _starts(self, row: tuple) -> tuple:
        """The patterns whose first token matches a token with these values."""
        found = []
        for col in self.probes:
            for compiled in self.index.get((col, row[col]), ()):
                if all(test(row[c]) for c, test in compiled[1]):
                    found.append(compiled)
        found += [compiled for compiled in self.scan if all(test(row[c]) for c, test in compiled[1])]
        return tuple(sorted(found, key=lambda compiled: (compiled[0], len(compiled[2]))))  # by key, then end

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        n = len(doc)
        found: list[tuple[int, int, int]] = []
        if n and self.names:
            columns = [ATTRIBUTES[name] for name in self.names]
            rows = list(zip(*doc.to_array(columns).reshape(n, len(columns)).T.tolist(), strict=True))
            starts = self.starts
            if len(starts) > MEMO_SIZE:
                starts.clear()
            for i, row in enumerate(rows):
                begun = starts.get(row)
                if begun is None:
                    begun = starts[row] = self._starts(row)
                for key, _, rest in begun:
                    end = i + 1 + len(rest)
                    if not rest or end <= n and all(test(rows[j][c]) for j, tests in enumerate(rest, i + 1)
                                                    for c, test in tests):
                        found.append((key, i, end))
        # found is in order already: by start, and at one start as _starts() orders the patterns
        if len(self.fallback):
            found += [(int(self.vocab.strings[match_id]), start, end)
                      for match_id, start, end in self.fallback(doc, allow_missing=True)]
            found.sort(key=lambda m: (m[1], m[0], m[2]))
        return found
