"""Find the entity mentions of one parsed article: a spaCy Doc in, Mentions out.

spaCy's NER and kg's entity ruler annotate; this module interprets. It maps NER
labels to ontology classes, trims titles, determiners and possessives off names,
drops what is not a name (shouted words in quotations, capitalized common nouns),
splits "U.S.-China" into its two countries, tells a capital standing for its
government ("Beijing said") from the city ("in Beijing"), and finds agreements
("a trade agreement made in Switzerland on May 12", "the May 12 truce").
Resolution across mentions and articles is the business of kg.resolve.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, cast

from spacy.attrs import IDX, LEMMA, LOWER, ORTH
from spacy.tokens import Doc, Span, Token

from . import data, dates, rulefiles
from .model import Mention
from .nlp import CORPORATE, CORPORATE_WORDS, NAME_HEADS, PARTICLES, TITLE, plural
from .tokenmatch import tokens_where

# spaCy label -> ontology class, for spans the entity ruler did not identify.
LABEL_CLASS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place",
               "FAC": "Place", "PRODUCT": "Product", "NORP": None}
# The head nouns of agreements; general vocabulary, not names.
AGREEMENT_NOUNS = rulefiles.word_set("entities.toml", "agreement_nouns")
# Prepositions after which a capital is the city, not its government.
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "around", "across", "throughout", "into"}
# Parts and people of a city: "south of Rome", "the mayor of Paris", "Berlin's opera houses".
CITY_PARTS = rulefiles.word_set("places.toml", "city_parts")
GOVERNMENT = rulefiles.word_set("places.toml", "government")
MOTION = rulefiles.word_set("places.toml", "motion")
SIGNING = rulefiles.word_set("entities.toml", "signing")
LEADER_METONYMS = rulefiles.word_set("entities.toml", "leader_metonyms")


def same_person(a: Mention, b: Mention) -> bool:
    """Two names whose words nest ("Macron" in "Emmanuel Macron")."""
    wa, wb = set(data.norm(a.text).split()), set(data.norm(b.text).split())
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


def people(mentions: list[Mention]) -> list[Mention]:
    """People, pronouns for people, and one-word names the NER gave another class that name a
    person of the article ("Trump" as ORG)."""
    named = {w for m in mentions if m.cls == "Person" and not m.pronoun for w in data.norm(m.text).split()}
    return [m for m in mentions if m.cls == "Person" or m.pronoun or m.tentative and data.norm(m.text) in named]


def text_of(doc: Doc) -> str:
    """doc.text, computed once per Doc (spaCy joins the tokens again at every access)."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def paragraph_of(doc: Doc, char: int) -> int:
    """The number of the paragraph (blank-line separated) that char falls in."""
    breaks = doc.user_data.get("kg_breaks")
    if breaks is None:
        breaks = doc.user_data["kg_breaks"] = [m.start() for m in re.finditer("\n\n", text_of(doc))]
    return bisect.bisect_left(breaks, char)


def sentence_index(doc: Doc) -> dict[int, int]:
    """Token index of each sentence start -> sentence number."""
    return {s.start: n for n, s in enumerate(doc.sents)}


def _shouted(span: Span) -> bool:
    """A word in a run of capitals ("VERY TOUGH and EXTREMELY HARD"), not an acronym."""
    def caps(t: Token | None) -> bool:
        return t is not None and t.is_alpha and t.is_upper and len(t) > 1
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    around = doc[max(0, span.start - 3):min(len(doc), span.end + 3)]
    return all(caps(t) for t in span) and (caps(before) or caps(after)
                                          or sum(caps(t) for t in around) >= 3)


# Lower-case nouns that end a body's name the NER stopped short of: "the International Economic
# Policy subcommittee"; and the last words of an organization's name
PANEL_NOUNS = rulefiles.word_set("organizations.toml", "panel_nouns")
ORG_HEADS = rulefiles.word_set("organizations.toml", "org_heads")
# Nouns that describe a company and never start or end its name ("U.S. Publisher X Inc")
DESCRIPTIVE_NOUNS = rulefiles.word_set("organizations.toml", "descriptive_nouns")
ADMINISTRATIVE_NOUNS = rulefiles.word_set("places.toml", "administrative_nouns")
CAMEL_SURNAME = re.compile(r"[a-z]{1,3}[A-Z][a-z]+")  # "deRose", "diMaggio"
LEADING_DETERMINERS = {"the", "a", "an", "another", "each", "every", "this", "that", "these", "those", "some"}
DANGLING = {"the", "a", "an", "and", "or", "of", "&", "for", "to", "in", "on", "at", "by", "with"}
DATE_WORD = re.compile(r"(?i)^(end|mid|early|late|year|fiscal)-?\d{2,4}$")


SCORE = re.compile(r"\d{1,3}[-:–]\d{1,3}")  # a game's result after a team's name


AMOUNT_WORDS = rulefiles.word_tuple("entities.toml", "amount_words")


def trim(span: Span, label: str) -> Span:
    """The name inside a span: no leading determiner or title, no trailing possessive."""
    start, end = span.start, span.end
    doc = span.doc
    # "Acme (ATR": an opening bracket the span does not close ends the name
    opened = [t.i for t in span if t.text == "("]
    if opened and not any(t.text == ")" for t in doc[opened[-1]:end]):
        end = opened[-1]
    # "Burma 1.62 billion": an amount is no part of a name
    amount = [t.i for t in doc[start + 1:end] if t.like_num and t.i + 1 < len(doc)
              and doc[t.i + 1].lower_ in AMOUNT_WORDS]
    if amount:
        end = amount[0]
    # "sell Qintex 900,000 Hal Roach shares": a count in thousands is no part of a name
    while end - start > 1 and re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", doc[end - 1].text):
        end -= 1
    # "MITI) Americas Division": a closing bracket the span did not open starts the name after it
    closed = [t.i for t in span if t.text == ")"]
    if closed and not any(t.text == "(" for t in doc[start:closed[0]]):
        start = closed[0] + 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].text in ("<", ">")
                           or doc[end - 1].lower_ in DANGLING):
        end -= 1  # "X - the", "Acme and"
    if end - start > 2 and doc[end - 2].lower_ == "of" and doc[end - 1].dep_ == "amod" and doc[end - 1].head.i >= end:
        end -= 2  # "the Paris Club of Western creditor governments": the adjective is the noun's after it
    score = next((n for n in (1, 3) if end - start > n and SCORE.fullmatch(doc[end - n:end].text.replace(" ", ""))), 0)
    end -= score  # "the Oklahoma City Thunder 4-0": a game's result is no part of a name
    if end - start > 2 and doc[end - 2].lower_ == "et" and doc[end - 1].lower_.rstrip(".") == "al":
        end -= 2  # "Smith et al."
    while start < end and (doc[start].lower_ in LEADING_DETERMINERS or doc[start].is_punct or doc[start].tag_ == "POS"
                           or (doc[start].pos_ == "ADV" or doc[start].dep_ == "advmod") and doc[start].is_sent_start
                           and end - start > 1):
        start += 1  # "Earlier Santa Fe's stock rose": an adverb opening the sentence
    # "Purolator board", "Acme unit": a common noun after an organization's name is not part of it;
    # nor a verb after a name ("Nakasone told")
    while label in ("ORG", "PERSON", "GPE", "LOC") and end - start > 1 and doc[end - 1].is_lower \
            and doc[end - 1].is_alpha \
            and (doc[end - 1].pos_ == "NOUN" and label == "ORG" or doc[end - 1].pos_ in ("VERB", "AUX")) \
            and doc[end - 1].lower_.rstrip(".") not in CORPORATE and (doc[end - 2].is_title or doc[end - 2].is_upper):
        end -= 1  # ("Beijing facing")
    while end - start > 1 and doc[end - 1].is_title and doc[end - 1].lower_ in dates.WEEKDAYS:
        end -= 1  # "Ambassador Monday": the day is no part of a name
    # "sell Winchester Cigar Business to Tobacco Exporters Ltd": two names the NER glued over "to";
    # the company's legal form ends the second ("Committee to Protect Journalists" has none)
    if label == "ORG" and doc[end - 1].lower_.rstrip(".") in CORPORATE:
        glue = [t.i for t in doc[start + 1:end - 2] if t.lower_ == "to" and doc[t.i - 1].is_title
                and doc[t.i + 1].is_title]
        if glue:
            start = glue[-1] + 1
    # "U.S. General Electric Co": a country before a company the tables know is no part of its name
    if label == "ORG" and end - start > 2:
        for n in (1, 2):
            lead_words = data.norm(doc[start:start + n].text)
            known = data.names().get(lead_words)
            if (known is not None and known.cls == "Country" or lead_words in data.demonyms()) \
                    and _known_organization(doc[start + n:end]):
                start += n
                break
    # "U.S. Publisher Harcourt Brace Inc": a company's descriptive noun before its name
    if label == "ORG":
        lead = next((t.i for t in doc[start:max(start + 1, end - 2)] if t.lower_ in DESCRIPTIVE_NOUNS), None)
        if lead is not None and doc[lead + 1].is_title:
            start = lead + 1
    # "the Lampang province", "the Sauerland region": the common noun after a place's name is not
    # part of it ("Wencheng County", capitalized, is a name)
    while label in ("GPE", "LOC") and end - start > 1 and doc[end - 1].is_lower \
            and doc[end - 1].lower_ in ADMINISTRATIVE_NOUNS and doc[end - 2].is_title:
        end -= 1
    # "composer Thomas", "archaeologist Lutz", "broadcaster Fox News": a name starts with a capital
    # (or a particle: "von der Leyen")
    while label in ("PERSON", "ORG") and end - start > 1 and doc[start].is_lower and doc[start].is_alpha \
            and doc[start].lower_ not in PARTICLES:
        start += 1
        while end - start > 1 and (doc[start].is_punct or doc[start].tag_ == "POS"):
            start += 1  # "third - Dortmund & Hoffenheim", "the ministry's Economic Affairs Bureau"
    if label == "PERSON":
        # "Peggy Say of Batavia, N.Y." tagged whole: where the person is from is no part of the name
        of = next((t.i for t in doc[start + 2:end - 1] if t.lower_ == "of"), None)
        if of is not None and _a_known_place(doc[of + 1:end].text):
            end = of
        # "President Trump" tagged whole: the title is not part of the name.
        words = data.title_words()
        for n in range(min(end - start - 1, 5), 0, -1):
            if data.norm(doc[start:start + n].text) in words:
                start += n
                break
        start = _after_honorific(doc, start, end)
        start = _after_leading_noun(doc, start, end)
    return doc[start:end]


def _after_leading_noun(doc: Doc, start: int, end: int) -> int:
    """'backbencher John Smith', 'starring Ben Affleck', 'scriptwriter Jan Novak' tagged whole: a
    person's name starts at its given name when the words before it are no one's given name or
    surname, and a given name and a surname are left. The words before it are in lower case, or
    capitalized and plainly no name: a nationality or a party's word ("Brazilians Carlos
    Mendes", "Republican John Doe"), or a participle ("Starring Ben Affleck")."""
    from . import parties

    given, surnames = data.given_names(), data.surnames()

    demonyms, party_words = data.demonyms(), parties.adjective_words()

    def group_word(t: Token) -> bool:
        """A nationality or a party's word, singular or plural ("Brazilians", "Republican")."""
        word = t.lower_.rstrip("s")
        return data.norm(t.text) in demonyms or word in demonyms or word in party_words

    def descriptive(t: Token) -> bool:
        if not t.is_alpha or t.text.title() in given or t.text.title() in surnames or t.lower_ in PARTICLES:
            return False
        if t.is_lower:
            return True
        return t.is_title and (group_word(t) or t.lower_.endswith("ing") and len(t) > 5)

    for k in range(start + 1, min(end - 1, start + 3)):
        if doc[k].text in given:
            if all(descriptive(t) for t in doc[start:k]):
                return k
            break
    # a nationality or a party's word is never part of a name: "Brazilians Cicero", "Social
    # Democrat Willy Brandt"
    k = start
    while k < end - 1 and doc[k].is_title and (
            group_word(doc[k]) or doc[k].lower_ == "social" and doc[k + 1].lower_.startswith("democrat")):
        k += 1
    return k if k < end and doc[k].is_title and doc[k].text not in surnames else start


HONORIFICS = rulefiles.word_set("people.toml", "honorifics")


def _after_honorific(doc: Doc, start: int, end: int) -> int:
    """'Ms Doe', 'Mr. Smith', 'Lady Jane Grey': the name starts after the honorific (which stays a
    surface form: kg.entities.title_aliases)."""
    if end - start > 1 and data.norm(doc[start].text) in HONORIFICS:
        start += 1
        if end - start > 1 and doc[start].text == ".":
            start += 1
    return start


def first_conjunct(tok: Token) -> Token:
    """The first of the conjuncts a token is one of ("Rome" of "in Vienna and Rome" -> "Vienna"),
    whose place in the sentence the whole list shares; the token itself when it is no later conjunct."""
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    return tok


def _capital_is_place(span: Span) -> bool:
    """'in Beijing', 'flew to Paris', '33 miles south of Rome': the city; 'Beijing said': its government.
    A later conjunct reads the first one's place in the sentence ("studied in Paris and Athens")."""
    root = span.root
    if any(c.dep_ == "det" and c.lower_ in ("a", "an", "another", "the", "this", "that", "every")
           for c in root.children):
        return True  # "another Madrid", "the Paris of the 1920s"; not "both Washington and Beijing"
    if any(c.lemma_.lower() in CITY_NOUNS for c in root.children if c.dep_ in ("compound", "appos")) \
            or root.dep_ == "appos" and root.head.lemma_.lower() in CITY_NOUNS:
        return True  # "the South Korean capital Seoul", "Seoul, the capital"
    if any(_a_city(t) for t in root.conjuncts):
        return True  # "Berlin, Hamburg and Munich"
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text == "," and data.capitals().get(data.norm(span.text)) \
            == getattr(data.names().get(data.norm(doc[span.end + 1].text)), "name", None):
        return True  # "to Caracas, Venezuela": a city named with its country
    root = first_conjunct(root)
    head = root.head
    if root.dep_ == "nsubj" and head.lemma_ == "be" and any(
            c.dep_ == "prep" and c.lower_ in PLACE_PREPS for c in head.children):
        return True  # "Rome is in Lazio province"
    if root.dep_ == "dobj" and head.lemma_.lower() in MOTION:
        return True  # "visited Paris"
    if root.dep_ in ("compound", "nmod", "npadvmod") and head.lemma_.lower() not in GOVERNMENT:
        return True  # "the Berlin office", "Tokyo-based"; but "the Beijing government"
    if root.dep_ == "poss" and (head.ent_type_ in ("FAC", "LOC", "GPE") or head.lemma_.lower() in CITY_PARTS):
        return True  # "Cairo's Tahrir Square", "Athens' district of Perama", "Berlin's mayor"
    if root.dep_ != "pobj":
        return False
    if head.lower_ in PLACE_PREPS:
        return True
    if head.lower_ in ("to", "from") and head.head.lemma_.lower() in MOTION:
        return True  # "moved to Berlin", "reported from Phnom Penh"
    return head.lower_ == "of" and (head.head.lower_ in CITY_PARTS or head.head.lemma_.lower() in CITY_NOUNS)


CITY_NOUNS = rulefiles.word_set("places.toml", "city_nouns")


def _a_city(tok: Token) -> bool:
    """A place name that is a city and not a capital ("Hamburg" beside "Berlin")."""
    key = data.norm(tok.text)
    return tok.ent_type_ in ("GPE", "LOC") and key not in data.capitals() and key not in data.names() \
        and key in data.cities()


PROGRAM_NOUNS = rulefiles.word_set("entities.toml", "program_nouns")  # not "law": "Yale law"
SITE_NOUNS = rulefiles.word_set("places.toml", "site_nouns")
# What runs from one place to another: "the Alice Springs to Darwin gas pipeline"
ROUTE_NOUNS = rulefiles.word_set("places.toml", "route_nouns")


SEAT_METONYMS: dict[str, list[list[str]]] = rulefiles.table("places.toml")["seat_metonyms"]


def _seated_body(city: str, published: str | None) -> str:
    """The body a seat's name stands for on the date: "Brussels" of 1987 is the European Community."""
    bodies = [body for body, since in SEAT_METONYMS[city] if published is None or since <= published]
    return bodies[-1] if bodies else SEAT_METONYMS[city][0][0]


def _known_organization(span: Span) -> data.Known | None:
    """The organization of the tables a name is, with its legal form or without ("Volkswagen
    Group", "Petrobras SA")."""
    known = data.names().get(data.norm(span.text))
    if known is None and len(span) > 1 and span[-1].lower_.rstrip(".") in CORPORATE_WORDS:
        known = data.names().get(data.norm(span[:-1].text))
        if known is not None and known.name not in data.company_names():
            return None  # "SNP Inc" is no Scottish National Party: only a company has a legal form
    return known if known is not None and known.cls == "Organization" else None


def _classify(span: Span, label: str, ent_id: str, published: str | None = None) \
        -> tuple[str, str | None, bool] | None:
    """(class, known name, tentative) for an entity span, or None if it is no entity."""
    from .parties import adjective_words

    if ent_id:
        cls, _, name = ent_id.partition("|")
        return cls, name or None, False  # "Organization|": a class without a known name
    if label not in LABEL_CLASS:
        return None
    key = data.norm(span.text)
    known = data.names().get(key)
    if known is None and label == "ORG":
        known = _known_organization(span)
    if known:
        return known.cls, known.name, False
    if label == "GPE" and key in data.capitals():
        if _capital_is_place(span):
            return "Place", None, False
        if key in SEAT_METONYMS:  # "Brussels insists": the body seated there
            return "Organization", _seated_body(key, published), False
        return "Country", data.capitals()[key], False
    if label in ("ORG", "PERSON") and (_noun_after(span, SITE_NOUNS) or _listed_before_places(span)):
        return "Place", None, False  # "the Boxleigh gas field", "the Kestrel mine"
    root = span.root
    if label in ("ORG", "PERSON") and (
            _route_start(span)
            or _noun_after(span, ROUTE_NOUNS) and span.start > 0 and span.doc[span.start - 1].lower_ == "to"
            or root.dep_ == "pobj" and root.head.lower_ in ("from", "to") and root.head.head.lemma_ in ROUTE_NOUNS):
        return "Place", None, False  # "the Alice Springs to Darwin gas pipeline", "a pipeline from Lago Agrio"
    country = data.demonyms().get(key) or key.endswith("s") and data.demonyms().get(key[:-1]) or None
    if label == "NORP" and not country and root.tag_ == "JJ" and root.dep_ == "amod" and root.head.is_lower \
            and root.lower_ not in adjective_words():
        return None  # "among Islamic countries": a group's adjective, which no name starts
    if label == "NORP" or label in ("ORG", "PERSON") and country:  # "Belarusian", "Yugoslavs" as ORG
        # An unknown NORP is often a misread surname ("Perdue"): let resolution decide.
        return ("Country", country, False) if country else ("", None, True)
    cls = cast(str, LABEL_CLASS[label])  # not None: that is NORP's, returned above
    tentative = cls != "Person" and len(span) == 1 and span[0].is_title
    return cls, None, tentative


def _route_start(span: Span) -> bool:
    """The first end of a route: "the Jackson to Moonie oil pipeline"."""
    doc = span.doc
    end = span.end
    if end >= len(doc) or doc[end].lower_ != "to":
        return False
    end += 1
    while end < len(doc) and doc[end].is_title:
        end += 1
    return end > span.end + 1 and _noun_after(doc[span.end + 1:end], ROUTE_NOUNS)


def _noun_after(span: Span, nouns: set[str]) -> bool:
    """One of `nouns` right after the name, or after nouns that modify it ("Boxleigh gas field",
    "the Mereenie oil and gas field")."""
    doc = span.doc
    for tok in doc[span.end:span.end + 4]:
        if not tok.is_lower:
            return False
        if tok.lemma_ in nouns:
            return True
        if not (tok.pos_ == "NOUN" or tok.lower_ in ("and", "or") and tok.i > span.end):
            return False
    return False


LISTED_PLACE_NOUNS = rulefiles.word_set("places.toml", "listed_place_nouns")


def _listed_before_places(span: Span) -> bool:
    """'the Amadeus, Surat, Eromanga and Canning basins': a name listed before a plural noun of
    places is one of those places."""
    doc, i, listed = span.doc, span.end, False
    while i < len(doc) and (doc[i].text == "," or doc[i].lower_ in ("and", "or")
                            or doc[i].is_title and doc[i].pos_ in ("PROPN", "NOUN")):
        listed = listed or not doc[i].is_title
        i += 1
    return listed and i < len(doc) and doc[i].is_lower and doc[i].tag_ == "NNS" \
        and doc[i].lemma_ in LISTED_PLACE_NOUNS


# The fields a minister or secretary is in charge of; general vocabulary.
PORTFOLIOS = rulefiles.word_set("people.toml", "portfolios")
TICKER = re.compile(r"[A-Z0-9]{2,6}\.[A-Z]{1,2}")  # a Reuters instrument code: "MIET.T", "PGLO.AS"


HOLDING_WORDS = rulefiles.word_set("organizations.toml", "holding_words")
TIME_ZONES = rulefiles.word_tuple("entities.toml", "time_zones")


PLURAL_ACRONYM = re.compile(r"[A-Z]{2,4}s")
POLICY_NOUNS = {"policy", "doctrine", "program", "programme", "act"}  # the last word of a law's or policy's name
MEASURE_NOUNS = rulefiles.word_set("entities.toml", "measure_nouns")


def _not_a_name(span: Span, label: str = "") -> bool:
    """Not a name: no letters, no capital letter ("arbitrageurs"), every word a number or a price
    ("700p"), only corporate words ("Co", "Holding Co Ltd"), a country and lower-case words
    ("U.S. products"), or a generic noun of not_entities.txt."""
    if not any(c.isalpha() for c in span.text) or not any(c.isupper() for c in span.text):
        return True
    if all(t.text[:1].isdigit() or t.is_punct or DATE_WORD.match(t.text) for t in span):
        return True  # "700p", "End-1986"
    if all(t.lower_.replace(".", "") in CORPORATE | HOLDING_WORDS for t in span):
        return True  # "Holding Co Ltd", "S.A."
    if TICKER.fullmatch(span.text) or any(t.text in TIME_ZONES for t in span):
        return True  # "MIET.T", "STOS.S"; "06:15 UTC Sat", a time stamp
    if label in ("ORG", "PERSON") and PLURAL_ACRONYM.fullmatch(span.text):
        return True  # "IBM PCs, XTs, ATs and compatibles": models of a product, no body
    if len(span) > 1 and data.names().get(data.norm(span[0].text), data.Known("", "")).cls == "Country" \
            and all(t.is_lower for t in span[1:]):
        return True
    words = data.not_entities()
    if data.norm(span.text) in words or _common_word_up_front(span):
        return True
    if len(span) == 1 and label != "PERSON" and span[0].is_title and _misspelt_demonym(span.text):
        return True  # "the Japanese and Portuguse governments": a nationality misspelt, no name
    doc = span.doc
    if (span[-1].lower_ in POLICY_NOUNS or span[-1].lower_ in MEASURE_NOUNS) and len(span) > 1 \
            and not any(data.norm(t.text) in ORG_HEADS for t in span):
        return True  # "the Hart-Scott-Rodino Act", "the Common Agricultural Policy", "Monetary Compensatory
        # Amounts": a law, a policy or a measure, no body; but "the Center for European Policy" is one
    if label in ("ORG", "PERSON") and (_counted_plural(span) or _joined_names(span)):
        return True
    nxt = [t for t in doc[span.end:span.end + 2]]
    if label in ("ORG", "PERSON") and nxt and nxt[0].is_lower and nxt[0].pos_ == "NOUN" and len(nxt) > 1 \
            and nxt[1].lower_ in PROGRAM_NOUNS:
        return True  # "the Marshall aid plan"
    if label in ("ORG", "PERSON") and span.end < len(doc) and doc[span.end].is_lower \
            and doc[span.end].lower_ in AGREEMENT_NOUNS | PROGRAM_NOUNS and _split_compound(span) is None:
        return True  # "the U.S./Israel Free Trade agreement", "the Japan/U.S. Chip pact": an agreement's
        # name; but "the U.S.-Japan pact" names its two countries
    if span.end < len(doc) and doc[span.end].ent_type_ == TITLE \
            and all(t.lower_ in PORTFOLIOS or t.lower_ in ("and", "&", ",") for t in span):
        return True  # "Trade and Industry Secretary X": a title's portfolio, no body of its own
    if label == "ORG" and span.start > 1 and doc[span.start - 1].lower_ == "for" \
            and doc[span.start - 2].ent_type_ == TITLE \
            and all(t.lower_ in PORTFOLIOS or t.lower_ in ("and", "&", ",") for t in span):
        return True  # "Vice President for International Services at Chase": the title's portfolio
        # (not "analyst for Prudential-Bache Securities Inc", nor "Commissioner for the Bureau of Mines")
    # "Great Nations", "State Media": a generic noun with adjectives or capitalized fillers.
    last = span[-1]
    return data.norm(last.text) in words and all(t.pos_ in ("ADJ", "DET", "PROPN") for t in span[:-1]) \
        and len(span) <= 2


QUANTIFIERS = {"several", "many", "various", "numerous", "few", "all", "most", "other"}


def _counted_plural(span: Span) -> bool:
    """'20 Islamic Banks signed', 'several Sears Centers': a count before a capitalized plural
    describes several bodies and names none (not '1987 Results', a year; not 'two Salomon
    Brothers traders', where the name modifies a noun)."""
    doc = span.doc
    before = doc[span.start - 1] if span.start else None
    if before is None or not (before.like_num or before.lower_ in QUANTIFIERS) \
            or before.text.isdigit() and len(before.text) == 4:
        return False
    last = span[-1]
    return last.tag_ in ("NNS", "NNPS") and last.lower_.endswith("s") and not last.lower_.endswith("ss") \
        and (span.end == len(doc) or doc[span.end].pos_ not in ("NOUN", "PROPN"))


def _joined_names(span: Span) -> bool:
    """'the Cormier-Navon defendants', 'the Reagan-Gorbachev summit': two names the article also
    uses apart, hyphened to qualify a noun, are no name of their own (a pair of countries is read
    by _split_compound)."""
    doc = span.doc
    parts = span.text.split("-")
    if len(parts) != 2 or not all(p.isalpha() and p.istitle() for p in parts) or span.end == len(doc) \
            or not doc[span.end].is_lower or doc[span.end].pos_ != "NOUN" or _split_compound(span):
        return False
    words = {w for e in doc.ents if e.start != span.start for w in e.text.split()}
    return all(p in words for p in parts)


def _misspelt_demonym(word: str) -> bool:
    """A word one letter off a nationality's ("Portuguse") that is no name the tables know."""
    from .resolve import misspelt
    key = data.norm(word)
    if key in data.demonyms() or _a_known_place(word) or word in data.given_names() \
            or word in data.surnames() or key.endswith("s"):  # "Americas": a plural, no misspelling
        return False
    return any(misspelt(key, d) for d in data.demonyms() if d[:1] == key[:1])


def _opens_line(tok: Token) -> bool:
    """The first word of a sentence, of the text or of a line."""
    return tok.is_sent_start or tok.i == 0 or "\n" in tok.doc[tok.i - 1].whitespace_ + tok.doc[tok.i - 1].text


def _common_word_up_front(span: Span) -> bool:
    """'Ingredients', 'Simmer', 'Obstacles': one word the tagger reads as a common word (not a
    proper noun), capitalized only because it opens a sentence or a heading, and never written
    capitalized elsewhere in the article. Or, whatever the tagger says, one word that opens its
    sentence (after 'The' or not) and that the article also writes in lower case as a noun ("The
    Banks are expected to lend", "Barter is growing"), or in the singular after 'The' ("The Banks
    have responded" after "commercial bank debt")."""
    if len(span) != 1:
        return False
    tok = span[0]
    key = data.norm(tok.text)
    if key in data.names():
        return False  # "Apple"
    first = span.sent.start
    if tok.is_title and (tok.i == first or tok.i == first + 1 and tok.doc[first].lower_ == "the"):
        nouns = tok.doc.user_data.get("kg_lower_nouns")
        if nouns is None:  # a sorted list, which Doc.to_bytes can write, unlike a set
            nouns = tok.doc.user_data["kg_lower_nouns"] = sorted(
                {t.text for t in tok.doc if t.pos_ == "NOUN" and t.is_lower})
        # after "The", a plural whose singular the article writes as a noun ("commercial bank debt");
        # a singular whose plural it writes ("Chemical giant X" beside "a chemicals group")
        words = (tok.lower_, tok.lower_[:-1]) if tok.i > first and tok.lower_.endswith("s") \
            else (tok.lower_, tok.lower_ + "s")
        for word in words:
            at = bisect.bisect_left(nouns, word)
            if at < len(nouns) and nouns[at] == word:
                return True
    if tok.pos_ in ("PROPN", "X") or tok.is_upper or key in data.demonyms():
        return False  # "German"
    if not _opens_line(tok):
        return False
    return not _capitalized_inside(tok)


def _capitalized_elsewhere(tok: Token) -> bool:
    """Whether the article writes the word capitalized at another place where no line or
    sentence opens."""
    return any(t.text == tok.text and t.i != tok.i and not _opens_line(t) for t in tok.doc)


def _capitalized_inside(tok: Token) -> bool:
    """Whether the article writes the word capitalized where no line or sentence opens."""
    capitalized = tok.doc.user_data.get("kg_capitalized")
    if capitalized is None:  # a sorted list, which Doc.to_bytes can write, unlike a set
        capitalized = tok.doc.user_data["kg_capitalized"] = sorted(
            {t.lower_ for t in tok.doc if t.is_title and not _opens_line(t)})
    at = bisect.bisect_left(capitalized, tok.lower_)
    return at < len(capitalized) and capitalized[at] == tok.lower_


def _in_a_state(span: Span) -> bool:
    """Whether the span follows a preposition of place and comes before a comma and a US state:
    "in Beverly Hills, Calif.", "near Grande Isle, Vt."."""
    doc = span.doc
    return 0 < span.start and span.end + 1 < len(doc) and doc[span.start - 1].lower_ in PLACE_PREPS \
        and doc[span.end].text == "," and data.us_states().get(data.norm(doc[span.end + 1].text)) is not None


def _bracketed_acronym(doc: Doc, i: int, shortest: int, longest: int) -> Token | None:
    """The acronym in brackets at token i ("(UBA)"), of `shortest` to `longest` capitals, or None."""
    if i + 2 >= len(doc) or doc[i].text != "(" or doc[i + 2].text != ")":
        return None
    acr = doc[i + 1]
    return acr if acr.is_upper and acr.is_alpha and shortest <= len(acr) <= longest else None


def _acronym_after(span: Span) -> bool:
    """Whether an acronym in brackets follows the span ("Liberal Democrat (PDL)"): what news
    abbreviates so is a body, never a person."""
    return _bracketed_acronym(span.doc, span.end, 3, 6) is not None


def _split_compound(span: Span) -> list[tuple[int, int, str]] | None:
    """'U.S.-China', 'U.S./Japan' -> the char spans of its countries, when every part is one."""
    if "-" not in span.text and "/" not in span.text:
        return None
    parts, pos = [], span.start_char
    for piece in re.split(r"[-/]", span.text):
        known = data.names().get(data.norm(piece))
        if not known or known.cls != "Country":
            return None
        parts.append((pos, pos + len(piece), known.name))
        pos += len(piece) + 1
    return parts


def _two_companies(span: Span) -> list[Span] | None:
    """A name with a legal form before its "and" and another at its end is two companies."""
    def legal(t: Token) -> bool:
        return t.lower_.replace(".", "") in CORPORATE

    if len(span) < 5 or not legal(span[-1]):
        return None
    k = next((t.i for t in span[2:-2] if t.lower_ in ("and", "&") and legal(span.doc[t.i - 1])), None)
    return [span.doc[span.start:k], span.doc[k + 1:span.end]] if k is not None else None


FIRM_TAILS = {"associates", "partners", "sons", "brothers", "company", "co", "co."}
AND_CO = re.compile(r"\s+(?:and|&)\s+Co\b")


def _and_associates(found: list[Mention], text: str) -> list[Mention]:
    """'Smith Barney and Associates', 'Acme and Sons': a company's name, "and", and a firm's word
    are one firm's name. After a person's name ("Arvid Jauppi and Associates") the firm's word
    alone is no name and goes: joined, the firm would take the person's name and titles."""
    by_start = {m.start: m for m in found if not m.pronoun}
    people = {m.text for m in found if m.cls == "Person" and not m.pronoun}
    out, gone = [], set()
    for m in found:
        if m.key in gone:
            continue
        tail = by_start.get(m.end + 5) if text[m.end:m.end + 5] in (" and ", " & ") and not m.pronoun \
            and m.cls in ("Person", "Organization", "") else None
        end = tail.end if tail is not None and tail.text.lower() in FIRM_TAILS else None
        if tail is not None and end is not None:
            gone.add(tail.key)
        elif m.cls in ("Organization", "") and not m.pronoun and (co := AND_CO.match(text, m.end)):
            end = co.end()  # "the investment firm of Rosenkranz and Co.": the NER left "Co" out
        if end is not None and m.cls != "Person" and m.text not in people:
            m = replace(m, end=end, text=text[m.start:end], cls="Organization", known=None,
                        tentative=False, refers_to=None)
        out.append(m)
    return [m for m in out if m.key not in gone]


VENTURE = re.compile(r"\s+(?:joint\s+)?venture\b")


def _joint_ventures(found: list[Mention], text: str) -> list[Mention]:
    """'the HBO/Cannon Video joint venture': two companies' names joined by a slash before
    "venture" are the venture's one name, not two companies (the second would be a cut name)."""
    at = {m.start: m for m in found if not m.pronoun}
    out, gone = [], set()
    for m in found:
        if m.key in gone:
            continue
        tail = at.get(m.end + 1) if text[m.end:m.end + 1] == "/" and m.cls == "Organization" else None
        if tail is not None and tail.cls == "Organization" and VENTURE.match(text, tail.end):
            gone.add(tail.key)
            m = replace(m, end=tail.end, text=text[m.start:tail.end], known=None, refers_to=None)
        out.append(m)
    return out


def _coordinated_names(span: Span) -> list[Span] | None:
    """'Cologne & Bremen', 'Berlin, Freiburg and Cologne' read as one name: the names it lists,
    when every one is a known name, or a city or a name that the article also uses outside the
    list (never 'Procter & Gamble' or 'Marks & Spencer', whose parts are never used alone)."""
    cuts = [t.i for t in span if t.text in ("&", ",") or t.lower_ == "and"]
    names = data.names()
    if not cuts or data.norm(span.text) in names:
        return None
    bounds = [span.start, *cuts, span.end]
    parts = [span.doc[a + (a != span.start):b] for a, b in zip(bounds, bounds[1:], strict=False)]
    text, cities = text_of(span.doc), data.cities()
    tagged = {e.text for e in span.doc.ents}

    def count(words: str) -> int:
        return len(re.findall(rf"\b{re.escape(words)}\b", text))

    def listed(p: Span | Token) -> bool:  # known, or a city or a name the article uses outside this list too
        return data.norm(p.text) in names or (data.norm(p.text) in cities or p.text in tagged) \
            and count(p.text) > count(span.text)
    if parts and len(parts[-1]) > 1 and all(listed(t) for t in parts[-1]):  # a heading run on: "... & Augsburg Hamburg"
        parts[-1:] = [parts[-1][i:i + 1] for i in range(len(parts[-1]))]
    if any(not len(p) for p in parts) or len({p.text for p in parts}) < len(parts):
        return None
    return parts if all(listed(p) for p in parts) else None


def mentions(doc: Doc, article: str, published: str | None = None) -> list[Mention]:
    """Every entity and agreement mention of the article, in text order."""
    sent_of = {}
    for n, s in enumerate(doc.sents):
        for i in range(s.start, s.end):
            sent_of[i] = n
    out: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ == TITLE or ent.ent_id_.startswith(TITLE + "|") or _shouted(ent) and not ent.ent_id_:
            continue  # a title, whatever label a merge left on it ("U.S. Sgt" as ORG)
        span = trim(ent, ent.label_)
        if not len(span):
            continue
        if ent.label_ == "PERSON" and span.end + 1 < ent.end and doc[span.end].lower_ == "of" \
                and _a_known_place(doc[span.end + 1:ent.end].text):
            home = doc[span.end + 1:ent.end]  # "Peggy Say of Batavia": the place trim cut off
            out.append(Mention(article=article, start=home.start_char, end=home.end_char, text=home.text,
                               cls="Place", sent=sent_of[home.start], para=paragraph_of(doc, home.start_char)))
        if ent.label_ == "PERSON" and span.end < len(doc) and CAMEL_SURNAME.fullmatch(doc[span.end].text):
            span = doc[span.start:span.end + 1]  # "Robert deRose": the NER left the surname out
        if ent.label_ == "ORG" and len(span) > 1 and span.end < len(doc) and doc[span.end].lower_ in PANEL_NOUNS \
                and data.norm(span[-1].text) not in ORG_HEADS and not ent.ent_id_:
            span = doc[span.start:span.end + 1]  # "the International Economic Policy subcommittee"
        while ent.label_ == "ORG" and span.start > 0 and span.start == ent.start \
                and (doc[span.start - 1].is_title or doc[span.start - 1].is_upper) and doc[span.start - 1].is_alpha \
                and doc[span.start - 1].pos_ == "PROPN" and doc[span.start - 1].dep_ == "compound" \
                and span.start <= doc[span.start - 1].head.i < span.end and not doc[span.start - 1].ent_type_ \
                and (doc[span.start - 1].is_upper or _capitalized_elsewhere(doc[span.start - 1])):
            # "Suburban Bank of Barlett" after "Suburban Bancorp": the NER left a word of the name
            # out (not "Subsidiary Acme Inc" or "Test Acme", words capitalized here only)
            span = doc[span.start - 1:span.end]
        if ent.label_ == "ORG" and span.start > 0 and span.start == ent.start and doc[span.start - 1].like_num \
                and doc[span.start - 1].text[:1].isdigit() and doc[span.start - 1].dep_ in ("nummod", "compound") \
                and span.start <= doc[span.start - 1].head.i < span.end \
                and span[-1].lower_.replace(".", "") in CORPORATE:
            span = doc[span.start - 1:span.end]  # "acquired 2001 Distributors Inc": the number is the name's
        if ent.label_ in ("GPE", "LOC") and span.start > 0 and doc[span.start - 1].text == "New" \
                and not doc[span.start - 1].ent_type_:
            span = doc[span.start - 1:span.end]  # "New Holland, Pa.": the NER left "New" out
        if _not_a_name(span, ent.label_) and not ent.ent_id_:
            continue
        where: dict[str, Any] = dict(article=article, sent=sent_of[span.start], para=paragraph_of(doc, span.start_char))
        parts = _split_compound(span)  # whatever the NER called it: every part must be a country
        if parts:
            out += [Mention(start=a, end=b, text=text_of(doc)[a:b], cls="Country", known=name, **where)
                    for a, b, name in parts]
            continue
        glued = _two_companies(span) if ent.label_ == "ORG" and not ent.ent_id_ else None
        if glued:  # "Cypress Partners L.P and Driftwood Ltd": two companies the NER read as one
            out += [Mention(start=part.start_char, end=part.end_char, text=part.text, cls="Organization", **where)
                    for part in glued]
            continue
        listed = _coordinated_names(span)
        if listed:
            for part in listed:
                got = _classify(part, ent.label_, "", published)
                if got is not None:
                    out.append(Mention(start=part.start_char, end=part.end_char, text=part.text, cls=got[0],
                                       known=got[1], tentative=got[2], **where))
            continue
        got = _classify(span, ent.label_, ent.ent_id_, published)
        if got is None and ent.label_ in ("WORK_OF_ART", "LAW") and _a_speakers_name(span):
            got = ("Person", None, False)  # "Shuichi Takemoto of the Foreign Ministry told Reuters"
        if got is None:
            continue
        cls, known, tentative = got
        end = span.end
        if cls == "Person" and not known and _acronym_after(span):
            cls, tentative = "Organization", False  # "its Liberal Democrat (PDL) partners": a party's name
        stated = cls in ("Person", "Place") and not known and _in_a_state(span)
        if stated:  # "a boutique in Beverly Hills, Calif.": the place, whatever its name looks like
            cls, tentative = "Place", False
        # a place the words around make one ("the Alice Springs to Darwin gas pipeline", "the Kestrel
        # gas field"), whatever the NER read: a cue, which outvotes what the name looks like
        stated = stated or cls == "Place" and not known and (
            ent.label_ in ("ORG", "PERSON") or _route_start(span) or _noun_after(span, SITE_NOUNS))
        metonym = (cls in ("Person", "Organization") and end < len(doc)
                   and doc[end].lower_ in LEADER_METONYMS)
        out.append(Mention(start=span.start_char, end=span.end_char, text=span.text, cls=cls,
                           known=known, tentative=tentative, metonym=metonym, cued=stated, **where))
        if metonym:
            # "the Trump administration": the whole phrase is a surface form of its own.
            whole = doc[span.start:end + 1]
            out[-1] = Mention(start=whole.start_char, end=whole.end_char, text=whole.text, cls=cls,
                              known=known, tentative=tentative, metonym=True, **where)
    out = _founders_possessive(doc, out)
    out = _dateline(doc, article, out, sent_of)
    out += _titled_names(doc, article, out, sent_of)
    out += _unique_roles(doc, article, out, sent_of)
    out += _platform_x(doc, article, out, sent_of)
    out += _repeated_surnames(doc, article, out, sent_of)
    out = _company_short_names(doc, article, _partners_firms(doc, article, out, sent_of), sent_of)
    out = _country_and_a_word(doc, out)
    out = _places_named_as_such(doc, out)
    out = _people_named_as_such(doc, _companies_named_as_such(doc, _brands(doc, out)))
    out = _clubs(doc, out)
    out = _us_states(out)
    out = _joint_ventures(_and_associates(out, text_of(doc)), text_of(doc))
    out = _defined_acronyms(doc, _policy_acronyms(doc, _surnames_of_companies(_shared_surnames(doc, out))))
    deals = list(agreements(doc, article, published, sent_of))
    named = {(m.start, m.end) for m in deals}  # "the Lisbon Treaty" read as ORG too is the treaty
    out = [_without_full_stop(m) for m in out if (m.start, m.end) not in named] + deals
    return sorted(out, key=lambda m: (m.start, m.end))


def _without_full_stop(m: Mention) -> Mention:
    """"Norska Design Funktion A/S.": the tokenizer keeps a sentence's full stop on a word with
    a slash or an ampersand in it; it is no part of the name ("Acme Co." keeps its own)."""
    last = m.text.rsplit(" ", 1)[-1]
    if len(last) > 2 and last.endswith(".") and "." not in last[:-1] and any(c in last for c in "/&"):
        return replace(m, end=m.end - 1, text=m.text[:-1])
    return m


# Words of a sports report; an article with SPORT_NEEDED of them is one. General vocabulary.
SPORT_WORDS = rulefiles.word_set("sports.toml", "sport_words")
SPORT_NEEDED = 4
# What a team does, and what is done to it, in a sports report: "Wolfsburg beat Mainz",
# "lost to Hamburg", "Freiburg's coach".
TEAM_VERBS = rulefiles.word_set("sports.toml", "team_verbs")
TEAM_NOUNS = rulefiles.word_set("sports.toml", "team_nouns")
TEAM_PREPS = {"against", "over", "versus", "vs", "vs."}
# What a report calls a team before its name: "lower league side Wilhelmshaven"
SIDE_NOUNS = rulefiles.word_set("sports.toml", "side_nouns")


def _clubs(doc: Doc, found: list[Mention]) -> list[Mention]:
    """In a sports report a city's name that plays, wins, loses or has a coach is its club:
    "Wolfsburg beat Mainz 2-1", "a defeat against Hamburg", "Freiburg's coach". A capital
    standing for its country is left alone. A city whose name is a word of a club's name in the
    report is that club too ("Dortmund" beside "Borussia Dortmund"; not beside "the Sylt
    Institute"), unless the sentence is in the city or of it ("in Dortmund")."""
    sport = None  # counted once, and only when a name might be a club
    clubs = {w for m in found if m.cls == "Organization" and len(m.text.split()) > 1
             and data.norm(m.text.split()[-1]) not in ORG_HEADS | CORPORATE_WORDS for w in m.text.split()}
    out = []
    city_like: dict[int, Span] = {}  # index in found -> its span, for names that might be a club
    for n, m in enumerate(found):
        if not (m.known or m.pronoun) and (m.cls == "Place" or m.cls in ("Person", "Organization", "")
                                           and data.norm(m.text) in data.cities()):  # "Wolfsburg" read as a person
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                city_like[n] = span
    for n, m in enumerate(found):
        span = city_like.get(n)
        if span is not None and (_plays(span.root) or m.text in clubs and not _in_or_of(span)):
            if sport is None:
                sport = sum(t.lower_ in SPORT_WORDS for t in doc) >= SPORT_NEEDED
            if sport:
                m = replace(m, cls="Organization", tentative=False, cued=True)
                clubs.add(m.text)  # its other mentions in the report are the club too
        out.append(m)
    if sport:  # "Freiburg's freefall": a name the report has made a club once is the club
        out = [replace(m, cls="Organization", tentative=False, cued=True)
               if n in city_like and m.cls != "Organization" and m.text in clubs and not _in_or_of(city_like[n])
               else m for n, m in enumerate(out)]
    return out


def _in_or_of(span: Span) -> bool:
    """The name of a place a thing is in or of ("in Dortmund", "the mayor of Mainz")."""
    return span.root.dep_ == "pobj" and span.root.head.lower_ in ("in", "of")


LOSING_VERBS = rulefiles.word_tuple("sports.toml", "losing_verbs")
FOR_VERBS = rulefiles.word_tuple("sports.toml", "for_verbs")
FROM_VERBS = rulefiles.word_tuple("sports.toml", "from_verbs")


def _plays(tok: Token) -> bool:
    tok = first_conjunct(tok)  # "Mainz and Augsburg drew"
    head = tok.head
    if tok.dep_ in ("nsubj", "dobj", "nsubjpass") and head.lemma_.lower() in TEAM_VERBS:
        return True
    if tok.dep_ in ("poss", "compound") and head.lower_ in TEAM_NOUNS:  # "Freiburg's coach", "Mainz coach X"
        return True
    if any(c.dep_ in ("compound", "amod", "appos") and c.lower_ in SIDE_NOUNS for c in tok.children) \
            or tok.dep_ == "appos" and head.lower_ in SIDE_NOUNS:
        return True  # "lower league side Wilhelmshaven", "Paderborn, the league leaders"
    if tok.dep_ == "pobj":
        lost = head.lower_ == "to" and any(a.lemma_.lower() in LOSING_VERBS for a in list(head.ancestors)[:2])
        return head.lower_ in TEAM_PREPS or lost \
            or head.lower_ == "by" and head.head.lemma_.lower() in TEAM_VERBS \
            or head.lower_ == "for" and head.head.lemma_.lower() in FOR_VERBS \
            or head.lower_ == "from" and head.head.lemma_.lower() in FROM_VERBS
    return False


# AP abbreviations of US states that are also words or names ("Ill", "Miss", "Del"): a state
# only as a place or with their period.
AMBIGUOUS_STATES = rulefiles.word_set("places.toml", "ambiguous_states")


def _us_states(found: list[Mention]) -> list[Mention]:
    """A place that names a US state by its name, postal code or AP abbreviation ("Okla.",
    "N.C.", "North Carolina") is that state: one node, labelled by its full name."""
    states = data.us_states()
    out = []
    for m in found:
        key = data.norm(m.text)
        if not m.known and key in states and (m.cls == "Place" or m.cls in ("Person", "Organization", "")
                                               and key != data.norm(states[key])
                                               and len(key) > 2
                                               and (m.text.endswith(".") or key not in AMBIGUOUS_STATES)
                                               and m.text.rstrip(".") not in data.given_names()
                                               and m.text.rstrip(".") not in data.surnames()):
            m = replace(m, cls="Place", known=states[key], tentative=False)  # "Fla" read as a person
        out.append(m)
    return out


# Verbs whose subject or object is a person, never a company: "Sirhan shot Kennedy", "Stalin died"
HUMAN_VERBS = rulefiles.word_set("people.toml", "human_verbs")


GROUP_NOUNS = rulefiles.word_set("people.toml", "group_nouns")  # "the Hunt family": no one person
# Cues before "X and Y" that make it one firm's name: "brokers Phillips and Drew", "privately-held Wagner and Brown"
FIRM_CUES = rulefiles.word_set("organizations.toml", "firm_cues")
OWNERSHIP_CUES = rulefiles.word_tuple("organizations.toml", "ownership_cues")


def unlikely_people(doc: Doc, found: list[Mention], titled: list) -> list[Mention]:
    """A one-word name read as a person with nothing else of a person about it is a company,
    or the town the gazetteer knows ("Pechiney said", "Darwin"): news names a person in full,
    by title or honorific, or by a name the tables know. The evidence looked for: a title
    ("Prime Minister Tamura"), an honorific ("Mr Tamura"), a fuller name of a person in the
    article that holds the word ("Hal Tamura"), or a given name or surname of the tables."""
    given, surnames = data.given_names(), data.surnames()
    # the words of the article's fuller names of people: read as people, or a given name first
    # ("Leo Tolstoy" whatever the NER said)
    people_words = {w for m in found if not m.pronoun and " " in m.text.strip()
                    and (m.cls == "Person" or m.text.split()[0] in given)
                    for w in data.norm(m.text).split()}
    titled_names = {data.norm(f.subject.text) for f in titled if f.subject is not None}
    honored: set[str] = set()  # names with a person's honorific, title or verb
    listed: set[str] = set()  # names listed with another person's name
    grouped: set[str] = set()  # surnames that name a family or a group
    placed: set[str] = set()  # names of the town table read as places in the sentence
    aside: set[tuple] = set()  # given names put in brackets
    for m in found:
        if m.cls == "Person" and not m.pronoun and " " not in m.text.strip():
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            before = doc[span.start - 1] if span.start > 0 else None
            after = doc[span.end] if span.end < len(doc) else None
            if after is not None and after.lower_ in GROUP_NOUNS:
                grouped.add(data.norm(m.text))  # "the Hunt family", "the Hunt group"
                continue
            root = span.root
            if data.cities().get(data.norm(m.text)) and (
                    root.dep_ == "pobj" and (root.head.lower_ in PLACE_PREPS or root.head.lower_ in ("to", "from") and (
                        root.head.head.lemma_.lower() in MOTION or root.head.i > 0
                        and doc[root.head.i - 1].ent_type_ in ("GPE", "LOC", "FAC")))  # "Alice Springs to Darwin"
                    or after is not None and after.text == "," and span.end + 1 < len(doc)
                    and data.us_states().get(data.norm(doc[span.end + 1].text))):
                placed.add(data.norm(m.text))  # "the Alice Springs to Darwin pipeline", "Hudson, Mass."
                continue
            if before is not None and after is not None and before.text == "(" and after.text == ")" \
                    and m.text in given:
                aside.add(m.key)  # "Prime Minister (Brian) Mulroney": a given name put in, before
                if span.end + 1 < len(doc) and doc[span.end + 1].is_title:  # the surname it belongs to
                    honored.add(data.norm(doc[span.end + 1].text))
                continue
            verb = root.head if root.dep_ in ("nsubj", "nsubjpass", "dobj") else None
            if before is not None and (data.norm(before.text) in HONORIFICS or before.ent_type_ == TITLE) \
                    or verb is not None and verb.lemma_.lower() in HUMAN_VERBS \
                    or root.dep_ == "poss" and root.head.lower_ in LEADER_METONYMS:  # "Mulroney's government"
                honored.add(data.norm(m.text))
            elif any(c.ent_type_ == "PERSON" and c.i not in range(span.start, span.end)
                     for c in list(root.conjuncts)):  # "Fini, Minoli and Occhetto"
                listed.add(data.norm(m.text))
    def bare(m: Mention) -> bool:
        """A one-word name read as a person with no evidence of one beyond the name tables and a
        list of names."""
        word = m.text.strip()
        key = data.norm(word)
        return m.cls == "Person" and not (m.pronoun or m.known or m.refers_to) and " " not in word \
            and word.isalpha() and key not in people_words and key not in titled_names and key not in honored

    out = []
    for m in found:
        word = m.text.strip()
        if m.key in aside or m.cls == "Person" and any(c.isdigit() for c in word):
            continue  # "(Brian)", "PL480"
        if bare(m) and data.norm(word) in placed:
            m = replace(m, cls="Place", tentative=False)
        elif bare(m) and data.norm(word) not in listed and (
                data.norm(word) in grouped
                or word not in given and word not in surnames and word.title() not in surnames):
            m = replace(m, cls="Place" if data.cities().get(data.norm(word)) else "Organization", tentative=False)
        out.append(m)
    # "Phillips and Drew", "Welsh, Carson, Anderson and Stowe": surnames listed with no person of
    # them anywhere in the article are one firm's name
    text = text_of(doc)
    def one_word_firm(m: Mention) -> bool:  # "Wagner" of "Wagner and Brown", read as ORG
        return m.cls == "Organization" and not (m.known or m.pronoun) and m.text.isalpha() and m.text.istitle()

    by_start = sorted((m for m in found if bare(m) or one_word_firm(m)), key=lambda m: m.start)
    firms: list[list[Mention]] = []
    for m in by_start:
        if firms and re.fullmatch(r"(,| and| &|, and) ", text[firms[-1][-1].end:m.start]):
            firms[-1].append(m)
        else:
            firms.append([m])
    merged: dict[tuple, Mention] = {}
    for group in firms:
        span = doc.char_span(group[0].start, group[0].end, alignment_mode="expand")
        cue = span is not None and any(  # "brokers Phillips and Drew", "privately-held Wagner and Brown"
            t.lemma_.lower() in COMPANY_NOUNS | FIRM_CUES or t.lower_ in OWNERSHIP_CUES
            for t in doc[span.sent.start:span.start])
        if len(group) > 1 and cue and re.fullmatch(r" (and|&) ", text[group[-2].end:group[-1].start]) \
                and any(bare(x) for x in group):
            first, last = group[0], group[-1]
            firm = replace(first, end=last.end, text=text[first.start:last.end], cls="Organization", tentative=False)
            merged.update({x.key: firm for x in group})
    if merged:  # out has found's keys; a firm replaces each of its names, once
        out = list({m.key: m for m in (merged.get(m.key, m) for m in out)}.values())
    return out


def _founders_possessive(doc: Doc, found: list[Mention]) -> list[Mention]:
    """'Wendy's stock' where the article names "Wendy's International": the possessive the trim
    cut off is the company's, and the name keeps it (its short form, not a person "Wendy")."""
    text = text_of(doc)
    longer = {(name, mark) for m in found if m.cls == "Organization" for mark in ("'s", "’s")
              if (name := m.text.split(mark + " ", 1)[0]) != m.text
              and data.norm(name) not in ORG_HEADS}  # "the Council's Committee of Ministers": a body's unit
    if not longer:
        return found
    return [replace(m, end=m.end + 2, text=m.text + text[m.end:m.end + 2], cls="Organization", tentative=False)
            if (m.text, text[m.end:m.end + 2]) in longer and not m.known else m for m in found]


def headline_mentions(found: list[Mention], title: str | None) -> list[Mention]:
    """Drop the names the NER guessed in a headline written in title case ("Bramall To Acquire
    Gelco", "France Reduces Trade Deficit" as organizations): in such a headline every word is
    capitalized, so a mention there is kept only if it is a known name or the body names it too
    (whole, or as the short form of a body name: "Gelco" for "Gelco U.K.")."""
    if not title or not found:
        return found
    found = _headline_openers(found, len(title))
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", title) if len(w) > 3]
    if len(words) < 2 or sum(w[0].isupper() for w in words) < 0.8 * len(words):
        return found
    head_end = len(title)
    classes: dict[str, Counter] = {}  # the body's names and the classes it reads them with
    for m in found:
        if m.start > head_end and not m.pronoun:
            classes.setdefault(data.norm(m.text), Counter())[m.cls] += 1
    body = set(classes)

    def in_body(text: str) -> bool:
        key = data.norm(text)
        return key in body or any(b.startswith(key + " ") or b.endswith(" " + key) for b in body)

    out = []
    for m in found:
        if m.start > head_end or m.known or m.pronoun:
            out.append(m)
        elif in_body(m.text):
            # the body reads the name better than the title-cased headline: "Myers" of "Chavin
            # Raises Stake In Myers" is the company the body calls "Myers" throughout
            read = classes.get(data.norm(m.text))
            cls = read.most_common(1)[0][0] if read and m.cls not in read else m.cls
            out.append(m if cls == m.cls else replace(m, cls=cls, tentative=True))
    return out


def _headline_openers(found: list[Mention], head_end: int) -> list[Mention]:
    """'Rampant Bayern dismiss United's slump': a headline's capitalized opening word is no part of
    the name after it when the body names only the rest ("Bayern") and never the word, and the word
    is no given name or surname."""
    body = {data.norm(m.text) for m in found if m.start > head_end and not m.pronoun}
    body_words = {w for key in body for w in key.split()}
    out = []
    for m in found:
        first, _, rest = m.text.partition(" ")
        if m.end <= head_end and rest and not m.known and m.start == 0 and first.isalpha() \
                and data.norm(m.text) not in body and data.norm(rest) in body and data.norm(first) not in body_words \
                and not given_name(first) and first not in data.surnames():
            m = replace(m, start=m.start + len(first) + 1, text=rest)
        out.append(m)
    return out


CORPORATE_SUFFIXES = CORPORATE_WORDS  # words that end a company's name


def company_short_forms(found: list[Mention]) -> list[Mention]:
    """A name the NER read as a person that is the start of a company's name in the same article is
    that company's short form ("Cardis" after "Cardis Corp", "Sanwa" after "Sanwa Bank Ltd"), unless
    a person of the article has that name ("Henry Ford" beside "Ford Motor Co") or, read as no
    person, it names a city ("Pittsburgh" beside "Pittsburgh-Corning Corp", but "Santos" beside
    "Santos Ltd"); so is a surname inside the name (_inner_word)."""
    names = (data.norm(m.text).split() for m in found if m.cls == "Organization" and not m.pronoun)
    companies = [words for words in names if len(words) > 1 and (
        words[-1] in CORPORATE_SUFFIXES or words[0] in CORPORATE_SUFFIXES
        or len(words) > 2 and words[-2] in CORPORATE_SUFFIXES)]  # "Cascade Importers Inc USA"
    if not companies:
        return found
    people = {w for m in found if m.cls == "Person" and not m.pronoun and len(m.text.split()) > 1
              and not _starts_one(data.norm(m.text).split(), companies)  # "Cascade Importers" Inc
              for w in data.norm(m.text).split()}
    # "CBC" beside "CBC Bancorp Inc": not the broadcaster the tables know, unless its name is said
    acronyms = {data.norm(m.text) for m in found if m.cls == "Organization" and m.known and m.text.isupper()
                and " " not in m.text and _starts_one([data.norm(m.text)], companies)}
    spelt = {m.known for m in found if m.known and data.norm(m.text).split()[0] not in acronyms}
    out = []
    for m in found:
        words = data.norm(m.text).split()
        if m.cls == "Organization" and m.known and m.known not in spelt and words[0] in acronyms:
            m = replace(m, known=None)
        if m.cls in ("Person", "") and not m.known and not m.pronoun and words and len(words) <= 3 \
                and not set(words) & people \
                and any(c[:len(words)] == words and len(c) > len(words)
                        and (m.cls == "Person" or " ".join(words) not in data.cities()
                             or len(c) == len(words) + 1 and c[-1] in CORPORATE_SUFFIXES)
                        for c in companies) \
                or m.cls == "Person" and not (m.known or m.pronoun) and _inner_word(m.text, companies, people):
            m = Mention(article=m.article, start=m.start, end=m.end, text=m.text, cls="Organization",
                        sent=m.sent, para=m.para)
        out.append(m)
    return out


def _starts_one(words: list[str], companies: list[list[str]]) -> bool:
    """Whether `words` start one of `companies`' names and are not the whole of it."""
    return any(c[:len(words)] == words and len(c) > len(words) for c in companies)


def _inner_word(text: str, companies: list[list[str]], people: set[str]) -> bool:
    """A one-word name read as a person that is a word of a company's name of the article and no
    person's ("Lowe" beside "Don Lowe Foods Inc", "Philips" beside "NV Philips
    Gloeilampenfabrieken"): that company. The first word is left to the prefix rule: it is often a
    given name ("Don")."""
    key = data.norm(text)
    if " " in key or key in people or key in data.cities():
        return False
    return any(key in c[1:-1] or key == c[-1] and c[0] in CORPORATE_SUFFIXES for c in companies)


def _dateline(doc: Doc, article: str, found: list[Mention], sent_of: dict[int, int]) -> list[Mention]:
    """'BANGKOK, Thailand (AP) -', 'MEXICO CITY (AP) -', 'Sofia, February 15 (BTA) --': the city a
    story opens with is where it was filed, a place (not its country's government), whether or
    not the NER saw it."""
    i = 0
    while i < len(doc) and (doc[i].is_space or doc[i].text in ("(", ")") or doc[i].lower_ == "text"):
        i += 1  # "(Text) Sofia, ..."
    j = i
    while j < len(doc) and j - i < 4 and doc[j].is_alpha and doc[j].text[0].isupper():
        j += 1
    if j == i or j >= len(doc) or data.norm(doc[i:j].text) not in data.cities():
        return found
    after = doc[j + 1] if doc[j].text == "," and j + 1 < len(doc) else doc[j] if doc[j].text == "(" else None
    if after is None or not (after.text == "(" or after.ent_type_ in ("GPE", "DATE")):
        return found
    span = doc[i:j]
    kept = [m for m in found if not (m.start < span.end_char and span.start_char < m.end)]
    kept.append(Mention(article=article, start=span.start_char, end=span.end_char, text=span.text, cls="Place",
                        sent=sent_of[i], para=paragraph_of(doc, span.start_char)))
    return sorted(kept, key=lambda m: m.start)


def _titled_names(doc: Doc, article: str, found: list[Mention], sent_of: dict[int, int]) -> list[Mention]:
    """A capitalized name right after a person's title is a person, whatever the NER said:
    "Chancellor Olaf Scholz" (tagged ORG), "Queen Margrethe" (not tagged at all)."""
    taken = {m.start: i for i, m in enumerate(found)}
    extra: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ != TITLE:
            continue
        i = ent.end
        while i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].is_title and not doc[i].ent_id_ \
                and doc[i].lower_ not in dates.WEEKDAYS:  # "the ambassador Monday said"
            i += 1
        if i == ent.end or i < len(doc) and doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ == "I":
            continue
        name = doc[ent.end:i]
        where: dict[str, Any] = dict(article=article, sent=sent_of[name.start], para=paragraph_of(doc, name.start_char))
        if data.norm(doc[i - 1].text) in NAME_HEADS | CORPORATE_WORDS or i - ent.end > 1 \
                and doc[i - 1].lower_ in ORG_HEADS and not given_name(doc[ent.end].text):
            # "General Partners", "Economist Intelligence Unit": a firm's name, not a titled person
            firm = doc[ent.start:i]
            inner = taken.get(name.start_char)
            if inner is not None and found[inner].cls == "Organization" and found[inner].end == firm.end_char \
                    and not found[inner].known:
                found[inner] = replace(found[inner], start=firm.start_char, text=firm.text)
            elif not any(m.start < firm.end_char and firm.start_char < m.end for m in found + extra):
                extra.append(Mention(start=firm.start_char, end=firm.end_char, text=firm.text, cls="Organization",
                                     **where))
            continue
        person = Mention(start=name.start_char, end=name.end_char, text=name.text, cls="Person", **where)
        if name.start_char in taken:
            old = found[taken[name.start_char]]
            if old.cls != "Person" and old.end == name.end_char and not old.known:
                found[taken[name.start_char]] = person
        elif not any(m.start < name.end_char and name.start_char < m.end for m in found):
            extra.append(person)
    return extra


def _unique_roles(doc: Doc, article: str, found: list[Mention], sent_of: dict[int, int]) -> list[Mention]:
    """'the First Lady', 'the Pope' with no name beside them: a person named by the role,
    unless the article names the role's holder somewhere ("First Lady Jill Biden")."""
    unique = {data.norm(t.title) for t in data.titles() if t.unique}
    roles = [e for e in doc.ents if e.label_ == TITLE and data.norm(e.text) in unique]
    named = {data.norm(e.text) for e in roles if e.end < len(doc) and doc[e.end].ent_type_ == "PERSON"}
    taken = {m.start for m in found}
    out = []
    for e in roles:
        key = data.norm(e.text)
        if key in named or e.start_char in taken or e.start == 0 or doc[e.start - 1].lower_ != "the":
            continue
        out.append(Mention(article=article, start=e.start_char, end=e.end_char, text=e.text, cls="Person",
                           sent=sent_of[e.start], para=paragraph_of(doc, e.start_char)))
    return out


def _repeated_surnames(doc: Doc, article: str, found: list[Mention], sent_of: dict[int, int]) -> list[Mention]:
    """"Witkoff later spoke …": a capitalized word the NER left untagged that is the surname
    of a person named in full in the article is that person again."""
    surnames: dict[str, list[str]] = {}  # last word -> the surname's words ("Pen" -> "Le Pen")
    for m in found:
        words = m.text.split()
        # "Teles Pires Mining": an organization's word is no surname
        if m.cls == "Person" and len(words) > 1 and data.norm(words[-1]) not in ORG_HEADS:
            particle = next((i for i, w in enumerate(words[1:-1], 1) if w.lower() in PARTICLES), len(words) - 1)
            surnames[words[-1]] = words[particle:]
    covered = {i for m in found for i in range(m.start, m.end)}
    out = []
    for tok in tokens_where(doc, ORTH, surnames.__contains__):
        if tok.is_title and not tok.ent_type_ and tok.idx not in covered:
            first = tok.i - len(surnames[tok.text]) + 1
            if first < 0 or [t.text for t in doc[first:tok.i + 1]] != surnames[tok.text]:
                continue
            name = doc[first:tok.i + 1]
            out.append(Mention(article=article, start=name.start_char, end=name.end_char, text=name.text,
                               cls="Person", sent=sent_of[tok.i], para=paragraph_of(doc, name.start_char)))
    return out


PARTNERSHIP_NOUNS = rulefiles.word_set("organizations.toml", "partnership_nouns")


def _shared_surnames(doc: Doc, found: list[Mention]) -> list[Mention]:
    """'John and Mary Smith', 'Francine and Grace Le Foyer-Gomez': a lone given name joined by "and"
    to a person's full name shares its surname (the mention keeps its offsets, its text is the
    full name). Not in a sports report, where players go by one name ("Rafael and Patrice Evra")."""
    by_start = {m.start: m for m in found if m.cls == "Person" and not m.pronoun}
    text = text_of(doc)
    out = []
    sport = None
    for m in found:
        if m.cls == "Person" and not m.pronoun and " " not in m.text and given_name(m.text) \
                and text[m.end:m.end + 5] == " and ":
            if sport is None:
                sport = sum(t.lower_ in SPORT_WORDS for t in doc) >= SPORT_NEEDED
            if sport:
                return found
            other = by_start.get(m.end + 5)
            words = other.text.split() if other is not None else []
            if len(words) > 1 and words[0].isalpha() and words[0].istitle():
                m = replace(m, text=" ".join([m.text, *words[1:]]))
        out.append(m)
    return out


def _partners_firms(doc: Doc, article: str, found: list[Mention], sent_of: dict[int, int]) -> list[Mention]:
    """"Spear, Leeds and Kellogg, a New York brokerage partnership", "the partnership ... was
    Welsh, Carson, Anderson and Stowe": three or more capitalized words listed with commas and
    "and" are one firm named for its partners when the sentence calls the list a firm."""
    out, taken = list(found), set()
    for tok in tokens_where(doc, LOWER, ("and", "&").__contains__):
        if tok.i < 3 or tok.i + 1 >= len(doc):
            continue
        last = doc[tok.i + 1]
        words = [doc[tok.i - 1]]
        i = tok.i - 2
        while i >= 1 and doc[i].text == "," and doc[i - 1].is_title and doc[i - 1].is_alpha:
            words.insert(0, doc[i - 1])
            i -= 2
        if len(words) < 2 or not (last.is_title and last.is_alpha) or not all(
                w.pos_ == "PROPN" and w.ent_type_ != "NORP" and data.norm(w.text) not in data.names()
                for w in [*words, last]):
            continue
        span = doc[words[0].i:last.i + 1]
        inside = range(span.start, span.end)
        called = any(t.dep_ == "appos" and t.head.i in inside and t.lower_ in PARTNERSHIP_NOUNS
                     for t in doc[span.end:min(span.sent.end, span.end + 8)]) or (
            span.root.dep_ == "attr" and any(c.dep_ == "nsubj" and c.lower_ in PARTNERSHIP_NOUNS
                                             for c in span.root.head.children))
        if not called or span.start in taken:
            continue
        taken.add(span.start)
        kept = []
        for m in out:
            if m.end <= span.start_char or m.start >= span.end_char:
                kept.append(m)
            elif m.start < span.start_char:  # "Comdata was Welsh": the NER ran a name into the list
                before = doc.char_span(m.start, span.start_char, alignment_mode="contract")
                while before is not None and len(before) and before[-1].pos_ != "PROPN":
                    before = before[:-1]
                if before is not None and len(before):
                    kept.append(replace(m, end=before.end_char, text=before.text))
        out = kept
        out.append(Mention(article=article, start=span.start_char, end=span.end_char, text=span.text,
                           cls="Organization", sent=sent_of[span.start], para=paragraph_of(doc, span.start_char)))
    return out if taken else found


def _surnames_of_companies(found: list[Mention]) -> list[Mention]:
    """"Yukio Honda, director of ..." and then "Honda said": a company's one-word name that is the
    surname of a person the article names in full is that person, unless the article also names
    the company by a longer name ("Honda Motor Co")."""
    people = {m.text.split()[-1] for m in found if m.cls == "Person" and not m.pronoun and len(m.text.split()) > 1}
    if not people:
        return found
    longer = {m.text.split()[0] for m in found if m.cls == "Organization" and len(m.text.split()) > 1}
    return [replace(m, cls="Person", known=None, tentative=False)
            if m.cls == "Organization" and m.known and m.text in people and m.text not in longer else m
            for m in found]


def _company_short_names(doc: Doc, article: str, found: list[Mention], sent_of: dict[int, int]) -> list[Mention]:
    """'Foote, 83 pct owned by ...' after 'Foote Mineral Co', 'Anacomp said' after 'Anacomp Inc':
    the first word of a company's name, written alone, is that company. The NER often leaves
    such a word untagged or calls it a place or a person; it becomes an organization mention
    (resolution joins it to the company). Not when the word names a person of the article
    ("Dudley Taft" beside "Taft Broadcasting Co"), a known place or country, or is also written
    in lower case in the article (a common word: "First", "General")."""
    companies = set()
    bases = set()  # "National Amusements" of "National Amusements Inc"
    for m in found:
        words = m.text.split()
        if m.cls == "Organization" and not m.pronoun and len(words) >= 2 \
                and any(data.norm(w) in CORPORATE_SUFFIXES for w in words[1:]):
            base = list(words)
            while base and data.norm(base[-1]) in CORPORATE_SUFFIXES | {"and", "&"}:
                base.pop()
            if len(base) >= 2 and all(w[:1].isupper() for w in base):
                bases.add(" ".join(base))
            if words[0].isalpha() and len(words[0]) >= 3 and words[0][0].isupper() and not words[0].isupper():
                companies.add(words[0])
    found = _company_bases(doc, article, found, sent_of, bases)
    if not companies:
        return found
    people = {w for m in found if m.cls == "Person" and not m.pronoun and len(m.text.split()) > 1
              for w in m.text.split()}
    text = text_of(doc)
    lower = {w for w in companies if re.search(rf"\b{w.lower()}\b", text)}
    places = data.names(), data.us_states(), data.demonyms()
    short = {w for w in companies - people - lower if not any(data.norm(w) in table for table in places)}
    if not short:
        return found
    cities = data.cities()  # a city's name read as a person is no city, but may be one otherwise
    at = {m.start: m for m in found if not m.pronoun}
    covered = {i for m in found for i in range(m.start, m.end)}
    out = list(found)
    for tok in doc:
        if tok.text not in short:
            continue
        old = at.get(tok.idx)
        if old is not None:
            if old.end == tok.idx + len(tok) and old.cls in ("Place", "Person", "") and not old.known \
                    and (old.cls == "Person" or data.norm(tok.text) not in cities):
                out[out.index(old)] = replace(old, cls="Organization", tentative=False)
            continue
        # not a word of a longer name the NER missed ("May Energy unitholders")
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        prev = doc[tok.i - 1] if tok.i > tok.sent.start else None
        if tok.idx in covered or any(t is not None and t.is_title and t.is_alpha for t in (prev, nxt)) \
                or data.norm(tok.text) in cities:
            continue
        out.append(Mention(article=article, start=tok.idx, end=tok.idx + len(tok), text=tok.text,
                           cls="Organization", sent=sent_of[tok.i], para=paragraph_of(doc, tok.idx)))
    return out


# Words that make "<country> <word>" the name of a body ("U.S. Senate", "Japan Airlines"), not a
# country and a common word. General vocabulary, not names.
BODY_WORDS = rulefiles.word_set("organizations.toml", "body_words")


def _company_bases(doc: Doc, article: str, found: list[Mention], sent_of: dict[int, int],
                   bases: set[str]) -> list[Mention]:
    """A company's name without its corporate suffix ("Kestrel Amusements already owns 19.6 pct"
    after "Kestrel Amusements Inc"), untagged or read as a person or a place, is the company."""
    if not bases:
        return found
    text = text_of(doc)
    covered = {i for m in found for i in range(m.start, m.end)}
    out = [replace(m, cls="Organization", tentative=False)
           if m.text in bases and m.cls in ("Person", "Place", "") and not m.known and not m.pronoun else m
           for m in found]  # the NER read it as a person or a place
    for base in sorted(bases):
        for hit in re.finditer(rf"(?<![\w.-]){re.escape(base)}(?![\w-])", text):
            a, b = hit.span()
            if any(i in covered for i in range(a, b)):
                continue
            span = doc.char_span(a, b)
            if span is None or span.end < len(doc) and doc[span.end].is_title and doc[span.end].is_alpha:
                continue  # a longer name the NER missed
            covered.update(range(a, b))
            out.append(Mention(article=article, start=a, end=b, text=base, cls="Organization",
                               sent=sent_of[span.start], para=paragraph_of(doc, a)))
    return out


def _country_and_a_word(doc: Doc, found: list[Mention]) -> list[Mention]:
    """'the U.S. Widened', 'a U.S. Program': newswire capitalizes the word after "U.S.", and the
    NER reads the pair as an organization. A country and one more word that names no body
    ("Senate", "Airlines") and starts no company of the article ("U.S. Shoe" beside "U.S. Shoe
    Corp") is the country."""
    names = data.names()
    longer = [m.text for m in found if m.cls == "Organization" and not m.pronoun]
    out = []
    for m in found:
        words = m.text.split()
        country = names.get(data.norm(" ".join(words[:-1]))) if len(words) >= 2 else None
        if m.cls == "Organization" and not m.known and country is not None and country.cls == "Country" \
                and words[-1].isalpha() and data.norm(words[-1]) not in BODY_WORDS | CORPORATE_SUFFIXES \
                and not any(t.startswith(m.text + " ") for t in longer):
            end = m.end - len(words[-1])
            cut = text_of(doc)[m.start:end].rstrip()
            m = replace(m, end=m.start + len(cut), text=cut, cls="Country", known=country.name, tentative=False)
        out.append(m)
    return out


def _policy_acronyms(doc: Doc, found: list[Mention]) -> list[Mention]:
    """'the common agricultural policy (CAP)', 'the export enhancement program, EEP': capitals in
    brackets or after a comma right after a policy's or a programme's name are its short form, no
    body, wherever the article uses them."""
    policies = set()
    for m in found:
        if m.known or not m.text.isupper() or " " in m.text:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.start < 2 or doc[span.start - 2].lower_ not in POLICY_NOUNS | PROGRAM_NOUNS:
            continue
        before = doc[span.start - 1].text
        words = [t.lower_ for t in doc[max(0, span.start - 1 - len(m.text)):span.start - 1]]
        if before == "(" or before == "," and "".join(w[0] for w in words) == m.text.lower():
            policies.add(m.text)  # after a comma only when its letters spell the name ("not the plan, CBS said")
    return [m for m in found if m.text not in policies] if policies else found


def _defined_acronyms(doc: Doc, found: list[Mention]) -> list[Mention]:
    """'the Federal Environment Agency (UBA)': capitals in brackets right after an organization's
    name are its short form, a surface form of the same organization (resolution joins the
    article's other 'UBA's to it). Not a known name of something else ('Acme Corp (AP)')."""
    by_start = {m.start: m for m in found if not m.pronoun}
    out = list(found)
    redefined: dict[str, Mention] = {}
    for m in found:
        if m.cls != "Organization" or m.pronoun or m.refers_to:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        acr = _bracketed_acronym(doc, span.end if span is not None else len(doc), 2, 8)
        if acr is None:
            continue
        known = data.names().get(data.norm(acr.text))
        if known is not None and not m.known and _initials(m.text) == acr.text \
                and data.norm(m.text) != data.norm(known.name):
            # "the Islamic Development Bank (IDB)": the article's own definition, not the
            # Inter-American Development Bank the tables know by those letters
            redefined[acr.text] = m
            known = None
        if known is not None:
            # "the Social Democratic (SPD) party": the start of a known name, then that name's
            # short form, is the known organization
            if known.cls == "Organization" and not m.known and _starts_known_name(m.text, known.name):
                out[out.index(m)] = replace(m, known=known.name, tentative=False)
            continue
        old = by_start.get(acr.idx)
        if old is not None:
            out.remove(old)
        out.append(Mention(article=m.article, start=acr.idx, end=acr.idx + len(acr), text=acr.text,
                           cls="Organization", sent=m.sent, para=m.para, refers_to=m.key))
    if redefined:  # the article's other uses of the letters are its own organization too
        out = [replace(m, known=None, tentative=False, refers_to=redefined[m.text].key)
               if m.text in redefined and not m.pronoun and not m.refers_to else m for m in out]
    return out


def _initials(name: str) -> str:
    """'Islamic Development Bank' -> 'IDB': the first letters of its capitalized words."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _starts_known_name(text: str, name: str) -> bool:
    """'Social Democratic' begins 'Social Democratic Party of Germany' (or one of its aliases)."""
    words = data.norm(text).split()
    forms = [name, *dict(data.organizations()).get(name, ())]
    return len(words) >= 2 and any(data.norm(f).split()[:len(words)] == words for f in forms)


PLACE_NOUNS = rulefiles.word_set("places.toml", "place_nouns")


def _places_named_as_such(doc: Doc, found: list[Mention]) -> list[Mention]:
    """'the town of Kiryat Shmona' is a place, whatever class the NER gave the name."""
    out = []
    for m in found:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if (span is not None and not m.known and m.cls in ("Person", "Organization", "")
                and span.root.dep_ == "pobj" and span.root.head.lower_ == "of"
                and span.root.head.head.lemma_.lower() in PLACE_NOUNS):
            m = Mention(article=m.article, start=m.start, end=m.end, text=m.text, cls="Place", sent=m.sent,
                        para=m.para)
        out.append(m)
    return out


# Nouns that make the name right after them a company's ("the French pen firm Waterman"), and
# the nouns of its equity ("Waterman shares", "shares of Waterman"). General vocabulary, not names.
COMPANY_NOUNS = rulefiles.word_set("organizations.toml", "company_nouns")
EQUITY_NOUNS = rulefiles.word_set("organizations.toml", "equity_nouns")
UNIT_NOUNS = rulefiles.word_set("organizations.toml", "unit_nouns")  # "its MedTec unit"
MARKET_WORDS = rulefiles.word_set("organizations.toml", "market_words")  # "the London stock market"


LOWER_SUFFIXES = rulefiles.word_tuple("organizations.toml", "lower_suffixes")


def _companies_named_as_such(doc: Doc, found: list[Mention]) -> list[Mention]:
    """'the pen firm Waterman', 'Waterman shares', 'shares of Waterman', 'its MedTec unit': a company, whatever
    class the NER gave the name (a cue that outweighs one guess of the NER in the vote)."""
    out = []
    # "Edward Johnson of Johnson Redbook": a name after a person's and "of" is where the person works
    # (unless the tables know a place of that name: "Bob Dole of Kansas")
    people_ends = {m.end for m in found if m.cls == "Person" and not m.pronoun}
    for m in found:
        span = doc.char_span(m.start, m.end, alignment_mode="expand") \
            if m.cls in ("Person", "Place", "Product", "") and not m.known and not m.pronoun else None
        if span is not None and span.start > 0:
            before, after = doc[span.start - 1], doc[span.end] if span.end < len(doc) else None
            root = span.root
            if before.lemma_.lower() in COMPANY_NOUNS and before.is_lower and before.pos_ == "NOUN" \
                    or before.text.replace(".", "") in CORPORATE_PREFIXES \
                    or span[0].text.replace(".", "") in CORPORATE_PREFIXES \
                    or after is not None and after.is_lower and after.text.rstrip(".") in LOWER_SUFFIXES \
                    or _described_as_company(doc, span) \
                    or after is not None and after.pos_ == "NOUN" and after.is_lower \
                    and after.lemma_.lower() in EQUITY_NOUNS | UNIT_NOUNS \
                    and not (after.i + 1 < len(doc) and doc[after.i + 1].lower_ in MARKET_WORDS) \
                    or root.dep_ == "pobj" and root.head.lower_ == "of" \
                    and root.head.head.lemma_.lower() in EQUITY_NOUNS \
                    and not (root.head.head.lower_ == "capital" and data.norm(m.text) in data.cities()) \
                    or _of_a_place_incorporated(doc, span) \
                    or m.cls in ("Person", "") and _bought(span) \
                    or before.lower_ == "of" and before.i > 0 and doc[before.i - 1].idx + len(doc[before.i - 1]) \
                    in people_ends and m.cls in ("Person", "") and not _a_known_place(m.text):
                m = replace(m, cls="Organization", tentative=False, cued=True)  # not "the capital of Oslo"
        out.append(m)
    return out


BUY_VERBS = rulefiles.word_set("acquisitions.toml", "buy_verbs")


def _bought(span: Span) -> bool:
    """'Burlington bought C.H. Masland', 'C.H. Masland was acquired by Burlington': no one buys a
    person; what is bought and named like one is a company (but "the Yankees acquired John Smith":
    a player, whose given name the tables know)."""
    root = span.root
    return not given_name(span[0].text) and root.dep_ in ("dobj", "nsubjpass") and root.head.pos_ == "VERB" \
        and root.head.lemma_ in BUY_VERBS


def _a_known_place(text: str) -> bool:
    """A name the tables know as a place: a city, a US state, a country or a region."""
    key = data.norm(text)
    return bool(data.cities().get(key) or data.us_states().get(key)) or key in data.names() \
        and data.names()[key].cls in ("Country", "Place")


def _of_a_place_incorporated(doc: Doc, span: Span) -> bool:
    """'<Hunter Helicopter of Nevada, Inc>': a name, 'of', a place and a legal form is a company's."""
    i = span.end
    if i >= len(doc) or doc[i].lower_ != "of":
        return False
    i += 1
    while i < len(doc) and doc[i].ent_type_ in ("GPE", "LOC"):
        i += 1
    return i > span.end + 1 and i + 1 < len(doc) and doc[i].text == "," \
        and doc[i + 1].lower_.rstrip(".") in CORPORATE


BRAND_NOUNS = rulefiles.word_set("entities.toml", "brand_nouns")
PRODUCT_LINES = {"brand", "label", "line", "trademark"}  # a brand's nouns that may stand after the goods' nouns


def _brands(doc: Doc, found: list[Mention]) -> list[Mention]:
    """'The brands sold were Prince Albert, Carter Hall and Apple', 'the Royal Comfort brand':
    names said to be brands are products, whatever class the NER gave them."""
    out = []
    for m in found:
        if m.cls in ("Person", "Organization", "") and not m.pronoun:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and (not m.known and _a_brand(span) or _one_of_a_make(span)):
                m = replace(m, cls="Product", known=None, tentative=False, cued=True)
        out.append(m)
    return out


def _one_of_a_make(span: Span) -> bool:
    """'a Chevy or a Ford or a Studebaker': a maker's one-word name after "a" is one of its
    products (not "an Exxon spokesman": the article is the spokesman's)."""
    from .parties import adjective_words

    root = span.root
    return len(span) == 1 and root.is_title and span.start > 0 and span.doc[span.start - 1].lower_ in ("a", "an") \
        and span.doc[span.start - 1].head == root and root.dep_ not in ("compound", "nmod", "amod", "poss") \
        and root.lower_ not in ORG_HEADS and root.lower_ not in adjective_words()  # "a Court", "a Republican"


def _a_brand(span: Span) -> bool:
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lemma_.lower() in BRAND_NOUNS and doc[span.end].is_lower:
        return True
    if _noun_after(span, PRODUCT_LINES):
        return True  # "the Diane von Furstenberg cosmetics and fragrances lines"
    if span.end + 1 < len(doc) and doc[span.end].tag_ == "POS" and span.root.head.i == span.end + 1 \
            and doc[span.end + 1].lemma_.lower() in BRAND_NOUNS and doc[span.end + 1].is_lower:
        return True  # "Gilbey's gin"; not "Mark Bernes's trademark songs", where the songs are his
    if span.end + 1 < len(doc) and doc[span.end].lower_ == "trade" and doc[span.end + 1].lemma_ == "name":
        return True  # "under the Pathmark Super Drug trade name"
    tok = first_conjunct(span.root)
    head = tok.head
    if tok.dep_ == "appos" and head.lemma_.lower() in BRAND_NOUNS:
        return True
    return tok.dep_ == "attr" and any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in BRAND_NOUNS
                                      for c in head.children)


# legal forms written before a company's name ("NV Philips")
CORPORATE_PREFIXES = rulefiles.word_set("organizations.toml", "corporate_prefixes")


def _described_as_company(doc: Doc, span: Span) -> bool:
    """'Novo Astro, a private company', 'X, a Dallas-based maker of pumps': the name followed by a
    description whose head is a company noun."""
    if span.end + 2 >= len(doc) or doc[span.end].text != "," or doc[span.end + 1].lower_ not in ("a", "an"):
        return False
    for t in doc[span.end + 2:min(len(doc), span.end + 7)]:
        if t.lemma_.lower() in COMPANY_NOUNS and t.pos_ == "NOUN":
            # not "a company of the Special Operations Group": soldiers
            return not (t.lower_ == "company" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "of")
        if t.pos_ not in ("ADJ", "NOUN", "PROPN", "PUNCT", "ADV", "NUM") or t.text == ",":
            return False
    return False


def _people_named_as_such(doc: Doc, found: list[Mention]) -> list[Mention]:
    """'Adebayo Adedeji, the executive secretary of ...', 'former military ruler Jane Doe': a name
    of one to three capitalized words that a title or a person's noun describes is a person,
    whatever class the NER gave it (a cue, as for companies)."""
    from .resolve import PLACE_HEADS

    out = []
    for m in found:
        words = m.text.split()
        if m.cls in ("Organization", "Place", "Product", "") and not (m.known or m.pronoun) \
                and 1 <= len(words) <= 3 and all(w.isalpha() and w.istitle() for w in words) \
                and data.norm(words[-1]) not in ORG_HEADS | PLACE_HEADS | CORPORATE_WORDS:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and (_beside_person_noun(span) or _spoken_of_as_person(span) or _killed(span)
                                     or len(words) >= 2 and (
                    _title_follows(span) or _title_of_before(span) or _listed_with_people(span) or _age_follows(span)
                    or given_name(words[0]) and _described_as_person(span))):
                m = replace(m, cls="Person", tentative=False, cued=True)
        out.append(m)
    return out


def _age_follows(span: Span) -> bool:
    """'Marie Ferraro, 50, of Bethany': a name with an age between commas is a person's."""
    doc, i = span.doc, span.end
    return i + 2 < len(doc) and doc[i].text == "," and doc[i + 2].text == "," \
        and doc[i + 1].text.isdigit() and 1 <= int(doc[i + 1].text) <= 110


def _title_of_before(span: Span) -> bool:
    """'the new head of the Bank, Barber Conable, said': a name after a title of a body, in
    apposition to the body (where the parser hangs it), is the title holder's."""
    root = span.root
    body = root.head
    return root.dep_ == "appos" and body.dep_ == "pobj" and body.head.lower_ == "of" \
        and body.head.head.ent_type_ == TITLE and span.end < len(span.doc) and span.doc[span.end].text == "," \
        and span.start > 0 and span.doc[span.start - 1].text == ","


def _title_follows(span: Span) -> bool:
    """', the executive secretary of', ', Israeli minister of': a title after a determiner or a
    nationality, and no name after the title (', chairman Jan Doe said' is his)."""
    doc = span.doc
    after = doc[span.end:span.end + 5]
    title = next((t for t in after[1:4] if t.ent_type_ == TITLE), None)
    return len(after) >= 3 and after[0].text == "," and title is not None \
        and (after[1].lower_ in ("the", "a", "an") or after[1].ent_type_ == "NORP") \
        and not (title.i + 1 < len(doc) and doc[title.i + 1].ent_type_ == "PERSON")


def given_name(word: str) -> bool:
    """A given name of the tables, or a hyphenated pair of them ("Hans-Olaf", "Jean-Francois")."""
    given, folded = data.given_names(), data.folded_given_names()
    return word in given or "-" in word and all(p.title() in given or data.fold(p.title()) in folded
                                                for p in word.split("-") if p)


AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent")  # "dancer", "editor", "journalist", "historian"


NOT_AGENTS = rulefiles.word_set("people.toml", "not_agents")


def _described_as_person(span: Span) -> bool:
    """'A top Bolshoi dancer, Pavel Dmitrichenko, ...': a name in apposition to a title or to a
    noun of someone who does something (not a company's: "maker", "retailer")."""
    root = span.root
    head = root.head if root.dep_ == "appos" else None
    if head is None or head.pos_ != "NOUN" or not head.is_lower:
        return False
    word = head.lemma_.lower()
    return data.norm(head.text) in data.title_words() or word.endswith(AGENT_ENDINGS) \
        and word not in COMPANY_NOUNS | DESCRIPTIVE_NOUNS | NOT_AGENTS


def _beside_person_noun(span: Span) -> bool:
    """'former military ruler Jane Doe', 'presidential hopeful Jan Roe', 'Jane Doe, a former
    dictator,': a name right after, or in apposition to, a noun that only ever names a person."""
    nouns = data.person_nouns()

    def personal(t: Token) -> bool:
        return t.pos_ == "NOUN" and t.is_lower and t.lemma_.lower() in nouns

    doc, root = span.doc, span.root
    if span.start and personal(doc[span.start - 1]) and span.start <= doc[span.start - 1].head.i < span.end:
        return True
    return root.dep_ == "appos" and personal(root.head) \
        or any(t.dep_ == "appos" and personal(t) for t in root.children)


SAY = rulefiles.word_set("speech.toml", "say")


def _a_speakers_name(span: Span) -> bool:
    """Two or three capitalized words, no known name, that say or tell something: a person's name
    the NER took for a title ("Shuichi Takemoto ... told Reuters")."""
    root = span.root
    return 2 <= len(span) <= 3 and all(t.is_title and t.is_alpha and t.pos_ == "PROPN" for t in span) \
        and data.norm(span.text) not in data.names() and root.dep_ == "nsubj" and root.head.lemma_ in SAY \
        and not (span.start > 0 and span.doc[span.start - 1].is_quote and span.end < len(span.doc)
                 and span.doc[span.end].is_quote)  # a work's title in quotes


def _spoken_of_as_person(span: Span) -> bool:
    """'Jan Roe said he was happy', 'Jan Roe, who wrote the book', 'Jan Roe warned, "I doubt it"': a
    name that a clause of its own sentence takes up as 'he', 'she', 'who' or 'I' is a person's."""
    root = span.root
    if root.ent_type_ == "NORP":  # "a Republican from Chicago who served"
        return False
    if any(t.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ == "who" for c in t.children)
           for t in root.children):
        return True
    if root.dep_ != "nsubj":
        return False
    return any(c.dep_ == "ccomp" and any(s.dep_ == "nsubj" and s.lower_ in ("he", "she") for s in c.children)
               for c in root.head.children) \
        or any(t.text == "I" and t.dep_ == "nsubj" for t in root.head.subtree)  # 'X warned, "I don't think..."'



KILLING = rulefiles.word_set("people.toml", "killing")


def _killed(span: Span) -> bool:
    """'Booth shot Lincoln', 'Lincoln was assassinated', 'the assassination of Lincoln': who is
    killed is a person."""
    root = first_conjunct(span.root)
    head = root.head
    if root.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB":
        return head.lemma_.lower() in KILLING
    return root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in KILLING


def _listed_with_people(span: Span) -> bool:
    """'actors Meryl Streep, Ashley Judd and Cate Blanchett': a name in a list of at least two
    people's names (and no other kind of name; a word the NER left out does not count) is one too."""
    first = first_conjunct(span.root)
    members = [first, *first.conjuncts]
    others = [t.ent_type_ for t in members if not span.start <= t.i < span.end and t.ent_type_]
    return others.count("PERSON") >= 2 and set(others) == {"PERSON"}


def _platform_x(doc: Doc, article: str, found: list[Mention], sent_of: dict[int, int]) -> list[Mention]:
    """'wrote on X', 'posted on X': the platform, a name too short for any list."""
    taken = {m.start for m in found}
    out = []
    for tok in tokens_where(doc, ORTH, "X".__eq__):
        if tok.dep_ == "pobj" and tok.head.lower_ in ("on", "via") and tok.idx not in taken:
            out.append(Mention(article=article, start=tok.idx, end=tok.idx + 1, text="X", cls="Product",
                               known="X", sent=sent_of[tok.i], para=paragraph_of(doc, tok.idx)))
    return out


def _date_in(tokens: list[Token], published: str | None) -> tuple[str, tuple[str, str]] | None:
    """The first DATE entity that starts among tokens, as (text, parsed value)."""
    if not tokens:
        return None
    idx = {t.i for t in tokens}
    for ent in tokens[0].doc.ents:
        if ent.label_ == "DATE" and ent.start in idx:
            value = dates.parse(ent.text, published)
            if value:
                return ent.text, value
    return None


def agreements(doc: Doc, article: str, published: str | None,
               sent_of: dict[int, int]) -> Iterator[Mention]:
    """Agreements named by a date ("the May 12 truce", "a deal reached on May 12"), by a
    proper name ("the Paris Agreement"), or referred back to ("the deal")."""
    for tok in tokens_where(doc, LEMMA, lambda lemma: lemma.lower() in AGREEMENT_NOUNS):
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        left = [t for t in tok.lefts if t.dep_ in ("compound", "amod", "nmod", "nummod", "npadvmod", "poss", "det")]
        start = min([t.left_edge.i for t in left if t.dep_ != "det"] + [tok.i])
        det = [t for t in tok.lefts if t.dep_ in ("det", "poss")]
        owner = [t for t in left if t.dep_ == "poss"]
        if owner and any(t.pos_ == "PROPN" for t in doc[owner[-1].right_edge.i + 1:tok.i]):
            start = owner[-1].right_edge.i + 1  # "the EU's Lisbon Treaty": its owner is no word of its name
        phrase = doc[start:tok.i + 1]
        inside = _date_in(list(phrase), published)
        # A participle clause: "made in Switzerland on May 12", "reached on May 12".
        clause = [t for c in tok.rights if c.dep_ in ("acl", "relcl") for t in c.subtree]
        after = _date_in(clause, published) if clause else None
        # A proper name: "the Paris Agreement", "the Minsk accords"; not a capitalized "Trade Deal".
        named = not inside and (tok.ent_type_ == "LAW" or any(
            t.ent_type_ in ("GPE", "LAW", "EVENT", "FAC", "LOC") and t.i != tok.i for t in phrase)
            # "the Lisbon Treaty" the NER read as one organization's name
            or tok.ent_type_ == "ORG" and tok.ent_iob_ == "I" and tok.i > start
            and doc[tok.i - 1].ent_type_ == "ORG" and doc[tok.i - 1].pos_ == "PROPN" and doc[tok.i - 1].is_title)
        definite = bool(det) and det[0].lower_ not in ("a", "an", "any", "no", "another")
        # "Japan and Australia signed a defense pact": an agreement made, though unnamed
        signed = tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in SIGNING and not any(
            c.dep_ in ("aux", "neg", "mark") and c.lower_ in ("might", "may", "could", "would", "will", "not",
                                                            "n't", "if", "unless", "whether")
            for c in tok.head.children)
        date_text, value = (inside or after or (None, None))
        if not (value or named or definite or signed):
            continue
        if tok.tag_ in ("NNS", "NNPS") and not (value or named) \
                and not any(t.pos_ == "PROPN" for t in phrase if t.i != tok.i):
            continue  # "the agreements", "several treaties": more than one, and none named ("the Minsk accords")
        text = phrase.text
        if after and not inside:
            text = f"{date_text} {text}"  # "May 12 trade agreement"
        yield Mention(article=article, start=phrase.start_char, end=phrase.end_char, text=text,
                      cls="Agreement", sent=sent_of[tok.i], para=paragraph_of(doc, phrase.start_char),
                      date=value, definite=definite and not value and not named and not signed)


def title_aliases(doc: Doc, found: list[Mention]) -> list[Mention]:
    """The titled forms of people's names, as written: "President John F. Kennedy",
    "U.S. President Donald Trump". They refer to the name's mention, so they join its
    entity as surface forms (altLabels) without taking part in extraction."""
    start_of = dict(zip(doc.to_array(IDX).tolist(), range(len(doc)), strict=True))
    title_ending = {e.end: e.start for e in doc.ents if e.label_ == TITLE and not plural(e)}  # not "Presidents X"
    out: list[Mention] = []
    for m in found:
        if m.cls != "Person" or m.refers_to or m.start not in start_of:
            continue
        i = start_of[m.start]
        first = i
        while first in title_ending:
            first = title_ending[first]
        # "Ms Doe", "Lady Jane Grey": the honorific form is a surface form of the name
        k = i - 1 if i > 0 and doc[i - 1].text == "." else i
        if first == i and k > 0 and data.norm(doc[k - 1].text) in HONORIFICS:
            first = k - 1
        if first == i:
            continue
        forms = [doc[first].idx]
        j = first
        while j > 0 and doc[j - 1].ent_type_ in ("GPE", "NORP", "ORG") and doc[j - 1].ent_type_ != TITLE:
            j -= 1
        if j < first:
            forms.append(doc[j].idx)
        for start in forms:
            out.append(Mention(article=m.article, start=start, end=m.end, text=text_of(doc)[start:m.end], cls="Person",
                               sent=m.sent, para=m.para, refers_to=m.key))
    return out
