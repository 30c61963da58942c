"""organization_countries(): the home country of the national bodies of organizations.jsonl and of the
agencies, media, companies and clubs of companies.jsonl, each a country of countries.jsonl."""
import shutil
from pathlib import Path

import pytest

from kg import data
from kg.errors import RuleError


def test_companies_media_and_clubs_carry_their_country():
    seats = data.organization_countries()
    assert seats["BBC"] == "United Kingdom"
    assert seats["Bayern Munich"] == "Germany"
    assert seats["Xinhua"] == "China"
    assert seats["Toyota"] == "Japan"
    assert seats["Securities and Exchange Commission"] == "United States"  # organizations.jsonl still counts
    assert "Airbus" not in seats  # a multinational without one seat


def test_every_country_named_is_a_country_of_the_table():
    assert set(data.organization_countries().values()) <= {c.name for c in data.countries()}


@pytest.fixture
def bad_companies(tmp_path, monkeypatch):
    """A copy of kg/data whose companies.jsonl places a company in a country the table lacks."""
    copy = tmp_path / "kg"
    shutil.copytree(Path(data.__file__).parent / "data", copy / "data")
    with (copy / "data" / "companies.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"name": "Acme Widgets", "aliases": [], "kind": "company", "country": "Atlantis"}\n')
    monkeypatch.setattr(data.resources, "files", lambda name: copy)
    data.organization_countries.cache_clear()
    yield
    data.organization_countries.cache_clear()


def test_a_country_not_in_the_table_fails_naming_the_file_and_row(bad_companies):
    with pytest.raises(RuleError, match=r"^kg/data/companies\.jsonl: 'Acme Widgets' names 'Atlantis', "
                                        r"not a country of countries\.jsonl$"):
        data.organization_countries()
