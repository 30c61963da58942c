"""kg/rules/ is read through kg.rulefiles: TOML tables, the lines of rules' ids, word lists."""
import tomllib
from importlib import resources

import pytest

from kg import rulefiles
from kg.errors import RuleError


def test_every_rule_file_is_toml_and_ships_in_the_package():
    names = sorted(p.name for p in resources.files("kg").joinpath("rules").iterdir() if p.is_file())
    assert names == ["acquisitions.toml", "descriptors.toml", "modality.toml", "organizations.toml",
                     "people.toml", "relations.toml", "speech.toml", "tariffs.toml"]
    for name in names:
        text = rulefiles.text(name)
        assert text.startswith("# "), f"{name} opens without a comment on its format"
        tomllib.loads(text)


def test_id_lines_finds_each_rule_s_id_line():
    text = '# c\n[[rule]]\nprop = "met"\nid = "a"\n\n[[rule]]\nid = "b"\n[other]\nid = "not a rule"\n[[rule]]\n'
    assert rulefiles.id_lines(text) == [4, 7, 10]  # the last rule has no id: its header's line


def test_a_word_list_is_a_set_read_from_its_file():
    assert rulefiles.word_set("modality.toml", "modals") == {
        "might", "may", "could", "would", "should", "can", "will", "'ll", "must", "shall"}
    assert "Prime Minister" in rulefiles.word_set("people.toml", "heads_of_state")


def test_the_modules_use_the_word_lists_of_the_files():
    from kg import coref, quotations, relations, roles

    assert relations.MODALS == rulefiles.word_set("modality.toml", "modals")
    assert roles.PAST == rulefiles.word_set("people.toml", "title_past")
    assert "boast" in quotations.SPEECH_VERBS and "first lady" in coref.FEMALE_CUES


def test_a_missing_word_list_fails_naming_the_file_and_key():
    with pytest.raises(RuleError, match=r"^kg/rules/people\.toml: 'no_such_list' must be a list of words$"):
        rulefiles.word_set("people.toml", "no_such_list")
