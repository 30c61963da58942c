"""Every bad-input case of README's table: the exact one-line message and the exit status.

Each case is built in a folder beside one good article, so each test also proves that the
good article still makes it into the graph and that no traceback is printed.
"""
import os

import pytest
from click.testing import CliRunner

from kg.cli import main

pytestmark = pytest.mark.model

GOOD = "Chancellor Olaf Scholz visited Paris on Monday."


def make(tmp_path, name, content):
    path = tmp_path / "in" / name
    path.parent.mkdir(exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def build(tmp_path, *args):
    (tmp_path / "in").mkdir(exist_ok=True)
    (tmp_path / "in" / "good.txt").write_text(GOOD)
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(main, ["build", *map(str, args), "-o", str(out)], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result, out


CASES = [
    # (file name, content, message after "kg: skipped PATH")
    ("empty.txt", "", ": file is empty"),
    ("blank.md", "\n \n", ": file is empty"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ": binary file, not text"),
    ("feed.jsonl", '{"id": "a", "text": "Ann Lee spoke."}\n{"id": "b"}\n', ":2: record has no text"),
    ("broken.jsonl", '{"id": "a", "text": "x"\n', ":1: malformed JSON (Expecting ',' delimiter)"),
    ("list.jsonl", '["not", "an", "object"]\n', ":1: a JSONL line must be an object with id and text"),
    ("scripts.html", "<html><script>alert(1)</script><style>p{}</style><nav>Home</nav></html>",
     ": no article text after removing boilerplate"),
    ("cut.html", "<html><head><title></title></head><body><div><p", ": no article text after removing boilerplate"),
    ("notes.pdf", "%PDF-1.4", ": unknown suffix '.pdf'; expected one of .txt, .md, .markdown, .html, .htm, .jsonl"),
]


@pytest.mark.parametrize("name, content, message", CASES)
def test_bad_file_in_a_folder_is_skipped_with_one_line(tmp_path, name, content, message):
    path = make(tmp_path, name, content)
    result, out = build(tmp_path, tmp_path / "in")
    assert result.exit_code == 1
    assert f"kg: skipped {path}{message}" in result.output.splitlines()
    assert "Olaf Scholz" in out.read_text()


def test_missing_path(tmp_path):
    result, out = build(tmp_path, tmp_path / "in", tmp_path / "nowhere.txt")
    assert result.exit_code == 1
    assert f"kg: skipped {tmp_path / 'nowhere.txt'}: no such file or directory" in result.output.splitlines()
    assert "Olaf Scholz" in out.read_text()


def test_unreadable_file(tmp_path):
    # /proc/self/mem cannot be read whole by anyone, root included
    link = tmp_path / "in" / "locked.txt"
    link.parent.mkdir()
    os.symlink("/proc/self/mem", link)
    result, out = build(tmp_path, tmp_path / "in")
    assert result.exit_code == 1
    assert f"kg: skipped {link}: cannot read: Input/output error" in result.output.splitlines()


def test_file_over_the_size_cap(tmp_path):
    big = make(tmp_path, "big.txt", "Word. " * 400)
    result, out = build(tmp_path, tmp_path / "in", "--max-size", "0.001")
    assert result.exit_code == 1
    assert f"kg: skipped {big}: file is 2,400 bytes, over the size cap of 1,000 (--max-size)" in result.output


def test_non_utf8_file_is_read_with_a_warning_not_skipped(tmp_path):
    latin = make(tmp_path, "latin.txt", "Chancellor Angela Merkel visited Zürich and Köln.".encode("cp1252"))
    result, out = build(tmp_path, tmp_path / "in")
    assert result.exit_code == 0, result.output
    assert any(line.startswith(f"kg: {latin}: not UTF-8; read as") for line in result.output.splitlines())
    assert "Zürich" in out.read_text(encoding="utf-8")


def test_duplicate_article_id(tmp_path):
    dup = make(tmp_path, "feed.jsonl", '{"id": "good", "text": "Another story."}\n')
    result, out = build(tmp_path, tmp_path / "in")
    assert result.exit_code == 1
    # files are read in sorted order: feed.jsonl first, so good.txt is the duplicate
    good = tmp_path / "in" / "good.txt"
    assert f"kg: skipped {good}: article id 'good' already used by {dup}:1" in result.output.splitlines()


def test_strict_stops_at_the_first_bad_file_and_writes_nothing(tmp_path):
    empty = make(tmp_path, "a-empty.txt", "")
    result, out = build(tmp_path, tmp_path / "in", "--strict")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == f"Error: {empty}: file is empty"
    assert not out.exists()


def test_usage_errors_exit_2(tmp_path):
    result, _ = build(tmp_path, tmp_path / "in", "--date", "06/06/2025")
    assert result.exit_code == 2 and "'06/06/2025' is not an ISO date (YYYY-MM-DD)" in result.output
    result = CliRunner().invoke(main, ["build", str(tmp_path)])
    assert result.exit_code == 2 and "give at least one -o OUTPUT, --html or --store" in result.output


# --- one article never costs the run (issue 12, item 10) ------------------------------------------

def test_an_article_over_the_length_limit_is_skipped_beside_a_good_one(tmp_path):
    big = make(tmp_path, "big.txt", "The talks went on. " * 63_158)  # 1.2 M characters
    result, out = build(tmp_path, tmp_path / "in")
    assert result.exit_code == 1
    assert (f"kg: skipped {big}: article is 1,200,001 characters, over the limit of 1,000,000; "
            f"split it into smaller articles") in result.output.splitlines()
    assert "Olaf Scholz" in out.read_text()


@pytest.mark.parametrize("record", [
    {"id": "word", "text": "x" * 1_100_000},
    {"id": "title", "title": "T" * 1_100_000, "text": "Ann Lee spoke."},
])
def test_a_huge_word_or_title_is_skipped(tmp_path, record):
    import json

    feed = make(tmp_path, "feed.jsonl", json.dumps(record) + "\n")
    result, out = build(tmp_path, tmp_path / "in")
    assert result.exit_code == 1
    assert any(line.startswith(f"kg: skipped {feed}:1: article is ") for line in result.output.splitlines())
    assert "Olaf Scholz" in out.read_text()


def test_a_lone_surrogate_is_replaced_not_fatal(tmp_path):
    make(tmp_path, "feed.jsonl", '{"id": "s\\ud800", "title": "Bad \\udfff title", '
                                 '"text": "Prime Minister Keir Starmer met \\ud800 Emmanuel Macron in London."}\n')
    result, out = build(tmp_path, tmp_path / "in")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Olaf Scholz" in text and "Keir Starmer" in text and "\ufffd" in text


@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01"])
def test_extreme_dates_with_relative_days(tmp_path, published):
    make(tmp_path, "edge.md", f"---\ndate: {published}\n---\n# Talks\n\nOn Tuesday, Chancellor Olaf Scholz said "
                              "that tomorrow he would meet President Emmanuel Macron, as he did yesterday "
                              "and on May 12 and December 31.\n")
    result, out = build(tmp_path, tmp_path / "in")
    assert result.exit_code == 0, result.output
    assert "Emmanuel Macron" in out.read_text()


def test_extreme_dates_with_two_processes_do_not_hang(tmp_path):
    import subprocess
    import sys

    make(tmp_path, "edge.md", "---\ndate: 9999-12-31\n---\n# Talks\n\nChancellor Olaf Scholz met President "
                              "Emmanuel Macron tomorrow and on May 12.\n")
    (tmp_path / "in" / "good.txt").write_text(GOOD)
    out = tmp_path / "g.ttl"
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp_path / "in"), "-j", "2", "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Emmanuel Macron" in out.read_text()


def test_an_extraction_bug_costs_only_its_article(tmp_path, monkeypatch):
    import kg.pipeline

    real = kg.pipeline.relations.extract

    def broken(doc, found, **kwargs):
        if "Macron" in doc.text:
            raise ZeroDivisionError("division by zero")
        return real(doc, found, **kwargs)

    monkeypatch.setattr(kg.pipeline.relations, "extract", broken)
    bad = make(tmp_path, "bad.txt", "President Emmanuel Macron visited Berlin.")
    result, out = build(tmp_path, tmp_path / "in")
    assert result.exit_code == 1
    assert (f"kg: skipped {bad}: extraction failed (ZeroDivisionError: division by zero); "
            f"this is a bug in kg, please report it") in result.output.splitlines()
    assert "Olaf Scholz" in out.read_text()


def test_runs_of_one_character_are_parsed_in_linear_time(tmp_path):
    """40,000 "[" took spaCy 134 s, and a 150 KB Markdown file of them did not finish (issue 12, item 11)."""
    import time

    make(tmp_path, "brackets.txt", "Ann Lee met Bo Chan in Paris. " + "[" * 40_000 + "\n\nThey spoke.")
    make(tmp_path, "links.md", "# Links\n\nSee [the report](http://x/y) now.\n\n" + "[" * 100_000 + "\n"
                               + "[x](" * 12_000 + "\n" + "(" * 20_000 + "\n")
    started = time.perf_counter()
    result, out = build(tmp_path, tmp_path / "in")
    assert time.perf_counter() - started < 60
    assert result.exit_code == 0, result.output
    assert "Olaf Scholz" in out.read_text()


def test_a_markdown_link_keeps_its_words(tmp_path):
    from kg.ingest import read_md

    path = tmp_path / "a.md"
    path.write_text('# T\n\nSee [the report](http://x/y "title") and ![a photo](p.png) here.\n')
    (article,) = read_md(path)
    assert article.text.split() == ["T", "See", "the", "report", "and", "here."]


# --- nothing skipped wrongly, nothing lost in silence (issue 12, item 12) ----------------------------

def test_an_unreadable_folder_is_reported(tmp_path, monkeypatch):
    import os as real_os

    locked = tmp_path / "in" / "locked"
    locked.mkdir(parents=True)
    (locked / "story.txt").write_text(GOOD.replace("Paris", "Rome"))
    scandir = real_os.scandir

    def refuse(path="."):
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(real_os, "scandir", refuse)
    result, out = build(tmp_path, tmp_path / "in")
    assert result.exit_code == 1
    assert f"kg: skipped {locked}: cannot read folder: Permission denied" in result.output.splitlines()
    assert "Olaf Scholz" in out.read_text()


def test_dangling_links_and_link_loops_are_reported(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.symlink("nowhere.txt", folder / "dangling.txt")
    os.symlink(".", folder / "loop")
    os.symlink("b.txt", folder / "a.txt")
    os.symlink("a.txt", folder / "b.txt")
    result, out = build(tmp_path, folder, tmp_path / "gone.txt")
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert f"kg: skipped {folder / 'dangling.txt'}: dangling symbolic link" in lines
    assert f"kg: skipped {folder / 'loop'}: symbolic link loop: folder already read as {folder}" in lines
    assert f"kg: skipped {folder / 'a.txt'}: symbolic link loop" in lines
    assert f"kg: skipped {tmp_path / 'gone.txt'}: no such file or directory" in lines
    assert "Olaf Scholz" in out.read_text()


def test_a_linked_folder_is_read(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "rome.txt").write_text("Prime Minister Giorgia Meloni visited Rome on Monday.")
    (tmp_path / "in").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "in" / "linked")
    result, out = build(tmp_path, tmp_path / "in")
    assert result.exit_code == 0, result.output
    assert "Giorgia Meloni" in out.read_text()


def test_a_fifo_named_on_the_command_line_is_read(tmp_path):
    import threading

    fifo = tmp_path / "piped.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text("Prime Minister Giorgia Meloni visited Rome."),
                              daemon=True)
    writer.start()
    result, out = build(tmp_path, tmp_path / "in", fifo)
    writer.join(10)
    assert result.exit_code == 0, result.output
    assert "Giorgia Meloni" in out.read_text() and "Olaf Scholz" in out.read_text()


def test_a_fifo_in_a_folder_is_reported_not_read(tmp_path):
    fifo = tmp_path / "in" / "pipe.txt"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    result, out = build(tmp_path, tmp_path / "in")
    assert result.exit_code == 1
    assert f"kg: skipped {fifo}: not a regular file (a FIFO, socket or device); not read" in result.output.splitlines()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_text(tmp_path, encoding):
    import codecs

    bom = {"utf-16": b"", "utf-16-be": codecs.BOM_UTF16_BE, "utf-32": b""}[encoding]
    make(tmp_path, "wide.txt", bom + "Prime Minister Giorgia Meloni visited Zürich.".encode(encoding))
    result, out = build(tmp_path, tmp_path / "in")
    assert result.exit_code == 0, result.output
    assert "Giorgia Meloni" in out.read_text(encoding="utf-8")


def test_jsonl_records_are_split_only_at_newlines(tmp_path):
    record = '{"id": "sep", "text": "Prime Minister Giorgia Meloni\u2028visited\u0085Rome\x1con Monday."}'
    feed = make(tmp_path, "feed.jsonl", record + "\n" + '{"id": "x"}\r\n')
    result, out = build(tmp_path, tmp_path / "in")
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if "kg: skipped" in line] == [
        f"kg: skipped {feed}:2: record has no text"]
    assert "Giorgia Meloni" in out.read_text(encoding="utf-8")


def test_nul_bytes_anywhere_make_a_binary_file(tmp_path):
    late = make(tmp_path, "late.txt", b"Prime Minister Giorgia Meloni visited Rome. " * 200 + b"\x00\x01\x02")
    result, out = build(tmp_path, tmp_path / "in")
    assert result.exit_code == 1
    assert f"kg: skipped {late}: binary file, not text" in result.output.splitlines()


def test_control_zero_width_and_bidi_characters_are_dropped_at_ingest(tmp_path):
    """A form feed, \\x01 or NUL made .graphml and .gexf invalid and reached .ttl, .nt and CSV raw
    (issue 12, items 14 and 15)."""
    import json
    import re
    import xml.etree.ElementTree as ET

    text = "Prime Minister Gior\u200bgia Mel\u202eoni\x00 visited\x0cRome\x01 on Monday.\u2028She met Ann Lee."
    make(tmp_path, "feed.jsonl", json.dumps({"id": "ctl\x07", "title": "Talks\x1b[2J in Rome", "text": text}) + "\n")
    outs = [tmp_path / f"g.{s}" for s in ("ttl", "nt", "graphml", "gexf")]
    (tmp_path / "in" / "good.txt").write_text(GOOD)
    result = CliRunner().invoke(main, ["build", str(tmp_path / "in"), *[a for o in outs for a in ("-o", str(o))]])
    assert result.exit_code == 0, result.output
    for out in outs:
        data = out.read_text(encoding="utf-8")
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u200b\u202e\u2028]", data), out.name
        assert "Giorgia Meloni" in data, out.name
    for out in outs[2:]:
        ET.parse(out)


def test_an_article_whose_extraction_runs_too_long_is_skipped(tmp_path):
    """1,500 names in one sentence took the relation rules over four minutes (issue 12, item 11)."""
    import itertools
    import time

    names = ["President Emmanuel Macron", "Chancellor Olaf Scholz", "Prime Minister Keir Starmer", "Acme Corp",
             "China", "Paris"]
    crowd = make(tmp_path, "crowd.txt", "On Monday " + ", ".join(n for n, _ in zip(itertools.cycle(names), range(1500)))
                 + " met in Berlin and said they agreed.")
    started = time.perf_counter()
    result, out = build(tmp_path, tmp_path / "in", "--article-timeout", "3")
    assert time.perf_counter() - started < 60
    assert result.exit_code == 1
    assert f"kg: skipped {crowd}: extraction took over 3 s (--article-timeout)" in result.output.splitlines()
    assert "Olaf Scholz" in out.read_text()


def test_time_limit_is_not_swallowed_by_except_exception():
    import time

    from kg.deadline import Overtime, time_limit

    started = time.perf_counter()
    with pytest.raises(Overtime):
        with time_limit(0.2):
            while True:
                try:
                    sum(range(10_000))
                except Exception:
                    pass
    assert time.perf_counter() - started < 2
