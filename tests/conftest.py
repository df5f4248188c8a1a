"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from devtools.neo4j_server import DevServer, Neo4jConnection
    from graph_model.store import GraphStore


@pytest.fixture(scope="session")
def neo4j_dev_server() -> Iterator[Neo4jConnection]:
    """A real Neo4j server for the whole test session (never skipped).

    If NEO4J_URI is set, connects there with NEO4J_USERNAME (default neo4j),
    NEO4J_PASSWORD and NEO4J_DATABASE (default neo4j).  Otherwise starts the
    dev server in its default home (``$STRATGRAPH_NEO4J_HOME`` or
    ``~/.local/share/stratgraph/neo4j-dev``; jars come from Maven's cache) and
    stops it at the end of the session if this fixture started it.  Missing
    Java or Maven fail the tests with the Neo4jDevError.
    """
    from devtools.neo4j_server import DevServer, Neo4jConnection

    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield Neo4jConnection(
            uri=uri,
            username=os.environ.get("NEO4J_USERNAME", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=os.environ.get("NEO4J_DATABASE", "neo4j"),
        )
        return
    server = DevServer()
    was_running = server.status()["running"]
    connection = server.start()
    try:
        yield connection
    finally:
        if not was_running:
            server.stop()


#: Keycloak starting in the background (60-110 s here, a first build 130 s more): begun as soon as the
#: tests are collected, if any of them needs it, so that its start overlaps the tests that come before.
_keycloak_start: Future | None = None


def _keycloak_server():
    from devtools.keycloak_server import KeycloakServer

    return KeycloakServer(Path(__file__).parent / "data" / "keycloak" / "stratgraph-realm.json")


def pytest_collection_finish(session) -> None:
    global _keycloak_start
    if os.environ.get("STRATGRAPH_KEYCLOAK_ISSUER") or _keycloak_start is not None:
        return
    if any("keycloak" in getattr(item, "fixturenames", ()) for item in session.items):
        server = _keycloak_server()
        _keycloak_start = ThreadPoolExecutor(1, thread_name_prefix="keycloak-start").submit(server.start)
        _keycloak_start.server = server  # stopped at the session's end even if no test asked for it


def pytest_sessionfinish(session) -> None:
    if _keycloak_start is not None:
        _keycloak_start.server.stop()


@pytest.fixture(scope="session")
def keycloak() -> Iterator[str]:
    """The issuer URL of a real OIDC provider holding the realm of tests/data/keycloak (a client
    ``stratgraph-web`` and two users): ``$STRATGRAPH_KEYCLOAK_ISSUER`` if set (a Keycloak that imported
    that realm), else a Keycloak started for the session (devtools.keycloak_server; fetched from Maven
    Central and built once, then 60-70 s per start here), begun in the background at collection."""
    issuer = os.environ.get("STRATGRAPH_KEYCLOAK_ISSUER")
    if issuer:
        yield issuer
        return
    server = _keycloak_start.result() if _keycloak_start is not None else _keycloak_server().start()
    print(f"\nRESULT keycloak_start seconds={server.started_s:.1f}")
    try:
        yield server.issuer("stratgraph")
    finally:
        server.stop()


@pytest.fixture(scope="module")
def chromium():
    """Debian's chromium, headless, launched by Playwright's sync API for one test module at a time: one
    Playwright per process at any moment (a second one started while the first runs fails with "Sync API
    inside the asyncio loop"), and none left running into later modules (its loop would make their
    ``asyncio.run`` fail). Every browser fixture uses this one. Fails with a message when chromium is
    missing."""
    import shutil

    from tests.visualize.conftest import CHROMIUM, CHROMIUM_ARGS

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
def neo4j_owner(neo4j_dev_server: Neo4jConnection) -> Iterator[str]:
    """A fresh owner name for pushing to the shared dev database; its data is removed afterwards.

    Neo4j Community has one user database, so tests keep apart by owner (see graph_model.neo4j_sync).
    """
    import uuid

    from graph_model.neo4j_sync import remove_owned

    owner = f"test-{uuid.uuid4().hex[:12]}"
    yield owner
    remove_owned(neo4j_dev_server, owner)


@pytest.fixture(scope="module")
def own_neo4j_server(tmp_path_factory) -> Iterator[DevServer]:
    """A dev server of its own (its config written by this version of the code), for tests that stop,
    break or inspect it; stopped at the end of the module. It shares the session server's jars."""
    from devtools.neo4j_server import DevServer

    home = tmp_path_factory.mktemp("neo4j-own-home")
    shared_lib = DevServer().home / "lib"
    if (shared_lib / ".stratgraph-fetch.json").is_file():
        (home / "lib").symlink_to(shared_lib, target_is_directory=True)  # the same jars: no Maven fetch
    server = DevServer(home)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# -- example and synthetic stores (the in-memory example city is ``example_city``, in ../conftest.py) ----

@pytest.fixture(scope="session")
def example_store(example_city) -> GraphStore:
    """The example city's in-memory store (source ``example``); do not change it."""
    return example_city[0]


@pytest.fixture(scope="session")
def example_db(tmp_path_factory) -> Path:
    """The path of an on-disk store holding the example city (source ``rovaniemi``, the folder's name,
    as `stratgraph ingest examples/rovaniemi` names it), as a user's ``--db`` would be; tests may read
    it, never change it."""
    from examples import EXAMPLE_DIR
    from graph_model.store import GraphStore
    from ingest.pipeline import ingest

    db = tmp_path_factory.mktemp("example-db") / "example.db"
    with GraphStore(db) as store:
        ingest(EXAMPLE_DIR, store)
    return db


@pytest.fixture(scope="session")
def synth_city_store(tmp_path_factory) -> Iterator[GraphStore]:
    """Synthetic city-scale data (1,000 projects, seed 3) in an in-memory store; do not change it."""
    from devtools.synth import write_synth
    from graph_model.store import GraphStore
    from ingest.pipeline import ingest

    folder = tmp_path_factory.mktemp("synth-city") / "city"
    write_synth("city", 3, folder)
    with GraphStore(None) as store:
        ingest(folder, store, source="synth-city")
        yield store


@pytest.fixture
def small_db(tmp_path) -> Callable[[str], Path]:
    """``small_db(source)``: the path of a fresh on-disk store holding ``tests.helpers.SMALL`` as ``source``; tests may
    change it."""
    from graph_model.store import GraphStore
    from ingest.pipeline import ingest
    from tests.helpers import SMALL

    def make(source: str) -> Path:
        db = tmp_path / f"{source}-store.db"
        with GraphStore(db) as store:
            ingest(SMALL, store, source=source)
        return db

    return make


@pytest.fixture
def reads(monkeypatch) -> list[int]:
    """How often the projection is read from the store from now on (not from beside it): a list that grows
    by one at each read."""
    import queries.projection as projection

    done, real = [], projection._read_graph
    monkeypatch.setattr(projection, "_read_graph", lambda store: done.append(1) or real(store))
    return done
