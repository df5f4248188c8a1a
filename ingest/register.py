"""Import an organisation register (a code list) as sectors, units, governing bodies and posts.

A register is a table with a code per row, names in Finnish, Swedish and English, optionally a parent
code, a type code and validity dates (Helsinki's ``organisaatiokoodit.csv`` has ``ID, nameFIN, nameSWE,
type``). Rows of the sector types become ``Sector`` nodes, rows of the unit types ``Unit`` nodes
``part_of`` their parent: the parent column when there is one, else the longest sector or unit code
that, without its trailing zeros, starts the row's code (``1500`` -> ``15100``, ``1101`` -> ``11010``).
Rows of the body types become ``GoverningBody`` nodes of their kind (council, board, committee; a
*johtokunta* is a board), rows of the post types ``Role`` nodes (W3C ORG posts) ``post_in`` the
organisation their code names (``015100VH1`` -> ``15100``; a post whose code names none is stored
without it and counted). Rows of other types (in Helsinki's register the city itself and a deputy
mayor's field, which names no members) and rows no longer valid are not imported: the account
(:class:`~ingest.account.ImportAccount`) names each with its reason, so nothing is left out unseen.

What the register says of its own city (the row of the city as a whole, type 13 in Helsinki's: its names)
has no node, as the schema's organisation is the city; it is kept with the source instead
(:attr:`graph_model.store.SourceInfo.about`, :func:`register_city`), so that the matcher reads the
register's sectors and units as that city's (:func:`ingest.matching.org_cities`). ``city=`` gives or
overrides it.

A later version of the register replaces the earlier one as the same source; the report lists units
added, closed (gone from the register or past their end date), moved (another parent) and renamed.

Examples
--------
>>> from ingest.tables import Table
>>> t = Table("org.csv", "org", ["ID", "nameFIN", "nameSWE", "type"],
...           [(2, ["1500", "Talouskeskus", "Ekonomicentralen", "8"]), (3, ["15100", "Osasto", "Avdelning", "9"]),
...            (4, ["015100VH1", "Päällikkö", "Chef", "12"]), (5, ["311", "Tarkastuslautakunta", "", "5"]),
...            (6, ["1", "Helsingin kaupunki", "Helsingfors stad", "13"])])
>>> parsed, skipped = register_entities(t, RegisterColumns.detect(t.header))
>>> sorted((e.id, e.type) for e in parsed.entities.values())
[('REG-015100VH1', 'Role'), ('REG-1500', 'Sector'), ('REG-15100', 'Unit'), ('REG-311', 'GoverningBody')]
>>> [(e.source, e.relation, e.target) for e in parsed.edges]
[('REG-15100', 'part_of', 'REG-1500'), ('REG-015100VH1', 'post_in', 'REG-15100')]
>>> skipped
{'type 13': 1}
>>> register_city(t, RegisterColumns.detect(t.header))
{'name': 'Helsingin kaupunki', 'names': {'fi': 'Helsingin kaupunki', 'sv': 'Helsingfors stad'}, 'from': 'row 6'}
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from graph_model.schema_types import BodyKind, NodeType, RelType
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
from ontologies.errors import UsageError

__all__ = ["RegisterColumns", "RegisterReport", "register_entities", "register_city", "import_register",
           "parse_body_types"]

#: Helsinki's body types (openahjo): 1 council, 2 city board, 4 a board's section, 5 committee.
_BODY_TYPES = {"1": "council", "2": "board", "4": "committee", "5": "committee"}
#: Helsinki's post types (openahjo): 10 introducer (esittelijä), 11 an introducer's field, 12 office holder.
_POST_TYPES = ("10", "11", "12")
#: Helsinki's type of the city as a whole: its row names the city the register's sectors belong to.
_CITY_TYPES = ("13",)
#: Why rows of Helsinki's other types are not kept (the schema has no node for them).
_OTHER_TYPES = {"13": "the city as a whole (the schema's organisation is the city; it has no node for it)",
                "7": "a deputy mayor's field (toimi): the register does not say which departments it groups, "
                     "and the schema's sectors are the departments"}
#: A post's code: the code of its organisation (leading zeros allowed), then VH/ES/N and a number.
_POST_CODE = re.compile(r"(?P<org>\w+?)(?:VH|ES|N)\d+[A-Z]?")
_BOARD_NAME = re.compile(r"johtokun|\bjk$", re.IGNORECASE)

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
    body_types: dict[str, str] = field(default_factory=lambda: dict(_BODY_TYPES))
    post_types: tuple[str, ...] = _POST_TYPES
    city_types: tuple[str, ...] = _CITY_TYPES  # the row of the city as a whole (not a node: see register_city)
    id_prefix: str = "REG-"

    def node_type(self, kind: str) -> NodeType | None:
        """The node type of the rows of type code ``kind`` (None: a type the schema has no node for).

        >>> RegisterColumns("ID").node_type("5"), RegisterColumns("ID").node_type("13")
        (<NodeType.GOVERNING_BODY: 'GoverningBody'>, None)
        """
        for types, node in ((self.sector_types, NodeType.SECTOR), (self.unit_types, NodeType.UNIT),
                            (tuple(self.body_types), NodeType.GOVERNING_BODY), (self.post_types, NodeType.ROLE)):
            if kind in types:
                return node
        return None

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
    bodies: int = 0
    posts: int = 0
    posts_without_organisation: list[str] = field(default_factory=list)  # stored, without post_in
    skipped: dict[str, int] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    moved: list[tuple[str, str, str]] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    account: dict = field(default_factory=dict)  # read, stored, not kept per kind (ingest.account)
    city: dict | None = None  # the register's own city as kept with the source (register_city), None: none

    def as_dict(self) -> dict:
        """The report as plain data."""
        return dict(self.__dict__)


def parse_body_types(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``CODE=KIND`` pairs as type code -> body kind.

    >>> parse_body_types(["5=committee", "2 = board"])
    {'5': 'committee', '2': 'board'}
    >>> parse_body_types(["5=lautakunta"])
    Traceback (most recent call last):
    ...
    ontologies.errors.UsageError: --body-type 5=lautakunta: the kind is one of council, board, committee, ...
    """
    kinds = [k.value for k in BodyKind]
    out = {}
    for pair in pairs:
        code, _, kind = (part.strip() for part in pair.partition("="))
        if not code or kind not in kinds:
            raise UsageError(f"--body-type {pair}: the kind is one of {', '.join(kinds)}")
        out[code] = kind
    return out


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


def _kept_rows(table: Table, cols: RegisterColumns, today: dt.date, parsed: Parsed, skipped: Counter
               ) -> dict[str, tuple[int, NodeType, list[str]]]:
    """The rows to store, by code: (row, node type, cells); the others counted in ``parsed.account``."""
    header, account = table.header, parsed.account
    kept: dict[str, tuple[int, NodeType, list[str]]] = {}
    for row, cells in table.rows:
        account.read("rows")
        code = _cell(cells, header, cols.id)
        kind = _cell(cells, header, cols.type)
        if not code:
            parsed.problems.append(Problem(table.file, table.sheet, row, cols.id, "the code is empty", "missing-value"))
            continue
        node = cols.node_type(kind) if cols.type else \
            NodeType.UNIT if _cell(cells, header, cols.parent) else NodeType.SECTOR
        if node is None:
            skipped[f"type {kind}"] += 1
            reason = _OTHER_TYPES.get(kind, "not a sector, unit, body or post type")
            account.not_kept("rows", f"type {kind}: {reason}", where=f"row {row}")
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
        if code in kept:  # a later row would silently replace the first
            parsed.problems.append(Problem(table.file, table.sheet, row, cols.id, f"duplicate code {code!r}: also "
                                           f"at row {kept[code][0]}", "duplicate-id"))
            continue
        kept[code] = (row, node, cells)
    return kept


def _post_organisation(code: str, prefix: str, parsed: Parsed) -> str | None:
    """The id of the stored organisation (sector, unit or body) a post's code names, or None."""
    match = _POST_CODE.fullmatch(code)
    if match is None:
        return None
    org = match["org"]
    return next((prefix + c for c in (org, org.lstrip("0")) if parsed.entities.get(prefix + c) is not None
                 and parsed.entities[prefix + c].type != NodeType.ROLE.value), None)


def _body_kind(cols: RegisterColumns, kind: str, names: list[str]) -> str:
    return "board" if any(_BOARD_NAME.search(n) for n in names) else cols.body_types[kind]


def _entity(table: Table, cols: RegisterColumns, code: str, row: int, node: NodeType, cells: list[str]) -> Entity:
    """The node of one kept row: its names, its code (a post has none in the schema: its id keeps it) and,
    for a body, its kind."""
    entity = Entity(cols.id_prefix + code, node.value, table.file, table.sheet, row,
                    [] if node == NodeType.ROLE else [("code", None, code)])
    names = [(lang, name) for lang in ("fi", "sv", "en") if (name := _cell(cells, table.header, getattr(cols, lang)))]
    entity.values += [("label", lang, name) for lang, name in names]
    if node == NodeType.GOVERNING_BODY:
        entity.values.append(("body_kind", None, _body_kind(cols, _cell(cells, table.header, cols.type),
                                                            [name for _, name in names])))
    return entity


def _unit_parent(table: Table, cols: RegisterColumns, code: str, row: int, cells: list[str], kept: dict,
                 sectors: list[tuple[int, str]], parsed: Parsed) -> str | None:
    """The code of a unit's parent (reported when it has none: not kept, or a problem); None when there is none."""
    parent = _cell(cells, table.header, cols.parent) if cols.parent else _parent_by_prefix(code, row, sectors)
    if parent is None and not cols.parent:  # the codes do not say where it belongs: reported, not guessed
        parsed.account.not_kept("rows", "a unit whose code names no sector", where=f"row {row}")
        return None
    if not parent or parent not in kept or kept[parent][1] not in (NodeType.SECTOR, NodeType.UNIT):
        parsed.problems.append(Problem(table.file, table.sheet, row, cols.parent or cols.id,
                                       f"unit {code!r} has no parent in the register"
                                       + (f" ({parent!r} is not a sector or unit)" if parent else ""),
                                       "unknown-reference"))
        return None
    return parent


def register_entities(table: Table, cols: RegisterColumns, today: dt.date | None = None
                      ) -> tuple[Parsed, dict[str, int]]:
    """Sectors, units, bodies and posts of ``table`` (problems in ``Parsed.problems``), and the rows left out
    by reason."""
    parsed, skipped = Parsed(), Counter()
    kept = _kept_rows(table, cols, today or dt.date.today(), parsed, skipped)
    sectors = [(row, code) for code, (row, node, _) in kept.items() if node == NodeType.SECTOR]
    unplaced = []
    posts_last = sorted(kept.items(), key=lambda item: item[1][1] == NodeType.ROLE)  # their organisations first
    for code, (row, node, cells) in posts_last:
        entity = _entity(table, cols, code, row, node, cells)
        if node == NodeType.ROLE and (org := _post_organisation(code, cols.id_prefix, parsed)) is not None:
            parsed.edges.append(Edge(entity.id, RelType.POST_IN.value, org, table.file, table.sheet, row, cols.id))
        if node == NodeType.UNIT:
            problems = len(parsed.problems)
            parent = _unit_parent(table, cols, code, row, cells, kept, sectors, parsed)
            if parent is None:
                if len(parsed.problems) == problems:
                    unplaced.append(code)
                continue
            parsed.edges.append(Edge(entity.id, RelType.PART_OF.value, cols.id_prefix + parent, table.file,
                                     table.sheet, row, cols.parent or cols.id))
        parsed.entities[entity.id] = entity
    parsed.account.stored("rows", len(parsed.entities))
    if unplaced:
        skipped["unit without a sector: " + " ".join(unplaced)] = len(unplaced)
    return parsed, dict(sorted(skipped.items()))


def register_city(table: Table, cols: RegisterColumns, city: str | None = None) -> dict | None:
    """What the register says of its own city: the names of its first row of a city type (Finnish first)
    and where it is, as ``{"name", "names", "from"}``; ``city`` (a name) overrides it; None when the
    register has no such row and no ``city`` is given. The examples are at the top of this module.

    >>> from ingest.tables import Table
    >>> no_city = Table("r.csv", "r", ["ID", "nameFIN", "type"], [(2, ["10", "Talous", "8"])])
    >>> register_city(no_city, RegisterColumns("ID", fi="nameFIN", type="type")) is None
    True
    >>> register_city(Table("r.csv", "r", ["ID"], []), RegisterColumns("ID"), city="Vaasan kaupunki")["from"]
    'import-register --city'
    """
    if city:
        return {"name": city, "names": {}, "from": "import-register --city"}
    if not cols.type:
        return None
    for row, cells in table.rows:
        if _cell(cells, table.header, cols.type) in cols.city_types:
            names = {lang: name for lang in ("fi", "sv", "en")
                     if (name := _cell(cells, table.header, getattr(cols, lang)))}
            if names:
                return {"name": next(iter(names.values())), "names": names, "from": f"row {row}"}
    return None


def _changes(report: RegisterReport, diff) -> None:
    report.added = [i for i in diff.nodes_added]
    report.closed = [i for i in diff.nodes_removed]
    removed = {(s, t) for s, r, t in diff.relationships_removed if r == RelType.PART_OF.value}
    added = {s: t for s, r, t in diff.relationships_added if r == RelType.PART_OF.value}
    report.moved = sorted((s, old, added[s]) for s, old in removed if s in added)
    report.renamed = sorted(i for i, props in diff.nodes_changed.items() if "prefLabel" in props)


def import_register(path: Path | str, store: GraphStore, *, source: str | None = None, dry_run: bool = False,
                    city: str | None = None, **columns) -> RegisterReport:
    """Import the register ``path`` as the source ``source`` (default: the file name); ``columns``
    override :meth:`RegisterColumns.detect` (e.g. ``unit_types=("9", "7")``). The register's own city
    (:func:`register_city`; ``city`` gives or overrides it) is kept with the source.

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
    placed = {e.source for e in parsed.edges if e.relation == RelType.POST_IN.value}
    report = RegisterReport(name, "valid" if dry_run else "stored", counts[NodeType.SECTOR.value],
                            counts[NodeType.UNIT.value], counts[NodeType.GOVERNING_BODY.value],
                            counts[NodeType.ROLE.value],
                            sorted(i for i, e in parsed.entities.items()
                                   if e.type == NodeType.ROLE.value and i not in placed),
                            skipped, account=parsed.account.as_dict(), city=register_city(table, cols, city))
    current, diffs = store.source(name), []
    check = shacl_check(store, name, lambda focus: rows.get(id_of(focus) or "", Problem(path.name)))
    if current is not None:
        check = _with_diff(check, store, current.graph, diffs)
    draft = SourceDraft(name, str(path.resolve()), input_checksum(path) + repr(cols) + (city or ""), "register",
                        report.account, {"city": report.city} if report.city else None)
    store.replace_source(draft, ntriples_chunks(parsed.entities, parsed.edges), check, dry_run=dry_run)
    if diffs:
        _changes(report, diffs[0])
    return report
