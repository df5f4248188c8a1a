"""Refuse SPARQL that would make the store fetch from the network (``SERVICE``) unless allowed, and
name the update operation of a text that changes data (a read-only endpoint refuses it).

Oxigraph evaluates ``SERVICE <http://...>`` by sending an HTTP request from the user's machine: an
analyst's query (or one they were sent) must not do that by surprise. The check is lexical and errs on
the side of refusing: strings, IRIs and comments are blanked first, so ``"SERVICE"`` in a literal,
``?service`` and ``sg:Service`` do not count.

>>> service_calls('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
['<http://example.org/sparql>']
>>> service_calls('PREFIX ex: <http://example.org/ns#> SELECT * { SERVICE <http://example.org/s> {} }')
['<http://example.org/s>']
>>> service_calls('SELECT ?service WHERE { ?service a sg:Service ; rdfs:label "SERVICE" } # SERVICE')
[]
>>> check_no_service('SELECT * { service silent ?endpoint { ?s ?p ?o } }')
Traceback (most recent call last):
...
ontologies.errors.InputError: the query calls SERVICE ?endpoint, which would fetch data from another server; add --allow-service to allow it
>>> update_operation('PREFIX insert: <urn:x#> INSERT DATA { insert:a insert:b "DELETE" }')
'INSERT'
>>> update_operation('SELECT ?add WHERE { ?add a <urn:DROP> } # CLEAR ALL'), update_operation('drop all')
(None, 'DROP')
"""

from __future__ import annotations

import re

from ontologies.errors import InputError

__all__ = ["service_calls", "check_no_service", "update_operation"]

_BLANK = re.compile(r'''<[^<>"{}|^`\\\x00-\x20]*>'''  # an IRI (kept), then strings and comments (blanked)
                    r'''|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"'''
                    r'''|'(?:[^'\\\n]|\\.)*'|#[^\n]*''')
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:-])\s*(?:SILENT\s*)?(<[^>]*>|[?$]\w+|[\w-]*:[\w.-]*)?",
                      re.IGNORECASE)

#: The first keyword of a query form, or of an update operation (SPARQL 1.1 Update, section 3).
_OPERATION = re.compile(r"(?<![\w?$:])(SELECT|CONSTRUCT|ASK|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY"
                        r"|MOVE|ADD|WITH)(?![\w:-])", re.IGNORECASE)
_QUERY_FORMS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}


def _blanked(query: str) -> str:
    # IRIs stay (they name the endpoint) but their content cannot hold the keyword: <...SERVICE...> is
    # matched whole by the group, and the look-behind rejects a keyword glued to ':' or a name. They are
    # matched here too, so that the '#' of <http://x/ns#> is not read as the start of a comment.
    return _BLANK.sub(lambda m: m.group(0) if m.group(0).startswith("<") else " " * len(m.group(0)), query)


def service_calls(query: str) -> list[str]:
    """The endpoints (IRI, variable or prefixed name) of every SERVICE clause in ``query``."""
    text = _blanked(query)
    text = re.sub(r"<[^<>\s]*>", lambda m: m.group(0) if not re.search("service", m.group(0), re.I)
                  else "<" + "x" * (len(m.group(0)) - 2) + ">", text)
    found = []
    for match in _SERVICE.finditer(text):
        endpoint = match.group(1) or "(no endpoint)"
        found.append(query[match.start(1):match.end(1)] if match.group(1) else endpoint)
    return found


def check_no_service(query: str) -> None:
    """Raise InputError when ``query`` has a SERVICE clause (the CLI's ``--allow-service`` skips this)."""
    calls = service_calls(query)
    if calls:
        raise InputError(f"the query calls SERVICE {', '.join(calls)}, which would fetch data from another "
                         "server; add --allow-service to allow it")


def update_operation(text: str) -> str | None:
    """The update keyword (INSERT, DELETE, LOAD, CLEAR, DROP, ...) that ``text`` starts with after its
    prologue, upper-cased; None for a query (SELECT, CONSTRUCT, ASK, DESCRIBE) or text with neither."""
    blanked = re.sub(r"<[^<>\s]*>", lambda m: "<" + "x" * (len(m.group(0)) - 2) + ">", _blanked(text))
    first = _OPERATION.search(blanked)
    if first is None or first.group(1).upper() in _QUERY_FORMS:
        return None
    return first.group(1).upper()
