"""Every relation rule on the real model, each with a sentence that is not in the seeds.

Each rule of kg/rules/relations.toml (and the descriptor rules of
kg.relations.describe) has at least one case below, checked by rule id; then the
syntax every rule shares (coordination, passives, "each other", possessives,
pronouns) and the contexts that must make no fact (modality, negation, plans,
conditions). A last group records rule gaps found with ordinary sentences.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg import coref, entities, relations, roles

pytestmark = pytest.mark.model

PUBLISHED = "2025-06-05"
HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds"


# ---------------------------------------------------------------- helpers


@dataclass
class Parsed:
    doc: object
    found: list
    facts: list
    events: list

    def name(self, m) -> str:
        """A mention's text; a pronoun's is the text of the mention it refers to."""
        if m.pronoun and m.refers_to is not None:
            by_key = {x.key: x for x in self.found}
            return by_key[m.refers_to].text if m.refers_to in by_key else m.text
        return m.text

    def triples(self, rule: str | None = None) -> set[tuple[str, str, str]]:
        return {(self.name(f.subject), f.prop, self.name(f.obj)) for f in self.facts
                if f.obj is not None and (rule is None or f.rule == rule)}

    def described(self, rule: str | None = None) -> set[tuple[str, str, str]]:
        return {(self.name(f.subject), f.prop, self.name(f.obj))
                for f in relations.describe(self.doc, self.found) if rule is None or f.rule == rule}

    def event_people(self, kind: str) -> list[set[str]]:
        return [{self.name(m) for r, m in e.roles if r == "participant"} for e in self.events if e.kind == kind]


def parse(nlp, text: str, published: str | None = PUBLISHED) -> Parsed:
    """The per-article steps of kg.pipeline.build, for one text."""
    doc = nlp(text)
    found = entities.mentions(doc, "t", published)
    titled = roles.facts(doc, found)
    found += coref.resolve(doc, found, titled)
    facts, events = relations.extract(doc, found, published=published, title=None)
    return Parsed(doc, found, facts, events)


def symmetric(triples: set[tuple[str, str, str]]) -> set[tuple[frozenset, str]]:
    return {(frozenset((s, o)), p) for s, p, o in triples}


# ---------------------------------------------------------------- one case per rule


@dataclass(frozen=True)
class Case:
    rule: str
    text: str
    expected: frozenset  # every (subject, prop, object) the rule makes from text


def case(rule: str, text: str, *triples: tuple[str, str, str]) -> Case:
    return Case(rule, text, frozenset(triples))


CASES = [
    case("basedIn.headquarters", "Officials at the Brisco Corp headquarters in Tulsa declined to comment.",
         ("Brisco Corp", "basedIn", "Tulsa")),
    case("memberOf.appos", "Peru, a member of the World Trade Organization, protested on Monday.",
         ("Peru", "memberOf", "World Trade Organization")),
    case("memberOf.compound", "OPEC member Venezuela opposed the plan.", ("Venezuela", "memberOf", "OPEC")),
    case("memberOf.named", "OPEC member Nigeria cut output on Friday.", ("Nigeria", "memberOf", "OPEC")),
    case("memberOf.groups", "The Cairns Group includes Argentina, Brazil and Chile.",
         ("Argentina", "memberOf", "Cairns Group"), ("Brazil", "memberOf", "Cairns Group"),
         ("Chile", "memberOf", "Cairns Group")),
    case("met.host", "Chancellor Ingrid Holm hosted President Paulo Serra in Oslo on Monday.",
         ("Ingrid Holm", "met", "Paulo Serra")),
    case("met.verb", "Minister Anna Berg visited Lisbon and met Prime Minister Rui Costa.",
         ("Anna Berg", "met", "Rui Costa")),
    case("met.verb", "President Emmanuel Macron met Chancellor Olaf Scholz in Berlin on Monday.",
         ("Emmanuel Macron", "met", "Olaf Scholz")),
    case("met.talks", "Chancellor Olaf Scholz held talks with President Emmanuel Macron in Paris.",
         ("Olaf Scholz", "met", "Emmanuel Macron")),
    case("met.talks", "Prime Minister Giorgia Meloni held a meeting with President Emmanuel Macron in Rome.",
         ("Giorgia Meloni", "met", "Emmanuel Macron")),
    case("met.noun", "Prime Minister Justin Trudeau praised his meeting with President Emmanuel Macron.",
         ("Justin Trudeau", "met", "Emmanuel Macron")),
    case("met.noun", "The summit between Chancellor Olaf Scholz and Prime Minister Giorgia Meloni ended early.",
         ("Olaf Scholz", "met", "Giorgia Meloni")),
    case("spoke.verb", "Prime Minister Giorgia Meloni spoke with Chancellor Olaf Scholz by phone on Tuesday.",
         ("Giorgia Meloni", "spokeWith", "Olaf Scholz")),
    case("spoke.phone", "Prime Minister Giorgia Meloni phoned President Emmanuel Macron on Friday.",
         ("Giorgia Meloni", "spokeWith", "Emmanuel Macron")),
    case("spoke.call", "Chancellor Olaf Scholz had a call with Prime Minister Giorgia Meloni on Sunday.",
         ("Olaf Scholz", "spokeWith", "Giorgia Meloni")),
    case("spoke.call", "The phone conversation between President Emmanuel Macron and Chancellor Olaf Scholz "
         "lasted an hour.", ("Emmanuel Macron", "spokeWith", "Olaf Scholz")),
    case("accused.complaint", "Peru has complained to the WTO that Chile's five-year plan breaks its rules.",
         ("Peru", "accused", "Chile")),
    case("accused.complaint", "The Kestrel Corp charged that Varna Inc had broken the contract.",
         ("Kestrel Corp", "accused", "Varna Inc")),
    case("accused.complaint", "Peru complained that the weather was bad."),
    case("accused.verb", "Prime Minister Giorgia Meloni accused President Emmanuel Macron of hypocrisy.",
         ("Giorgia Meloni", "accused", "Emmanuel Macron")),
    case("criticized.verb", "Chancellor Olaf Scholz criticized Prime Minister Viktor Orban over the veto.",
         ("Olaf Scholz", "criticized", "Viktor Orban")),
    case("invited.verb", "President Emmanuel Macron invited Prime Minister Narendra Modi to Paris.",
         ("Emmanuel Macron", "invited", "Narendra Modi")),
    case("invited.reciprocated", "King Charles invited President Emmanuel Macron to Windsor, and he reciprocated.",
         ("Emmanuel Macron", "invited", "Charles")),
    case("partyTo.agreement", "Canada and Mexico signed the trade agreement on Tuesday.",
         ("Canada", "partyTo", "trade agreement"), ("Mexico", "partyTo", "trade agreement")),
    case("partyTo.agreement", "Peru and Chile signed an accord made in Brazil on March 3.",
         ("Peru", "partyTo", "March 3 accord"), ("Chile", "partyTo", "March 3 accord")),
    case("partyTo.with", "Chile signed a three-year accord with Peru last year.",
         ("Peru", "partyTo", "three-year accord")),
    case("location.agreement", "Peru and Chile signed an accord made in Brazil on March 3.",
         ("March 3 accord", "location", "Brazil")),
    case("location.agreement", "The agreement signed in Norway ended the fighting between Colombia and the rebels.",
         ("agreement", "location", "Norway")),
    case("restricts.noun", "India announced a ban on wheat in May.", ("India", "restricts", "wheat")),
    case("restricts.noun", "Indonesia imposed an export ban on lithium last year.",
         ("Indonesia", "restricts", "lithium")),
    case("restricts.noun", "Germany's ban on steel angered Moscow.", ("Germany", "restricts", "steel")),
    case("restricts.verb", "Vietnam restricted exports of natural gas in March.",
         ("Vietnam", "restricts", "natural gas")),
    case("restricts.verb", "Japan curbed exports of semiconductors in July.",
         ("Japan", "restricts", "semiconductors")),
    case("basedIn.verb", "Siemens is headquartered in Germany.", ("Siemens", "basedIn", "Germany")),
    case("basedIn.verb", "Toyota, based in Japan, sold more cars.", ("Toyota", "basedIn", "Japan")),
    case("owns.verb", "Volkswagen owns Porsche.", ("Volkswagen", "owns", "Porsche")),
    case("owns.verb", "Amazon acquired Whole Foods in 2017.", ("Amazon", "owns", "Whole Foods")),
    case("leaderOf.verb", "Chancellor Olaf Scholz led Germany for three years.",
         ("Olaf Scholz", "leaderOf", "Germany")),
    case("leaderOf.verb", "Executive Maria Fernandez, who heads Siemens, spoke on Monday.",
         ("Maria Fernandez", "leaderOf", "Siemens")),
    case("owns.merged_into",
         "Kestrel Graphics Inc, a maker of printers, has been merged into Varna Corp and will be run from Ohio.",
         ("Varna Corp", "owns", "Kestrel Graphics Inc")),
    case("leaderOf.headed_by", "Talbot rejected a bid by Theta, an investment group headed by Dudley Tate.",
         ("Dudley Tate", "leaderOf", "Theta")),
    case("worksFor.verb", "Engineer Maria Fernandez worked for Siemens for a decade.",
         ("Maria Fernandez", "worksFor", "Siemens")),
    case("worksFor.verb", "Diplomat Anna Berg served at the United Nations for a decade.",
         ("Anna Berg", "worksFor", "United Nations")),
    case("livesIn.verb", "Economist Anna Berg lives in Sweden.", ("Anna Berg", "livesIn", "Sweden")),
    case("livesIn.verb", "Writer Salman Rushdie lives in New York.", ("Salman Rushdie", "livesIn", "New York")),
    case("killed.verb", "John Wilkes Booth assassinated President Abraham Lincoln in 1865.",
         ("John Wilkes Booth", "killed", "Abraham Lincoln")),
    case("killed.verb", "Prime Minister Shinzo Abe was shot by Tetsuya Yamagami in Nara.",
         ("Tetsuya Yamagami", "killed", "Shinzo Abe")),
    case("killed.noun", "The assassination of President Abraham Lincoln by John Wilkes Booth shocked the nation.",
         ("John Wilkes Booth", "killed", "Abraham Lincoln")),
    case("killed.assassin", "Tom Reed, the killer of Mayor Anna Berg, was arrested in Oslo.",
         ("Tom Reed", "killed", "Anna Berg")),
    case("killed.verb", "Police said Tom Reed, who murdered Mayor Anna Berg, fled to Oslo.",
         ("Tom Reed", "killed", "Anna Berg")),
    # the man convicted of it killed Reed, not the woman who wed him
    case("killed.verb", "Anna Berg, who wed the man convicted of killing Mayor Tom Reed, said she would divorce."),
    case("livesIn.of", "The victim, 34-year-old Sarah Collins from Leeds, was a nurse.",
         ("Sarah Collins", "livesIn", "Leeds")),
    case("livesIn.native", "Maria Lopez, a resident of Madrid, won the prize.",
         ("Maria Lopez", "livesIn", "Madrid")),
    case("livesIn.home", "With Texas being Senator Ann Lee's home state, turnout was high.",
         ("Ann Lee", "livesIn", "Texas")),
    case("worksFor.org_noun", "Another Acme Corp employee, engineer Tom Reed, said tests were faked.",
         ("Tom Reed", "worksFor", "Acme Corp")),
    case("worksFor.org_noun", "Siemens engineer Anna Berg said so, and a former Acme Corp engineer, Tom Reed, agreed.",
         ("Anna Berg", "worksFor", "Siemens")),
    case("livesIn.native_of_place", "The show was opened by Tulsa native Ann Lee.", ("Ann Lee", "livesIn", "Tulsa")),
    case("livesIn.native_of_place", "Ann Lee, a Boston native, opened the show.", ("Ann Lee", "livesIn", "Boston")),
    case("livesIn.native_land", "Maria Lopez campaigned in her native Texas on Sunday.",
         ("Maria Lopez", "livesIn", "Texas")),
    case("livesIn.place_home", "Police searched the Tulsa home of Tom Reed on Monday.",
         ("Tom Reed", "livesIn", "Tulsa")),
    case("livesIn.is_from", "Anna Berg is from Uppsala, where she trained.", ("Anna Berg", "livesIn", "Uppsala")),
    case("livesIn.of", "Tom Reed, a nurse from Leeds, won the prize.", ("Tom Reed", "livesIn", "Leeds")),
    case("killed.noun", "The murder of journalist Anna Berg by Tom Reed shocked Sweden.",
         ("Tom Reed", "killed", "Anna Berg")),
    case("worksFor.at", "Maria Fernandez at Siemens said demand was weak.",
         ("Maria Fernandez", "worksFor", "Siemens")),
    case("worksFor.at", "Economist Anna Berg of Deutsche Bank said growth could slow.",
         ("Anna Berg", "worksFor", "Deutsche Bank")),
    case("livesIn.of", "Voters like Anna Berg of Uppsala were surprised.", ("Anna Berg", "livesIn", "Uppsala")),
    case("locatedIn.appos", "The storm hit Lyon, France, on Tuesday.", ("Lyon", "locatedIn", "France")),
    case("locatedIn.appos", "Protesters gathered in Osaka, Japan, on Sunday.", ("Osaka", "locatedIn", "Japan")),
    case("basedIn.in", "Officials at Siemens in Munich confirmed the cuts.", ("Siemens", "basedIn", "Munich")),
    case("basedIn.verb", "It merged with Quill Foods Inc, a privately held company based in Tulsa.",
         ("Quill Foods Inc", "basedIn", "Tulsa")),
    case("basedIn.in", "Bankers at Deutsche Bank in Frankfurt cut forecasts.",
         ("Deutsche Bank", "basedIn", "Frankfurt")),
    case("owns.owned_by", "British Sugar, owned by Berwick Plc, raised its prices.",
         ("Berwick Plc", "owns", "British Sugar")),
]

DESCRIPTOR_CASES = [
    case("basedIn.of", "Brisco Corp of Tulsa, Oklahoma, said sales rose.", ("Brisco Corp", "basedIn", "Tulsa"),
         ("Brisco Corp", "basedIn", "Oklahoma")),
    case("basedIn.of", "Lenders include Ravel Corp of Denver, and the First Union Bank of Tulsa.",
         ("Ravel Corp", "basedIn", "Denver")),
    case("appos.affiliation", "Tom Reyes, a Siemens employee, saw the fire start.",
         ("Tom Reyes", "worksFor", "Siemens")),
    case("descriptor.basedIn", "Samsung, the South Korean electronics giant, reported record profits.",
         ("Samsung", "basedIn", "South Korean")),
    case("descriptor.basedIn", "The Japanese carmaker Toyota recalled a million vehicles.",
         ("Toyota", "basedIn", "Japanese")),
    case("descriptor.basedIn", "Unilever, the British consumer goods group, raised prices.",
         ("Unilever", "basedIn", "British")),
    case("descriptor.basedIn", "Regulators questioned its French parent company Renault on Friday.",
         ("Renault", "basedIn", "French")),
    case("descriptor.seat", "Members of the U.S. Congress voted on Friday.",
         ("Congress", "basedIn", "U.S.")),
    case("descriptor.seat", "Investors cheered Helsinki-based Supercell on Monday.",
         ("Supercell", "basedIn", "Helsinki")),
    case("descriptor.seat", "Analysts said the German Siemens group would grow.",
         ("Siemens", "basedIn", "German")),
    case("place.sentence", "Voters in Ohio and across the United States went to the polls.",
         ("Ohio", "locatedIn", "United States")),
    case("place.sentence", "Floods closed schools in Lübeck, and Germany sent troops.",
         ("Lübeck", "locatedIn", "Germany")),
    case("place.article", "Germany sent troops on Friday. The floods had closed schools in Kassel.",
         ("Kassel", "locatedIn", "Germany")),
    case("place.apposition", "The plant in Tulsa, Oklahoma, will close in May.",
         ("Tulsa", "locatedIn", "Oklahoma")),
    case("possessive.seat", "China's Foreign Ministry rejected the claims on Monday.",
         ("Foreign Ministry", "basedIn", "China")),
    case("possessive.seat", "During a stop in Cairo's Tahrir Square, the minister spoke.",
         ("Tahrir Square", "locatedIn", "Cairo")),
    case("descriptor.basedIn", "South Korean shipbuilders Hyundai Heavy Industries and Daewoo Shipbuilding won orders.",
         ("Hyundai Heavy Industries", "basedIn", "South Korean"), ("Daewoo Shipbuilding", "basedIn", "South Korean")),
    case("descriptor.basedIn", "The show runs on Munich-based private broadcaster, ProSieben.",
         ("ProSieben", "basedIn", "Munich")),
    case("appos.affiliation", "Walter Mears, a volunteer for The Associated Press, retired.",
         ("Walter Mears", "worksFor", "Associated Press")),
    case("descriptor.owns", "Instagram and its parent company Meta faced new fines in Europe.",
         ("Meta", "owns", "Instagram")),
    case("descriptor.owned", "Acme Systems Ltd, a unit of Brandt Holdings Inc, won the order.",
         ("Brandt Holdings Inc", "owns", "Acme Systems Ltd")),
    case("descriptor.owns", "Alphabet, the owner of YouTube, reported higher revenue.",
         ("Alphabet", "owns", "YouTube")),
    case("descriptor.owns", "Regulators fined Meta, the owner of WhatsApp, on Friday.",
         ("Meta", "owns", "WhatsApp")),
    case("descriptor.owned", "Brandt Holdings Inc said its Acme Systems Ltd subsidiary won the order.",
         ("Brandt Holdings Inc", "owns", "Acme Systems Ltd")),
    case("descriptor.owned",
         "Talbot Corp sold the printing unit to the Kestrel Press unit of Varna Group Inc on Monday.",
         ("Varna Group Inc", "owns", "Kestrel Press")),
    case("descriptor.owned", "Halvard Corp agreed to buy Norland Bancshares Inc and its Norland Savings Bank "
         "subsidiary.", ("Norland Bancshares Inc", "owns", "Norland Savings Bank")),
    case("location.named", "Ministers said the Geneva accord on currencies had held.",
         ("Geneva accord", "location", "Geneva")),
    case("descriptor.owned", "Kestrel Railroad Co is a wholly owned subsidiary of Varna River Corp, it said.",
         ("Varna River Corp", "owns", "Kestrel Railroad Co")),
    case("descriptor.owned", "Kestrel Labs Corp will operate as a Varna subsidiary under its current management.",
         ("Varna", "owns", "Kestrel Labs Corp")),
    case("descriptor.owned",
         "Kestrel Data Inc remains a wholly owned subsidiary of Varna Software Corp after the sale.",
         ("Varna Software Corp", "owns", "Kestrel Data Inc")),
    case("descriptor.owned", "Varna Mining Corp announced the formation of Kestrel Minerals Inc, a wholly-owned "
         "subsidiary, on Monday.", ("Varna Mining Corp", "owns", "Kestrel Minerals Inc")),
    case("possessive.owns", "Varna Group Inc's Kestrel Insurance Co said profits rose.",
         ("Varna Group Inc", "owns", "Kestrel Insurance Co")),
    case("possessive.owns", "Talbot Financial Corp said its Talbot Savings Bank opened a branch.",
         ("Talbot Financial Corp", "owns", "Talbot Savings Bank")),
    case("owns.owned_by", "Talbot Mining Co, 83 pct owned by Varna Resources Corp, raised its dividend.",
         ("Varna Resources Corp", "owns", "Talbot Mining Co")),
    case("descriptor.shareholder", "The shares came from Ardent Capital Corp, a Kestrel Mining shareholder, "
         "he said.", ("Ardent Capital Corp", "owns", "Kestrel Mining")),
    case("descriptor.shareholder", "The offer was backed by Kestrel Mining's largest shareholder, Ardent "
         "Capital Corp, on Monday.", ("Ardent Capital Corp", "owns", "Kestrel Mining")),
    case("descriptor.shareholder", "Kestrel Mining Corp's other principal shareholders are Ardent Capital AG, "
         "with 35.01 pct, and Varna Holding AG, with 24.98 pct.",
         ("Ardent Capital AG", "owns", "Kestrel Mining Corp"), ("Varna Holding AG", "owns", "Kestrel Mining Corp")),
    case("descriptor.shareholder",
         "Kestrel Mining Corp's shareholders were not Ardent Capital AG and Varna Holding AG."),
    case("possessive.owns", "John Doe said Acme Corp ended talks with his Kestrel Acquisition Corp on Monday.",
         ("John Doe", "owns", "Kestrel Acquisition Corp")),
    case("possessive.owns", "Chevron Corp's Kestrel Petroleum (U.K.) Ltd said it sold interests in two blocks.",
         ("Chevron Corp", "owns", "Kestrel Petroleum (U.K.) Ltd")),
    case("descriptor.owned", "Varna Carbide France, a unit of Varna Carbide Corp, has launched a bid.",
         ("Varna Carbide Corp", "owns", "Varna Carbide France")),
    case("leader.government", "Ilse Brandner is the senior minister in Karl Weisz's government, Austria's "
         "press said.", ("Karl Weisz", "leaderOf", "Austria")),
    case("livesIn.descriptor", "We played cards for hours, said Denver businessman Paul Okafor on Monday.",
         ("Paul Okafor", "livesIn", "Denver")),
    case("livesIn.descriptor", "The study was written by dissident Polish historian Jan Wierzbicki in 1980.",
         ("Jan Wierzbicki", "livesIn", "Polish")),
    case("livesIn.descriptor", "Denver Mayor Paul Okafor opened the bridge on Monday."),
    case("livesIn.descriptor", "Paul Okafor, a Republican from Denver, voted against the bill on Monday.",
         ("Paul Okafor", "livesIn", "Denver")),
    case("leader.government", "Chile's envoy spoke first. The senators of Chile said Maria Lopez's "
         "administration would act.", ("Maria Lopez", "leaderOf", "Chile")),
    case("leader.government", "Should Karl Weisz's regime fall, unrest could spread to Hungary, Austria's "
         "press said. Austria voted."),
    case("descriptor.state", "Portugal's state-owned lender Caixa Varela raised its rates on Monday.",
         ("Portugal", "owns", "Caixa Varela"), ("Caixa Varela", "basedIn", "Portugal")),
    case("descriptor.state", "Kenya's trade gap widened. Most of it comes from two state trading firms -- the "
         "Kestrel Trading Corp (KTC) and the Ores and Metals Trading Corp (OMTC). Kenya will export tea.",
         ("Kenya", "owns", "Kestrel Trading Corp"), ("Kestrel Trading Corp", "basedIn", "Kenya"),
         ("Kenya", "owns", "Ores and Metals Trading Corp"), ("Ores and Metals Trading Corp", "basedIn", "Kenya")),
    # in an American article a "state savings bank" is one a state chartered, not one it owns
    case("descriptor.state", "The state savings bank Kestrel Savings lost money in Ohio, the United States "
         "Treasury said. United States rates fell."),
    case("descriptor.official", "Output fell in Kenya, the official news agency Varna Press said. Kenya grew.",
         ("Varna Press", "basedIn", "Kenya")),
    case("descriptor.owned", "The Kestrel Lighting Division of Varna Corp said its sales rose.",
         ("Varna Corp", "owns", "Kestrel Lighting Division")),
]

# Rule ids these tests exercise (checked against the rule files by test_every_rule_is_exercised).
RULES_EXERCISED = sorted({c.rule for c in CASES} | {c.rule for c in DESCRIPTOR_CASES})


@pytest.mark.parametrize("c", CASES, ids=lambda c: f"{c.rule}:{c.text[:40]}")
def test_rule(nlp, c):
    got = parse(nlp, c.text)
    assert got.triples(c.rule) == set(c.expected)


@pytest.mark.parametrize("c", DESCRIPTOR_CASES, ids=lambda c: f"{c.rule}:{c.text[:40]}")
def test_descriptor_rule(nlp, c):
    got = parse(nlp, c.text)
    assert got.described(c.rule) == set(c.expected)


def test_person_of_a_place_after_a_title_is_no_resident(nlp):
    got = parse(nlp, "Mayor Anna Berg of Uppsala spoke on Monday.")
    assert got.triples("livesIn.of") == set()


def test_a_namesake_dwarfed_by_a_bigger_city_is_no_fact(nlp):
    # Paris, Texas is too small beside Paris, France to be read as the Paris meant
    got = parse(nlp, "The United States said on Monday that police in Paris arrested two men.")
    assert not {t for t in got.described("place.sentence") | got.described("place.article") if t[0] == "Paris"}


def test_a_list_of_places_is_no_apposition(nlp):
    got = parse(nlp, "The tour goes to Lyon, Marseille and Nice in June.")
    assert got.described("place.apposition") == set()


def test_possessive_of_a_name_that_is_no_company_owns_nothing(nlp):
    # a ministry's department, a name that only qualifies a noun, a place's bank
    for text in ("Kenji Sato of the Trade Ministry's Industrial Division spoke.",
                 "Varna Group Inc's Kestrel bid was rejected.",
                 "Talbot Corp agreed to buy Cookeville's Citizens Bank."):
        assert parse(nlp, text).described("possessive.owns") == set(), text


def test_the_company_that_formed_a_wholly_owned_subsidiary_owns_it(nlp):
    got = parse(nlp, "Varna Mining Corp said it acquired two properties. The company also announced the "
                     "formation of Kestrel Minerals Inc, a wholly-owned subsidiary.")
    assert got.described("descriptor.owned") == {("Varna Mining Corp", "owns", "Kestrel Minerals Inc")}


def test_a_unit_sold_is_owned_no_more(nlp):
    for text in ("Varna Corp said it sold its Kestrel Research Inc unit for 20 mln dlrs.",
                 "Varna Corp completed the sale of its Kestrel Research Inc unit to Talbot Inc on Monday.",
                 "Varna Corp said it sold its Kestrel Insurance Co to Talbot Inc on Monday.",
                 "Talbot Inc said it bought Varna Corp's Kestrel Research Inc unit on Monday."):
        got = parse(nlp, text)
        assert not {t for t in got.described() if t[1] == "owns" and t[0] == "Varna Corp"}, text
    got = parse(nlp, "Varna Corp agreed to sell its Kestrel Research Inc unit to Talbot Inc on Monday.")
    assert ("Varna Corp", "owns", "Kestrel Research Inc") in got.described("descriptor.owned")


def test_a_letter_of_intent_to_merge_owns_nothing(nlp):
    got = parse(nlp, "Kestrel Graphics Inc said it signed a letter of intent to merge into Varna Corp.")
    assert got.triples("owns.merged_into") == set()


def test_talks_on_signing_a_pact_make_no_party(nlp):
    got = parse(nlp, "EC ministers agreed to formal talks on signing an economic pact with Hungary.")
    assert got.triples("partyTo.with") == set()


def test_former_shareholder_owns_nothing(nlp):
    got = parse(nlp, "Ardent Capital Corp, a former Kestrel Mining shareholder, sued.")
    assert got.described("descriptor.shareholder") == set()


def test_descriptor_without_country_or_owner_word_makes_nothing(nlp):
    got = parse(nlp, "Nissan and its French partner Renault agreed on new terms.")
    assert not got.described("descriptor.owns")  # "partner" is no owner word


# ---------------------------------------------------------------- coordination


def test_coordinated_subjects_each_get_the_fact(nlp):
    got = parse(nlp, "President Emmanuel Macron and Chancellor Olaf Scholz met Prime Minister Giorgia Meloni in Rome.")
    assert got.triples("met.verb") == {("Emmanuel Macron", "met", "Giorgia Meloni"),
                                       ("Olaf Scholz", "met", "Giorgia Meloni")}


def test_coordinated_objects_each_get_the_fact(nlp):
    got = parse(nlp, "Prime Minister Giorgia Meloni met President Emmanuel Macron and Chancellor Olaf Scholz in Rome.")
    assert got.triples("met.verb") == {("Giorgia Meloni", "met", "Emmanuel Macron"),
                                       ("Giorgia Meloni", "met", "Olaf Scholz")}


def test_coordinated_subjects_without_object_pair_up(nlp):
    got = parse(nlp, "President Emmanuel Macron and Chancellor Olaf Scholz met on Monday.")
    assert symmetric(got.triples("met.verb")) == {(frozenset({"Emmanuel Macron", "Olaf Scholz"}), "met")}


def test_coordinated_subjects_of_talks_pair_up(nlp):
    got = parse(nlp, "President Emmanuel Macron and Chancellor Olaf Scholz held talks in Paris.")
    assert symmetric(got.triples("met.talks")) == {(frozenset({"Emmanuel Macron", "Olaf Scholz"}), "met")}


def test_coordinated_speakers_pair_up(nlp):
    got = parse(nlp, "President Emmanuel Macron and Chancellor Olaf Scholz talked for an hour.")
    assert symmetric(got.triples("spoke.verb")) == {(frozenset({"Emmanuel Macron", "Olaf Scholz"}), "spokeWith")}


def test_coordinated_agreement_parties(nlp):
    got = parse(nlp, "The European Union and Chile agreed the trade deal in Brussels.")
    assert got.triples("partyTo.agreement") == {("European Union", "partyTo", "trade deal"),
                                                ("Chile", "partyTo", "trade deal")}


# ---------------------------------------------------------------- passives


def test_passive_criticized(nlp):
    got = parse(nlp, "President Emmanuel Macron was criticized by Prime Minister Viktor Orban.")
    assert got.triples("criticized.verb") == {("Viktor Orban", "criticized", "Emmanuel Macron")}


def test_passive_accused(nlp):
    got = parse(nlp, "Chancellor Olaf Scholz was accused by Prime Minister Viktor Orban of hypocrisy.")
    assert got.triples("accused.verb") == {("Viktor Orban", "accused", "Olaf Scholz")}


def test_passive_invited(nlp):
    got = parse(nlp, "President Emmanuel Macron was invited by Chancellor Olaf Scholz to Berlin.")
    assert got.triples("invited.verb") == {("Olaf Scholz", "invited", "Emmanuel Macron")}


def test_passive_restricted(nlp):
    got = parse(nlp, "Semiconductors were restricted by Japan in July.")
    assert got.triples("restricts.verb") == {("Japan", "restricts", "Semiconductors")}


# ---------------------------------------------------------------- each other


def test_each_other_criticized_goes_both_ways(nlp):
    got = parse(nlp, "Chancellor Olaf Scholz and President Emmanuel Macron criticized each other on Monday.")
    assert got.triples("criticized.verb") == {("Olaf Scholz", "criticized", "Emmanuel Macron"),
                             ("Emmanuel Macron", "criticized", "Olaf Scholz")}


def test_each_other_accused_goes_both_ways(nlp):
    got = parse(nlp, "Prime Minister Giorgia Meloni and President Emmanuel Macron accused each other of lying.")
    assert got.triples("accused.verb") == {("Giorgia Meloni", "accused", "Emmanuel Macron"),
                             ("Emmanuel Macron", "accused", "Giorgia Meloni")}


# ---------------------------------------------------------------- possessives and pronouns


def test_possessive_meeting_before_the_main_clause(nlp):
    got = parse(nlp, "President Emmanuel Macron arrived in Rome on Monday. During his meeting with "
                     "Prime Minister Giorgia Meloni, the two discussed migration.")
    assert got.triples("met.noun") == {("Emmanuel Macron", "met", "Giorgia Meloni")}


def test_pronoun_subject_in_the_next_sentence(nlp):
    got = parse(nlp, "President Emmanuel Macron arrived in Rome on Monday. He met Prime Minister Giorgia Meloni.")
    assert got.triples("met.verb") == {("Emmanuel Macron", "met", "Giorgia Meloni")}


def test_pronoun_subject_in_reported_speech(nlp):
    got = parse(nlp, "Prime Minister Giorgia Meloni said that she had criticized President Emmanuel Macron.")
    assert got.triples("criticized.verb") == {("Giorgia Meloni", "criticized", "Emmanuel Macron")}


def test_pronoun_subject_of_spoke(nlp):
    got = parse(nlp, "President Emmanuel Macron said he spoke with Chancellor Olaf Scholz on Tuesday.")
    assert got.triples("spoke.verb") == {("Emmanuel Macron", "spokeWith", "Olaf Scholz")}


def test_the_two_leaders_met(nlp):
    got = parse(nlp, "President Lula visited Prime Minister Narendra Modi in Delhi. The two leaders met again in May.")
    assert symmetric(got.triples("met.verb")) == {(frozenset({"Lula", "Narendra Modi"}), "met")}


# ---------------------------------------------------------------- no fact: modality, negation, plans, conditions


def test_control_for_modality_meet(nlp):
    assert parse(nlp, "Chancellor Olaf Scholz met President Emmanuel Macron soon.").triples("met.verb") == {
        ("Olaf Scholz", "met", "Emmanuel Macron")}


@pytest.mark.parametrize("text", [
    "President Emmanuel Macron might meet Chancellor Olaf Scholz next week.",
    "President Emmanuel Macron did not meet Chancellor Olaf Scholz in Berlin.",
    "Chancellor Olaf Scholz wants to meet President Emmanuel Macron soon.",
    "If President Emmanuel Macron and Chancellor Olaf Scholz meet, they will discuss energy.",
    "President Lula visited Prime Minister Narendra Modi in Delhi. If the two leaders meet again in May, "
    "they will sign an accord.",
    "Prime Minister Giorgia Meloni never criticized President Emmanuel Macron.",
    "Prime Minister Giorgia Meloni has expressed interest in speaking with President Emmanuel Macron.",
])
def test_modal_negated_planned_or_conditional_makes_no_fact(nlp, text):
    got = parse(nlp, text)
    assert not [f for f in got.facts if f.prop in ("met", "spokeWith", "criticized")]
    assert not got.events


def test_plans_to_restrict_makes_no_fact(nlp):
    assert parse(nlp, "Germany restricted exports of semiconductors.").triples("restricts.verb") == {
        ("Germany", "restricts", "semiconductors")}
    assert not parse(nlp, "Germany plans to restrict exports of semiconductors.").triples("restricts.verb")


def test_lifting_a_ban_undoes_it(nlp):
    assert not parse(nlp, "Germany lifted its ban on steel in May.").triples("restricts.noun")
    assert not parse(nlp, "India ended its ban on wheat in May.").triples("restricts.noun")


def test_not_lifting_a_ban_keeps_it(nlp):
    got = parse(nlp, "India did not lift its ban on wheat in May.")
    assert got.triples("restricts.noun") == {("India", "restricts", "wheat")}


# ---------------------------------------------------------------- events of the relation rules


def test_meeting_event_with_participants_and_date(nlp):
    got = parse(nlp, "Chancellor Olaf Scholz met President Emmanuel Macron on May 12.")
    [event] = got.events
    assert event.kind == "Meeting" and event.rule == "met.verb"
    assert got.event_people("Meeting") == [{"Olaf Scholz", "Emmanuel Macron"}]
    assert dict(event.values)["date"] == ("2025-05-12", "date")


def test_meeting_event_of_the_two_leaders_has_both(nlp):
    got = parse(nlp, "President Lula visited Prime Minister Narendra Modi in Delhi. The two leaders met again in May.")
    assert got.event_people("Meeting") == [{"Lula", "Narendra Modi"}]


def test_phone_call_event_needs_a_call_word(nlp):
    by_phone = parse(nlp, "President Emmanuel Macron and Chancellor Olaf Scholz spoke by phone on Tuesday.")
    assert by_phone.event_people("PhoneCall") == [{"Emmanuel Macron", "Olaf Scholz"}]
    in_person = parse(nlp, "President Emmanuel Macron and Chancellor Olaf Scholz talked for an hour.")
    assert in_person.triples("spoke.verb") and not in_person.events


def test_phone_verb_makes_a_phone_call_event(nlp):
    got = parse(nlp, "Prime Minister Giorgia Meloni phoned President Emmanuel Macron on Friday.")
    assert got.event_people("PhoneCall") == [{"Giorgia Meloni", "Emmanuel Macron"}]


def test_relations_without_events_make_none(nlp):
    got = parse(nlp, "Chancellor Olaf Scholz criticized Prime Minister Viktor Orban over the veto.")
    assert got.triples("criticized.verb") and not got.events


# ---------------------------------------------------------------- gaps found with ordinary sentences
# These fail at the time of writing; each keeps its expected output for the rule's fix.


@pytest.mark.parametrize("text, expected", [
    ("Investors cheered Japanese conglomerate SoftBank on Tuesday.", ("SoftBank", "basedIn", "Japanese")),
    ("Investors sold shares of German chipmaker Siemens on Tuesday.", ("Siemens", "basedIn", "German")),
])
def test_descriptor_before_the_name_parsed_as_compound(nlp, text, expected):
    # The small model parses "Japanese conglomerate SoftBank" with the noun as a compound
    # of the name, not the name as its apposition: describe() only reads appositions.
    got = parse(nlp, text)
    assert got.described("descriptor.basedIn") == {expected}


@pytest.mark.parametrize("text, product", [
    ("Vietnam restricted gallium exports in 2023.", "gallium"),
    ("Indonesia banned lithium exports in January.", "lithium"),
])
def test_restricted_product_named_as_compound_of_exports(nlp, text, product):
    # The product is a compound of "exports", the object the rule reaches; it is not looked at.
    got = parse(nlp, text)
    country = text.split()[0]
    assert got.triples("restricts.verb") == {(country, "restricts", product)}


@pytest.mark.parametrize("text, inviter, guest", [
    ("King Charles invited President Emmanuel Macron to Windsor, and Macron reciprocated.",
     "Charles", "Emmanuel Macron"),
    ("President Emmanuel Macron invited King Charles to Versailles. Charles later reciprocated.",
     "Emmanuel Macron", "Charles"),
])
def test_reciprocated_by_a_repeated_name(nlp, text, inviter, guest):
    # The rule compares mention keys: a second mention of the guest's name is not the invited mention.
    got = parse(nlp, text)
    # the guest may be named by the repeated short form ("Macron"): the same person
    [(s, p, o)] = got.triples("invited.reciprocated")
    assert (s.split()[-1], p, o) == (guest.split()[-1], "invited", inviter)


@pytest.mark.parametrize("text, expected", [
    ("Analyst Tom Reed of Goldman Sachs expects growth.", ("Tom Reed", "worksFor", "Goldman Sachs")),
    ("Maria Fernandez at Siemens might resign next year.", ("Maria Fernandez", "worksFor", "Siemens")),
])
def test_person_at_organization_under_a_modal_or_plan_verb(nlp, text, expected):
    # irrealis() climbs from the name to the clause's verb ("expects", "might resign"), which
    # says nothing about where the person works: the noun-phrase fact is dropped.
    got = parse(nlp, text)
    assert got.triples("worksFor.at") == {expected}


# ---------------------------------------------------------------- meta


def test_every_rule_is_exercised():
    from tests import test_acquisitions, test_events, test_parties, test_places, test_quotations

    wanted = {r.id for r in relations.rules()} | {"descriptor.basedIn", "descriptor.owns", "descriptor.seat",
                                                  "descriptor.state", "descriptor.official",
                                                  "appos.affiliation", "possessive.seat", "place.sentence",
                                                  "descriptor.owned",
                                                  "possessive.owns", "descriptor.shareholder", "location.named",
                                                  "owns.owned_by", "seat.city",
                                                  "place.article", "place.apposition",
                                                  "tariff.change", "acquisition.buy", "acquisition.sell",
                                                  "acquisition.completed", "owns.stake", "owns.rest", "party.tag",
                                                  "party.adjective", "party.named", "party.apposition", "seat.name",
                                                  "seat.institution", "seat.known", "acquisition.noun",
                                                  "leader.government", "livesIn.descriptor",
                                                  "quote.verb",
                                                  "quote.nearest"}
    exercised = set(RULES_EXERCISED) | set(test_events.RULES_EXERCISED) | set(test_quotations.RULES_EXERCISED)
    exercised |= set(test_acquisitions.RULES_EXERCISED) | set(test_parties.RULES_EXERCISED)
    exercised |= set(test_places.RULES_EXERCISED)
    assert wanted - exercised == set()


FORBIDDEN = re.compile(r"\b(Trump|Xi|Jinping|ByteDance|TikTok|Bessent|Perdue|Wang Yi|Greer|Lutnick)\b")


def _sentences(module_file: Path) -> list[str]:
    """The string constants of a test module that look like sentences of a text."""
    tree = ast.parse(module_file.read_text(encoding="utf-8"))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and len(n.value) > 25 and n.value.rstrip().endswith((".", "\u201d", "!"))]


@pytest.mark.parametrize("module", ["test_relations.py", "test_events.py", "test_quotations.py"])
def test_sentences_are_not_from_the_seeds(module):
    seeds = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in SEEDS.glob("*.txt"))
    sentences = _sentences(HERE / module)
    assert sentences
    for s in sentences:
        assert " ".join(s.split()) not in seeds, s
        assert not FORBIDDEN.search(s), s


def test_meeting_event_has_its_location(nlp):
    got = parse(nlp, "Prime Minister Petteri Orpo met Chancellor Friedrich Merz in Berlin on Tuesday.", "2025-03-14")
    [meeting] = [e for e in got.events if e.kind == "Meeting"]
    assert [got.name(m) for r, m in meeting.roles if r == "location"] == ["Berlin"]
    assert dict(meeting.values)["date"] == ("2025-03-11", "date")


def test_receiving_a_thing_is_no_meeting(nlp):
    got = parse(nlp, "Minister Anna Berg received a letter from Prime Minister Rui Costa on Monday.")
    assert got.triples("met.host") == set()


def test_the_company_an_article_opens_with_owns_the_subsidiary_it_formed(nlp):
    got = parse(nlp, "Miner Adds Two Properties\n\nVarna Mining Corp said it acquired two properties. "
                     "They bring its land to 5,100 acres, the company said. Both lie in southern Utah, it said. "
                     "The company also announced the formation of Kestrel Minerals Inc, a wholly-owned subsidiary.")
    assert got.described("descriptor.owned") == {("Varna Mining Corp", "owns", "Kestrel Minerals Inc")}



def test_a_rank_between_an_organization_and_a_name_is_a_job_there(nlp):
    from rdflib import RDFS

    import kg

    g = kg.build(["The boat sank at dawn, said Coast Guard Lt. Steve Hardy."]).graph
    jobs = {(str(g.value(s, RDFS.label)), str(g.value(o, RDFS.label))) for s, p, o in g
            if str(p).endswith("#worksFor")}
    assert ("Steve Hardy", "Coast Guard") in jobs


def _led(graph) -> set[tuple[str, str]]:
    from rdflib import RDFS
    return {(str(graph.value(s, RDFS.label)), str(graph.value(o, RDFS.label))) for s, p, o in graph
            if str(p).endswith("#leaderOf")}


def test_a_leader_leads_one_country_the_title_says_over_his_government_read_against_the_article(nlp):
    import kg

    g = kg.build(["Prime Minister Brian Mulroney said he held talks with the Canadian province premiers. The talks, "
                  "launched by Mulroney's Progressive Conservative government after concerns about protectionist "
                  "sentiment in the U.S., continue. The U.S. and the U.S. Congress and the U.S. want a deal with "
                  "the United States."]).graph
    assert _led(g) == {("Brian Mulroney", "Canada")}


def test_a_title_after_a_name_the_ner_missed_is_no_national_office(nlp):
    import kg

    g = kg.build(["TWU-CIO president Lane Kirkwood said any trade bill Reagan would sign would fail in Congress. "
                  "The U.S. budget grew."]).graph
    assert not any(person == "Lane Kirkwood" and place == "United States" for person, place in _led(g))


def test_a_conjunct_with_an_apposition_or_a_place_of_its_own_is_not_in_the_firsts_place(nlp):
    p = parse(nlp, "Temperatures ranged from 2 degrees at Jackson, Wyo., and Gunnison, Colo., to 89 degrees "
                   "at McAllen, Texas.")
    got = p.triples("locatedIn.appos")
    assert {("Gunnison", "locatedIn", "Colo."), ("Jackson", "locatedIn", "Wyo")} <= got
    assert ("Gunnison", "locatedIn", "Wyo") not in got
    p = parse(nlp, "The field lies along the border between Dan Sai District in Loei Province, Nakhon Thai "
                   "District in Phitsanulok Province, and Lomsak District in Phetchabun Province.")
    got = p.triples("locatedIn.appos")
    assert {("Nakhon Thai District", "locatedIn", "Phitsanulok Province"),
            ("Lomsak District", "locatedIn", "Phetchabun Province")} <= got
    assert ("Lomsak District", "locatedIn", "Phitsanulok Province") not in got
    assert ("Nakhon Thai District", "locatedIn", "Phetchabun Province") not in got
    from kg import places
    listed = {(f.subject.text, f.obj.text) for f in places.facts(p.doc, p.found) if f.obj is not None}
    assert ("Loei Province", "Nakhon Thai District") not in listed  # a list of places in places, no apposition


@pytest.mark.parametrize("line, outlet, city", [
    ("PM2303111794 Moscow IZVESTIYA in Russian 23 Mar 94 p 3", "IZVESTIYA", "Moscow"),
    ("Havana Radio Reloj Network", "Radio Reloj Network", "Havana"),
    ("Bangkok THE NATION", "NATION", "Bangkok"),
])
def test_a_monitoring_services_source_line_bases_its_outlet_in_its_city(nlp, line, outlet, city):
    p = parse(nlp, line + "\n\nThe report was published on Monday.")
    assert (outlet, "basedIn", city) in p.described("basedIn.source_line")
    assert {m.cls for m in p.found if m.text == city} == {"Place"}


@pytest.mark.parametrize("line", ["Moscow Says No To Talks", "London Times Says Buy", "Moscow IZVESTIYA said on Monday",
                                  "MEXICO CITY"])
def test_a_headline_or_a_sentence_is_no_source_line(nlp, line):
    p = parse(nlp, line + "\n\nThe report was published on Monday.")
    assert not p.described("basedIn.source_line")


def test_a_critic_or_a_customer_of_a_company_is_no_employee(nlp):
    from rdflib import RDFS

    import kg

    g = kg.build(["Jane Doe, a critic of Kestrel Corp, spoke first. Tom Reed, a spokesman for Kestrel Corp, "
                  "spoke next. Ann Lee is an engineer at Kestrel Corp in Ohio."], rules_only=True).graph
    got = {(str(g.value(s, RDFS.label)), str(p).rsplit("#", 1)[-1], str(g.value(o, RDFS.label))) for s, p, o in g
           if str(p).endswith("#worksFor")}
    assert got == {("Tom Reed", "worksFor", "Kestrel Corp"), ("Ann Lee", "worksFor", "Kestrel Corp")}


def test_a_companys_name_and_a_region_or_country_is_its_unit_there(nlp):
    p = parse(nlp, "Texaco Inc said Texaco Canada Inc sold its stake. Union Carbide Corp said Union Carbide "
                   "Europe would close a plant.")
    got = {(s, o) for s, prop, o in p.described("owns.regional")}
    assert ("Texaco Inc", "Texaco Canada Inc") in got and ("Union Carbide Corp", "Union Carbide Europe") in got
    p = parse(nlp, "Gelco said it would sell Gelco U.K. to Bramall. Security Pacific Corp said Security rose.")
    assert not p.described("owns.regional")  # a short name is no parent; "Pacific" is no region of a unit
