"""Refuse SPARQL that would make the store fetch from the network (``SERVICE``) unless allowed.

Oxigraph evaluates ``SERVICE <http://...>`` by sending an HTTP request from the user's machine: an
analyst's query (or one they were sent) must not do that by surprise. The check is lexical and errs on
the side of refusing: strings, IRIs and comments are blanked first, so ``"SERVICE"`` in a literal,
``?service`` and ``sg:Service`` do not count.

>>> service_calls('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
['<http://example.org/sparql>']
>>> service_calls('SELECT ?service WHERE { ?service a sg:Service ; rdfs:label "SERVICE" } # SERVICE')
[]
>>> check_no_service('SELECT * { service silent ?endpoint { ?s ?p ?o } }')
Traceback (most recent call last):
...
ontologies.errors.InputError: the query calls SERVICE ?endpoint, which would fetch data from another server; add --allow-service to allow it
"""

from __future__ import annotations

import re

from ontologies.errors import InputError

__all__ = ["service_calls", "check_no_service"]

_BLANK = re.compile(r'''"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"'''
                    r'''|'(?:[^'\\\n]|\\.)*'|#[^\n]*''')
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:-])\s*(?:SILENT\s*)?(<[^>]*>|[?$]\w+|[\w-]*:[\w.-]*)?",
                      re.IGNORECASE)


def _blanked(query: str) -> str:
    # IRIs stay (they name the endpoint) but their content cannot hold the keyword: <...SERVICE...> is
    # matched whole by the group, and the look-behind rejects a keyword glued to ':' or a name.
    return _BLANK.sub(lambda m: " " * len(m.group(0)), query)


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
