"""kg as a spaCy pipeline component: `nlp.add_pipe("kg")`.

After the pipeline's NER, the component runs kg's extraction on each doc and keeps
- its mentions in `doc.spans["kg"]`, labelled by class (Person, Organization, Country, Place,
  Product, Agreement), so `displacy.render(doc, style="span", options={"spans_key": "kg"})`
  shows them;
- its facts in `doc._.kg_facts`, plain tuples `(subject, property, object, rule, confidence)`
  (the object is an entity's text or a literal's value), which survive `nlp.pipe(n_process=2)`.

The factory is registered through the `spacy_factories` entry point, so an installed kg needs no
import. kg's own rulers and name components (kg.nlp.load) find more names than a bare model;
the component works on either. Resolution across documents is kg.build's work, not the
component's.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

SPANS_KEY = "kg"

if not Doc.has_extension("kg_facts"):
    Doc.set_extension("kg_facts", default=())


class KGComponent:
    """Extract kg's mentions and facts from each doc (rules only: the learned extractor stays
    with kg.build unless `learned` is set)."""

    def __init__(self, learned: bool = False):
        self.learned = learned

    def __call__(self, doc: Doc) -> Doc:
        from .model import Article
        from .pipeline import extract

        got = extract(doc, Article(id="doc", text=doc.text), rules_only=not self.learned)
        spans: dict[tuple[int, int, str], Span] = {}
        for m in sorted(got.mentions, key=lambda m: (m.start, m.end)):
            span = doc.char_span(m.start, m.end, label=m.cls or "Entity", alignment_mode="expand")
            if span is not None and not m.pronoun:
                spans.setdefault((span.start, span.end, span.label_), span)
        doc.spans[SPANS_KEY] = list(spans.values())
        doc._.kg_facts = tuple(
            (f.subject.text, f.prop, f.obj.text if f.obj is not None else str(f.value), f.rule, f.confidence)
            for f in got.facts)
        return doc


@Language.factory("kg", default_config={"learned": False})
def make_kg(nlp: Language, name: str, learned: bool) -> KGComponent:
    return KGComponent(learned)


# The components of kg's own pipeline (kg.nlp.load), by name, so that a saved pipeline
# (nlp.to_disk) loads again with spacy.load wherever kg is installed.

def _function(attr: str):
    """The factory of one of kg.nlp's function components."""
    def make(nlp: Language, name: str):
        from . import nlp as kg_nlp
        return getattr(kg_nlp, attr)
    return make


make_paragraphs = Language.factory("kg_paragraphs", func=_function("paragraph_breaks"))
make_nominal_titles = Language.factory("kg_nominal_titles", func=_function("nominal_titles"))
make_name_particles = Language.factory("kg_name_particles", func=_function("name_particles"))
make_company_names = Language.factory("kg_company_names", func=_function("company_names"))
make_wire_names = Language.factory("kg_wire_names", func=_function("wire_names"))
make_source_lines = Language.factory("kg_source_lines", func=_function("outlet_cities"))


@Language.factory("kg_indexed_attribute_ruler")
def make_indexed_attribute_ruler(nlp: Language, name: str):
    from .speedups import IndexedAttributeRuler
    return IndexedAttributeRuler(nlp.vocab)


@Language.factory("kg_table_lemmatizer")
def make_table_lemmatizer(nlp: Language, name: str):
    from .speedups import TableLemmatizer
    return TableLemmatizer(nlp.vocab)
