"""Run Cypher against Neo4j, read-only unless asked, and read the analysts' query library.

The library is ``queries/cypher/*.cypher``: one question per file, each starting with a header::

    // purpose: Projects related to a project through shared goals, themes, partners or funding.
    // params: $project (project id); $limit (how many, default 20)
    // example: stratgraph cypher -f queries/cypher/related_projects.cypher --param project=P-HNR

Parameters are separated by ``;`` and written ``$name (description)`` or ``$name: description``; one
without a ``default`` is required, and defaults are JSON (``20``, ``null``, ``"x"``). Lines that start
with ``//`` and no key continue the previous one.

Examples
--------
>>> "related_projects" in [q.name for q in list_queries()]
True
>>> find_query("related_projects").params[0].name
'project'
>>> parse_params(["project=P-HNR", "limit:=5"])
{'project': 'P-HNR', 'limit': 5}
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
from neo4j import graph as ngraph

from graph_model.neo4j_connection import Neo4jConnection, check_named, neo4j_errors, open_driver
from ontologies.errors import InputError, NotFoundError, UsageError
from queries.cypher_guard import check, inspect

__all__ = [
    "CYPHER_DIR",
    "QueryParam",
    "LibraryQuery",
    "CypherResult",
    "parse_header",
    "list_queries",
    "find_query",
    "read_cypher",
    "parse_params",
    "with_defaults",
    "run_cypher",
    "to_plain",
    "library_rows",
]

CYPHER_DIR = Path(__file__).resolve().with_name("cypher")
_HEADER = re.compile(r"^//\s*(purpose|params|example):\s*(.*)$")
_PARAM = re.compile(r"\$(\w+)\s*(?::\s*(.*)|\((.*)\))?\s*$", re.S)
_DEFAULT = re.compile(r"(?:^|,\s*)default\s+(.+)$")


@dataclass(frozen=True)
class QueryParam:
    """A parameter a library query takes: required unless it has a default."""

    name: str
    description: str
    required: bool
    default: Any = None


@dataclass(frozen=True)
class LibraryQuery:
    """One file of the query library and what its header says."""

    name: str
    path: Path
    purpose: str
    params: tuple[QueryParam, ...]
    example: str
    text: str

    def as_dict(self) -> dict[str, Any]:
        """Name, purpose, parameters and example as plain data (for ``--list --format json``).

        >>> find_query("network_members_by_level").as_dict()["name"]
        'network_members_by_level'
        """
        params = "; ".join(f"${p.name}" + ("" if p.required else f" (default {json.dumps(p.default)})")
                           for p in self.params)
        return {"name": self.name, "purpose": self.purpose, "params": params, "example": self.example,
                "file": str(self.path)}


@dataclass
class CypherResult:
    """Columns and rows (plain Python values) of a query, with write counters and server notices
    (``notices``: the warnings; ``notifications``: every notification, information included, as
    ``SEVERITY code: description``)."""

    columns: list[str]
    rows: list[dict[str, Any]]
    counters: dict[str, int] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    notifications: list[str] = field(default_factory=list)


def _split_params(text: str) -> list[str]:
    parts, depth, current = [], 0, []
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == ";" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def parse_header(text: str) -> tuple[str, tuple[QueryParam, ...], str]:
    """``(purpose, params, example)`` from the ``// purpose:``, ``// params:``, ``// example:`` lines.

    >>> parse_header("// purpose: Count.\\n// params: $n (how many, default 3); $id (an id)\\nRETURN 1")
    ('Count.', (QueryParam(name='n', description='how many', required=False, default=3), QueryParam(name='id', description='an id', required=True, default=None)), '')
    """
    fields: dict[str, list[str]] = {"purpose": [], "params": [], "example": []}
    last = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            if stripped:
                break
            continue
        found = _HEADER.match(stripped)
        if found:
            last = found.group(1)
            fields[last].append(found.group(2).strip())
        elif last is not None and stripped[2:].strip():
            fields[last].append(stripped[2:].strip())  # a continuation line
    params = []
    for part in _split_params(" ".join(fields["params"])):
        found = _PARAM.match(part)
        if not found:
            raise InputError(f"cannot read the parameter {part!r} in the query header: write $name (description)")
        description = (found.group(2) or found.group(3) or "").strip()
        default = _DEFAULT.search(description)
        if default:
            try:
                value = json.loads(default.group(1).strip())
            except ValueError as exc:
                raise InputError(f"parameter ${found.group(1)}: the default must be JSON, "
                                 f"not {default.group(1)!r}") from exc
            params.append(QueryParam(found.group(1), description[:default.start()].strip(" ,"), False, value))
        else:
            params.append(QueryParam(found.group(1), description, True))
    return " ".join(fields["purpose"]), tuple(params), " ".join(fields["example"])


def _library_query(path: Path) -> LibraryQuery:
    text = path.read_text(encoding="utf-8")
    try:
        purpose, params, example = parse_header(text)
    except InputError as exc:  # one odd header must not hide the rest of the library
        return LibraryQuery(path.stem, path, f"(header not readable: {exc})", (), "", text)
    return LibraryQuery(path.stem, path, purpose, params, example, text)


def list_queries(directory: Path = CYPHER_DIR) -> list[LibraryQuery]:
    """Every query of the library, by name.

    >>> all(q.purpose and q.example for q in list_queries())
    True
    """
    return [_library_query(p) for p in sorted(Path(directory).glob("*.cypher"))]


def find_query(name: str, directory: Path = CYPHER_DIR) -> LibraryQuery:
    """The library query called ``name`` (the file name without ``.cypher``).

    Raises
    ------
    NotFoundError
        With the names there are.

    >>> find_query("shortest_path_between_organisations").path.name
    'shortest_path_between_organisations.cypher'
    """
    path = Path(directory) / f"{Path(name).stem}.cypher"
    if not path.is_file():
        names = ", ".join(q.name for q in list_queries(directory))
        raise NotFoundError(f"no library query called {name!r}; there are: {names}")
    return _library_query(path)


def read_cypher(query: str | None, file: Path | str | None) -> str:
    """The query text: ``query`` itself, or the file ``file`` (a path, or a library query's name).

    >>> "MATCH" in read_cypher(None, "goals_without_metrics_or_owner")
    True
    """
    if (query is None) == (file is None):
        raise UsageError("give either a QUERY or -f FILE (not both)")
    if query is not None:
        if not query.strip():
            raise UsageError("the query is empty")
        return query
    path = Path(file)
    if path.is_file():
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {path}: {exc}") from exc
    if (path.suffix in ("", ".cypher") and len(path.parts) == 1) or path.parent.name == "cypher":
        return find_query(path.stem).text
    raise NotFoundError(f"no query file {path}")


def parse_params(items: Iterable[str]) -> dict[str, Any]:
    """Parameters from ``key=value`` (a string) and ``key:=JSON`` (a number, list, true, null...).

    >>> parse_params(["id=P-1", "n:=3", "ids:=[\\"a\\", \\"b\\"]", "$x=1"])
    {'id': 'P-1', 'n': 3, 'ids': ['a', 'b'], 'x': '1'}
    """
    params: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip(":$ "):
            raise UsageError(f"{item!r}: write --param key=value (a string) or key:=JSON")
        if key.endswith(":"):
            try:
                params[key[:-1].lstrip("$")] = json.loads(value)
            except ValueError as exc:
                raise UsageError(f"{item!r}: {value!r} is not JSON") from exc
        else:
            params[key.lstrip("$")] = value
    return params


def with_defaults(text: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` plus the defaults its header declares; a missing required parameter is an error.

    >>> with_defaults("// params: $n (how many, default 3)\\nRETURN $n", {})
    {'n': 3}
    """
    _, declared, _ = parse_header(text)
    out = dict(params)
    missing = []
    for p in declared:
        if p.name not in out:
            if p.required:
                missing.append(p)
            else:
                out[p.name] = p.default
    if missing:
        raise UsageError("the query needs " + ", ".join(f"--param {p.name}=... ({p.description})" for p in missing))
    return out


def to_plain(value: Any) -> Any:
    """A Neo4j value as plain Python data: nodes and relationships as dicts, dates as ISO text.

    Internal properties (``_sg_owner``, ``_extra``...) are left out of nodes and relationships.

    >>> import neo4j.time
    >>> to_plain([neo4j.time.Date(2025, 1, 31), {"a": 1.5}])
    ['2025-01-31', {'a': 1.5}]
    """
    if isinstance(value, ngraph.Node):
        labels = sorted(value.labels)
        return {"labels": labels, **{k: to_plain(v) for k, v in sorted(value.items()) if not k.startswith("_")}}
    if isinstance(value, ngraph.Relationship):
        return {"type": value.type, **{k: to_plain(v) for k, v in sorted(value.items()) if not k.startswith("_")}}
    if isinstance(value, ngraph.Path):
        return {"nodes": [to_plain(n) for n in value.nodes],
                "relationships": [to_plain(r) for r in value.relationships]}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _notices(summary: neo4j.ResultSummary, severities: tuple[str, ...] = ("WARNING",)) -> list[str]:
    out = []
    for status in summary.gql_status_objects:
        severity = str(status.severity.value).upper()
        if status.is_notification and severity in severities:
            where = f" (line {status.position.line}, column {status.position.column})" if status.position else ""
            text = f"{status.status_description}{where}"
            out.append(text if severities == ("WARNING",) else f"{severity} {status.gql_status}: {text}")
    return out


def run_cypher(conn: Neo4jConnection, text: str, params: Mapping[str, Any] | None = None, *,
               write: bool = False, allow_service: bool = False) -> CypherResult:
    """Run one Cypher query and return its rows as plain data, after the server has judged it.

    The server plans the query first (``EXPLAIN``, see :mod:`queries.cypher_guard`): a write, a schema
    change, a procedure outside the allowed list or a fetch (``LOAD CSV``, APOC loaders) is refused
    before anything runs, unless ``write`` (writes, into a server the caller named: see
    :func:`~graph_model.neo4j_connection.check_named`) or ``allow_service`` (fetches) allow it. A read-only
    query then runs in a READ transaction, so the server itself refuses writes once more; parameters
    travel as ``$params`` (declared defaults are filled in, see :func:`with_defaults`).

    Raises
    ------
    CypherError
        A syntax error (with line and column), a refusal (``QueryRefused``), or another error of the server.
    Neo4jUnavailable, Neo4jAuthFailed
        The server cannot be reached or refuses the credentials.

    Example::

        result = run_cypher(conn, "MATCH (p:Project {id: $id}) RETURN p.label_fi AS name", {"id": "P-HNR"})
        print(result.rows)   # [{'name': 'Hiilineutraali Rovaniemi'}]
    """
    values = with_defaults(text, params or {})
    if write:
        check_named(conn)  # never write into a dev server merely found running
    mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
    with open_driver(conn, notifications=True) as driver, neo4j_errors(conn), \
            driver.session(database=conn.database, default_access_mode=mode) as session:
        check(inspect(session, text, values), write=write, allow_service=allow_service)
        if write:  # an auto-commit run: a write may use CALL { ... } IN TRANSACTIONS
            return _result(session.run(text, values))
        return session.execute_read(lambda tx: _result(tx.run(text, values)))


def _result(result: neo4j.Result) -> CypherResult:
    columns = list(result.keys())
    rows = [{k: to_plain(record[k]) for k in columns} for record in result]
    summary = result.consume()
    counters = {k: v for k, v in vars(summary.counters).items() if not k.startswith("_") and v}
    return CypherResult(columns, rows, counters, _notices(summary),
                        _notices(summary, ("WARNING", "INFORMATION", "UNKNOWN")))


def library_rows(queries: Sequence[LibraryQuery]) -> list[dict[str, Any]]:
    """Rows for ``stratgraph cypher --list``: name, purpose, parameters.

    >>> library_rows([find_query("related_projects")])[0]["params"]
    '$project; $limit (default 20); $owner (default null)'
    """
    return [{k: v for k, v in q.as_dict().items() if k in ("name", "purpose", "params")} for q in queries]
