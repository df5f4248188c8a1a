"""A mapping file (YAML) that says how a foreign table becomes nodes and relationships.

.. code-block:: yaml

    columns:                          # alternative headers of one column (later exports rename some)
      Projektin nimi: [Hankkeen nimi]
    skip:                             # rows to leave out (any rule that holds skips the row)
      - {column: Koodi, empty: true}
    node:
      type: Project                   # the node type of every row
      id: "SF-{Koodi}"                # a column, or a template of {columns}
      properties:
        label_fi: Projektin nimi      # column -> property (label_fi/_sv/_en for text)
        status: {column: Toiminnan tila, values: {Toiminta päättynyt: completed}}
        start_date: {column: Aloituspvm, date_format: ["%d.%m.%Y", "%Y-%m-%d"]}   # tried in order
        budget: {column: Summa, decimal: ",", thousands: " "}
        description_en: {value: "From the structural-funds list"}   # a constant
      relations:
        funded_by: {column: Rahasto, values: {EAKR: FS-ERDF}}       # cell -> target id
        has_theme: {column: Teemat, separator: ";", template: "T-{}"}
        led_by: {column: Toteuttaja, by_name: Stakeholder, create: {stakeholder_kind: other}}
        has_theme: {column: [Ohjelma / osio, Ohjelma], optional: true}   # several names; may be absent
    entities:                         # fixed nodes the mapping adds (e.g. the funding sources)
      - {id: FS-ERDF, type: FundingSource, label_en: ERDF, funding_kind: eu}

:func:`load_mapping` checks the file against the schema and reports every unknown key, node type,
property or relation at once, each with the closest name.

Examples
--------
>>> m = mapping_from_dict({"node": {"type": "Project", "id": "{Koodi}",
...                                  "properties": {"label_fi": "Nimi"}}}, "m.yaml")
>>> m.node.type, m.node.properties[0].key, m.node.properties[0].columns
('Project', 'label_fi', ('Nimi',))
>>> mapping_from_dict({"node": {"type": "Projekt", "id": "x"}}, "m.yaml")
Traceback (most recent call last):
...
ingest.problems.InvalidInput: 1 problem in the input; nothing was stored:
  m.yaml, column node.type: unknown node type 'Projekt'; did you mean 'Project'?
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ingest.columns import sheet_columns
from ingest.problems import InvalidInput, Problem
from ingest.records import closest
from ontologies.schema import load_schema

__all__ = ["FieldSpec", "NodeSpec", "SkipRule", "Mapping", "load_mapping", "mapping_from_dict", "TEMPLATE_FIELD"]

#: ``{Column name}`` in an id template.
TEMPLATE_FIELD = re.compile(r"\{([^{}]*)\}")
_FIELD_KEYS = {"column", "value", "values", "default", "date_format", "decimal", "thousands", "separator",
               "template", "by_name", "create", "lang", "required", "optional", "other"}
_TOP_KEYS = {"columns", "skip", "node", "entities", "sheet", "source", "description"}
_NODE_KEYS = {"type", "id", "properties", "relations"}
_SKIP_KEYS = {"column", "empty", "equals", "in"}


@dataclass(frozen=True)
class FieldSpec:
    """How one property or relation gets its value(s) from a row."""

    key: str                          # the column name in our template: label_fi, status, led_by, ...
    columns: tuple[str, ...] = ()     # the foreign column (first the main header, then alternatives)
    value: Any = None                 # a constant instead of a column
    values: dict[str, str] | None = None
    other: str = "error"              # a cell outside ``values``: error | keep | skip
    default: str | None = None
    date_format: str | tuple[str, ...] | None = None  # one strptime format, or several tried in order
    decimal: str | None = None
    thousands: str | None = None
    separator: str | None = None
    template: str | None = None       # relation target id from the cell: "T-{}"
    by_name: tuple[str, ...] = ()     # relation target named, not identified: these node types
    create: dict[str, Any] | None = None  # create a missing named target with these constants
    lang: str = "fi"                  # the language of a created target's label
    required: bool = True             # false: a table without the column is read without it (with a note)


@dataclass(frozen=True)
class NodeSpec:
    """The node each row becomes."""

    type: str
    id: str
    properties: list[FieldSpec] = field(default_factory=list)
    relations: list[FieldSpec] = field(default_factory=list)


@dataclass(frozen=True)
class SkipRule:
    """Skip a row whose ``column`` is empty, equals a value or is one of several."""

    columns: tuple[str, ...]
    empty: bool = False
    equals: tuple[str, ...] = ()


@dataclass
class Mapping:
    """A checked mapping file."""

    file: str
    node: NodeSpec
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    skip: list[SkipRule] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    sheet: str | None = None
    text: str = ""

    def alternatives(self, column: str) -> tuple[str, ...]:
        """``column`` and its declared alternative headers."""
        return (column, *self.aliases.get(column, ()))


class _Checker:
    def __init__(self, file: str):
        self.file, self.problems = file, []

    def add(self, where: str, message: str, rule: str = "mapping") -> None:
        self.problems.append(Problem(self.file, None, None, where, message, rule))

    def unknown(self, where: str, what: str, name: str, pool) -> None:
        hint = closest(str(name), list(pool))
        self.add(where, f"unknown {what} {name!r}" + (f"; did you mean {hint!r}?" if hint
                                                     else f" (one of: {', '.join(sorted(pool))})"))

    def keys(self, where: str, data: dict, allowed: set[str]) -> None:
        for key in data:
            if key not in allowed:
                self.unknown(f"{where}.{key}".lstrip("."), "key", key, allowed)


def _columns(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    return tuple(str(c) for c in raw) if isinstance(raw, list) else (str(raw),)


def _field(check: _Checker, where: str, key: str, raw: Any, relation: bool) -> FieldSpec | None:
    if not isinstance(raw, dict):
        raw = {"column": raw}
    check.keys(where, raw, _FIELD_KEYS)
    if ("column" in raw) == ("value" in raw):
        check.add(where, "give either column (a header) or value (a constant)")
        return None
    by_name = _columns(raw.get("by_name"))
    schema = load_schema()
    for type_name in by_name:
        if type_name not in schema.node_types:
            check.unknown(f"{where}.by_name", "node type", type_name, schema.node_types)
    if not relation and (by_name or raw.get("create") is not None or raw.get("template")):
        check.add(where, "by_name, create and template are for relations")
    if raw.get("other", "error") not in ("error", "keep", "skip"):
        check.add(f"{where}.other", "other is one of error, keep, skip")
    values = raw.get("values")
    if values is not None and not isinstance(values, dict):
        check.add(f"{where}.values", "values maps cells to values: {cell: value}")
        values = None
    create = raw.get("create")
    if create is not None and not isinstance(create, dict):
        check.add(f"{where}.create", "create holds the created node's constant properties: {name: value}")
        create = None
    return FieldSpec(key, _columns(raw.get("column")), raw.get("value"),
                     {str(k): str(v) for k, v in values.items()} if values else None, raw.get("other", "error"),
                     None if raw.get("default") is None else str(raw["default"]), _formats(raw.get("date_format")),
                     raw.get("decimal"), raw.get("thousands"), raw.get("separator"), raw.get("template"),
                     by_name, create, str(raw.get("lang", "fi")), _required(check, where, raw))


def _formats(raw: Any) -> str | tuple[str, ...] | None:
    """``date_format``: one format, or a list of them (a later export may write dates another way)."""
    return tuple(str(f) for f in raw) if isinstance(raw, list) else raw


def _required(check: _Checker, where: str, raw: dict) -> bool:
    """``required: false`` (or ``optional: true``) lets a table lack the column."""
    if not isinstance(raw.get("required", True), bool) or not isinstance(raw.get("optional", False), bool):
        check.add(f"{where}.required", "required is true or false (optional: true says the same as required: false)")
        return True
    return raw.get("required", True) and not raw.get("optional", False)


def _node(check: _Checker, raw: Any) -> NodeSpec | None:
    if not isinstance(raw, dict):
        check.add("node", "node is missing: give node.type and node.id")
        return None
    check.keys("node", raw, _NODE_KEYS)
    schema = load_schema()
    type_name = str(raw.get("type", ""))
    if type_name not in schema.node_types:
        check.unknown("node.type", "node type", type_name, schema.node_types)
        return None
    if not raw.get("id"):
        check.add("node.id", "node.id is missing: a column or a template such as 'P-{Code}'")
    columns = {c.name: c for c in sheet_columns(type_name)}
    literal = {n for n, c in columns.items() if c.relation is None and n != "id"}
    relations = {n for n, c in columns.items() if c.relation is not None}
    props, rels = [], []
    for section, pool, out, what in (("properties", literal, props, "property"),
                                     ("relations", relations, rels, "relation")):
        items = raw.get(section) or {}
        if not isinstance(items, dict):
            check.add(f"node.{section}", f"{section} maps names to columns")
            continue
        for key, spec in items.items():
            if key not in pool:
                other = relations if section == "properties" else literal
                if key in other:
                    check.add(f"node.{section}.{key}", f"{key!r} is a {'relation' if key in relations else 'property'}"
                              f" of {type_name}; put it under {'relations' if key in relations else 'properties'}")
                else:
                    check.unknown(f"node.{section}.{key}", f"{what} of {type_name}", key, pool)
                continue
            parsed = _field(check, f"node.{section}.{key}", key, spec, section == "relations")
            if parsed is not None:
                out.append(parsed)
    return NodeSpec(type_name, str(raw.get("id", "")), props, rels)


def _entities(check: _Checker, raw: Any) -> list[dict[str, Any]]:
    schema = load_schema()
    out = []
    for n, item in enumerate(raw or []):
        where = f"entities[{n}]"
        if not isinstance(item, dict) or "id" not in item or "type" not in item:
            check.add(where, "an entity needs id and type")
            continue
        if item["type"] not in schema.node_types:
            check.unknown(f"{where}.type", "node type", item["type"], schema.node_types)
            continue
        pool = {c.name for c in sheet_columns(item["type"]) if c.relation is None}
        for key in item:
            if key not in pool | {"type"}:
                check.unknown(f"{where}.{key}", f"property of {item['type']}", key, pool)
        out.append({str(k): v for k, v in item.items()})
    return out


def _skip(check: _Checker, raw: Any) -> list[SkipRule]:
    rules = []
    for n, item in enumerate(raw or []):
        where = f"skip[{n}]"
        if not isinstance(item, dict) or "column" not in item:
            check.add(where, "a skip rule names a column and empty: true, equals: VALUE or in: [VALUES]")
            continue
        check.keys(where, item, _SKIP_KEYS)
        equals = _columns(item.get("equals")) + _columns(item.get("in"))
        rules.append(SkipRule(_columns(item["column"]), bool(item.get("empty")), equals))
    return rules


def mapping_from_dict(data: Any, file: str, text: str = "") -> Mapping:
    """Check a parsed mapping; raises :class:`InvalidInput` listing every problem of the mapping."""
    check = _Checker(file)
    if not isinstance(data, dict):
        raise InvalidInput([Problem(file, message="a mapping is a YAML mapping with node: and its fields")])
    check.keys("", data, _TOP_KEYS)
    aliases = {}
    for column, alternatives in (data.get("columns") or {}).items():
        aliases[str(column)] = _columns(alternatives)
    node = _node(check, data.get("node"))
    skip = _skip(check, data.get("skip"))
    entities = _entities(check, data.get("entities"))
    if check.problems:
        raise InvalidInput(check.problems)
    return Mapping(file, node, aliases, skip, entities, data.get("sheet"), text)


def load_mapping(path: Path | str) -> Mapping:
    """Read and check a mapping file.

    Raises
    ------
    InvalidInput
        When the file is not YAML or names unknown keys, node types, properties or relations (all listed).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except OSError as exc:
        raise InvalidInput([Problem(str(path), message=f"cannot be read: {exc.strerror}")]) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidInput([Problem(path.name, row=mark.line + 1 if mark else None,
                                    message=f"is not valid YAML: {exc}")]) from exc
    return mapping_from_dict(data, path.name, text)
