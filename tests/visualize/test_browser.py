"""The maps and the report in Debian's chromium (headless), offline: pages load with no request
leaving the machine and no console error, links resolve, maps draw, and XSS payloads stay text.

Set STRATGRAPH_SCREENSHOTS=DIR to keep the screenshots (index page, collaboration map, ...).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from queries.projection import load_graph
from tests.helpers import PAYLOADS, drawn_pixels, hostile_map
from visualize.html import write_map
from visualize.maps import build_map
from visualize.report import REPORT_MAPS, write_report
from devtools.synth import synthetic_graph


def keep(shot: Path) -> None:
    folder = os.environ.get("STRATGRAPH_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(folder) / shot.name)


@pytest.fixture(scope="module")
def site(example_disk_store, tmp_path_factory):
    return write_report(example_disk_store, tmp_path_factory.mktemp("browser") / "report", lang="fi")


@pytest.fixture(scope="module")
def hostile_site(hostile_store, tmp_path_factory):
    return write_report(hostile_store, tmp_path_factory.mktemp("browser") / "hostile", lang="en")


@pytest.mark.parametrize("kind", REPORT_MAPS)
def test_report_maps_draw_offline(site, open_page, tmp_path, kind):
    page, log = open_page(site.out_dir / "maps" / f"{kind}.html", ready=True)
    page.wait_for_timeout(200)
    assert log.problems() == []
    assert drawn_pixels(page) > 5_000, "the map's canvas is blank"
    assert "/" in page.inner_text("#status")
    assert page.locator("#legend-list li").count() >= 3
    shot = tmp_path / f"map-{kind}.png"
    page.screenshot(path=str(shot))
    keep(shot)
    assert shot.stat().st_size > 30_000


def test_report_pages_load_links_resolve_images_show(site, open_page, tmp_path):
    root = site.out_dir.resolve()
    for name in ("index.html", "coverage.html", "silos.html", "gaps.html", "links.html", "maps.html",
                 "projects/index.html", "projects/P-HNR.html", "organisations/U-YMPARISTO.html", "bodies/B-KH.html"):
        page, log = open_page(site.out_dir / name)
        assert log.problems() == [], name
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            parts = urlsplit(href)
            assert parts.scheme == "file", (name, href)
            target = Path(unquote(parts.path))
            assert target.is_file() and root in target.parents, (name, href)
        broken = page.eval_on_selector_all("img", "els => els.filter(e => !(e.complete && e.naturalWidth > 0)).length")
        assert broken == 0, name
        if name == "index.html":
            shot = tmp_path / "report-index.png"
            page.screenshot(path=str(shot), full_page=True)
            keep(shot)
            assert page.inner_text("h1") == "Strategian verkostokartta"


def test_map_search_filter_and_drill_down(example_graph, open_page, tmp_path):
    page, log = open_page(write_map(build_map(example_graph, "collaboration", lang="en"), tmp_path / "c.html"),
                          ready=True)
    total = page.evaluate("window.stratgraphNetwork.body.data.nodes.length")
    page.select_option("select[name=goal]", "G11.1")
    filtered = page.evaluate("window.stratgraphNetwork.body.data.nodes.length")
    assert 0 < filtered < total
    page.fill("#search", "Land use")
    page.click("#results button >> nth=0")
    assert page.evaluate("window.stratgraphNetwork.body.data.nodes.length") == total  # filters cleared
    assert page.locator("#details h3").inner_text().startswith("Land use")
    assert log.problems() == []

    big, log = open_page(write_map(build_map(synthetic_graph(5_000), "goals", lang="en"), tmp_path / "big.html"),
                         ready=True)
    shown = big.evaluate("window.stratgraphNetwork.body.data.nodes.length")
    assert shown < 50  # opens aggregated
    group = big.evaluate("window.stratgraphNetwork.body.data.nodes.getIds().find(i => i.startsWith('group:SEC'))")
    big.evaluate("id => window.stratgraphNetwork.emit('click', {nodes: [id], edges: [], pointer: {DOM: {x: 0, y: 0}}})",
                 group)
    assert big.evaluate("window.stratgraphNetwork.body.data.nodes.length") > shown
    big.click("#open-all")
    assert big.evaluate("window.stratgraphNetwork.body.data.nodes.length") == 5_000
    assert log.problems() == []


def test_5000_node_map_draws(open_page, tmp_path):
    # How fast it draws is measured by bench/maps.py; here: it draws, and reports when.
    path = write_map(build_map(synthetic_graph(5_000), "goals", lang="en"), tmp_path / "big.html")
    page, log = open_page(path, ready=True)
    assert page.evaluate("window.stratgraphReadyAt") > 0
    assert log.problems() == []


# -- XSS -----------------------------------------------------------------------------------------------

def assert_inert(page, log) -> None:
    assert log.dialogs == [], log.dialogs
    assert page.evaluate("window.__xss === undefined && window.parent.__xss === undefined")
    assert page.locator("iframe").count() == 0
    assert page.locator("img[src=x]").count() == 0
    assert log.problems() == []


def exercise_map(page) -> None:
    """Hover, click and search every node: the tooltip, the details panel and the result list."""
    ids = page.evaluate("window.stratgraphNetwork.body.data.nodes.getIds()")
    for ident in ids:
        page.evaluate("""id => {
            const net = window.stratgraphNetwork;
            net.emit('hoverNode', {node: id, pointer: {DOM: {x: 20, y: 20}}});
            net.emit('click', {nodes: [id], edges: [], pointer: {DOM: {x: 20, y: 20}}});
        }""", ident)
    for ident in page.evaluate("window.stratgraphNetwork.body.data.edges.getIds()")[:40]:
        page.evaluate("id => window.stratgraphNetwork.emit('hoverEdge', {edge: id, pointer: {DOM: {x: 9, y: 9}}})",
                      ident)
    page.fill("#search", "<")
    if page.locator("#results button").count():
        page.click("#results button >> nth=0")
    page.wait_for_timeout(100)


def test_xss_payloads_inert_in_maps(hostile_store, open_page, tmp_path):
    graph = load_graph(hostile_store)
    maps = [build_map(graph, kind, lang="en") for kind in ("collaboration", "goals", "bodies", "networks")]
    maps.append(build_map(graph, "neighbourhood", focus="P1", depth=2, lang="fi"))
    maps.append(hostile_map())
    for n, data in enumerate(maps):
        page, log = open_page(write_map(data, tmp_path / f"m{n}.html"), ready=True)
        exercise_map(page)
        assert_inert(page, log)
        assert page.inner_text("h1") == data.title  # shown as the characters they are
    page, _ = open_page(tmp_path / "m5.html", ready=True)
    page.evaluate("id => window.stratgraphNetwork.emit('hoverNode', {node: id, pointer: {DOM: {x: 5, y: 5}}})",
                  PAYLOADS[0])
    assert PAYLOADS[0] in page.inner_text("#tooltip")


def test_xss_payloads_inert_in_report(hostile_site, open_page):
    pages = sorted(hostile_site.out_dir.rglob("*.html"))
    assert len(pages) > 15
    for path in pages:
        page, log = open_page(path, ready=path.parent.name == "maps")
        if path.parent.name == "maps":
            exercise_map(page)
        assert_inert(page, log)
    page, _ = open_page(hostile_site.out_dir / "projects" / "P1.html")
    assert page.inner_text("h1") == PAYLOADS[1]  # label_en of P1, as text
