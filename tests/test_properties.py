"""Property-based: whatever text an article holds, the build does not raise and every output
parses in an independent parser (pyoxigraph) with the same number of triples."""
import os

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.exporters import export
from kg.pipeline import build

pytestmark = pytest.mark.model

NAMES = ["Chancellor Olaf Scholz", "President Emmanuel Macron", "Acme Corp.", "the U.S.", "Beijing",
         "rare earths", "Dr. <script>alert(1)</script>", 'O"Brien', "José Ñúñez", "Ünïcödé Ltd", "北京", "X"]
ODD = st.text(alphabet=st.characters(blacklist_categories=("Cs",), min_codepoint=1), max_size=40)
PIECE = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from([" met ", " said, “", "”", ' "', '" ', " (", ") ", " [", "] ", " «", "» ", ".\n\n", ", ",
                     " accused ", " cut tariffs on Chinese goods to 10% from 25%", " on May 12", "'", "\\", "\t"]),
    ODD,
    st.text(alphabet="abcdefghij", min_size=200, max_size=400),  # a very long token
    st.sampled_from(["\x07", "\x1b[31m", "\u200b", "\u202e", "\ufeff", "\u2028", "\r", "\x0b"]),
)
ARTICLE = st.lists(PIECE, min_size=1, max_size=25).map("".join)


@pytest.fixture(scope="module")
def shared(nlp):
    return nlp


@settings(max_examples=int(os.environ.get("KG_HYPOTHESIS_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=ARTICLE)
def test_any_article_builds_and_its_turtle_parses_elsewhere(shared, tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("prop")
    (folder / "a.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
    result = build([str(folder)], pipeline=shared)  # must not raise
    out = folder / "g.ttl"
    export(result.graph, out)
    parsed = list(pyoxigraph.parse(path=str(out), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(parsed) == len(result.graph)
    export(result.graph, folder / "g.html")
    assert (folder / "g.html").stat().st_size > 0


# --- the generators of issue 12: surrogates, control characters, runs of one character, extreme dates ---

SURROGATE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
CONTROL = st.characters(codec=None, categories=("Cc", "Cf", "Zl", "Zp"))
RUN = st.builds(lambda ch, n: ch * n, st.sampled_from(list("[(-.'\"!*_#x ")), st.integers(min_value=20, max_value=3000))
EXTREME_DATE = st.one_of(st.dates(), st.sampled_from(["0001-01-01", "9999-12-31"]).map(
    lambda d: __import__("datetime").date.fromisoformat(d)))
HOSTILE = st.one_of(PIECE, SURROGATE, CONTROL, RUN,
                    st.sampled_from([" yesterday", " tomorrow", " on Tuesday", " on December 31", " in January"]))
RECORD = st.fixed_dictionaries({
    "id": st.text(alphabet=st.one_of(st.characters(min_codepoint=32, max_codepoint=126), CONTROL, SURROGATE),
                  min_size=1, max_size=12),
    "title": st.lists(HOSTILE, max_size=4).map("".join),
    "text": st.lists(HOSTILE, min_size=1, max_size=25).map("".join),
    "date": EXTREME_DATE.map(lambda d: d.isoformat()),
})


@settings(max_examples=int(os.environ.get("KG_HYPOTHESIS_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(records=st.lists(RECORD, min_size=1, max_size=3))
def test_any_jsonl_record_builds_and_every_output_is_valid(shared, tmp_path_factory, records):
    import json
    import re
    import xml.etree.ElementTree as ET

    folder = tmp_path_factory.mktemp("prop12")
    # ensure_ascii writes a lone surrogate as "\ud800", which JSON allows and Python reads back
    (folder / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="ascii")
    result = build([str(folder)], pipeline=shared)  # must not raise; a bad record is skipped
    outs = {s: folder / f"g.{s}" for s in ("ttl", "nt", "trig", "graphml", "gexf")}
    for out in outs.values():
        export(result, out)
        data = out.read_text(encoding="utf-8")  # valid UTF-8: no surrogate got through
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u202e]", data), out.name
    parsed = list(pyoxigraph.parse(path=str(outs["ttl"]), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(parsed) == len(result.graph)
    for name in ("graphml", "gexf"):
        ET.parse(outs[name])
