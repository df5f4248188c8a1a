"""A real ``stratgraph serve`` (uvicorn on 127.0.0.1) in Debian's chromium: the "done means" path of
issue 18 (a Finnish idea -> related projects; the collaboration map; the scorecard), suggestions while
typing, axe-core on every page type, and XSS payloads in labels staying text on every live page."""

from __future__ import annotations

import pytest

from tests.helpers import PAYLOADS, wait_for_map
from tests.stratgraph.web.conftest import ONE_IMPLEMENTER, Server

pytestmark = pytest.mark.slow

#: One page of each type (the path under the server's root).
PAGE_TYPES = ["index.html", "search.html?q=ilmasto", "idea.html", "idea.html?text=kiertotaloutta+kouluissa",
              "silos.html", "gaps.html", "links.html", "coverage.html", "followup.html", "crosswalk.html",
              "maps.html", "projects/index.html", "organisations/index.html", "bodies/index.html",
              "projects/P-HNR.html", "organisations/U-YMPARISTO.html", "goals/G11.html",
              "entities/M-ENERGIANKULUTUS.html"]


def test_done_means_path(server, live_page):
    page, log = live_page(server.url)
    page.goto(server.url)
    page.get_by_role("link", name="Oma idea").first.click()
    page.fill("#idea-text", "Haluamme vähentää ilmastopäästöjä kouluissa ja edistää kiertotaloutta")
    page.get_by_role("button", name="Etsi").click()
    page.wait_for_selector("table.data tbody tr")
    assert page.locator("table.data tbody tr").count() >= 5
    first = page.locator("table.data tbody tr >> nth=0 >> a").first
    assert first.inner_text().strip()

    page.get_by_role("link", name="Kartat").first.click()
    page.locator("a[href^='maps/collaboration.html']").first.click()
    wait_for_map(page, timeout=60)
    assert page.evaluate("window.stratgraphNetwork.body.data.nodes.length") > 5

    page.goto(server.url + "followup.html")
    assert page.locator("h1").inner_text() == "Seuranta"
    assert page.locator("table.data tbody tr").count() > 5
    assert log.problems() == []


def test_suggestions_appear_while_typing(server, live_page):
    page, log = live_page(server.url)
    page.goto(server.url + "silos.html")
    page.locator("#q").press_sequentially("hiilineutr", delay=30)
    page.wait_for_selector("#suggestions li a", timeout=10_000)
    assert "Hiilineutraali" in page.locator("#suggestions").inner_text()
    page.locator("#q").press("ArrowDown")
    page.locator("#q").press("Enter")
    page.wait_for_url("**/projects/P-HNR.html")
    assert log.problems() == []


def test_every_page_type_loads_offline_without_errors_and_passes_axe(server, live_page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    control, _ = live_page(server.url)
    control.set_content('<html><body><img src="x.png"><input type="text"></body></html>')
    assert {v["id"] for v in axe.run(control).response["violations"]} >= {"image-alt", "label"}  # the check bites
    serious = {}
    for path in PAGE_TYPES:
        page, log = live_page(server.url)
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        assert log.problems() == [], (path, log.problems())
        violations = axe.run(page).response["violations"]
        bad = [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in violations
               if v.get("impact") in ("serious", "critical")]
        if bad:
            serious[path] = bad
    assert serious == {}


@pytest.mark.parametrize("path", ["nothing/here", "en/projects/x?lang=en", "projects/NOBODY.html", "silos.exe",
                                  "project/P-HNR.html"])
def test_a_mistyped_address_is_a_styled_error_page_with_a_way_back(server, live_page, path):
    """A mistyped address gave a bare "Not Found" (axe-core: no title, no language) and an error under a
    folder an unstyled page whose links led to more 404s; now the site's page, styled, and its link to
    the front page works from any depth."""
    page, _ = live_page(server.url)
    answer = page.goto(server.url + path)
    assert answer.status in (400, 404)
    assert _serious(page) == []
    assert page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.locator("header a[href$='index.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url == server.url + "index.html" and page.locator("main h1").count() == 1


def test_xss_payloads_stay_text_on_every_live_page(hostile_db, live_page):
    from tests.visualize.test_browser import assert_inert

    running = Server(hostile_db, "--read-only")
    try:
        running.wait_ready()
        page, log = live_page(running.url)
        page.goto(running.url + "projects/index.html")
        targets = [a.get_attribute("href") for a in page.locator("main a").all()][:5]
        paths = ["index.html", "silos.html", "gaps.html", "links.html", "coverage.html", "followup.html",
                 "maps.html", "organisations/index.html", "bodies/index.html",
                 *(f"projects/{t.rsplit('/', 1)[-1]}" for t in targets), "search.html?q=img",
                 "idea.html?text=img+onerror+script"]
        for path in paths:
            page, log = live_page(running.url)
            page.goto(running.url + path)
            page.wait_for_load_state("load")
            assert_inert(page, log)
        page, log = live_page(running.url)
        page.goto(running.url + f"projects/{targets[0].rsplit('/', 1)[-1]}")
        assert page.locator("h1").inner_text() in PAYLOADS or any(p in page.locator("h1").inner_text() for p in PAYLOADS)
        page.goto(running.url + "index.html")
        page.locator("#q").press_sequentially("img", delay=20)
        page.wait_for_selector("#suggestions li", timeout=10_000)
        assert_inert(page, log)
        assert any(p in page.locator("#suggestions").inner_text() for p in PAYLOADS)
    finally:
        running.stop()


def test_a_project_specialist_on_the_structural_funds_list(projects_only_db, live_page):
    """The real-list walk (docs/walks/real-list-walk.md) on its trimmed rows: *My idea* for a project
    names its reasons and the partners' projects (no ids, no raw scores), has no empty sector column, a
    partner's project opens, and axe-core finds nothing serious or critical there."""
    from axe_playwright_python.sync_playwright import Axe

    running = Server(projects_only_db, "--read-only")
    try:
        running.wait_ready()
        page, log = live_page(running.url)
        page.goto(running.url + "idea.html?project=SF-S10338")
        table = page.locator("table.data")
        assert "Toimiala" not in table.locator("thead").inner_text()
        reasons = table.locator("tbody").inner_text()
        assert "Euroopan sosiaalirahasto" in reasons and "FS-" not in reasons and "T-SF-" not in reasons
        partners = page.locator("ul.links > li")
        assert partners.count() > 0 and "(lead," not in partners.first.inner_text()
        project = partners.first.locator("span.note a").first
        name = project.inner_text()
        project.click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == name
        page.goto(running.url + "idea.html?project=SF-S10338")
        violations = Axe().run(page).response["violations"]
        assert [v["id"] for v in violations if v.get("impact") in ("serious", "critical")] == []
        assert log.problems() == []
    finally:
        running.stop()


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    return [v["id"] for v in Axe().run(page).response["violations"] if v.get("impact") in ("serious", "critical")]


def test_an_organisation_with_many_projects_is_paged(one_implementer_db, live_page):
    """On the real list Itä-Suomen yliopisto's page listed its 192 projects on one page (4,400 px): now 50 a
    page, the count saying which, and page links a keyboard reaches, in Finnish and English."""
    running = Server(one_implementer_db, "--read-only")
    try:
        running.wait_ready()
        page, log = live_page(running.url)
        page.goto(running.url + "search.html?q=" + ONE_IMPLEMENTER)
        page.get_by_role("link", name=ONE_IMPLEMENTER).first.click()
        page.wait_for_load_state("load")
        led = page.locator("h2", has_text="Vetämät hankkeet")
        assert "(1–50 / 120)" in led.inner_text()
        assert page.locator("ul.links").first.locator("li").count() == 50
        pager = page.get_by_role("navigation", name="Vetämät hankkeet: Sivut")
        assert pager.locator("a").all_inner_texts() == ["1", "2", "3"]
        assert pager.locator("a[aria-current=page]").inner_text() == "1"
        first_before = page.locator("ul.links").first.locator("li").first.inner_text()
        pager.get_by_role("link", name="2").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**page=2")
        assert "(51–100 / 120)" in page.locator("h2", has_text="Vetämät hankkeet").inner_text()
        assert page.locator("ul.links").first.locator("li").first.inner_text() != first_before
        assert _serious(page) == []
        page.goto(page.url.split("?")[0] + "?page=3&lang=en")
        assert "(101–120 of 120)" in page.locator("h2", has_text="Projects led").inner_text()
        pager = page.get_by_role("navigation", name="Projects led: Pages")
        assert pager.locator("a[aria-current=page]").inner_text() == "3"
        assert log.problems() == []
    finally:
        running.stop()


def test_the_review_page_reloads_itself_when_its_queue_is_ready(tmp_path, live_page):
    """On the real list the first review.html of a version hung 20 s: now it says the queue is being worked
    out and reloads itself once review.json answers (web.js; no inline script, no timed meta refresh),
    and axe-core finds nothing serious on the waiting page or the queue."""
    import threading
    import time

    import uvicorn

    from examples import EXAMPLE_DIR
    from graph_model.accounts import Accounts
    from graph_model.store import GraphStore
    from ingest.pipeline import ingest
    from stratgraph.web.app import WebSettings, create_app
    from tests.stratgraph.web.conftest import _free_port

    db = tmp_path / "city.db"
    with GraphStore(db) as store:
        ingest(EXAMPLE_DIR, store)
    Accounts(db).add("rev", roles=["reviewer"], password="review-password-1")
    app = create_app(WebSettings(db, warm=False, secure_cookies=False))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{server.config.port}/"
        page, log = live_page(url)
        page.goto(url + "login")
        page.get_by_label("Käyttäjätunnus").fill("rev")
        page.get_by_label("Salasana").fill("review-password-1")
        page.get_by_role("button", name="Kirjaudu sisään").click()
        page.wait_for_load_state("load")
        work, real = app.state.review, app.state.review._work
        work.wait = 1.0  # a reviewer's wait, not the minute the other in-process tests allow (conftest)
        gate = threading.Event()
        work._work = lambda snapshot: gate.wait(60) and real(snapshot)  # as a queue of 20,000 projects looks
        page.goto(url + "review.html")
        assert "Tarkastusjonoa lasketaan" in page.locator("main").inner_text()
        assert _serious(page) == []
        gate.set()
        page.wait_for_selector("table.review", timeout=30_000)  # the page reloaded itself
        assert "Tarkastusjonoa lasketaan" not in page.locator("main").inner_text()
        assert _serious(page) == []
        assert log.problems() == []
    finally:
        server.should_exit = True
        thread.join(10)


def test_a_map_whose_legend_scrolls_can_be_scrolled_by_keyboard(server, live_page):
    """On the real list the collaboration map's side panel (a legend of 35 sectors and the details) is
    taller than the window and scrolls, but no key reached it: axe-core's scrollable-region-focusable,
    serious. A short window makes the example city's panel scroll the same way."""
    page, log = live_page(server.url, viewport=(1000, 420))
    page.goto(server.url + "maps/collaboration.html")
    wait_for_map(page, timeout=60)
    assert page.evaluate("document.getElementById('side').scrollHeight > document.getElementById('side').clientHeight")
    assert _serious(page) == []
    page.locator("#side").focus()
    page.keyboard.press("End")
    page.wait_for_timeout(500)  # the scroll may be smooth
    assert page.evaluate("document.getElementById('side').scrollTop") > 0
    assert log.problems() == []


def test_the_maps_filters_stand_apart(server, live_page):
    """The real-list walk's map toolbar read "Teema [kaikki]Toimiala": each filter's select ran into the
    next filter's label."""
    page, log = live_page(server.url)
    page.goto(server.url + "maps/collaboration.html")
    wait_for_map(page, timeout=60)
    boxes = [label.bounding_box() for label in page.locator("#filters label").all()]
    assert len(boxes) >= 2
    assert all(after["x"] - (before["x"] + before["width"]) >= 8 or after["y"] > before["y"]
               for before, after in zip(boxes, boxes[1:]))
    assert log.problems() == []
