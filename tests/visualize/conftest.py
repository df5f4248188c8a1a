"""Fixtures for the maps and the report: the example graph, a city full of XSS payloads, and Debian's
chromium (headless, through Playwright's client) with the network blocked.

The browser is /usr/bin/chromium (``scripts/test-prerequisites`` installs it); it is never
downloaded. When it is missing the browser tests fail with a message saying so, they do not skip.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from examples import EXAMPLE_DIR
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from queries.projection import GraphData, load_graph
from tests.ingest.conftest import write_csvs


CHROMIUM = Path(os.environ.get("STRATGRAPH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-extensions"]

#: Each payload tries a different way in; the ones that can run set window.__xss or open a dialog.
PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=\"window.__xss='img'\">",
    "<script>window.__xss='script'</script>",
    "\"><svg onload=\"window.__xss='svg'\">",
    "'><iframe srcdoc=\"<script>parent.__xss='iframe'</script>\">",
    "</script><script>window.__xss='close-script'</script>",
    "<a href=\"javascript:window.__xss='href'\">href</a>",
    "<b onmouseover=\"window.__xss='hover'\">bold</b> &amp; {{7*7}} \u2028\u2029",
    "javascript:alert(9)",
    "<style>body{display:none}</style>",
]
_SHEETS = ("sectors", "units", "projects", "goals", "bodies", "stakeholders", "themes", "networks")


@pytest.fixture(scope="session")
def example_store(tmp_path_factory) -> Iterator[GraphStore]:
    """The example city in an on-disk store (read by several tests)."""
    with GraphStore(tmp_path_factory.mktemp("example") / "example.db") as store:
        ingest(EXAMPLE_DIR, store, source="example:rovaniemi")
        yield store


@pytest.fixture(scope="session")
def example_graph(example_store) -> GraphData:
    """The example city's graph."""
    return load_graph(example_store)


def hostile_sheets() -> dict[str, list[list[str]]]:
    """A small city whose every label and description is an XSS payload (ids may not hold < > ")."""
    p = PAYLOADS
    return {
        "sectors": [["id", "label_fi", "label_en", "description_fi"],
                    ["SEC-A", p[0], p[1], p[2]], ["SEC-B", p[3], p[4], p[5]]],
        "units": [["id", "label_fi", "label_en", "description_en", "part_of"],
                  ["U1", p[6], p[7], p[8], "SEC-A"], ["U2", p[9], p[0], p[1], "SEC-B"],
                  ["javascript:alert(1)", p[2], p[3], p[4], "SEC-A"],
                  ["U'onmouseover=alert(1)", p[5], p[6], p[7], "SEC-B"]],
        "strategies": [["id", "label_fi", "label_en"], ["S1", p[1], p[3]]],
        "goals": [["id", "label_fi", "label_en", "description_fi", "code", "part_of", "has_theme"],
                  ["G1", p[7], p[8], p[9], "1", "S1", "T1"], ["../../G2", p[0], p[6], p[3], "2", "S1", "T1"]],
        "themes": [["id", "label_fi", "label_en"], ["T1", p[4], p[5]]],
        "stakeholders": [["id", "label_fi", "label_en", "stakeholder_kind", "description_fi"],
                         ["SH1", p[1], p[2], "university", p[6]]],
        "projects": [["id", "label_fi", "label_en", "description_fi", "status", "budget", "led_by", "has_partner",
                      "contributes_to", "has_theme"],
                     ["P1", p[0], p[1], p[2], "ongoing", "1000", "U1", "U2; SH1", "G1; ../../G2", "T1"],
                     ["P2", p[3], p[4], p[5], "planned", "2000", "U2", "javascript:alert(1)", "G1", "T1"],
                     ["P3", p[6], p[7], p[8], "idea", "", "javascript:alert(1)", "U'onmouseover=alert(1)", "../../G2",
                      "T1"]],
        "bodies": [["id", "label_fi", "label_en", "body_kind", "has_member", "description_en"],
                   ["B1", p[8], p[9], "board", "U1; U2; SH1", p[0]], ["B2", p[5], p[6], "working_group", "U1", p[7]]],
        "networks": [["id", "label_fi", "label_en", "level", "has_member", "advances", "has_theme"],
                     ["N1", p[2], p[3], "regional", "U1; SH1", "G1", "T1"]],
    }


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory) -> Iterator[GraphStore]:
    """A store holding :func:`hostile_sheets`, under a source name that is itself a payload."""
    folder = write_csvs(tmp_path_factory.mktemp("hostile-input") / "city", hostile_sheets())
    with GraphStore(tmp_path_factory.mktemp("hostile") / "hostile.db") as store:
        ingest(folder, store, source=PAYLOADS[0])
        yield store


# -- the browser -------------------------------------------------------------------------------------

@dataclass
class PageLog:
    """What happened while a page was open."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [f"console error: {m}" for m in self.console_errors] + \
               [f"page error: {m}" for m in self.page_errors] + \
               [f"blocked request: {u}" for u in self.blocked] + \
               [f"failed request: {u}" for u in self.failed] + [f"dialog: {m}" for m in self.dialogs]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, for the whole session."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.fail(f"browser tests need Debian's chromium at {CHROMIUM}; install it with "
                    "scripts/test-prerequisites (apt-get install chromium)", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - a test extra
        pytest.fail("browser tests need Playwright's Python client: pip install -e '.[test]'", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser):
    """``open_page(path, ready=False) -> (page, log)``: open a local file with every non-file request
    blocked, recording console errors, failed requests and dialogs; ``ready`` waits for a map's
    first drawing (``window.stratgraphReady``)."""
    contexts = []

    def open_(path: Path, ready: bool = False, viewport: tuple[int, int] = (1400, 900)):
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        contexts.append(context)
        page = context.new_page()
        log = PageLog()
        page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
        page.on("requestfailed", lambda req: log.failed.append(req.url))

        def dialog(d):
            log.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)

        def route(r):
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                log.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(Path(path).resolve().as_uri())
        page.wait_for_load_state("load")
        if ready:
            page.wait_for_function("window.stratgraphReady === true", timeout=30_000)
        return page, log

    yield open_
    for context in contexts:
        context.close()


def drawn_pixels(page) -> int:
    """How many pixels of the map's canvas are not white (a blank map has none)."""
    return page.evaluate("""() => {
        const canvas = document.querySelector('#network canvas');
        const ctx = canvas.getContext('2d');
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) n++;
        }
        return n;
    }""")
