"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from graph_model.neo4j_dev import Neo4jConnection


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
    from graph_model.neo4j_dev import DevServer, Neo4jConnection

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
