"""Read Kumu's spreadsheet form of a project: a workbook (.xlsx) with Elements and Connections sheets,
or a folder holding ``elements.csv`` and ``connections.csv``.

The sheets become the same project :func:`ingest.kumu.kumu_entities` reads from Kumu's JSON backup, so
both forms share one mapping of element types and one set of checks; problems name the sheet, row and
column instead of a JSON path. Elements: ``Label``, ``Type`` (the element type), ``Description``,
``Tags``, an optional ``ID``, and any other column as an attribute by its header (``label_sv``,
``budget``, ... as :func:`queries.kumu_export.write_kumu_workbook` writes them). Connections: ``From``
and ``To`` name an element by its ``ID`` (by its ``Label`` when the Elements sheet has no ID column),
``Type`` is the connection type, ``Direction`` ``directed``, ``undirected`` or ``mutual``, and any other
column (``label``, ``tags`` split on ``|``, the map's own fields) is an attribute of the connection. An element
without an ID gets ``KUMU-<label>`` (spaces and signs an id may not hold become ``-``).

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "elements.csv").write_text("Label,Type\\nIlmastohanke,Project\\nYmpäristö,Sector\\n")
>>> _ = (folder / "connections.csv").write_text("From,To,Type\\nIlmastohanke,Ympäristö,led_by\\n")
>>> doc, file, locate = kumu_sheets_doc(folder)
>>> [e["attributes"]["id"] for e in doc["elements"]], doc["connections"][0]["from"]
(['KUMU-Ilmastohanke', 'KUMU-Ympäristö'], 'Ilmastohanke')
>>> locate("connections", 0, "to")
('connections', 2, 'To')
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.problems import InvalidInput, Problem
from ingest.tables import Table, read_tables

__all__ = ["is_kumu_sheets", "kumu_sheets_doc", "SheetPlaces"]

#: Kumu's column headers (any case) -> the JSON project's attribute names.
_ELEMENT_COLUMNS = {"id": "id", "label": "label", "type": "element type", "element type": "element type",
                    "description": "description", "tags": "tags"}
_CONNECTION_COLUMNS = {"from": "from", "to": "to", "type": "attributes.connection type",
                       "connection type": "attributes.connection type", "direction": "direction"}
_NOT_AN_ID = re.compile(r"[\s,;|<>\"{}\\^`]+")


def is_kumu_sheets(path: Path) -> bool:
    """Whether ``path`` is Kumu's spreadsheet form (an .xlsx, .csv or a folder), not a JSON backup.

    >>> is_kumu_sheets(Path("map.xlsx")), is_kumu_sheets(Path("map.json"))
    (True, False)
    """
    return path.is_dir() or path.suffix.lower() in (".xlsx", ".csv")


class SheetPlaces:
    """Where the ``n``-th element or connection and its attributes are: sheet, spreadsheet row, header."""

    def __init__(self, elements: Table, connections: Table | None):
        self.tables = {"elements": elements, "connections": connections}
        self.headers = {"elements": _headers(elements, _ELEMENT_COLUMNS, "attributes."),
                        "connections": _headers(connections, _CONNECTION_COLUMNS, "") if connections else {}}

    def __call__(self, part: str, n: int, key: str) -> tuple[str, int, str | None]:
        table = self.tables[part]
        headers = self.headers[part]
        if key in ("_id", "attributes.id"):  # without an ID column the id was made from the label
            column = headers.get("attributes.id") or headers.get("attributes.label")
        else:
            column = headers.get(key) if key else None
        return table.sheet, table.rows[n][0], column


def _headers(table: Table, known: dict[str, str], prefix: str) -> dict[str, str]:
    """attribute key -> the header it was read from."""
    return {_key(h, known, prefix): h for h in table.header if h}


def _key(header: str, known: dict[str, str], prefix: str) -> str:
    name = known.get(header.strip().lower())
    if name is None:
        return f"{prefix}{header.strip()}"
    return name if name.startswith("attributes.") or not prefix else f"{prefix}{name}"


def kumu_sheets_doc(path: Path):
    """The Kumu project held in the workbook or CSV folder ``path``, the file name for problems, and a
    :class:`SheetPlaces` that locates each element and connection (for :func:`ingest.kumu.kumu_entities`)."""
    path = Path(path)
    tables = {t.sheet.strip().lower(): t for t in read_tables(path)}
    file = path.name
    elements, connections = tables.get("elements"), tables.get("connections")
    if elements is None:
        found = ", ".join(t.sheet for t in tables.values()) or "none"
        raise InvalidInput([Problem(file, message=f"has no Elements sheet (a Kumu spreadsheet has Elements and "
                                                  f"Connections; found: {found})")])
    places = SheetPlaces(elements, connections)
    for table in (elements, connections):
        if table is not None:
            table.file = file
    return {"elements": _elements(elements), "connections": _connections(connections)}, file, places


def _rows(table: Table, known: dict[str, str], prefix: str) -> list[dict[str, str]]:
    keys = [_key(h, known, prefix) if h else "" for h in table.header]
    return [{k: v for k, v in zip(keys, cells) if k and v} for _, cells in table.rows]


def _elements(table: Table) -> list[dict]:
    has_id = any(h.strip().lower() == "id" for h in table.header)
    out = []
    for row in _rows(table, _ELEMENT_COLUMNS, "attributes."):
        attrs = {k[len("attributes."):]: v for k, v in row.items()}
        if not attrs.get("id") and attrs.get("label"):
            attrs["id"] = "KUMU-" + _NOT_AN_ID.sub("-", attrs["label"]).strip("-")
        if "tags" in attrs:
            attrs["tags"] = [t.strip() for t in attrs["tags"].split("|") if t.strip()]
        out.append({"_id": (row.get("attributes.id") if has_id else row.get("attributes.label")) or "",
                    "attributes": attrs})
    return out


def _connections(table: Table | None) -> list[dict]:
    if table is None:
        return []
    out = []
    for row in _rows(table, _CONNECTION_COLUMNS, ""):
        conn = {k: v for k, v in row.items() if k in ("from", "to", "direction")}
        conn["attributes"] = {"connection type": row.get("attributes.connection type", ""),
                              **{k: v for k, v in row.items() if k not in ("from", "to", "direction")
                                 and not k.startswith("attributes.")}}  # any other column: an attribute
        if "tags" in conn["attributes"]:
            conn["attributes"]["tags"] = [t.strip() for t in conn["attributes"]["tags"].split("|") if t.strip()]
        out.append(conn)
    return out
