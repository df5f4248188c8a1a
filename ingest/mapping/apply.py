"""Apply a checked mapping to a table: rows -> entities and edges, every problem located and collected.

The result is a :class:`~ingest.records.Parsed`, the same thing the template reader gives, so the rest
of the pipeline (references, cardinality, SHACL, the atomic swap) is shared. Columns are found by their
header or a declared alternative; a header that is missing is reported with the closest headers of
the file. Cells outside a value map, dates outside the declared format, numbers that are not numbers
and names that match nothing or several organisations are row problems.

Examples
--------
>>> from ingest.tables import Table
>>> from ingest.mapping.spec import mapping_from_dict
>>> m = mapping_from_dict({"columns": {"Nimi": ["Hankkeen nimi"]}, "node": {
...     "type": "Project", "id": "P-{Koodi}", "properties": {"label_fi": "Nimi"},
...     "relations": {"led_by": {"column": "Toteuttaja", "by_name": "Stakeholder",
...                              "create": {"stakeholder_kind": "other"}}}}}, "m.yaml")
>>> t = Table("l.csv", "l", ["Koodi", "Hankkeen nimi", "Toteuttaja"],
...           [(2, ["1", "Aurinko", "Laurea-AMK Oy"]), (3, ["2", "Kuu", "laurea amk"])])
>>> parsed = apply_mapping(m, t, NameIndex())
>>> sorted(parsed.entities), [(e.source, e.target) for e in parsed.edges]
(['P-1', 'P-2', 'STAKEHOLDER-laurea-amk'], [('P-1', 'STAKEHOLDER-laurea-amk'), ('P-2', 'STAKEHOLDER-laurea-amk')])
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from graph_model.orgnames import name_key, slug
from ingest.columns import Column, sheet_columns
from ingest.mapping.spec import TEMPLATE_FIELD, FieldSpec, Mapping
from ingest.problems import InvalidInput, Problem
from ingest.records import Edge, Entity, Parsed, _typed, check_id, closest
from ingest.tables import Table
from ontologies.schema import load_schema

__all__ = ["NameIndex", "apply_mapping"]

_SKIP = object()


class NameIndex:
    """Names of existing nodes by :func:`~graph_model.orgnames.name_key`, per node type, for relations
    whose target is given by name; ``canonical`` maps an id to the one it was matched with."""

    def __init__(self, names: dict[str, dict[str, set[str]]] | None = None,
                 canonical: dict[str, str] | None = None):
        self.names = names or {}
        self.canonical = canonical or {}

    def lookup(self, types: tuple[str, ...], key: str) -> set[str]:
        """The ids of nodes of ``types`` whose name has ``key`` (after matching decisions)."""
        found = set()
        for type_name in types:
            for ident in self.names.get(type_name, {}).get(key, ()):
                found.add(self.canonical.get(ident, ident))
        return found

    def keys(self, types: tuple[str, ...]) -> list[str]:
        """Every name key of ``types`` (for "did you mean")."""
        return [k for t in types for k in self.names.get(t, {})]


class _Bound:
    """A mapping bound to one table's header: column positions and converters."""

    def __init__(self, mapping: Mapping, table: Table, problems: list[Problem]):
        self.mapping, self.table, self.problems = mapping, table, problems
        self.header = {h.strip(): i for i, h in enumerate(table.header) if h.strip()}
        self.folded = {h.casefold().replace(" ", ""): i for h, i in self.header.items()}
        self.node = mapping.node
        self.notes: list[str] = []
        self.id_fields = self._template(self.node.id, "node.id")

    def position(self, columns: tuple[str, ...], where: str, required: bool = True) -> tuple[int, str] | None:
        """The position and header of the first of ``columns`` (or their alternatives) in the table; when
        none is there, a problem, or for an optional column a note (and None)."""
        for column in columns:
            for name in self.mapping.alternatives(column):
                if name in self.header:
                    return self.header[name], name
                folded = name.casefold().replace(" ", "")
                if folded in self.folded:
                    index = self.folded[folded]
                    return index, self.table.header[index]
        tried = " | ".join(n for c in columns for n in self.mapping.alternatives(c))
        if not required:
            self.notes.append(f"{self.table.file} has no column {tried!r}: {where} (optional) is left out")
            return None
        hint = closest(columns[0], list(self.header))
        self.problems.append(Problem(self.mapping.file, None, None, where,
                                     f"no column {tried!r} in {self.table.file}"
                                     + (f"; did you mean {hint!r}?" if hint else
                                        f" (its columns: {', '.join(self.header)})"), "unknown-column"))
        return None

    def _template(self, template: str, where: str) -> list[tuple[str, int, str]]:
        names = TEMPLATE_FIELD.findall(template) or [template]
        out = []
        for name in names:
            found = self.position((name,), where)
            if found:
                out.append((name, *found))
        return out

    def make_id(self, cells: list[str], row: int, parsed: Parsed) -> str | None:
        template = self.node.id if TEMPLATE_FIELD.search(self.node.id) else "{" + self.node.id + "}"
        values = {}
        for name, index, header in self.id_fields:
            value = cells[index] if index < len(cells) else ""
            if not value:
                parsed.problems.append(Problem(self.table.file, self.table.sheet, row, header,
                                               f"the id column {header!r} is empty", "missing-value"))
                return None
            values[name] = value
        ident = TEMPLATE_FIELD.sub(lambda m: values.get(m.group(1), ""), template)
        if message := check_id(ident):
            parsed.problems.append(Problem(self.table.file, self.table.sheet, row,
                                           self.id_fields[0][2] if self.id_fields else None, message, "bad-id"))
            return None
        return ident


def _number(spec: FieldSpec, text: str, datatype: str) -> Any:
    cleaned = text.strip().replace("\u00a0", " ")
    if spec.thousands:
        cleaned = cleaned.replace(spec.thousands, "")
    cleaned = cleaned.replace(spec.decimal or ".", ".") if spec.decimal else cleaned
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number (decimal {spec.decimal!r}, thousands "
                         f"{spec.thousands!r})") from None
    if datatype == "integer":
        if value != value.to_integral_value():
            raise ValueError(f"{text!r} is not a whole number")
        return int(value)
    return value


def _converter(spec: FieldSpec, column: Column) -> Callable[[str], Any]:
    """A cell -> typed value function for a property column (raises ValueError with a message)."""
    prop = column.prop
    if spec.date_format and prop.datatype == "date":
        formats = (spec.date_format,) if isinstance(spec.date_format, str) else spec.date_format

        def convert(text: str) -> dt.date:
            for fmt in formats:
                try:
                    return dt.datetime.strptime(text.strip(), fmt).date()
                except ValueError:
                    continue
            raise ValueError(f"{text!r} is not a date in the declared format "
                             + " or ".join(map(repr, formats)))
        return convert
    if (spec.decimal or spec.thousands) and prop.datatype in ("decimal", "integer"):
        return lambda text: _number(spec, text, prop.datatype)
    return lambda text: _typed(prop, text)


def _mapped(spec: FieldSpec, cell: str) -> str | object:
    """The value map applied to one cell: the mapped value, the cell (other: keep), or _SKIP."""
    if spec.values is None:
        return cell
    if cell in spec.values:
        if spec.values[cell].strip().upper().startswith("TODO"):  # a draft's value left unfilled
            raise ValueError(f"{cell!r}: TODO in the value map")
        return spec.values[cell]
    if spec.other == "keep":
        return cell
    if spec.other == "skip":
        return _SKIP
    raise ValueError(f"{cell!r} is not in the value map (" + ", ".join(map(repr, spec.values)) + ")")


class _Names:
    """Relation targets given by name: resolved against the index, or created once per name key."""

    def __init__(self, index: NameIndex, parsed: Parsed, table: Table):
        self.index, self.parsed, self.table = index, parsed, table
        self.created: dict[tuple[str, str], Entity] = {}
        self.spellings: dict[str, Counter] = defaultdict(Counter)

    def resolve(self, spec: FieldSpec, name: str, row: int, header: str) -> str | None:
        key = name_key(name)
        found = self.index.lookup(spec.by_name, key)
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            self._problem(row, header, f"{name!r} names several nodes: {', '.join(sorted(found))}; accept one "
                                       "match with `stratgraph match`", "ambiguous-name")
            return None
        if spec.create is None:
            hint = closest(key, self.index.keys(spec.by_name))
            self._problem(row, header, f"no {' or '.join(spec.by_name)} is named {name!r}"
                          + (f"; did you mean {hint!r}?" if hint else ""), "unknown-name")
            return None
        type_name = spec.by_name[0]
        entity = self.created.get((type_name, key))
        if entity is None:
            constants = dict(spec.create)
            prefix = str(constants.pop("id_prefix", type_name.upper()))
            entity = Entity(f"{prefix}-{slug(key)}", type_name, self.table.file, self.table.sheet, row)
            columns = {c.name: c for c in sheet_columns(type_name)}
            for prop, value in constants.items():
                column = columns.get(prop)
                if column is None or column.prop is None:
                    self._problem(row, header, f"create: {prop!r} is not a property of {type_name}", "mapping")
                    continue
                try:
                    entity.values.append((column.prop.name, column.lang, _typed(column.prop, str(value))))
                except ValueError as exc:
                    self._problem(row, header, f"create.{prop}: {exc}", "mapping")
            entity.values.append(("label", spec.lang, None))  # the most common spelling, filled in finish()
            self.created[(type_name, key)] = entity
        self.spellings[entity.id][name.strip()] += 1
        return entity.id

    def _problem(self, row: int, column: str, message: str, rule: str) -> None:
        self.parsed.problems.append(Problem(self.table.file, self.table.sheet, row, column, message, rule))

    def finish(self) -> None:
        for entity in self.created.values():
            spelling = self.spellings[entity.id].most_common(1)[0][0]
            entity.values = [(p, lang, spelling if p == "label" and v is None else v) for p, lang, v in entity.values]
            if entity.id in self.parsed.entities:
                first = self.parsed.entities[entity.id]
                self._problem(entity.row, None, f"the created id {entity.id!r} is also a row's id "
                                                f"(row {first.row})", "duplicate-id")
            else:
                self.parsed.entities[entity.id] = entity


def _entities(mapping: Mapping, parsed: Parsed) -> None:
    for n, item in enumerate(mapping.entities, start=1):
        parsed.account.read("mapping entities")
        parsed.account.stored("mapping entities")
        entity = Entity(str(item["id"]), item["type"], mapping.file, "entities", n)
        columns = {c.name: c for c in sheet_columns(item["type"])}
        for key, value in item.items():
            if key in ("id", "type"):
                continue
            try:
                entity.values.append((columns[key].prop.name, columns[key].lang, _typed(columns[key].prop, str(value))))
            except ValueError as exc:
                parsed.problems.append(Problem(mapping.file, "entities", n, key, str(exc), "mapping"))
        parsed.entities[entity.id] = entity


def apply_mapping(mapping: Mapping, table: Table, names: NameIndex) -> Parsed:
    """The entities and edges of ``table`` under ``mapping``; problems are in ``Parsed.problems``.

    Mapping problems that only the table can show (a header that is missing) are raised at once as
    :class:`InvalidInput`, since no row can be read without its columns.
    """
    parsed = Parsed()
    header_problems: list[Problem] = []
    bound = _Bound(mapping, table, header_problems)
    columns = {c.name: c for c in sheet_columns(mapping.node.type)}
    props, rels, skips = [], [], []
    for spec in mapping.node.properties:
        found = (bound.position(spec.columns, f"node.properties.{spec.key}", spec.required) if spec.columns
                 else (None, None))
        if found:
            props.append((spec, columns[spec.key], *found, _converter(spec, columns[spec.key])))
    for spec in mapping.node.relations:
        found = (bound.position(spec.columns, f"node.relations.{spec.key}", spec.required) if spec.columns
                 else (None, None))
        if found:
            rels.append((spec, columns[spec.key].relation.name, *found))
    for n, rule in enumerate(mapping.skip):
        found = bound.position(rule.columns, f"skip[{n}]")
        if found:
            skips.append((rule, found[0]))
    if header_problems:
        raise InvalidInput(header_problems)
    parsed.notes += bound.notes
    parsed.columns.update({spec.key: header for spec, _, _, header, _ in props if header}
                          | {spec.key: header for spec, _, _, header in rels if header})
    _entities(mapping, parsed)
    resolver = _Names(names, parsed, table)
    required = [p for p, need in load_schema().node_types[mapping.node.type].properties.items() if need]
    file, sheet, type_name = table.file, table.sheet, mapping.node.type
    problems = parsed.problems
    account = parsed.account
    for row, cells in table.rows:
        width = len(cells)
        account.read("rows")
        if reason := _skip_reason(skips, cells, table.header):
            account.not_kept("rows", reason, where=f"row {row}")
            continue
        ident = bound.make_id(cells, row, parsed)
        if ident is None:
            continue
        if ident in parsed.entities:
            first = parsed.entities[ident]
            problems.append(Problem(file, sheet, row, bound.id_fields[0][2] if bound.id_fields else None,
                                    f"duplicate id {ident!r}: also at row {first.row}", "duplicate-id"))
            continue
        entity = Entity(ident, type_name, file, sheet, row)
        for spec, column, index, header, convert in props:
            text = spec.value if index is None else (cells[index] if index < width else "") or spec.default
            if text is None or text == "":
                continue
            for part in (str(text).split(spec.separator) if spec.separator else (str(text),)):
                part = part.strip()
                try:
                    mapped = _mapped(spec, part)
                    if mapped is not _SKIP and part:
                        entity.values.append((column.prop.name, column.lang, convert(mapped)))
                except ValueError as exc:
                    problems.append(Problem(file, sheet, row, header or spec.key, str(exc), "bad-value"))
        for spec, relation, index, header, in rels:
            text = spec.value if index is None else (cells[index] if index < width else "") or spec.default
            if text is None or text == "":
                continue
            for part in (str(text).split(spec.separator) if spec.separator else (str(text),)):
                part = part.strip()
                if not part:
                    continue
                try:
                    target = _mapped(spec, part)
                except ValueError as exc:
                    problems.append(Problem(file, sheet, row, header or spec.key, str(exc), "bad-value"))
                    continue
                if target is _SKIP:
                    continue
                if spec.by_name and (spec.values is None or part not in spec.values):
                    target = resolver.resolve(spec, target, row, header or spec.key)
                elif spec.template:
                    target = spec.template.replace("{}", target)
                if target is not None:
                    parsed.edges.append(Edge(ident, relation, target, file, sheet, row, header or spec.key))
        present = {p for p, _, _ in entity.values}
        for prop in required:
            if prop not in present and prop != "id":
                problems.append(Problem(file, sheet, row, _column_of(props, prop) or prop,
                                        f"{prop} is required and the row gives none", "missing-value"))
        parsed.entities[ident] = entity
        account.stored("rows")
    resolver.finish()
    return parsed


def _skip_reason(skips: list, cells: list[str], header: list[str]) -> str | None:
    """Why the mapping's skip rules leave this row out (its account names the column), or None."""
    for rule, i in skips:
        cell = cells[i] if i < len(cells) else ""
        if rule.empty and not cell:
            return f"skipped by the mapping: column {header[i]} is empty"
        if cell in rule.equals:
            return f"skipped by the mapping: column {header[i]} is {cell!r}"
    return None


def _column_of(props: list, prop: str) -> str | None:
    return next((header for spec, column, _, header, _ in props if column.prop.name == prop and header), None)
