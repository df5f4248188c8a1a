"""Finnish office CSV: encodings, delimiters, decimal commas, dates; special characters stay verbatim."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.pipeline import ingest
from ingest.values import parse_date, parse_decimal


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_dialects(make_input, store, delimiter, encoding):
    folder = make_input({"projects": [
        ["id", "label_fi", "status", "budget", "start_date", "led_by", "has_partner"],
        ["P1", "Ympäristöhanke", "ongoing", "1 234,50", "31.12.2024", "U1", "U2"],
        ["P2", "Hanke 2", "planned", "99,9", "2025-01-31", "U2", ""]]}, delimiter=delimiter, encoding=encoding)
    ingest(folder, store)
    _, rows = store.select("SELECT ?label ?budget ?start WHERE { ?p sg:budget ?budget ; sg:startDate ?start ;"
                           " skos:prefLabel ?label } ORDER BY ?label",
                           prefixes={"sg": "https://w3id.org/stratgraph/ontology#",
                                     "skos": "http://www.w3.org/2004/02/skos/core#"})
    assert rows == [["Hanke 2", "99.9", "2025-01-31"], ["Ympäristöhanke", "1234.5", "2024-12-31"]]


@pytest.mark.parametrize("text, value", [("1 234,50", Decimal("1234.50")), ("1.234,5", Decimal("1234.5")),
                                         ("1,234.5", Decimal("1234.5")), ("-3", Decimal("-3")), ("0,5", Decimal("0.5"))])
def test_decimal(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "NaN", "inf"])
def test_bad_decimal(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


@pytest.mark.parametrize("text", ["31.2.2025", "2025-02-31", "tomorrow"])
def test_bad_date(text):
    with pytest.raises(ValueError):
        parse_date(text)


NASTY = ['<script>alert(1)</script>', 'say "hi"', "cost $5 {x} \\n\\ end", "Project) DETACH DELETE (n",
         "line1\nline2", "'; DROP TABLE x; --"]


@pytest.mark.parametrize("label", NASTY)
def test_labels_are_stored_verbatim(make_input, store, label):
    folder = make_input({"sectors": [["id", "label_fi"], ["SEC-A", label], ["SEC-B", "B"]]})
    ingest(folder, store)
    _, rows = store.select("SELECT ?id ?l WHERE { ?s <http://purl.org/dc/terms/identifier> ?id ;"
                           " <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }", {"id": "SEC-A"})
    assert rows == [["SEC-A", label]]
