"""Job titles around names: a Doc and its Mentions in, Facts out.

Reads the title phrases that news writes around a person's name and gives
`jobTitle`, and `worksFor` or (for a leader's title) `leaderOf`, facts:

    prenominal   "U.S. President Donald Trump", "Chinese Foreign Minister Wang Yi",
                 "Japan's chief tariff negotiator Ryosei Akazawa",
                 "United States Trade Representative, Ambassador Jamieson Greer"
    of-phrase    "President Xi of China"
    appositive   "Scott Bessent, the U.S. Treasury Secretary",
                 "Neo Wang, the lead economist and strategist at Evercore ISI"

Titles come from the entity ruler (label TITLE, kg/data/titles.jsonl). A
"former" or "ex-" title gives no fact: it is not what the person is now.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span, Token

from . import data, rulefiles
from .data import Title
from .entities import HONORIFICS, PORTFOLIOS, text_of
from .model import Fact, Mention
from .nlp import TITLE, plural
from .syntax import appointment, present_copula

MODIFIERS = rulefiles.word_set("people.toml", "title_modifiers")
PAST = rulefiles.word_set("people.toml", "title_past")
AFFILIATION_PREPS = {"at", "of", "for", "with"}
DEPUTY = rulefiles.word_set("people.toml", "deputy")
HEADS_OF_STATE = rulefiles.word_set("people.toml", "heads_of_state")
AUDIENCE = rulefiles.word_set("people.toml", "audience_verbs")
INITIAL = re.compile(r"^[A-Z]\.$")
UNIT = "unit"  # a title over a unit of the organization: works for it, does not lead it


def sentence_text(doc: Doc, sent: Span) -> str:
    """sent.text.strip(), cut from the article's text (kg.entities.text_of) instead of joined again
    from sent's tokens: a fact's sentence is read for every fact."""
    return text_of(doc)[sent.start_char:sent.end_char].strip()


def _title_spans(doc: Doc) -> dict[int, Span]:
    """Token index of each title's last token -> the title span."""
    return {ent.end - 1: ent for ent in doc.ents if ent.label_ == TITLE}


def _affiliate(by_end: dict[int, Mention], by_start: dict[int, Mention], doc: Doc, i: int) -> Mention | None:
    """An organization or country mention ending at token i (or "X's" ending there)."""
    if i >= 0 and doc[i].tag_ == "POS":
        i -= 1
    m = by_end.get(i)
    return m if m and m.cls in ("Country", "Organization", "Place") else None


def _is_leader(title: Span) -> bool:
    name = title.ent_id_.partition("|")[2]
    known = data.title_words().get(data.norm(name))
    return bool(known and known.leader)


PROFESSIONS = rulefiles.word_set("people.toml", "professions")


def _profession(title: Span) -> bool:
    """Whether a title is a profession's ("film director"), not an office's ("Governor")."""
    return data.norm(title.ent_id_.partition("|")[2] or title.text) in PROFESSIONS


def _facts(person: Mention, titles: list[Span], org: Mention | None, doc: Doc, sent: Span,
           rule: str, confidence: float, evidence: tuple[int, int], qualifier: str = "") -> list[Fact]:
    """jobTitle facts, and worksFor / leaderOf when an organization is named. A qualifier
    ("deputy", "vice") keeps the title but makes no leader; "former" makes no affiliation."""
    common: dict[str, Any] = dict(subject=person, article=person.article, sentence=sentence_text(doc, sent),
                  start=evidence[0], end=evidence[1], rule=rule)
    prefix = f"{qualifier} " if qualifier else ""
    out = [Fact(prop="jobTitle", value=prefix + t, confidence=confidence, **common) for t in _phrases(titles, doc)]
    if qualifier.lower() in PAST:
        return out
    if org is not None and org.cls == "Country" and titles and all(_profession(t) for t in titles):
        return out  # "an Australian journalist", "American film director X": a nationality, no employer
    if org is not None:
        prop = "leaderOf" if any(_is_leader(t) for t in titles) and not qualifier else "worksFor"
        if prop == "worksFor" and org.known in data.party_names():
            prop = "memberOf"  # "SPD lawmaker X": a member, not an employee
        out.append(Fact(prop=prop, obj=org, confidence=confidence, **common))
    return out


def _phrases(titles: list[Span], doc: Doc) -> list[str]:
    """Title texts; titles joined by "and" make one phrase ("lead economist and strategist")."""
    out: list[str] = []
    last_end = None
    for t in sorted(titles, key=lambda t: t.start):
        text = t.ent_id_.partition("|")[2] if plural(t) else t.text  # "Presidents X of A and Y of B"
        if last_end is not None and doc[last_end:t.start].text.strip().lower() == "and":
            out[-1] = f"{out[-1]} and {text}"
        else:
            out.append(text)
        last_end = t.end
    return out


def facts(doc: Doc, mentions: list[Mention]) -> list[Fact]:
    """jobTitle, worksFor and leaderOf facts from the title phrases of one article."""
    titles = _title_spans(doc)
    rows = doc.to_array([IDX, LENGTH]).reshape(len(doc), 2)  # not spaCy tokens: they cost more than the rest
    tok_start = dict(zip(rows[:, 0].tolist(), range(len(doc)), strict=True))  # a token's first character -> its index
    tok_end = dict(zip((rows[:, 0] + rows[:, 1]).tolist(), range(len(doc)), strict=True))  # its end -> its index
    by_end = {tok_end[m.end]: m for m in mentions if m.end in tok_end and not m.pronoun}
    by_start = {tok_start[m.start]: m for m in mentions if m.start in tok_start and not m.pronoun}
    out: list[Fact] = []
    for first, person in sorted(by_start.items()):
        if person.cls != "Person" and not (person.tentative and person.cls == ""):
            continue
        last = tok_end[person.end]
        sent = doc[first].sent
        out += _prenominal(doc, person, first, last, titles, by_end, by_start, sent)
        out += _appositive(doc, person, last, titles, by_end, by_start, sent)
        out += _title_first(doc, person, first, last, titles, by_end, by_start, sent)
    return out + _attach(doc, mentions, out)


def home_country(mentions: list[Mention], titled: Title | None = None,
                 claimed: frozenset[tuple] = frozenset()) -> Mention | None:
    """The article's country: among those whose governments use the title, if one is given,
    the one it names most, if it clearly leads (half as many again as the next). Its first
    mention stands for it. A country named only as the seat of an organization ("Belarus's
    Security Committee") or in another person's title ("French President X": `claimed`, the
    keys of such mentions) does not count."""
    counts: dict[str, list[Mention]] = {}
    seats = {m.end for m in mentions if m.cls == "Organization"}
    org_starts = {m.start for m in mentions if m.cls == "Organization"}
    for m in mentions:
        if m.cls == "Country" and m.known and not m.pronoun and not m.refers_to:
            if m.end in seats or m.key in claimed or m.end + 1 in org_starts or m.end + 3 in org_starts:
                continue
            counts.setdefault(m.known, []).append(m)
    if titled is not None:
        counts = {c: ms for c, ms in counts.items()
                  if (not titled.countries or c in titled.countries) and c not in titled.not_countries}
    if not counts:
        return None
    ranked = sorted(counts, key=lambda c: (-len(counts[c]), counts[c][0].start))
    best = ranked[0]
    if len(ranked) > 1 and len(counts[best]) * 2 < len(counts[ranked[1]]) * 3:
        return None  # no clear home: an article about several countries
    return counts[best][0]


def _title_of(value: str) -> Title | None:
    words = data.title_words()
    found = [words.get(data.norm(part)) for part in value.split(" and ")]
    found = [t for t in found if t is not None]
    return found[0] if found else None


def _topic_organization(doc: Doc, person: Mention, mentions: list[Mention]) -> Mention | None:
    """The organization a passage is about: one named in the person's sentence (nearest first),
    else the last one named in the two sentences before. An organization told or asked
    something ("told Reuters") is the audience, not the employer."""
    def eligible(m: Mention) -> bool:
        if m.cls != "Organization" or m.pronoun:
            return False
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        return span is None or span.root.head.lemma_ not in AUDIENCE
    same = [m for m in mentions if m.sent == person.sent and eligible(m)]
    if same:
        return min(same, key=lambda m: abs(m.start - person.start))
    before = [m for m in mentions if person.sent - 2 <= m.sent < person.sent and eligible(m)]
    return max(before, key=lambda m: m.start) if before else None


def _attach(doc: Doc, mentions: list[Mention], found: list[Fact]) -> list[Fact]:
    """A title whose phrase names no organization ("Finance Minister X", "X, the chief
    executive, said") is read against its passage: a national office belongs to the
    article's country among those that use the title, a company title to the organization
    the passage is about. A person who has an explicit affiliation in the article keeps it
    alone. These facts are less certain than explicit ones (confidence 0.6)."""
    affiliations = [f for f in found if f.prop in ("worksFor", "leaderOf")]
    explicit = {data.norm(f.subject.text) for f in affiliations}
    explicit |= {name.split()[-1] for name in explicit}
    attached = {(f.subject.key, f.rule) for f in affiliations}
    others = {(f.sentence, f.obj.known or f.obj.text) for f in affiliations if f.obj is not None}
    claimed = frozenset(f.obj.key for f in affiliations if f.obj is not None)
    held = _held_offices(found, affiliations)
    out: list[Fact] = []
    done: set[tuple] = set()
    for f in found:
        if f.prop != "jobTitle" or (f.subject.key, f.rule) in attached or f.value is None:
            continue
        name = data.norm(f.subject.text)
        if name in explicit or name.split()[-1] in explicit:
            continue
        title = _title_of(f.value)
        if title is None or (f.subject.key, title.title) in done:
            continue
        done.add((f.subject.key, title.title))
        if title.scope == "none":
            continue
        scope = title.scope or ("government" if f.rule == "title.prenominal" and title.leader
                                and title.title in HEADS_OF_STATE else "company")
        if scope == "government" and f.rule == "title.prenominal" and _unnamed_affiliate(doc, f.start):
            continue  # "AFL-CIO president Lane Kirkland": an organization the NER missed, not the country
        taken = tuple(c for c, office, who in held if office == title.title and who != name)
        org = home_country(mentions, replace(title, not_countries=title.not_countries + taken), claimed) \
            if scope == "government" else _topic_organization(doc, f.subject, mentions)
        if org is None or (f.sentence, org.known or org.text) in others:
            continue  # "Chancellor Merz, French President Macron": France is Macron's
        leads = title.leader and not _deputy(f.value)
        out.append(replace(f, prop="leaderOf" if leads else "worksFor", obj=org, value=None,
                           rule=f.rule + ".context", confidence=0.6))
    return out


def _held_offices(found: list[Fact], affiliations: list[Fact]) -> set[tuple[str, str, str]]:
    """(country, title, holder) of the offices the article names with their country ("the prime
    minister of Japan, Mr Nakasone"): a one-holder office of one country is no other person's
    there, so "Prime Minister Thatcher" in that article is not Japan's."""
    titles: dict[tuple, set[str]] = {}
    for f in found:
        title = _title_of(f.value) if f.prop == "jobTitle" and f.value else None
        if title is not None:
            titles.setdefault(f.subject.key, set()).add(title.title)
    return {(f.obj.known, office, data.norm(f.subject.text)) for f in affiliations
            if f.obj is not None and f.obj.cls == "Country" and f.obj.known
            for office in titles.get(f.subject.key, ())}


def _unnamed_affiliate(doc: Doc, start: int) -> bool:
    """A capitalized name right before a title that is no mention of the article ("AFL-CIO
    president"): the title is that organization's, whatever the passage is about."""
    found = doc.char_span(start, start + 1, alignment_mode="expand")
    if found is None or found.start == found.sent.start:
        return False
    i = found.start - 1
    run: list[Token] = []
    while i >= found.sent.start and (doc[i].pos_ == "PROPN" and (doc[i].is_title or doc[i].is_upper)
                                     or doc[i].text == "-" and run):
        run.append(doc[i])
        i -= 1
    # not "Turkey's EU Affairs Minister": a portfolio, or a name the NER read, in the run
    return bool(run) and not any(t.ent_type_ or t.lower_ in PORTFOLIOS for t in run)


def _deputy(value: str) -> bool:
    return any(w in DEPUTY for w in data.norm(value).split())


def _name_start(doc: Doc, first: int, floor: int) -> int:
    """The token where a name's phrase begins: before an honorific or an initial the NER left
    out ("BP chairman Sir Peter Walters", "Acme's chairman, D. Tennant Bryant")."""
    while first - 1 >= floor and (data.norm(doc[first - 1].text) in HONORIFICS or INITIAL.match(doc[first - 1].text)):
        first -= 1
    return first


def _listed_title(doc, first, titles, by_end, sent) -> Span | None:
    """'Presidents Dilma Rousseff of Brazil, Vladimir Putin of Russia and Xi Jinping of China':
    the plural title before a list of names, each with its "of" place, for a later name of it."""
    i = first - 1
    while i > sent.start and doc[i].text in (",", "and"):
        while i > sent.start and doc[i].text in (",", "and"):
            i -= 1
        place = by_end.get(i)
        if place is None or place.cls not in ("Country", "Organization", "Place"):
            return None
        j = _start_token(doc, place) - 1
        if j > sent.start and doc[j].lower_ == "the":
            j -= 1
        person = by_end.get(j - 1) if j > sent.start and doc[j].lower_ == "of" else None
        if person is None or person.cls != "Person":
            return None
        i = _name_start(doc, _start_token(doc, person), sent.start) - 1
        if i in titles:
            return titles[i] if plural(titles[i]) else None
    return None


def _prenominal(doc, person, first, last, titles, by_end, by_start, sent) -> list[Fact]:
    chain: list[Span] = []
    org = None
    qualifier = ""
    first = _name_start(doc, first, sent.start)
    i = first - 1
    listed = _listed_title(doc, first, titles, by_end, sent) if person.cls == "Person" else None
    if listed is not None:
        chain.append(listed)
        i = sent.start - 1  # nothing more to read before the name: its place follows it
    # "Chairman of General Motors Roger Smith": the title's of-phrase stands between it and the name
    ahead = _affiliate(by_end, by_start, doc, i) if i >= sent.start and doc[i].tag_ != "POS" else None
    if ahead is not None and ahead.cls in ("Organization", "Country"):
        j = _start_token(doc, ahead) - 1
        if j > sent.start and doc[j].lower_ == "the":
            j -= 1
        if j > sent.start and doc[j].lower_ == "of" and j - 1 in titles:
            org, i = ahead, j - 1
    while i >= sent.start:
        tok = doc[i]
        if i in titles:
            chain.append(titles[i])
            i = titles[i].start - 1
        elif chain and tok.lower_ in DEPUTY:
            qualifier = qualifier or tok.text
            i -= 1
        elif chain and tok.text in (",", "and"):
            if i - 1 not in titles:
                break  # "Yeutter and Agriculture Secretary Lyng": a list, not an affiliation
            i -= 1
        elif chain and tok.lower_ in MODIFIERS:
            i -= 1
        elif chain and (tok.lower_ in PAST or tok.lower_.startswith("ex-")):
            qualifier = "former"
            break
        elif chain and (affiliate := _affiliate(by_end, by_start, doc, i)):
            org = affiliate
            # "President of the People's Republic of China Xi Jinping": keep walking past "of".
            j = _start_token(doc, affiliate) - 1
            if j >= sent.start and doc[j].lower_ == "the":
                j -= 1
            if j >= sent.start and doc[j].lower_ == "of" and j - 1 in titles:
                i = j - 1
                continue
            break
        else:
            break
    if not chain:
        return []
    # "President Xi of China"
    if org is None and last + 2 < sent.end and doc[last + 1].lower_ == "of":
        org = _affiliate(by_end, by_start, doc, _span_end_after(doc, by_start, last + 2))
    start = min(t.start for t in chain)
    evidence = (doc[start].idx, person.end)
    return _facts(person, chain, org, doc, sent, "title.prenominal", 0.9, evidence, qualifier)


def _span_end_after(doc: Doc, by_start: dict[int, Mention], i: int) -> int:
    """Token index of the end of the mention starting at i (skipping "the")."""
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    m = by_start.get(i)
    if m is None:
        return -1
    for t in doc[i:]:
        if t.idx + len(t) == m.end:
            return t.i
    return -1


def _appositive(doc, person, last, titles, by_end, by_start, sent) -> list[Fact]:
    """'Scott Bessent, the U.S. Treasury Secretary'; and, as an apposition would say it, 'Anderson
    is Middle East correspondent for The Associated Press' (is: not "was", "is not", "may be")."""
    found = _appositive_from(doc, person, last + 2, titles, by_end, by_start, sent) \
        if last + 1 < sent.end and doc[last + 1].text == "," else []
    verb = present_copula(doc[last]) if not found else None
    if verb is not None and verb.i > last:
        found = _appositive_from(doc, person, verb.i + 1, titles, by_end, by_start, sent)
    post = appointment(doc[last]) if not found else None
    if post is not None and post.i >= last:
        found = _appositive_from(doc, person, post.i + 1, titles, by_end, by_start, sent)
    return found


def _appositive_from(doc, person, i, titles, by_end, by_start, sent) -> list[Fact]:
    """The title phrase from token i on, and the organization in it or after it."""
    if i < sent.end and doc[i].lower_ in ("the", "a", "an"):
        i += 1
    org = None
    qualifier = ""
    chain: list[Span] = []
    while i < sent.end:
        tok = doc[i]
        m = by_start.get(i)
        if tok.lower_ in PAST or tok.lower_.startswith("ex-"):
            return []
        if m and m.cls in ("Country", "Organization") and not chain:
            org = m
            i = _span_end_after(doc, by_start, i) + 1
            if i < sent.end and doc[i].tag_ == "POS":
                i += 1
        elif any(t.start == i for t in titles.values()):
            span = next(t for t in titles.values() if t.start == i)
            chain.append(span)
            i = span.end
        elif tok.lower_ in DEPUTY and not chain:
            qualifier = qualifier or tok.text  # "the deputy head of X": works there, does not lead
            i += 1
        elif tok.lower_ in MODIFIERS or (chain and tok.lower_ == "and"):
            i += 1
        elif tok.dep_ in ("compound", "amod") and tok.pos_ in ("NOUN", "ADJ") and any(
                t.start <= tok.head.i < t.end for t in titles.values()) and tok.head.i > i:
            i += 1  # "metals analyst for X", "senior oil economist at X": words of the title's own
        else:
            break
    if not chain or i in by_start and by_start[i].cls == "Person":
        return []  # "Trump, Chinese President Xi Jinping": a list of names, not an apposition
    if org is None and i + 1 < sent.end and doc[i].lower_ in AFFILIATION_PREPS:
        org = _affiliate(by_end, by_start, doc, _span_end_after(doc, by_start, i + 1))
        # "manager for economic studies at Acme", "head of a committee with Acme": the title's own
        # words, then the employer, whom the title does not lead (it heads the committee)
        j = i + 1
        while org is None and j + 1 < min(sent.end, i + 8) and doc[j].is_lower and not doc[j].is_punct:
            if doc[j].lower_ in ("at", "with") and j > i + 1:
                org = _affiliate(by_end, by_start, doc, _span_end_after(doc, by_start, j + 1))
                qualifier = qualifier if org is None else qualifier or UNIT
            j += 1
    end = max(t.end for t in chain)
    evidence = (person.start, doc[end - 1].idx + len(doc[end - 1]))
    found = _facts(person, chain, org, doc, sent, "title.appositive", 0.85, evidence,
                   "" if qualifier == UNIT else qualifier)
    if qualifier == UNIT:
        found = [replace(f, prop="worksFor") if f.prop == "leaderOf" else f for f in found]
    return found


def _title_first(doc, person, first, last, titles, by_end, by_start, sent) -> list[Fact]:
    """'The premier of Saxony-Anhalt, Wolfgang Böhmer, said', "Australia's ambassador to
    Sweden, Paul Stephens, said", "he met the chairman of Allegis, Frank Olson.": the title
    comes first and the name follows in apposition."""
    first = _name_start(doc, first, sent.start)
    after = doc[last + 1] if last + 1 < len(doc) else None
    if first < 2 or doc[first - 1].text != "," or after is None or not (
            after.text in (",", ")") or after.pos_ in ("VERB", "AUX") or after.text == "." and after.i == sent.end - 1):
        return []
    i = first - 2
    org = None
    unit = _unit_of(doc, i, titles, by_end, by_start, sent)
    if unit is not None:  # "the director of Acme's trade department (TD), Jane Doe"
        org, i, part = unit
    place = by_end.get(i) if unit is None else None
    if place is not None and place.cls in ("Country", "Organization", "Place"):
        j = _start_token(doc, place) - 1
        if j > 0 and doc[j].lower_ in ("of", "at", "for") and j - 1 in titles:
            org, i = place, j - 1  # "the premier of Saxony-Anhalt"
        elif j > 0 and doc[j].lower_ == "to" and j - 1 in titles:
            i = j - 1  # "ambassador to Sweden": Sweden is where, not whom, they serve
        else:
            return []
    if i not in titles:
        return []
    title = titles[i]
    k = title.start - 1
    if k >= 0 and (doc[k].lower_ in PAST or doc[k].lower_.startswith("ex-")):
        return []
    if org is None and k >= 0:
        org = _affiliate(by_end, by_start, doc, k)  # "Australia's ambassador"
    evidence = (doc[title.start].idx, person.end)
    found = _facts(person, [title], org, doc, sent, "title.first", 0.8, evidence)
    if unit is not None and part:  # the head of a department of Acme works for Acme, does not lead it
        found = [replace(f, prop="worksFor") if f.prop == "leaderOf" else f for f in found]
    return found


def _unit_of(doc, i, titles, by_end, by_start, sent) -> tuple[Mention, int, bool] | None:
    """A title over a unit of an organization, ending at token i: "director of the Bank of Norland's export
    department (BNX)", "director-general of the Acme export institute".
    Returns the organization named, the title's last token, and whether the unit is only a
    part of the organization (a possessive: its head works for it, does not lead it)."""
    bracketed = None  # "(CACEX)": the unit's own name
    if i >= sent.start and doc[i].text == ")":
        opening = next((k for k in range(i - 1, max(sent.start, i - 8) - 1, -1) if doc[k].text == "("), None)
        if opening is None:
            return None
        bracketed = by_start.get(opening + 1)
        i = opening - 1
    k = i
    while k >= sent.start and i - k < 4 and doc[k].is_lower and doc[k].pos_ in ("NOUN", "ADJ", "PROPN"):
        k -= 1
    if k == i:
        return None  # no unit noun: the organization itself, read by the caller
    org = _affiliate(by_end, by_start, doc, k)
    if (org is None or org.cls != "Organization") and bracketed is not None and bracketed.cls == "Organization" \
            and doc[k].lower_ == "the":
        # "the director of the foreign trade department (CACEX)": the unit named in brackets is led
        return (bracketed, k - 2, False) if k - 1 > sent.start and doc[k - 1].lower_ in ("of", "at") \
            and k - 2 in titles else None
    if org is None or org.cls != "Organization":
        return None
    j = _start_token(doc, org) - 1
    if j > sent.start and doc[j].lower_ == "the":
        j -= 1
    if j > sent.start and doc[j].lower_ in ("of", "at") and j - 1 in titles:
        return org, j - 1, doc[k].tag_ == "POS"
    return None


def _start_token(doc: Doc, m: Mention) -> int:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span.start if span is not None else 0
