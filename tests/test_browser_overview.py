"""The HTML page's overview in headless Chromium: the unconnected entities' toggle, the list of the
most mentioned, the article and date filters and the URL fragment that keeps them, the timeline,
double-click to add neighbours, and the SPARQL endpoint link. The graph is built by hand
(tests/test_exporters_overview.py: four articles, eleven entities, four events); no model."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import PROV

from kg.exporters import export
from kg.vocab import KG
from tests.test_browser import STABILIZED, browser, node_point, open_page  # noqa: F401  (fixtures)
from tests.test_exporters_overview import ENDPOINT, ENTITIES, EX, TARIFF, UNCONNECTED, news_graph

pytestmark = pytest.mark.browser

SHOWN = """() => nodes.get({filter: n => !n.hidden}).map(n => n.id.split('/kg/')[1]).sort()"""
SHOWN_EDGES = """() => edges.get({filter: e => !e.hidden}).map(e =>
    [e.from.split('/kg/')[1], e.label, e.to.split('/kg/')[1]]).sort()"""
CONNECTED = {k for k in ENTITIES if k not in UNCONNECTED}
EVENTS = {"event/t1", "event/m1", "event/x1", "event/p1"}


def mentioned_in(article: str) -> set[str]:
    return {k for k, (_, _, arts) in ENTITIES.items() if article in arts}


@pytest.fixture(scope="module")
def news_html(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("overview") / "news.html"
    export(news_graph(), path, endpoint=ENDPOINT)
    return path


def opened_ok(opened) -> bool:
    return opened.page_errors == [] and opened.console_errors == [] and \
        [u for u in opened.requests if not u.startswith("file://")] == []


def test_the_toggle_says_how_many_are_unconnected_and_shows_them(open_page, news_html):
    opened = open_page(news_html)
    page = opened.page
    page.wait_for_function(STABILIZED, timeout=20_000)
    assert page.locator("#kg-unconnected-text").inner_text() == f"Show {len(UNCONNECTED)} unconnected entities"
    assert not page.locator("#kg-unconnected").is_checked()
    assert set(page.evaluate(SHOWN)) == CONNECTED | EVENTS
    drawn = {k.split("/kg/")[1] for k in page.evaluate("Object.keys(network.getPositions())")}
    assert drawn == CONNECTED | EVENTS
    page.locator("#kg-unconnected").check()
    assert set(page.evaluate(SHOWN)) == set(ENTITIES) | EVENTS
    drawn = {k.split("/kg/")[1] for k in page.evaluate("Object.keys(network.getPositions())")}
    assert drawn == set(ENTITIES) | EVENTS
    assert page.evaluate("location.hash") == "#unconnected=1"
    page.locator("#kg-unconnected").uncheck()
    assert set(page.evaluate(SHOWN)) == CONNECTED | EVENTS
    assert opened_ok(opened)


def test_the_article_filter_shows_only_that_article(open_page, news_html):
    opened = open_page(news_html)
    page = opened.page
    options = page.evaluate("[...document.querySelectorAll('#kg-article option')].map(o => [o.value, o.text])")
    assert options == [["", "All articles"], ["a1", "2025-01-10 · Tariffs rise (a1)"],
                       ["a2", "2025-02-20 · Talks in Oslo (a2)"], ["a3", "2025-03-05 · Xco buys Yco (a3)"],
                       ["a4", "a4"]]
    page.select_option("#kg-article", "a1")
    # the tariff change of a1 and the two countries in it; Zed Corp and Gold only with the toggle
    assert page.evaluate(SHOWN) == ["country/cn", "country/us", "event/t1"]
    assert page.evaluate(SHOWN_EDGES) == [["event/t1", "agent", "country/us"], ["event/t1", "target", "country/cn"]]
    assert page.evaluate("location.hash") == "#article=a1"
    assert page.locator("#kg-unconnected-text").inner_text() == "Show 2 unconnected entities"
    assert "Tariffs rise" in page.locator("#kg-view-status").inner_text()
    page.locator("#kg-unconnected").check()
    assert set(page.evaluate(SHOWN)) == mentioned_in("a1") | {"event/t1"}
    assert page.evaluate("location.hash") == "#article=a1&unconnected=1"
    page.select_option("#kg-article", "a2")  # its relations and meeting; not a3's basedIn, not a4's call
    assert set(page.evaluate(SHOWN)) == mentioned_in("a2") | {"event/m1"}
    assert [e for e in page.evaluate(SHOWN_EDGES) if not e[0].startswith("event/")] == [
        ["person/ann", "worksFor", "country/us"], ["person/bo", "met", "person/ann"],
        ["person/bo", "worksFor", "country/cn"]]
    page.select_option("#kg-article", "")
    assert set(page.evaluate(SHOWN)) == set(ENTITIES) | EVENTS
    assert page.evaluate("location.hash") == "#unconnected=1"
    assert opened_ok(opened)


def test_the_date_range_shows_the_articles_of_those_days(open_page, news_html):
    opened = open_page(news_html)
    page = opened.page
    assert page.evaluate("[document.querySelector('#kg-from').min, document.querySelector('#kg-to').max]") == [
        "2025-01-10", "2025-03-05"]
    page.fill("#kg-from", "2025-02-01")
    page.fill("#kg-to", "2025-03-31")
    # a2 and a3 (a4 has no day, so no range holds it)
    assert set(page.evaluate(SHOWN)) == {"country/us", "country/cn", "person/ann", "person/bo", "place/oslo",
                                         "organization/x", "organization/y", "event/m1", "event/x1"}
    assert page.evaluate("location.hash") == "#from=2025-02-01&to=2025-03-31"
    assert page.locator("#kg-unconnected-text").inner_text() == "Show 2 unconnected entities"  # Kyiv, Gold
    timeline = page.evaluate("[...document.querySelectorAll('#kg-timeline-list li[data-node]')]"
                             ".filter(li => !li.hidden).map(li => li.dataset.node.split('/kg/')[1])")
    assert timeline == ["event/m1", "event/x1"]
    page.fill("#kg-to", "")
    assert page.evaluate("location.hash") == "#from=2025-02-01"
    assert "event/p1" not in page.evaluate(SHOWN) and "event/t1" not in page.evaluate(SHOWN)
    assert opened_ok(opened)


@pytest.mark.parametrize("fragment, article, days, shown", [
    ("#article=a2", "a2", ["", ""], mentioned_in("a2") - {"place/kyiv"} | {"event/m1"}),
    ("#from=2025-01-01&to=2025-01-31&unconnected=1", "", ["2025-01-01", "2025-01-31"],
     mentioned_in("a1") | {"event/t1"}),
    ("#article=nope", "", ["", ""], CONNECTED | EVENTS),
])
def test_opening_the_page_with_a_fragment_restores_the_filter(open_page, news_html, fragment, article, days, shown):
    opened = open_page(news_html, fragment)
    page = opened.page
    page.wait_for_function(STABILIZED, timeout=20_000)
    assert set(page.evaluate(SHOWN)) == shown
    assert page.evaluate("document.querySelector('#kg-article').value") == article
    assert page.evaluate("[document.querySelector('#kg-from').value, document.querySelector('#kg-to').value]") == days
    assert page.locator("#kg-unconnected").is_checked() == ("unconnected=1" in fragment)
    if article == "nope":
        assert "No article “nope”" in page.locator("#kg-view-status").inner_text()
    # the nodes of the view are on the canvas, the others are not
    drawn = {k.split("/kg/")[1] for k in page.evaluate("Object.keys(network.getPositions())")}
    assert drawn == shown
    assert opened_ok(opened)


def test_editing_the_fragment_changes_the_view(open_page, news_html):
    opened = open_page(news_html)
    page = opened.page
    page.evaluate("location.hash = '#article=a3'")
    page.wait_for_function("document.querySelector('#kg-article').value === 'a3'")
    assert set(page.evaluate(SHOWN)) == {"country/us", "organization/x", "organization/y", "event/x1"}
    assert opened_ok(opened)


def test_the_timeline_lists_events_by_day_and_a_click_selects_the_node(open_page, news_html):
    opened = open_page(news_html)
    page = opened.page
    page.wait_for_function(STABILIZED, timeout=20_000)
    assert page.locator("#kg-timeline").is_visible()
    items = page.evaluate("""[...document.querySelectorAll('#kg-timeline-list .kg-tl-item')].map(b => ({
        id: b.dataset.node.split('/kg/')[1], date: b.querySelector('.kg-tl-date').textContent,
        published: b.querySelector('.kg-tl-date').classList.contains('kg-tl-published'),
        label: b.querySelector('.kg-tl-label').textContent}))""")
    assert [(i["id"], i["date"], i["published"]) for i in items] == [
        ("event/t1", "9 January 2025", False), ("event/m1", "20 February 2025", True),
        ("event/x1", "1 March 2025", False), ("event/p1", "undated", False)]
    assert items[0]["label"] == TARIFF  # a tariff change shows its rates
    assert "10% → 25%" in page.locator(".kg-tl-item", has_text="tariff").inner_text()
    page.locator(".kg-tl-item", has_text="Acquisition").click()
    x1 = str(EX["event/x1"])
    page.wait_for_function("(id) => network.getSelectedNodes().includes(id)", arg=x1, timeout=5_000)
    assert page.evaluate("network.getSelectedNodes()") == [x1]
    assert page.evaluate("document.querySelector('#kg-panel').dataset.node") == x1
    assert page.locator("#kg-panel h2").inner_text() == "Acquisition: Xco buys Yco (51%), 1 March"
    assert page.evaluate("document.querySelector('.kg-tl-item[aria-current=true]').dataset.node") == x1
    # an event hidden by its class is shown when its item is clicked
    page.locator("#kg-filter-TariffChange").uncheck()
    assert "event/t1" not in page.evaluate(SHOWN)
    page.locator(".kg-tl-item", has_text="tariff").click()
    t1 = str(EX["event/t1"])
    page.wait_for_function("(id) => network.getSelectedNodes().includes(id)", arg=t1, timeout=5_000)
    assert "event/t1" in page.evaluate(SHOWN) and page.locator("#kg-filter-TariffChange").is_checked()
    # the canvas ends above the strip: the strip hides no node
    assert page.evaluate("document.querySelector('#mynetwork').getBoundingClientRect().bottom") <= \
        page.evaluate("document.querySelector('#kg-timeline').getBoundingClientRect().top")
    assert opened_ok(opened)


def double_click_node(page, node_id: str) -> None:
    point = node_point(page, node_id)
    page.mouse.dblclick(point["x"], point["y"])


def test_double_click_adds_the_hidden_neighbours(open_page, news_html):
    opened = open_page(news_html, "#article=a2")
    page = opened.page
    page.wait_for_function(STABILIZED, timeout=20_000)
    assert "organization/x" not in page.evaluate(SHOWN) and "event/t1" not in page.evaluate(SHOWN)
    double_click_node(page, str(EX["country/us"]))
    # Xco (basedIn, from a3) and the tariff change (agent, from a1), with the edges to them
    page.wait_for_function("document.querySelector('#kg-search-status').textContent.startsWith('Added')")
    assert page.locator("#kg-search-status").inner_text() == "Added 2 neighbours of United States"
    assert set(page.evaluate(SHOWN)) == mentioned_in("a2") - {"place/kyiv"} | {"event/m1", "organization/x",
                                                                                "event/t1"}
    edges = page.evaluate(SHOWN_EDGES)
    assert ["organization/x", "basedIn", "country/us"] in edges and ["event/t1", "agent", "country/us"] in edges
    assert ["event/t1", "target", "country/cn"] not in edges  # the tariff's other role is not the US's neighbour
    page.wait_for_timeout(400)  # so the next two clicks are a double-click of their own
    double_click_node(page, str(EX["country/us"]))
    page.wait_for_function("document.querySelector('#kg-search-status').textContent.startsWith('Every')")
    assert page.locator("#kg-search-status").inner_text() == "Every neighbour of United States is shown"
    assert opened_ok(opened)


def test_the_most_mentioned_list_selects_an_entity(open_page, news_html):
    opened = open_page(news_html)
    page = opened.page
    page.wait_for_function(STABILIZED, timeout=20_000)
    top = "[...document.querySelectorAll('#kg-top .kg-top-item')].map(b => [b.querySelector('.kg-top-label')" \
          ".textContent, b.querySelector('.kg-top-count').textContent])"
    assert page.evaluate(top) == [["United States", "3"], ["Bo Chen", "2"], ["China", "2"], ["Gold", "2"],
                                  ["Ann Lee", "1"], ["Kyiv", "1"], ["Oslo", "1"], ["Quiet Person", "1"],
                                  ["Xco", "1"], ["Yco", "1"]]
    # Gold is unconnected, so hidden: clicking it shows and selects it
    gold = str(EX["product/gold"])
    assert "product/gold" not in page.evaluate(SHOWN)
    page.locator(".kg-top-item", has_text="Gold").click()
    page.wait_for_function("(id) => network.getSelectedNodes().includes(id)", arg=gold, timeout=5_000)
    assert "product/gold" in page.evaluate(SHOWN)
    assert page.locator("#kg-panel h2").inner_text() == "Gold"
    # in one article's view it counts the mentions there
    page.select_option("#kg-article", "a1")
    assert page.evaluate(top) == [["China", "1"], ["Gold", "1"], ["United States", "1"], ["Zed Corp", "1"]]
    assert opened_ok(opened)


def test_the_endpoint_link_goes_to_the_url_given(open_page, news_html):
    opened = open_page(news_html)
    page = opened.page
    link = page.locator("#kg-endpoint")
    assert link.inner_text() == "SPARQL endpoint"
    assert link.get_attribute("href") == ENDPOINT
    assert page.evaluate("document.querySelectorAll('#kg-legend b').length") == 0
    assert opened_ok(opened)  # a link is not a request


def test_article_titles_and_identifiers_cannot_inject_markup(open_page, tmp_path):
    hostile = "<img src=x onerror=window.__pwned=1>"
    g = news_graph()
    g.set((EX["article/a4"], KG.title, Literal(hostile)))
    g.set((EX["article/a3"], KG.identifier, Literal("</script><script>window.__pwned=2</script>")))
    path = tmp_path / "hostile.html"
    export(g, path)
    opened = open_page(path, "#article=" + "%3C%2Fscript%3E%3Cscript%3Ewindow.__pwned%3D2%3C%2Fscript%3E")
    page = opened.page
    page.wait_for_function(STABILIZED, timeout=20_000)
    texts = page.evaluate("[...document.querySelectorAll('#kg-article option')].map(o => o.text)")
    assert f"{hostile} (a4)" in texts
    assert page.evaluate("document.querySelector('#kg-article').value") == "</script><script>window.__pwned=2</script>"
    assert set(page.evaluate(SHOWN)) == {"country/us", "organization/x", "organization/y", "event/x1"}
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, #kg-legend script').length") == 0
    assert opened_ok(opened)


def chain_graph(n: int, per_article: int) -> Graph:
    """n people in a chain (i met i+1), the statement of each link and both its people from
    article a(i // per_article): a big graph whose articles are small."""
    g = Graph()
    for k in range(n // per_article + 1):
        a = EX[f"article/c{k:03d}"]
        g.add((a, RDF.type, KG.Article))
        g.add((a, KG.identifier, Literal(f"c{k:03d}")))
    people = [EX[f"person/c{i:04d}"] for i in range(n)]
    for i, p in enumerate(people):
        g.add((p, RDF.type, KG.Person))
        g.add((p, RDFS.label, Literal(f"Person {i}")))
    for i in range(n - 1):
        a = EX[f"article/c{i // per_article:03d}"]
        st = EX[f"statement/c{i}"]
        g.add((people[i], KG.met, people[i + 1]))
        for p, o in ((RDF.type, RDF.Statement), (RDF.subject, people[i]), (RDF.predicate, KG.met),
                     (RDF.object, people[i + 1]), (PROV.wasDerivedFrom, a)):
            g.add((st, p, o))
        g.add((people[i], KG.mentionedIn, a))
        g.add((people[i + 1], KG.mentionedIn, a))
    return g


def test_a_small_view_of_a_big_graph_lays_itself_out_and_the_big_one_comes_back(open_page, tmp_path):
    path = tmp_path / "chain.html"
    export(chain_graph(600, 100), path)
    opened = open_page(path)
    page = opened.page
    page.wait_for_function(STABILIZED, timeout=60_000)
    assert page.evaluate("network.physics.physicsEnabled") is False
    before = page.evaluate("network.getPositions()")
    assert len(before) == 600
    page.select_option("#kg-article", "c002")
    assert page.evaluate("nodes.get({filter: n => !n.hidden}).length") == 101
    assert page.evaluate("network.physics.physicsEnabled") is True  # 101 nodes lay themselves out
    page.wait_for_timeout(500)
    page.select_option("#kg-article", "")
    assert page.evaluate("network.physics.physicsEnabled") is False
    after = page.evaluate("network.getPositions()")
    moved = [k for k in before if abs(before[k]["x"] - after[k]["x"]) > 1 or abs(before[k]["y"] - after[k]["y"]) > 1]
    assert moved == []  # back where the big layout put them
    assert opened_ok(opened)
