"""Let the Neo4j server judge a query before it runs: what it does, which procedures it calls, what it fetches.

A lexical check is easy to fool (```CALL `apoc`.`load`.`json`(...)```, comments between the words, a
procedure reached through a variable), so :func:`inspect` asks the server: it runs ``EXPLAIN`` on the
query, which plans it without running it, and reads the plan:

* the query type the server reports (``r`` read, ``rw`` read and write, ``w`` write, ``s`` schema);
* the procedures the plan calls, by the server's own name for them (backticks and comments resolved);
* the clauses that make the server fetch from a URL or a file (the ``LoadCSV`` operator);
* administration operators (``TERMINATE TRANSACTIONS``, commands planned for the system database).

:func:`check` refuses, before anything runs: a write or schema change unless writes are allowed, a
procedure outside :data:`ALLOWED_PROCEDURES` (the fetching ones need ``allow_service``), ``LOAD CSV``
unless ``allow_service``. A query the server cannot plan (an admin command on a user database, an
unknown procedure such as APOC when the plug-in is missing) is refused with the server's own message.
The read-only run itself then happens in a READ transaction, so the server refuses a write a second
time. Functions of plug-ins are not in the plan; the dev server has none.

>>> kind = QueryKind("r", ("db.labels",), ())
>>> check(kind)
>>> check(QueryKind("rw", (), ()))
Traceback (most recent call last):
...
queries.cypher_guard.QueryRefused: the server plans this query as a read and write query (rw); it runs read-only: add --write to allow writes
>>> check(QueryKind("r", ("dbms.setConfigValue",), ()))
Traceback (most recent call last):
...
queries.cypher_guard.QueryRefused: the query calls dbms.setConfigValue, which is not on the allowed list of procedures (db.labels, db.propertyKeys, db.relationshipTypes, db.schema.nodeTypeProperties, db.schema.relTypeProperties, db.schema.visualization, dbms.components)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import neo4j

from graph_model.neo4j_connection import CypherError

__all__ = ["ALLOWED_PROCEDURES", "FETCHING_PROCEDURES", "ADMIN_OPERATORS", "QueryKind", "QueryRefused", "inspect", "plan_kind", "check"]

#: Procedures any query may call: they read the schema and the server's version, nothing else.
ALLOWED_PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties", "dbms.components",
})
#: Procedure name prefixes that make the server fetch a URL or read a file: allowed with ``allow_service``.
FETCHING_PROCEDURES = ("apoc.load.", "apoc.import.")
#: Operators that administer the server: refused even when the server calls the query a read
#: (``TERMINATE TRANSACTIONS`` is planned as ``r``), as is anything planned for the system database.
ADMIN_OPERATORS = frozenset({"TerminateTransactions", "AdministrationCommand"})
_TYPES = {"r": "a read query", "rw": "a read and write query", "w": "a write query", "s": "a schema change"}


class QueryRefused(CypherError):
    """The server's plan of the query shows something the caller did not allow."""


@dataclass(frozen=True)
class QueryKind:
    """What the server's plan says a query does: its type and the procedures and fetches in it."""

    query_type: str
    procedures: tuple[str, ...]
    fetches: tuple[str, ...]
    admin: tuple[str, ...] = ()


def _operators(plan: Mapping[str, Any] | None) -> Iterator[Mapping[str, Any]]:
    if not plan:
        return
    yield plan
    for child in plan.get("children") or ():
        yield from _operators(child)


def plan_kind(query_type: str, plan: Mapping[str, Any] | None) -> QueryKind:
    """The :class:`QueryKind` of a plan as the driver gives it (``summary.plan``, a dict).

    >>> plan = {"operatorType": "ProduceResults@neo4j", "args": {}, "children": [
    ...     {"operatorType": "ProcedureCall@neo4j", "args": {"Details": "db.labels() :: (label :: STRING)"},
    ...      "children": [{"operatorType": "LoadCSV@neo4j", "args": {"Details": "line"}}]}]}
    >>> plan_kind("r", plan)
    QueryKind(query_type='r', procedures=('db.labels',), fetches=('LOAD CSV',), admin=())
    >>> plan_kind("r", {"operatorType": "TerminateTransactions@neo4j"}).admin
    ('TerminateTransactions',)
    """
    procedures, fetches, admin = [], [], []
    for op in _operators(plan):
        kind, _, runtime = str(op.get("operatorType", "")).partition("@")
        if kind == "ProcedureCall":
            details = str((op.get("args") or op.get("arguments") or {}).get("Details", ""))
            procedures.append(details.split("(")[0].strip())
        elif kind == "LoadCSV":
            fetches.append("LOAD CSV")
        elif kind in ADMIN_OPERATORS or runtime == "system":
            admin.append(kind)
    return QueryKind(query_type, tuple(dict.fromkeys(procedures)), tuple(dict.fromkeys(fetches)),
                     tuple(dict.fromkeys(admin)))


def inspect(session: neo4j.Session, text: str, params: Mapping[str, Any]) -> QueryKind:
    """``EXPLAIN`` the query in ``session`` (nothing runs) and return what the server's plan says.

    Errors of the driver (the server cannot plan it) propagate, to be translated by the caller.

    Example::

        with driver.session(database="neo4j") as session:
            inspect(session, "CALL `db`.`labels`()", {})   # QueryKind('r', ('db.labels',), ())
    """
    summary = session.run("EXPLAIN " + text, params).consume()
    return plan_kind(summary.query_type or "", summary.plan)


def check(kind: QueryKind, *, write: bool = False, allow_service: bool = False) -> None:
    """Raise :class:`QueryRefused` when the plan shows what was not allowed (see the module's description).

    >>> check(QueryKind("r", (), ("LOAD CSV",)))
    Traceback (most recent call last):
    ...
    queries.cypher_guard.QueryRefused: the query uses LOAD CSV, which makes the server fetch data from a URL or file; add --allow-service to allow it
    >>> check(QueryKind("w", (), ()), write=True)
    """
    if kind.admin:
        raise QueryRefused(f"the server plans this query as an administration command ({', '.join(kind.admin)}); "
                           "stratgraph does not run those: use cypher-shell or Neo4j Browser as an administrator")
    for name in kind.procedures:
        if name in ALLOWED_PROCEDURES:
            continue
        if name.startswith(FETCHING_PROCEDURES):
            if allow_service:
                continue
            raise QueryRefused(f"the query calls {name}, which makes the server fetch data from a URL or file; "
                               "add --allow-service to allow it")
        raise QueryRefused(f"the query calls {name}, which is not on the allowed list of procedures "
                           f"({', '.join(sorted(ALLOWED_PROCEDURES))})")
    if kind.fetches and not allow_service:
        raise QueryRefused(f"the query uses {', '.join(kind.fetches)}, which makes the server fetch data from a URL "
                           "or file; add --allow-service to allow it")
    if kind.query_type != "r" and not write:
        what = _TYPES.get(kind.query_type, f"query type {kind.query_type!r}")
        raise QueryRefused(f"the server plans this query as {what} ({kind.query_type}); it runs read-only: "
                           "add --write to allow writes")
