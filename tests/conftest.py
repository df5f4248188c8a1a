"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from devtools.neo4j_server import Neo4jConnection


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
