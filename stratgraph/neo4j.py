"""Neo4j from Python: :func:`connect` and :meth:`Neo4j.cypher`, read-only unless ``write=True``.

:func:`connect` finds the server as the CLI does (``stratgraph cypher``): ``NEO4J_URI``,
``NEO4J_USERNAME``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``, or without ``NEO4J_URI`` the running dev
server (``stratgraph neo4j dev start``) with the password from its password file (never shown: the
connection's ``repr`` leaves it out). Queries run in a READ session, so the server itself refuses a
write unless ``write=True``; values travel as ``$parameters``, never pasted into the query text.
Failures raise :class:`GraphDatabaseError` (:class:`Neo4jUnavailable`, :class:`Neo4jAuthFailed`,
:class:`CypherError`), subclasses of :class:`ontologies.errors.StratgraphError`, re-exported here.

This module is ``stratgraph.neo4j``; it imports the ``neo4j`` driver package only through
``graph_model`` and ``queries`` (absolute imports), so the names do not clash.

Examples
--------
A session with a running server (``stratgraph neo4j dev start``)::

    import stratgraph, stratgraph.neo4j
    with stratgraph.neo4j.connect(dev_server=True) as db:
        db.push(stratgraph.open(), owner="city")          # stratgraph neo4j push (a server you named)
        rows = db.cypher("MATCH (p:Project {id: $id}) RETURN p.label_fi AS name", id="P-HNR")
        rows.to_pandas()

>>> connect(uri=7687)
Traceback (most recent call last):
...
ontologies.errors.UsageError: uri must be str, not int (7687)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

# Every Neo4j piece the API uses is imported here, in one place.
from graph_model.neo4j_connection import Neo4jConnection
from graph_model.neo4j_sync import DEFAULT_OWNER, CypherError, GraphDatabaseError, Neo4jAuthFailed, Neo4jUnavailable, \
    push, remove_owned, resolve_connection, safe_uri
from ontologies.errors import UsageError
from queries import cypher as cypher_lib
from stratgraph.api.arguments import check
from stratgraph.api.rows import Rows
from stratgraph.settings import Settings

__all__ = ["Neo4j", "connect", "DEFAULT_OWNER", "GraphDatabaseError", "Neo4jUnavailable", "Neo4jAuthFailed",
           "CypherError"]

_CLOSED = "this Neo4j connection is closed; connect again with stratgraph.neo4j.connect()"


def connect(uri: str | None = None, *, username: str | None = None, password: str | None = None,
            database: str | None = None, dev_server: bool = False) -> Neo4j:
    """A connection to Neo4j: the arguments given, else NEO4J_* settings, else the dev server.

    A dev server found running (no ``uri``, no ``NEO4J_URI``) is only read from: someone else may have
    started it. :meth:`Neo4j.push`, :meth:`Neo4j.remove` and ``cypher(write=True)`` write into it only when
    ``dev_server=True`` names it.

    Raises
    ------
    Neo4jUnavailable
        No ``uri``, no ``NEO4J_URI`` and the dev server is not running.
    UsageError
        An argument of the wrong type.

    Example::

        db = stratgraph.neo4j.connect()                       # NEO4J_URI ... or the dev server (read only)
        db = stratgraph.neo4j.connect(dev_server=True)        # the dev server, to push into
        db = stratgraph.neo4j.connect("neo4j+s://xxxx.databases.neo4j.io", password=secret)

    >>> connect(database=["neo4j"])
    Traceback (most recent call last):
    ...
    ontologies.errors.UsageError: database must be str, not list (['neo4j'])
    """
    for name, value in (("uri", uri), ("username", username), ("password", password), ("database", database)):
        check(name, value, str, optional=True)
    check("dev_server", dev_server, bool)
    settings = Settings.from_env()
    conn = resolve_connection(uri or settings.neo4j_uri, username or settings.neo4j_username,
                              password if password is not None else settings.neo4j_password,
                              database or settings.neo4j_database)
    return Neo4j(dataclasses.replace(conn, found=conn.found and not dev_server))


class Neo4j:
    """A Neo4j server and database to query (:meth:`cypher`) and to project the store into (:meth:`push`).

    Each call opens a driver, checks the server answers, runs and closes it, as the CLI commands do.
    """

    def __init__(self, connection: Neo4jConnection):
        self.connection = connection
        self._closed = False

    def __repr__(self) -> str:
        return f"<Neo4j {safe_uri(self.connection.uri)} database={self.connection.database!r}>"

    def __enter__(self) -> Neo4j:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Mark the connection closed; later calls raise UsageError.

        >>> db = Neo4j(Neo4jConnection("bolt://127.0.0.1:7687", "neo4j", "secret"))
        >>> db.close()
        >>> db.cypher("RETURN 1")
        Traceback (most recent call last):
        ...
        ontologies.errors.UsageError: this Neo4j connection is closed; connect again with stratgraph.neo4j.connect()
        """
        self._closed = True

    def _conn(self) -> Neo4jConnection:
        if self._closed:
            raise UsageError(_CLOSED)
        return self.connection

    def cypher(self, query: str, params: Mapping[str, Any] | None = None, *, write: bool = False,
               **kwparams: Any) -> Rows:
        """Run one Cypher query (``stratgraph cypher``); ``query`` may name a library query.

        Parameters come as ``params`` and/or keywords (``id="P-HNR"``) and travel as ``$id``; the
        defaults a library query declares are filled in. Nodes and relationships come back as dicts.
        The returned rows also have ``counters`` (what a write changed) and ``notices`` (the server's
        warnings).

        Raises
        ------
        CypherError
            A syntax error (line and column), a write without ``write=True``, a missing parameter.
        Neo4jUnavailable, Neo4jAuthFailed
            The server cannot be reached or refuses the credentials.

        Example::

            db.cypher("MATCH (p:Project {id: $id}) RETURN p.label_fi AS name", id="P-HNR").to_pandas()
            db.cypher("related_projects", project="P-HNR")      # a library query by name
        """
        check("query", query, str)
        check("write", write, bool)
        if params is not None and not isinstance(params, Mapping):
            raise UsageError(f"params must be a mapping, not {type(params).__name__}")
        text = self._text(query)
        result = cypher_lib.run_cypher(self._conn(), text, {**(params or {}), **kwparams}, write=write)
        rows = Rows(result.rows, result.columns)
        rows.counters, rows.notices = result.counters, result.notices
        return rows

    @staticmethod
    def _text(query: str) -> str:
        """The query itself, or the text of the library query it names (one word, no spaces)."""
        word = query.strip()
        if word and word.replace("_", "").isalnum() and word in {q.name for q in cypher_lib.list_queries()}:
            return cypher_lib.find_query(word).text
        return cypher_lib.read_cypher(query, None)

    @staticmethod
    def library() -> Rows:
        """The ready-made queries in ``queries/cypher/``: name, purpose, parameters (``stratgraph cypher --list``).

        >>> "related_projects" in [q["name"] for q in Neo4j.library()]
        True
        """
        return Rows(cypher_lib.library_rows(cypher_lib.list_queries()), ["name", "purpose", "params"])

    def push(self, handle: Any, *, owner: str | None = None):
        """Project a store (a :class:`stratgraph.api.handle.Stratgraph`) into Neo4j (``stratgraph neo4j push``).

        Idempotent; touches only ``owner``'s data (always given: there is no default owner to write under).
        Returns the push report (nodes, relationships, ...). A dev server found running is refused unless
        :func:`connect` was called with ``dev_server=True``.

        Example::

            report = db.push(stratgraph.open(), owner="city")
        """
        from stratgraph.api.handle import Stratgraph

        if not isinstance(handle, Stratgraph):
            raise UsageError(f"push needs a store opened with stratgraph.open(), not {type(handle).__name__}")
        if owner is None:
            raise UsageError("push needs an owner: db.push(city, owner=\"city\") (its data in Neo4j is kept apart "
                             "under that name; there is no default owner to write under)")
        check("owner", owner, str)
        conn = self._conn()
        with handle.store() as store:
            return push(store, conn, owner=owner)

    def remove(self, owner: str) -> tuple[int, int]:
        """Delete everything ``owner`` pushed (``stratgraph neo4j remove``); returns (nodes, relationships).

        Example::

            db.remove(owner="city")
        """
        check("owner", owner, str)
        return remove_owned(self._conn(), owner)
