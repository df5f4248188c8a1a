"""Turn tables of text cells into typed entities and relationships, reporting every problem at once.

A table is matched to a node type by its sheet (or file) name; the ``relationships`` sheet holds one
relationship a row. Cells are parsed by the schema's datatypes; references are resolved later by
:mod:`ingest.checks`, which also sees the ids already in the store.

Examples
--------
>>> from ingest.tables import Table
>>> t = Table("units.csv", "units", ["id", "label_fi", "part_of"], [(2, ["U1", "Kirjasto", "SEC-1"])])
>>> parsed = parse_tables([t])
>>> parsed.entities["U1"].type, [(e.relation, e.target) for e in parsed.edges]
('Unit', [('part_of', 'SEC-1')])
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ingest.account import ImportAccount
from ingest.columns import RELATIONSHIP_COLUMNS, RELATIONSHIPS_SHEET, Column, sheet_columns, sheet_to_type, split_multi
from ingest.problems import Problem
from ingest.tables import Table
from ingest.values import MAX_CELL_CHARS, parse_date, parse_decimal, parse_integer
from ontologies.schema import PropertyDef, load_schema

__all__ = ["Entity", "Edge", "Parsed", "parse_tables", "HELP_SHEETS", "check_id", "closest"]

#: Sheets that explain the template; readers skip them.
HELP_SHEETS = frozenset({"ohje", "help", "readme", "ohje - help", "instructions"})
_BAD_ID = re.compile(r"[\s,;|<>\"{}\\^`]")


@dataclass(slots=True)
class Entity:
    """A node read from one row: ``values`` holds (property name, language or None, typed value)."""

    id: str
    type: str
    file: str
    sheet: str
    row: int
    values: list[tuple[str, str | None, Any]] = field(default_factory=list)

    @property
    def where(self) -> str:
        """``sheet!row``, the provenance written to the store."""
        return f"{self.sheet}!{self.row}"


@dataclass(slots=True)
class Edge:
    """A relationship read from a relation column or from the relationships sheet."""

    source: str
    relation: str
    target: str
    file: str
    sheet: str
    row: int
    column: str
    props: dict[str, Any] | None = None  # dates, role, note: only on relationships-sheet rows
    qualified: bool = False  # from the relationships sheet: kept as a statement with its row
    links: tuple[tuple[str, str], ...] = ()  # (predicate IRI, node id) on the qualifying node (Popolo)
    key: str | None = None  # what tells this qualified relationship from another with the same facts

    @property
    def where(self) -> str:
        """``sheet!row``, the provenance written to the store."""
        return f"{self.sheet}!{self.row}"


@dataclass
class Parsed:
    """What a set of tables holds, and what is wrong with it."""

    entities: dict[str, Entity] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    account: ImportAccount = field(default_factory=ImportAccount)  # what was read, stored, not kept
    notes: list[str] = field(default_factory=list)  # what the reader did that the user should know
    columns: dict[str, str] = field(default_factory=dict)  # property or relation -> the file's own column


def closest(word: str, candidates: list[str] | set[str] | dict) -> str | None:
    """The closest candidate to ``word``, or None when nothing is close.

    >>> closest("P-HNRR", ["P-HNR", "P-X"])
    'P-HNR'
    """
    pool = list(candidates)
    if len(pool) > 20_000:  # difflib is quadratic-ish; among many ids, look only at those alike at the start
        pool = [c for c in pool if c[:2] == word[:2]][:20_000]
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    return matches[0] if matches else None


def check_id(text: str) -> str | None:
    """A message when ``text`` cannot be an id, else None.

    >>> check_id("P-1") is None, check_id("a b").startswith("id 'a b' may not hold spaces")
    (True, True)
    """
    if _BAD_ID.search(text):
        return f"id {text!r} may not hold spaces or any of , ; | < > \" {{ }} \\ ^ `"
    return None


def _typed(prop: PropertyDef, text: str) -> Any:
    schema = load_schema()
    if prop.enum:
        codes = schema.enumerations[prop.enum].values
        code = text.strip().lower().replace(" ", "_")
        if code not in codes:
            by_label = {t[lang].lower(): c for c, t in codes.items() for lang in t}
            code = by_label.get(text.strip().lower(), code)
        if code not in codes:
            raise ValueError(f"{text!r} is not one of {', '.join(codes)}")
        return code
    if prop.datatype == "date":
        return parse_date(text)
    if prop.datatype == "decimal":
        return parse_decimal(text)
    if prop.datatype == "integer":
        return parse_integer(text)
    return text


class _SheetReader:
    """Reads the rows of one table into ``parsed``; one instance per table."""

    def __init__(self, table: Table, parsed: Parsed, columns: list[Column]):
        self.table, self.parsed = table, parsed
        self.by_name = {c.name: c for c in columns}
        self.positions: dict[str, int] = {}
        self._check_header(columns)

    def problem(self, row: int | None, column: str | None, message: str, rule: str = "input") -> None:
        self.parsed.problems.append(Problem(self.table.file, self.table.sheet, row, column, message, rule))

    def _check_header(self, columns: list[Column]) -> None:
        for index, name in enumerate(self.table.header):
            key = name.strip().lower()
            if not key:
                continue
            if key not in self.by_name:
                hint = closest(key, self.by_name)
                self.problem(1, name, f"unknown column {name!r}" + (f"; did you mean {hint!r}?" if hint else
                             f"; expected columns: {', '.join(self.by_name)}"), "unknown-column")
            elif key in self.positions:
                self.problem(1, name, f"column {name!r} appears twice", "duplicate-column")
            else:
                self.positions[key] = index
        for col in columns:
            if col.required and col.name not in self.positions and col.relation is None:
                self.problem(1, col.name, f"required column {col.name!r} is missing", "missing-column")

    def cells(self, row: int, cells: list[str]) -> dict[str, str]:
        """The row's non-empty cells by column name; oversized cells are reported and dropped."""
        out = {}
        for name, index in self.positions.items():
            value = cells[index] if index < len(cells) else ""
            if len(value) > MAX_CELL_CHARS:
                self.problem(row, name, f"cell holds {len(value):,} characters; the limit is {MAX_CELL_CHARS:,}",
                             "cell-too-large")
            elif value:
                out[name] = value
        if len(cells) > len(self.table.header) and any(cells[len(self.table.header):]):
            self.problem(row, None, "row has more cells than the header has columns", "extra-cells")
        return out

    def value(self, row: int, col: Column, text: str) -> Any | None:
        """The typed value of a literal cell, or None after reporting why it is wrong."""
        try:
            return _typed(col.prop, text)
        except ValueError as exc:
            rule = "bad-enum" if col.prop.enum else f"bad-{col.prop.datatype}"
            self.problem(row, col.name, str(exc), rule)
            return None


def _read_node_sheet(table: Table, type_name: str, parsed: Parsed) -> None:
    columns = sheet_columns(type_name)
    reader = _SheetReader(table, parsed, columns)
    node = load_schema().node_types[type_name]
    for row, raw in table.rows:
        cells = reader.cells(row, raw)
        ident = cells.pop("id", "")
        if not ident:
            reader.problem(row, "id", "id is missing", "missing-value")
            continue
        if message := check_id(ident):
            reader.problem(row, "id", message, "bad-id")
            continue
        if ident in parsed.entities:
            first = parsed.entities[ident]
            reader.problem(row, "id", f"duplicate id {ident!r}: also at {first.file}, sheet {first.sheet}, "
                                      f"row {first.row}", "duplicate-id")
            continue
        entity = Entity(ident, type_name, table.file, table.sheet, row)
        for name, text in cells.items():
            col = reader.by_name[name]
            if col.relation is not None:
                for target in split_multi(text):
                    parsed.edges.append(Edge(ident, col.relation.name, target, table.file, table.sheet, row, name))
                continue
            value = reader.value(row, col, text)
            if value is not None:
                entity.values.append((col.prop.name, col.lang, value))
        present = {name for name, _, _ in entity.values}
        for prop, required in node.properties.items():
            if required and prop not in present and prop != "id":
                column = f"{prop}_fi / {prop}_en" if load_schema().properties[prop].datatype == "text" else prop
                if not any(p.row == row and p.column == prop for p in parsed.problems):
                    reader.problem(row, column, f"{prop} is required", "missing-value")
        parsed.entities[ident] = entity


def _read_relationships(table: Table, parsed: Parsed) -> None:
    reader = _SheetReader(table, parsed, RELATIONSHIP_COLUMNS)
    schema = load_schema()
    for row, raw in table.rows:
        cells = reader.cells(row, raw)
        missing = [c for c in ("source_id", "relation", "target_id") if not cells.get(c)]
        for column in missing:
            reader.problem(row, column, f"{column} is missing", "missing-value")
        if missing:
            continue
        rel = schema.relation_by_key(cells["relation"])
        if rel is None:
            hint = closest(cells["relation"].lower(), list(schema.relations))
            reader.problem(row, "relation", f"unknown relation {cells['relation']!r}"
                           + (f"; did you mean {hint!r}?" if hint else ""), "unknown-relation")
            continue
        props: dict[str, Any] = {}
        for name in schema.relation_properties:
            if name in cells:
                value = reader.value(row, reader.by_name[name], cells[name])
                if value is not None:
                    props[name] = value
        parsed.edges.append(Edge(cells["source_id"], rel.name, cells["target_id"], table.file, table.sheet,
                                 row, "target_id", props or None, qualified=True))


def parse_tables(tables: Iterable[Table]) -> Parsed:
    """Read every table; problems are collected in ``Parsed.problems``, never raised."""
    parsed = Parsed()
    sheets = [n.sheet for n in load_schema().node_types.values()] + [RELATIONSHIPS_SHEET]
    for table in tables:
        name = table.sheet.strip().lower()
        if name in HELP_SHEETS:
            continue
        if name in (RELATIONSHIPS_SHEET, "suhteet"):
            parsed.account.read(f"{table.sheet} rows", len(table.rows))
            before = len(parsed.edges)
            _read_relationships(table, parsed)
            parsed.account.stored(f"{table.sheet} rows", len(parsed.edges) - before)
        elif type_name := sheet_to_type(name):
            parsed.account.read(f"{table.sheet} rows", len(table.rows))
            before = len(parsed.entities)
            _read_node_sheet(table, type_name, parsed)
            parsed.account.stored(f"{table.sheet} rows", len(parsed.entities) - before)
        else:
            hint = closest(name, sheets)
            parsed.problems.append(Problem(
                table.file, table.sheet, None, None,
                f"unknown sheet {table.sheet!r}" + (f"; did you mean {hint!r}?" if hint else "")
                + f" (sheets: {', '.join(sheets)})", "unknown-sheet"))
    return parsed
