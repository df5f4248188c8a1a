"""A read-only SPARQL 1.1 Protocol endpoint at ``/sparql``, as a Starlette route the web app mounts.

- ``GET /sparql?query=...``, ``POST`` with ``application/x-www-form-urlencoded`` (``query=...``) or
  with the query as an ``application/sparql-query`` body;
- the result's format by ``Accept`` (see :mod:`queries.sparql_answer`): SPARQL JSON (default), CSV,
  TSV or XML for SELECT and ASK, Turtle (default) or N-Triples for CONSTRUCT and DESCRIBE; the
  ``format``/``output``/``results`` parameters some clients add are ignored;
- read-only: updates (``update=`` or ``application/sparql-update``) and ``SERVICE`` are refused with
  400 and a message that says why; ``default-graph-uri`` and ``named-graph-uri`` are refused too (the
  dataset is always the live sources);
- limits: at most ``max_rows`` rows, the cut said in the ``X-Stratgraph-Truncated`` header; a query
  that takes longer than ``timeout_s`` gets 422 with a message (a query the endpoint will not finish
  is the request's problem, not the server's); at most ``concurrency`` queries run at once (others
  wait, within their time limit).

Every error is plain text (never markup). The queries run in worker threads, each on its own
``open_store()``, so the app's event loop never waits on the store. A query that is stuck in one long
step (a sort, an aggregate) before its first row cannot be stopped: the client gets its 422 on time,
and the thread ends when the step does, holding one of the ``concurrency`` slots until then.

Examples
--------
>>> from contextlib import contextmanager
>>> from starlette.applications import Starlette
>>> from starlette.testclient import TestClient
>>> @contextmanager
... def open_store():
...     yield example_store
>>> client = TestClient(Starlette(routes=[sparql_route(open_store, max_rows=1)]))
>>> answer = client.get("/sparql", params={"query": "SELECT ?p { ?p a sg:Project }"}, headers={"Accept": "text/csv"})
>>> answer.status_code, answer.headers["content-type"], answer.headers["x-stratgraph-truncated"]
(200, 'text/csv; charset=utf-8', '1 rows given; the query has more (the row limit)')
>>> refused = client.post("/sparql", data={"update": "DROP ALL"})
>>> refused.status_code, refused.text
(400, 'this endpoint is read-only: updates are refused')
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from urllib.parse import parse_qs

import anyio
import anyio.to_thread
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from graph_model.store import GraphStore
from ontologies.errors import InputError, StoreError, StratgraphError
from queries.sparql_answer import MAX_ROWS, NotAcceptable, QueryTimeout, SparqlAnswer, answer_query

__all__ = ["sparql_route", "TIMEOUT_S", "MAX_QUERY_BYTES", "TRUNCATED_HEADER"]

#: The default time limit of one query, in seconds.
TIMEOUT_S = 10.0
#: The longest query text accepted (bytes of the body or characters of the parameter).
MAX_QUERY_BYTES = 100_000
#: The header that says the answer was cut at the row limit.
TRUNCATED_HEADER = "X-Stratgraph-Truncated"
_TEXT_TYPES = ("text/", "application/sparql-results+json", "application/json", "application/sparql-results+xml",
               "application/xml", "application/n-triples")


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def sparql_route(open_store: Callable[[], AbstractContextManager[GraphStore]], *, timeout_s: float = TIMEOUT_S,
                 max_rows: int = MAX_ROWS, concurrency: int = 2, path: str = "/sparql") -> Route:
    """A Starlette ``Route`` (GET and POST at ``path``) answering SPARQL queries read-only (see the module).

    Parameters
    ----------
    open_store
        Returns a context manager that gives the store for one query (e.g. a read-only ``GraphStore``).
    timeout_s, max_rows
        The time limit of one query and the most rows (or triples) one answer gives.
    concurrency
        How many queries may run at once.
    """
    if timeout_s <= 0 or max_rows < 1 or concurrency < 1:
        raise ValueError("timeout_s must be positive, max_rows and concurrency at least 1")
    limiter = anyio.CapacityLimiter(concurrency)

    def run(query: str, accept: str | None, deadline: float) -> SparqlAnswer:
        try:
            with open_store() as store:
                return answer_query(store, query, accept, max_rows=max_rows, deadline=deadline)
        except StratgraphError as exc:
            failure = (type(exc), str(exc))
        # Raised anew out here: the first error's traceback holds Oxigraph's result objects, which must be
        # dropped in this thread (they refuse to be dropped in another), as they are when it is freed here.
        raise failure[0](failure[1])

    async def sparql(request: Request) -> Response:
        try:
            query = await _query_of(request)
            accept = request.headers.get("accept")
            with anyio.fail_after(timeout_s):
                answer = await anyio.to_thread.run_sync(run, query, accept, time.monotonic() + timeout_s,
                                                        limiter=limiter, abandon_on_cancel=True)
        except _Refused as exc:
            return _error(exc.status, str(exc))
        except (TimeoutError, QueryTimeout):
            return _error(422, f"the query ran past the time limit of {timeout_s:g} s; narrow it "
                               "(fewer patterns, a LIMIT)")
        except NotAcceptable as exc:
            return _error(406, str(exc))
        except StoreError as exc:
            return _error(503, str(exc))
        except (InputError, StratgraphError) as exc:
            return _error(400, str(exc))
        media = answer.media_type + ("; charset=utf-8" if answer.media_type.startswith(_TEXT_TYPES) else "")
        headers = {"Vary": "Accept", "X-Content-Type-Options": "nosniff"}
        if answer.truncated:
            headers[TRUNCATED_HEADER] = f"{answer.rows} rows given; the query has more (the row limit)"
        return Response(answer.body, headers=headers, media_type=media)

    return Route(path, sparql, methods=["GET", "POST"], name="sparql")


async def _query_of(request: Request) -> str:
    """The query text of a protocol request (400, 413 or 415 when there is none to run)."""
    if request.method == "GET":
        params = _params(request.url.query)
    else:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _body(request)
        if kind == "application/sparql-update":
            raise _Refused(400, "this endpoint is read-only: updates are refused")
        if kind == "application/sparql-query":
            params = {**_params(request.url.query), "query": [_text(body)]}
        elif kind == "application/x-www-form-urlencoded":
            params = _params(_text(body))
        else:
            raise _Refused(415, f"POST the query as application/x-www-form-urlencoded (query=...) or as "
                                f"application/sparql-query, not {kind or 'no content type'}")
    if "update" in params:
        raise _Refused(400, "this endpoint is read-only: updates are refused")
    for name in ("default-graph-uri", "named-graph-uri"):
        if name in params:
            raise _Refused(400, f"{name} is not supported: the dataset is always the store's live sources")
    queries = params.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        raise _Refused(400, "give one SPARQL query in the 'query' parameter (or as an application/sparql-query body)")
    if len(queries[0]) > MAX_QUERY_BYTES:
        raise _Refused(413, f"the query is longer than {MAX_QUERY_BYTES:,} characters")
    return queries[0]


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_QUERY_BYTES * 4:
        raise _Refused(413, f"the request body is longer than {MAX_QUERY_BYTES * 4:,} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_QUERY_BYTES * 4:  # form encoding can make a query up to 3x longer
            raise _Refused(413, f"the request body is longer than {MAX_QUERY_BYTES * 4:,} bytes")
    return body


def _params(encoded: str) -> dict[str, list[str]]:
    try:
        return parse_qs(encoded, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise _Refused(400, f"a parameter is not UTF-8 once decoded ({exc.reason})") from None


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Refused(400, f"the request body is not UTF-8 (byte {exc.start})") from None


def _error(status: int, message: str) -> Response:
    return PlainTextResponse(message, status_code=status, headers={"X-Content-Type-Options": "nosniff"})
