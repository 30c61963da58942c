"""The HTML graph in a real browser: headless Chromium, driven by Playwright, with the network cut.

Every test opens the exported page from file:// in a browser context that is
offline, so a page that needs the network (a CDN link, a remote script) fails
here as it would on a reader's laptop on a train. The browser is launched once
per module. Tests marked `model` build the seed articles with the real spaCy
model (once per module); the injection test builds its graph by hand and needs
no model.

Needs Debian's Chromium at /usr/bin/chromium (`make system-deps`); Playwright's
own browser downloads are never used.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV

from kg.exporters import export
from kg.vocab import KG

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SEEDS = Path(__file__).parent.parent / "seeds"
ENTITY_CLASSES = ("Person", "Organization", "Country", "Place", "Product", "Agreement")
NETWORK_READY = "typeof network !== 'undefined' && network !== null"
# elements in the tooltip other than the <br> that innerText makes of a newline
TOOLTIP_MARKUP = "[...document.querySelectorAll('div.vis-tooltip *')].filter(e => e.tagName !== 'BR').length"

pytestmark = pytest.mark.browser


# --- fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the whole module."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found; install it with `make system-deps`")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class Opened:
    """A page opened offline, with everything it logged and requested."""

    def __init__(self, page, console_errors: list[str], page_errors: list[str], requests: list[str]):
        self.page = page
        self.console_errors = console_errors
        self.page_errors = page_errors
        self.requests = requests


@pytest.fixture
def open_page(browser):
    """open_page(path) -> Opened: the page loaded from file:// in a fresh offline context."""
    contexts = []

    def _open(path: Path) -> Opened:
        context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        console_errors: list[str] = []
        page_errors: list[str] = []
        requests: list[str] = []
        page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: page_errors.append(str(exc)))
        page.on("request", lambda req: requests.append(req.url))
        page.goto(path.resolve().as_uri(), wait_until="load")
        try:
            page.wait_for_function(NETWORK_READY, timeout=10_000)
        except PlaywrightTimeout:
            pytest.fail(f"the page never made `network`; page errors: {page_errors}, console errors: "
                        f"{console_errors}, window.__pwned: {page.evaluate('String(window.__pwned)')}")
        return Opened(page, console_errors, page_errors, requests)

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def seed_build():
    """The seed articles built once with the real model."""
    from kg.pipeline import build

    return build([str(SEEDS)])


@pytest.fixture(scope="module")
def seed_html(seed_build, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "graph.html"
    export(seed_build.graph, path)
    return path


def entity_count(graph: Graph) -> int:
    return len({s for cls in ENTITY_CLASSES for s in graph.subjects(RDF.type, KG[cls])})


def freeze_and_hover(page, node_id: str) -> str:
    """Stop the physics, centre the node, put the mouse on it; the tooltip's text."""
    page.evaluate("network.stopSimulation(); network.setOptions({physics: false})")
    page.evaluate("(id) => network.moveTo({position: network.getPosition(id), scale: 1.5, animation: false})",
                  node_id)
    point = page.evaluate("""(id) => {
        const p = network.canvasToDOM(network.getPosition(id));
        const r = document.querySelector('#mynetwork').getBoundingClientRect();
        return {x: r.left + p.x, y: r.top + p.y};
    }""", node_id)
    page.mouse.move(point["x"] + 40, point["y"] + 40)
    page.mouse.move(point["x"], point["y"], steps=5)
    page.wait_for_function(
        "() => { const t = document.querySelector('div.vis-tooltip');"
        " return t && getComputedStyle(t).visibility === 'visible' && t.innerText.length > 0; }",
        timeout=5_000)
    return page.evaluate("document.querySelector('div.vis-tooltip').innerText")


# --- the seed graph (real model) ------------------------------------------------------------------

@pytest.mark.model
def test_page_loads_offline_without_errors_or_remote_requests(open_page, seed_html):
    opened = open_page(seed_html)
    opened.page.wait_for_timeout(500)  # let late errors and requests arrive
    assert opened.page_errors == []
    assert opened.console_errors == []
    assert opened.requests, "the page itself should have been requested"
    remote = [u for u in opened.requests if not u.startswith("file://")]
    assert remote == []


@pytest.mark.model
def test_every_entity_is_a_node(open_page, seed_build, seed_html):
    expected = entity_count(seed_build.graph)
    assert expected > 0
    opened = open_page(seed_html)
    assert opened.page.evaluate("nodes.length") == expected
    # and vis-network drew them all, not just the DataSet holding them
    assert opened.page.evaluate("Object.keys(network.getPositions()).length") == expected


@pytest.mark.model
def test_no_remote_links_or_scripts(seed_html):
    text = seed_html.read_text(encoding="utf-8")
    tags = re.findall(r"<(?:link|script)\b[^>]*>", text, flags=re.I)
    remote = [t for t in tags if re.search(r"""(?:href|src)\s*=\s*["']?\s*(?:https?:)?//""", t, flags=re.I)]
    assert remote == []


@pytest.mark.model
def test_legend_lists_the_six_classes(open_page, seed_html):
    page = open_page(seed_html).page
    legend = page.locator("#kg-legend")
    assert legend.count() == 1
    assert legend.is_visible()
    text = legend.inner_text()
    for cls in ENTITY_CLASSES:
        assert re.search(rf"\b{cls} \(\d+\)", text), f"{cls} missing from legend: {text!r}"


@pytest.mark.model
def test_node_tooltip_is_plain_text_with_type_and_sources(open_page, seed_html):
    page = open_page(seed_html).page
    found = page.evaluate("nodes.get({filter: n => n.label === 'Xi Jinping'})")
    assert len(found) == 1, found
    node = found[0]
    assert isinstance(node["title"], str)
    assert "Type: Person" in node["title"]
    assert "Mentioned in" in node["title"]
    # vis-network shows the string as text: what the reader sees is the title itself
    shown = freeze_and_hover(page, node["id"])
    assert "Type: Person" in shown
    assert "Mentioned in" in shown
    # innerText turns newlines into <br>; any other element would mean the title went in as markup
    assert page.evaluate(TOOLTIP_MARKUP) == 0


@pytest.mark.model
def test_relation_edge_tooltip_quotes_its_source_sentence(open_page, seed_html):
    page = open_page(seed_html).page
    edges = page.evaluate("edges.get({filter: e => e.label === 'worksFor' || e.label === 'leaderOf'})")
    assert edges, "no worksFor or leaderOf edge in the page"
    quoted = [e for e in edges if isinstance(e.get("title"), str) and re.search(r"“[^”]{21,}”", e["title"])]
    assert quoted, [e.get("title") for e in edges]


# --- injection (no model) -----------------------------------------------------------------------

HOSTILE = (
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=2</script>",
)
HOSTILE_SENTENCE = "“</script><img src=x onerror=window.__pwned=3>” & <b>bold</b> -->"


def hostile_graph() -> Graph:
    ex = Namespace("https://example.org/kg/")
    g = Graph()
    article = ex["article/a1"]
    g.add((article, RDF.type, KG.Article))
    g.add((article, KG.identifier, Literal("<svg onload=window.__pwned=4>")))
    people = []
    for i, name in enumerate(HOSTILE):
        person = ex[f"person/p{i}"]
        people.append(person)
        g.add((person, RDF.type, KG.Person))
        g.add((person, RDFS.label, Literal(name)))
        g.add((person, KG.mentionedIn, article))
    g.add((people[0], KG.met, people[1]))
    st = URIRef(ex["statement/s1"])
    g.add((st, RDF.type, RDF.Statement))
    g.add((st, RDF.subject, people[0]))
    g.add((st, RDF.predicate, KG.met))
    g.add((st, RDF.object, people[1]))
    g.add((st, KG.sentence, Literal(HOSTILE_SENTENCE)))
    g.add((st, PROV.wasDerivedFrom, article))
    return g


def test_entity_names_cannot_inject_markup(open_page, tmp_path):
    path = tmp_path / "hostile.html"
    export(hostile_graph(), path)
    opened = open_page(path)
    page = opened.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    labels = sorted(n["label"] for n in page.evaluate("nodes.get()"))
    assert labels == sorted(HOSTILE)
    edge_titles = [e["title"] for e in page.evaluate("edges.get()")]
    assert len(edge_titles) == 1 and HOSTILE_SENTENCE in edge_titles[0]
    # the tooltips too are text, never markup
    for node in page.evaluate("nodes.get()"):
        shown = freeze_and_hover(page, node["id"])
        assert shown.splitlines()[0] == node["label"]
        assert "<svg onload=window.__pwned=4>" in shown
        page.mouse.move(1, 1)
    page.wait_for_timeout(300)  # an <img onerror> would fire once its load fails
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, svg, #mynetwork script').length") == 0
    assert page.evaluate(TOOLTIP_MARKUP) == 0
    assert opened.page_errors == []
    assert [u for u in opened.requests if not u.startswith("file://")] == []
