"""Places in places: a Doc and its Mentions in, `locatedIn` Facts out.

Three readings, most certain first:

    apposition   "Boise, Idaho", "Porto, Portugal", "Shelby, N.C.": a place, a comma and
                 the larger place it lies in (not a list: "Paris, London and Rome")
    sentence     a capital, province or city and its country named in one sentence
    article      a city and its country (or US state) named anywhere in one article

World knowledge comes from kg/data: capitals and provinces (countries.jsonl) and
the GeoNames cities of 5,000 people or more (cities.tsv, most populous first). A
name of several cities is read as the most populous one whose country the article
names, and only if that one is not dwarfed (a tenth of the population or more) by a
namesake elsewhere: "Paris" with France named is in France; with only the United
States named, it is no fact (Paris, Texas is too small beside Paris, France).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span

from . import data, rulefiles
from .model import Fact, Mention
from .nlp import CORPORATE_WORDS
from .roles import sentence_text

LIST_WORDS = {"and", "or", "&"}
PLACE_IN = {"in", "of", "near"}  # "X in Y" of a list of places in places
DWARFED = 10  # a candidate this many times smaller than its namesake is not read


def _named(m: Mention) -> bool:
    return not m.pronoun and not m.refers_to


def _candidates(m: Mention) -> tuple[data.City, ...]:
    if m.known in data.seat_names():
        return ()  # the White House is no namesake town in Tennessee
    return data.cities().get(data.norm(m.text), ())


def _region_key(m: Mention) -> str:
    return data.norm(m.known or m.text)


def _pick(cands: tuple[data.City, ...], countries: set[str], regions: set[str],
          namesakes: bool = True) -> data.City | None:
    """The most populous candidate in a country (or US state) the article names, unless dwarfed.
    Without `namesakes`, a smaller namesake is read only by its state, not by its country: that
    an article names the United States somewhere does not make its Geneva the one in Illinois
    (a state or province, listed as large as another, is no smaller namesake: Maryland)."""
    if not cands:
        return None
    top = cands[0].population
    for c in cands:
        if c.population * DWARFED < top:
            return None
        if (namesakes or c.population == top) and c.country in countries \
                or c.region and data.norm(c.region) in regions:
            return c
    return None


def _fact(doc: Doc, place: Mention, where: Mention, rule: str, confidence: float) -> Fact:
    """locatedIn, with the place's sentence as evidence (and the larger place's, when they share it)."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if place.sent == where.sent:
        lo, hi = min(place.start, where.start), max(place.end, where.end)
    else:
        lo, hi = place.start, place.end
    return Fact(subject=place, prop="locatedIn", obj=where, article=place.article,
                sentence=sentence_text(doc, span.sent) if span is not None else "", start=lo, end=hi, rule=rule,
                confidence=confidence, classes=(("Place",), ("Place", "Country")))


def _appositions(doc: Doc, mentions: list[Mention]) -> list[Fact]:
    """'Boise, Idaho': a place, a comma, and a larger place right after it, not in a list."""
    by_start = {m.start: m for m in mentions if _named(m)}

    def place_at(i: int) -> Mention | None:
        m = by_start.get(doc[i].idx) if 0 <= i < len(doc) else None
        return m if m is not None and m.cls in ("Place", "Country") else None

    out = []
    for m in mentions:
        span = doc.char_span(m.start, m.end) if m.cls == "Place" and _named(m) else None
        if span is None:
            continue
        i, j = span.start, span.end - 1
        if j + 2 >= len(doc) or doc[j + 1].text != ",":
            continue
        where = place_at(j + 2)
        larger = doc.char_span(where.start, where.end) if where is not None else None
        if where is None or where.target == m.target or larger is None:
            continue
        k = larger.end  # the token after the larger place
        if k < len(doc) and (doc[k].lower_ in LIST_WORDS or doc[k].text == "," and place_at(k + 1)):
            continue  # "Paris, London and Rome", "Paris, London, Rome"
        if k + 1 < len(doc) and doc[k].lower_ in PLACE_IN and place_at(k + 1):
            continue  # "Dan Sai District in Loei Province, Nakhon Thai District in Phitsanulok Province": a list
        if i > 0 and (doc[i - 1].lower_ in LIST_WORDS or doc[i - 1].text == ","):
            continue
        cands = _candidates(m)
        if cands and not _pick(cands, {where.known or where.text}, {_region_key(where)}):
            continue  # a known city, but not in that place
        out.append(_fact(doc, m, where, "place.apposition", 0.8))
    return out


def facts(doc: Doc, mentions: list[Mention]) -> list[Fact]:
    """locatedIn facts of one article (see the module docstring)."""
    out = _appositions(doc, mentions)
    done = {_pair(f.subject, f.obj) for f in out if f.obj is not None}
    countries: dict[str, list[Mention]] = {}
    regions: dict[str, list[Mention]] = {}
    in_sentence: dict[int, set[str]] = {}  # the countries each sentence names
    for m in mentions:
        if not _named(m):
            continue
        if m.cls == "Country" and m.known:
            countries.setdefault(m.known, []).append(m)
            in_sentence.setdefault(m.sent, set()).add(m.known)
        elif m.cls == "Place":
            regions.setdefault(_region_key(m), []).append(m)
    seen_place: set[str] = set()
    for m in mentions:
        if m.cls != "Place" or not _named(m):
            continue
        key = data.norm(m.text)
        cands = _candidates(m)
        if not cands:
            continue
        # the sentence reading: any candidate country named in the same sentence
        pick = _pick(cands, in_sentence.get(m.sent, set()), set())
        rule, confidence = "place.sentence", 0.7
        if pick is None:
            if key in seen_place:
                continue  # the article reading is made once per place
            pick = _pick(cands, set(countries), set(regions) - {key}, namesakes=False)
            rule, confidence = "place.article", 0.6
        seen_place.add(key)
        if pick is None:
            continue
        targets = []
        if pick.country in countries:
            targets.append(_nearest(countries[pick.country], m))
        if pick.region and data.norm(pick.region) in regions and data.norm(pick.region) != key:
            targets.append(_nearest(regions[data.norm(pick.region)], m))
        for where in targets:
            pair = _pair(m, where)
            if pair in done or where.target == m.target:
                continue
            done.add(pair)
            same = where.sent == m.sent  # the nearest mention may lie in another sentence
            out.append(_fact(doc, m, where, rule if same else "place.article", confidence if same else 0.6))
    return out


def _pair(place: Mention, where: Mention) -> tuple[str, str]:
    return data.norm(place.text), where.known or data.norm(where.text)


def _nearest(found: list[Mention], m: Mention) -> Mention:
    """The mention of `found` nearest to m, one in m's sentence first."""
    return min(found, key=lambda c: (c.sent != m.sent, abs(c.start - m.start)))


INSTITUTIONS = rulefiles.word_set("organizations.toml", "institutions")
# Heads that name a national institution only with a word of government in the name:
# "the Commerce Department", "the State Statistics Institute", "the Central Bank".
AGENCIES = rulefiles.word_set("organizations.toml", "agencies")
GOVERNMENT_WORDS = rulefiles.word_set("organizations.toml", "government_words")


REGIONAL = rulefiles.word_set("organizations.toml", "regional")


def seats(doc: Doc, mentions: list[Mention], titled: Sequence[Fact] = ()) -> tuple[list[Mention], list[Fact]]:
    """basedIn for organizations whose name says their country ("Russian Olympic Committee",
    "Bank of Japan", "Dutch Safety Board"), ends with their city ("Liberty Bank of Pensacola") or
    opens with a city the article also names alone ("the Edmonton Oilers"),
    and for the national institutions of the article's country ("the Interior Ministry", "the
    Constitutional Court" in an article about Egypt), or of the country whose leader (`titled`)
    the sentence names ("Thatcher told Parliament" in an article about Japan).
    A country or city named inside an organization's name becomes a mention of its own."""
    from .roles import home_country

    names = data.names()
    demonyms = data.demonyms()
    international = {name for name, _ in data.organizations()}
    national = data.organization_countries()
    countries_named = {m.known: m for m in mentions if m.cls == "Country" and m.known and _named(m)}
    made: list[Mention] = []
    out: list[Fact] = []
    home = None
    homed = False
    led: dict[str, list[Mention]] | None = None
    bodies: list[Mention] = []
    seat: Mention | None
    for m in mentions:
        if m.cls == "Organization" and m.known in national and _named(m):
            bodies.append(m)  # read below, once the countries inside other names are known too
            continue
        if m.cls != "Organization" or not _named(m) or m.known in international:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        country = None
        for n in (2, 1):
            for i in range(len(span) - n + 1):
                words = span[i:i + n]
                if words[0].is_punct or words[-1].is_punct:
                    continue  # "(U.K." of "Chevron Petroleum (U.K.) Ltd" is "U.K."
                key = data.norm(words.text)
                known = names.get(key)
                name = known.name if known is not None and known.cls == "Country" else demonyms.get(key)
                if name and (words.start, words.end) != (span.start, span.end):
                    country = (words, name)
                    break
            if country:
                break
        sentence = sentence_text(doc, span.sent)
        if country is not None:
            words, name = country
            seat = Mention(article=m.article, start=words.start_char, end=words.end_char, text=words.text,
                           cls="Country", known=name, sent=m.sent, para=m.para)
            made.append(seat)
            out.append(Fact(subject=m, prop="basedIn", obj=seat, article=m.article, sentence=sentence,
                            start=m.start, end=m.end, rule="seat.name", confidence=0.75,
                            classes=(("Organization",), ("Country", "Place"))))
        elif _city_of(span) is not None:
            words = _city_of(span)
            seat = Mention(article=m.article, start=words.start_char, end=words.end_char, text=words.text,
                           cls="Place", sent=m.sent, para=m.para)
            made.append(seat)
            out.append(Fact(subject=m, prop="basedIn", obj=seat, article=m.article, sentence=sentence,
                            start=m.start, end=m.end, rule="seat.city", confidence=0.7,
                            classes=(("Organization",), ("Place",))))
        elif (city := _city_first(span, mentions)) is not None:
            first, alone = city
            seat = Mention(article=m.article, start=first.start_char, end=first.end_char, text=first.text,
                           cls="Place", known=alone.known if alone.cls == "Place" else None, sent=m.sent,
                           para=m.para)
            made.append(seat)
            out.append(Fact(subject=m, prop="basedIn", obj=seat, article=m.article, sentence=sentence,
                            start=m.start, end=m.end, rule="seat.city", confidence=0.7,
                            classes=(("Organization",), ("Place",))))
        elif (span.root.lemma_.lower() in INSTITUTIONS or span.root.lemma_.lower() in AGENCIES and any(
                t.lower_ in GOVERNMENT_WORDS for t in span if t.i != span.root.i)) and not any(
                t.ent_type_ in ("GPE", "NORP") or t.lower_ in REGIONAL for t in span):
            if not homed:
                home, homed = home_country(mentions), True
            if led is None:
                led = _led_countries(titled)
            seat = _leaders_country(span, m, mentions, led) or home
            if seat is not None:
                out.append(Fact(subject=m, prop="basedIn", obj=seat, article=m.article, sentence=sentence,
                                start=m.start, end=m.end, rule="seat.institution", confidence=0.6,
                                classes=(("Organization",), ("Country",))))
    # a national body of the table, when the article names its country ("the SEC"), even inside
    # another name ("the New York Times" beside "a US Defense Department spokeswoman")
    for c in made:
        if c.cls == "Country" and c.known:
            countries_named.setdefault(c.known, c)
    for m in bodies:
        where = countries_named.get(national[m.known or ""])
        if where is not None:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            out.append(Fact(subject=m, prop="basedIn", obj=where, article=m.article,
                            sentence=sentence_text(doc, span.sent) if span is not None else "", start=m.start,
                            end=m.end, rule="seat.known", confidence=0.9, classes=(("Organization",), ("Country",))))
    return made, out


def _led_countries(titled: Sequence[Fact]) -> dict[str, list[Mention]]:
    """The countries the article's titled people lead, by the last word of the leader's name."""
    led: dict[str, list[Mention]] = {}
    for f in titled:
        if f.prop == "leaderOf" and f.obj is not None and f.obj.cls == "Country" and f.obj.known:
            led.setdefault(data.norm(f.subject.text).split()[-1], []).append(f.obj)
    return led


def _leaders_country(span: Span, institution: Mention, mentions: list[Mention],
                     led: dict[str, list[Mention]]) -> Mention | None:
    """The country led by the person who acts on the institution ("Thatcher told Parliament",
    "Marlow spoke to Parliament"): the subject of the verb whose object it is."""
    verb = span.root.head if span.root.dep_ in ("dobj", "dative") else span.root.head.head \
        if span.root.dep_ == "pobj" and span.root.head.dep_ in ("prep", "dative") else None
    if verb is None or verb.pos_ != "VERB":
        return None
    subjects = [t for t in verb.children if t.dep_ == "nsubj"]
    if span.root.head.dep_ == "poss" or any(c.dep_ == "poss" for c in span.root.children) or not subjects:
        return None
    found = {c.known: c for m in mentions if m.sent == institution.sent and m.cls == "Person" and not m.pronoun
             and m.start <= subjects[0].idx < m.end
             for c in led.get(data.norm(m.text).split()[-1] if m.text.strip() else "", ())}
    return next(iter(found.values())) if len(found) == 1 else None


NAMED_FOR_CITY = rulefiles.word_set("organizations.toml", "named_for_city")


def _city_of(span):
    """The city or province that ends a company's or bank's name after "of" ("First National
    Bank of Destin", "Federal Home Loan Bank of Atlanta", "University of Sheffield"), if the
    gazetteer knows it and it is no word of government ("Bank of Commerce")."""
    for k in range(len(span) - 2, 0, -1):
        if span[k].lower_ != "of":
            continue
        words = span[k + 1:]
        if not 1 <= len(words) <= 3 or not all(t.is_title for t in words) or \
                span[k - 1].lower_.rstrip(".") not in NAMED_FOR_CITY:
            return None
        if any(t.lower_ in GOVERNMENT_WORDS or t.lower_ in REGIONAL for t in words):
            return None
        return words if data.norm(words.text) in data.cities() else None
    return None


def _city_first(span: Span, mentions: list[Mention]) -> tuple[Span, Mention] | None:
    """The city that opens an organization's name ("the Edmonton Oilers", "Calgary City Council",
    "Beijing Shougang Ducks"), when the gazetteer knows it and the article also names that city
    on its own (that mention comes along): "Phoenix Resources" or "Columbia Pictures" alone say
    nothing of a seat."""
    alone = {data.norm(m.text): m for m in mentions if m.cls in ("Place", "Country") and _named(m)
             and not span.start_char <= m.start < span.end_char}
    for n in (3, 2, 1):
        words = span[:n]
        key = data.norm(words.text)
        if n < len(span) and all(t.is_title and t.lower_ not in REGIONAL for t in words) and key in alone \
                and key in data.cities():  # not "Gulf Cooperation Council": a region, no seat
            return words, alone[key]
    return None


CITY_CUE = re.compile(r"(\b[A-Za-z]+ |, )([A-Z])")
LOCATIVE = {"in", "from", "near", "to", "at", "outside", "around", "via", "towards", "toward", "of"}


def unnamed_cities(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Cities the NER left untagged ("talks in Kassel", "fighting near Gao"): a capitalized word
    right after a locative preposition, outside every entity, that is the name of a city in a
    country the article names (kg/data/cities.tsv). They become Place mentions."""
    countries = {m.known for m in mentions if m.cls == "Country" and m.known}
    if not countries:
        return []
    from .entities import paragraph_of, sentence_index, text_of

    taken = [(m.start, m.end) for m in mentions]
    place_ends = {m.end for m in mentions if m.cls in ("Place", "Country")}
    sent_of = None
    out: list[Mention] = []
    # a capitalized word after a locative word, or after ", "/" and " that ends a place
    # ("in Kassel"; "Bremen, Halle, Kassel and Lübeck": the next item of a list of places)
    for hit in CITY_CUE.finditer(text_of(doc)):
        cue_end = hit.start(2)
        cue = hit.group(1).strip(", ").lower()
        listed = hit.start(1) in place_ends or cue == "and" and hit.start(1) - 1 in place_ends
        if cue not in LOCATIVE and not listed:
            continue
        first = doc.char_span(cue_end, cue_end + 1, alignment_mode="expand")
        if first is None or not len(first):
            continue
        start = end = first.start
        sent = doc[start].sent
        while end < sent.end and doc[end].is_title and doc[end].pos_ == "PROPN" and not doc[end].ent_type_:
            end += 1
        if end == start or end - start > 3:
            continue
        span = doc[start:end]
        if any(a < span.end_char and span.start_char < b for a, b in taken):
            continue
        if _pick(data.cities().get(data.norm(span.text), ()), countries, set()) is None:
            continue
        sent_of = sent_of or sentence_index(doc)
        out.append(Mention(article=mentions[0].article, start=span.start_char, end=span.end_char,
                           text=span.text, cls="Place", sent=sent_of.get(sent.start, 0),
                           para=paragraph_of(doc, span.start_char)))
        taken.append((span.start_char, span.end_char))
        place_ends.add(span.end_char)
    return out


def retype_cities(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A name the NER read as a person or organization is a place when it follows a locative
    preposition ("In Essen, too, ...") or a place in a list, and is a city of a country the
    article names."""
    countries = {m.known for m in mentions if m.cls == "Country" and m.known}
    place_ends = {m.end for m in mentions if m.cls in ("Place", "Country")}
    from .entities import text_of

    text = text_of(doc)
    out = []
    for m in mentions:
        # "Hudson, Mass.", "Santa Monica, Calif.": a town, whatever the NER read, when a US state's
        # name or abbreviation follows it (not a company's name: "Acme Corp, Elkhart, Ind.")
        state = re.match(r", ([A-Z][A-Za-z]*\.?(?: [A-Z][a-z]+\.?)?)", text[m.end:m.end + 20])
        if state and m.cls in ("Person", "Organization", "") and not (m.known or m.pronoun) \
                and data.norm(state.group(1)) in data.us_states() and data.norm(m.text) not in data.us_states() \
                and not any(data.norm(w) in CORPORATE_WORDS | NAMED_FOR_CITY for w in m.text.split()) \
                and not (" " in m.text and m.text.split()[0] in data.given_names()) and " of " not in m.text:
            m = replace(m, cls="Place", tentative=False)
        if countries and m.cls in ("Person", "Organization", "") and not m.known and not m.pronoun:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            cands = _candidates(m)
            before = doc[span.start - 1] if span is not None and span.start > 0 else None
            listed = before is not None and before.text in (",", "and") and before.i > 0 and (
                doc[before.i - 1].idx + len(doc[before.i - 1]) in place_ends)  # "Halle, Wetzlar and Lübeck"
            if cands and before is not None and (before.lower_ in LOCATIVE or listed) \
                    and _pick(cands, countries, set()) is not None:
                m = Mention(article=m.article, start=m.start, end=m.end, text=m.text, cls="Place", sent=m.sent,
                            para=m.para)
        out.append(m)
    return out
