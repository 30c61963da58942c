"""Resolve mentions to entities: every Mention of a build in, one Entity per real thing out.

The rules, in the order they apply:

- Known things (kg/data tables) join by canonical name: "U.S." = "US" = "United
  States"; capitals standing for governments and demonyms join their country.
- People join by full name, case-folded and without middle initials ("Donald J.
  Trump" = "Donald Trump", "President XI" = "Xi").
- A one-word name ("Trump", "Xi") joins the one person of the build whose first or
  last name it is, looked for first in the same article, then in the whole build.
  When two people of its article fit (Wang Yi and Neo Wang for "Wang"), the mention is
  left out rather than merged without evidence; when two fit only elsewhere in the build,
  it is a person of its own ("Kennedy"). Words the NER gave another class ("Trump"
  as ORG, "Perdue" as NORP) join a person the same way.
- "<leader> administration" stands for the country its leader leads.
- Each name takes one class in its article, by vote over its mentions and the cues of
  its own words (a given name, "... Party", "... Square"); see Resolver._vote.
- Organizations join by name without a corporate suffix, by acronym ("WTO" = "World
  Trade Organization") and by a unique shorter form ("Evercore" = "Evercore ISI").
- Agreements join by date ("the May 12 truce" = "a deal made on May 12"), and
  "the deal" joins the one agreement of its article.

Blocking is by normalized key, so the cost grows with the number of mentions, not
with its square.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

from . import rulefiles
from .data import cities, demonyms, given_names, norm, surnames
from .data import names as known_names
from .entities import AGREEMENT_NOUNS, ORG_HEADS, given_name
from .model import Entity, EventRecord, Fact, Key, Mention, ResolvedEvent, ResolvedFact
from .nlp import CORPORATE, PARTICLES
from .parties import party_words
from .places import AGENCIES, GOVERNMENT_WORDS, INSTITUTIONS
from .vocab import SIGNATURES


def person_key(text: str) -> str:
    """Full-name key: case-folded words without initials ("Donald J. Trump" -> "donald trump")."""
    words = [w for w in norm(text).split() if len(w) > 1]
    return " ".join(words) or norm(text)


def org_key(text: str) -> str:
    """An organization's key: its normalized name without a corporate suffix or a dangling
    joiner ("Robert H. Barker and Co" -> "robert h barker")."""
    words = norm(text).split()
    while len(words) > 1 and (words[-1] in CORPORATE or words[-1] in ("and", "of", "the")):
        words.pop()
    return _ministry_order(" ".join(words))


def _party_forms(key: str) -> set[str]:
    """What a party's members are called, standing for the party: "social democratic party" ->
    "social democrats", "social democrat"; "labour party" -> "labour"; "green party" -> "greens"."""
    words = key.split()[:-1]
    last = words[-1]
    nouns = {last, last + "s"} | ({last[:-2], last[:-2] + "s"} if last.endswith("ic") else set())
    return {" ".join(words[:-1] + [noun]) for noun in nouns}


def _ministry_order(key: str) -> str:
    """A ministry or department named either way round: "ministry of foreign affairs" and
    "ministry for family affairs" are "foreign ministry" and "family ministry", "department of
    energy" is "energy department"."""
    words = key.split()
    for i, w in enumerate(words[:-2]):
        if w in ("ministry", "department") and words[i + 1] in ("of", "for"):
            field = [x for x in words[i + 2:] if x != "the"]
            if field and field[-1] == "affairs" and len(field) > 1:
                field.pop()
            if field and "of" not in field:  # not "ministry of x of y"
                words = words[:i] + field + [w]
            break
    return " ".join(words)  # a "Foreign Office" is not made a "Foreign Ministry": an article may
    # name Germany's Foreign Office and another country's Foreign Ministry


ACRONYM_CORPORATE = rulefiles.word_set("organizations.toml", "acronym_corporate")


def _acronyms(name: str) -> set[str]:
    """The acronyms a name may go by: its initials, with or without those of its trailing
    corporate words ("Western Mining Corp Holdings Ltd": WM, WMC, WMCH, WMCHL)."""
    words = [w for w in re.findall(r"[A-Za-z][\w-]*", name)
             if w[0].isupper() and w.lower() not in ("of", "the", "and", "for")]
    core = len(words)
    while core > 1 and words[core - 1].lower().rstrip(".") in CORPORATE | ACRONYM_CORPORATE:
        core -= 1
    full = "".join(w[0] for w in words).upper()
    return {full[:k] for k in range(max(core, 2), len(full) + 1)}


VOTING = ("Person", "Organization", "Place", "Product", "")  # classes a vote may choose among
TIE_ORDER = ("", "Product", "Person", "Place", "Organization")  # a tie's last resort, weakest first


# The last words of names that are no person's: organizations and places ("Order and Justice Party",
# "Tahrir Square"). General vocabulary, not names.
# A body's head noun on its own ("the Bank", "the Committee"): a name only as the short form of
# a named body of its article
# ("the Commission", "the Council", "the Union" name one body in EU and US news: kept)
GENERIC_BODIES = rulefiles.word_set("organizations.toml", "generic_bodies")
# Words of a company's or an institution's name anywhere in it ("Victor Federal Savings"): no person's.
ORG_WORDS = ORG_HEADS | CORPORATE | rulefiles.word_set("organizations.toml", "org_name_words")
# German compounds end in the word for what they name: a newspaper, a broadcaster, a bank, a publisher.
GERMAN_ORG_ENDINGS = rulefiles.word_tuple("organizations.toml", "german_org_endings")
PLACE_HEADS = rulefiles.word_set("places.toml", "place_heads")
FORMER_NAMES: dict[str, str] = rulefiles.table("places.toml")["former_names"]


TOWN = 20_000  # people: a one-word name of a place this big that is no one's name is the place
CITY = 50_000  # people: a name of several words of a place this big is the place


def _a_town(word: str) -> bool:
    """A one-word name of a city of TOWN people or more (or a capital or province) that is no
    one's given name or surname: "Essen", "Leverkusen"; not "Kennedy" or "Florence"."""
    if not word[:1].isupper() or word in given_names() or word in surnames() or word.title() in surnames():
        return False
    return any(c.population >= TOWN for c in cities().get(norm(word), ()))


def _a_city(words: list[str]) -> bool:
    """A name of several words of a city of CITY people or more that is not a given name and a
    surname: "Santa Barbara", "Winston Salem"; not "Benito Juarez" or "Diego Garcia"."""
    if given_name(words[0]) and words[-1] in surnames():
        return False
    return any(c.population >= CITY for c in cities().get(norm(" ".join(words)), ()))


def _looks(text: str) -> str:
    """The class a name's own words say it has: "Person" for a given name and a surname
    ("Helmut Asche", "Ulf D. Merbold"), "Organization" or "Place" for a name whose last word is
    an organization's or a place's ("Order and Justice Party", "Tahrir Square"), else ""."""
    words = text.split()
    last = norm(words[-1]) if words else ""
    if last in ORG_HEADS or last in CORPORATE or len(words) > 1 and words[0] in ("Der", "Die", "Das") \
            or last.endswith(GERMAN_ORG_ENDINGS):  # "Der Spiegel", "Handelsblatt", "Norddeutscher Rundfunk"
        return "Organization"
    if last in PLACE_HEADS:
        return "Place"
    if len(words) == 1 and _a_town(text) or len(words) > 1 and _a_city(words):
        return "Place"
    first_name = given_name(words[0]) and (words[0] not in surnames() or words[-1] in surnames()
                                                 and words[-1] not in given_names())  # not "Smith Barney"
    if 2 <= len(words) <= 4 and first_name and not {norm(w) for w in words} & ORG_WORDS and all(
            w[:1].isupper() and (w.replace("-", "").isalpha() or len(w) == 2 and w[1] == ".") for w in words[1:]):
        return "Person"
    return ""


def misspelt(a: str, b: str, shortest: int = 6) -> bool:
    """Two spellings of one long word, one letter apart (a letter added, dropped, changed, or
    two swapped): "Largarde" and "Lagarde", "Sebastisn" and "Sebastian". Words of fewer than
    `shortest` letters are never taken for each other ("Iran", "Iraq"), nor a word for its plural."""
    if a == b or min(len(a), len(b)) < shortest or abs(len(a) - len(b)) > 1 or a[0] != b[0] \
            or a + "s" == b or b + "s" == a:  # "Muslim", "Muslims": a plural is no misspelling
        return False
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or a[i:i + 2] == b[i + 1::-1][:2] and a[i + 2:] == b[i + 2:]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return short[i:] == long_[i + 1:]


def _party_country(name: str) -> str | None:
    """The country of the party a name or a party's word names ("Labour", "Progressive Conservative")."""
    known = known_names().get(norm(name))
    party = party_words().get(norm(known.name if known else name))
    return party.country if party else None


def _one_word_apart(a: str, b: str, alike: Callable[[str, str], bool]) -> bool:
    """Two names, word for word the same but for one word, and that one `alike`."""
    x, y = a.split(), b.split()
    return len(x) == len(y) and sum(u != v for u, v in zip(x, y, strict=True)) == 1 and all(
        u == v or alike(u, v) for u, v in zip(x, y, strict=True))


def _misspelt_name(a: str, b: str) -> bool:
    """Two full names, word for word the same but for one misspelt word."""
    return _one_word_apart(a, b, misspelt)


def _variant_name(a: str, b: str) -> bool:
    """Two forms of one long name, word for word the same but for one word misspelt or given
    its adjective: "federal environmental agency" and "federal environment agency"."""
    return _one_word_apart(a, b, lambda u, v: misspelt(u, v) or u + "al" == v or v + "al" == u)


def _prior(cls: str, key: str, company: bool) -> tuple[int, int, int]:
    """How well a class fits a name beside the votes: a place the tables know, a company's
    short form, then TIE_ORDER."""
    return (cls == "Place" and key in cities(), cls == "Organization" and company, TIE_ORDER.index(cls))


class Resolver:
    """Assigns each mention a cluster key; see the module docstring for the rules."""

    def __init__(self, mentions: Iterable[Mention], leader_of: dict[tuple, str] | None = None,
                 national: dict[tuple[str, str], str] | None = None,
                 apart: set[tuple[str, str, str]] | None = None):
        self.mentions = list(mentions)
        self.leader_of = leader_of or {}  # person mention key -> country it leads
        self.national = national or {}  # (article, org_key) of an unnamed national body -> its country
        self.apart = apart or set()  # (article, org_key, org_key): two companies a fact of the article relates
        self.assigned: dict[tuple, Key | None] = {}  # None: the mention is left out
        self.unnamed: set[tuple] = set()  # mentions of a body by its head noun alone: no node

    # ---------------------------------------------------------------- types

    def _vote(self) -> None:
        """One class per name and article, by vote over its mentions: "Essen" read once as a
        person and twice as a place is a place in all three. Each mention's class (the NER's
        guess, or a cue the extraction read: "in Essen", "the town of X") is a vote, a tentative
        one 0.4; the name's own words add 1.5 (a given name and a surname, "... Party", "...
        Square") or 2.5 (a town's name that is nobody's given name or surname); a tie goes to
        what the tables know (a city is a place), then to a company whose longer name the
        article gives, then Organization, Place, Person. A name the NER read as a person that
        starts the one organization of its article ("Bayern" beside "Bayern Munich", "Killearn
        Properties" beside "Killearn Properties Inc"), or ends its two-word name ("Leverkusen",
        "Bayer Leverkusen"), is that organization, unless a person of the article bears the word."""
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, m in enumerate(self.mentions):
            if m.cls in VOTING and not (m.known or m.pronoun or m.refers_to or m.metonym):
                groups[(m.article, norm(m.text))].append(i)
        # the names of the build's companies written with a legal form ("Kokusai Denshin Denwa Co
        # Ltd"): without it, in any article, a name of several words that is no given name's is that
        # company, not a person ("rival to Kokusai Denshin Denwa")
        suffixed = {org_key(m.text) for m in self.mentions if m.cls == "Organization" and not m.pronoun
                    and len(m.text.split()) > 1 and norm(m.text).split()[-1] in CORPORATE}
        org_names: dict[str, set[str]] = defaultdict(set)
        person_words: dict[str, set[str]] = defaultdict(set)
        for m in self.mentions:
            if m.pronoun or m.refers_to:
                continue
            if m.cls == "Organization" and len(m.text.split()) > 1:
                org_names[m.article] |= {org_key(m.text), norm(m.text)}
            elif m.cls == "Person" and len(m.text.split()) > 1:
                person_words[m.article] |= set(person_key(m.text).split())
        votes: dict[tuple[str, str], Counter] = {}
        forced: dict[tuple[str, str], str] = {}
        company: set[tuple[str, str]] = set()
        for (article, key), idx in groups.items():
            classes: Counter = Counter()
            for i in idx:  # a tentative class ("Trump" as ORG) is a weak guess, a cued one ("firm X") strong
                m = self.mentions[i]
                classes[m.cls] += 0.4 if m.tentative else 2 if m.cued else 1  # type: ignore[assignment]  # float weights; typeshed's Counter counts ints
            if " " not in key and key in person_words[article]:
                classes["Person"] += 1  # the short name of a person of the article
            starts = {k for k in org_names[article] if k.startswith(key + " ")
                      or " " not in key and k.endswith(" " + key) and len(k.split()) == 2
                      and _looks(self.mentions[groups[(article, k)][0]].text if (article, k) in groups else k)
                      != "Person"}  # "Bayer Leverkusen", not "Leo Tolstoy" read as an organization
            looks = "" if starts or any(self.mentions[i].cued and self.mentions[i].cls == "Organization" for i in idx) \
                else _looks(self.mentions[idx[0]].text)  # "Robert H. Barker" beside
            if looks == "Place" and "Organization" in classes and len(words := self.mentions[idx[0]].text.split()) > 1 \
                    and _a_city(words):
                looks = ""  # a city's name outvotes a guess of a person ("Santa Barbara"), not a club's
            if looks:  # "Robert H. Barker and Co" is the company's short form, "Bayern" Bayern Munich's
                # outvotes one guess of the NER, not two; a town's name outvotes two
                classes[looks] += 2.5 if looks == "Place" and " " not in key else 1.5  # type: ignore[assignment]  # as above
            # one organization, however many of its forms start with the name ("RJ Reynolds Tobacco"
            # and "RJ Reynolds Tobacco USA" for "R.J. Reynolds said")
            ones = {k for k in starts if not any(k.startswith(o + " ") for o in starts if o != k)}
            if len(ones) == 1 and key not in person_words[article] and classes.keys() <= {"Person", ""}:
                forced[(article, key)] = "Organization"
            elif " " in key and key in suffixed and not given_name(self.mentions[idx[0]].text.split()[0]):
                forced[(article, key)] = "Organization"
            votes[(article, key)] = classes
            if starts:
                company.add((article, key))
        # A surname votes with the one full name of its article it ends ("Tolstoy", "Leo Tolstoy"),
        # when either is read as a person somewhere and the full name is a person's in form
        # (capitalized words and particles: not "University of Bremen").
        # A multi-word surname votes so too ("Strauss-Kahn", "Le Pen"), and so does a misspelt
        # surname ("Largarde" beside "Christine Lagarde").
        ends: dict[tuple[str, str], list[str]] = defaultdict(list)
        lasts: dict[str, list[tuple[str, str]]] = defaultdict(list)  # article -> (last word, full name)
        for (article, key), idx in groups.items():
            words = self.mentions[idx[0]].text.split()
            if len(words) > 1 and all(w[:1].isupper() or w.split("-")[0] in PARTICLES for w in words):
                parts = key.split()  # "Bashar al-Assad"
                for k in range(1, len(parts)):
                    ends[(article, " ".join(parts[k:]))].append(key)
                lasts[article].append((parts[-1], key))
        members: dict[tuple[str, str], list[tuple[str, str]]] = {g: [g] for g in votes}
        for (article, key), idx in groups.items():
            words = self.mentions[idx[0]].text.split()
            if len(words) > 1 and not (words[0].lower() in PARTICLES or "-" in self.mentions[idx[0]].text):
                continue  # several words are one surname with a particle or a hyphen, not "Tel Aviv"
            full = ends.get((article, key)) or (
                [] if " " in key else [f for w, f in lasts[article] if w != key and misspelt(key, w)])
            if len(full) == 1 and (article, key) not in forced \
                    and (article, full[0]) not in forced \
                    and "Person" in votes[(article, key)] + votes[(article, full[0])]:
                members[(article, full[0])].append((article, key))
                members[(article, key)] = []
        # "the Tuaregs" and "Tuareg fighters": a one-word name and its plural vote as one, unless
        # either is read as a person's
        for (article, key) in list(groups):
            one = (article, key[:-1])
            if " " not in key and key.endswith("s") and members.get(one) == [one] \
                    and members.get((article, key)) == [(article, key)] and one not in forced \
                    and (article, key) not in forced and "Person" not in votes[one] + votes[(article, key)]:
                members[one].append((article, key))
                members[(article, key)] = []
        for g, linked in members.items():
            if not linked:
                continue
            total: Counter = sum((votes[x] for x in linked), Counter())
            others = [v for c, v in votes[g].items() if c != "Person"]
            if len(linked) > 1 and votes[g]["Person"] > max(others, default=0):
                total = votes[g]  # the full name a person's: its surname is one, whatever the NER said
            winner = forced.get(g) or max(total, key=lambda c: (total[c], _prior(c, g[1], g in company)))
            for x in linked:
                for i in groups[x]:
                    if self.mentions[i].cls != winner:
                        self.mentions[i] = replace(self.mentions[i], cls=winner, tentative=False)

    # ---------------------------------------------------------------- people

    def _people(self) -> None:
        full: dict[str, list[Mention]] = defaultdict(list)
        for m in self.mentions:
            if m.cls == "Person" and not (m.refers_to or m.metonym) and len(person_key(m.text).split()) > 1:
                full[person_key(m.text)].append(m)
                self.assigned[m.key] = ("Person", person_key(m.text))

        def join(key: str, into: str) -> None:
            for m in full.pop(key):
                self.assigned[m.key] = ("Person", into)
                full[into].append(m)
        # "von der Leyen" -> "Ursula von der Leyen": a multi-word name that ends the one
        # longer name of its article (or, failing that, of the build)
        ends: dict[str, list[str]] = defaultdict(list)  # "der leyen" -> the names ending " der leyen"
        for k in full:
            for i, c in enumerate(k):
                if c == " ":
                    ends[k[i + 1:]].append(k)
        for key in sorted(full, key=len):
            longer = {k for k in ends.get(key, ()) if k in full and k != key}
            here = {k for k in longer for m in full[key] for o in full[k] if o.article == m.article}
            target = here if len(here) == 1 else longer if len(longer) == 1 else set()
            if target:
                join(key, next(iter(target)))
        # "Jose Kalupeteka" -> "Jose Julino Kalupeteka": a full name without the middle names of
        # the one longer name of its article that starts and ends as it does
        by_ends: dict[tuple[str, str], list[str]] = defaultdict(list)
        for key in full:
            words = key.split()
            by_ends[(words[0], words[-1])].append(key)
        for key in sorted(full, key=len):
            words = key.split()
            articles = {m.article for m in full[key]}
            longer = {k for k in by_ends[(words[0], words[-1])] if k in full and len(k.split()) > len(words)
                      and any(o.article in articles for o in full[k])}
            if len(longer) == 1:
                join(key, next(iter(longer)))
        # "Sebastisn Vettel" -> "Sebastian Vettel": a full name one letter off another of its
        # article joins the one mentioned more often (the first, on a tie)
        by_article: dict[str, list[str]] = defaultdict(list)
        for key, ms in full.items():
            for a in dict.fromkeys(m.article for m in ms):
                by_article[a].append(key)
        for _article, keys in sorted(by_article.items()):
            for key in keys:
                near = [k for k in keys if k in full and key in full and _misspelt_name(key, k)
                        and (len(full[k]), -min(m.start for m in full[k]))
                        > (len(full[key]), -min(m.start for m in full[key]))]
                if len(near) == 1:
                    join(key, near[0])
        # one-word name -> full-name keys it could stand for, by article
        index: dict[str, set[str]] = defaultdict(set)
        in_article: dict[tuple[str, str], set[str]] = defaultdict(set)
        words_in: dict[str, set[str]] = defaultdict(set)
        for key, ms in full.items():
            words = key.split()
            for w in {words[0], words[-1]}:
                index[w].add(key)
                for m in ms:
                    in_article[(w, m.article)].add(key)
                    if w == words[-1]:
                        words_in[m.article].add(w)  # surnames, for a misspelt one
        singles: set[str] = set()
        for m in self.mentions:
            if m.key in self.assigned or m.refers_to or m.metonym:
                continue
            if m.cls != "Person" and not m.tentative:
                continue
            word = person_key(m.text)
            if " " in word:
                continue
            here = in_article.get((word, m.article), set()) or {  # "Largarde" beside "Christine Lagarde",
                k for w in words_in[m.article]  # "Burzek" beside "Jerzy Buzek", not "Jones" beside "Jonas"
                if misspelt(word, w, shortest=5) and max(len(word), len(w)) > 5
                for k in in_article[(w, m.article)]}
            cands = here or index.get(word, set())
            if len(cands) == 1:
                self.assigned[m.key] = ("Person", next(iter(cands)))
            elif (not cands or not here) and m.cls == "Person":
                # no full name fits, or several do only elsewhere in the build ("Kennedy" in an
                # article that names no Kennedy): the name as written is a person of its own
                singles.add(word)
                self.assigned[m.key] = ("Person", word)
            elif len(cands) > 1:
                self.assigned[m.key] = None  # ambiguous in its own article: left out, never merged
        # A tentative word that is the lone name of a person elsewhere ("Trump" as ORG).
        for m in self.mentions:
            if m.key not in self.assigned and m.tentative and person_key(m.text) in singles:
                self.assigned[m.key] = ("Person", person_key(m.text))

    # ---------------------------------------------------------------- the rest

    def _metonyms(self) -> None:
        """'the Trump administration' -> the country its leader leads."""
        leads: dict[Key, Counter] = defaultdict(Counter)
        for mkey, country in self.leader_of.items():
            person = self.assigned.get(mkey)
            if person:
                leads[person][country] += 1
        for m in self.mentions:
            if not m.metonym or m.key in self.assigned:
                continue
            name = m.text.rsplit(" ", 1)[0]
            word = person_key(name)
            person = next((k for k in leads if k[1] == word or word in k[1].split()), None)
            if person:
                self.assigned[m.key] = ("Country", leads[person].most_common(1)[0][0])
            elif m.cls == "Organization" and (land := _party_country(m.known or name)):
                self.assigned[m.key] = ("Country", land)  # "the Labour government": the country's
            elif m.cls:
                self.assigned[m.key] = ("Organization", norm(m.text))

    def _organizations(self) -> None:
        """Organizations join by name without its corporate suffix ("Circuit Systems Inc" =
        "Circuit Systems"), by a shorter form that starts the one longer name of its article
        ("Senate Finance" = "Senate Finance Committee"), by acronym ("WTO", "WMC" for "Western
        Mining Corp Holdings Ltd"), and a one-word name by the one longer name it starts, ends or
        is inside ("Lowe", "Don Lowe Foods Inc"). A
        short form or acronym looks in its own article first, then in the build, where a one-word
        form joins only a name that some article writes it beside. A short form
        never joins a company that a fact of its article relates it to (`apart`: a unit and its
        parent are two)."""
        orgs = [m for m in self.mentions if m.key not in self.assigned and m.cls == "Organization"
                and not m.known]
        names = {org_key(m.text): m.text for m in orgs if len(m.text.split()) > 1}
        in_article: dict[str, set[str]] = defaultdict(set)  # the longer names of each article
        keys_in_article: dict[str, set[str]] = defaultdict(set)  # and all its names
        for m in orgs:
            keys_in_article[m.article].add(org_key(m.text))
            if len(m.text.split()) > 1:
                in_article[m.article].add(org_key(m.text))
        known_forms: dict[str, dict[str, str]] = defaultdict(dict)  # article -> a known body's form -> its name
        for m in self.mentions:
            if m.cls == "Organization" and m.known and not m.pronoun:
                known_forms[m.article][norm(m.text)] = m.known
                known_forms[m.article][norm(m.known)] = m.known  # "the Fund" after "the IMF"
        acronyms: dict[str, set[str]] = defaultdict(set)
        firsts: dict[str, set[str]] = defaultdict(set)
        for key, text in names.items():
            for a in _acronyms(text):
                acronyms[a].add(key)
            firsts[key.split()[0]].add(key)

        # the one-word forms that an article writes beside the longer name they start ("Anacomp"
        # beside "Anacomp Inc"): only such a stated short form joins that name in other articles
        stated: dict[str, set[str]] = defaultdict(set)
        for article, keys in in_article.items():
            for k in keys:
                if k.split()[0] in keys_in_article[article]:
                    stated[k].add(k.split()[0])

        party_forms: dict[tuple[str, str], set[str]] = defaultdict(set)
        for article, keys in in_article.items():
            for k in keys:
                if k.endswith(" party"):
                    for form in _party_forms(k):
                        party_forms[(article, form)].add(k)

        def one(cands: set[str], article: str) -> str | None:
            here = cands & in_article[article]
            pick = here if here else cands
            return next(iter(pick)) if len(pick) == 1 else None

        for m in orgs:
            key = org_key(m.text)
            if len(party := party_forms.get((m.article, key), set())) == 1:
                key = next(iter(party))  # "the Social Democrats" of the one "Social Democratic Party"
            if key.endswith("s") and key[:-1] in keys_in_article[m.article]:
                key = key[:-1]  # "the Houthis" of an article that names "Houthi" fighters
            longer = {k for k in in_article[m.article] if k.startswith(key + " ")}
            # "Leverkusen", "Berisford", "the Council", "the Statistics Office" for the one "Bayer
            # Leverkusen", "S and W Berisford Plc", "Security Council", "Federal Statistics Office"
            # of the article (a longer name that ends in a body's word, when the short one has several)
            ends = {k for k in in_article[m.article] if k.endswith(" " + key)}
            ends = {k for k in ends if not any(e.endswith(" " + k) for e in ends)}  # "Security Council"
            # is "UN Security Council", whose node it joins: the longest of names that end one another
            if len(key.split()) > 1 and len(longer) == 1:
                key = next(iter(longer))
            elif len(key.split()) > 1 and not longer and len(ends) == 1 \
                    and (key.split()[-1] in ORG_HEADS or _is_country(next(iter(ends))[:-len(key) - 1])):
                key = next(iter(ends))  # "Movement for Democratic Change" = "Zimbabwe Movement for ..."
            elif len(key.split()) > 1 and not longer and not ends and len(within := {
                    k for k in in_article[m.article] if len(k.split()) > len(key.split())
                    and set(key.split()) <= set(k.split())}) == 1:
                key = next(iter(within))  # "Human Rights Convention": the one "European Convention on
                # Human Rights" of its article, whose words it has in another order
            elif key not in names:
                letters = m.text.replace(".", "")
                if m.text.isupper() and acronyms.get(letters):
                    key = one(acronyms[letters], m.article) or key
                elif len(firsts.get(key, set()) & in_article[m.article]) == 1:
                    key = next(iter(firsts[key] & in_article[m.article]))
                elif len(ends) == 1:
                    key = next(iter(ends))
                elif " " not in key and len(inner := {k for k in in_article[m.article] if key in k.split()[1:]
                                                      and not _in_known_name(key, k)}) == 1:
                    key = next(iter(inner))  # "Lowe" for the one "Don Lowe Foods Inc" of the article
                elif " " not in key and len(bodies := {n for f, n in known_forms[m.article].items()
                                                       if f.endswith(" " + key)}
                                            or {n for f, n in known_forms[m.article].items()
                                                if f.startswith(key + " ")}) == 1:
                    self.assigned[m.key] = ("Organization", next(iter(bodies)))  # "the Council": the
                    continue  # one known "... Council" of its article ("Bayern": its "Bayern Munich")
                elif firsts.get(key) and (cand := one(firsts[key], m.article)) and key in stated[cand]:
                    key = cand  # not "Congress" of 24 articles for the "Congress Financial Group" of one
            if key == org_key(m.text) and len(key.split()) > 2 and len(
                    near := {k for k in in_article[m.article] if _variant_name(key, k)}) == 1:
                key = min(key, next(iter(near)))  # "Federal Environmental Agency": the "Federal
                # Environment Agency" of its article (both forms take the same key)
            if key in GENERIC_BODIES and (m.article, key) not in self.national:
                self.unnamed.add(m.key)  # "the Bank", "the Ministry" that no named body of its article
                continue  # ends in: no name
            if (m.article, org_key(m.text), key) in self.apart:
                key = org_key(m.text)  # "Oppenheimer, the brokerage subsidiary of Oppenheimer Group Inc": two
            country = self.national.get((m.article, key))
            if country:  # "the Finance Ministry" of Japan is not France's
                key = f"{key} of {norm(country)}"
            self.assigned[m.key] = ("Organization", key)
        # "the Court" joined "A European Court", which joined the one "European Court of Human
        # Rights" of its article: the short form follows to the name its longer form joined
        went: dict[tuple[str, str], set[str]] = defaultdict(set)
        for m in orgs:
            got = self.assigned.get(m.key)
            went[(m.article, org_key(m.text))].add(got[1] if got is not None else "")
        moved = {k: next(iter(to)) for k, to in went.items() if len(to) == 1 and not to & {"", k[1]}}
        for m in orgs:
            got = self.assigned.get(m.key)
            if got is None:
                continue
            key, seen = got[1], {org_key(m.text)}
            while (m.article, key) in moved and key not in seen:
                seen.add(key)
                key = moved[(m.article, key)]
            self.assigned[m.key] = ("Organization", key)

    def _agreements(self) -> None:
        """Agreements join by date ("the May 12 truce" = "a deal made on May 12") and by name; in
        one article, names that differ only in the agreement noun ("the Paris accord", "the Paris
        agreements") are one. An unnamed, undated one ("signed a deal") is its article's own, never
        joined to another article's. "The deal" is the one agreement of its article, or none."""
        by_article: dict[str, set[Key]] = defaultdict(set)
        stems: dict[tuple[str, str], Key] = {}
        for m in sorted(self.mentions, key=lambda m: (m.article, m.start)):
            if m.cls != "Agreement" or m.definite:
                continue
            words = norm(m.text).split()
            stem = " ".join(w for w in words if w not in AGREEMENT_NOUNS and w.rstrip("s") not in AGREEMENT_NOUNS)
            if m.date:
                key = ("Agreement", "date " + m.date[0])
            elif not any(w[:1].isupper() for w in m.text.split()):  # "deal", "defense pact"
                key = ("Agreement", f"{norm(m.text)} in {m.article}")
            else:
                key = stems.setdefault((m.article, stem), ("Agreement", norm(m.text)))
            self.assigned[m.key] = key
            by_article[m.article].add(key)
        for m in self.mentions:
            if m.cls == "Agreement" and m.definite:
                cands = by_article.get(m.article, set())
                self.assigned[m.key] = next(iter(cands)) if len(cands) == 1 else None

    def _misspelt_countries(self) -> None:
        """"Nigera" in an article that names Nigeria: a name one letter off a country the article
        names is that country."""
        named: dict[str, dict[str, str]] = defaultdict(dict)
        for m in self.mentions:
            if m.cls == "Country" and m.known and not m.pronoun:
                named[m.article][norm(m.known)] = m.known
        for m in self.mentions:
            if m.key in self.assigned or m.refers_to or m.pronoun or m.known or " " in m.text.strip():
                continue
            near = {c for k, c in named.get(m.article, {}).items() if misspelt(norm(m.text), k)}
            if len(near) == 1:
                self.assigned[m.key] = ("Country", next(iter(near)))

    def _known_and_plain(self) -> None:
        plain = {(m.article, m.cls, norm(m.text)) for m in self.mentions
                 if m.key not in self.assigned and not m.known and " " not in m.text.strip()}
        for m in self.mentions:
            if m.key in self.assigned or m.key in self.unnamed or not m.cls or m.refers_to:
                continue
            key = m.known if m.known else norm(m.text)
            if not m.known and m.cls != "Person" and key.endswith("s") and " " not in key \
                    and (m.article, m.cls, key[:-1]) in plain:
                key = key[:-1]  # "Tuaregs" beside "Tuareg": one name
            self.assigned[m.key] = (m.cls, key)

    def _places(self) -> None:
        """"Rio" joins the one "Rio de Janeiro" of its article, but a city never the airport, square or
        street named after it. (A capital keeps its reading per
        mention: "Moscow imposed restrictions" is Russia even where the article also has "in
        Moscow", the city.)"""
        long_forms: dict[tuple[str, str], set[str]] = defaultdict(set)
        for m in self.mentions:
            key = self.assigned.get(m.key)
            if key and key[0] == "Place" and len(key[1].split()) > 1 and key[1].split()[-1] not in PLACE_HEADS:
                long_forms[(m.article, key[1].split()[0])].add(key[1])  # not "Vienna International Airport"
        for m in self.mentions:
            key = self.assigned.get(m.key)
            if key and key[0] == "Place" and " " not in key[1]:
                found = long_forms.get((m.article, key[1]), set())
                if len(found) == 1:
                    self.assigned[m.key] = ("Place", next(iter(found)))
            if key and key[0] == "Place" and key[1] in FORMER_NAMES:
                self.assigned[m.key] = ("Place", FORMER_NAMES[key[1]])  # "Bombay" is Mumbai

    def run(self) -> dict[tuple, Key]:
        """Mention key -> cluster key, for every mention that resolves."""
        for m in self.mentions:
            if m.known and not m.metonym:
                self.assigned[m.key] = (m.cls, m.known)
        self._vote()
        self._people()
        self._metonyms()
        self._misspelt_countries()
        self._organizations()
        self._agreements()
        self._known_and_plain()
        self._places()
        for m in self.mentions:
            if m.refers_to is not None:  # pronouns, descriptions, titled forms of a name
                self.assigned[m.key] = self.assigned.get(m.refers_to)
        # "the Federal Environment Agency (UBA)": the article's other "UBA"s are that agency
        defined = {(m.article, m.text): self.assigned.get(m.refers_to) for m in self.mentions
                   if m.refers_to is not None and not m.pronoun and m.cls == "Organization" and m.text.isupper()}
        for m in self.mentions:
            if m.refers_to is None and m.cls in VOTING and defined.get((m.article, m.text)):
                self.assigned[m.key] = defined[(m.article, m.text)]
        return {k: v for k, v in self.assigned.items() if v is not None}


def vote(mentions: list[Mention]) -> list[Mention]:
    """Before the relation rules read an article: a name that Resolver._vote makes an organization
    ("the pen firm Waterman", "Waterman shares") or a place is one in every mention of the
    article. A person waits for resolution (an early one would mislead coreference: "Santa
    Monica" read once as a person), and a person's name or surname stays a person.
    """
    resolver = Resolver(mentions)
    resolver._vote()
    people = {w for m in mentions if m.cls == "Person" and len(m.text.split()) > 1 for w in person_key(m.text).split()}
    return [new if new.cls in ("Organization", "Place") and not (old.cls == "Person" and len(old.text.split()) > 1)
            and norm(old.text) not in people else old for old, new in zip(mentions, resolver.mentions, strict=True)]


def national_body(name: str) -> str | None:
    """The name of a national institution without its country: "Congress" for "U.S. Congress",
    "Foreign Ministry" for "Chinese Foreign Ministry" or "Britain's Foreign Ministry"; None for a
    name that is no institution's ("British Airways", "U.S. Steel")."""
    words = name.split()
    for n in (2, 1):
        country = " ".join(words[:n])
        country = country[:-2] if country.endswith(("'s", "’s")) else country
        rest = words[n:]
        if not rest or not _is_country(country):
            continue
        last = rest[-1].lower()
        lowered = {w.lower() for w in rest}
        if all(w[:1].isupper() for w in rest if w.lower() not in ("of", "for", "and", "the")) and (
                last in INSTITUTIONS or last in AGENCIES and lowered & GOVERNMENT_WORDS
                or "ministry" in lowered or "department" in lowered):
            return " ".join(rest)
    return None


def _in_known_name(word: str, name: str) -> bool:
    """The word belongs to a known name inside the longer name: "house" in "white house economic
    policy council" is the White House's, so "the House" (the chamber) is no short form of it."""
    words = name.split()
    return any(word in pair and norm(" ".join(pair)) in known_names() for pair in zip(words, words[1:], strict=False))


def _is_country(words: str) -> bool:
    """A country's name or demonym ("Zimbabwe", "German")."""
    known = known_names().get(norm(words))
    return known is not None and known.cls == "Country" or norm(words) in demonyms()


def _label(key: Key, forms: Counter, known: str | None) -> str:
    if known:
        return known
    cls = key[0]

    longer_words = {w for f in forms if len(f.split()) > 1 for w in f.split()}

    def rank(form: str) -> tuple:
        words = form.split()
        head = words[-1].lower() if words else ""
        agreement_rank = sorted(AGREEMENT_NOUNS).index(head) if head in AGREEMENT_NOUNS else 99
        return (
            form.isupper() and len(form) > 4,  # shouted forms last
            # "Thunder", "Leverkusen": a word of the body's longer name is not its label
            cls == "Organization" and len(words) == 1 and not form.isupper() and form in longer_words,
            # "Santa Fe Southern Pacific Corp", however often "Santa Fe" is said: a company's full name
            cls == "Organization" and bool(words) and words[-1].lower().rstrip(".") not in CORPORATE
            and any(f.split()[-1].lower().rstrip(".") in CORPORATE and f.startswith(form + " ") for f in forms),
            agreement_rank if cls == "Agreement" else 0,
            # a given name and a surname, however many words the surname has ("Le Pen")
            -min(sum(w.lower() not in PARTICLES for w in words), 2) if cls == "Person"
            else -len(words) if cls == "Agreement" else 0,
            -forms[form],
            -len(form),
            form,
        )
    return min(forms, key=rank)


def resolve(mentions: list[Mention], leader_of: dict[tuple, str] | None = None,
            national: dict[tuple[str, str], str] | None = None,
            apart: set[tuple[str, str, str]] | None = None) -> tuple[list[Entity], dict[tuple, Key]]:
    """Entities of the build, sorted by key, and each resolved mention's cluster key. `national`
    gives the country of an unnamed national body ("the Trade Ministry") by (article, org_key):
    one node per country, not one for every country's ministry of that name. `apart` holds
    (article, org_key, org_key) of two organizations that a fact of the article relates."""
    assigned = Resolver(mentions, leader_of, national, apart).run()
    forms: dict[Key, Counter] = defaultdict(Counter)  # every surface form
    names: dict[Key, Counter] = defaultdict(Counter)  # the forms a label may be chosen from
    articles: dict[Key, set[str]] = defaultdict(set)
    known: dict[Key, str] = {}
    dated: dict[Key, tuple[str, str]] = {}
    for m in mentions:
        key = assigned.get(m.key)
        if key is None:
            continue
        articles[key].add(m.article)
        if not m.pronoun:
            forms[key][m.text] += 1
            if m.refers_to is None:
                names[key][m.text] += 1
            bare = national_body(m.text) if key[0] == "Organization" else None
            if bare:
                forms[key][bare] += 0  # "Foreign Ministry" for "Chinese Foreign Ministry": an altLabel, never the label
        if m.known and key == (m.cls, m.known):
            known[key] = m.known
        elif m.metonym and key[0] == "Country" != m.cls:
            known.setdefault(key, key[1])  # "the Labour government" alone: the country's name
        if m.date:
            dated.setdefault(key, m.date)
    entities = []
    for key in sorted(forms):
        label = _label(key, names[key] or forms[key], known.get(key))
        aliases = sorted({f for f in forms[key] if f != label})
        adjectival = key[0] == "Country" and all(norm(f) in demonyms() for f in forms[key])
        entities.append(Entity(key=key, cls=key[0], label=label, aliases=tuple(aliases),
                               articles=tuple(sorted(articles[key])), date=dated.get(key),
                               adjectival=adjectival))
    return entities, assigned


# ---------------------------------------------------------------- what the graph states


def surviving_facts(facts: list[Fact], assigned: dict[tuple, Key]) -> list[ResolvedFact]:
    """The facts the graph states, in their order, each with its mentions' entity keys: those
    whose subject (and object) resolved, to entities of the classes the fact allows
    (Fact.classes) and its property takes (kg.vocab.SIGNATURES), and not both to one entity."""
    out: list[ResolvedFact] = []
    for f in facts:
        s_key = assigned.get(f.subject.key)
        if s_key is None or f.classes[0] and s_key[0] not in f.classes[0]:
            continue
        allowed = SIGNATURES.get(f.prop)
        if allowed and s_key[0] not in allowed[0]:
            continue  # the resolved entity is of a class the property does not take
        o_key = None
        if f.obj is not None:
            o_key = assigned.get(f.obj.key)
            if o_key is None or o_key == s_key or f.classes[1] and o_key[0] not in f.classes[1]:
                continue
            if allowed and o_key[0] not in allowed[1]:
                continue
        out.append(ResolvedFact(f, s_key, o_key))
    return _places_beyond(_one_country_led(out))


def _places_beyond(facts: list[ResolvedFact]) -> list[ResolvedFact]:
    """What an article places in a place is in the places that place is in: "Sparks, a town in
    Washoe County" and "Washoe County, Nevada" put Sparks in Nevada; "Acme Corp of Sparks" is
    based there too. Each inferred fact keeps the first fact's sentence and offsets, its rule
    is "inferred.<property>", and its confidence is the lower of the two, times 0.9. Within one
    article only, two steps at most ("Angleton, Brazoria County, Texas": Angleton is in Texas)."""
    within: dict[tuple[str, Key | None], list[ResolvedFact]] = defaultdict(list)  # locatedIn by (article, subject)
    stated: set[tuple[str, Key, str, Key | None]] = set()
    for r in facts:
        if r.obj is not None:
            stated.add((r.fact.article, r.subject, r.fact.prop, r.obj))
            if r.fact.prop == "locatedIn":
                within[(r.fact.article, r.subject)].append(r)
    if not within:
        return facts
    out = list(facts)
    frontier = [r for r in facts if r.obj is not None and r.fact.prop in ("locatedIn", "basedIn")]
    for _ in range(2):
        made = []
        for r in frontier:
            for up in within.get((r.fact.article, r.obj), ()):
                key = (r.fact.article, r.subject, r.fact.prop, up.obj)
                if up.obj == r.subject or key in stated:
                    continue
                stated.add(key)
                fact = replace(r.fact, obj=up.fact.obj, rule="inferred." + r.fact.prop,
                               confidence=round(min(r.fact.confidence, up.fact.confidence) * 0.9, 3))
                made.append(ResolvedFact(fact, r.subject, up.obj))
        out += made
        frontier = made
    return out


def _one_country_led(facts: list[ResolvedFact]) -> list[ResolvedFact]:
    """A person leads one country: "X's government" read against the article's country
    (leader.government, a guess) yields to what a title says of the person ("Prime Minister
    Brian Mulroney" of Canada, beside "Mulroney's government" in an article of the United States)."""
    told: dict[Key, set[Key]] = defaultdict(set)
    for r in facts:
        if r.fact.prop == "leaderOf" and r.obj is not None and r.obj[0] == "Country" \
                and r.fact.rule != "leader.government":
            told[r.subject].add(r.obj)
    return [r for r in facts if not (r.fact.rule == "leader.government" and told.get(r.subject)
                                     and r.obj not in told[r.subject])]


def surviving_events(records: list[EventRecord], assigned: dict[tuple, Key],
                     entities: list[Entity]) -> list[ResolvedEvent]:
    """The event and quotation records the graph states, in order of article and offset, their
    roles resolved to entity keys. A role whose mention did not resolve is dropped, and so is
    a record left without the roles it needs (two participants; a target and a buyer or
    seller other than the target; a speaker who is a person). Meetings and calls with the same participants in one
    article are one event (one ident), and so are acquisitions of one target by one buyer; an
    event keeps the first date it is given."""
    classes = {e.key: e.cls for e in entities}
    seen: set[tuple] = set()
    dated: set[tuple] = set()
    out: list[ResolvedEvent] = []
    for r in sorted(records, key=lambda r: (r.article, r.start, r.end, r.kind, r.rule)):
        roles: dict[str, list[Key]] = {}
        for prop, m in r.roles:
            key = assigned.get(m.key)
            if key is None or prop == "speaker" and classes.get(key) != "Person":
                continue
            if key not in roles.setdefault(prop, []):
                roles[prop].append(key)
        ident: tuple
        if r.kind in ("Meeting", "PhoneCall"):
            if len(roles.get("participant", [])) < 2:
                continue
            ident = (r.kind, r.article, tuple(sorted(roles["participant"])))
        elif r.kind == "Acquisition":
            target = set(roles.get("target", []))  # no one buys from or sells to itself ("the group
            for side in ("buyer", "seller"):      # paid ... for the Goodrich shares": 'it' read as Goodrich)
                if side in roles:
                    roles[side] = [k for k in roles[side] if k not in target]
                    if not roles[side]:
                        del roles[side]
            if not target or not (roles.get("buyer") or roles.get("seller")):
                continue
            ident = (r.kind, r.article, tuple(sorted(roles.get("buyer", []))), tuple(sorted(roles["target"])))
        elif r.kind == "Quotation":
            if not roles.get("speaker"):
                continue
            ident = (r.kind, r.article, r.start)
        else:
            ident = (r.kind, r.article, r.start)
        new = ident not in seen
        seen.add(ident)
        values = []
        for prop, value in r.values:
            if prop == "date":
                if ident in dated:
                    continue
                dated.add(ident)
            values.append((prop, value))
        out.append(ResolvedEvent(r, ident, new, tuple((p, tuple(keys)) for p, keys in roles.items()), tuple(values)))
    return out
