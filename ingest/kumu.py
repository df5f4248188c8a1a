"""Import a Kumu project (JSON backup: ``elements``, ``connections``) as nodes and relationships.

An element's ``element type`` attribute names its node type (a schema type, its Finnish or English
label, or through ``types``, e.g. ``{"Organisation": "Stakeholder"}``); its id is its ``id`` attribute
(as :mod:`queries.kumu_export` writes it) or ``KUMU-<_id>``. ``label`` (or ``label_fi``, ``label_sv``,
``label_en``), ``description`` and any schema property are read from the attributes with their types;
``tags`` and other attributes are counted in ``not_kept``. A connection's ``connection type`` names the
relation; an ``undirected`` or ``mutual`` connection is turned the way the schema allows. Connections to
missing elements, unknown types and values of the wrong type are reported with their JSON paths.

Examples
--------
>>> doc = {"elements": [{"_id": "e1", "attributes": {"label": "Hanke", "element type": "Project"}},
...                     {"_id": "e2", "attributes": {"label": "Ympäristö", "element type": "Sector"}}],
...        "connections": [{"_id": "c1", "from": "e2", "to": "e1", "direction": "undirected",
...                         "attributes": {"connection type": "led_by"}}]}
>>> parsed, not_kept = kumu_entities(doc, "map.json")
>>> sorted(parsed.entities), [(e.source, e.relation, e.target) for e in parsed.edges]
(['KUMU-e1', 'KUMU-e2'], [('KUMU-e1', 'led_by', 'KUMU-e2')])
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph_model.store import GraphStore, SourceDraft, SourceInfo
from graph_model.terms import id_of
from ingest.checks import check_parsed
from ingest.columns import sheet_columns, sheet_to_type
from ingest.pipeline import input_checksum, shacl_check
from ingest.problems import InvalidInput, Problem
from ingest.records import Edge, Entity, Parsed, _typed, check_id, closest
from ingest.triples import ntriples_chunks
from ontologies.schema import load_schema

__all__ = ["kumu_entities", "import_kumu", "json_path", "MAX_BYTES"]

MAX_BYTES = 512 * 1024 * 1024
_META = {"element type", "label", "id", "tags", "connection type", "type"}

#: ``locate(part, n, key) -> (sheet, row, column)``: where the ``n``-th element or connection (``part``)
#: and its ``key`` (``_id``, ``from``, ``attributes.label``, ...; empty for the item itself) are in the file.
Locate = Callable[[str, int, str], tuple[str | None, int | None, str | None]]


def json_path(part: str, n: int, key: str) -> tuple[None, None, str]:
    """A JSON project's place: its JSON path, e.g. ``elements[3].attributes.label``.

    >>> json_path("connections", 2, "from"), json_path("elements", 0, "")
    ((None, None, 'connections[2].from'), (None, None, 'elements[0]'))
    """
    return None, None, f"{part}[{n}]" + (f".{key}" if key else "")


def _node_type(name: str, types: dict[str, str]) -> str | None:
    return types.get(name) or sheet_to_type(name)


def _element(parsed: Parsed, not_kept: Counter, file: str, n: int, element: dict, types: dict[str, str],
             lang: str, locate: Locate) -> tuple[str, str] | None:
    def problem(key: str, message: str, rule: str) -> None:
        parsed.problems.append(Problem(file, *locate("elements", n, key), message, rule))

    attrs = element.get("attributes") or {}
    kind = str(attrs.get("element type") or attrs.get("type") or "")
    type_name = _node_type(kind, types)
    if type_name is None:
        hint = closest(kind, list(load_schema().node_types))
        problem("attributes.element type", f"unknown element type {kind!r}" + (
            f"; did you mean {hint!r}?" if hint else "; map it with --type KUMU_TYPE=NODE_TYPE"), "unknown-type")
        return None
    ident = str(attrs.get("id") or f"KUMU-{element.get('_id', n)}")
    if message := check_id(ident):
        problem("attributes.id", message, "bad-id")
        return None
    if ident in parsed.entities:
        problem("_id", f"duplicate id {ident!r}", "duplicate-id")
        return None
    columns = {c.name: c for c in sheet_columns(type_name) if c.relation is None}
    sheet, row, _ = locate("elements", n, "")
    entity = Entity(ident, type_name, file, sheet or "elements", n if row is None else row)
    for key, value in attrs.items():
        name = f"label_{lang}" if key == "label" else f"description_{lang}" if key == "description" else key
        column = columns.get(name)
        if column is None or name == "id":
            if key not in _META or key == "tags":
                not_kept[f"elements[].attributes.{key}"] += 1
            continue
        if value in (None, ""):
            continue
        try:
            entity.values.append((column.prop.name, column.lang, _typed(column.prop, str(value))))
        except ValueError as exc:
            problem(f"attributes.{key}", str(exc), "bad-value")
    parsed.entities[ident] = entity
    return ident, type_name


def kumu_entities(doc: Any, file: str, *, types: dict[str, str] | None = None, lang: str = "fi",
                  locate: Locate = json_path) -> tuple[Parsed, dict[str, int]]:
    """The entities and edges of a parsed Kumu project, and the attributes not kept (by JSON path).

    ``locate`` says where an element or connection is in the file (default: its JSON path; the
    spreadsheet reader :mod:`ingest.kumu_sheets` gives sheet, row and column).
    """
    parsed, not_kept, types = Parsed(), Counter(), types or {}
    if not isinstance(doc, dict) or not isinstance(doc.get("elements"), list):
        parsed.problems.append(Problem(file, message="a Kumu project is a JSON object with elements and connections"))
        return parsed, {}
    by_kumu_id: dict[str, tuple[str, str]] = {}
    for n, element in enumerate(doc["elements"]):
        if isinstance(element, dict) and (found := _element(parsed, not_kept, file, n, element, types, lang, locate)):
            by_kumu_id[str(element.get("_id", found[0]))] = found
    schema = load_schema()
    for n, conn in enumerate(doc.get("connections") or []):
        ends = []
        for end in ("from", "to"):
            target = by_kumu_id.get(str(conn.get(end)))
            if target is None:
                parsed.problems.append(Problem(file, *locate("connections", n, end),
                                               f"no element {conn.get(end)!r}", "unknown-reference"))
            ends.append(target)
        kind = str((conn.get("attributes") or {}).get("connection type") or "")
        rel = schema.relation_by_key(kind) if kind else None
        if rel is None:
            hint = closest(kind.lower(), list(schema.relations))
            parsed.problems.append(Problem(file, *locate("connections", n, "attributes.connection type"),
                                           f"unknown connection type {kind!r}" + (f"; did you mean {hint!r}?" if hint
                                                                                   else ""), "unknown-relation"))
            continue
        if None in ends:
            continue
        (a, a_type), (b, b_type) = ends
        if conn.get("direction") in ("undirected", "mutual") and not rel.allows(a_type, b_type) \
                and rel.allows(b_type, a_type):
            a, b = b, a
        sheet, row, column = locate("connections", n, "")
        parsed.edges.append(Edge(a, rel.name, b, file, sheet or "connections", n if row is None else row, column or ""))
    for key in ("maps", "perspectives"):
        if doc.get(key):
            not_kept[key] += len(doc[key])
    return parsed, dict(sorted(not_kept.items()))


def import_kumu(path: Path | str, store: GraphStore, *, source: str | None = None, types: dict[str, str] | None = None,
                lang: str = "fi", dry_run: bool = False) -> tuple[SourceInfo, Parsed, dict[str, int]]:
    """Import a Kumu project as the source ``source`` (default: the file name): its JSON backup
    (``.json``), Kumu's spreadsheet (``.xlsx`` with Elements and Connections sheets) or a folder holding
    ``elements.csv`` and ``connections.csv`` (see :mod:`ingest.kumu_sheets`).

    Raises
    ------
    InvalidInput
        With every problem, each with its JSON path (or sheet, row and column); the store is unchanged.
    """
    from ingest.kumu_sheets import is_kumu_sheets, kumu_sheets_doc

    path = Path(path)
    name = source or path.name
    if not path.exists():
        raise InvalidInput([Problem(str(path), message="does not exist")])
    if is_kumu_sheets(path):
        doc, file, locate = kumu_sheets_doc(path)
    else:
        doc, file, locate = _read_json(path), path.name, json_path
    parsed, not_kept = kumu_entities(doc, file, types=types, lang=lang, locate=locate)
    if not parsed.problems:
        check_parsed(parsed, store.ids_by_type(exclude_source=name) if store.sources() else {})
    if parsed.problems:
        raise InvalidInput(parsed.problems)
    rows = {i: Problem(e.file, *(json_path("elements", e.row, "") if locate is json_path else (e.sheet, e.row, None)))
            for i, e in parsed.entities.items()}
    check = shacl_check(store, name, lambda focus: rows.get(id_of(focus) or "", Problem(file)))
    draft = SourceDraft(name, str(path.resolve()), input_checksum(path) + repr(sorted((types or {}).items())), "kumu")
    info = store.replace_source(draft, ntriples_chunks(parsed.entities, parsed.edges), check, dry_run=dry_run)
    return info, parsed, not_kept


def _read_json(path: Path) -> Any:
    if not path.is_file():
        raise InvalidInput([Problem(str(path), message="is not a file: give a Kumu .json, .xlsx or a folder of "
                                                       "elements.csv and connections.csv")])
    if path.stat().st_size > MAX_BYTES:
        raise InvalidInput([Problem(path.name, message=f"is larger than {MAX_BYTES / 1e6:,.0f} MB")])
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput([Problem(path.name, message=f"is not JSON: {exc}")]) from exc
