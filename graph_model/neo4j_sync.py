"""Push the embedded store into Neo4j and pull it back as RDF, losing nothing on the way.

One import for the whole round trip; each part has its own module:

- :mod:`graph_model.neo4j_connection`: the connection (NEO4J_* settings or the dev server's files),
  opening a driver, and the driver's errors as :class:`GraphDatabaseError` subclasses;
- :mod:`graph_model.neo4j_push`: :func:`push` (batched, owned, idempotent) and :func:`remove_owned`;
- :mod:`graph_model.neo4j_pull`: :func:`pull`, :func:`sync_state` and :func:`write_rdf`.

Example::

    conn = resolve_connection("bolt://127.0.0.1:7687", password=password)   # a server you name
    with GraphStore("stratgraph.db", read_only=True) as store:
        report = push(store, conn, owner="city")
    quads = pull(conn, owner="city")
"""

from __future__ import annotations

from graph_model.neo4j_connection import (
    CypherError,
    GraphDatabaseError,
    Neo4jAuthFailed,
    Neo4jUnavailable,
    neo4j_errors,
    open_driver,
    resolve_connection,
    safe_uri,
)
from graph_model.neo4j_pull import pull, sync_state, write_rdf
from graph_model.neo4j_push import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_OWNER,
    PushReport,
    ensure_schema,
    push,
    push_graph,
    remove_owned,
    schema_statements,
)

__all__ = [
    "DEFAULT_OWNER",
    "DEFAULT_BATCH_SIZE",
    "GraphDatabaseError",
    "Neo4jUnavailable",
    "Neo4jAuthFailed",
    "CypherError",
    "PushReport",
    "resolve_connection",
    "safe_uri",
    "neo4j_errors",
    "open_driver",
    "schema_statements",
    "ensure_schema",
    "push",
    "push_graph",
    "pull",
    "write_rdf",
    "remove_owned",
    "sync_state",
]
