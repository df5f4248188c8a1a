"""Fixtures for the maps and the report: the example city (on disk, from the shared ``example_db``), a
city full of XSS payloads, and Debian's chromium (headless, through Playwright's client) with the
network blocked.

The browser is /usr/bin/chromium (``scripts/test-prerequisites`` installs it); it is never
downloaded. When it is missing the browser tests fail with a message saying so, they do not skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph_model.store import GraphStore
from ingest.pipeline import ingest
from queries.projection import GraphData
from tests.helpers import PAYLOADS, hostile_sheets, wait_for_map, write_csvs


CHROMIUM = Path(os.environ.get("STRATGRAPH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-extensions"]

_SHEETS = ("sectors", "units", "projects", "goals", "bodies", "stakeholders", "themes", "networks")


@pytest.fixture(scope="module")
def example_disk_store(example_db) -> Iterator[GraphStore]:
    """The example city's on-disk store (``example_db``), opened read-only for one module."""
    with GraphStore(example_db, read_only=True) as store:
        yield store


@pytest.fixture(scope="session")
def example_graph(example_city) -> GraphData:
    """The example city's graph."""
    return example_city[1]


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


def watch(page) -> PageLog:
    """A :class:`PageLog` of ``page``: its console errors, page errors, failed requests and dialogs
    (dismissed)."""
    log = PageLog()
    page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    page.on("requestfailed", lambda req: log.failed.append(req.url))

    def dialog(d):
        log.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    return log


@pytest.fixture(scope="module")
def browser(chromium):
    """Debian's chromium, headless, for one test module (the one of tests/conftest.py)."""
    return chromium


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
        log = watch(page)

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
            wait_for_map(page)
        return page, log

    yield open_
    for context in contexts:
        context.close()
