"""Relations between entities from dependency rules: a Doc and its Mentions in, Facts and events out.

The rules are data (kg/rules/relations.toml, documented in its opening comments): a
trigger word (a spaCy Matcher token pattern, found by kg.tokenmatch), and dependency paths from the trigger to the
subject and object. Loading checks every property and class against the ontology
through kg.vocab.KG, so a rule cannot name a term the ontology lacks.

Syntax handled here for every rule: coordination ("Bessent and Greer met He"
gives two facts), passives (the by-agent is the subject), possessives ("his
meeting with X"), "each other" (both ways), pronouns (through their Mentions),
and modality: a trigger under a negation, a modal verb ("might meet"), a plan
or wish ("plans to restrict", "interest in speaking") or a condition makes no fact.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Any, cast

from spacy.attrs import LEMMA
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from . import data, parties, places, rulefiles
from .entities import CORPORATE_SUFFIXES, same_person, text_of
from .errors import RuleError
from .model import EventRecord, Fact, Mention
from .nlp import TITLE, UNIT_ENDINGS, source_lines
from .roles import home_country, sentence_text
from .syntax import MODALS, MentionIndex, its_antecedent, present_copula, subject_up, trigger_date
from .tokenmatch import TokenMatcher, tokens_where
from .vocab import KG

IRREALIS_HEADS = rulefiles.word_set("modality.toml", "irrealis_heads")
CONDITIONS = {"if", "unless", "whether"}
RELATIVE = {"who", "which", "that", "whom"}
PAST = rulefiles.word_set("people.toml", "former")
REPORTING = rulefiles.word_tuple("speech.toml", "reporting")


@dataclass(frozen=True)
class Rule:
    id: str
    prop: str
    trigger: dict
    subject: tuple[str, ...] = ()
    object: tuple[str, ...] = ()
    subject_class: tuple[str, ...] = ()
    object_class: tuple[str, ...] = ()
    pairs: bool = False
    pairs_object: bool = False
    reverses: bool = False
    requires: dict = field(default_factory=dict)
    requires_object_class: tuple[str, ...] = ()
    not_after_title: bool = False  # "President Lula of Brazil" is no livesIn
    static: bool = False  # a name phrase's relation: not subject to the clause's modality
    forbid: tuple[str, ...] = ()  # dependents of the trigger that rule the reading out
    undone_by: tuple[str, ...] = ()
    event: str | None = None
    event_if: tuple[str, ...] = ()
    confidence: float = 0.75
    example: str = ""  # a sentence the rule reads, and the (subject, prop, object) it must give:
    gives: tuple[str, ...] = ()  # tests/test_rule_examples.py runs each


# The dependency labels of spaCy's English parsers (ClearNLP style): a rule's path is made of these
DEP_LABELS = {"acl", "acomp", "advcl", "advmod", "agent", "amod", "appos", "attr", "aux", "auxpass", "case", "cc",
              "ccomp", "compound", "conj", "csubj", "csubjpass", "dative", "dep", "det", "dobj", "expl", "intj",
              "mark", "meta", "neg", "nmod", "npadvmod", "nsubj", "nsubjpass", "nummod", "oprd", "parataxis",
              "pcomp", "pobj", "poss", "preconj", "predet", "prep", "prt", "punct", "quantmod", "relcl", "xcomp"}
# English prepositions (a closed class): the WORD of a path's prep:WORD
PREPOSITIONS = {"about", "above", "across", "after", "against", "along", "amid", "among", "around", "as", "at",
                "before", "behind", "below", "beneath", "beside", "besides", "between", "beyond", "by", "despite",
                "down", "during", "except", "for", "from", "in", "including", "inside", "into", "like", "near",
                "of", "off", "on", "onto", "out", "outside", "over", "past", "per", "since", "than", "through",
                "throughout", "to", "toward", "towards", "under", "underneath", "until", "unlike", "up", "upon",
                "via", "with", "within", "without"}
_STEP = re.compile(r"head|agent|up:nsubj\*?|prep:(?:{})|(?:{})".format(
    "|".join(sorted(PREPOSITIONS)), "|".join(sorted(DEP_LABELS))))


def _valid_path(path: str) -> bool:
    """Whether a rule path is of the grammar: "self", or steps joined by ">", each a dependency
    label, prep:WORD (an English preposition), agent, head or up:nsubj(*); "else:" may open it."""
    path = path.removeprefix("else:")
    return path == "self" or all(_STEP.fullmatch(step) for step in path.split(">"))


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The relation rules, checked against the ontology."""
    return parse_rules(rulefiles.text("relations.toml"), "kg/rules/relations.toml")


def parse_rules(text: str, source: str) -> tuple[Rule, ...]:
    """Rules from TOML text (an array of [[rule]] tables), each checked: its fields, its paths'
    grammar, the dependencies it names, and its terms against the ontology. A bad rule is a
    RuleError naming source:line, the line of its id."""
    out = []
    rows = rulefiles.parse(text, source).get("rule", [])
    lines = rulefiles.id_lines(text)
    for i, row in enumerate(rows):
        where = f"{source}:{lines[i]}" if i < len(lines) else f"{source}: rule {i + 1}"
        try:
            fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in row.items()}
            rule = Rule(**fields)
        except TypeError as e:
            raise RuleError(f"{where}: {e}") from None
        for path in (*rule.subject, *rule.object):
            if not _valid_path(path):
                raise RuleError(f"{where}: rule {rule.id!r} has the path {path!r}, which is not of the path "
                                f"grammar (dependency labels, prep:WORD, agent, head, up:nsubj, self, A>B, else:)")
        for dep in (*rule.requires, *rule.forbid):
            if not _STEP.fullmatch(dep):  # a dependency label, head, agent or prep:WORD
                raise RuleError(f"{where}: rule {rule.id!r} names the dependency {dep!r}, which the parser "
                                f"does not give")
        for term in (rule.prop, *rule.subject_class, *rule.object_class, *([rule.event] if rule.event else [])):
            try:
                KG[term]
            except (AttributeError, KeyError):
                raise RuleError(f"{where}: rule {rule.id!r} names {term!r}, which the ontology does not have") from None
        out.append(rule)
    return tuple(out)


_MATCHERS: dict[int, TokenMatcher] = {}


def matcher(vocab) -> TokenMatcher:
    """The trigger matcher for a vocab (built once per pipeline): (rule number, start, end)
    for each trigger found. spaCy's Matcher checks the patterns; kg.tokenmatch finds them."""
    if id(vocab) not in _MATCHERS:
        check = Matcher(vocab, validate=True)
        m = TokenMatcher(vocab)
        for i, rule in enumerate(rules()):
            check.add(str(i), [[rule.trigger]])
            m.add(i, [rule.trigger])
        _MATCHERS[id(vocab)] = m
    return _MATCHERS[id(vocab)]


# ---------------------------------------------------------------- paths


def _children(tok: Token, dep: str) -> list[Token]:
    if dep.startswith("prep:"):
        word = dep[5:]
        return [p for c in tok.children if c.dep_ in ("prep", "agent", "dative") and c.lower_ == word
                for p in c.children if p.dep_ in ("pobj", "pcomp")]
    if dep == "agent":
        return [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    if dep == "head":
        return [tok.head] if tok.head.i != tok.i else []
    return [c for c in tok.children if c.dep_ == dep]


def follow(tok: Token, path: str) -> list[Token]:
    """Tokens reached from tok by a rule path, coordination included."""
    if path == "self":
        found = [tok]
    else:
        found = [tok]
        for step in path.split(">"):  # "head>up:nsubj": the subject above the trigger's head
            found = [c for t in found for c in
                     (subject_up(t, step.endswith("*")) if step.startswith("up:nsubj") else _children(t, step))]
    out: list[Token] = []
    for t in found:
        # "Booth, who assassinated Lincoln": the relative pronoun stands for the noun it follows
        if t.lower_ in RELATIVE and t.head.dep_ == "relcl":
            t = t.head.head
        # "with the new U.S. Ambassador David Perdue": the name is an apposition of the title
        for c in (t, *t.conjuncts, *[a for a in t.children if a.dep_ == "appos"]):
            if c not in out:
                out.append(c)
    return out


def _own_apposition(doc: Doc, tok: Token, s: Mention, o: Mention) -> bool:
    """Whether `o`, an apposition of the trigger (or the object of its preposition), is paired with
    a conjunct `s` of the trigger that has an apposition (or that preposition) of its own: "at
    Jackson, Wyo., and Gunnison, Colo.", where Gunnison is in Colorado only (but "Jackson and
    Gunnison, Colo." share theirs); "Dan Sai District in Loei Province, Nakhon Thai District in
    Phitsanulok Province", where each district is in its own province."""
    if not tok.conjuncts:
        return False
    first, second = doc.char_span(s.start, s.end, alignment_mode="expand"), \
        doc.char_span(o.start, o.end, alignment_mode="expand")
    if first is None or second is None:
        return False
    conj, own = first.root, second.root
    if conj not in tok.conjuncts:
        return False
    if own.dep_ == "appos" and own.head == tok:
        return any(c.dep_ == "appos" for c in conj.children)
    prep = own.head
    return own.dep_ == "pobj" and prep.dep_ == "prep" and prep.head == tok \
        and any(c.dep_ == "prep" and c.lower_ == prep.lower_ for c in conj.children)


def arguments(tok: Token, paths: tuple[str, ...], index: MentionIndex, classes: tuple[str, ...]) -> list[Mention]:
    """The mentions a rule's paths reach. A path written "else:PATH" is tried only when the
    paths before it found nothing ("in killing Kennedy": the subject of the governing verb)."""
    found: list[Mention] = []
    for path in paths:
        if path.startswith("else:"):
            if found:
                continue
            path = path[5:]
        for m in index.of(follow(tok, path), classes):
            if m not in found:
                found.append(m)
    return found


# ---------------------------------------------------------------- modality


def _governing_verb(tok: Token) -> Token | None:
    node = tok
    while node.head.i != node.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def irrealis(tok: Token) -> bool:
    """Under a modal, a plan or wish, or a condition: what it says did not (yet) happen."""
    node = tok
    while True:
        for c in node.children:
            if c.dep_ == "aux" and c.lower_ in MODALS:
                return True
            if c.dep_ == "mark" and c.lower_ in CONDITIONS:
                return True
        if node.i != tok.i and node.lemma_.lower() in IRREALIS_HEADS:
            return True
        if node.head.i == node.i or node.dep_ in ("ccomp",) and node.head.lemma_ in REPORTING:
            return False
        if node.dep_ == "advcl" and not any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in node.children):
            return False  # "X will cut …, while Y reduced …": the main clause's modality is its own
        node = node.head


def negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


# ---------------------------------------------------------------- extraction


def _context_has(doc: Doc, tok: Token, words: tuple[str, ...], title: str | None) -> bool:
    text = (tok.sent.text + " " + (title or "")).lower()
    start = text_of(doc).rfind("\n\n", 0, tok.idx)
    end = text_of(doc).find("\n\n", tok.idx)
    text += " " + text_of(doc)[start + 1 if start >= 0 else 0:end if end >= 0 else len(text_of(doc))].lower()
    return any(w in text for w in words)


def extract(doc: Doc, mentions: list[Mention], *, published: str | None = None,
            title: str | None = None) -> tuple[list[Fact], list[EventRecord]]:
    """Relation facts and Meeting / PhoneCall events of one article."""
    index = MentionIndex(doc, mentions)
    article = mentions[0].article if mentions else ""
    facts: list[Fact] = []
    events: list[EventRecord] = []
    all_rules = rules()
    for key, start, _ in matcher(doc.vocab)(doc):
        rule = all_rules[key]
        tok = doc[start]
        if rule.requires and not any(c.lemma_.lower() in words or c.lower_ in words
                                     for dep, words in rule.requires.items() for c in _children(tok, dep)):
            continue
        if not rule.static and irrealis(tok):
            continue
        if rule.forbid and any(c.dep_ in rule.forbid for c in tok.children):
            continue
        if rule.prop in ("worksFor", "leaderOf") and tok.pos_ == "NOUN" and any(
                c.dep_ == "amod" and (c.lower_ in PAST or c.lower_.startswith("ex-")) for c in tok.children):
            continue  # "a former Wall Street Journal reporter": no job now
        if rule.not_after_title and any(t.ent_type_ == TITLE for t in doc[max(0, tok.left_edge.i - 1):tok.i]):
            continue
        verb = tok if tok.pos_ in ("VERB", "AUX") else _governing_verb(tok)
        if rule.undone_by and verb is not None and verb.lemma_.lower() in rule.undone_by:
            if not negated(verb):
                continue  # "lifted limits": no longer restricted
        elif not rule.static and (negated(tok) or tok.pos_ not in ("VERB", "AUX") and verb is not None
                                  and negated(verb)):
            continue
        subjects = arguments(tok, rule.subject, index, rule.subject_class)
        objects = arguments(tok, rule.object, index, rule.object_class)
        if rule.requires_object_class and not any(o.cls in rule.requires_object_class or o.pronoun
                                                  for o in objects):
            continue
        pairs: list[tuple[Mention, Mention]] = []
        if rule.reverses:
            for s in subjects:
                for f in facts:
                    if f.prop == rule.prop and f.obj is not None and (f.obj.target == s.target or not (
                            f.obj.pronoun or s.pronoun) and same_person(f.obj, s)):
                        pairs.append((s, f.subject))
        elif any(c.lower_ == "other" and any(d.lower_ == "each" for d in c.children)
                 for c in tok.children if c.dep_ == "dobj"):
            pairs = [(a, b) for a in subjects for b in subjects if a.target != b.target]
        elif objects and subjects:
            pairs = [(s, o) for s in subjects for o in objects]
        elif rule.pairs and len(subjects) > 1:
            pairs = list(combinations(subjects, 2))
        elif rule.pairs_object and len(objects) > 1:
            pairs = list(combinations(objects, 2))
        pairs = [(s, o) for s, o in pairs if s.target != o.target and not _own_apposition(doc, tok, s, o)]
        if not pairs:
            continue
        sent = tok.sent
        for s, o in pairs:
            lo = min(s.start, o.start, tok.idx)
            hi = max(s.end, o.end, tok.idx + len(tok))
            facts.append(Fact(subject=s, prop=rule.prop, obj=o, article=article, sentence=sent.text.strip(),
                              start=lo, end=hi, rule=rule.id, confidence=rule.confidence,
                              classes=(rule.subject_class, rule.object_class)))
        if rule.event and (not rule.event_if or _context_has(doc, tok, rule.event_if, title)):
            people: list[Mention] = []
            for s, o in pairs:
                for m in (s, o):
                    if all(m.target != p.target for p in people):
                        people.append(m)
            where = index.of(follow(tok, "prep:in") + follow(tok, "prep:at"), ("Place", "Country"))
            roles = tuple(("participant", m) for m in people) + tuple(("location", m) for m in where[:1])
            values = (("date", trigger_date(tok, published)),) if trigger_date(tok, published) else ()
            events.append(EventRecord(kind=rule.event, article=article, sentence=sent.text.strip(),
                                      start=sent.start_char, end=sent.end_char, rule=rule.id,
                                      confidence=rule.confidence, roles=roles, values=values))
    return facts, events


@lru_cache(maxsize=1)
def descriptors() -> dict:
    return rulefiles.table("descriptors.toml")


EMPLOYEE_NOUNS = rulefiles.word_set("people.toml", "employee_nouns")
RELATION_NOUNS = rulefiles.word_set("people.toml", "relation_nouns")
BASED = rulefiles.word_set("organizations.toml", "based")
AFFILIATION = {"for": "Organization", "at": "Organization", "of": "Organization", "with": "Organization"}


def _predicate_nouns(root: Token) -> list[Token]:
    """The noun a name is said to be now, as an apposition would say it: "Anderson is Middle East
    correspondent for The Associated Press" (see present_copula)."""
    verb = present_copula(root)
    return [] if verb is None else [c for c in verb.children if c.dep_ == "attr" and c.pos_ == "NOUN"]


def _person_appositions(doc: Doc, m: Mention, index: MentionIndex, article: str) -> list[Fact]:
    """'Kevin O'Brien, a spokesman for the theater', 'Walter Mears, columnist for The
    Associated Press': worksFor. Titles ("president of") are kg.roles' business."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return []
    out = []
    predicates = _predicate_nouns(span.root)
    for noun in [c for c in span.root.children if c.dep_ == "appos" and c.pos_ == "NOUN"] + predicates:
        if noun.ent_type_ == TITLE or any(t.ent_type_ == TITLE for t in noun.subtree if t.i < noun.i) \
                or noun.lemma_.lower() in RELATION_NOUNS:
            continue
        if noun.lemma_.lower() in EMPLOYEE_NOUNS:  # "Gary Hess, an Emery employee"
            for org in index.of([c for c in noun.children if c.dep_ in ("compound", "nmod", "poss")],
                                ("Organization",)):
                out.append(Fact(subject=m, prop="worksFor", obj=org, article=article,
                                sentence=noun.sent.text.strip(), start=m.start, end=noun.idx + len(noun),
                                rule="appos.affiliation", confidence=0.7, classes=(("Person",), ("Organization",))))
        member = noun.lemma_.lower() == "member"  # "X, a member of the CDU": a member, not an employee
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in AFFILIATION
                     and (noun not in predicates or c.i == noun.i + 1)):  # "is an engineer at", right after
            orgs = index.of(follow(prep, "pobj"), ("Organization",))
            for org in orgs:
                out.append(Fact(subject=m, prop="memberOf" if member else "worksFor", obj=org, article=article,
                                sentence=noun.sent.text.strip(), start=m.start,
                                end=max(org.end, noun.idx + len(noun)), rule="appos.affiliation",
                                confidence=0.7, classes=(("Person",), ("Organization",))))
    return out


SOLD = rulefiles.word_set("organizations.toml", "sold")  # "bought Acme's Beta unit": Acme sold it
DONE = rulefiles.word_set("organizations.toml", "done")


def sold(tok: Token) -> bool:
    """A unit sold by its owner ("Acme sold its Beta unit", "completed the sale of its Beta unit"):
    the owner owned it, and no longer does. A sale agreed or planned ("agreed to sell") is not done."""
    node = tok
    while node.dep_ == "conj" and node.head.i != node.i:  # "sold its Beta unit and its Gamma unit"
        node = node.head
    sale = node.head.head if node.dep_ == "pobj" and node.head.lower_ == "of" else None
    if node.dep_ == "dobj" and node.head.lemma_.lower() in SOLD:
        verb = node.head
    elif sale is not None and sale.lemma_.lower() == "sale" and sale.dep_ == "dobj" and \
            sale.head.lemma_.lower() in DONE:
        verb = sale.head
    else:
        return False
    return not irrealis(verb) and verb.dep_ not in ("xcomp", "acl") and not negated(verb)


COMPANY_ENDINGS = CORPORATE_SUFFIXES | rulefiles.word_set("organizations.toml", "company_endings")
NOT_FIRST = rulefiles.word_set("organizations.toml", "not_first")


def company_name(span) -> bool:
    """A company's name of two words or more that ends as one ("Beta Insurance Co", "Beta
    Savings Bank") and does not begin with a word that only ends one ("International PLC" of
    "Rothman's International PLC", cut in two by the possessive)."""
    words = [t.lower_.rstrip(".") for t in span if not t.is_punct]
    return len(words) >= 2 and words[-1] in COMPANY_ENDINGS and words[0] not in NOT_FIRST


def _possessive_seats(doc: Doc, mentions: list[Mention], index: MentionIndex, article: str) -> list[Fact]:
    """"Cairo's Tahrir Square" locatedIn Cairo; "China's Foreign Ministry" basedIn China."""
    out = []
    for m in mentions:
        if m.cls not in ("Place", "Organization") or m.pronoun or m.refers_to or m.known:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        owners = [c for c in span.root.children if c.dep_ == "poss"]
        owners += [t for t in span if t.dep_ == "poss" and t.head.i == span.root.i]
        prop = "locatedIn" if m.cls == "Place" else "basedIn"
        if m.cls == "Organization" and span.root.dep_ not in ("compound", "nmod") and company_name(span):
            # "Acme Corp's Beta Insurance Co", "its Beta Savings Bank": the company's own unit
            # (not "Acme's Beta bid", where the name only qualifies a noun, nor a ministry's department)
            parents = [p for o in owners for p in (
                its_antecedent(doc, o, index, [m]) if o.lower_ == "its" else index.of([o], ("Organization",)))]
            # "talks with his MTS Acquisition Corp": the person it stands for owns it
            parents += [p for o in owners if o.lower_ in ("his", "her")
                        for p in index.of([o], ("Person",)) if p.refers_to is not None]
            for parent in [] if sold(span.root) else parents:
                person = parent.cls == "Person" and parent.pronoun
                if parent.target != m.target and (parent.cls == "Organization" and not parent.pronoun or person) \
                        and (not parent.known or parent.known in data.company_names()) \
                        and data.norm(parent.text) not in data.cities():
                    out.append(Fact(subject=parent, prop="owns", obj=m, article=article,
                                    sentence=span.sent.text.strip(), start=min(parent.start, m.start),
                                    end=m.end, rule="possessive.owns", confidence=0.65,
                                    classes=(("Organization", "Person"), ("Organization",))))
        for seat in index.of(owners, ("Place", "Country")):
            if seat.target == m.target:
                continue
            out.append(Fact(subject=m, prop=prop, obj=seat, article=article, sentence=span.sent.text.strip(),
                            start=min(seat.start, m.start), end=m.end, rule="possessive.seat", confidence=0.7,
                            classes=((m.cls,), ("Place", "Country"))))
    return out


def _shareholders(doc: Doc, m: Mention, index: MentionIndex, holders: set[str], article: str) -> list[Fact]:
    """'International Finance Corp, a BPI shareholder', "Beta's largest shareholder, Acme",
    'John Doe, a major stockholder in Beta': the named holder owns the company."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return []
    root = span.root
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    out = []
    for noun in nouns:
        if noun.lemma_.lower() not in holders or any(t.lower_ in PAST for t in noun.subtree if t.i < noun.i):
            continue
        near = [c for c in noun.children if c.dep_ in ("compound", "nmod", "poss") and c.i < noun.i]
        for owned in index.of(near + follow(noun, "prep:in") + follow(noun, "prep:of"), ("Organization",)):
            if owned.target != m.target and not owned.pronoun and not owned.known:
                out.append(Fact(subject=m, prop="owns", obj=owned, article=article, sentence=noun.sent.text.strip(),
                                start=min(m.start, owned.start, noun.idx),
                                end=max(m.end, owned.end, noun.idx + len(noun)),
                                rule="descriptor.shareholder", confidence=0.7,
                                classes=(("Organization", "Person"), ("Organization",))))
    return out


def _shareholder_lists(doc: Doc, index: MentionIndex, holders: set[str], article: str) -> list[Fact]:
    """"Beta's principal shareholders are Acme AG, with 35 pct, and Gamma AG": each one named
    after the copula owns the company."""
    out = []
    for noun in tokens_where(doc, LEMMA, lambda lemma: lemma.lower() in holders):
        if noun.dep_ != "nsubj" or noun.head.lemma_ != "be" \
                or negated(noun.head) or any(t.lower_ in PAST for t in noun.subtree):
            continue
        near = [c for c in noun.children if c.dep_ in ("compound", "nmod", "poss") and c.i < noun.i]
        owned = [o for o in index.of(near + follow(noun, "prep:in") + follow(noun, "prep:of"), ("Organization",))
                 if not o.pronoun and not o.known]
        said = {t.i for t in noun.subtree}
        named = index.of([t for t in noun.head.subtree if t.i not in said and t.i > noun.head.i],
                         ("Organization", "Person"))
        for o in owned:
            for m in named:
                if m.target != o.target and not m.pronoun:
                    out.append(Fact(subject=m, prop="owns", obj=o, article=article,
                                    sentence=noun.sent.text.strip(), start=min(m.start, o.start),
                                    end=max(m.end, o.end), rule="descriptor.shareholder", confidence=0.7,
                                    classes=(("Organization", "Person"), ("Organization",))))
    return out


def _named_spans(doc: Doc, mentions: list[Mention], cls: str) -> Iterator[tuple[Mention, Span]]:
    """Each mention of the class that names its entity (no pronoun or description), with its span."""
    for m in mentions:
        if m.cls == cls and not m.pronoun and not m.refers_to:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                yield m, span


def _based_of(doc: Doc, mentions: list[Mention], index: MentionIndex, article: str) -> list[Fact]:
    """'Brisco Corp of Tulsa', '2001 Distributors Inc of West Babylon, N.Y.': a company named with
    'of' and a place right after its name is based there (and in the region after the place's
    comma). Only there: in 'Chemical Bank of New York, and the First National Bank of Chicago'
    each bank has its own."""
    out = []
    for m, span in _named_spans(doc, mentions, "Organization"):
        if span.end + 1 >= len(doc) or doc[span.end].lower_ != "of":
            continue
        places = [p for p in index.of([doc[span.end + 1]], ("Place", "Country")) if not p.pronoun][:1]
        after = doc.char_span(places[0].start, places[0].end, alignment_mode="expand") if places else None
        if after is not None and after.end + 1 < len(doc) and doc[after.end].text == ",":
            # "of Vancouver, British Columbia": the region after the city too
            places += [p for p in index.of([doc[after.end + 1]], ("Place", "Country")) if not p.pronoun][:1]
        for place in places:
            if place.target != m.target:
                out.append(Fact(subject=m, prop="basedIn", obj=place, article=article,
                                sentence=sentence_text(doc, span.sent), start=m.start, end=place.end,
                                rule="basedIn.of", confidence=0.6, classes=(("Organization",), ("Place", "Country"))))
    return out


UNIT_REGIONS = rulefiles.word_set("organizations.toml", "unit_regions")


def _regional_units(doc: Doc, mentions: list[Mention], article: str) -> list[Fact]:
    """'Sony Europe', 'Texaco Canada Inc' beside 'Sony Corp', 'Texaco Inc': a company's name and
    a region or a country names its unit there, which the company owns (not 'Power Corporation
    of Canada', the company's own full name)."""
    def base(words: list[str]) -> str:
        while len(words) > 1 and data.norm(words[-1]) in CORPORATE_SUFFIXES:
            words = words[:-1]
        return data.norm(" ".join(words))

    named = list(_named_spans(doc, mentions, "Organization"))
    companies: dict[str, Mention] = {}  # the article's companies named in full: a legal form, or known
    for m, _ in named:
        if m.known or data.norm(m.text.split()[-1]) in CORPORATE_SUFFIXES:
            companies.setdefault(base(m.text.split()), m)  # not "Gelco", the short name of "Gelco U.K."
    out = []
    for m, span in named:
        words = base(m.text.split()).split()
        for k in (2, 1):
            region = " ".join(words[-k:])
            known = data.names().get(region)
            if len(words) > k and (region in UNIT_REGIONS or known is not None and known.cls == "Country"):
                parent = companies.get(" ".join(words[:-k]))
                if parent is not None and parent.target != m.target:
                    out.append(Fact(subject=parent, prop="owns", obj=m, article=article,
                                    sentence=sentence_text(doc, span.sent), start=m.start, end=m.end,
                                    rule="owns.regional", confidence=0.7,
                                    classes=(("Organization",), ("Organization",))))
                break
    return out


def _outlet_seats(doc: Doc, index: MentionIndex, article: str) -> list[Fact]:
    """'Moscow IZVESTIYA in Russian 23 Mar 94': the outlet of a monitoring service's source line
    is based in the city that opens it (kg.nlp.source_lines)."""
    out = []
    for city, outlet in source_lines(doc, text_of(doc)):
        places = [p for p in index.of([city.root], ("Place", "Country")) if not p.pronoun][:1]
        outlets = [o for o in index.of([outlet.root], ("Organization",)) if not o.pronoun][:1]
        for place, org in zip(places, outlets, strict=False):
            out.append(Fact(subject=org, prop="basedIn", obj=place, article=article,
                            sentence=sentence_text(doc, outlet.sent), start=place.start, end=org.end,
                            rule="basedIn.source_line", confidence=0.8,
                            classes=(("Organization",), ("Place", "Country"))))
    return out


def _named_locations(doc: Doc, mentions: list[Mention], index: MentionIndex, article: str) -> list[Fact]:
    """'the Paris accord', 'the Geneva agreement': a city named before an agreement's noun is
    where it was reached (a city of the gazetteer: "the U.S./Japan agreement" names no place)."""
    out = []
    for m, span in _named_spans(doc, mentions, "Agreement"):
        near = [c for c in span.root.children if c.dep_ == "compound" and c.i < span.root.i]
        for place in index.of(near, ("Place",)):
            if data.norm(place.text) in data.cities() and place.target != m.target:
                out.append(Fact(subject=m, prop="location", obj=place, article=article,
                                sentence=span.sent.text.strip(), start=m.start, end=m.end, rule="location.named",
                                confidence=0.7, classes=(("Agreement",), ("Place",))))
    return out


PERCENT_WORDS = rulefiles.word_set("entities.toml", "percent_words")
OWNED = rulefiles.word_tuple("organizations.toml", "owned")


def _owned_by_percent(doc: Doc, index: MentionIndex, article: str) -> list[Fact]:
    """'Talbot Co, 83 pct owned by Varna Corp, said': the owner owns the company named before
    the comma (the parser hangs "owned" on "pct", and "pct" on the name or on the verb)."""
    out: list[Fact] = []
    if not re.search("owned|controlled", text_of(doc), re.IGNORECASE):
        return out
    for tok in doc:
        if tok.lower_ not in OWNED or tok.dep_ != "acl" or tok.head.lower_ not in PERCENT_WORDS:
            continue
        start = tok.head.left_edge.i
        if start < 2 or doc[start - 1].text != ",":
            continue
        owned = [m for m in index.of([doc[start - 2]], ("Organization",)) if not m.pronoun]
        for owner in index.of(follow(tok, "agent"), ("Organization", "Person", "Country")):
            for m in owned:
                if owner.target != m.target:
                    out.append(Fact(subject=owner, prop="owns", obj=m, article=article, sentence=tok.sent.text.strip(),
                                    start=m.start, end=owner.end, rule="owns.owned_by", confidence=0.75,
                                    classes=(("Organization", "Person", "Country"), ("Organization",))))
    return out


GOVERNMENT_NOUNS = rulefiles.word_set("organizations.toml", "government_nouns")
# Nouns that describe what a person does or is, not an office ("Atlanta businessman X", "Soviet
# historian X"): with a place before them, the person lives there. General vocabulary.
RESIDENT_NOUNS = rulefiles.word_set("people.toml", "resident_nouns")


def _residents(doc: Doc, mentions: list[Mention], index: MentionIndex, article: str) -> list[Fact]:
    """livesIn from a place before a person's descriptive noun: "Atlanta businessman Neil Estes",
    "dissident Soviet historian Roy Medvedev", "Jan Doe, a Dutch businessman,"; or "from" a place
    after one, or after a party's word: "Jan Doe, a Republican from Chicago," (an office is
    roles' business: "Atlanta Mayor X" works for the city)."""
    out = []
    done = set()
    party_words = parties.adjective_words()

    def add(person: Mention, place: Mention, tok: Token) -> None:
        key = (person.target, place.target)
        if key in done or person.target == place.target:
            return
        done.add(key)
        out.append(Fact(subject=person, prop="livesIn", obj=place, article=article,
                        sentence=sentence_text(doc, tok.sent), start=min(person.start, place.start),
                        end=max(person.end, place.end), rule="livesIn.descriptor", confidence=0.6,
                        classes=(("Person",), ("Place", "Country"))))

    def places_before(noun: Token) -> list[Mention]:
        """The place or country right before a descriptive noun (its compound or adjective)."""
        i = noun.i - 1
        while i >= noun.sent.start and doc[i].lower_ in RESIDENT_NOUNS:  # "Soviet dissident historian"
            i -= 1
        if i < noun.sent.start:
            return []
        return [m for m in index.of([doc[i]], ("Place", "Country")) if not m.pronoun  # a mention's offsets give a span
                and cast(Span, doc.char_span(m.start, m.end, alignment_mode="expand")).end == i + 1]

    for m, span in _named_spans(doc, mentions, "Person"):
        before = doc[span.start - 1] if span.start > span.sent.start else None
        if before is not None and before.lower_ in RESIDENT_NOUNS and before.pos_ == "NOUN":
            for place in places_before(before):
                add(m, place, before)
        head = span.root
        for a in (c for c in head.children if c.dep_ == "appos"):
            if a.lower_ in RESIDENT_NOUNS:
                for place in places_before(a):
                    add(m, place, a)
            # "X, a Republican from Chicago,", "X, a businessman from Ohio,"
            if a.lower_ in RESIDENT_NOUNS or a.lower_ in party_words:
                for place in index.of(follow(a, "prep:from"), ("Place", "Country")):
                    add(m, place, a)
    return out


def _possessed_governments(doc: Doc, mentions: list[Mention], article: str) -> list[Fact]:
    """"Angela Merkel's government": the person leads the article's country, or, in an article
    without one, the one country the sentence names; nothing when the sentence names another
    country. (Not "his government": the pronoun may be a minister's.)"""
    home: Mention | None = None
    homed = False
    by_sent: dict[int, set[str]] = {}
    first: dict[tuple[int, str | None], Mention] = {}  # looked up with home.known, which may be None
    for m in mentions:
        if m.cls == "Country" and m.known and not m.pronoun:
            by_sent.setdefault(m.sent, set()).add(m.known)
            first.setdefault((m.sent, m.known), m)
    out = []
    for m, span in _named_spans(doc, mentions, "Person"):
        i = span.end
        if i >= len(doc) or doc[i].tag_ != "POS":
            continue
        noun = next((t for t in doc[i + 1:i + 4] if t.pos_ == "NOUN"), None)
        if noun is None or noun.lemma_.lower() not in GOVERNMENT_NOUNS or noun.i > i + 1 and any(
                t.pos_ not in ("ADJ", "NOUN", "PROPN") for t in doc[i + 1:noun.i]):
            continue
        named = by_sent.get(m.sent, set())
        if not homed:
            home, homed = home_country(mentions), True
        if home is not None and named <= {home.known}:
            where = first.get((m.sent, home.known), home)
        elif home is None and len(named) == 1:
            where = first[(m.sent, next(iter(named)))]
        else:
            continue
        out.append(Fact(subject=m, prop="leaderOf", obj=where, article=article,
                        sentence=sentence_text(doc, span.sent), start=m.start, end=noun.idx + len(noun),
                        rule="leader.government", confidence=0.75 if where.sent == m.sent else 0.65,
                        classes=(("Person",), ("Country",))))
    return out


def _description_before(doc: Doc, span: Span) -> list[Token]:
    """The words that describe a name right before it, back to its determiner or possessive:
    "the official news agency" of "the official news agency Tass", "Varnia's state-owned oil
    company" (a word's inner hyphen does not end it)."""
    out: list[Token] = []
    i = span.start - 1
    while i >= span.sent.start and len(out) < 8:
        t = doc[i]
        inner_hyphen = t.text == "-" and not t.whitespace_ and i > 0 and not doc[i - 1].whitespace_
        if t.is_punct and not inner_hyphen or t.pos_ in ("VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PRON", "NUM") \
                and t.dep_ != "amod":  # "owned" of "state-owned" is a verb
            break
        out.append(t)
        if t.pos_ == "DET" or t.tag_ == "POS":
            break
        i -= 1
    return out[::-1]


def _state_bodies(doc: Doc, mentions: list[Mention], index: MentionIndex, org_nouns: set[str],
                  article: str) -> list[Fact]:
    """Companies of the state and official bodies, from the words that describe them.
    - "Varnia's state-owned lender Kestrel Bank", "Kestrel Bank, a government-run company", "two
      state trading firms -- the Kestrel Corp and the Varna Corp": the state owns the company and
      it is based there. The state is a country the description names, else the article's
      country. Plain "state" counts only outside an American article, where a "state bank" is
      one a state chartered.
    - "the official news agency Kestrel", "the official Council of Auditors": based in the
      article's country (whom an official body belongs to is not said)."""
    home: Mention | None = None
    homed = False
    out: list[Fact] = []
    for m in mentions:
        if m.cls != "Organization" or m.pronoun or m.refers_to:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        told = [_description_before(doc, span)]
        nouns = [c for c in root.children if c.dep_ == "appos" and c.i > span.end]
        if root.dep_ == "appos":
            nouns.append(root.head)
        elif root.dep_ == "conj" and root.head.dep_ == "appos":
            nouns.append(root.head.head)  # "two state firms -- Kestrel Corp and Varna Corp"
        told += [[t for t in noun.subtree if t.i <= noun.i] for noun in nouns
                 if noun.lemma_.lower() in org_nouns and not span.start <= noun.i < span.end]
        for words in told:
            text = [t.lower_ for t in words]
            joined = " ".join(text).replace(" - ", "-")
            owned = re.search(r"\b(?:state|government)-(?:owned|run|controlled)\b|\bnationali[sz]ed\b", joined)
            plain = not owned and any(t.lower_ == "state" and t.text == "state"
                                      and t.dep_ in ("compound", "amod", "nmod")
                                      and t.i + 1 < len(doc) and doc[t.i + 1].text != "-" for t in words)
            official = "official" in text
            if not (owned or plain or official):
                continue
            named = [c for c in index.of(words, ("Country",)) if not c.pronoun]
            if not named and not homed:
                home, homed = home_country(mentions), True
            state = named[0] if named else home
            if state is None or plain and state.known == "United States":
                continue
            common: dict[str, Any] = dict(article=article, sentence=sentence_text(doc, span.sent),
                          start=min(m.start, words[0].idx) if words else m.start, end=m.end)
            if owned or plain:
                out.append(Fact(subject=state, prop="owns", obj=m, rule="descriptor.state", confidence=0.65,
                                classes=(("Country",), ("Organization",)), **common))
            out.append(Fact(subject=m, prop="basedIn", obj=state, rule="descriptor.state" if owned or plain
                            else "descriptor.official", confidence=0.6,
                            classes=(("Organization",), ("Country",)), **common))
            break
    return out


SERVE_AS = rulefiles.word_tuple("organizations.toml", "serve_as")
WHOLLY_OWNED = rulefiles.word_tuple("organizations.toml", "wholly_owned")
THE_COMPANY = rulefiles.word_tuple("organizations.toml", "the_company")


def describe(doc: Doc, mentions: list[Mention]) -> list[Fact]:
    """Facts from the noun phrases beside a name: basedIn and owns for organizations
    ("its Chinese parent company ByteDance", "the U.S. Congress"), worksFor for people
    ("X, a spokesman for Y")."""
    words = descriptors()
    index = MentionIndex(doc, mentions)
    article = mentions[0].article if mentions else ""
    out: list[Fact] = []
    out += places.facts(doc, mentions)
    out += _possessive_seats(doc, mentions, index, article)
    out += _owned_by_percent(doc, index, article)
    out += _possessed_governments(doc, mentions, article)
    out += _residents(doc, mentions, index, article)
    out += _named_locations(doc, mentions, index, article)
    out += _based_of(doc, mentions, index, article)
    out += _regional_units(doc, mentions, article)
    out += _outlet_seats(doc, index, article)
    holders = set(words["holder_words"])
    out += _shareholder_lists(doc, index, holders, article)
    out += _state_bodies(doc, mentions, index, set(words["org_nouns"]), article)
    for m in mentions:
        if m.cls in ("Person", "Organization") and not m.pronoun and not m.refers_to:
            out += _shareholders(doc, m, index, holders, article)
        if m.cls == "Person" and not m.pronoun and not m.refers_to:
            out += _person_appositions(doc, m, index, article)
        if m.cls != "Organization" or m.pronoun:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        # "the U.S. Congress", "the Phnom Penh government": a place naming the organization's seat;
        # "Helsinki-based Supercell"
        seat = [c for c in root.children if c.dep_ in ("compound", "nmod") and c.i < span.start]
        seat += [p for c in root.children if c.dep_ == "amod" and c.lower_ in BASED
                 for p in c.children if p.dep_ in ("npadvmod", "compound", "nmod")]
        if span.start > 0 and not doc[span.start - 1].is_punct:
            seat.append(doc[span.start - 1])  # right before the name, whatever the parse says
        # "Old Stone Corp of Providence, R.I.", "CTS Corp, based in Elkhart, Ind."
        after = doc[span.end:span.end + 3]
        if len(after) >= 2 and after[0].lower_ == "of" and not m.known:
            seat.append(after[1])
        elif len(after) >= 3 and after[0].text == "," and after[1].lower_ in BASED and after[2].lower_ in ("in", "at"):
            seat += [t for t in doc[span.end + 3:span.end + 4]]
        for place in index.of(seat, ("Country", "Place")):
            out.append(Fact(subject=m, prop="basedIn", obj=place, article=article,
                            sentence=root.sent.text.strip(), start=min(place.start, m.start), end=m.end,
                            rule="descriptor.seat", confidence=0.65,
                            classes=(("Organization",), ("Country", "Place"))))
        # "the Kestrel Lighting Division of Varna Corp": the company owns its division
        if span[-1].lower_ in UNIT_ENDINGS and len(after) >= 2 and after[0].lower_ == "of":
            out += [Fact(subject=o, prop="owns", obj=m, article=article, sentence=root.sent.text.strip(),
                         start=m.start, end=o.end, rule="descriptor.owned", confidence=0.75,
                         classes=(("Organization",), ("Organization",)))
                    for o in index.of([after[1]], ("Organization",)) if o.target != m.target and not o.pronoun]
        # "parent company ByteDance" (name in apposition), "ByteDance, the Chinese firm",
        # or "German chipmaker Siemens" (the noun read as part of the name)
        nouns = [root.head] if root.dep_ == "appos" else []
        nouns += [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "nsubj" and root.head.lemma_ in ("be", "remain"):
            nouns += [c for c in root.head.children if c.dep_ == "attr"]  # "Beta is a unit of Acme"
        if root.dep_ == "nsubj" and root.head.lemma_ in SERVE_AS:
            nouns += follow(root.head, "prep:as")  # "Beta will operate as a Corning subsidiary"
        nouns += [c for c in root.children if c.dep_ in ("compound", "nmod") and c.i < span.start]
        if root.dep_ == "conj":  # "Korean shipbuilders Hanjin and Daewoo": the first one's description
            nouns += [c for c in root.head.children if c.dep_ in ("compound", "nmod") and c.i < root.head.i]
        # "its Beta Inc subsidiary", "Acme's Beta unit", "the Beta unit of Acme": the name names the unit
        if root.dep_ in ("compound", "nmod") and root.head.i > root.i and \
                root.head.lemma_.lower() in words["owned_words"]:
            nouns.append(root.head)
        for noun in nouns:
            if noun.lemma_.lower() not in words["org_nouns"]:
                continue
            mods = [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod")]
            if noun.head.i == root.i and noun.dep_ != "appos":
                mods += [c for c in root.children if c.dep_ in ("amod", "compound") and c.i < noun.i]
            # "the Munich-based private broadcaster, ProSieben"
            mods += [p for c in mods if c.lower_ in BASED for p in c.children
                     if p.dep_ in ("npadvmod", "compound", "nmod")]
            countries = index.of(mods, ("Country", "Place"))
            owner = noun.lemma_.lower() in words["owner_words"] or any(
                c.lemma_.lower() in words["owner_words"] for c in mods)
            owned: list[Mention] = []
            if owner:
                for c in noun.children:
                    if c.dep_ == "poss" and c.lower_ == "its":
                        owned += its_antecedent(doc, c, index, [m])
                    elif c.dep_ == "poss":
                        owned += index.of([c], ("Organization", "Product"))
                owned += index.of(follow(noun, "prep:of"), ("Organization", "Product"))
            owners: list[Mention] = []
            if noun.lemma_.lower() in words["owned_words"]:
                for c in noun.children:
                    if c.dep_ == "poss" and c.lower_ == "its":
                        owners += its_antecedent(doc, c, index, [m])
                    elif c.dep_ in ("poss", "compound", "nmod") and c.i < noun.i:
                        owners += index.of([c], ("Organization",))
                owners += index.of(follow(noun, "prep:of"), ("Organization",))
                if not owners and noun.head.i == root.i and noun.dep_ == "appos" and any(
                        c.lower_ in WHOLLY_OWNED for c in noun.subtree if c.i < noun.i):
                    # "The company formed Beta Inc, a wholly-owned subsidiary": the subject's
                    subjects = subject_up(root, False)
                    owners = [o for o in index.of(subjects, ("Organization",)) if o.target != m.target]
                    if not owners and any(t.lemma_.lower() in THE_COMPANY for t in subjects):
                        before = [o for o in mentions if o.cls == "Organization" and not o.pronoun
                                  and o.end <= subjects[0].idx and o.target != m.target]
                        near = [o for o in before if o.sent >= m.sent - 2]
                        # the company named last, else the one the article opens with (title or lead)
                        first = min(before, key=lambda o: o.start) if before else None
                        owners = [max(near, key=lambda o: o.start)] if near else \
                            [first] if first is not None and first.para <= 1 else []
            lo = min(m.start, noun.left_edge.idx)
            hi = max(m.end, noun.idx + len(noun))
            common: dict[str, Any] = dict(article=article, sentence=noun.sent.text.strip(), start=lo, end=hi)
            if sold(noun) or sold(root):
                owners = []  # "Acme sold its Beta unit": Acme owned it
            out += [Fact(subject=o, prop="owns", obj=m, rule="descriptor.owned", confidence=0.75,
                         classes=(("Organization",), ("Organization",)), **common)
                    for o in owners if o.target != m.target]
            out += [Fact(subject=m, prop="basedIn", obj=c, rule="descriptor.basedIn", confidence=0.8,
                         classes=(("Organization",), ("Country", "Place")), **common) for c in countries]
            out += [Fact(subject=m, prop="owns", obj=o, rule="descriptor.owns", confidence=0.75,
                         classes=(("Organization",), ("Organization", "Product")), **common)
                    for o in owned if o.target != m.target]
    return out
