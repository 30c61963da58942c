"""The files under kg/rules/: a file's name in, its tables or its words out, read once.

Rule files are TOML (read by the standard library's tomllib), so they carry comments; a file
of rules is an array of `[[rule]]` tables, each found again by the line of its `id = "..."`
for the error messages of the modules that check them. Word lists are TOML lists too
(modality.toml, people.toml, organizations.toml, places.toml, sports.toml, entities.toml,
speech.toml), each under a commented key, read as a set or, where order matters, a tuple.
"""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

import tomllib

from .errors import RuleError


def text(name: str) -> str:
    """The text of kg/rules/NAME."""
    return resources.files("kg").joinpath(f"rules/{name}").read_text(encoding="utf-8")


def parse(source_text: str, source: str) -> dict:
    """The tables of TOML text; malformed TOML is a RuleError naming source:line (tomllib's)."""
    try:
        return tomllib.loads(source_text)
    except tomllib.TOMLDecodeError as e:
        at = re.search(r" \(at line (\d+), column (\d+)\)$", str(e))
        if at is None:
            raise RuleError(f"{source}: malformed TOML ({e})") from None
        raise RuleError(f"{source}:{at[1]}: malformed TOML ({str(e)[:at.start()]}, column {at[2]})") from None


@cache
def table(name: str) -> dict:
    """The tables of the TOML file kg/rules/NAME."""
    return parse(text(name), f"kg/rules/{name}")


def id_lines(source_text: str, array: str = "rule") -> list[int]:
    """For each `[[ARRAY]]` table of TOML text in order, the line of its `id = ...` (or of its
    header when it has no id). tomllib gives no line numbers, so the text is scanned for them."""
    header = re.compile(rf"\s*\[\[\s*{re.escape(array)}\s*\]\]")
    other = re.compile(r"\s*\[")
    ident = re.compile(r"\s*id\s*=")
    out: list[int] = []
    inside = False
    for n, line in enumerate(source_text.splitlines(), 1):
        if header.match(line):
            out.append(n)
            inside = True
        elif other.match(line):
            inside = False
        elif inside and ident.match(line) and out:
            out[-1] = n
            inside = False
    return out


def words(name: str, key: str) -> list[str]:
    """The word list KEY of the TOML file kg/rules/NAME, in its order (the file is read once)."""
    found = table(name).get(key)
    if not isinstance(found, list) or not all(isinstance(w, str) for w in found):
        raise RuleError(f"kg/rules/{name}: {key!r} must be a list of words")
    return found


def word_set(name: str, key: str) -> set[str]:
    """The word list KEY of the TOML file kg/rules/NAME as a new set."""
    return set(words(name, key))


def word_tuple(name: str, key: str) -> tuple[str, ...]:
    """The word list KEY of the TOML file kg/rules/NAME as a tuple, in the file's order: for code
    that tries the words in turn or passes them to str.endswith."""
    return tuple(words(name, key))
