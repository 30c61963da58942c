"""Entity mentions on the real model, with sentences that are not in the seeds."""
import pytest

from kg.entities import mentions

pytestmark = pytest.mark.model


def found(nlp, text):
    return [(m.text, m.cls, m.known) for m in mentions(nlp(text), "t")]


def test_titles_and_determiners_come_off_names(nlp):
    got = found(nlp, "German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris.")
    assert ("Olaf Scholz", "Person", None) in got
    assert ("Emmanuel Macron", "Person", None) in got
    assert ("German", "Country", "Germany") in got and ("French", "Country", "France") in got


def test_acronyms_and_known_countries(nlp):
    got = found(nlp, "The U.K. and the US signed a pact, and Britain welcomed it.")
    assert {k for _, c, k in got if c == "Country"} == {"United Kingdom", "United States"}


def test_capital_as_government_vs_city(nlp):
    got = found(nlp, "Moscow rejected the offer. Tourists flocked to museums in Moscow.")
    assert ("Moscow", "Country", "Russia") in got
    assert ("Moscow", "Place", None) in got
    assert ("Paris", "Place", None) in found(nlp, "Chancellor Olaf Scholz visited Paris on Monday.")


def test_hyphenated_country_pair_splits(nlp):
    got = found(nlp, "Japan-Korea relations improved this year.")
    assert ("Japan", "Country", "Japan") in got and ("Korea", "Country", "South Korea") in got or \
        ("Japan", "Country", "Japan") in got


def test_products_and_international_organizations(nlp):
    got = found(nlp, "The WTO said exports of soybeans and rare-earth minerals fell, while WeChat grew.")
    assert ("WTO", "Organization", "World Trade Organization") in got
    assert ("soybeans", "Product", "soybeans") in got
    assert ("WeChat", "Product", "WeChat") in got


def test_shouted_words_are_not_names(nlp):
    got = found(nlp, "He wrote: \u201cTHIS IS TOTALLY UNFAIR AND VERY BAD FOR FARMERS!!!\u201d")
    assert not [t for t, c, _ in got if t.isupper() and len(t) > 3]


def test_agreements_with_dates_and_definite_references(nlp):
    doc = nlp("The two sides reached a ceasefire agreement signed in Doha on March 3. "
              "Both accused the other of breaking the deal.")
    ag = [m for m in mentions(doc, "t", "2024-04-01") if m.cls == "Agreement"]
    assert ag[0].text == "March 3 ceasefire agreement" and ag[0].date == ("2024-03-03", "date")
    assert ag[1].text == "deal" and ag[1].definite


def test_indefinite_undated_agreement_is_not_an_entity(nlp):
    doc = nlp("Unless an agreement is reached, the strike goes on.")
    assert not [m for m in mentions(doc, "t") if m.cls == "Agreement"]


def test_leader_metonym_is_flagged(nlp):
    doc = nlp("The Biden administration announced new rules.")
    [m] = [m for m in mentions(doc, "t") if m.metonym]
    assert m.text == "Biden administration"


def test_a_unique_role_without_a_name_is_a_person(nlp):
    got = found(nlp, "The King welcomed the First Lady to Windsor on Tuesday.")
    assert ("First Lady", "Person", None) in got
    named = found(nlp, "First Lady Jill Biden arrived. Later the First Lady spoke.")
    assert ("First Lady", "Person", None) not in named  # her name is given: coref links the role to her


def test_capital_modifying_a_noun_is_the_city_unless_the_noun_is_its_government(nlp):
    assert ("Berlin", "Place", None) in found(nlp, "Officials at the Berlin office of Siemens met.")
    assert ("Beijing", "Country", "China") in found(nlp, "The Beijing government rejected the claims.")


def test_an_untagged_repeated_surname_is_the_person(nlp):
    got = found(nlp, "US envoy Steve Witkoff met President Joseph Aoun on Monday. "
                     "Witkoff later spoke with Prime Minister Benjamin Netanyahu by phone.")
    assert [t for t, c, _ in got if c == "Person"].count("Witkoff") == 1


def test_the_town_of_x_is_a_place(nlp):
    got = found(nlp, "Rockets hit the town of Kiryat Shmona on Sunday.")
    assert ("Kiryat Shmona", "Place", None) in got


@pytest.mark.model
def test_a_capitalized_run_ending_in_a_corporate_suffix_is_one_organization(nlp):
    doc = nlp("Westbrook Consolidated Industries Inc said it has acquired 200,000 shares of Norvale Corp.")
    orgs = {e.text for e in doc.ents if e.label_ == "ORG"}
    assert "Westbrook Consolidated Industries Inc" in orgs


@pytest.mark.model
def test_a_company_name_that_starts_with_a_title_word_is_no_title(nlp):
    doc = nlp("Shares of General Motors Corp. rose on Monday.")
    [org] = [e for e in doc.ents if e.label_ == "ORG"]
    assert org.text.startswith("General Motors") and org.ent_id_ == ""
    assert [m.cls for m in mentions(doc, "t") if m.text.startswith("General")] == ["Organization"]


def test_a_title_case_headline_keeps_only_names_the_body_or_the_tables_know():
    from kg.entities import headline_mentions
    from kg.model import Mention

    title = "Norvale To Acquire Brisco Mining For 20 Mln Dlrs"
    found = [Mention("a", 0, 24, "Norvale To Acquire Brisco", "Organization"),
             Mention("a", 0, 7, "Norvale", "Organization"),
             Mention("a", 60, 71, "Norvale Corp", "Organization"),
             Mention("a", 80, 92, "Brisco Mining", "Organization")]
    kept = {m.text for m in headline_mentions(found, title)}
    assert kept == {"Norvale", "Norvale Corp", "Brisco Mining"}
    # a headline in sentence case is read like any sentence
    assert headline_mentions(found, "Norvale to acquire Brisco mining for 20 mln dlrs") == found


@pytest.mark.model
def test_a_company_ends_at_its_suffix_and_the_place_after_of_is_a_place(nlp):
    doc = nlp("It signed an agreement with Norvale Gold Mines Ltd of Vancouver, British Columbia, on Monday.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Norvale Gold Mines Ltd", "ORG") in ents and ("Vancouver", "GPE") in ents


def test_a_short_form_of_a_company_read_as_a_person_is_the_company():
    from kg.entities import company_short_forms
    from kg.model import Mention

    found = [Mention("a", 0, 11, "Cardis Corp", "Organization"), Mention("a", 40, 46, "Cardis", "Person"),
             Mention("a", 60, 71, "Henry Ford", "Person"), Mention("a", 80, 94, "Ford Motor Co", "Organization"),
             Mention("a", 99, 103, "Ford", "Person")]
    got = {(m.text, m.cls) for m in company_short_forms(found)}
    assert ("Cardis", "Organization") in got
    assert ("Ford", "Person") in got  # a person of the article has that name


@pytest.mark.model
def test_honorifics_come_off_names_and_stay_surface_forms(tmp_path):
    from rdflib import RDF, RDFS, SKOS

    from kg.pipeline import build
    from kg.vocab import KG

    src = tmp_path / "a.txt"
    src.write_text("Ms. Anna Berg, an analyst at Barclays, said prices rose. Ms Berg added that costs fell. "
                   "Lady Mary Holt spoke later. Lady Holt left.\n", encoding="utf-8")
    g = build([str(src)]).graph
    people = {str(g.value(p, RDFS.label)): {str(a) for a in g.objects(p, SKOS.altLabel)}
              for p in g.subjects(RDF.type, KG.Person)}
    assert "Ms Berg" in people["Anna Berg"] and "Lady Holt" in people["Mary Holt"], people
    assert not any(label.startswith(("Ms", "Lady")) for label in people)


@pytest.mark.model
def test_names_lose_dangling_words_and_unclosed_brackets(nlp):
    from spacy.tokens import Span

    from kg.entities import trim

    doc = nlp("Shares of Norvale (NRV rose. Talks with Ohio Edison - the utility said.")
    assert trim(Span(doc, 2, 5, label="ORG"), "ORG").text == "Norvale"
    assert trim(Span(doc, 9, 13, label="ORG"), "ORG").text == "Ohio Edison"


def test_a_capital_beside_the_word_capital_or_listed_with_cities_is_the_city(nlp):
    assert ("Seoul", "Place", None) in found(nlp, "It lies 120 kilometers from the South Korean capital Seoul.")
    got = found(nlp, "Students occupied lecture halls in 20 German cities, including Berlin, Hamburg and Munich.")
    assert ("Berlin", "Place", None) in got
    assert ("Paris", "Country", "France") in found(nlp, "Paris and Moscow disagreed on the plan.")


def test_the_city_a_story_is_filed_from_is_a_place(nlp):
    assert ("BANGKOK", "Place", None) in found(nlp, "BANGKOK, Thailand (AP) _ Police said on Monday that five "
                                                     "men were arrested.")
    assert ("MEXICO CITY", "Place", None) in found(nlp, "MEXICO CITY (AP) _ The president said.")
    assert ("Sofia", "Place", None) in found(nlp, "(Text) Sofia, February 15 (BTA) -- Today the parties met.")


def test_news_media_and_companies_of_the_tables_are_organizations(nlp):
    got = found(nlp, "Der Spiegel reported that P&G would sell the brand, the dpa news agency said.")
    assert ("Der Spiegel", "Organization", "Der Spiegel") in got
    assert ("P&G", "Organization", "Procter & Gamble") in got
    assert ("dpa", "Organization", "Deutsche Presse-Agentur") in got


def test_a_one_word_company_of_the_tables_is_left_to_the_ner_and_does_not_cut_a_longer_name():
    from kg.nlp import ruler_patterns

    exact, _ = ruler_patterns()
    forms = {p["pattern"] for p in exact}
    assert "Boeing" not in forms  # "Boeing Commercial Airplanes" stays whole; "Boeing" alone is known by name
    assert {"Procter & Gamble", "dpa", "BBC", "NATO"} <= forms


def test_prices_lower_case_words_and_bare_corporate_suffixes_are_no_names(nlp):
    got = found(nlp, "The shares rose to 700p from 252p, said Holding Co Ltd. U.S. products face tariffs.")
    assert [t for t, c, _ in got if c != "Country"] == []


def test_capitals_in_brackets_after_an_organization_are_its_short_form(nlp):
    from kg.resolve import resolve

    ms = mentions(nlp("The Federal Environment Agency (UBA) warned on Monday. Later UBA said prices rose. "
                      "Acme Corp (AP) grew."), "t")
    assert any(m.text == "UBA" and m.refers_to for m in ms)
    ents, _ = resolve(ms)
    agency = next(e for e in ents if e.label == "Federal Environment Agency")
    assert agency.aliases == ("UBA",) and not any(e.label == "UBA" for e in ents)
    assert any(e.label == "Associated Press" for e in ents)  # a known name in brackets is no short form


@pytest.mark.model
def test_countries_of_the_twentieth_century_are_countries_of_their_own(tmp_path):
    from kg.pipeline import build

    (tmp_path / "a.txt").write_text("West Germany and the Soviet Union signed a trade pact. Bonn said the West "
                                    "German economy grew, and the USSR agreed. Germany and Russia were not named.\n",
                                    encoding="utf-8")
    countries = sorted(e.label for e in build([str(tmp_path)]).entities if e.cls == "Country")
    assert countries == ["Germany", "Russia", "Soviet Union", "West Germany"]  # never merged into successors


@pytest.mark.model
def test_a_us_state_named_by_its_abbreviation_is_the_state(tmp_path):
    from kg.pipeline import build

    (tmp_path / "a.txt").write_text("Acme Corp of Tulsa, Okla., bought Beta Inc of Raleigh, N.C. The Oklahoma "
                                    "company said North Carolina approved.\n", encoding="utf-8")
    places = {e.label: e.aliases for e in build([str(tmp_path)]).entities if e.cls == "Place"}
    assert places["Oklahoma"] == ("Okla.",) and places["North Carolina"] == ("N.C.",)
    assert "Okla." not in places and "N.C." not in places


def test_a_pair_of_countries_is_two_countries_whatever_the_ner_called_it(nlp):
    got = found(nlp, "Officials said a U.S.-Japan pact on microchip trade and the U.S.-Canada accord would hold.")
    assert {k for _, c, k in got if c == "Country"} == {"United States", "Japan", "Canada"}
    assert not [t for t, c, _ in got if c == "Organization" and "-" in t]


@pytest.mark.model
def test_the_first_word_of_a_company_written_alone_is_the_company(nlp):
    got = found(nlp, "Tarvell Mineral Co said it agreed to merge. Tarvell, 83 pct owned by Brunswick Holdings "
                     "Inc, said the deal was fair.")
    assert ("Tarvell", "Organization", None) in got
    # not a word also written in lower case, nor the name of a person of the article
    got = found(nlp, "Energy Partners Ltd said energy prices fell. Energy rose. Dudley Korr, chairman of Korr "
                     "Broadcasting Co, said Korr would sell.")
    assert not any(text == "Energy" for text, _, _ in got)
    assert ("Korr", "Organization", None) not in got


@pytest.mark.model
def test_two_companies_joined_by_and_are_two_names_but_one_name_may_hold_and(nlp):
    doc = nlp("Alder Resources Corp and High Mesa Oil Corp said they reached an agreement. "
              "Shares of Bolt Marren and Newman Inc rose.")
    orgs = {e.text for e in doc.ents if e.label_ == "ORG"}
    assert {"Alder Resources Corp", "High Mesa Oil Corp", "Bolt Marren and Newman Inc"} <= orgs


@pytest.mark.model
def test_new_before_a_place_is_part_of_its_name_and_corp_of_america_is_a_name(nlp):
    got = found(nlp, "Colbert Bancorp Inc of New Holland, Pa., agreed to merge with Farrow Corp of America.")
    assert ("New Holland", "Place", None) in got
    assert any(text == "Farrow Corp of America" for text, _, _ in got)


@pytest.mark.model
def test_a_country_and_a_capitalized_common_word_is_the_country_but_a_body_stays(nlp):
    got = found(nlp, "Korea's trade surplus with the U.S. Widened in March. The U.S. Senate voted on Friday.")
    assert ("U.S.", "Country", "United States") in got and not any(t == "U.S. Widened" for t, _, _ in got)
    assert any(t == "U.S. Senate" and c == "Organization" for t, c, _ in got)


def test_a_state_abbreviation_read_as_a_person_is_the_state_unless_it_is_also_a_word():
    from kg.entities import _us_states
    from kg.model import Mention

    got = _us_states([Mention("a", 0, 3, "Fla", "Person"), Mention("a", 10, 14, "Miss", "Person"),
                      Mention("a", 20, 25, "Miss.", "Person")])
    assert [(m.cls, m.known) for m in got] == [("Place", "Florida"), ("Person", None), ("Place", "Mississippi")]


@pytest.mark.model
def test_a_company_name_without_its_suffix_is_the_company_and_an_owner_comes_off_its_unit(nlp):
    got = found(nlp, "Kestrel Amusements Inc said it raised its bid. Kestrel Amusements already owns 19.6 pct "
                     "of Varna.")
    assert sum(t == "Kestrel Amusements" and c == "Organization" for t, c, _ in got) == 1
    doc = nlp("Viacom said Kestrel Amusements' Arsenal Holdings Inc subsidiary raised the amount.")
    orgs = {e.text for e in doc.ents if e.label_ == "ORG"}
    assert "Arsenal Holdings Inc" in orgs and not any("'" in o for o in orgs)


@pytest.mark.model
def test_a_savings_and_loan_association_is_one_name(nlp):
    doc = nlp("Shares of Home Federal Savings and Loan Association rose on Monday.")
    assert "Home Federal Savings and Loan Association" in {e.text for e in doc.ents if e.label_ == "ORG"}


@pytest.mark.model
def test_a_common_noun_after_a_company_and_a_date_word_are_not_names(nlp):
    from spacy.tokens import Span

    from kg.entities import _not_a_name, trim

    doc = nlp("Directors said the Purolator board rejected the offer. End-1986 reserves were 11.8 mln.")
    assert trim(Span(doc, 3, 5, label="ORG"), "ORG").text == "Purolator"
    assert _not_a_name(Span(doc, 9, 10, label="ORG"))


@pytest.mark.model
def test_a_unit_named_by_its_parent_and_country_is_one_name(nlp):
    doc = nlp("Varna Carbide France, a unit of Varna Carbide Corp, has launched a bid.")
    assert "Varna Carbide France" in {e.text for e in doc.ents if e.label_ == "ORG"}
    doc = nlp("Kestrel Petroleum (U.K.) Ltd said it sold interests. He told Reuters Japan was wrong.")
    orgs = {e.text for e in doc.ents if e.label_ == "ORG"}
    assert "Kestrel Petroleum (U.K.) Ltd" in orgs and "Reuters Japan" not in orgs


@pytest.mark.model
def test_an_acronym_that_a_bodys_noun_names_is_an_organization(nlp):
    got = found(nlp, "He heads the ANFE export institute. She joined the trade department (KFT) in May.")
    assert ("ANFE", "Organization", None) in got and ("KFT", "Organization", None) in got
    assert not [t for t, c, _ in found(nlp, "THE BANK SAID THE NEW INSTITUTE WOULD OPEN.") if t == "NEW"]


@pytest.mark.model
def test_a_company_noun_or_its_shares_make_the_name_a_company(nlp):
    got = found(nlp, "Varna bought a stake in the French pen firm Belmont. It bought 500 shares of Trevok.")
    assert ("Belmont", "Organization", None) in got and ("Trevok", "Organization", None) in got


def test_a_division_after_an_and_of_initials_is_one_unit_and_its_company_is_apart(nlp):
    orgs = {t for t, cls, _ in found(nlp, "Kestrel Corp said it completed the sale of its W and J TRoane Division "
                                          "to Hal Ostrova and a group of investors. The Kestrel Lighting Division "
                                          "of Varna Corp said its sales rose.") if cls == "Organization"}
    assert {"W and J TRoane Division", "Kestrel Lighting Division", "Varna Corp"} <= orgs
    assert "Kestrel Lighting Division of Varna Corp" not in orgs


def test_the_name_of_a_company_after_the_may_hold_and(nlp):
    doc = nlp("Most trade comes from two state trading firms -- the Kestrel Trading Corp (KTC) and the Ores "
              "and Metals Trading Corp (OMTC).")
    orgs = {e.text for e in doc.ents if e.label_ == "ORG"}
    assert "Ores and Metals Trading Corp" in orgs and "Ores" not in orgs


def test_a_given_name_a_surname_and_jr_are_one_person(nlp):
    # the NER alone finds no one in the first sentence
    got = found(nlp, "Acme Inc sold its Varna Division to Laurence Trinkle Jr and a group of investors. "
                     "Kestrel Corp sold the rest to Tom B. Ambler Sr. on Monday.")
    assert ("Laurence Trinkle Jr", "Person", None) in got
    assert ("Tom B. Ambler Sr", "Person", None) in got


def test_a_participle_or_an_occupation_before_a_name_is_no_part_of_it(nlp):
    doc = nlp("Directed by and Starring Ben Varga, it tells the story of a spy.")
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == ["Starring Ben Varga"]  # the NER's span
    assert ("Ben Varga", "Person", None) in found(
        nlp, "Directed by and Starring Ben Varga, it tells the story of a spy.")
    doc = nlp("Scriptwriter Janos Kestrel said the film was good.")
    assert ("Scriptwriter", "TITLE") in [(e.text, e.label_) for e in doc.ents]


def test_names_joined_by_french_et_or_an_acronyms_and_are_one_company(nlp):
    got = found(nlp, "Kestrel Chimie said it bid for Varlet et Brun, a French firm. Shares of CB and T "
                     "Bancshares Inc rose. Vautrin et al. wrote about it.")
    names = {t for t, cls, _ in got if cls == "Organization"}
    assert {"Varlet et Brun", "CB and T Bancshares Inc"} <= names
    assert "Vautrin et al" not in {t for t, _, _ in got}


def test_an_amount_is_no_part_of_a_name(nlp):
    from spacy.tokens import Span

    from kg.entities import trim

    doc = nlp("Debt servicing cost Laos 1.62 billion kips in 1985.")
    assert trim(Span(doc, 3, 6, label="FAC"), "FAC").text == "Laos"  # the NER's "Laos 1.62 billion"
    assert trim(Span(doc, 3, 4, label="GPE"), "GPE").text == "Laos"


def test_an_opening_adverb_and_an_unopened_bracket_are_no_part_of_a_name(nlp):
    got = {t for t, _, _ in found(nlp, "Earlier Kestrel Fe's stock was up. The Ministry of Trade's (MOT) "
                                       "Americas and Oceanic Division said so.")}
    assert "Kestrel Fe" in got and not any(t.startswith("Earlier") or ")" in t for t in got)


def test_a_one_word_name_with_nothing_of_a_person_is_a_company(nlp):
    from kg.entities import mentions, unlikely_people
    from kg.roles import facts

    doc = nlp("Pechiray said its profits rose. Pechiray shares fell. Prime Minister Tamuraki said "
              "growth was slow, and Tamuraki spoke again.")
    found_ = mentions(doc, "t")
    got = {(m.text, m.cls) for m in unlikely_people(doc, found_, facts(doc, found_))}
    assert ("Pechiray", "Organization") in got and ("Tamuraki", "Person") in got


def test_a_name_with_a_job_title_in_apposition_is_a_person(nlp):
    got = found(nlp, "Adebayo Adedeji, the executive secretary of the Varna Commission, said growth slowed.")
    assert ("Adebayo Adedeji", "Person", None) in got
    got = found(nlp, "Israel will sign the pact, said Gad Yaacobi, Israeli minister of Economy.")
    assert ("Gad Yaacobi", "Person", None) in got


def test_names_listed_with_or_are_names_of_their_own(nlp):
    from spacy.tokens import Span

    from kg.nlp import company_names

    with nlp.select_pipes(disable=["kg_company_names", "kg_country_ruler"]):
        doc = nlp("It withdrew the offer it had made for Kestrel, Varnaco or Ostrova Corp to shareholders.")
    doc.ents = [Span(doc, 8, 14, label="ORG")]  # the NER's reading, as it reads the Reuters article
    assert doc.ents[0].text == "Kestrel, Varnaco or Ostrova Corp"
    assert [e.text for e in company_names(doc).ents] == ["Kestrel", "Varnaco", "Ostrova Corp"]


def test_surnames_joined_by_and_after_a_company_word_are_one_firm(nlp):
    from kg.ingest import make_article
    from kg.pipeline import extract

    art = make_article("t", "Analysts at brokers Kestrelby and Varnock said shares would fall. Harrow and Flint "
                            "Publishers Inc agreed. Ambler and Ostrova met on Monday.")
    names = {(m.text, m.cls) for m in extract(nlp(art.text), art, rules_only=True).mentions}
    assert ("Kestrelby and Varnock", "Organization") in names
    assert ("Harrow and Flint Publishers Inc", "Organization") in names
    assert ("Ambler and Ostrova", "Organization") not in names  # no company word: two names


def test_a_nationality_or_a_party_word_and_an_administrative_noun_leave_names(nlp):
    from spacy.tokens import Span

    from kg.entities import trim

    doc = nlp("Brazilians Cicero Santos and Marin scored. Fighting spread to the Kestrelia province.")
    assert trim(Span(doc, 0, 3, label="PERSON"), "PERSON").text == "Cicero Santos"
    assert trim(Span(doc, 0, 2, label="PERSON"), "PERSON").text == "Cicero"
    [province] = [t.i for t in doc if t.text == "province"]
    assert trim(Span(doc, province - 1, province + 1, label="GPE"), "GPE").text == "Kestrelia"
    doc = nlp("Social Democrat Willy Varga won in 1969.")
    assert trim(Span(doc, 0, 4, label="PERSON"), "PERSON").text == "Willy Varga"


def test_a_person_of_a_company_and_a_works_are_names_of_their_own(nlp):
    doc = nlp("Hal Ostrova of Kestrel Hanover Trust Co. said rates would rise. Shares of Varna Glass Works rose, "
              "and Public Works Minister Jan Doe spoke.")
    ents = [(e.text, e.label_) for e in doc.ents]
    assert ("Hal Ostrova", "PERSON") in ents and ("Kestrel Hanover Trust Co.", "ORG") in ents
    assert ("Varna Glass Works", "ORG") in ents and ("Public Works Minister", "TITLE") in ents


def test_a_verb_after_a_name_and_a_descriptive_noun_before_it_leave_the_name(nlp):
    from spacy.tokens import Span

    from kg.entities import trim

    doc = nlp("Tamuraki told reporters that U.S. Publisher Kestrel Brace Inc would buy it.")
    assert trim(Span(doc, 0, 2, label="ORG"), "ORG").text == "Tamuraki"
    [inc] = [t.i for t in doc if t.text == "Inc"]
    assert trim(Span(doc, 4, inc + 1, label="ORG"), "ORG").text == "Kestrel Brace Inc"


def test_a_capital_in_the_place_of_a_city_is_the_city(nlp):
    # a later conjunct reads the first one's place; "the capital of X"; a city's parts; "from" after motion
    got = found(nlp, "She studied economics in Vienna and Rome before joining the bank.")
    assert ("Vienna", "Place", None) in got and ("Rome", "Place", None) in got
    assert ("Stockholm", "Place", None) in found(nlp, "The capital of Stockholm lies on the coast.")
    assert ("Rome", "Place", None) in found(nlp, "Rome's suburbs were flooded on Monday.")
    assert ("Nairobi", "Place", None) in found(nlp, "Our correspondent reported from Nairobi on the talks.")
    # and still the government where it acts
    got = found(nlp, "Talks between Washington and Beijing resumed on Monday.")
    assert ("Beijing", "Country", "China") in got


def test_a_demonym_read_as_an_organization_is_its_country_and_a_continents_adjective_no_name(nlp):
    doc = nlp("The Belarusian opposition said it would protest.")
    from spacy.tokens import Span

    doc.ents = [Span(doc, 1, 2, label="ORG")]
    assert [(m.text, m.cls, m.known) for m in mentions(doc, "t")] == [("Belarusian", "Country", "Belarus")]
    assert not [m for m in mentions(nlp("European currency dealers sold dollars."), "t") if m.text == "European"]


def test_a_name_listed_with_people_is_a_person_and_hyphenated_given_names_count(nlp):
    from kg.entities import given_name

    got = found(nlp, "Supporters include actors Meryl Streep, Ashley Judd, Alyssa Milano, Cate Blanchett and "
                     "Reese Witherspoon.")
    assert ("Cate Blanchett", "Person", None) in got
    assert given_name("Hans-Olaf") and given_name("Jean-Francois") and not given_name("Hans-Qzxv")
    # a list of companies stays companies
    got = found(nlp, "Ford Motor Co, General Motors Corp and Chrysler Corp cut prices.")
    assert not [t for t, c, _ in got if c == "Person"]


def test_a_surname_inside_a_companys_name_and_a_headlines_name_read_by_the_body(nlp):
    import kg

    b = kg.build([kg.Article(id="a", title="Chavin Raises Stake In Wexley", text=(
        "Leonard Chavin said he raised his stake in T.R. Wexley Co Group to 11 pct. He met with Wexley's "
        "officers and may seek a seat on Wexley's board. The firm declined comment.")),
        kg.Article(id="b", text="Poultry Co Inc will buy food distributor Don Lowe Foods Inc of Pompano Beach. "
                                "It said Tampa operations of Lowe are not involved. The deal needs approval.")])
    classes = {e.label: e.cls for e in b.entities}
    assert classes.get("Wexley") in (None, "Organization") and "Person" not in {
        classes.get(n) for n in ("Wexley", "Lowe")}
    lowe = next(e for e in b.entities if e.label == "Don Lowe Foods Inc")
    assert "Lowe" in lowe.aliases


def test_in_a_sports_report_a_city_that_plays_is_its_club(nlp):
    import kg

    report = ("Wolfsburg beat Mainz 2-1 on Saturday to climb to third in the Bundesliga table. Mainz coach "
              "Jan Kessler said his team lacked a striker. Freiburg's goalkeeper saved a penalty in the derby, "
              "and Hamburg lost to Augsburg. The club's season is over.")
    classes = {e.label: e.cls for e in kg.build([report]).entities}
    assert {classes[c] for c in ("Wolfsburg", "Mainz", "Freiburg", "Hamburg", "Augsburg")} == {"Organization"}
    assert classes["Bundesliga"] == "Organization"
    # outside sport the same names are cities
    news = "Wolfsburg hosted a conference on car exports. Delegates from Hamburg and Mainz attended."
    classes = {e.label: e.cls for e in kg.build([news]).entities}
    assert classes.get("Hamburg") == "Place" and classes.get("Mainz") == "Place"


def test_a_common_word_capitalized_only_to_open_a_line_is_no_name(nlp):
    text = "Ingredients\n200 g flour, 2 eggs.\n\nPreparation\nSimmer the sauce for ten minutes. Apple said sales rose."
    got = {t for t, _, _ in found(nlp, text)}
    assert not got & {"Ingredients", "Preparation", "Simmer"}
    assert ("German", "Country", "Germany") in found(nlp, "German exports rose in May.")


def test_a_lone_name_of_the_tables_read_as_a_person_where_the_sentence_says_otherwise(nlp):
    import kg

    b = kg.build(["Basin oil producer Tarwin Ltd <TARW.S> said it will bid for the rest, and 20 pct is owned by "
                  "Tarwin. Entwistle Co, a Hudson, Mass.,-based contractor, raised its stake in Bird Inc. Prime "
                  "Minister (Brian) Kowalczuk spoke. Officials discussed PL480 and other programs."])
    got = {e.label: e.cls for e in b.entities}
    assert got.get("Hudson") == "Place"
    assert "Brian" not in got and "PL480" not in got and "TARW.S" not in got


def test_companies_by_their_legal_form_description_or_longer_name_elsewhere(nlp):
    import kg

    b = kg.build(["It agreed to sell its Tarrow Fire Pump co and Macomson Machine Co units. NV Velders "
                  "Gloeilampen said it will build a plant. It bought a stake in Novo Brasca, a private "
                  "company, and in an Indiana corporation. Badajoz, a company of the Special Operations Group, "
                  "left Merida.",
                  "Kokuzai Denshin Denwa Co Ltd raised rates.",
                  "The new firm will be a rival to Kokuzai Denshin Denwa in Japan."])
    got = {e.label: e.cls for e in b.entities}
    for name in ("Tarrow Fire Pump", "NV Velders Gloeilampen", "Novo Brasca"):
        assert got.get(name) == "Organization", name
    kdd = next(e for e in b.entities if e.label == "Kokuzai Denshin Denwa Co Ltd")
    assert "Kokuzai Denshin Denwa" in kdd.aliases and "Person" not in got.values()
    assert got.get("Indiana") == "Place" and got.get("Badajoz") != "Organization"


def test_a_surname_and_a_one_word_firm_listed_after_a_company_cue_are_one_firm(nlp):
    import kg

    b = kg.build(["Tarvex Partners, controlled by privately-held Wagner and Brown and by AFG Industries Inc, "
                  "said it plans to sell the unit."])
    got = {e.label: e.cls for e in b.entities}
    assert got.get("Wagner and Brown") == "Organization" and "Brown" not in got


def test_an_agreements_name_a_site_and_a_market_are_no_companies(nlp):
    got = found(nlp, "Officials praised the U.S./Israel Free Trade agreement, passed last year. It owns 33 pct of "
                     "the Boxleigh gas field. Rumours on the London stock market lifted it.")
    assert not [t for t, c, _ in got if c == "Organization"]
    assert ("Boxleigh", "Place", None) in got


def test_a_name_in_apposition_to_someone_who_does_something_is_a_person(nlp):
    import kg

    got = {e.label: e.cls for e in kg.build(["A top Bolshoi dancer, Pavel Dmitrichenko, later confessed to "
                                             "hiring two accomplices."]).entities}
    assert got.get("Pavel Dmitrichenko") == "Person"


def test_brands_are_products_and_plans_laws_and_trade_terms_no_bodies(nlp):
    got = found(nlp, "He marked the anniversary of the Marshall aid plan. The Hart-Scott-Rodino Act waiting period "
                     "expired. China seeks MFN status. The brands sold were Prince Albert, Carter Hall, Apple and "
                     "Royal Comfort.")
    names = {t: c for t, c, _ in got}
    assert {names.get(b) for b in ("Prince Albert", "Carter Hall", "Royal Comfort")} == {"Product"}
    assert not {"Marshall", "Hart-Scott-Rodino Act", "MFN"} & set(names)
    stamps = found(nlp, "| Sao Paulo UTC -2 Part 2: DW THU 27.11.2014 – 22:15 UTC FRI 28.11.2014 – 06:15 UTC FRI "
                        "28.11.2014 – 13:15 UTC FRI 28.11 | Edmonton UTC -7 | New York UTC -5")
    assert not [t for t, _, _ in stamps if "UTC" in t]


def test_a_doc_read_for_names_still_serializes(nlp):
    from spacy.tokens import Doc

    doc = nlp("Ingredients\n200 g flour.\n\nSimmer the sauce. Apple said sales rose.")
    mentions(doc, "t")
    assert Doc(nlp.vocab).from_bytes(doc.to_bytes()).text == doc.text


def test_a_name_after_a_noun_that_only_names_people_is_a_person(nlp):
    import kg

    b = kg.build(["Election count\nVictory by former military ruler Mbaye Okonkwo looked certain. Okonkwo is a "
                  "converted democrat. French presidential hopeful Madeleine Le Garrec did not say she was quoting "
                  "him. Le Garrec spoke on May 1. Le Garrec's speech was long."])
    got = {e.label: (e.cls, e.aliases) for e in b.entities}
    assert got["Mbaye Okonkwo"] == ("Person", ("Okonkwo",))
    # the label keeps the given name; the surname keeps its particle ("Le Garrec", never "Garrec")
    assert got["Madeleine Le Garrec"][0] == "Person" and got["Madeleine Le Garrec"][1] == ("Le Garrec",)


def test_a_short_party_name_before_its_known_acronym_is_that_party(nlp):
    import kg

    b = kg.build(["Coalition talks\nThe two men are leading figures in Germany's Social Democratic (SPD) party. "
                  "The SPD met on Monday."])
    spd = [e for e in b.entities if "SPD" in (e.label, *e.aliases)]
    assert len(spd) == 1 and "Social Democratic" in spd[0].aliases
    assert not [e for e in b.entities if e.label == "Social Democratic"]


def test_a_list_of_names_read_as_one_is_split_and_a_city_in_a_clubs_name_is_that_club(nlp):
    import kg

    report = ("League table\nAt the top, Dortmund and Hoffenheim fight for third in the league. The battle for "
              "third - Dortmund & Hoffenheim Both Borussia Dortmund and TSG 1899 Hoffenheim will play in the "
              "Champions League. Dortmund striker Jan Kowalik scored a goal in the match, and the coach was happy. "
              "Hoffenheim won the derby.")
    b = kg.build([report])
    labels = {e.label: e for e in b.entities}
    assert not [e for e in b.entities for f in (e.label, *e.aliases) if "&" in f]
    assert "Dortmund" in labels["Borussia Dortmund"].aliases and "Dortmund" not in labels
    # a company whose name reads as two towns stays one company
    b = kg.build(["Marks & Spencer sold shares of Barnes & Noble in London. Marks & Spencer said so."])
    assert {"Marks & Spencer", "Barnes & Noble"} <= {e.label for e in b.entities}


def test_one_node_for_a_leader_with_a_particle_a_dropped_middle_name_and_a_body_by_its_last_word(nlp):
    import kg

    b = kg.build(["Peace talks\nThe envoy met President Faris al-Hamdan in Geneva. "
                  "The opposition to al-Hamdan is weak. "
                  "Police arrested sect leader Jose Julino Mbalanga. Jose Mbalanga denied the charges. The IMF "
                  "said a Fund desktop computer had been used to access some Fund systems. Volkswagen Group sold "
                  "cars; VW said so."])
    got = {e.label: e for e in b.entities}
    assert "al-Hamdan" in got["Faris al-Hamdan"].aliases and "al-Hamdan" not in got
    assert "Jose Mbalanga" in got["Jose Julino Mbalanga"].aliases and "Jose Mbalanga" not in got
    assert "Fund" in got["International Monetary Fund"].aliases and "Fund" not in got
    assert {"VW", "Volkswagen Group"} <= set(got["Volkswagen"].aliases)


def test_a_name_taken_up_as_he_or_who_is_a_person_and_a_pipelines_ends_are_places(nlp):
    import kg

    b = kg.build(["Mbeki Ndlovu, who wrote a book on Lagos, left. Tsegaye Wondimu said he was happy. Derwinski, a "
                  "Republican from Chicago who served in Congress, denied it. The Alice Springs to Darwin gas "
                  "pipeline and a pipeline from Lago Agrio to the port of Balao were built. Standard and Poor's "
                  "Corp cut the rating."])
    got = {e.label: e.cls for e in b.entities}
    assert got["Mbeki Ndlovu"] == got["Tsegaye Wondimu"] == "Person" and "Republican" not in got
    assert got["Darwin"] == got["Lago Agrio"] == "Place"
    assert got["Standard and Poor's Corp"] == "Organization" and "Poor" not in got


def test_a_bodys_head_noun_alone_is_no_node_and_a_titles_word_before_a_firms_word_is_its_name(nlp):
    import kg

    b = kg.build(["The Bank raised rates on Monday, traders said.",
                  "The Bank cut rates in Britain. Japan's Economic Affairs Bureau said so.",
                  "Richmond Road Corp bought <General Partners>, controlled by Acme Industries Inc."])
    got = {e.label: e.cls for e in b.entities}
    assert "Bank" not in got  # never one node for every article's unnamed bank
    assert got["Economic Affairs Bureau"] == got["General Partners"] == got["Richmond Road Corp"] == "Organization"
    assert "Partners" not in got



def located_pairs(b):
    from rdflib.namespace import RDFS

    g = b.graph
    return {(str(g.value(s, RDFS.label)), str(g.value(o, RDFS.label)))
            for s, p, o in g if str(p).endswith("#locatedIn")}


def test_a_seat_of_government_is_one_place_in_its_country_and_the_house_is_not_part_of_it(nlp):
    import kg

    b = kg.build(["Sanctions\nThe White House said on Monday that the Kremlin had not replied. US officials said "
                  "Russia was stalling. The House will vote on the bill, and the White House Economic Policy "
                  "Council met on Friday.",
                  "Talks\nA White House spokesman said the talks with the United States' allies went well."])
    got = {e.label: e for e in b.entities}
    assert got["White House"].cls == got["Kremlin"].cls == "Place"
    assert len(got["White House"].articles) == 2  # one node for both articles
    assert "House" not in got["White House Economic Policy Council"].aliases
    assert not any(place in ("White House", "Kremlin") for place, _ in located_pairs(b))  # not stated


def test_a_team_loses_its_score_and_is_named_by_its_full_name_and_a_national_prefix_joins(nlp):
    import kg

    b = kg.build(["Play-offs\nThe Dallas Mavericks lost their series against the Oklahoma City Thunder 4-0. Kevin "
                  "Durant led the Thunder throughout the series. Coach Rick Carlisle said the Thunder might be "
                  "the surprise of the season.",
                  "The Zimbabwe Movement for Democratic Change won the vote. The Movement for Democratic "
                  "Change said it would govern. U.S. Firm Orvane Felton Co. said it would buy the unit."])
    got = {e.label: e for e in b.entities}
    assert "Thunder" in got["Oklahoma City Thunder"].aliases and "Thunder" not in got
    assert not any("4-0" in form for e in b.entities for form in (e.label, *e.aliases))
    assert "Movement for Democratic Change" in got["Zimbabwe Movement for Democratic Change"].aliases
    assert "Orvane Felton Co." in got


def test_in_a_sports_report_a_city_that_plays_is_its_club_in_every_mention(nlp):
    import kg

    b = kg.build(["Bundesliga roundup\nWerder Bremen lost at home to Nuremberg on Saturday, and Freiburg were "
                  "beaten by Unterhaching in the cup. Paderborn travel to lower league side Wilhelmshaven. "
                  "Freiburg's freefall goes on: the coach was sacked after the match, and fans left the stadium "
                  "before the last goal."])
    got = {e.label: e.cls for e in b.entities}
    assert got["Nuremberg"] == got["Wilhelmshaven"] == got["Freiburg"] == "Organization"
    assert [e.label for e in b.entities].count("Freiburg") == 1  # one node: the club


def test_company_names_keep_a_place_pair_an_initial_after_and_a_hyphen_and_route_and_town_ends_are_places(nlp):
    import kg

    b = kg.build(["The Australia and New Zealand Banking Group Ltd said profits rose. CB and T Bancshares Inc "
                  "said it agreed to merge. West Point-Pepperell Inc rose 2 dlrs. Acme Corp and Beta Oil Corp "
                  "agreed to merge.",
                  "Its oil comes through the Jackson to Moonie oil pipeline. Talley Industries bought a Hudson, "
                  "Mass.,-based defense contractor. Robert Dole, R-Kan., said no."])
    got = {e.label: e.cls for e in b.entities}
    for name in ("Australia and New Zealand Banking Group Ltd", "CB and T Bancshares Inc", "West Point-Pepperell Inc",
                 "Acme Corp", "Beta Oil Corp"):
        assert got[name] == "Organization", name
    assert "T Bancshares Inc" not in got and "Pepperell Inc" not in got
    assert got["Jackson"] == got["Moonie"] == got["Hudson"] == "Place"
    assert got["Robert Dole"] == "Person"


def test_abbreviations_of_times_units_and_the_prime_minister_are_no_names(nlp):
    got = {text for text, _, _ in found(nlp, "The PM said at 1400 GMT that CO2 emissions must fall, and the "
                                             "Chancellor's Budget cut taxes. PM Narendra Modi agreed.")}
    assert not got & {"PM", "GMT", "CO2", "Budget"}
    assert "Narendra Modi" in got


def test_a_weekday_or_a_verb_after_a_name_is_no_part_of_it(nlp):
    got = {text for text, _, _ in found(nlp, "Beijing facing pressure, the talks stalled. The US Ambassador "
                                             "Monday said so, and Ambassador Gary Locke agreed.")}
    assert "Beijing" in got and "Beijing facing" not in got
    assert not any("Monday" in text for text in got)
    assert "Gary Locke" in got


def test_places_companies_and_a_misspelt_nationality_by_their_own_evidence(nlp):
    import kg

    b = kg.build(["Gulf Oil said it will grow beyond the South Australian Cooper Basin. Analyst Ann Lee flew "
                  "home to Santa Barbara. The Japanese and Portuguse governments must agree. Acme Corp will sell "
                  "its Little Cigar Business to Tobacco Traders International USA Ltd of Atlanta. Mary Walsh "
                  "of Walsh Greenfield said prices rose. Acme took 51 pct of <Falcon Rotors of Nevada, "
                  "Inc>.",
                  "Floods hit Bombay on Monday, and trains out of Mumbai stopped."])
    got = {e.label: e.cls for e in b.entities}
    assert got["South Australian Cooper Basin"] == got["Santa Barbara"] == "Place"
    assert got["Tobacco Traders International USA Ltd"] == "Organization"
    assert not any(" to " in label for label in got)
    assert got["Walsh Greenfield"] == "Organization"
    assert [cls for label, cls in got.items() if label.startswith("Falcon Rotors")] == ["Organization"]
    assert got["Mary Walsh"] == "Person" and got["Ann Lee"] == "Person"
    assert "Portuguse" not in got
    assert [e.cls for e in b.entities if e.label in ("Bombay", "Mumbai")] == ["Place"]  # one city


def test_a_misspelt_nationality_is_one_letter_off_and_no_plural_or_known_name():
    from kg.entities import _misspelt_demonym

    assert _misspelt_demonym("Portuguse") and _misspelt_demonym("Brazilain")
    assert not any(_misspelt_demonym(w) for w in ("Americas", "Indiana", "Austrian", "Germans"))


def test_a_name_with_an_age_between_commas_is_a_person(nlp):
    import kg

    b = kg.build(["Marie Magdefrau Ferraro, 50, of Bethany, Conn., was hurt on Thursday."])
    got = {e.label: e.cls for e in b.entities}
    assert got["Marie Magdefrau Ferraro"] == "Person"


def test_who_is_shot_or_assassinated_is_a_person(nlp):
    import kg

    b = kg.build(["John Wilkes Booth shot Lincoln during the third act."])
    got = {e.label: e.cls for e in b.entities}
    assert got["Lincoln"] == "Person"


def test_a_listed_partnership_a_camel_case_surname_and_a_common_noun_up_front(nlp):
    import kg

    b = kg.build(["Kidder, Peabody and Co Inc said it would sell shares. The Banks are expected to lend more, "
                  "and banks in Tokyo agreed. Robert deRose, an analyst, said prices rose."])
    got = {e.label: e.cls for e in b.entities}
    assert got["Kidder, Peabody and Co Inc"] == "Organization" and "Peabody and Co Inc" not in got
    assert got["Robert deRose"] == "Person" and "Robert" not in got
    assert "Banks" not in got


def test_names_listed_before_a_plural_noun_of_places_are_places(nlp):
    import kg

    b = kg.build(["Talbot Oil has exploration interests in the Amadeus, Surat, Eromanga and Canning basins. "
                  "Exxon and Mobil refineries closed."])
    got = {e.label: e.cls for e in b.entities}
    assert got["Amadeus"] == got["Surat"] == got["Eromanga"] == got["Canning"] == "Place"
    assert got["Exxon"] == got["Mobil"] == "Organization"


def test_a_bare_legal_form_is_no_name_and_a_cabinet_is_its_country_s(nlp):
    import kg

    b = kg.build(["Acme Corp sold its unit to Banco Rio S.A. on Monday. S.A. said so. The Cabinet met in Paris.",
                  "The Cabinet met in Tokyo, Japan said."])
    got = [(e.label, e.cls) for e in b.entities]
    assert ("Banco Rio S.A.", "Organization") in got and ("S.A.", "Organization") not in got
    assert got.count(("Cabinet", "Organization")) == 1  # Japan's; the other article names no country


def test_a_name_with_a_company_s_words_is_no_person_s(nlp):
    import kg

    b = kg.build(["Santa Fe Southern Pacific said it would sell the railroad. Terry Southern wrote the script."])
    got = {e.label: e.cls for e in b.entities}
    assert got["Santa Fe Southern Pacific"] == "Organization" and got["Terry Southern"] == "Person"


def test_a_rank_the_ner_labels_as_a_name_stays_a_title(nlp):
    import kg

    b = kg.build(["Defense Secretary Caspar Weinberger canceled the Sgt. York\\ngun, made by Ford Motor Co.",
                  "It was a stop-gap replacement for the flawed U.S. Sgt. York\\nDivision Air Defense gun."])
    got = {e.label: e.cls for e in b.entities}
    assert not any(label.endswith("Sgt") for label in got) and got["Caspar Weinberger"] == "Person"
    assert b.graph is not None  # every entity has a class the graph can mint


def test_unnamed_agreements_in_the_plural_are_no_one_agreement(nlp):
    import kg

    b = kg.build(["The two countries signed several agreements on Monday. The agreements cover trade. "
                  "The Minsk accords were signed in 2015."])
    got = [e.label for e in b.entities if e.cls == "Agreement"]
    assert got == ["Minsk accords"]


def test_a_summit_named_by_its_city_is_no_person_or_body(nlp):
    import kg

    b = kg.build(["Leaders will meet at the Venice Summit in June. Ministers at the Tokyo Summit agreed. "
                  "Summit Bancorp said profits rose."])
    got = {e.label: e.cls for e in b.entities}
    assert not any(label.endswith("Summit") for label in got) and got["Summit Bancorp"] == "Organization"


def test_a_name_the_wire_marks_is_one_company_whatever_its_words(nlp):
    import kg

    for jobs in (1, 2):  # the marks travel with the text to spaCy's processes
        b = kg.build(["Chevron sold interests to <Midland and Scottish Resources Ltd> last week. "
                      "Midland and Scottish Resources Ltd paid 12 mln dlrs.",
                      "Kestrel Corp said it sold its stake in <Hunter Helicopter of Nevada Inc> on Monday."], jobs=jobs)
        got = {e.label: e.cls for e in b.entities}
        assert got["Midland and Scottish Resources Ltd"] == "Organization", jobs
        assert got["Hunter Helicopter of Nevada Inc"] == "Organization", jobs
        assert not {"Midland", "Scottish Resources Ltd", "Hunter Helicopter", "Nevada Inc"} & set(got), jobs


def test_an_initial_or_a_portfolio_before_and_is_inside_one_name(nlp):
    import kg

    b = kg.build(["Condere Corp said it bought S. and A. Truck Tire Sales and Service Corp for 10 mln dlrs. "
                  "The sale had the backing of the Post and Telecommunications Ministry and of officials "
                  "of the Energy and Mines Department. Shares of Exxon and Beta Bank rose."])
    got = {e.label: e.cls for e in b.entities}
    assert got["S. and A. Truck Tire Sales and Service Corp"] == "Organization"
    assert got["Post and Telecommunications Ministry"] == "Organization" and "Post" not in got
    assert got["Energy and Mines Department"] == "Organization"
    assert "Exxon and Beta Bank" not in got


def test_a_securities_firm_a_savings_and_loans_body_a_share_count_and_a_plural_common_noun(nlp):
    import kg

    b = kg.build(["Geneen and Donaldson Lufkin and Jenrette Securities Corp. agreed on the terms. "
                  "The California Department of Savings and Loans closed the thrift. "
                  "It agreed to sell Qintex 900,000 shares of Kestrel Inc. "
                  "Brazil suspended payments on commercial bank debt. The Banks have responded by cutting loans."])
    got = {e.label: e.cls for e in b.entities}
    assert got["Donaldson Lufkin and Jenrette Securities Corp."] == "Organization"
    assert got["California Department of Savings and Loans"] == "Organization"
    assert got["Qintex"] == "Organization" and "Qintex 900,000" not in got
    assert "Banks" not in got and "Jenrette Securities Corp." not in got


def test_a_treaty_the_ner_read_as_an_organization_is_a_named_agreement_apart_from_a_dated_one(nlp):
    import kg

    b = kg.build(["The mechanism was introduced according to Article 7 of the EU's Lisbon Treaty. "
                  "Japan's trade agreement with Korea was signed on May 12. EU leaders discussed the Lisbon Treaty."])
    got = {e.label: (e.cls, e.aliases) for e in b.entities}
    assert got["Lisbon Treaty"] == ("Agreement", ())
    assert got["Japan's trade agreement"][0] == "Agreement" and "Lisbon Treaty" not in got["Japan's trade agreement"][1]
    assert not any("EU's" in label for label in got)


def test_a_name_with_an_acronym_is_a_body_and_a_known_partys_name_inside_a_longer_one_is_not_it(nlp):
    import kg

    b = kg.build(["After months of cohabitation with its centrist Liberal Democrat (PDL) partners, the "
                  "Social Democratic Party (PSD) quit the government. John Smith (R) voted no. "
                  "The Democratic Party lost in Ohio. The German Green Party won seats."])
    got = {e.label: (e.cls, e.aliases) for e in b.entities}
    assert "German Green Party" not in got  # a nationality starts no party's name
    assert got["Liberal Democrat"] == ("Organization", ("PDL",))
    assert got["Social Democratic Party"] == ("Organization", ("PSD",))
    assert got["Democratic Party"] == ("Organization", ()) and got["John Smith"][0] == "Person"


def test_a_portfolio_the_ner_cut_off_with_its_and_is_in_the_bodys_name(nlp):
    import kg

    b = kg.build(["The firm sold a platform to the state-run Oil and Natural Gas Commission. "
                  "The Post and Telecomunications Ministry saw no need for two competitors."])
    got = {e.label: e.cls for e in b.entities}
    assert got["Oil and Natural Gas Commission"] == got["Post and Telecomunications Ministry"] == "Organization"
    assert not {"Oil", "Post", "Telecomunications Ministry"} & set(got)


def test_a_name_that_ends_in_a_companys_word_is_no_person(nlp):
    import kg

    b = kg.build(["Teles Pires Mining said it found gold in Brazil. Edgar Lund said so."])
    got = {e.label: e.cls for e in b.entities}
    assert got["Teles Pires Mining"] == "Organization" and got["Edgar Lund"] == "Person"


def test_a_name_in_a_us_state_is_a_place(nlp):
    import kg

    b = kg.build(["Fred Hayman, who owns a boutique in Beverly Hills, Calif., said he would sell it. "
                  "John Smith, D-Calif., voted no."])
    got = {e.label: e.cls for e in b.entities}
    assert got["Beverly Hills"] == "Place" and got["John Smith"] == got["Fred Hayman"] == "Person"


def test_a_given_name_the_ner_left_out_is_part_of_the_persons_name(nlp):
    import kg

    b = kg.build(["Under Adolf Hitler, however, German scientists were not allowed to accept the prize. "
                  "Princess Diana visited the hospital."])
    got = {e.label: e.cls for e in b.entities}
    assert got["Adolf Hitler"] == "Person" and "Hitler" not in got
    assert "Princess Diana" not in got  # a rank, though the tables know Princess as a given name


def test_a_capital_said_to_be_in_a_place_is_the_city(nlp):
    import kg

    b = kg.build(["Rome is in Lazio province and Naples in Campania. Beijing is ready to talk."])
    got = {e.label: (e.cls, e.aliases) for e in b.entities}
    assert got["Rome"] == ("Place", ()) and got["China"] == ("Country", ("Beijing",))


def test_a_capital_with_a_determiner_is_the_city_and_a_seat_stands_for_its_body(nlp):
    import kg

    got = found(nlp, "We cannot wait for another Madrid, he said. Both Moscow and Beijing imposed restrictions.")
    assert ("Madrid", "Place", None) in got and ("Moscow", "Country", "Russia") in got
    text = "Brussels insists that the quotas are fair."
    assert {e.label: e.aliases for e in kg.build([text]).entities} == {"European Union": ("Brussels",)}
    assert [e.label for e in kg.build([text], date="1987-03-02").entities] == ["European Community"]


def test_the_holder_of_a_bodys_title_and_the_leader_of_a_partys_government_are_people(nlp):
    import kg

    got = {e.label: e.cls for e in kg.build(["The new head of the Bank, Barber Conable, said it was under review. "
                                             "The chairman of the board, Acme Holdings, said nothing."]).entities}
    assert got["Barber Conable"] == "Person" and got["Acme Holdings"] == "Organization"
    got = {e.label: (e.cls, e.aliases) for e in kg.build(["The talks, launched by Mulroney's Progressive "
                                                          "Conservative government, went on."]).entities}
    assert got == {"Mulroney": ("Person", ()), "Canada": ("Country", ("Progressive Conservative government",))}
    got = {e.label: (e.cls, e.aliases) for e in kg.build(["The Labour government said so."]).entities}
    assert got == {"United Kingdom": ("Country", ("Labour government",))}


def test_plural_nationalities_makes_sites_and_run_ons(nlp):
    got = found(nlp, "The Germans and the Canadians protested, and Yugoslavs said so.")
    assert {(t, k) for t, c, k in got if c == "Country"} == {
        ("Germans", "Germany"), ("Canadians", "Canada"), ("Yugoslavs", "Yugoslavia")}
    got = found(nlp, "Dealerships sold one kind of car, a Chevy or a Ford or a Studebaker. An Exxon spokesman agreed.")
    assert {t for t, c, _ in got if c == "Product"} == {"Chevy", "Ford", "Studebaker"}
    assert ("Exxon", "Organization") in {(t, c) for t, c, _ in got}
    got = found(nlp, "It operates the Mereenie oil and gas field in the Amadeus Basin.")
    assert ("Mereenie", "Place", None) in got
    got = found(nlp, "Brazil will meet the Paris Club of Western creditor governments.")
    assert ("Paris Club", "Organization", None) in got


def test_a_headlines_opening_word_is_no_part_of_the_name_the_body_gives():
    import kg

    b = kg.build(["Rampant Bayern dismiss United's slump ahead of the final\nBayern head to a crisis-hit Manchester "
                  "United in a bid to aid their quest. Bayern Munich's record on English soil is far from impressive."])
    got = {e.label: (e.cls, e.aliases) for e in b.entities}
    assert got["Bayern Munich"] == ("Organization", ("Bayern",))
    assert not [label for label in got if "Rampant" in label]


def test_a_lower_case_panel_noun_ends_the_name_the_ner_stopped_short_of(nlp):
    got = found(nlp, "Don Bonker, chairman of the International Economic Policy subcommittee, said so. "
                     "The Ford board met.")
    assert ("International Economic Policy subcommittee", "Organization", None) in got
    assert ("Ford", "Organization", None) in got


def test_founders_and_partners_names_stay_in_a_companys_name_and_money_measures_are_no_names(nlp):
    text = "Hudson's Bay Co said it would sell. Acme Corp's Beta Holdings Inc agreed. Cyclops' Industrial Group rose."
    got = {(t, c) for t, c, _ in found(nlp, text)}
    assert ("Hudson's Bay Co", "Organization") in got and ("Industrial Group", "Organization") in got
    assert {("Acme Corp", "Organization"), ("Beta Holdings Inc", "Organization")} <= got
    assert not found(nlp, "Farmers blame the Common Agricultural Policy for the surplus.")
    assert found(nlp, "The Center for European Policy agreed.") == [
        ("Center for European Policy", "Organization", None)]
    got = {t for t, _, _ in found(nlp, "Cable and Wireless Plc is resisting the merger. Exports and Beta Corp rose.")}
    assert "Cable and Wireless Plc" in got and "Beta Corp" in got
    assert not found(nlp, "The rise in M-1 money supply was 9 pct, and M3 rose 8 pct.")


def test_a_companys_possessive_name_keeps_its_s(nlp):
    got = found(nlp, "Rumors say a rival is acquiring Wendy's International. Today, Wendy's hit a high. "
                     "Wendy's mother agreed.")
    assert ("Wendy's", "Organization", None) in got and ("Wendy's International", "Organization", None) in got
    assert not [t for t, c, _ in found(nlp, "Wendy's mother agreed with Acme Corp.") if "'" in t]
    got = found(nlp, "The Council's Committee of Ministers met. The Council's Secretary General spoke.")
    assert "Council's" not in [t for t, _, _ in got]


def test_a_firms_name_after_a_title_word_a_known_company_after_a_country_and_a_full_stop(nlp):
    got = found(nlp, "The world economy will grow, the Economist Intelligence Unit said.")
    assert got == [("Economist Intelligence Unit", "Organization", None)]
    got = found(nlp, "The venture will be second to U.S. General Electric Co in the field.")
    assert ("General Electric Co", "Organization", "General Electric") in got
    got = found(nlp, "Kestrel Corp sold the unit to Norway's Fjellvik Design A/S. Its shares rose.")
    assert ("Fjellvik Design A/S", "Organization", None) in got
    got = found(nlp, "The stock slipped to 38. Earlier Kestrel Corp's stock was up 4 at 41.")
    assert ("Kestrel Corp", "Organization", None) in got


def test_a_known_companys_name_is_the_surname_of_the_person_the_article_names(nlp):
    got = found(nlp, "Yukio Honda, director of the ministry's electronics division, spoke. "
                     "Exports are shrinking, Honda said.")
    assert [c for t, c, _ in got if t == "Honda"] == ["Person"]
    got = found(nlp, "Honda Motor Co said sales rose. Yukio Honda, a dealer, spoke. Honda said it would expand.")
    assert ("Honda", "Person", None) not in got


def test_an_acronym_the_tables_know_is_the_articles_company_that_starts_with_it(nlp):
    from kg.entities import company_short_forms

    def knowns(text):
        return {(m.text, m.known) for m in company_short_forms(mentions(nlp(text), "t")) if "CBC" in m.text}

    got = knowns("CBC Bancorp Inc said it will be acquired. CBC, which owns Citizens Bank, agreed to merge.")
    assert ("CBC", None) in got and not [k for _, k in got if k]
    assert ("CBC", "Canadian Broadcasting Corporation") in knowns("The CBC said it will broadcast the debate.")


def test_a_plural_acronym_is_no_name(nlp):
    got = found(nlp, "The software runs on IBM PCs, XTs, ATs and compatibles, Kestrel Corp said.")
    assert [t for t, _, _ in got] == ["IBM", "Kestrel Corp"]


def test_a_firm_named_for_its_partners_is_one_organization(nlp):
    got = found(nlp, "Spear, Leeds and Kellogg, a New York brokerage partnership, bought 136,300 shares.")
    assert ("Spear, Leeds and Kellogg", "Organization", None) in got
    got = found(nlp, "The partnership that made the first offer for Comdata was Welsh, Carson, Anderson and Stowe.")
    assert ("Welsh, Carson, Anderson and Stowe", "Organization", None) in got
    assert ("Comdata", "Organization", None) in got
    got = found(nlp, "Reagan, Shultz and Baker met on Monday. "
                     "New York, London and Tokyo, where the bank has offices, rose.")
    assert not [t for t, _, _ in got if "," in t]


def test_a_speaker_the_ner_took_for_a_title_is_a_person(nlp):
    got = found(nlp, '"They are unrelated issues," Shuichi Takemoto of the Foreign Ministry told Reuters.')
    assert ("Shuichi Takemoto", "Person", None) in got


def test_a_programmes_acronym_after_a_comma_is_no_body_when_its_letters_spell_the_name(nlp):
    got = found(nlp, "Sales went under the export enhancement program, EEP. Under EEP, exporters get bonuses.")
    assert "EEP" not in [t for t, _, _ in got]
    got = found(nlp, "Under the new plan, KFN said, costs fall. KFN is a bank.")
    assert "KFN" in [t for t, _, _ in got]


def test_a_policys_bracketed_acronym_is_no_body_anywhere_in_the_article(nlp):
    got = found(nlp, "Farmers blame the Community's common agricultural policy (CAP) for the surplus. "
                     "CAP is the root of all evil, Kestrel Corp said.")
    assert "CAP" not in [t for t, _, _ in got] and ("Kestrel Corp", "Organization", None) in got


def test_a_given_name_joined_by_and_to_a_full_name_shares_its_surname(nlp):
    got = found(nlp, "John and Mary Smith said they would buy the house.")
    assert ("John Smith", "Person", None) in got and ("Mary Smith", "Person", None) in got
    got = found(nlp, "Both Rafael and Patrice Evra will miss the match, the coach said after the league defeat. "
                     "The striker scored in the cup.")
    assert ("Rafael", "Person", None) in got  # a sports report: players go by one name


def test_what_is_bought_is_a_company_and_an_oil_accumulation_a_place(nlp):
    got = found(nlp, "Burlington Industries Inc bought C.H. Masland, which supplies carpets to the auto industry.")
    assert ("C.H. Masland", "Organization", None) in got
    assert ("John Smith", "Person", None) in found(nlp, "John Smith was acquired by the Yankees.")
    got = found(nlp, "Chevron's interest in the Emerald accumulation, discovered in 1978, rose.")
    assert ("Emerald", "Place", None) in got


def test_a_word_of_a_name_the_ner_left_out_before_it_is_the_names(nlp):
    got = found(nlp, "The bank sued Suburban Bancorp. Suburban Bank of Barlett claimed that the directors breached "
                     "their duty. RJR Nabisco Inc's RJ Reynolds Tobacco USA unit sold four brands.")
    assert ("Suburban Bank of Barlett", "Organization", None) in got
    assert ("RJ Reynolds Tobacco USA", "Organization", None) in got
    got = found(nlp, "The unit was sold. Subsidiary Kestrel Holdings Inc said it would appeal.")
    assert [t for t, _, _ in got if "Kestrel" in t] == ["Kestrel Holdings Inc"]


def test_a_capital_named_with_its_country_is_the_city_and_a_persons_home_is_no_part_of_the_name(nlp):
    got = found(nlp, "The trip is likely to be to Caracas, Venezuela, for the inauguration.")
    assert got == [("Caracas", "Place", None), ("Venezuela", "Country", "Venezuela")]
    got = found(nlp, "One message came from Anderson's sister, Peggy Say of Batavia, N.Y.")
    assert ("Peggy Say", "Person", None) in got and ("Batavia", "Place", None) in got


def test_a_title_word_after_a_given_name_is_a_surname(nlp):
    got = found(nlp, "Western Union said John Pope Jr has been elected president. Pope Francis spoke.")
    assert ("John Pope Jr", "Person", None) in got and ("Francis", "Person", None) in got


def test_a_party_has_no_legal_form_and_a_possessive_opens_no_name(nlp):
    got = found(nlp, "SNP Inc, a Portland, Oregon-based company, agreed to the merger.")
    assert ("SNP Inc", "Organization", None) in got
    got = found(nlp, "Hideo Maki, director general of the ministry's Economic Affairs Bureau, quoted Lyng.")
    assert ("Economic Affairs Bureau", "Organization", None) in got
    assert not found(nlp, "Economists said the Gross National Product will show growth.")


def test_a_name_and_a_firms_word_are_one_firm_and_two_legal_forms_two_companies(nlp):
    got = found(nlp, "Kestrel Holdings and Associates said it bought the stake.")
    assert [t for t, _, _ in got] == ["Kestrel Holdings and Associates"]
    got = found(nlp, "said analyst Arvid Jauppi of Arvid Jauppi and Associates in Toronto.")
    assert "Associates" not in [t for t, _, _ in got]
    got = found(nlp, "The stock is held by Texas firms Cypress Partners L.P and Driftwood Ltd, the filing said.")
    assert ("Cypress Partners L.P", "Organization", None) in got and ("Driftwood Ltd", "Organization", None) in got


def test_names_before_a_card_a_drink_or_a_trade_name_are_products(nlp):
    assert ("Visa", "Product", None) in found(nlp, "The bank services 115,000 Visa card holders in Germany.")
    got = found(nlp, "National's spirits brands include Gilbey's gin and vodka. "
                     "Its stores operate under the Pathmark Super Drug trade name.")
    assert ("Gilbey", "Product", None) in got and ("Pathmark Super Drug", "Product", None) in got


def test_a_persons_possessive_before_a_brand_word_that_modifies_another_noun_stays_a_person(nlp):
    got = found(nlp, "Nikita Bogoslovsky is best known for two Mark Bernes's trademark songs from the war.")
    assert ("Mark Bernes", "Person", None) in got


def test_counted_plurals_measures_kinds_of_firm_and_hyphened_pairs_are_no_names(nlp):
    got = found(nlp, "The Islamic Development Bank and 20 Islamic Banks will finance trade.")
    assert [t for t, _, _ in got] == ["Islamic Development Bank"]
    got = found(nlp, "The plant will supply tires to Armstrong Tire Co and to several Sears Centers.")
    assert [t for t, _, _ in got] == ["Armstrong Tire Co"]
    got = found(nlp, "Farm trade is distorted by Monetary Compensatory Amounts, Kestrel Corp said.")
    assert [t for t, _, _ in got] == ["Kestrel Corp"]
    got = found(nlp, "Maxicare Alabama L.P. said it built the Alabama HMO and will develop the HMO further.")
    assert "HMO" not in [t for t, _, _ in got] and "Alabama HMO" not in [t for t, _, _ in got]
    got = found(nlp, "Odilon Cormier runs Cormier Corp. Morris Navon is his partner. "
                     "The Cormier-Navon defendants said they would appeal.")
    assert "Cormier-Navon" not in [t for t, _, _ in got] and ("Morris Navon", "Person", None) in got


def test_a_slash_between_companies_before_venture_is_one_name_and_between_countries_two(nlp):
    got = found(nlp, "Kestrel Corp sold its 50 pct interest in the HBO/Cannon Video joint venture.")
    assert ("HBO/Cannon Video", "Organization", None) in got and "Cannon Video" not in [t for t, _, _ in got]
    got = found(nlp, "The U.S./Japan talks on semiconductors ended on Friday.")
    assert ("U.S.", "Country", "United States") in got and ("Japan", "Country", "Japan") in got


def test_an_articles_own_definition_of_known_letters_wins_and_a_groups_adjective_is_no_name(nlp):
    ms = mentions(nlp("The Islamic Development Bank (IDB) will finance trade among Islamic countries. "
                      "IDB sources said the fund was ready."), "t")
    bank = next(m for m in ms if m.text == "Islamic Development Bank")
    idbs = [m for m in ms if m.text == "IDB"]
    assert len(idbs) == 2 and all(m.known is None and m.refers_to == bank.key for m in idbs)
    assert "Islamic" not in [m.text for m in ms]
    assert ("IDB", "Inter-American Development Bank") in [
        (m.text, m.known) for m in mentions(nlp("IDB said it would lend 40 mln dlrs."), "t")]


def test_firms_and_co_number_led_names_counted_industries_and_brand_lines(nlp):
    got = found(nlp, "It was sold to a subsidiary of the investment firm of Rosenkranz and Co. "
                     "Kestrel Foods Inc said it has acquired 2001 Distributors Inc of West Babylon, N.Y. "
                     "Nearly all U.S. Industries lost share.")
    names = [t for t, _, _ in got]
    assert "Rosenkranz and Co" in names and "2001 Distributors Inc" in names and "U.S. Industries" not in names
    got = found(nlp, "Revlon bought the rights to the Diane von Furstenberg cosmetics and fragrances lines.")
    assert ("Diane von Furstenberg", "Product", None) in got


def test_a_place_the_words_around_make_is_a_cue_that_outvotes_the_names_look(nlp):
    from spacy.tokens import Span

    from kg.resolve import resolve

    for label in ("PERSON", "LOC"):  # as the NER read it in two articles
        doc = nlp("The firm is the owner of the Alice Springs to Darwin gas pipeline.")
        doc.ents = [Span(doc, 7, 9, label=label), Span(doc, 10, 11, label="GPE")]
        ms = mentions(doc, "t")
        alice = next(m for m in ms if m.text == "Alice Springs")
        assert alice.cls == "Place" and alice.cued
        ents, _ = resolve(ms)
        assert ("Alice Springs", "Place") in [(e.label, e.cls) for e in ents]


def test_a_portfolio_after_a_title_and_for_is_no_body_but_a_company_is(nlp):
    got = found(nlp, "Jim Kestrel, Vice President for International Services at Chase Econometrics, said so. "
                     "Richard Loewy, analyst for Prudential-Bache Securities Inc., agreed.")
    names = [t for t, _, _ in got]
    assert "International Services" not in names
    assert "Chase Econometrics" in names and "Prudential-Bache Securities Inc." in names


def test_chip_acronyms_are_products_and_a_trade_programme_or_the_third_world_no_bodies(nlp):
    got = found(nlp, "Japan makes low-end consumer IC's (integrated circuits) and 256K DRAM chips. Imports "
                     "under the Generalized System of Preferences (GSP) rose. Development in the Third World slowed.")
    assert ("IC", "Product", "integrated circuits") in got and ("DRAM chips", "Product", "DRAM chips") in got
    names = [t for t, _, _ in got]
    assert not {"Generalized System of Preferences", "GSP", "Third World"} & set(names)


def test_a_word_opening_a_sentence_whose_plural_the_article_writes_lower_is_no_name(nlp):
    got = found(nlp, "Chemical giant Union Carbide Corp bid for the French chemicals group Duffour et Igon. "
                     "Prices of Brent crude rose.")
    names = [t for t, _, _ in got]
    assert "Chemical" not in names and "Union Carbide Corp" in names
    assert ("Brent crude", "Product", "Brent crude") in got
