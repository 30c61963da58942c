"""Text bound for a terminal, made harmless: a message in, the same message with its control
characters escaped out.

Article text, file names and graph data reach kg's messages. Raw, an escape sequence in
them could recolour or clear the terminal, set its title, or (with a newline) forge a
line that looks like kg's own ("kg: ..."). `printable` writes every control character
(C0, DEL, C1), line and paragraph separator and bidirectional override as a Python-style
escape (\\x1b, \\n, \\u202e), so one message stays one line and shows what it holds.
"""
from __future__ import annotations

import logging
import re

# C0 and C1 controls and DEL; U+2028/2029 (line and paragraph separators); the bidi
# embeddings, overrides and isolates, which reorder what follows them on screen
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_KEEP_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match) -> str:
    ch = m.group()
    if ch in _NAMED:
        return _NAMED[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def printable(text: object, lines: bool = False) -> str:
    """text with its control characters escaped; with lines, newlines and tabs are kept
    (a multi-line report), everything else is still escaped."""
    return (_UNSAFE_KEEP_LINES if lines else _UNSAFE).sub(_escape, str(text))


class Formatter(logging.Formatter):
    """A logging formatter whose every record is one printable line."""

    def format(self, record: logging.LogRecord) -> str:
        record.message = printable(record.getMessage())
        return self.formatMessage(record)
