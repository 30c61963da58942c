"""kg/rules/ is read through kg.rulefiles: TOML tables, the lines of rules' ids, word lists."""
from importlib import resources

import pytest
import tomllib

from kg import rulefiles
from kg.errors import RuleError


def test_every_rule_file_is_toml_and_ships_in_the_package():
    names = sorted(p.name for p in resources.files("kg").joinpath("rules").iterdir() if p.is_file())
    assert names == ["acquisitions.toml", "descriptors.toml", "entities.toml", "modality.toml", "organizations.toml",
                     "people.toml", "places.toml", "relations.toml", "speech.toml", "sports.toml", "tariffs.toml"]
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


def test_a_word_list_read_as_a_tuple_keeps_the_file_s_order():
    endings = rulefiles.word_tuple("organizations.toml", "german_org_endings")
    assert endings[:3] == ("zeitung", "blatt", "rundfunk") and "Handelsblatt".lower().endswith(endings)
    assert rulefiles.words("sports.toml", "losing_verbs") == ["lose", "fall"]


def test_the_modules_use_the_word_lists_of_the_files():
    from kg import coref, entities, nlp, quotations, relations, resolve, roles

    assert relations.MODALS == rulefiles.word_set("modality.toml", "modals")
    assert roles.PAST == rulefiles.word_set("people.toml", "title_past")
    assert "boast" in quotations.SPEECH_VERBS and "first lady" in coref.FEMALE_CUES
    assert "bundesliga" in entities.SPORT_WORDS and "old town" in entities.CITY_PARTS
    assert resolve.GERMAN_ORG_ENDINGS == rulefiles.word_tuple("organizations.toml", "german_org_endings")
    assert nlp.CORPORATE_WORDS == nlp.CORPORATE | {"group", "holdings", "industries", "cos"}
    assert {"von", "bin"} <= nlp.PARTICLES and nlp.GENERATIONAL == {"Jr", "Sr"}


def test_every_word_list_is_a_list_of_words():
    for p in resources.files("kg").joinpath("rules").iterdir():
        for key, value in rulefiles.table(p.name).items():
            if isinstance(value, list) and value and not isinstance(value[0], dict):
                assert rulefiles.words(p.name, key), (p.name, key)


def test_a_missing_word_list_fails_naming_the_file_and_key():
    with pytest.raises(RuleError, match=r"^kg/rules/people\.toml: 'no_such_list' must be a list of words$"):
        rulefiles.word_set("people.toml", "no_such_list")
