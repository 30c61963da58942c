"""The HTML graph in a real browser: headless Chromium, driven by Playwright, with the network cut.

Every test opens the exported page from file:// in a browser context that is
offline, so a page that needs the network (a CDN link, a remote script) fails
here as it would on a reader's laptop on a train. The browser is launched once
per module. Tests marked `model` build the seed articles with the real spaCy
model (once per module); the injection, max_nodes and big-graph tests build
their graphs by hand and need no model.

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
from rdflib.namespace import PROV, SKOS

from kg.exporters import export
from kg.vocab import ENTITY_CLASSES, EVENT_CLASSES, KG, RELATIONS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SEEDS = Path(__file__).parent.parent / "seeds"
NETWORK_READY = "typeof network !== 'undefined' && network !== null"
STABILIZED = "window.kgStabilized === true"
ARTICLE_ID = re.compile(r"^\d{3}_[0-9a-f]{16}$")
SEED_ARTICLES = {"000_688d6182de7296f6", "004_43dff2a6096254a8"}
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
    """open_page(path, fragment="") -> Opened: the page loaded from file:// (with "#..." after it)
    in a fresh offline context."""
    contexts = []

    def _open(path: Path, fragment: str = "") -> Opened:
        context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        console_errors: list[str] = []
        page_errors: list[str] = []
        requests: list[str] = []
        page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: page_errors.append(str(exc)))
        page.on("request", lambda req: requests.append(req.url))
        page.goto(path.resolve().as_uri() + fragment, wait_until="load")
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


ROLES = ("agent", "target", "participant", "location", "buyer", "seller")


def unconnected_entities(graph: Graph) -> set[str]:
    """The entities in no relation with another entity and in no event's role, read from the RDF."""
    entities = {s for cls in ENTITY_CLASSES for s in graph.subjects(RDF.type, KG[cls])}
    linked = {x for p in RELATIONS for s, o in graph.subject_objects(KG[p])
              if s in entities and o in entities for x in (s, o)}
    events = {s for cls in EVENT_CLASSES for s in graph.subjects(RDF.type, KG[cls])}
    linked |= {e for ev in events for r in ROLES for e in graph.objects(ev, KG[r]) if e in entities}
    return {str(e) for e in entities - linked}


def node_point(page, node_id: str) -> dict:
    """Stop the physics and centre the node; where it is on the page ({x, y})."""
    page.evaluate("network.stopSimulation(); network.setOptions({physics: false})")
    page.evaluate("(id) => network.moveTo({position: network.getPosition(id), scale: 1.5, animation: false})",
                  node_id)
    return page.evaluate("""(id) => {
        const p = network.canvasToDOM(network.getPosition(id));
        const r = document.querySelector('#mynetwork').getBoundingClientRect();
        return {x: r.left + p.x, y: r.top + p.y};
    }""", node_id)


def freeze_and_hover(page, node_id: str) -> str:
    """Stop the physics, centre the node, put the mouse on it; the tooltip's text."""
    point = node_point(page, node_id)
    page.mouse.move(point["x"] + 40, point["y"] + 40)
    page.mouse.move(point["x"], point["y"], steps=5)
    page.wait_for_function(
        "() => { const t = document.querySelector('div.vis-tooltip');"
        " return t && getComputedStyle(t).visibility === 'visible' && t.innerText.length > 0; }",
        timeout=5_000)
    return page.evaluate("document.querySelector('div.vis-tooltip').innerText")


def iri_of(graph: Graph, label: str) -> str:
    found = [s for s in graph.subjects(RDFS.label, Literal(label)) if is_entity(graph, s)]
    assert len(found) == 1, (label, found)
    return str(found[0])


def is_entity(graph: Graph, node) -> bool:
    return any((node, RDF.type, KG[c]) in graph for c in ENTITY_CLASSES)


def click_node(page, node_id: str) -> None:
    """Stop the physics, centre the node and click it where vis-network drew it."""
    page.evaluate("network.stopSimulation(); network.setOptions({physics: false})")
    page.evaluate("(id) => network.moveTo({position: network.getPosition(id), scale: 1.5, animation: false})",
                  node_id)
    point = page.evaluate("""(id) => {
        const p = network.canvasToDOM(network.getPositions([id])[id]);
        const r = document.querySelector('#mynetwork').getBoundingClientRect();
        return {x: r.left + p.x, y: r.top + p.y};
    }""", node_id)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function("(id) => !document.querySelector('#kg-panel').hidden"
                           " && document.querySelector('#kg-panel').dataset.node === id", arg=node_id,
                           timeout=5_000)


PANEL_FACTS = """() => [...document.querySelectorAll('#kg-panel li.kg-fact, #kg-panel li.kg-quote,'
    + ' #kg-panel li.kg-event')].map(li => ({
        cls: li.className, prop: li.dataset.prop || null, dir: li.dataset.dir || null,
        kind: li.dataset.kind || null, line: li.firstChild.textContent,
        sentences: [...li.querySelectorAll('.kg-source-sentence')].map(e => e.textContent),
        articles: [...li.querySelectorAll('.kg-source-article')].map(e => e.textContent)}))"""


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
    events = len({s for cls in EVENT_CLASSES for s in seed_build.graph.subjects(RDF.type, KG[cls])})
    opened = open_page(seed_html)
    assert opened.page.evaluate("nodes.get({filter: n => !n.kgEvent}).length") == expected
    assert opened.page.evaluate("nodes.get({filter: n => n.kgEvent}).length") == events
    # vis-network draws the connected entities and the events first, then all of them on asking
    unconnected = len(unconnected_entities(seed_build.graph))
    assert opened.page.evaluate("Object.keys(network.getPositions()).length") == expected - unconnected + events
    opened.page.locator("#kg-unconnected").check()
    assert opened.page.evaluate("Object.keys(network.getPositions()).length") == expected + events


@pytest.mark.model
def test_the_toggle_counts_and_shows_the_unconnected_entities(open_page, seed_build, seed_html):
    lonely = unconnected_entities(seed_build.graph)
    assert lonely  # the seeds name a few entities in nothing but a mention
    opened = open_page(seed_html)
    page = opened.page
    page.wait_for_function(STABILIZED, timeout=20_000)
    assert page.locator("#kg-unconnected-text").inner_text() == f"Show {len(lonely)} unconnected entities"
    assert sorted(page.evaluate("nodes.get({filter: n => n.hidden}).map(n => n.id)")) == sorted(lonely)
    page.locator("#kg-unconnected").check()
    assert page.evaluate("nodes.get({filter: n => n.hidden}).length") == 0
    assert set(page.evaluate("Object.keys(network.getPositions())")) >= lonely
    assert page.evaluate("location.hash") == "#unconnected=1"
    page.locator("#kg-unconnected").uncheck()
    assert sorted(page.evaluate("nodes.get({filter: n => n.hidden}).map(n => n.id)")) == sorted(lonely)
    assert page.evaluate("location.hash") == ""
    assert opened.page_errors == [] and opened.console_errors == []


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


@pytest.mark.model
@pytest.mark.parametrize("query, submit", [("Xi Jinping", "Enter"), ("Xi", "Enter"), ("xi jinping", "button")])
def test_search_box_selects_and_focuses_the_node(open_page, seed_build, seed_html, query, submit):
    xi = iri_of(seed_build.graph, "Xi Jinping")
    page = open_page(seed_html).page
    page.wait_for_function(STABILIZED, timeout=20_000)
    box = page.locator("#kg-search")
    assert box.is_visible()
    box.fill(query)
    if submit == "Enter":
        box.press("Enter")
    else:
        page.locator("#kg-search-button").click()
    page.wait_for_function("(id) => network.getSelectedNodes().includes(id)", arg=xi, timeout=5_000)
    assert page.evaluate("network.getSelectedNodes()") == [xi]
    # focused: once the animation is over the node is in the middle of what the panel leaves uncovered
    page.wait_for_timeout(600)
    gap = page.evaluate("""(id) => {
        const p = network.canvasToDOM(network.getPosition(id));
        const r = document.querySelector('#mynetwork').getBoundingClientRect();
        const free = r.width - document.querySelector('#kg-panel').offsetWidth;
        return Math.hypot(p.x - free / 2, p.y - r.height / 2); }""", xi)
    assert gap < 5, gap
    assert "Xi Jinping" in page.locator("#kg-search-status").inner_text()
    # and its facts are shown
    assert page.evaluate("document.querySelector('#kg-panel').dataset.node") == xi


@pytest.mark.model
def test_search_for_an_unknown_name_says_so(open_page, seed_html):
    page = open_page(seed_html).page
    page.locator("#kg-search").fill("Nobody Atall")
    page.locator("#kg-search").press("Enter")
    page.wait_for_function("document.querySelector('#kg-search-status').textContent.length > 0")
    assert "No entity named" in page.locator("#kg-search-status").inner_text()
    assert page.evaluate("network.getSelectedNodes()") == []


@pytest.mark.model
def test_filter_by_class_hides_that_class_only(open_page, seed_html):
    page = open_page(seed_html).page
    page.locator("#kg-unconnected").check()  # every entity shown, so the class alone hides
    for cls in ENTITY_CLASSES:
        assert page.locator(f"#kg-filter-{cls}").is_checked()
    hidden_by_class = """() => { const out = {};
        nodes.get().forEach(n => { (out[n.kgClass] = out[n.kgClass] || []).push(!!n.hidden); });
        return out; }"""
    page.locator("#kg-filter-Person").uncheck()
    state = page.evaluate(hidden_by_class)
    assert state["Person"] and all(state["Person"]), state
    assert not any(h for cls, hs in state.items() if cls != "Person" for h in hs), state
    # an edge with a Person at either end is hidden too, the others are not
    bad = page.evaluate("""() => edges.get().filter(e => {
        const person = nodes.get(e.from).kgClass === 'Person' || nodes.get(e.to).kgClass === 'Person';
        return !!e.hidden !== person; }).length""")
    assert bad == 0
    page.locator("#kg-filter-Person").check()
    state = page.evaluate(hidden_by_class)
    assert not any(h for hs in state.values() for h in hs), state
    assert page.evaluate("edges.get().filter(e => e.hidden).length") == 0


@pytest.mark.model
@pytest.mark.parametrize("name", ["Donald Trump", "Xi Jinping"])
def test_clicking_a_node_lists_its_facts_with_sources(open_page, seed_build, seed_html, name):
    node = iri_of(seed_build.graph, name)
    opened = open_page(seed_html)
    page = opened.page
    page.wait_for_function(STABILIZED, timeout=20_000)
    assert page.locator("#kg-panel").is_hidden()
    click_node(page, node)
    panel = page.locator("#kg-panel")
    assert panel.is_visible()
    assert page.locator("#kg-panel h2").inner_text() == name
    facts = page.evaluate(PANEL_FACTS)
    relations = [f for f in facts if f["dir"]]
    # every relation in and out of the graph is listed, each with its sentence and article
    g = seed_build.graph
    expected = sorted([(p, "out") for p in RELATIONS for o in g.objects(URIRef(node), KG[p]) if is_entity(g, o)]
                      + [(p, "in") for p in RELATIONS for s in g.subjects(KG[p], URIRef(node)) if is_entity(g, s)])
    assert sorted((f["prop"], f["dir"]) for f in relations) == expected
    for f in facts:
        if f["cls"] == "kg-fact" and f["prop"] == "date":
            continue
        assert f["sentences"] and all(len(x) > 20 for x in f["sentences"]), f
        assert f["articles"] and all(ARTICLE_ID.match(a) for a in f["articles"]), f
        assert set(f["articles"]) <= SEED_ARTICLES, f
    leader = [f for f in relations if f["prop"] == "leaderOf" and f["dir"] == "out"]
    assert leader, relations
    assert any(a in SEED_ARTICLES for f in leader for a in f["articles"])
    assert any(name.split()[-1] in s for f in leader for s in f["sentences"]), leader
    titles = [f for f in facts if f["prop"] == "jobTitle"]
    assert any(f["line"] == "President" for f in titles), titles
    events = [f for f in facts if f["cls"] == "kg-event"]
    assert any(f["kind"] == "PhoneCall" for f in events), events
    if name == "Xi Jinping":
        quotes = [f for f in facts if f["cls"] == "kg-quote"]
        assert any("meet China halfway" in f["line"] for f in quotes), quotes
    # a fact's other entity is a button that moves the panel to it
    other = page.locator("#kg-panel li.kg-fact[data-prop=leaderOf] button.kg-go").first
    target = other.inner_text()
    other.click()
    page.wait_for_function("(t) => document.querySelector('#kg-panel h2').textContent === t", arg=target)
    # clicking the empty canvas closes the panel (looking far away from every node)
    page.evaluate("network.moveTo({position: {x: 100000, y: 100000}, scale: 1, animation: false})")
    page.mouse.click(400, 400)
    page.wait_for_function("document.querySelector('#kg-panel').hidden")
    # and so does its close button
    click_node(page, node)
    page.locator("#kg-panel-close").click()
    assert page.locator("#kg-panel").is_hidden()
    assert opened.page_errors == [] and opened.console_errors == []


# --- events as nodes -------------------------------------------------------------------------------

US_CHINA_TARIFF = "United States → China tariff: 145% → 30%"
# the colour vis-network painted at the centre of a node, and whether that point is on the canvas shown
# The pixels within 3 CSS pixels of a node's centre: an edge drawn across the exact centre must
# not hide a node that is painted
PAINTED = """(id) => {
    const p = network.canvasToDOM(network.getPosition(id));
    const canvas = document.querySelector('#mynetwork canvas');
    const inside = p.x >= 0 && p.y >= 0 && p.x < canvas.clientWidth && p.y < canvas.clientHeight;
    const ratio = canvas.width / canvas.clientWidth;
    const r = Math.round(3 * ratio);
    const d = canvas.getContext('2d').getImageData(Math.round(p.x * ratio) - r, Math.round(p.y * ratio) - r,
                                                   2 * r + 1, 2 * r + 1).data;
    const rgbs = [];
    for (let i = 0; i < d.length; i += 4) rgbs.push([d[i], d[i + 1], d[i + 2]]);
    return {inside: inside, rgbs: rgbs}; }"""


def event_ids(page, cls: str) -> list[str]:
    return page.evaluate("(c) => nodes.get({filter: n => n.kgClass === c}).map(n => n.id)", cls)


@pytest.mark.model
def test_seed_events_are_on_the_canvas_with_their_role_edges(open_page, seed_build, seed_html):
    opened = open_page(seed_html)
    page = opened.page
    page.wait_for_function(STABILIZED, timeout=20_000)
    g = seed_build.graph
    us, china = iri_of(g, "United States"), iri_of(g, "China")
    tariffs = page.evaluate("nodes.get({filter: n => n.kgClass === 'TariffChange'})")
    assert US_CHINA_TARIFF in [n["label"] for n in tariffs], tariffs
    [cut] = [n["id"] for n in tariffs if n["label"] == US_CHINA_TARIFF]
    roles = page.evaluate("(id) => edges.get({filter: e => e.from === id}).map(e => [e.label, e.to])", cut)
    assert sorted(roles) == sorted([["agent", us], ["target", china]])
    meetings = event_ids(page, "Meeting") + event_ids(page, "PhoneCall")
    assert len(event_ids(page, "Meeting")) >= 1 and len(event_ids(page, "PhoneCall")) >= 1
    for m in meetings:
        parts = page.evaluate("(id) => edges.get({filter: e => e.from === id}).map(e => e.label)", m)
        assert parts.count("participant") >= 2, parts
    # drawn, without any click: inside the canvas, painted in the events' colour, not hidden
    for node in [*event_ids(page, "TariffChange"), *meetings]:
        painted = page.evaluate(PAINTED, node)
        assert painted["inside"], node
        own = sum(all(abs(c - 0x50) <= 12 for c in rgb) for rgb in painted["rgbs"])
        assert own >= 5, (node, own)  # the node's body, not a stray anti-aliased pixel
        assert page.evaluate("(id) => !nodes.get(id).hidden && !network.body.nodes[id].options.hidden", node)
    # the legend lists the event classes with their counts
    legend = page.locator("#kg-legend").inner_text()
    for cls in EVENT_CLASSES:
        assert re.search(rf"\b{cls} \(\d+\)", legend), legend
    assert opened.page_errors == [] and opened.console_errors == []


@pytest.mark.model
def test_the_event_checkboxes_hide_and_show_events_and_their_role_edges(open_page, seed_html):
    page = open_page(seed_html).page
    page.locator("#kg-unconnected").check()  # every entity shown, so the class alone hides
    state = """(cls) => ({nodes: nodes.get({filter: n => n.kgClass === cls}).map(n => !!n.hidden),
        roles: edges.get({filter: e => nodes.get(e.from).kgClass === cls}).map(e => !!e.hidden),
        others: nodes.get({filter: n => n.kgClass !== cls && n.hidden}).length
              + edges.get({filter: e => nodes.get(e.from).kgClass !== cls && e.hidden}).length})"""
    for cls in ("TariffChange", "Meeting"):
        box = page.locator(f"#kg-filter-{cls}")
        assert box.is_checked()
        box.uncheck()
        got = page.evaluate(state, cls)
        assert got["nodes"] and all(got["nodes"]) and got["roles"] and all(got["roles"]), got
        assert got["others"] == 0, got
        box.check()
        got = page.evaluate(state, cls)
        assert not any(got["nodes"]) and not any(got["roles"]) and got["others"] == 0, got
    # hiding a class of entities hides the role edges to them, not the events
    page.locator("#kg-filter-Country").uncheck()
    assert page.evaluate("edges.get({filter: e => e.kgRole && !e.hidden"
                         " && nodes.get(e.to).kgClass === 'Country'}).length") == 0
    assert page.evaluate("nodes.get({filter: n => n.kgEvent && n.hidden}).length") == 0


@pytest.mark.model
def test_clicking_an_event_shows_its_rates_sentence_and_article(open_page, seed_build, seed_html):
    opened = open_page(seed_html)
    page = opened.page
    page.wait_for_function(STABILIZED, timeout=20_000)
    [cut] = page.evaluate("(l) => nodes.get({filter: n => n.label === l}).map(n => n.id)", US_CHINA_TARIFF)
    click_node(page, cut)
    assert page.locator("#kg-panel h2").inner_text() == US_CHINA_TARIFF
    assert "TariffChange" in page.locator("#kg-panel .kg-panel-type").inner_text()
    roles = page.evaluate("[...document.querySelectorAll('#kg-panel li.kg-role')].map(li =>"
                          " [li.dataset.role, li.querySelector('.kg-go').textContent])")
    assert sorted(roles) == [["agent", "United States"], ["target", "China"]]
    facts = {f["prop"]: f["line"] for f in page.evaluate(PANEL_FACTS)}
    assert facts == {"fromRate": "fromRate 145%", "toRate": "toRate 30%"}
    sentence = page.locator("#kg-panel .kg-source-sentence").inner_text()
    assert "145%" in sentence and "30%" in sentence
    assert page.locator("#kg-panel .kg-source-article").inner_text() == "004_43dff2a6096254a8"
    # a role's entity is a button to its panel, whose event list leads back to the event
    page.locator("#kg-panel li.kg-role[data-role=agent] button.kg-go").click()
    page.wait_for_function("document.querySelector('#kg-panel h2').textContent === 'United States'")
    back = page.locator("#kg-panel li.kg-event button.kg-go", has_text="TariffChange")
    assert back.count() >= 1
    back.first.click()
    page.wait_for_function("document.querySelector('#kg-panel').dataset.node !== undefined"
                           " && document.querySelector('#kg-panel h2').textContent.includes('tariff')")
    assert opened.page_errors == [] and opened.console_errors == []


def test_event_text_cannot_inject_markup(open_page, tmp_path):
    from tests.test_exporters_events import HOSTILE, event_graph

    path = tmp_path / "events.html"
    export(event_graph(), path)
    opened = open_page(path)
    page = opened.page
    page.wait_for_function(STABILIZED, timeout=20_000)
    [hostile] = page.evaluate("nodes.get({filter: n => n.id.endsWith('/event/x1')})")
    assert hostile["label"] == "China tariff: to 10%" and HOSTILE in hostile["title"]
    shown = freeze_and_hover(page, hostile["id"])
    assert HOSTILE in shown and page.evaluate(TOOLTIP_MARKUP) == 0
    page.mouse.move(1, 1)
    click_node(page, hostile["id"])
    assert HOSTILE in page.locator("#kg-panel .kg-source-sentence").inner_text()
    ann = page.evaluate("nodes.get({filter: n => n.label === 'Ann Lee'})")[0]["id"]
    click_node(page, ann)
    assert HOSTILE in page.locator("#kg-panel").inner_text()  # her quotation, in the panel
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    assert page.evaluate("document.querySelectorAll('#kg-panel b, #kg-panel script').length") == 0
    assert opened.page_errors == [] and opened.console_errors == []


def test_max_nodes_counts_events_and_says_so(open_page, tmp_path):
    from tests.test_exporters_events import event_graph

    path = tmp_path / "capped.html"
    export(event_graph(), path, max_nodes=6)
    opened = open_page(path)
    page = opened.page
    assert page.evaluate("nodes.length") == 6
    events = page.evaluate("nodes.get({filter: n => n.kgEvent}).length")
    assert events >= 1
    # every role edge has both ends drawn
    assert page.evaluate("edges.get({filter: e => !nodes.get(e.from) || !nodes.get(e.to)}).length") == 0
    assert f"showing {6 - events} of 7 entities (the best connected) and {events} of 5 events" in \
        page.locator("#kg-legend").inner_text()
    page.wait_for_function(STABILIZED, timeout=20_000)
    assert opened.page_errors == [] and opened.console_errors == []


# --- max_nodes and big graphs (no model) ------------------------------------------------------------

def synthetic_graph(n: int) -> Graph:
    """n entities of the six classes; entity i has a relation to entity i % 37 and to (7i + 3) % n,
    so the first 37 are hubs and degrees differ (the same graph every time)."""
    ex = Namespace("https://example.org/kg/")
    g = Graph()
    article = ex["article/s1"]
    g.add((article, RDF.type, KG.Article))
    g.add((article, KG.identifier, Literal("s1")))
    ents = []
    for i in range(n):
        cls = ENTITY_CLASSES[i % len(ENTITY_CLASSES)]
        e = ex[f"{cls.lower()}/e{i:05d}"]
        ents.append(e)
        g.add((e, RDF.type, KG[cls]))
        g.add((e, RDFS.label, Literal(f"{cls} {i}")))
        g.add((e, KG.mentionedIn, article))
    for i, e in enumerate(ents):
        for j in (i % 37, (7 * i + 3) % n):
            if j != i:
                g.add((e, KG.met, ents[j]))
                st = ex[f"statement/s{i}-{j}"]
                for p, o in ((RDF.type, RDF.Statement), (RDF.subject, e), (RDF.predicate, KG.met),
                             (RDF.object, ents[j]), (KG.sentence, Literal(f"{i} met {j} in a sentence.")),
                             (PROV.wasDerivedFrom, article)):
                    g.add((st, p, o))
    return g


def test_max_nodes_keeps_the_best_connected(open_page, tmp_path):
    g = synthetic_graph(800)
    path = tmp_path / "capped.html"
    export(g, path, max_nodes=500)
    again = tmp_path / "again.html"
    export(g, again, max_nodes=500)
    assert path.read_bytes() == again.read_bytes()
    degree: dict[str, int] = {}
    for s, o in g.subject_objects(KG.met):
        for x in (s, o):
            degree[str(x)] = degree.get(str(x), 0) + 1
    expected = sorted(sorted(degree, key=lambda x: (-degree[x], x))[:500])
    opened = open_page(path)
    page = opened.page
    assert page.evaluate("nodes.length") == 500
    assert sorted(page.evaluate("nodes.getIds()")) == expected
    # no edge to a node that is not drawn
    assert page.evaluate("edges.get().filter(e => !nodes.get(e.from) || !nodes.get(e.to)).length") == 0
    legend = page.locator("#kg-legend").inner_text()
    assert "showing 500 of 800 entities (the best connected)" in legend
    page.wait_for_function(STABILIZED, timeout=60_000)
    assert opened.page_errors == [] and opened.console_errors == []


def test_without_max_nodes_every_entity_is_drawn_and_nothing_says_showing(tmp_path):
    g = synthetic_graph(60)
    path = tmp_path / "all.html"
    export(g, path, max_nodes=100)
    text = path.read_text(encoding="utf-8")
    assert "showing" not in text.split('id="kg-data"')[0]
    assert text.count('"kgClass"') == 60


def test_big_graph_is_laid_out_then_physics_is_off(open_page, tmp_path):
    path = tmp_path / "big.html"
    export(synthetic_graph(600), path)
    opened = open_page(path)
    page = opened.page
    assert page.evaluate("nodes.length") == 600
    assert "Laying out 600 nodes" in page.evaluate("document.querySelector('#kg-loading').dataset.text")
    page.wait_for_function(STABILIZED, timeout=60_000)
    assert page.evaluate("network.physics.physicsEnabled") is False
    assert page.evaluate("network.physics.options.enabled") is False
    assert page.locator("#kg-loading").is_hidden()
    # still usable: the search finds a node and focuses it
    page.locator("#kg-search").fill("Person 42")
    page.locator("#kg-search").press("Enter")
    page.wait_for_function("network.getSelectedNodes().length === 1")
    assert page.evaluate("network.getSelectedNodes()") == ["https://example.org/kg/person/e00042"]
    assert opened.page_errors == [] and opened.console_errors == []


def test_small_graph_keeps_physics_and_shows_no_layout_message(open_page, tmp_path):
    path = tmp_path / "small.html"
    export(synthetic_graph(100), path)
    page = open_page(path).page
    page.wait_for_function(STABILIZED, timeout=30_000)
    assert page.evaluate("network.physics.physicsEnabled") is True
    assert page.locator("#kg-loading").is_hidden()


# --- injection (no model) -----------------------------------------------------------------------

HOSTILE = (
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=2</script>",
)
HOSTILE_SENTENCE = "“</script><img src=x onerror=window.__pwned=3>” & <b>bold</b> -->"
HOSTILE_QUOTE = "<!-- <script>window.__pwned=5</script> \u2028 <iframe src=javascript:window.__pwned=6>"
HOSTILE_TITLE = "<svg/onload=window.__pwned=7>Chief"


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
    # what the details panel shows: a job title, an alias, a quotation and a meeting, all hostile
    g.add((people[0], KG.jobTitle, Literal(HOSTILE_TITLE)))
    g.add((people[1], SKOS.altLabel, Literal(HOSTILE[0])))
    title = URIRef(ex["statement/s2"])
    for p, o in ((RDF.type, RDF.Statement), (RDF.subject, people[0]), (RDF.predicate, KG.jobTitle),
                 (RDF.object, Literal(HOSTILE_TITLE)), (KG.sentence, Literal(HOSTILE_SENTENCE + " title")),
                 (PROV.wasDerivedFrom, article)):
        g.add((title, p, o))
    quote = URIRef(ex["event/q1"])
    for p, o in ((RDF.type, KG.Quotation), (KG.speaker, people[1]), (KG.text, Literal(HOSTILE_QUOTE)),
                 (KG.sentence, Literal(f"They said “{HOSTILE_QUOTE}”")), (PROV.wasDerivedFrom, article)):
        g.add((quote, p, o))
    meeting = URIRef(ex["event/m1"])
    for p, o in ((RDF.type, KG.Meeting), (KG.participant, people[0]), (KG.participant, people[1]),
                 (KG.sentence, Literal(HOSTILE_SENTENCE + " meeting")), (PROV.wasDerivedFrom, article)):
        g.add((meeting, p, o))
    return g


def test_entity_names_cannot_inject_markup(open_page, tmp_path):
    path = tmp_path / "hostile.html"
    export(hostile_graph(), path)
    opened = open_page(path)
    page = opened.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    labels = sorted(n["label"] for n in page.evaluate("nodes.get({filter: n => !n.kgEvent})"))
    assert labels == sorted(HOSTILE)
    # the data blob is one JSON text with no <, > or & in it, so nothing in it can close its tag
    blob = path.read_text(encoding="utf-8").split('<script type="application/json" id="kg-data">')[1]
    blob = blob.split("</script>")[0]
    assert not set("<>&") & set(blob)
    assert "\\u003c/script\\u003e" in blob
    edge_titles = [e["title"] for e in page.evaluate("edges.get({filter: e => !e.kgRole})")]
    assert len(edge_titles) == 1 and HOSTILE_SENTENCE in edge_titles[0]
    # the tooltips too are text, never markup
    for node in page.evaluate("nodes.get()"):
        shown = freeze_and_hover(page, node["id"])
        assert shown.splitlines()[0] == node["label"]
        assert "<svg onload=window.__pwned=4>" in shown
        page.mouse.move(1, 1)
    # the details panel: every hostile string shown as the text it is (the meeting's panel too)
    for node in page.evaluate("nodes.get()"):
        click_node(page, node["id"])
        panel = page.locator("#kg-panel").inner_text()
        assert HOSTILE_SENTENCE in panel
        assert "<svg onload=window.__pwned=4>" in panel  # the article identifier
        assert node["label"] in panel
    people = [n["id"] for n in page.evaluate("nodes.get({filter: n => !n.kgEvent})")]
    click_node(page, people[0])
    assert HOSTILE_TITLE in page.locator("#kg-panel").inner_text()
    facts = page.evaluate(PANEL_FACTS)
    assert any(f["cls"] == "kg-event" for f in facts)
    click_node(page, people[1])
    assert HOSTILE_QUOTE in page.locator("#kg-panel").inner_text()
    # the search box takes hostile text too, as text
    page.locator("#kg-search").fill(HOSTILE[1])
    page.locator("#kg-search").press("Enter")
    page.locator("#kg-search").fill("<img src=x onerror=window.__pwned=8>")
    page.locator("#kg-search").press("Enter")
    assert "<img src=x onerror=window.__pwned=8>" in page.locator("#kg-search-status").inner_text()
    page.wait_for_timeout(300)  # an <img onerror> would fire once its load fails
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, svg, iframe, #mynetwork script, #kg-panel script,"
                         " #kg-legend script').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 3  # vis-network, data, page
    assert page.evaluate(TOOLTIP_MARKUP) == 0
    assert opened.page_errors == []
    assert [u for u in opened.requests if not u.startswith("file://")] == []


@pytest.mark.model
def test_the_panel_shows_an_acquisition_with_its_stake_and_a_membership(open_page, tmp_path):
    from kg.pipeline import build

    src = tmp_path / "deal.txt"
    src.write_text("Norland Corp Buys Stake\n\nNorland Corp said it has acquired 412,000 shares of Vesta Mining "
                   "Inc, or 7.3 pct of the total outstanding. Republican Senator Ann Lee of Texas praised the deal "
                   "on Monday.\n", encoding="utf-8")
    built = build([str(src)])
    path = tmp_path / "deal.html"
    export(built.graph, path)
    page = open_page(path).page
    page.wait_for_function(STABILIZED, timeout=20_000)
    click_node(page, iri_of(built.graph, "Norland Corp"))
    events = [f for f in page.evaluate(PANEL_FACTS) if f["cls"] == "kg-event"]
    assert [f["kind"] for f in events] == ["Acquisition"], events
    assert "Vesta Mining Inc (target)" in events[0]["line"] and "7.3% stake" in events[0]["line"], events
    assert events[0]["sentences"] and "412,000 shares" in events[0]["sentences"][0]
    click_node(page, iri_of(built.graph, "Ann Lee"))
    facts = page.evaluate(PANEL_FACTS)
    assert any(f["prop"] == "memberOf" and f["dir"] == "out" for f in facts), facts


@pytest.mark.model
def test_a_fact_only_the_learned_extractor_found_is_dashed_and_tagged(open_page, tmp_path):
    from kg.pipeline import build

    src = tmp_path / "born.txt"  # no rule reads "born in"; the learned extractor does
    src.write_text("In 1911, the novelist Jane Ferris was born in Dunmore, Pennsylvania.\n", encoding="utf-8")
    built = build([str(src)])
    path = tmp_path / "born.html"
    export(built.graph, path)
    page = open_page(path).page
    page.wait_for_function(STABILIZED, timeout=20_000)
    edges = {e["label"]: e for e in page.evaluate("edges.get()")}
    assert edges["livesIn"]["dashes"] is True and "learned, confidence 0." in edges["livesIn"]["title"]
    assert edges["locatedIn"]["dashes"] is False  # a rule's fact: "Dunmore, Pennsylvania"
    click_node(page, iri_of(built.graph, "Jane Ferris"))
    facts = page.evaluate(PANEL_FACTS)
    lives = [f for f in facts if f["prop"] == "livesIn"]
    assert len(lives) == 1 and "learned · 0." in lives[0]["line"], facts
    assert lives[0]["sentences"] == ["“In 1911, the novelist Jane Ferris was born in Dunmore, Pennsylvania.”"]
    assert page.locator("#kg-panel li.kg-learned .kg-learned-tag").count() == 1
