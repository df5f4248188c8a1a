"""Fixtures of the web app's tests: the app on the example city (in process), a store holding only a
project list, the hostile city, and a real ``stratgraph serve`` (uvicorn) on 127.0.0.1."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from examples import EXAMPLE_DIR
from graph_model.accounts import Accounts
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from stratgraph.web.accounts.guard import cookie_names
from stratgraph.web.app import WebSettings, create_app
from tests.helpers import PAYLOADS, hostile_sheets, write_csvs

FUNDS = Path(__file__).parents[2] / "data" / "structural-funds" / "projektilista-excerpt.csv"
FUNDS_MAPPING = EXAMPLE_DIR.parent / "structural-funds" / "mapping.yaml"
ONE_PART = FUNDS.with_name("projektilista-one-part.csv")
#: The implementer every row of :func:`one_implementer_db` is given (it leads 192 projects on the real list).
ONE_IMPLEMENTER = "Itä-Suomen yliopisto"


@pytest.fixture(autouse=True)
def review_waits_long(monkeypatch):
    """In-process apps wait up to a minute for their review queue: on a loaded test machine the example
    city's queue can take longer than the 2 s a reviewer is kept waiting, and a test that reads the queue
    means the queue, not the "being worked out" page (which its own two tests ask for with a short wait)."""
    import stratgraph.web.review_work as review_work

    monkeypatch.setattr(review_work, "WAIT", 60.0)


def client_for(db: Path, **settings) -> TestClient:
    """An in-process client of the app on ``db`` (use it as a context manager: that reads the store),
    logged in as a new reader account, sending its session's CSRF token with every request."""
    accounts = Accounts(db)
    reader = accounts.add(f"reader-{secrets.token_hex(4)}", roles=["reader"])
    token, session = accounts.start_session(reader)
    session_cookie, _ = cookie_names(settings.get("secure_cookies", True))
    return TestClient(create_app(WebSettings(db, warm=False, **settings)), raise_server_exceptions=True,
                      cookies={session_cookie: token}, headers={"X-CSRF-Token": session.csrf})


@pytest.fixture(scope="module")
def client(example_db) -> Iterator[TestClient]:
    """The app on the example city, in process; the store is read before the first request."""
    with client_for(example_db) as c:
        yield c


@pytest.fixture(scope="session")
def projects_only_db(tmp_path_factory) -> Path:
    """A store holding only a project list (17 rows of the structural-funds list, through its mapping)."""
    db = tmp_path_factory.mktemp("funds") / "funds.db"
    with GraphStore(db) as store:
        ingest(FUNDS, store, mapping=FUNDS_MAPPING)
    return db


@pytest.fixture(scope="session")
def one_part_db(tmp_path_factory) -> Path:
    """A store of 120 real rows of one programme part of the structural-funds list, every one ESR-funded
    (``projektilista-one-part.csv``, through the list's mapping)."""
    db = tmp_path_factory.mktemp("one-part") / "funds.db"
    with GraphStore(db) as store:
        ingest(ONE_PART, store, mapping=FUNDS_MAPPING)
    return db


@pytest.fixture(scope="session")
def one_implementer_db(tmp_path_factory) -> Path:
    """A store of 120 real rows of the structural-funds list (``projektilista-one-part.csv``), each given
    one implementer (:data:`ONE_IMPLEMENTER`): an organisation page with more projects than one page holds."""
    import csv

    with ONE_PART.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    folder = tmp_path_factory.mktemp("one-implementer")
    with (folder / "projektilista.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**row, "Toteuttajan nimi": ONE_IMPLEMENTER} for row in rows)
    db = folder / "funds.db"
    with GraphStore(db) as store:
        ingest(folder / "projektilista.csv", store, mapping=FUNDS_MAPPING)
    return db


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory) -> Path:
    """A store whose every label is an XSS payload (tests.helpers.hostile_sheets), source name too."""
    folder = write_csvs(tmp_path_factory.mktemp("hostile-input") / "city", hostile_sheets())
    db = tmp_path_factory.mktemp("hostile-web") / "hostile.db"
    with GraphStore(db) as store:
        ingest(folder, store, source=PAYLOADS[0])
    return db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``stratgraph serve`` in a child process on 127.0.0.1 (``--public`` unless ``public=False``)."""

    def __init__(self, db: Path, *args: str, public: bool = True, env: dict | None = None):
        args = ("--public", *args) if public else args
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        exe = Path(sys.executable).with_name("stratgraph")
        command = [str(exe) if exe.exists() else shutil.which("stratgraph"), "serve", str(db),
                   "--port", str(self.port), *args]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})

    def wait_ready(self, timeout: float = 120.0, warm: bool = True) -> dict:
        """Wait until /healthz says the store is read (and, with ``warm``, the indexes built)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"serve stopped: {self.process.stdout.read().decode()[-2000:]}")
            try:
                health = httpx.get(self.url + "healthz", timeout=5).json()
                if health["status"] == "ready" and (not warm or all(health["warm"].values())):
                    return health
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError("serve did not get ready in time")

    def stop(self) -> str:
        self.process.terminate()
        try:
            out, _ = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, _ = self.process.communicate()
        return out.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def server(example_db) -> Iterator[Server]:
    """A real ``stratgraph serve`` on the example city, indexes warm."""
    running = Server(example_db, "--read-only")
    try:
        running.wait_ready()
        yield running
    finally:
        running.stop()


# -- the browser ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def web_browser(chromium):
    """Debian's chromium, headless: the session's one (tests/conftest.py)."""
    return chromium


@pytest.fixture
def live_page(web_browser):
    """``live_page(base_url) -> (page, log)``: a fresh page whose requests may go to ``base_url`` only
    (anything else is blocked and recorded), with console errors, page errors and dialogs recorded."""
    from tests.visualize.conftest import watch

    contexts = []

    def open_(base: str, viewport: tuple[int, int] = (1280, 900)):
        context = web_browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        contexts.append(context)
        page = context.new_page()
        log = watch(page)

        def route(r):
            if r.request.url.startswith(base):
                r.continue_()
            else:
                log.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        return page, log

    yield open_
    for context in contexts:
        context.close()
