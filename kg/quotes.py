"""Quotation spans of a text: a string in, the character spans between matching quote marks out.

Curly quotes pair by direction (“…”), straight double quotes pair in order. A
quotation may run over several sentences. Single quotes are left alone: they are
apostrophes far more often than quotation marks in news.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_CLOSE = {"“": "”", "„": "“", "«": "»"}
_OPENING = re.compile("[" + "".join(OPEN_CLOSE) + '"]')


@dataclass(frozen=True)
class Quote:
    start: int  # offset of the first quoted character (after the opening mark)
    end: int  # offset of the closing mark

    def __contains__(self, offset: int) -> bool:
        return self.start <= offset < self.end


def spans(text: str) -> list[Quote]:
    """The quotations of text, in order, without their marks."""
    out: list[Quote] = []
    i = 0
    while True:
        found = _OPENING.search(text, i)
        if found is None:
            break
        i = found.start()
        j = text.find(OPEN_CLOSE.get(text[i], '"'), i + 1)
        # A quotation does not run past a paragraph break.
        brk = text.find("\n\n", i + 1)
        if j != -1 and (brk == -1 or j < brk) and j > i + 1:
            out.append(Quote(i + 1, j))
            i = j + 1
        else:
            i += 1
    return out


def inside(quotes: list[Quote], offset: int) -> Quote | None:
    """The quotation that contains offset, if any."""
    for q in quotes:
        if offset in q:
            return q
    return None


def words(text: str, q: Quote) -> str:
    """The quoted words, trimmed of edge punctuation that belongs to the sentence around."""
    return re.sub(r"^[\s,;:]+|[\s,;:]+$", "", text[q.start:q.end])
