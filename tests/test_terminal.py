"""Names and data never reach the terminal raw: escape sequences and newlines in file names,
article text and graph data are escaped, one message stays one line (issue 12, item 9)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.terminal import printable

EVIL = "x\x1b]0;owned\x07\x1b[2J\r\nkg: 0 articles, all is well\u202e\x9b"


def test_printable_escapes_controls_and_keeps_text():
    assert printable("Zoë\tsaid “hi” 日本") == "Zoë\\tsaid “hi” 日本"
    assert printable(EVIL) == "x\\x1b]0;owned\\x07\\x1b[2J\\r\\nkg: 0 articles, all is well\\u202e\\x9b"
    assert printable("a\nb\tc\x1b", lines=True) == "a\nb\tc\\x1b"


def clean(output: str) -> None:
    assert not any(ch in output for ch in "\x1b\x07\r\x9b\u202e")
    assert not any(line.startswith("kg: 0 articles, all is well") for line in output.splitlines())


@pytest.mark.model
def test_a_file_name_cannot_drive_the_terminal_or_forge_a_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Chancellor Olaf Scholz visited Paris on Monday.")
    (folder / f"{EVIL}.txt").write_text("")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code == 1
    clean(result.output)
    assert f"kg: skipped {folder}/{printable(EVIL)}.txt: file is empty" in result.output.splitlines()


@pytest.mark.model
def test_a_duplicate_id_with_escapes_is_one_line(tmp_path):
    import json

    folder = tmp_path / "in"
    folder.mkdir()
    line = json.dumps({"id": EVIL, "text": "Chancellor Olaf Scholz visited Paris on Monday."})
    (folder / "feed.jsonl").write_text(f"{line}\n{line}\n")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code == 1
    clean(result.output)


def test_query_table_escapes_data(tmp_path):
    from rdflib import Graph, Literal, URIRef

    g = Graph()
    g.add((URIRef("urn:a"), URIRef("urn:label"), Literal(EVIL)))
    g.serialize(tmp_path / "g.nt", format="nt")
    result = CliRunner().invoke(main, ["query", str(tmp_path / "g.nt"), "SELECT ?o WHERE { ?s ?p ?o }"])
    assert result.exit_code == 0
    clean(result.output)
    assert printable(EVIL) in result.output


def test_an_error_naming_a_file_is_one_line(tmp_path):
    path = tmp_path / f"{EVIL}.ttl"
    path.write_text("this is not turtle")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    clean(result.output)
    assert len(result.output.strip().splitlines()) == 1
