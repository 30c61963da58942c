"""The namespace object and the ontology agree, and the ontology documents every term."""
import pytest
from rdflib import OWL, RDF, RDFS, Graph

from kg.validate import ontology_dir
from kg.vocab import KG


def _onto() -> Graph:
    return Graph().parse(ontology_dir() / "kg.ttl", format="turtle")


def _terms(g: Graph) -> set[str]:
    ns = str(KG._NS)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {str(s)[len(ns):] for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(ns)}


def test_namespace_lists_exactly_the_ontology_terms():
    assert _terms(_onto()) == set(KG.__annotations__)


def test_misspelt_term_fails():
    with pytest.raises(AttributeError):
        KG.workFor  # noqa: B018


def test_every_term_has_comment_and_properties_domain_and_range():
    g = _onto()
    for name in KG.__annotations__:
        term = KG[name]
        assert g.value(term, RDFS.comment), name
        if (term, RDF.type, OWL.Class) not in g:
            assert g.value(term, RDFS.domain) is not None, name
            assert g.value(term, RDFS.range) is not None, name


def test_contract_hierarchy():
    g = _onto()
    assert (KG.leaderOf, RDFS.subPropertyOf, KG.worksFor) in g
    assert (KG.met, RDF.type, OWL.SymmetricProperty) in g
    assert (KG.spokeWith, RDF.type, OWL.SymmetricProperty) in g
    assert (KG.Country, RDFS.subClassOf, KG.Place) in g


def test_aligned_with_public_vocabularies():
    g = _onto()
    text = {str(o) for p in (RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, OWL.inverseOf)
            for o in g.objects(None, p)}
    for ns in ("https://schema.org/", "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/prov#"):
        assert any(t.startswith(ns) for t in text), ns


def test_relation_signatures_fit_the_ontologys_domains_and_ranges():
    import rdflib
    from rdflib.namespace import RDFS

    from kg.vocab import ENTITY_CLASSES, SIGNATURES

    g = rdflib.Graph().parse(ontology_dir() / "kg.ttl")
    ns = rdflib.Namespace(KG._NS)

    def within(cls: str, top: rdflib.URIRef) -> bool:
        return top in set(g.transitive_objects(ns[cls], RDFS.subClassOf))

    assert set(SIGNATURES) == {p for p in SIGNATURES if (ns[p], None, None) in g}
    for prop, (subjects, objects) in SIGNATURES.items():
        domain, range_ = g.value(ns[prop], RDFS.domain), g.value(ns[prop], RDFS.range)
        assert all(within(c, domain) for c in subjects), prop
        assert all(within(c, range_) for c in objects), prop
        assert set(subjects) | set(objects) <= set(ENTITY_CLASSES)


def _below(g: Graph, top) -> set[str]:
    """The local names of kg's classes under top (rdfs:subClassOf, transitively), top left out."""
    ns = str(KG._NS)
    return {str(c)[len(ns):] for c in g.transitive_subjects(RDFS.subClassOf, top) if c != top and str(c).startswith(ns)}


def test_the_vocabulary_lists_are_the_ontologys():
    from kg.vocab import ATTRIBUTES, ENTITY_CLASSES, EVENT_CLASSES, RELATIONS, SIGNATURES, SYMMETRIC

    g = _onto()
    ns = str(KG._NS)
    for names in (ENTITY_CLASSES, EVENT_CLASSES, RELATIONS, ATTRIBUTES, SYMMETRIC):
        assert len(set(names)) == len(names)
    assert set(ENTITY_CLASSES) == _below(g, KG.Entity)
    assert set(EVENT_CLASSES) == _below(g, KG.Event)
    entity_classes = {KG.Entity} | {KG[c] for c in ENTITY_CLASSES}

    def props(kind, ranges) -> set[str]:
        return {str(p)[len(ns):] for p in g.subjects(RDF.type, kind)
                if g.value(p, RDFS.domain) in entity_classes and (ranges is None or g.value(p, RDFS.range) in ranges)}

    # relations join two entities; attributes give an entity a literal (kg:date also dates events)
    assert set(RELATIONS) == props(OWL.ObjectProperty, entity_classes) == set(SIGNATURES)
    assert set(ATTRIBUTES) - {"date"} == props(OWL.DatatypeProperty, None)
    assert (KG.date, RDF.type, OWL.DatatypeProperty) in g
    assert set(SYMMETRIC) == {str(p)[len(ns):] for p in g.subjects(RDF.type, OWL.SymmetricProperty)}


def test_no_module_keeps_its_own_copy_of_a_vocabulary_list():
    import kg.evaluate
    import kg.exporters.html
    import kg.exporters.networks
    import kg.exporters.nodes
    from kg import vocab

    for module in (kg.evaluate, kg.exporters.html, kg.exporters.networks, kg.exporters.nodes):
        for name in ("ENTITY_CLASSES", "EVENT_CLASSES", "RELATIONS", "ATTRIBUTES", "SYMMETRIC"):
            assert getattr(module, name, getattr(vocab, name)) is getattr(vocab, name), (module.__name__, name)
        assert not hasattr(module, "CLASSES"), module.__name__
