"""The world-knowledge tables under kg/data/: countries, organizations, products, titles.

Loaded once and cached. Each table is plain JSONL (a first line with "source"
says where it comes from), so users can extend it without touching code.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import RuleError


def _rows(name: str) -> list[dict]:
    text = resources.files("kg").joinpath(f"data/{name}").read_text(encoding="utf-8")
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise RuleError(f"kg/data/{name}:{n}: malformed JSON ({e.msg})") from None
        if "source" not in row:
            rows.append(row)
    return rows


_DOTS = re.compile(r"[.'’]")
_GAPS = re.compile(r"[^\w%]+")


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """The key names are compared by: casefolded, no dots or apostrophes, no leading 'the'."""
    t = _GAPS.sub(" ", _DOTS.sub("", text.casefold())).strip()
    return t[4:] if t.startswith("the ") else t


@dataclass(frozen=True)
class Country:
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str
    ambiguous: bool  # its name is also a common word or a person's name
    provinces: tuple[str, ...] = ()  # states, provinces, regions (as the source spells them)


@dataclass(frozen=True)
class Known:
    """A named thing of a table: its class in the ontology and its canonical name."""

    cls: str
    name: str


@dataclass(frozen=True)
class Title:
    title: str
    leader: bool
    unique: bool = False  # one holder at a time: "the First Lady" names a person
    scope: str = ""  # whose title it is when the phrase names no one: "government", "company", "none" or ""
    countries: tuple[str, ...] = ()  # the only countries whose governments use it
    not_countries: tuple[str, ...] = ()  # countries whose governments never do


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    return tuple(Country(r["name"], tuple(r["aliases"]), tuple(r["demonyms"]), r["capital"],
                         r["ambiguous"], tuple(r.get("provinces", ()))) for r in _rows("countries.jsonl"))


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    return frozenset(c.name for c in countries())


def _checked_country(table: str, what: str, country: str) -> str:
    """country, if countries.jsonl has it; else the table's row is a RuleError."""
    if country not in country_names():
        raise RuleError(f"kg/data/{table}: {what!r} names {country!r}, not a country of countries.jsonl")
    return country


@lru_cache(maxsize=1)
def organizations() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """International organizations and blocs, political parties (parties.jsonl), and news
    agencies, broadcasters, newspapers, major companies and clubs (companies.jsonl)."""
    return tuple((r["name"], tuple(r["aliases"])) for r in _rows("organizations.jsonl")) + tuple(
        (p.name, p.aliases) for p in parties()) + companies()


@lru_cache(maxsize=1)
def memberships() -> dict[str, dict[str, tuple[tuple[int, int | None], ...]]]:
    """Bloc -> member country -> the (since, until) years of its membership, until None while it
    lasts (memberships.jsonl). Each bloc is a name of organizations.jsonl, each member a country."""
    blocs = {name for name, _ in organizations()}
    out: dict[str, dict[str, tuple[tuple[int, int | None], ...]]] = {}
    for r in _rows("memberships.jsonl"):
        if r["organization"] not in blocs:
            raise RuleError(f"kg/data/memberships.jsonl: {r['organization']!r} is no name of organizations.jsonl")
        out[r["organization"]] = {
            _checked_country("memberships.jsonl", r["organization"], country): tuple(
                (since, until) for since, until in spans) for country, spans in r["members"].items()}
    return out


@lru_cache(maxsize=1)
def companies() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """News agencies, broadcasters, newspapers, major companies and clubs (companies.jsonl)."""
    return tuple((r["name"], tuple(r["aliases"])) for r in _rows("companies.jsonl"))


@lru_cache(maxsize=1)
def company_names() -> frozenset[str]:
    """The canonical names of companies(): a known name that is a company's may take a legal
    form ("Petrobras SA") or own a unit; a party or an institution does neither."""
    return frozenset(name for name, _ in companies())


@dataclass(frozen=True)
class Party:
    name: str
    country: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]  # "Republican Senator X", "Labour MP X"
    codes: tuple[str, ...]  # a US lawmaker's tag: "D" of "D-Ill."
    shared: tuple[str, ...] = ()  # names several countries' parties go by ("Greens"): read by the article's country


@lru_cache(maxsize=1)
def parties() -> tuple[Party, ...]:
    out = []
    for r in _rows("parties.jsonl"):
        out.append(Party(r["name"], _checked_country("parties.jsonl", r["name"], r["country"]),
                         tuple(r["aliases"]), tuple(r.get("adjectives", ())),
                         tuple(r.get("codes", ())), tuple(r.get("shared", ()))))
    return tuple(out)


@lru_cache(maxsize=1)
def party_names() -> frozenset[str]:
    return frozenset(p.name for p in parties())


@lru_cache(maxsize=1)
def organization_countries() -> dict[str, str]:
    """Organization name -> the country it is based in: the national bodies of organizations.jsonl,
    the agencies, media, companies and clubs of companies.jsonl that carry a country, and the
    parties of parties.jsonl."""
    out = {}
    for table in ("organizations.jsonl", "companies.jsonl"):
        for r in _rows(table):
            if r.get("country"):
                out[r["name"]] = _checked_country(table, r["name"], r["country"])
    out.update((p.name, p.country) for p in parties())  # checked by parties()
    return out


@lru_cache(maxsize=1)
def products() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((r["name"], tuple(r["aliases"])) for r in _rows("products.jsonl"))


@lru_cache(maxsize=1)
def titles() -> tuple[Title, ...]:
    out = []
    for r in _rows("titles.jsonl"):
        if r.get("scope", "") not in ("", "government", "company", "none"):
            raise RuleError(f"kg/data/titles.jsonl: {r['title']!r} has scope {r['scope']!r}; "
                            "expected 'government', 'company', 'none' or no scope")
        out.append(Title(r["title"], bool(r["leader"]), bool(r.get("unique")), r.get("scope", ""),
                         tuple(r.get("countries", ())), tuple(r.get("not_countries", ()))))
    for t in out:
        for c in (*t.countries, *t.not_countries):
            _checked_country("titles.jsonl", t.title, c)
    return tuple(out)


@lru_cache(maxsize=1)
def seats() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Seats of government named for the people in them ("the Kremlin said"): (name, country,
    aliases), each a Place (kg/data/seats.jsonl). The country is data, not a fact of the graph:
    news that names the White House does not state where it is."""
    return tuple((r["name"], _checked_country("seats.jsonl", r["name"], r["country"]), tuple(r["aliases"]))
                 for r in _rows("seats.jsonl"))


@lru_cache(maxsize=1)
def seat_names() -> frozenset[str]:
    return frozenset(name for name, _, _ in seats())


@lru_cache(maxsize=1)
def names() -> dict[str, Known]:
    """Normalized name or alias of every country, organization, product and seat of government
    -> what it is."""
    out: dict[str, Known] = {}
    for c in countries():
        for form in (c.name, *c.aliases):
            out.setdefault(norm(form), Known("Country", c.name))
    for name, _, aliases in seats():
        for form in (name, *aliases):
            out.setdefault(norm(form), Known("Place", name))
    for name, aliases in organizations():
        for form in (name, *aliases):
            out.setdefault(norm(form), Known("Organization", name))
    for name, aliases in products():
        for form in (name, *aliases):
            out.setdefault(norm(form), Known("Product", name))
    return out


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Normalized capital -> country, for capitals that stand for governments."""
    return {norm(c.capital): c.name for c in countries() if c.capital}


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Normalized demonym -> country."""
    return {norm(d): c.name for c in countries() for d in c.demonyms}


@lru_cache(maxsize=1)
def title_words() -> dict[str, Title]:
    """Normalized title -> Title."""
    return {norm(t.title): t for t in titles()}


@lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """Nouns that name a person and never a company ("hopeful", "ruler", "tycoon")."""
    text = resources.files("kg").joinpath("data/person_nouns.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def not_entities() -> frozenset[str]:
    text = resources.files("kg").joinpath("data/not_entities.txt").read_text(encoding="utf-8")
    return frozenset(norm(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def places_in() -> dict[str, frozenset[str]]:
    """Normalized capital or province -> the countries it lies in."""
    out: dict[str, set[str]] = {}
    for c in countries():
        for place in (c.capital, *c.provinces):
            if place:
                out.setdefault(norm(place), set()).add(c.name)
    return {k: frozenset(v) for k, v in out.items()}


@dataclass(frozen=True)
class City:
    country: str
    region: str  # US state, or ""
    population: int


# Full names that name something else as often (the US capital and government, the country)
# and postal codes that are words or names: never joined to a state by themselves.
_NOT_STATES = {"washington", "georgia", "in", "or", "me", "ok", "hi", "oh", "de", "la", "co", "id", "al", "ma"}


@lru_cache(maxsize=1)
def us_states() -> dict[str, str]:
    """Normalized name, postal code or AP abbreviation ("okla", "nc", "north carolina") -> the US
    state it names (kg/data/us_states.tsv)."""
    text = resources.files("kg").joinpath("data/us_states.tsv").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name, *forms = line.split("\t")
        for form in (name, *forms):
            if form and norm(form) not in _NOT_STATES:
                out[norm(form)] = name
    return out


@lru_cache(maxsize=1)
def cities() -> dict[str, tuple[City, ...]]:
    """Normalized city name -> the cities of that name (GeoNames, 5,000+ people), most populous first.
    Made by tools/make_cities.py; capitals and provinces of countries.jsonl come first, as the
    most populous, so "Georgia" the US state does not outrank nothing."""
    text = resources.files("kg").joinpath("data/cities.tsv").read_text(encoding="utf-8")
    out: dict[str, list[City]] = {}
    big = 10**9
    for place, countries in places_in().items():
        out[place] = [City(c, "", big) for c in sorted(countries)]
    for n, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or not parts[3].isdigit():
            raise RuleError(f"kg/data/cities.tsv:{n}: expected name, country, state, population")
        out.setdefault(norm(parts[0]), []).append(City(parts[1], parts[2], int(parts[3])))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Given names, as written ("Helmut", "Amadou"): a cue that a name is a person's."""
    return frozenset(n for r in _rows("given_names.jsonl") for n in r["names"])


def fold(word: str) -> str:
    """A word without its accents ("François" -> "Francois")."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode() or word


@lru_cache(maxsize=1)
def folded_given_names() -> frozenset[str]:
    """given_names() without accents: news in English often drops them ("Francois", "Jose")."""
    return frozenset(fold(n) for n in given_names())


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Surnames, as written ("Kennedy", "Hamilton"): a one-word name that is one may be a person's."""
    return frozenset(n for r in _rows("surnames.jsonl") for n in r["names"])
