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


@settings(max_examples=int(os.environ.get("KG_HYPOTHESIS_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
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
