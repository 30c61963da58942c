"""kg.model holds the records every stage passes on, and the stages use those very classes."""
import dataclasses
import pickle

import pytest

from kg import model
from kg.model import Article, Entity, EventRecord, Fact, Mention, ResolvedEvent, ResolvedFact

RECORDS = (Article, Mention, Fact, EventRecord, Entity)


def test_the_records_are_frozen_dataclasses_that_pickle():
    m = Mention("a", 0, 3, "Ann", "Person")
    samples = [Article(id="a", text="Ann spoke."), m,
               Fact(subject=m, prop="jobTitle", article="a", sentence="Ann spoke.", start=0, end=3, rule="r",
                    confidence=0.5, value="CEO"),
               EventRecord(kind="Meeting", article="a", sentence="s", start=0, end=3, rule="r", confidence=0.5,
                           roles=(("participant", m),)),
               Entity(key=("Person", "ann"), cls="Person", label="Ann", aliases=(), articles=("a",))]
    assert [type(s) for s in samples] == list(RECORDS)
    for s in samples:
        assert dataclasses.is_dataclass(s)
        with pytest.raises(dataclasses.FrozenInstanceError):
            s.article = "b"  # type: ignore[misc]
        assert pickle.loads(pickle.dumps(s)) == s
    assert m.key == ("a", 0, 3) and m.target == m.key


def test_the_stages_and_the_api_use_the_models_classes():
    import kg
    from kg import cache, graph, pipeline

    assert kg.Article is model.Article
    assert set(cache._kinds()) == {"Mention", "Fact", "EventRecord", "Extraction"}
    assert all(cache._kinds()[t.__name__] is t for t in (Mention, Fact, EventRecord))
    assert graph.Entity is model.Entity and pipeline.Extraction.__dataclass_fields__["facts"].type == "list[Fact]"
    for cls in (*RECORDS, ResolvedFact, ResolvedEvent):
        assert cls.__module__ == "kg.model"
