"""How to reach Neo4j: the connection, where it comes from (NEO4J_* settings or the running dev server's
files), opening a driver, and the errors of the driver turned into :class:`GraphDatabaseError` subclasses
with a clear message that never contains the password.

The dev server itself (fetching, starting, stopping) is developer tooling in :mod:`devtools.neo4j_server`;
this module only reads the two files it leaves in its home: ``state.json`` (pid and Bolt URI) and
``password`` (mode 0600).

>>> safe_uri("neo4j://alice:s3cret@db.example:7687")
'neo4j://db.example:7687'
>>> "s3cret" in repr(Neo4jConnection("bolt://127.0.0.1:7687", "neo4j", "s3cret"))
False
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
from neo4j import exceptions as nx

from ontologies.errors import StratgraphError, UsageError

__all__ = [
    "DEV_USERNAME",
    "CypherError",
    "check_named",
    "GraphDatabaseError",
    "Neo4jAuthFailed",
    "Neo4jConnection",
    "Neo4jUnavailable",
    "connection_from_state",
    "default_home",
    "dev_connection",
    "neo4j_errors",
    "open_driver",
    "read_dev_state",
    "resolve_connection",
    "safe_uri",
]

DEV_USERNAME = "neo4j"
_START_HINT = "start the dev server with `stratgraph neo4j dev start`, or set NEO4J_URI"


@dataclass(frozen=True)
class Neo4jConnection:
    """How to reach a Neo4j server (the password is left out of ``repr``).

    Example::

        conn = Neo4jConnection("bolt://127.0.0.1:7687", "neo4j", "secret")
        with conn.driver() as driver:
            driver.verify_connectivity()
    """

    uri: str
    username: str
    password: str = field(repr=False)
    database: str = "neo4j"
    #: True when nobody named this server: it is a dev server found running in a home directory
    #: (:func:`dev_connection`). Writes refuse such a connection (see :func:`check_named`).
    found: bool = False

    def driver(self, **config: Any) -> neo4j.Driver:
        """Open a ``neo4j`` driver for this connection (caller closes it).

        Example::

            with conn.driver(connection_timeout=5) as driver:
                records, _, _ = driver.execute_query(
                    "RETURN 1 AS one", database_=conn.database)
        """
        return neo4j.GraphDatabase.driver(
            self.uri, auth=(self.username, self.password), **config
        )


def default_home() -> Path:
    """The server home: ``$STRATGRAPH_NEO4J_HOME`` or ``~/.local/share/stratgraph/neo4j-dev``.

    Example::

        >>> default_home().is_absolute()
        True
    """
    env = os.environ.get("STRATGRAPH_NEO4J_HOME")
    if env:
        return Path(env).expanduser().absolute()
    return Path.home() / ".local" / "share" / "stratgraph" / "neo4j-dev"


class GraphDatabaseError(StratgraphError):
    """Talking to Neo4j failed; the message says why and what to do (and never holds the password)."""


class Neo4jUnavailable(GraphDatabaseError):
    """The server cannot be reached, or went away during the work."""


class Neo4jAuthFailed(GraphDatabaseError):
    """The server refused the user name or password."""


class CypherError(GraphDatabaseError):
    """The server refused a query: a syntax error, a write in read mode, a missing parameter..."""


def safe_uri(uri: str) -> str:
    """The URI without any ``user:password@`` part, fit for a message.

    >>> safe_uri("neo4j://alice:s3cret@db.example:7687")
    'neo4j://db.example:7687'
    """
    return re.sub(r"(?<=://)[^/@]*@", "", uri)


def read_dev_state(home: Path) -> dict[str, Any] | None:
    """The dev server's ``HOME/state.json`` (pid, ports, URI; never the password), or None.

    >>> read_dev_state(Path("/nowhere")) is None
    True
    """
    try:
        data = json.loads((Path(home) / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def connection_from_state(home: Path, state: dict[str, Any], database: str = "neo4j") -> Neo4jConnection | None:
    """The connection described by ``state``, password from ``HOME/password``; None when that file is missing.

    >>> connection_from_state(Path("/nowhere"), {"uri": "bolt://127.0.0.1:7687"}) is None
    True
    """
    password_file = Path(home) / "password"
    if not password_file.is_file():
        return None
    password = password_file.read_text(encoding="utf-8").strip()
    return Neo4jConnection(uri=str(state["uri"]), username=DEV_USERNAME, password=password, database=database)


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def dev_connection(home: Path | None = None, database: str = "neo4j") -> Neo4jConnection:
    """The running dev server's connection (``home`` default: :func:`default_home`).

    Raises
    ------
    Neo4jUnavailable
        When the dev server is not running or its password file is missing.

    >>> dev_connection(Path("/nowhere"))
    Traceback (most recent call last):
    ...
    graph_model.neo4j_connection.Neo4jUnavailable: no Neo4j to talk to: ... the dev server is not running; ...
    """
    home = Path(home).expanduser().absolute() if home is not None else default_home()
    state = read_dev_state(home)
    conn = None
    if state is not None and _pid_alive(int(state.get("pid", 0))):
        conn = connection_from_state(home, state, database)
    if conn is None:
        raise Neo4jUnavailable(f"no Neo4j to talk to: NEO4J_URI is not set and the dev server is not running; "
                               f"{_START_HINT} (with NEO4J_USERNAME, NEO4J_PASSWORD)")
    return dataclasses.replace(conn, found=True)


def check_named(conn: Neo4jConnection, what: str = "write") -> None:
    """Refuse to ``what`` into a server nobody named: a dev server found running (someone else may have
    started it, and its data is theirs) is written to only when the caller names it explicitly
    (``stratgraph neo4j push --dev-server``, ``stratgraph.neo4j.connect(dev_server=True)``).

    >>> check_named(Neo4jConnection("bolt://db.example:7687", "neo4j", "pw"))
    >>> check_named(Neo4jConnection("bolt://127.0.0.1:7687", "neo4j", "pw", found=True), "push")
    Traceback (most recent call last):
    ...
    ontologies.errors.UsageError: will not push into Neo4j at bolt://127.0.0.1:7687: it is a dev server found running, not one you named (someone else may have started it). Name it: set NEO4J_URI, or pass --dev-server (Python: stratgraph.neo4j.connect(dev_server=True))
    """
    if conn.found:
        raise UsageError(f"will not {what} into Neo4j at {safe_uri(conn.uri)}: it is a dev server found running, "
                         "not one you named (someone else may have started it). Name it: set NEO4J_URI, or pass "
                         "--dev-server (Python: stratgraph.neo4j.connect(dev_server=True))")


def resolve_connection(uri: str | None, username: str = "neo4j", password: str | None = None,
                       database: str = "neo4j", dev_home: Any = None) -> Neo4jConnection:
    """The connection to use: ``uri`` when given, else the running dev server's.

    Raises
    ------
    Neo4jUnavailable
        When no ``uri`` is given and the dev server is not running.

    >>> resolve_connection("bolt://db.example:7687", password="pw").uri
    'bolt://db.example:7687'
    """
    if uri:
        return Neo4jConnection(uri=uri, username=username or "neo4j", password=password or "",
                               database=database or "neo4j")
    return dev_connection(dev_home, database or "neo4j")


def _redact(text: str, conn: Neo4jConnection) -> str:
    text = text.replace(conn.uri, safe_uri(conn.uri))
    return text.replace(conn.password, "********") if conn.password else text


_LINE_COL = re.compile(r"\(line (\d+), column (\d+)")


def _translate(exc: BaseException, conn: Neo4jConnection) -> GraphDatabaseError | None:
    where = f"Neo4j at {safe_uri(conn.uri)}"
    if isinstance(exc, nx.AuthError):
        return Neo4jAuthFailed(f"{where} refused the credentials of user {conn.username!r} "
                               f"({getattr(exc, 'code', None) or 'authentication failed'}): check NEO4J_USERNAME "
                               "and NEO4J_PASSWORD")
    if isinstance(exc, (nx.ServiceUnavailable, nx.SessionExpired, nx.DatabaseUnavailable,
                        nx.ConnectionAcquisitionTimeoutError, OSError)):
        return Neo4jUnavailable(f"{where} is not reachable: is it running? "
                                f"({_START_HINT}) [{type(exc).__name__}]")
    if isinstance(exc, nx.CypherSyntaxError):
        message = _redact(exc.message or str(exc), conn)
        found = _LINE_COL.search(message)
        at = f" at line {found.group(1)}, column {found.group(2)}" if found else ""
        return CypherError(f"Cypher syntax error{at}: {message}")
    if isinstance(exc, nx.Neo4jError):
        code = exc.code or "Neo4j error"
        message = _redact(exc.message or str(exc), conn)
        if code.endswith("Statement.AccessMode") or code.endswith("ForbiddenOnReadOnlyDatabase"):
            return CypherError(f"the query tries to write but runs read-only ({code}: {message}); "
                               "add --write to allow writes")
        if code.endswith("Statement.ParameterMissing"):
            return CypherError(f"{message} (give it with --param KEY=VALUE)")
        return CypherError(f"{where} refused the query ({code}): {message}")
    if isinstance(exc, nx.ConfigurationError):
        return GraphDatabaseError(f"cannot use the Neo4j URI {safe_uri(conn.uri)!r}: {_redact(str(exc), conn)}")
    if isinstance(exc, nx.DriverError):
        return GraphDatabaseError(f"{where}: {type(exc).__name__}: {_redact(str(exc), conn)}")
    if isinstance(exc, ValueError) and "uri" in str(exc).lower():
        return GraphDatabaseError(f"cannot use the Neo4j URI {safe_uri(conn.uri)!r}: {_redact(str(exc), conn)}")
    return None


@contextlib.contextmanager
def neo4j_errors(conn: Neo4jConnection) -> Iterator[None]:
    """Turn the driver's exceptions inside the block into :class:`GraphDatabaseError` subclasses.

    Example::

        with neo4j_errors(conn), conn.driver() as driver:
            driver.verify_connectivity()
    """
    try:
        yield
    except GraphDatabaseError:
        raise
    except (nx.Neo4jError, nx.DriverError, OSError, ValueError) as exc:
        translated = _translate(exc, conn)
        if translated is None:
            raise
        raise translated from None


@contextlib.contextmanager
def open_driver(conn: Neo4jConnection, *, retry_seconds: float = 15.0,
                notifications: bool = False) -> Iterator[neo4j.Driver]:
    """A driver whose server answered (errors translated); closed on exit.

    ``retry_seconds`` bounds how long a write transaction is retried after a transient failure.

    Example::

        with open_driver(conn) as driver:
            driver.execute_query("RETURN 1", database_=conn.database)
    """
    config: dict[str, Any] = {"max_transaction_retry_time": retry_seconds, "connection_timeout": 10.0,
                              "connection_acquisition_timeout": 30.0}
    if not notifications:
        config["notifications_min_severity"] = "OFF"
    with neo4j_errors(conn):
        driver = conn.driver(**config)
        try:
            driver.verify_connectivity()
            yield driver
        finally:
            driver.close()


