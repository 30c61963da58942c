"""Acquisitions and stakes: a Doc and its Mentions in, Acquisition EventRecords and `owns` Facts out.

    bought       "Acme Corp said it bought Beta Inc", "Acme agreed to acquire Beta",
                 "Acme will buy 500,000 Beta shares from John Doe", "Acme paid 5 mln dlrs for
                 8.6 pct of Beta"
                 -> Acquisition(buyer=Acme, target=Beta, seller=John Doe); Acme owns Beta
    stake        "Acme acquired 278,000 shares of Beta, or 5.2 pct of the total"
                 -> Acquisition(buyer=Acme, target=Beta, stake=5.2); Acme owns Beta
    sold         "Acme sold its Beta unit to Gamma", "Beta was sold to Gamma",
                 "Beta was acquired by Gamma" -> Acquisition(buyer=Gamma, target=Beta, seller=Acme)
    completed    "Acme completed the acquisition of Beta" -> Acquisition(buyer=Acme, target=Beta)
    noun         "Acme's purchase of Beta from Gamma", "the takeover of Beta by Acme"
                 -> Acquisition(buyer=Acme, target=Beta, seller=Gamma); Acme owns Beta
    holds        "Acme holds a 12 pct stake in Beta", "Acme, which owns 30 pct of Beta",
                 "the sale of Acme's 65 pct interest in Beta",
                 "the 45 pct of Beta it does not already own" -> Acme owns Beta (a holding, no event)

A purchase made or agreed is an acquisition; one that is offered, bid for, proposed,
planned, sought, under study or talks, negated, or under a modal other than "will"
is not, and gives nothing. "It" and "the company" as buyer or seller are the
organization that the sentence's "X said" names, else the last one named before.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Token

from . import rulefiles
from .events import percent
from .model import EventRecord, Fact, Mention
from .relations import descriptors, follow, negated, sold
from .syntax import MentionIndex, its_antecedent, trigger_date
from .tokenmatch import tokens_where

TARGETS = ("Organization", "")  # a company the NER could not type is left to resolution
ORG_WORDS = rulefiles.word_set("organizations.toml", "org_words")


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    return rulefiles.table("acquisitions.toml")


@lru_cache(maxsize=1)
def _triggers() -> frozenset[str]:
    """The lemmas extract() reads a purchase, a sale or a holding from: every word that opens
    one of its branches."""
    words = vocabulary()
    return frozenset({"take"}.union(*(words[k] for k in (
        "pay_verbs", "buy_verbs", "sell_verbs", "acquisition_nouns", "possessed_nouns", "own_verbs", "hold_verbs",
        "stake_nouns", "percent_stake_nouns"))))


def _unreal(verb: Token) -> bool:
    """An offer, bid, plan or wish, a negation, or a modal other than "will", over the verb
    (up through "agreed to", "an agreement to", not past "said")."""
    words = vocabulary()
    node = verb
    while True:
        if negated(node) or any(c.dep_ == "aux" and c.lower_ in words["modals"] for c in node.children):
            return True
        if node.i != verb.i and (node.lemma_.lower() in words["unreal_heads"] or node.lower_ in words["unreal_heads"]):
            # "Acme exercised an option to buy Beta": an option taken up is a purchase
            if not (node.lemma_.lower() == "option" and node.head.lemma_.lower() in words["exercise_verbs"]):
                return True
        if node.head.i == node.i or node.dep_ not in ("xcomp", "acl", "pcomp", "pobj", "prep", "conj", "advcl"):
            return False
        node = node.head


def _paid_for(verb: Token) -> list[Token]:
    """What "paid" paid for: "paid 5 mln dlrs for 8.6 pct of Beta" (the "for" may hang on the sum)."""
    return follow(verb, "prep:for") + [t for c in verb.children if c.dep_ == "dobj" for t in follow(c, "prep:for")]


def _stake_noun(tok: Token) -> bool:
    """'a 25 pct stake', 'a majority holding', 'a 10 pct interest': what 'take' buys
    (an interest or share only with its percent: "took an interest in Beta" is no purchase)."""
    lemma = tok.lemma_.lower()
    return lemma in vocabulary()["stake_nouns"] \
        or lemma in vocabulary()["percent_stake_nouns"] and percent(tok.subtree) is not None


def _org_for(tok: Token, index: MentionIndex, mentions: list[Mention]) -> list[Mention]:
    """The mention a subject token stands for: its own, or for "it"/"the company", the
    organization that says so ("Acme said it ...") or the last one named before."""
    own = index.of([tok], ("Organization", "Person"))
    if own:
        return own
    if tok.lower_ not in ORG_WORDS and tok.lemma_.lower() not in ORG_WORDS:
        return []
    node = tok.head
    while node.head.i != node.i and node.dep_ in ("ccomp", "xcomp", "conj", "advcl", "aux"):
        node = node.head
        said = [c for c in node.children if c.dep_ == "nsubj"]
        # "Acme, which said it ...": the relative pronoun stands for the noun it follows
        said = [node.head if c.lower_ in ("which", "who", "that") and node.dep_ == "relcl" else c for c in said]
        if node.lemma_.lower() in vocabulary()["statement_verbs"] and said:
            found = index.of(said, ("Organization", "Person"))
            if found:
                return found[:1]
    if tok.lower_ in ("he", "she", "they"):
        return []  # a person, or several: only the one who says so
    here = _sent_index(mentions, tok)
    before = [m for m in mentions if m.cls == "Organization" and not m.pronoun and m.end <= tok.idx
              and m.sent >= here - 2]
    return [max(before, key=lambda m: m.start)] if before else []


def _holder_above(tok: Token, index: MentionIndex, exclude: list[Mention]) -> list[Mention]:
    """Who "it" is in "Acme will pay for the 45 pct of Beta it does not already own" or "Acme's
    offer for the 45 pct of Beta it does not own": the nearest possessor or subject above."""
    node = tok
    while node.head.i != node.i:
        node = node.head
        near = [c for c in node.children if c.dep_ == "poss" or c.dep_ == "nsubj" and node.pos_ in ("VERB", "AUX")]
        found = [m for m in index.of(near, ("Organization", "Person")) if m not in exclude and not m.pronoun]
        if found:
            return found[:1]
    return []


def _sent_index(mentions: list[Mention], tok: Token) -> int:
    found = [m.sent for m in mentions if m.start <= tok.idx]
    return max(found) if found else 0


def _target_and_stake(obj: Token, index: MentionIndex) -> tuple[list[Mention], Decimal | None, bool]:
    """What an object names: a company ("Beta Inc"), or shares, a stake or assets of one
    ("278,000 shares of Beta, or 5.2 pct", "a 12 pct stake in Beta", "Beta shares"); its stake;
    and whether it is only a part of the company (its assets, a unit), which it does not own."""
    words = vocabulary()
    stake = percent(obj.subtree)
    direct = index.of([obj], TARGETS)
    if direct:
        return direct, stake, False
    if obj.lemma_.lower() not in words["holding_nouns"] and not obj.like_num:
        return [], stake, False
    found: list[Mention] = []
    part = False  # assets or a unit of the company, not the company: no owns

    def owners(t: Token) -> list[Mention]:
        """'Beta shares', "Beta's stock", 'shares of Beta', 'a stake in Beta'; of "Acme's Beta
        unit", the unit Beta."""
        near = [c for c in t.children if c.dep_ in ("compound", "nmod", "poss", "amod")]
        names = [c for c in near if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"]
        if t.lemma_.lower() in descriptors()["owned_words"] and (names or t.dep_ == "appos"):
            # the unit, never its parent: "Beta, a unit of Acme" describes Beta, which is bought
            return index.of(names, TARGETS)
        return index.of(near + follow(t, "prep:of") + follow(t, "prep:in"), TARGETS)

    for t in [obj, *[c for c in obj.children if c.dep_ in ("conj", "appos")]]:
        found += owners(t)
        # two steps down: "all of Beta's properties", "shares of Beta's preferred stock"
        for inner in follow(t, "prep:of") + follow(t, "prep:in"):
            found += owners(inner)
            part = part or _part(inner, index)
    part = part or _part(obj, index)
    return list(dict.fromkeys(found)), stake, part


def _objects(objs: list[Token], index: MentionIndex) -> tuple[list[Mention], Decimal | None, bool]:
    """_target_and_stake over several objects: every target, the first stake, a part if any is one."""
    targets: list[Mention] = []
    stake, part = None, False
    for o in objs:
        t, s, p = _target_and_stake(o, index)
        targets += t
        stake = stake if stake is not None else s
        part = part or p
    return targets, stake, part


def _part(t: Token, index: MentionIndex) -> bool:
    """Assets or an unnamed unit of a company ("Beta's properties", "its chemicals unit"), not a
    named unit ("its Corvel Plastics unit") and not the company itself."""
    named = index.of([c for c in t.children if c.dep_ in ("compound", "nmod")], ("Organization",))
    return t.lemma_.lower() in vocabulary()["part_nouns"] and not named


def _record(verb: Token, buyers, targets, sellers, stake, published, article, rule, part: bool = False) -> list:
    """Acquisition records, and the buyer owns the target unless only a part of it was bought."""
    out: list = []
    sent = verb.sent
    when = trigger_date(verb, published)
    for target in targets:
        for buyer in buyers:
            if buyer.target == target.target:
                continue
            roles = (("buyer", buyer), ("target", target)) + tuple(
                ("seller", s) for s in sellers if s.target not in (buyer.target, target.target))
            values: tuple = (("stake", stake),) if stake is not None and 0 < stake <= 100 else ()
            if when:
                values += (("date", when),)
            out.append(EventRecord(kind="Acquisition", article=article, sentence=sent.text.strip(),
                                   start=sent.start_char, end=sent.end_char, rule=rule, confidence=0.75,
                                   roles=roles, values=values))
            if part:
                continue
            out.append(Fact(subject=buyer, prop="owns", obj=target, article=article, sentence=sent.text.strip(),
                            start=min(buyer.start, target.start, verb.idx), end=max(buyer.end, target.end),
                            rule=rule, confidence=0.7, classes=(("Organization", "Person", "Country"),
                                                                ("Organization", "Product"))))
    return out


def extract(doc: Doc, mentions: list[Mention], *, published: str | None = None) -> tuple[list[Fact], list]:
    """owns Facts and Acquisition EventRecords of one article."""
    words = vocabulary()
    index = MentionIndex(doc, mentions)
    article = mentions[0].article if mentions else ""
    facts: list[Fact] = []
    events: list = []
    for verb in tokens_where(doc, LEMMA, lambda lemma: lemma.lower() in _triggers()):
        lemma = verb.lemma_.lower()
        paid = verb.pos_ == "VERB" and lemma in words["pay_verbs"] and _paid_for(verb)
        if verb.pos_ == "VERB" and lemma in words["buy_verbs"] or paid or lemma == "take" and any(
                c.dep_ == "prt" and c.lower_ == "over" or c.dep_ == "dobj" and _stake_noun(c) for c in verb.children):
            if _unreal(verb):
                continue
            # "Beta was acquired by Acme", "Beta agreed to be acquired by Acme"
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
            subj = [c for c in verb.children if c.dep_ in ("nsubjpass",) if passive] or \
                [c for c in verb.children if c.dep_ == "nsubj"]
            if not subj and verb.dep_ in ("xcomp", "acl"):  # "agreed to buy", "an agreement to acquire"
                subj = [c for c in verb.head.children if c.dep_ == "nsubj"]
                if not subj and verb.head.dep_ == "dobj":
                    subj = [c for c in verb.head.head.children if c.dep_ == "nsubj"]
            objs = _paid_for(verb) if paid else [c for c in verb.children if c.dep_ == "dobj"]
            if paid and not any(o.lemma_.lower() in words["holding_nouns"] for o in objs):
                continue  # "paid 10 dlrs for Beta": a price for a company is a bid's business
            if passive:
                targets = [m for s in subj for m in _org_for(s, index, mentions) if m.cls == "Organization"]
                buyers = index.of(follow(verb, "agent"), ("Organization", "Person"))
                stake, part = None, False
            else:
                buyers = [m for s in subj for m in _org_for(s, index, mentions)]
                targets, stake, part = _objects(objs, index)
            sellers = index.of(follow(verb, "prep:from"), ("Organization", "Person"))
            for o in objs:
                sellers += index.of(follow(o, "prep:from"), ("Organization", "Person"))
            got = _record(verb, buyers, targets, sellers, stake, published, article, "acquisition.buy", part)
        elif verb.pos_ == "VERB" and lemma in words["sell_verbs"]:
            if _unreal(verb):
                continue
            passive = any(c.dep_ == "nsubjpass" for c in verb.children)
            buyers = index.of(follow(verb, "prep:to"), ("Organization", "Person"))
            objs = [c for c in verb.children if c.dep_ in (("nsubjpass",) if passive else ("dobj",))]
            subj = [c for c in verb.children if c.dep_ == "nsubj"]
            if not subj and verb.dep_ in ("xcomp", "acl"):  # "agreed to sell"
                subj = [c for c in verb.head.children if c.dep_ == "nsubj"]
            sellers = [] if passive else [m for s in subj for m in _org_for(s, index, mentions)]
            targets, stake, part = _objects(objs, index)
            if passive and not targets:  # "it was sold to Acme"
                targets = [m for o in objs if o.lower_ in ORG_WORDS | {"its"}
                           for m in _org_for(o, index, mentions) if m.cls == "Organization"]
            got = _record(verb, buyers, targets, sellers, stake, published, article, "acquisition.sell", part)
        elif verb.pos_ == "NOUN" and lemma in words["acquisition_nouns"] and verb.dep_ == "dobj" \
                and verb.head.lemma_.lower() in words["completed_verbs"]:
            head = verb.head
            if _unreal(head):
                continue
            subjects = [m for s in head.children if s.dep_ == "nsubj" for m in _org_for(s, index, mentions)]
            targets, stake, part = _objects(follow(verb, "prep:of"), index)
            if lemma == "sale":  # "Acme completed the sale of its Beta unit to Gamma": Acme sold
                buyers = index.of(follow(verb, "prep:to"), ("Organization", "Person"))
                sellers = subjects
            else:
                buyers = subjects
                sellers = index.of(follow(verb, "prep:from"), ("Organization", "Person"))
            got = _record(head, buyers, targets, sellers, stake, published, article, "acquisition.completed",
                          part)
        elif verb.pos_ == "NOUN" and lemma in words["possessed_nouns"] and follow(verb, "prep:of") \
                and not any(c.lower_ in words["unreal_modifiers"] for c in verb.children):
            # "Cannon's acquisition of Beta from Gamma", "its purchase of Beta", "the takeover of
            # Beta by Acme": a purchase made or agreed, unless offered, planned or under talks
            if _unreal(verb):
                continue
            buyers = [m for c in verb.children if c.dep_ == "poss" for m in (
                its_antecedent(doc, c, index, []) if c.lower_ == "its" else index.of([c], ("Organization", "Person")))]
            buyers += index.of(follow(verb, "prep:by"), ("Organization", "Person"))
            objs = follow(verb, "prep:of")
            targets, stake, part = _objects(objs, index)
            sellers = index.of(follow(verb, "prep:from") + [f for o in objs for f in follow(o, "prep:from")],
                               ("Organization", "Person"))
            got = _record(verb, [b for b in buyers if not b.pronoun], targets, sellers, stake, published, article,
                          "acquisition.noun", part)
        elif verb.pos_ in ("VERB", "ADJ") and lemma in vocabulary()["own_verbs"] and verb.dep_ == "relcl" \
                and negated(verb) \
                and any(c.lower_ == "already" for c in verb.children):
            # "Acme will pay ... for the 45 pct of Beta it does not already own": the rest is Acme's
            held = _target_and_stake(verb.head, index)[0]
            holders = _holder_above(verb.head, index, held)
            got = [Fact(subject=h, prop="owns", obj=t, article=article, sentence=verb.sent.text.strip(),
                        start=min(h.start, t.start), end=max(h.end, t.end), rule="owns.rest", confidence=0.7,
                        classes=(("Organization", "Person", "Country"), ("Organization",)))
                   for h in holders for t in held if h.target != t.target]
        elif verb.pos_ in ("VERB", "AUX") and lemma in words["hold_verbs"]:
            if _unreal(verb) or not any(c.dep_ == "dobj" for c in verb.children):
                continue
            holders = [m for s in verb.children if s.dep_ == "nsubj" for m in _org_for(s, index, mentions)]
            if verb.dep_ == "relcl" and any(c.lower_ in ("which", "who", "that") for c in verb.children):
                # "Acme, a group of investors who hold 5 pct of Beta": up from the noun to the name
                node = verb.head
                holders = index.of([node], ("Organization", "Person"))
                while not holders and node.dep_ in ("pobj", "prep", "appos") and node.head.i != node.i:
                    node = node.head
                    holders = index.of([node], ("Organization", "Person"))
            held = []
            for o in (c for c in verb.children if c.dep_ == "dobj"):
                if o.lemma_.lower() in words["holding_nouns"] or percent(o.subtree) is not None:
                    held += _target_and_stake(o, index)[0]
            got = [Fact(subject=h, prop="owns", obj=t, article=article, sentence=verb.sent.text.strip(),
                        start=min(h.start, t.start), end=max(h.end, t.end), rule="owns.stake", confidence=0.7,
                        classes=(("Organization", "Person", "Country"), ("Organization",)))
                   for h in holders for t in held if h.target != t.target]
        elif verb.pos_ == "NOUN" and verb.dep_ != "dobj" and _stake_noun(verb) and not sold(verb):
            # "the sale of its 65 pct interest in Beta was delayed", "Acme's 20 pct stake in Beta is worth":
            # the possessor holds it (a stake bought, sold or raised is the verbs' business)
            owners = [m for c in verb.children if c.dep_ == "poss" for m in (
                its_antecedent(doc, c, index, []) if c.lower_ == "its"
                else index.of([c], ("Organization", "Person", "Country")))]
            held = _target_and_stake(verb, index)[0]
            got = [Fact(subject=h, prop="owns", obj=t, article=article, sentence=verb.sent.text.strip(),
                        start=min(h.start, t.start), end=max(h.end, t.end), rule="owns.stake", confidence=0.7,
                        classes=(("Organization", "Person", "Country"), ("Organization",)))
                   for h in owners for t in held if h.target != t.target and not h.pronoun]
        else:
            continue
        facts += [g for g in got if isinstance(g, Fact)]
        events += [g for g in got if isinstance(g, EventRecord)]
    return facts, events
