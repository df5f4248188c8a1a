"""Refuse Cypher that would make the Neo4j server fetch from the network or read files, unless allowed.

``LOAD CSV FROM 'https://...'`` and the APOC loaders (``apoc.load.json``, ``apoc.import.*``...) make the
server send requests; like SPARQL ``SERVICE`` (:mod:`queries.sparql_guard`) they need ``--allow-service``.
The check is lexical on the query without its strings and comments, and errs on the side of refusing.

>>> fetches("LOAD CSV WITH HEADERS FROM $url AS row RETURN row")
['LOAD CSV']
>>> fetches("MATCH (n {note: 'LOAD CSV'}) // LOAD CSV\\nRETURN n")
[]
>>> fetches("CALL apoc.load.json('https://example.org/x.json') YIELD value RETURN value")
['apoc.load.json']
"""

from __future__ import annotations

import re

from ontologies.errors import InputError

__all__ = ["fetches", "check_no_fetch"]

_BLANK = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL)
_FETCH = re.compile(r"\bLOAD\s+CSV\b|\bapoc\s*\.\s*(?:load|import)\s*\.\s*\w+", re.IGNORECASE)


def fetches(query: str) -> list[str]:
    """The clauses and procedures of ``query`` that fetch data from outside the database."""
    text = _BLANK.sub(lambda m: " " * len(m.group(0)), query)
    return [" ".join(re.sub(r"\s*\.\s*", ".", m.group(0)).split()) for m in _FETCH.finditer(text)]


def check_no_fetch(query: str) -> None:
    """Raise InputError when ``query`` would fetch (the CLI's ``--allow-service`` skips this)."""
    found = fetches(query)
    if found:
        raise InputError(f"the query uses {', '.join(dict.fromkeys(found))}, which makes the server fetch data "
                         "from a URL or file; add --allow-service to allow it")
