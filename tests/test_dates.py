"""Date phrases against extreme publication dates: no date past 9999 or before year 1 is
made, and none raises (issue 12, item 10)."""
import pytest

from kg import dates


@pytest.mark.parametrize("published, text, expected", [
    ("9999-12-31", "yesterday", ("9999-12-30", "date")),
    ("9999-12-31", "tomorrow", None),
    ("9999-12-31", "May 12", ("9999-05-12", "date")),
    ("9999-12-31", "January 1", ("9999-01-01", "date")),
    ("0001-01-01", "yesterday", None),
    ("0001-01-01", "Tuesday", None),
    ("0001-01-01", "December 31", ("0001-12-31", "date")),
    ("0001-01-01", "tomorrow", ("0001-01-02", "date")),
])
def test_extreme_publication_dates(published, text, expected):
    assert dates.parse(text, published) == expected
