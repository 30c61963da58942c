"""Countries in blocs, on hand-made Docs and mentions: fast, and independent of the model."""
import spacy

from kg import blocs, data
from kg.model import Mention

NLP = spacy.blank("en")
NLP.add_pipe("sentencizer")


def read(text, names):
    """The Doc of `text` and a mention for each (surface form, class, known name) in `names`."""
    doc = NLP(text)
    sent_of = {t.idx: n for n, s in enumerate(doc.sents) for t in s}
    out, at = [], 0
    for form, cls, known in names:
        start = text.index(form, at)
        at = start + len(form)
        out.append(Mention(article="a", start=start, end=at, text=form, cls=cls, known=known,
                           sent=sent_of[start]))
    return doc, out


def stated(facts):
    return sorted((f.subject.known, f.obj.known, f.rule, f.sentence) for f in facts)


def test_a_member_named_with_its_bloc_in_one_sentence_is_a_member_and_a_stranger_is_not():
    doc, ms = read("Malaysia and Japan told ASEAN they would cut tariffs.",
                   [("Malaysia", "Country", "Malaysia"), ("Japan", "Country", "Japan"),
                    ("ASEAN", "Organization", "ASEAN")])
    assert stated(blocs.facts(doc, ms)) == [
        ("Malaysia", "ASEAN", "bloc.sentence", "Malaysia and Japan told ASEAN they would cut tariffs.")]


def test_membership_holds_only_in_its_years():
    text = "Britain said the EC and the European Union should act."
    names = [("Britain", "Country", "United Kingdom"), ("EC", "Organization", "European Community"),
             ("European Union", "Organization", "European Union")]
    doc, ms = read(text, names)
    assert [f.obj.known for f in blocs.facts(doc, ms, "1987-03-02")] == ["European Community"]
    assert [f.obj.known for f in blocs.facts(doc, ms, "2021-05-01")] == []  # left in 2020
    assert sorted(f.obj.known for f in blocs.facts(doc, ms)) == ["European Community", "European Union"]


def test_a_bloc_named_elsewhere_in_the_article_gives_the_countrys_sentence_as_evidence():
    doc, ms = read("Spain cut its duties on cars. The EC welcomed the move. Later Spain and the EC met.",
                   [("Spain", "Country", "Spain"), ("EC", "Organization", "European Community"),
                    ("Spain", "Country", "Spain"), ("EC", "Organization", "European Community")])
    assert stated(blocs.facts(doc, ms, "1987-01-01")) == [
        ("Spain", "European Community", "bloc.sentence", "Later Spain and the EC met.")]
    doc, ms = read("Spain cut its duties on cars. The EC welcomed the move.",
                   [("Spain", "Country", "Spain"), ("EC", "Organization", "European Community")])
    assert stated(blocs.facts(doc, ms, "1987-01-01")) == [
        ("Spain", "European Community", "bloc.article", "Spain cut its duties on cars.")]


def test_every_bloc_and_member_of_the_table_is_a_known_organization_and_country():
    table = data.memberships()
    known = {name for name, _ in data.organizations()}
    assert table and set(table) <= known
    assert all(country in data.country_names() for members in table.values() for country in members)
    assert table["OPEC"]["Ecuador"] == ((1973, 1993), (2007, 2020))
