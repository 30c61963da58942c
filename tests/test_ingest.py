"""Reading .txt, .md, .html and .jsonl into Articles, and cleaning boilerplate."""
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kg import ingest
from kg.errors import InputError
from kg.ingest import clean_paragraphs, expand, normalize_date, read_file


def test_txt_drops_site_chrome_captions_and_credits_and_keeps_title(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("Site icon KXYZ\n\nMayor opens new bridge over the river\n\n"
                 "Photos of the Mayor appear on a phone screen. 01.02.2024. Springfield^ USA.\n\n"
                 "The mayor opened the bridge on Monday.\nCrowds cheered.\n\n"
                 "Editorial credit: someone / Stock.com\n", encoding="utf-8")
    [a] = read_file(f)
    assert a.id == "story"
    assert a.title == "Mayor opens new bridge over the river"
    assert a.text.startswith("Mayor opens new bridge over the river\n\n")
    assert "Site icon" not in a.text and "Editorial credit" not in a.text and "Photos of" not in a.text
    assert "The mayor opened the bridge on Monday.\n\nCrowds cheered." in a.text


def test_wrapped_lines_join_into_one_paragraph():
    assert clean_paragraphs("The talks went on\nfor hours and ended.\n") == ["The talks went on for hours and ended."]


def test_tail_chrome_glued_to_a_sentence_is_cut():
    assert clean_paragraphs("The two nations agreed.Site icon WXYZ") == ["The two nations agreed."]


def test_markdown_front_matter_gives_title_date_url(tmp_path):
    f = tmp_path / "m.md"
    f.write_text("---\ntitle: Ports reopen\ndate: 2024-03-05\nurl: https://news.example/ports\n---\n"
                 "# Ports reopen\n\nThe **ports** reopened after [the strike](https://x.example).\n")
    [a] = read_file(f)
    assert (a.title, a.date, a.url) == ("Ports reopen", "2024-03-05", "https://news.example/ports")
    assert "The ports reopened after the strike." in a.text and "**" not in a.text


HARBOUR = Path(__file__).parent / "data" / "html" / "harbour.html"  # a page of our own, site chrome and all


def test_html_keeps_the_article_and_drops_the_site_around_it():
    [a] = read_file(HARBOUR)
    assert a.title == "Oslo reopens its harbour after the storm"
    assert a.date == "2024-03-05"  # published, not modified
    assert a.url == "https://courier.example/world/oslo-harbour-reopens"
    assert a.text.split("\n\n") == [
        "Oslo reopens its harbour after the storm",
        "The port of Oslo reopened on Tuesday after a storm closed it for three days, the harbour authority said.",
        "Harbour master Ingrid Holm said the first container ships had docked at Sjursøya in the morning "
        "and that ferries to Kiel would sail again from Wednesday.",
        "Damage to the quays",
        "Engineers found cracks in two of the older quays, and repairs are expected to take until the summer, "
        "according to the city council.",
        "Mayor Anne Lindboe thanked the crews who had worked through the weekend to clear the channels.",
    ]  # no cookie banner, menu, byline, caption, share links, most read, related or footer


def test_html_date_from_structured_data_and_url_from_og_url(tmp_path):
    f = tmp_path / "p.html"
    body = "".join(f"<p>Paragraph {n} of the report says that the council met in Bergen and voted.</p>"
                   for n in range(6))
    f.write_text('<html><head><title>Council votes | Paper</title>'
                 '<meta property="og:url" content="https://paper.example/council">'
                 '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council votes",'
                 ' "datePublished": "2023-11-20T09:00:00Z"}</script></head>'
                 f"<body><article><h1>Council votes</h1>{body}</article></body></html>")
    [a] = read_file(f)
    assert (a.title, a.date, a.url) == ("Council votes", "2023-11-20", "https://paper.example/council")


def test_html_without_a_date_takes_the_date_given_and_states_no_url(tmp_path):
    f = tmp_path / "p.html"
    f.write_text("<html><head><base href='/'><title>Ferry strike ends</title></head><body><article>"
                 + "<p>The ferry strike in Bergen ended on Friday after the union accepted the offer.</p>" * 4
                 + "</article></body></html>")
    [a] = read_file(f, date="2024-06-01")
    assert (a.date, a.url) == ("2024-06-01", None)  # a <base href> is no article's URL


def test_html_fragment_trafilatura_rejects_is_read_by_kgs_own_reader(tmp_path):
    f = tmp_path / "snippet.html"
    f.write_text("<p>Rain fell in Oslo &amp; Bergen on Monday.</p>")
    assert ingest._trafilatura_page(f.read_text(), f) is None
    [a] = read_file(f)
    assert a.text == "Rain fell in Oslo & Bergen on Monday."


def test_own_reader_when_trafilatura_finds_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest._trafilatura(), "bare_extraction", lambda *a, **k: None)
    f = tmp_path / "p.html"
    f.write_text("<html><head><title>T</title><meta property='article:published_time' "
                 "content='2024-01-02T10:00:00Z'><script>var x = 'Evil Corp';</script></head><body>"
                 "<nav>Home | World</nav><h1>Rain falls</h1><figure><figcaption>A photo</figcaption></figure>"
                 "<p>Rain fell in Oslo &amp; Bergen.</p><footer>© Paper</footer></body></html>")
    [a] = read_file(f)
    assert a.title == "Rain falls" and a.date == "2024-01-02"
    assert a.text == "Rain falls\n\nRain fell in Oslo & Bergen."


def test_own_reader_when_trafilatura_fails(tmp_path, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ingest._trafilatura(), "bare_extraction", broken)
    [a] = read_file(HARBOUR)
    assert "Harbour master Ingrid Holm" in a.text and "We use cookies" in a.text  # more chrome
    assert f"{HARBOUR}: trafilatura failed (RuntimeError: boom); read with kg's own HTML reader" in caplog.messages


def test_html_reading_is_deterministic_across_runs(tmp_path):
    code = ("import sys; from pathlib import Path; from kg.ingest import read_file; "
            "print(repr(list(read_file(Path(sys.argv[1])))))")
    outs = {subprocess.run([sys.executable, "-c", code, str(HARBOUR)], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outs) == 1 and "Ingrid Holm" in outs.pop()
    assert list(read_file(HARBOUR)) == list(read_file(HARBOUR))


def test_html_reading_opens_no_connection(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the HTML reader tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    [a] = read_file(HARBOUR)
    assert a.date == "2024-03-05"


def test_jsonl_records_and_date_field(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text('{"id": "a1", "title": "One", "text": "First story.", "date": "2024-05-01"}\n\n'
                 '{"id": "a2", "text": "Second story."}\n')
    a1, a2 = read_file(f, date="2024-06-01")
    assert (a1.id, a1.title, a1.date) == ("a1", "One", "2024-05-01")
    assert (a2.id, a2.date) == ("a2", "2024-06-01")


@pytest.mark.parametrize("content, message", [
    (b"", "file is empty"),
    (b"  \n\n", "file is empty"),
    (b"\x00\x01binary", "binary file, not text"),
])
def test_bad_text_files_name_the_file_and_problem(tmp_path, content, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError) as e:
        list(read_file(f))
    assert str(e.value) == f"{f}: {message}"


def test_jsonl_errors_name_the_line_and_cost_only_that_line(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text('{"id": "a", "text": "ok"}\n{"id": "b"}\n{not json\n[1]\n{"id": "e", "text": "fine"}\n')
    a, no_text, bad_json, not_object, e = read_file(f)
    assert (a.id, e.id) == ("a", "e")
    assert str(no_text) == f"{f}:2: record has no text"
    assert str(bad_json).startswith(f"{f}:3: malformed JSON (")
    assert str(not_object) == f"{f}:4: a JSONL line must be an object with id and text"


def test_non_utf8_text_is_decoded_by_declaration_or_detection(tmp_path, caplog):
    f = tmp_path / "latin.txt"
    text = "Caf\u00e9 owners in Z\u00fcrich met on Monday. Cr\u00e8me br\u00fbl\u00e9e sold out."
    f.write_bytes(text.encode("cp1252"))
    [a] = read_file(f)
    assert "Zürich" in a.text and "not UTF-8; read as" in caplog.text
    h = tmp_path / "page.html"
    h.write_bytes('<html><head><meta charset="iso-8859-1"></head><body><p>M\u00fcnchen grew.</p></body></html>'
                  .encode("latin-1"))
    [b] = read_file(h)
    assert "München grew." in b.text


def test_size_cap(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text("x" * 2000)
    with pytest.raises(InputError) as e:
        list(read_file(f, max_bytes=1000))
    assert str(e.value) == f"{f}: file is 2,000 bytes, over the size cap of 1,000 (--max-size)"


def test_unknown_suffix_and_missing_path(tmp_path):
    f = tmp_path / "x.pdf"
    f.write_text("x")
    with pytest.raises(InputError, match="unknown suffix '.pdf'"):
        list(read_file(f))
    with pytest.raises(InputError, match="no such file or directory"):
        expand([tmp_path / "missing"])


def test_expand_finds_article_files_sorted_and_reports_the_others(tmp_path):
    for name in ("b.txt", "a.md", "c.jsonl", "skip.pdf", ".hidden.txt"):
        (tmp_path / name).write_text("x")
    errors = []
    assert [p.name for p in expand([tmp_path, tmp_path / "gone"], errors)] == ["a.md", "b.txt", "c.jsonl"]
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'skip.pdf'}: unknown suffix '.pdf'; expected one of .txt, .md, .markdown, .html, .htm, .jsonl",
        f"{tmp_path / 'gone'}: no such file or directory"]


def test_dates():
    assert normalize_date("2025-06-06T08:00:00Z") == "2025-06-06"
    assert normalize_date(None) is None
    with pytest.raises(InputError, match="not an ISO date"):
        normalize_date("06/06/2025", "--date")


def test_headline_line_is_its_own_paragraph_and_title():
    paras = clean_paragraphs("Italy Rejects Easing Fertility Law\nA boycott call has trounced an attempt.\n")
    assert paras == ["Italy Rejects Easing Fertility Law", "A boycott call has trounced an attempt."]


def test_a_short_first_line_before_a_longer_one_is_the_headline_in_sentence_case_too():
    text = ("Tuaregs continue their advance in Mali\nTuareg fighters have now captured three major cities in "
            "Northern Mali, reports say.\n")
    assert clean_paragraphs(text) == [
        "Tuaregs continue their advance in Mali",
        "Tuareg fighters have now captured three major cities in Northern Mali, reports say."]
    wrapped = "Trade union officials have said the airline is\nnearing a cash injection, after reports.\n"
    assert clean_paragraphs(wrapped) == ["Trade union officials have said the airline is nearing a cash injection, "
                                         "after reports."]
    assert ingest.make_article("a", text).title == "Tuaregs continue their advance in Mali"


@pytest.mark.parametrize("tail", [
    " Authors: Jane Roe, John Doe (AFP, AP, dpa, Reuters) Editor: Max Muster",
    " Author: Jane Roe Editor: Max Muster",
    " ipj/rg (Reuters, AFP)",
    " (AFP, Reuters)",
])
def test_credit_tails_are_cut(tail):
    assert clean_paragraphs("The train was late." + tail) == ["The train was late."]


def test_wire_markup_tickers_go_and_bracketed_names_keep_their_words():
    from kg.ingest import clean_paragraphs, marked_names

    [para] = clean_paragraphs("Norvale Corp <NRVL.O> said <Brisco Mining Ltd> agreed.")
    assert para == "Norvale Corp said Brisco Mining Ltd agreed."
    [para] = clean_paragraphs("Norvale Corp said <4100 Harbor Drive Corp>, its largest holder, agreed.")
    assert para == "Norvale Corp said 4100 Harbor Drive Corp, its largest holder, agreed."
    assert marked_names("Norvale said <4100 Harbor Drive Corp> agreed.") == ("4100 Harbor Drive Corp",)


def test_a_bracketed_name_wrapped_over_a_line_keeps_its_words_and_the_line_is_wrapping():
    from kg.ingest import clean_paragraphs

    [para] = clean_paragraphs("Norvale Corp said it bought a stake in <Brisco\nMining Ltd> last week.")
    assert para == "Norvale Corp said it bought a stake in Brisco Mining Ltd last week."
    # a paragraph break is never inside a name: the brackets stay where they are
    paras = clean_paragraphs("It named <Brisco\n\nMining> today.")
    assert "<Brisco" in paras[0]


def test_an_initial_that_ends_a_line_does_not_end_the_paragraph():
    from kg.ingest import clean_paragraphs

    assert clean_paragraphs("The chairman, D.\nTennant Bryant, said the bid was low.") == [
        "The chairman, D. Tennant Bryant, said the bid was low."]
    assert clean_paragraphs("Sales rose in the U.S.\nProfits fell.") == ["Sales rose in the U.S.", "Profits fell."]


def test_a_wire_agency_credit_goes_but_news_about_the_agency_stays():
    from kg.ingest import clean_paragraphs

    assert clean_paragraphs("The bridge opened.\n\nREUTERS/Jane Roe\n\nAFP via Getty Images\n\nReuters") \
        == ["The bridge opened."]
    news = "Reuters Holdings Plc said it agreed to buy a Toronto database company."
    assert clean_paragraphs("The bridge opened.\n\n" + news + "\n\nAFP Imaging Corp said it expects a profit.") \
        == ["The bridge opened.", news, "AFP Imaging Corp said it expects a profit."]


def test_a_ticker_wrapped_to_the_next_line_goes_too():
    from kg.ingest import clean_paragraphs

    [para] = clean_paragraphs("Shares of Norvale International\n<NRV> rose after Brisco Corp\n<BRS.N> bid.")
    assert para == "Shares of Norvale International rose after Brisco Corp bid."


def test_a_wire_marks_company_names_and_its_tickers_are_no_names():
    a = ingest.make_article("a1", "<Midland and\nScottish Resources Ltd> bought <Tarn Oil Corp> <TARN.L> shares\n"
                                  "from <SABS ST>, <Inc> and <Tarn Oil Corp>.", title="Tarn Sells Shares")
    assert a.names == ("Midland and Scottish Resources Ltd", "Tarn Oil Corp")
    assert "<" not in a.text and "Midland and Scottish Resources Ltd bought" in a.text


def test_an_article_the_wire_marks_no_name_in_has_none():
    assert ingest.make_article("a1", "Tarn Oil Corp said it sold shares.").names == ()
