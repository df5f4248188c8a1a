"""Answer a SPARQL query read-only, in the format a client accepts, within a row and a time limit.

This is the library half of the SPARQL 1.1 Protocol endpoint (``stratgraph/web/sparql_endpoint.py``
does the HTTP): it refuses updates and ``SERVICE``, runs the query over the live sources (the common
prefixes predeclared, as ``stratgraph sparql``), picks the media type from an ``Accept`` header and
serialises with Oxigraph's own writers:

- SELECT and ASK: SPARQL results as JSON, CSV, TSV or XML;
- CONSTRUCT and DESCRIBE: Turtle or N-Triples.

At most ``max_rows`` solutions (or triples) are given; ``truncated`` says when there were more (the
endpoint says so in a header, and a Turtle answer in a comment). Rows are read one by one with the
clock checked in between, so a query past its ``deadline`` stops at the next row with
:class:`QueryTimeout`.

Examples
--------
>>> answer = answer_query(example_store, "SELECT ?p WHERE { ?p a sg:Project } ORDER BY ?p LIMIT 2", "text/csv")
>>> answer.media_type, answer.body.decode().split()
('text/csv', ['p', 'https://w3id.org/stratgraph/id/P-ARKTINEN-MATKAILU', 'https://w3id.org/stratgraph/id/P-ASIAKASPALVELU'])
>>> answer_query(example_store, "ASK { ?p a sg:Project }", "application/sparql-results+json").body
b'{"head":{},"boolean":true}'
>>> answer_query(example_store, "DELETE WHERE { ?s ?p ?o }", None)
Traceback (most recent call last):
...
ontologies.errors.InputError: this endpoint is read-only: DELETE (an update) is refused
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from graph_model.store import GraphStore
from ontologies.errors import InputError, UsageError
from queries.sparql import PREFIXES
from queries.sparql_guard import service_calls, update_operation

__all__ = ["SparqlAnswer", "QueryTimeout", "NotAcceptable", "answer_query", "negotiate", "RESULT_TYPES",
           "GRAPH_TYPES", "MAX_ROWS"]

#: Media types of SELECT and ASK results, the first the default.
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON, "application/json": ox.QueryResultsFormat.JSON,
    "text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML, "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML}
#: Media types of CONSTRUCT and DESCRIBE results, the first the default.
GRAPH_TYPES: dict[str, ox.RdfFormat] = {"text/turtle": ox.RdfFormat.TURTLE,
                                        "application/n-triples": ox.RdfFormat.N_TRIPLES}
#: The default row limit.
MAX_ROWS = 10_000
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class QueryTimeout(InputError):
    """The query ran past its time limit (nothing is answered)."""


class NotAcceptable(UsageError):
    """The client accepts none of the media types this kind of result comes in."""


@dataclass(frozen=True)
class SparqlAnswer:
    """A serialised answer: the bytes, their media type, how many rows and whether more were cut off."""

    body: bytes
    media_type: str
    rows: int
    truncated: bool


def negotiate(accept: str | None, offered: Iterable[str]) -> str:
    """The offered media type the ``Accept`` header prefers (q-values, ``type/*`` and ``*/*`` understood);
    the first offered one when there is no header.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES)
    'application/sparql-results+xml'
    >>> negotiate("text/*", GRAPH_TYPES), negotiate(None, GRAPH_TYPES)
    ('text/turtle', 'text/turtle')
    >>> negotiate("image/png", GRAPH_TYPES)
    Traceback (most recent call last):
    ...
    queries.sparql_answer.NotAcceptable: cannot answer in image/png; this result comes as text/turtle, application/n-triples
    """
    offered = list(offered)
    if not accept or not accept.strip():
        return offered[0]
    best, best_q = None, 0.0
    for pattern, q in _accepted(accept):  # the first of the highest q wins; a wildcard takes our first
        media = next((m for m in offered if _matches(pattern, m)), None)
        if media is not None and q > best_q:
            best, best_q = media, q
    if best is None:
        raise NotAcceptable(f"cannot answer in {accept.strip()[:200]}; this result comes as {', '.join(offered)}")
    return best


def _accepted(accept: str) -> Iterator[tuple[str, float]]:
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            yield media.lower(), q


def _matches(pattern: str, media: str) -> bool:
    if pattern in ("*/*", "*"):
        return True
    if pattern.endswith("/*"):
        return media.startswith(pattern[:-1])
    return pattern == media


def _check_read_only(query: str) -> None:
    operation = update_operation(query)
    if operation is not None:
        raise InputError(f"this endpoint is read-only: {operation} (an update) is refused")
    calls = service_calls(query)
    if calls:
        raise InputError(f"SERVICE {', '.join(calls)} is refused: this endpoint does not fetch from other servers")


def answer_query(store: GraphStore, query: str, accept: str | None, *, max_rows: int = MAX_ROWS,
                 deadline: float | None = None) -> SparqlAnswer:
    """Run ``query`` read-only on ``store`` and serialise its result for ``accept``.

    Parameters
    ----------
    accept
        The client's ``Accept`` header (None: SPARQL JSON, or Turtle for a graph).
    max_rows
        Give at most this many solutions or triples (``truncated`` when there were more).
    deadline
        A :func:`time.monotonic` time after which reading rows stops with :class:`QueryTimeout`.

    Raises
    ------
    InputError
        For an update, a SERVICE clause or a syntax error (the message says which).
    NotAcceptable
        When ``accept`` allows none of the media types of the result.
    QueryTimeout
        When the deadline passes before the rows are read.
    """
    if max_rows < 1:
        raise UsageError("max_rows must be at least 1")
    _check_read_only(query)
    result = store.query(query, prefixes=PREFIXES)
    if isinstance(result, ox.QueryBoolean):
        media = negotiate(accept, RESULT_TYPES)
        return SparqlAnswer(result.serialize(format=RESULT_TYPES[media]), media, 1, False)
    if isinstance(result, ox.QueryTriples):
        media = negotiate(accept, GRAPH_TYPES)
        triples, truncated = _read(result, max_rows, deadline)
        body = ox.serialize(triples, format=GRAPH_TYPES[media],
                            prefixes=PREFIXES if GRAPH_TYPES[media] == ox.RdfFormat.TURTLE else None)
        if truncated and GRAPH_TYPES[media] == ox.RdfFormat.TURTLE:
            body += f"# cut at {max_rows:,} triples: the query gives more\n".encode()
        return SparqlAnswer(body, media, len(triples), truncated)
    media = negotiate(accept, RESULT_TYPES)
    names = [v.value for v in result.variables]
    solutions, truncated = _read(result, max_rows, deadline)
    bindings = [{n: _json_term(row[n]) for n in names if row[n] is not None} for row in solutions]
    document = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}).encode()
    if RESULT_TYPES[media] == ox.QueryResultsFormat.JSON:
        return SparqlAnswer(document, media, len(solutions), truncated)
    # Oxigraph's writers take query results only: the rows read go back through its JSON parser.
    body = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON).serialize(format=RESULT_TYPES[media])
    return SparqlAnswer(body, media, len(solutions), truncated)


def _read(rows: Iterator, max_rows: int, deadline: float | None) -> tuple[list, bool]:
    kept = []
    try:  # rows are computed while read: evaluation errors surface here
        for row in rows:
            if deadline is not None and time.monotonic() > deadline:
                raise QueryTimeout("the query ran past its time limit; narrow it (fewer patterns, a LIMIT)")
            if len(kept) == max_rows:
                return kept, True
            kept.append(row)
    except (OSError, RuntimeError, ValueError) as exc:
        raise InputError(f"SPARQL query failed: {' '.join(str(exc).split())}") from exc
    return kept, False


def _json_term(term) -> dict:
    """An Oxigraph term as a SPARQL 1.1 JSON results term."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}
