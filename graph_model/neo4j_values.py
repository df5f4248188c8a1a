"""Literal values between RDF and Neo4j: which literals fit a schema property exactly, and back.

A literal becomes a Neo4j value only when nothing is lost: ``xsd:date`` a date, ``xsd:integer`` within
64 bits an integer, ``xsd:decimal`` a float, a string or a language the schema knows a string; anything
else is kept verbatim elsewhere (see :mod:`graph_model.neo4j_mapping`).

>>> lk = LiteralKey("urn:p", "budget", "decimal")
>>> to_value(lk, ox.Literal("12.50", datatype=ox.NamedNode(XSD_DECIMAL)), ("fi",))
('budget', 12.5)
>>> to_literal(lk, None, 12.5, False)
<Literal value=12.5 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#decimal>>
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from graph_model.neo4j_keys import LiteralKey
from graph_model.terms import XSD, canonical_decimal

__all__ = ["XSD_STRING", "XSD_DATE", "XSD_DECIMAL", "XSD_INTEGER", "to_value", "to_literal", "decimal_text"]

XSD_STRING, XSD_DATE, XSD_DECIMAL, XSD_INTEGER = (XSD + t for t in ("string", "date", "decimal", "integer"))
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INT_RE = re.compile(r"-?[1-9][0-9]*|0")
_DEC_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_INT64 = (-(2**63), 2**63 - 1)


def decimal_text(value: float) -> str:
    """The canonical ``xsd:decimal`` text of a float read back from Neo4j.

    >>> decimal_text(0.1), decimal_text(450000.0)
    ('0.1', '450000')
    """
    return canonical_decimal(Decimal(repr(value)))


def to_value(lk: LiteralKey, lit: ox.Literal, languages: tuple[str, ...]) -> tuple[str, Any] | None:
    """(key, Neo4j value) for a literal that fits the schema property ``lk`` exactly, else None.

    >>> to_value(LiteralKey("urn:p", "label", "text"), ox.Literal("Hanke", language="fi"), ("fi",))
    ('label_fi', 'Hanke')
    >>> to_value(LiteralKey("urn:p", "label", "text"), ox.Literal("x", language="de"), ("fi",)) is None
    True
    """
    datatype, lang, lex = lit.datatype.value, lit.language, lit.value
    kind = lk.datatype
    if kind == "text":
        if lang in languages:
            return f"{lk.key}_{lang}", lex
        return (lk.key, lex) if lang is None and datatype == XSD_STRING else None
    if lang is not None:
        return None
    if kind == "string":
        return (lk.key, lex) if datatype == XSD_STRING else None
    if kind == "date" and datatype == XSD_DATE and _DATE_RE.fullmatch(lex):
        try:
            value = dt.date.fromisoformat(lex)
        except ValueError:
            return None
        return (lk.key, value) if value.isoformat() == lex else None
    if kind == "integer" and datatype == XSD_INTEGER and _INT_RE.fullmatch(lex):
        value = int(lex)
        return (lk.key, value) if _INT64[0] <= value <= _INT64[1] else None
    if kind == "decimal" and datatype == XSD_DECIMAL and _DEC_RE.fullmatch(lex):
        try:
            value = float(Decimal(lex))
        except (InvalidOperation, OverflowError):
            return None
        return (lk.key, value) if value == value and abs(value) != float("inf") else None
    return None


def to_literal(lk: LiteralKey, lang: str | None, value: Any, lexical: bool) -> ox.Literal:
    """The literal of a Neo4j value of the schema property ``lk`` (``lexical``: ``value`` is the kept lexical form).

    >>> to_literal(LiteralKey("urn:p", "year", "integer"), None, 2025, False).value
    '2025'
    """
    if lk.datatype in ("text", "string"):
        return ox.Literal(value, language=lang) if lang else ox.Literal(value)
    if lk.datatype == "date":
        text = value.iso_format() if hasattr(value, "iso_format") else value.isoformat()
        return ox.Literal(text, datatype=ox.NamedNode(XSD_DATE))
    if lk.datatype == "integer":
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD_INTEGER))
    text = value if lexical else decimal_text(float(value))
    return ox.Literal(text, datatype=ox.NamedNode(XSD_DECIMAL))
