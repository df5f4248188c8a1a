"""Import an organisation register (a code list) as sectors and units with ``part_of``.

A register is a table with a code per row, names in Finnish, Swedish and English, optionally a parent
code, a type code and validity dates (Helsinki's ``organisaatiokoodit.csv`` has ``ID, nameFIN, nameSWE,
type``). Rows of the sector types become ``Sector`` nodes, rows of the unit types ``Unit`` nodes
``part_of`` their parent: the parent column when there is one, else the longest sector or unit code
that, without its trailing zeros, starts the row's code (``1500`` -> ``15100``, ``1101`` -> ``11010``).
Rows of other types (bodies, posts) and rows no longer valid are not imported, and
:class:`RegisterReport` counts them by type so that nothing is left out unseen.

A later version of the register replaces the earlier one as the same source; the report lists units
added, closed (gone from the register or past their end date), moved (another parent) and renamed.

Examples
--------
>>> from ingest.tables import Table
>>> t = Table("org.csv", "org", ["ID", "nameFIN", "nameSWE", "type"],
...           [(2, ["1500", "Talouskeskus", "Ekonomicentralen", "8"]), (3, ["15100", "Osasto", "Avdelning", "9"]),
...            (4, ["015100VH1", "Päällikkö", "Chef", "12"])])
>>> parsed, skipped = register_entities(t, RegisterColumns.detect(t.header))
>>> sorted((e.id, e.type) for e in parsed.entities.values()), [(e.source, e.target) for e in parsed.edges]
([('REG-1500', 'Sector'), ('REG-15100', 'Unit')], [('REG-15100', 'REG-1500')])
>>> skipped
{'type 12': 1}
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from graph_model.schema_types import NodeType, RelType
from graph_model.source_diff import diff_graphs
from graph_model.store import GraphStore, SourceDraft
from graph_model.terms import id_of
from ingest.checks import check_parsed
from ingest.mapping.source import read_table
from ingest.pipeline import _with_diff, input_checksum, shacl_check
from ingest.problems import InvalidInput, Problem
from ingest.records import Edge, Entity, Parsed
from ingest.tables import Table
from ingest.triples import ntriples_chunks
from ingest.values import parse_date

__all__ = ["RegisterColumns", "RegisterReport", "register_entities", "import_register"]

_CANDIDATES = {
    "id": ("id", "code", "koodi", "tunnus", "kod"),
    "parent": ("parent", "parent_id", "parent_code", "ylempi", "emo", "isä", "överordnad"),
    "fi": ("namefin", "name_fi", "nimi", "nimi_fi", "label_fi"),
    "sv": ("nameswe", "name_sv", "namn", "nimi_sv", "label_sv"),
    "en": ("nameeng", "name_en", "name", "label_en"),
    "type": ("type", "tyyppi", "laji", "typ", "kind"),
    "valid_from": ("valid_from", "voimassa_alkaen", "alkupvm", "start_date", "giltig_från"),
    "valid_to": ("valid_to", "voimassa_asti", "loppupvm", "end_date", "giltig_till"),
}


@dataclass
class RegisterColumns:
    """Which header holds what (None: absent), and the type codes of sectors and units."""

    id: str
    fi: str | None = None
    sv: str | None = None
    en: str | None = None
    parent: str | None = None
    type: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    sector_types: tuple[str, ...] = ("8",)
    unit_types: tuple[str, ...] = ("9",)
    id_prefix: str = "REG-"

    @classmethod
    def detect(cls, header: list[str], **overrides) -> RegisterColumns:
        """Find the columns by their usual names (fi/sv/en); ``overrides`` win.

        Raises
        ------
        InvalidInput
            When no id column or no name column is found.
        """
        lower = {h.strip().lower(): h for h in header}
        found = {key: next((lower[c] for c in names if c in lower), None) for key, names in _CANDIDATES.items()}
        found.update({k: v for k, v in overrides.items() if v is not None})
        if not found["id"] or not (found["fi"] or found["sv"] or found["en"]):
            raise InvalidInput([Problem("register", row=1, message=f"needs an id column and a name column; found "
                                        f"{', '.join(header)} (expected e.g. ID, nameFIN, nameSWE)")])
        return cls(**found)


@dataclass
class RegisterReport:
    """What an import did, and how the register changed since the version in the store."""

    source: str
    status: str
    sectors: int = 0
    units: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    moved: list[tuple[str, str, str]] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    account: dict = field(default_factory=dict)  # read, stored, not kept per kind (ingest.account)

    def as_dict(self) -> dict:
        """The report as plain data."""
        return dict(self.__dict__)


def _cell(cells: list[str], header: list[str], column: str | None) -> str:
    if column is None:
        return ""
    index = header.index(column)
    return cells[index].strip() if index < len(cells) else ""


def _common(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _parent_by_prefix(code: str, row: int, sectors: list[tuple[int, str]]) -> str | None:
    """The sector whose code shares the longest start with ``code`` (two characters at least); among
    equals, the nearest one above the row (registers list a sector's units under it)."""
    best, key = None, (1, 0)
    for sector_row, sector in sectors:
        candidate = (_common(code, sector), -abs(row - sector_row) if sector_row < row else -10**9)
        if candidate > key:
            best, key = sector, candidate
    return best


def register_entities(table: Table, cols: RegisterColumns, today: dt.date | None = None
                      ) -> tuple[Parsed, dict[str, int]]:
    """Sectors and units of ``table`` (problems in ``Parsed.problems``), and the rows left out by reason."""
    today = today or dt.date.today()
    parsed, skipped, header = Parsed(), Counter(), table.header
    kept: dict[str, tuple[int, str, list[str]]] = {}
    account = parsed.account
    for row, cells in table.rows:
        account.read("rows")
        code = _cell(cells, header, cols.id)
        kind = _cell(cells, header, cols.type)
        if not code:
            parsed.problems.append(Problem(table.file, table.sheet, row, cols.id, "the code is empty", "missing-value"))
            continue
        if cols.type and kind not in cols.sector_types + cols.unit_types:
            skipped[f"type {kind}"] += 1
            account.not_kept("rows", f"type {kind} (not a sector or unit type)",
                             where=f"row {row}")
            continue
        try:
            end = _cell(cells, header, cols.valid_to)
            if end and parse_date(end) < today:
                skipped["closed"] += 1
                account.not_kept("rows", "closed: its valid_to is past", where=f"row {row}")
                continue
        except ValueError as exc:
            parsed.problems.append(Problem(table.file, table.sheet, row, cols.valid_to, str(exc), "bad-date"))
            continue
        node = NodeType.SECTOR if (kind in cols.sector_types if cols.type else
                                   not _cell(cells, header, cols.parent)) else NodeType.UNIT
        if code in kept:  # a later row would silently replace the first
            parsed.problems.append(Problem(table.file, table.sheet, row, cols.id, f"duplicate code {code!r}: also "
                                           f"at row {kept[code][0]}", "duplicate-id"))
            continue
        kept[code] = (row, node, cells)
    sectors = [(row, code) for code, (row, node, _) in kept.items() if node == NodeType.SECTOR]
    unplaced = []
    for code, (row, node, cells) in kept.items():
        entity = Entity(cols.id_prefix + code, node.value, table.file, table.sheet, row, [("code", None, code)])
        for lang in ("fi", "sv", "en"):
            if name := _cell(cells, header, getattr(cols, lang)):
                entity.values.append(("label", lang, name))
        parsed.entities[entity.id] = entity
        if node != NodeType.UNIT:
            continue
        parent = _cell(cells, header, cols.parent) if cols.parent else _parent_by_prefix(code, row, sectors)
        if parent is None and not cols.parent:
            unplaced.append(code)  # the codes do not say where it belongs: reported, not guessed
            del parsed.entities[entity.id]
            account.not_kept("rows", "a unit whose code names no sector", where=f"row {row}")
            continue
        if not parent or parent not in kept:
            parsed.problems.append(Problem(table.file, table.sheet, row, cols.parent or cols.id,
                                           f"unit {code!r} has no parent in the register"
                                           + (f" ({parent!r} is not a sector or unit)" if parent else ""),
                                           "unknown-reference"))
            continue
        parsed.edges.append(Edge(entity.id, RelType.PART_OF.value, cols.id_prefix + parent, table.file, table.sheet,
                                 row, cols.parent or cols.id))
    account.stored("rows", len(parsed.entities))
    if unplaced:
        skipped["unit without a sector: " + " ".join(unplaced)] = len(unplaced)
    return parsed, dict(sorted(skipped.items()))


def _changes(report: RegisterReport, diff) -> None:
    report.added = [i for i in diff.nodes_added]
    report.closed = [i for i in diff.nodes_removed]
    removed = {(s, t) for s, r, t in diff.relationships_removed if r == RelType.PART_OF.value}
    added = {s: t for s, r, t in diff.relationships_added if r == RelType.PART_OF.value}
    report.moved = sorted((s, old, added[s]) for s, old in removed if s in added)
    report.renamed = sorted(i for i, props in diff.nodes_changed.items() if "prefLabel" in props)


def import_register(path: Path | str, store: GraphStore, *, source: str | None = None, dry_run: bool = False,
                    **columns) -> RegisterReport:
    """Import the register ``path`` as the source ``source`` (default: the file name); ``columns``
    override :meth:`RegisterColumns.detect` (e.g. ``unit_types=("9", "7")``).

    Raises
    ------
    InvalidInput
        With every problem; the store is unchanged.
    """
    path = Path(path)
    name = source or path.name
    table = read_table(path)
    cols = RegisterColumns.detect(table.header, **columns)
    parsed, skipped = register_entities(table, cols)
    check_parsed(parsed, store.ids_by_type(exclude_source=name) if store.sources() else {})
    if parsed.problems:
        raise InvalidInput(parsed.problems)
    rows = {ident: Problem(e.file, e.sheet, e.row) for ident, e in parsed.entities.items()}
    counts = Counter(e.type for e in parsed.entities.values())
    report = RegisterReport(name, "valid" if dry_run else "stored", counts[NodeType.SECTOR.value],
                            counts[NodeType.UNIT.value], skipped, account=parsed.account.as_dict())
    current, diffs = store.source(name), []
    check = shacl_check(store, name, lambda focus: rows.get(id_of(focus) or "", Problem(path.name)))
    if current is not None:
        check = _with_diff(check, store, current.graph, diffs)
    draft = SourceDraft(name, str(path.resolve()), input_checksum(path) + repr(cols), "register", report.account)
    store.replace_source(draft, ntriples_chunks(parsed.entities, parsed.edges), check, dry_run=dry_run)
    if diffs:
        _changes(report, diffs[0])
    return report
