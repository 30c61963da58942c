"""Every SPARQL example of README.md runs on the seed graph and returns rows."""
import re

import pytest

from kg.query import run

from .conftest import ROOT

pytestmark = pytest.mark.model

QUERIES = re.findall(r"```sparql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def test_readme_has_three_queries():
    assert len(QUERIES) >= 3


@pytest.mark.parametrize("query", QUERIES)
def test_readme_query_returns_rows(seed_build, query):
    rows = list(run(seed_build.graph, query))
    assert rows, query
