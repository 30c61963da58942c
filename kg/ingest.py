"""Read input files into Article records: paths in, Articles out.

Takes files or folders of .txt, .md, .html/.htm and .jsonl (one article per line:
id, title, text, optional date, url). Gives one `Article` per news article, its
text cleaned of site chrome, photo captions and credit lines, its title kept as
the first paragraph of the text. A publication date comes from the JSONL field,
the Markdown front matter or HTML meta tags, else from the `date` argument. A saved web
page is read by trafilatura (its main text, title and URL; its date by htmldate), and by
kg's own HTML reader when trafilatura finds no text in it.
"""
from __future__ import annotations

import codecs
import datetime as dt
import errno
import html.parser
import json
import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from . import rulefiles
from .errors import InputError
from .model import Article

log = logging.getLogger("kg")
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")
TITLE_MAX = 160  # characters: a first line longer than this is body text, not a headline


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    heads, tails = [], []
    text = resources.files("kg").joinpath("data/boilerplate.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("tail:"):
            tails.append(re.compile(line[5:], re.I))
        else:
            heads.append(re.compile(line, re.I))
    return heads, tails


TICKER = re.compile(r"(?<=[\w.)'’])(?:[ \t]+|[ \t]*\n[ \t]*)<[A-Z0-9][A-Z0-9.\-]{0,11}>")  # may wrap to the next line
BRACKETED_NAME = re.compile(r"<([A-Z0-9](?:[^<>\n]|\n(?![ \t]*\n)){1,80}?)>")  # may wrap over one line break


def marked_names(text: str) -> tuple[str, ...]:
    """The names a wire marks as one company's in the body `text` ("<Midland and Scottish
    Resources Ltd>"), sorted, once each: the NER cuts such names at "and", "of" or "et". An
    all-capital mark is a ticker ("<SABS ST>"), and a lone legal suffix ("<Inc>") a fragment."""
    names = {" ".join(m.group(1).split()) for m in BRACKETED_NAME.finditer(TICKER.sub("", text))}
    suffixes = rulefiles.word_set("organizations.toml", "corporate")
    return tuple(sorted(n for n in names if re.search(r"[a-z]", n) and n.lower().rstrip(".") not in suffixes))


def clean_paragraphs(text: str, headlines: bool = True) -> list[str]:
    """Split text into paragraphs and drop the ones that are not news. With `headlines`
    False (the title came apart from the body, as in a JSONL record), a short line in
    title case is wrapping like any other ("House Ways and Means Committee" / "Chairman ...")."""
    heads, tails = _boilerplate()
    out = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Wire markup: a ticker after a name goes ("Toshiba Corp <TSBA.T>"), a name in angle
    # brackets keeps its words ("<Borealis Exploration Ltd>").
    text = TICKER.sub("", text)
    text = BRACKETED_NAME.sub(lambda m: " ".join(m.group(1).split()), text)
    # A line that ends a sentence ends its paragraph, and so does a headline (a short line
    # in title case); other line breaks are wrapping.
    # A quotation that ends in a comma does not end the sentence ('fairness,"' / 'he said.').
    # An initial that ends a line ("D." / "Tennant Bryant") is wrapping, not a sentence's end.
    text = re.sub(r"(?<![ (\n][A-Z])([.!?][\"”’)]*)[ \t]*\n(?=[ \t]*\S)", r"\1\n\n", text)
    if headlines:
        text = _first_line_headline(text)
        text = re.sub(rf"^([^\n]{{1,{TITLE_MAX}}})\n(?=[ \t]*\S)",
                      lambda m: m.group(1) + ("\n\n" if _headline(m.group(1)) else "\n"), text, flags=re.M)
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(line.strip() for line in para.split("\n") if line.strip())
        for pattern in tails:
            para = pattern.sub("", para).rstrip()
        if not para or any(p.search(para) for p in heads):
            continue
        out.append(para)
    return out


def _first_line_headline(text: str) -> str:
    """A text's first line is its headline, in sentence case too ("Tuaregs continue their advance in
    Mali"), when it is short, ends in no punctuation, and a longer line in capitals follows it: the
    first line of wrapped text is as long as the next one."""
    first, sep, rest = text.lstrip("\n").partition("\n")
    following = rest.lstrip().split("\n", 1)[0].strip()
    if sep and rest[:1] != "\n" and len(first.strip()) <= TITLE_MAX and following[:1].isupper() \
            and not re.search(r"[.!?:;,\"”’)]$", first.strip()) and len(first.strip()) < 0.7 * len(following):
        return first + "\n\n" + rest
    return text


def _headline(line: str) -> bool:
    """A line in title case, without a final full stop: "Italy Rejects Easing Assisted Fertility"."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line)]
    if len(words) < 2 or re.search(r"[.,;:]$", line.strip()):
        return False
    capital = sum(w[0].isupper() for w in words if len(w) > 3)
    return capital >= max(2, 0.6 * sum(len(w) > 3 for w in words))


def _looks_like_title(para: str) -> bool:
    return len(para) <= TITLE_MAX and not re.search(r"[.!?:;\"”]$", para)


def make_article(id: str, body: str, *, title: str | None = None, date: str | None = None,
                 url: str | None = None, source: str = "") -> Article:
    """Clean `body`, take its headline as title when none is given, and build an Article."""
    paras = clean_paragraphs(body, headlines=not title)
    if title is None and len(paras) > 1 and _looks_like_title(paras[0]):
        title = paras[0]
    elif title:
        title = " ".join(BRACKETED_NAME.sub(lambda m: m.group(1), TICKER.sub("", title)).split())
        title = re.sub(r"(?<=\w)>|<(?=\w)", "", title)  # a ticker cut short: "Mep> Buy"
        if not paras or paras[0] != title:
            paras.insert(0, title)
    if not paras:
        raise InputError(source or id, "no article text after removing boilerplate")
    return Article(id=id, text="\n\n".join(paras), title=title, date=normalize_date(date, source or id),
                   url=url, source=source, names=marked_names(body))


def normalize_date(value: object, where: str = "") -> str | None:
    """An ISO date string (YYYY-MM-DD) from a date or datetime string, or None."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    m = re.match(r"(\d{4}-\d{2}-\d{2})", text)
    if m:
        try:
            return dt.date.fromisoformat(m.group(1)).isoformat()
        except ValueError:
            pass
    raise InputError(where, f"date {text!r} is not an ISO date (YYYY-MM-DD)")


# ---------------------------------------------------------------- formats


MAX_BYTES = 20_000_000  # the default size cap of an input file
_DECLARED = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)|encoding=["']([\w-]+)["']""", re.I)


def _decode(path: Path, data: bytes) -> str:
    """UTF-8, else the encoding the file declares, else the one charset-normalizer detects."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        first_bad = e.start
    m = _DECLARED.search(data[:4096])
    candidates = [(m.group(1) or m.group(2)).decode("ascii")] if m else []
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    detected = [best.encoding] if best is not None else []
    # Detection needs text to go on; a short file is most likely Windows-1252 (Western news).
    candidates += detected + ["cp1252"] if len(data) >= 1000 else ["cp1252"] + detected
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
        log.warning("%s: not UTF-8; read as %s", path, encoding)
        return text
    raise InputError(path, f"not UTF-8 text (byte {first_bad}) and no other encoding fits")


# byte order marks, the four-byte ones first (UTF-32 LE's starts with UTF-16 LE's)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The text of a file (or a FIFO named on the command line), at most max_bytes of it."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(path, f"file is {size:,} bytes, over the size cap of {max_bytes:,} (--max-size)")
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)  # a FIFO has no size to check beforehand
    except OSError as e:
        raise InputError(path, f"cannot read: {e.strerror or e}") from None
    if len(data) > max_bytes:
        raise InputError(path, f"more than {max_bytes:,} bytes, over the size cap (--max-size)")
    if not data.strip():
        raise InputError(path, "file is empty")
    for bom, encoding in _BOMS:  # UTF-16 and UTF-32 are full of NUL bytes, and still text
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as e:
                raise InputError(path, f"not valid {encoding.upper()} (byte {e.start})") from None
            if "\x00" in text:
                raise InputError(path, "binary file, not text")
            return text
    if b"\x00" in data:
        raise InputError(path, "binary file, not text")
    return _decode(path, data)


def read_txt(path: Path, date: str | None = None, max_bytes: int = MAX_BYTES) -> Iterator[Article | InputError]:
    yield make_article(path.stem, _read_text(path, max_bytes), date=date, source=str(path))


def read_md(path: Path, date: str | None = None, max_bytes: int = MAX_BYTES) -> Iterator[Article | InputError]:
    text = _read_text(path, max_bytes)
    meta: dict[str, str] = {}
    m = re.match(r"---\s*\n(.*?)\n---\s*\n", text, re.S)
    if m:
        for line in m.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("'\"")
        text = text[m.end():]
    title = meta.get("title")
    h = re.search(r"^#\s+(.+)$", text, re.M)
    if h:
        title = title or h.group(1).strip()
        text = text[:h.start()] + text[h.end():]
    # images, then links keep their words; bounded, and no bracket inside a bracket, so a run
    # of "[" or "[x](" is matched in linear time, not quadratic
    text = re.sub(r"!\[[^\[\]\n]{0,1000}\]\([^()\n]{0,2000}\)", "", text)
    text = re.sub(r"\[([^\[\]\n]{0,1000})\]\([^()\n]{0,2000}\)", r"\1", text)
    text = re.sub(r"^#{1,6}\s*|[*_`]{1,3}", "", text, flags=re.M)
    yield make_article(path.stem, text, title=title, date=meta.get("date") or date,
                       url=meta.get("url"), source=str(path))


class _HTMLText(html.parser.HTMLParser):
    """Collects paragraph text, the title and date metadata; skips scripts, styles and chrome."""

    SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside",
            "figure", "figcaption", "form", "button", "svg", "iframe"}
    BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "li", "blockquote", "br", "section", "article", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_title = self.in_h1 = False
        self.title = ""
        self.h1 = ""
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "h1":
            self.in_h1 = True
        elif tag == "meta":
            a = {k: v or "" for k, v in attrs}
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        elif tag == "title":
            self.in_title = False
        elif tag == "h1":
            self.in_h1 = False
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def close(self) -> None:
        if self.rawdata.lstrip().startswith("<"):
            self.rawdata = ""  # a tag cut short by the end of the file ("<p"), not text
        super().close()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif self.skip:
            return
        elif self.in_h1:
            self.h1 += data
        else:
            self.parts.append(data)


class _Page(NamedTuple):
    """What a reader of saved web pages found: body text (paragraphs apart by blank lines),
    title, date and URL as the page states them, each possibly missing."""

    text: str
    title: str | None
    date: str | None
    url: str | None


# htmldate, under trafilatura: the publication date, not the last update; from the page's
# metadata, markup and URL only, not guessed from dates in its text; and no "not after today"
# check, so the same page gives the same date on any day
_DATE_PARAMS = {"original_date": True, "extensive_search": False,
                "min_date": "1900-01-01", "max_date": "2999-12-31"}
# the URL a page states for itself; trafilatura would also take <base href>, a site's root
_URL_XPATHS = ('.//head//link[@rel="canonical"]/@href', './/head//meta[@property="og:url"]/@content',
               './/head//meta[@name="twitter:url"]/@content')


@lru_cache(maxsize=1)
def _trafilatura():  # imported on first use: it takes a tenth of a second
    import trafilatura

    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)  # their chatter is not kg's to print
    return trafilatura


def _trafilatura_page(page: str, path: Path) -> _Page | None:
    """The main text and metadata trafilatura finds in a page, or None when it finds no text.
    Tables are left out (their cells are no sentences) and so are readers' comments."""
    trafilatura = _trafilatura()
    try:
        tree = trafilatura.load_html(page)
        if tree is None:
            return None
        url = next((u.strip() for x in _URL_XPATHS for u in tree.xpath(x)
                    if re.match(r"https?://[^/\s]", u.strip())), None)
        doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, deduplicate=False,
                                          date_extraction_params=dict(_DATE_PARAMS))
    except Exception as e:  # noqa: BLE001 -- a bug in trafilatura costs its reading, not the page
        log.warning("%s: trafilatura failed (%s: %s); read with kg's own HTML reader",
                    path, type(e).__name__, e)
        return None
    if doc is None or not (doc.text or "").strip():
        return None
    # one line of trafilatura's text is one paragraph, list item or heading
    paragraphs = [line.strip() for line in doc.text.split("\n") if line.strip()]
    return _Page("\n\n".join(paragraphs), doc.title or None, doc.date or None, url)


def _own_page(page: str) -> _Page:
    """kg's own reader: every paragraph outside scripts, navigation, headers, footers and figures."""
    parser = _HTMLText()
    parser.feed(page)
    parser.close()
    meta = parser.meta
    title = (meta.get("og:title") or parser.h1 or parser.title).strip() or None
    published = meta.get("article:published_time") or meta.get("datepublished") or meta.get("date")
    return _Page("".join(parser.parts), title, published, meta.get("og:url"))


def read_html(path: Path, date: str | None = None, max_bytes: int = MAX_BYTES) -> Iterator[Article | InputError]:
    """A saved web page read by trafilatura (main text, title, URL; the date by htmldate),
    or by kg's own reader when trafilatura finds no text in it."""
    page = _read_text(path, max_bytes)
    found = _trafilatura_page(page, path) or _own_page(page)
    yield make_article(path.stem, found.text, title=found.title, date=found.date or date,
                       url=found.url, source=str(path))


def read_jsonl(path: Path, date: str | None = None, max_bytes: int = MAX_BYTES) -> Iterator[Article | InputError]:
    # only "\n" ends a record: str.splitlines() would also split inside one at U+2028,
    # U+0085 or \x1c, which JSON strings may hold raw
    for n, line in enumerate(_read_text(path, max_bytes).split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            yield _record(line, where, f"{path.stem}-{n}", date)
        except InputError as e:  # one bad line costs that line only
            yield e


def _record(line: str, where: str, default_id: str, date: str | None) -> Article:
    try:
        rec = json.loads(line, strict=False)  # a raw tab or \x1c in a string is no reason to lose the record
    except json.JSONDecodeError as e:
        raise InputError(where, f"malformed JSON ({e.msg})") from None
    if not isinstance(rec, dict):
        raise InputError(where, "a JSONL line must be an object with id and text")
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "record has no text")
    title = rec.get("title")
    return make_article(str(rec.get("id") or default_id), text, title=str(title) if title else None,
                        date=rec.get("date") or date, url=str(rec["url"]) if rec.get("url") else None,
                        source=where)


READERS = {".txt": read_txt, ".md": read_md, ".markdown": read_md, ".html": read_html,
           ".htm": read_html, ".jsonl": read_jsonl}


def expand(paths: Iterable[str | Path], errors: list[InputError] | None = None) -> list[Path]:
    """Files named, and the files found under folders named, in sorted order. A missing path,
    or a file of an unknown suffix inside a folder, is an InputError: raised, or appended to
    `errors` when a list is given."""
    def fail(e: InputError) -> None:
        if errors is None:
            raise e
        errors.append(e)

    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += _walk(p, fail)
        elif p.exists():  # a file, or a FIFO or device named on purpose: read it
            files.append(p)
        else:
            fail(InputError(p, _missing(p)))
    return files


def _missing(path: Path) -> str:
    """Why path cannot be found: no such file, a dangling symbolic link or a link loop."""
    try:
        os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "symbolic link loop"
        if path.is_symlink():
            return "dangling symbolic link"
        if e.errno != errno.ENOENT:
            return f"cannot read: {e.strerror or e}"
    return "no such file or directory"


def _walk(folder: Path, fail) -> list[Path]:
    """The article files under folder, sorted, hidden ones left out; folder links followed
    once each. What cannot be read is reported through fail, never skipped in silence:
    an unreadable folder, a dangling link, a link loop, a FIFO or device, an unknown suffix."""
    files: list[Path] = []
    seen: dict[str, str] = {}

    def unreadable(e: OSError) -> None:
        fail(InputError(e.filename, f"cannot read folder: {e.strerror or e}"))

    for root, dirs, names in os.walk(folder, onerror=unreadable, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            fail(InputError(root, f"symbolic link loop: folder already read as {seen[real]}"))
            dirs[:] = []
            continue
        seen[real] = root
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            f = Path(root) / name
            try:
                mode = f.stat().st_mode
            except OSError:
                fail(InputError(f, _missing(f)))
                continue
            if not stat.S_ISREG(mode):
                fail(InputError(f, "not a regular file (a FIFO, socket or device); not read"))
            elif f.suffix.lower() in READERS:
                files.append(f)
            else:
                fail(InputError(f, f"unknown suffix {f.suffix or '(none)'!r}; expected one of {', '.join(SUFFIXES)}"))
    return sorted(files)


def read_file(path: Path, date: str | None = None, max_bytes: int = MAX_BYTES) -> Iterator[Article | InputError]:
    """The articles of one file, and an InputError for each bad record of a JSONL file.
    Raises InputError naming the file when the whole file cannot be read."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(path, f"unknown suffix {path.suffix or '(none)'!r}; "
                               f"expected one of {', '.join(SUFFIXES)}")
    yield from reader(path, date, max_bytes)
