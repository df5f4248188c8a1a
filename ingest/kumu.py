"""Import any Kumu project (JSON backup: elements, connections, loops, maps, perspectives) with nothing lost.

A project becomes a :data:`DrawnMap` (a SKOS concept scheme); its own element, connection and loop types
(``Interviewee``, ``+``, ``R`` ...) become its ``MapType`` concepts, and

- an element becomes a ``MapElement`` of its map type, with its label, description and every other
  attribute (free attributes, tags) kept as JSON (``map_attributes``). An element type that names one
  of our node types (``Project``, ``toimiala`` ...) gives that node type when every element of it carries
  what the node type requires (e.g. a Stakeholder's ``stakeholder_kind``); ``types`` forces a mapping,
  ``{"Org": "Stakeholder:company"}`` also setting the type's required kind;
- a connection whose type names one of our relations between the types it joins (``led_by``) and that
  carries nothing else becomes that relationship; every other connection (untyped, polarity ``+``,
  ``-``, ``++`` ..., the map's own words) becomes a ``MapConnection`` with its ends, direction, polarity
  and attributes;
- a loop becomes a ``MapLoop`` with its members (elements and connections, in order) and polarity;
- maps and perspectives become ``MapView`` nodes holding Kumu's own JSON (positions, styles), with the
  ids they refer to rewritten to ours, so that :mod:`queries.kumu_export` gives them back.

Everything read is counted in an :class:`~ingest.account.ImportAccount`. Problems (a connection to a
missing element, reported once with its JSON path; a value of the wrong type; a duplicate id) stop the
import with every one of them.

Examples
--------
>>> doc = {"name": "Demo", "elements": [
...     {"_id": "e1", "attributes": {"label": "Hanke", "element type": "Project"}},
...     {"_id": "e2", "attributes": {"label": "Ympäristö", "element type": "Sector"}},
...     {"_id": "e3", "attributes": {"label": "Päästöt", "element type": "Phenomenon", "tags": ["co2"]}}],
...   "connections": [{"_id": "c1", "from": "e2", "to": "e1", "direction": "undirected",
...                    "attributes": {"connection type": "led_by"}},
...                   {"_id": "c2", "from": "e1", "to": "e3", "attributes": {"connection type": "-"}}]}
>>> parsed, account = kumu_entities(doc, "map.json")
>>> {i: e.type for i, e in parsed.entities.items() if e.type != "MapType"}
{'KUMU-e1': 'Project', 'KUMU-e2': 'Sector', 'KUMU-e3': 'MapElement', 'KUMU-c2': 'MapConnection', 'KUMU-Demo': 'DrawnMap'}
>>> ("KUMU-e1", "led_by", "KUMU-e2") in [(e.source, e.relation, e.target) for e in parsed.edges]
True
>>> account.as_dict()["connections"]
{'read': 2, 'stored': 2, 'not_kept': {}}
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ijson

from graph_model.store import GraphStore, SourceDraft, SourceInfo
from graph_model.terms import id_of
from ingest.account import ImportAccount
from ingest.checks import check_parsed
from ingest.kumu_stream import NotAKumuObject, SpilledArray, stream_project
from ingest.columns import sheet_columns, sheet_to_type
from ingest.pipeline import input_checksum, shacl_check
from ingest.problems import InvalidInput, Problem
from ingest.records import Edge, Entity, Parsed, _typed, check_id, closest
from ingest.triples import ntriples_chunks
from ontologies.schema import load_schema

__all__ = ["kumu_entities", "import_kumu", "json_path", "parse_type_target", "map_type_id", "MAP_NODE_TYPES",
           "MAX_BYTES"]

#: Larger files are refused: what is stored from them is held in memory until it is written.
MAX_BYTES = 4 * 1024 * 1024 * 1024
#: The node types that hold a drawn map itself; a Kumu element type never resolves to one of them.
MAP_NODE_TYPES = frozenset({"DrawnMap", "MapType", "MapElement", "MapConnection", "MapLoop", "MapView"})
#: Attributes with a place of their own (the rest are free attributes, kept as JSON).
_OWN = {"label", "description", "element type", "connection type", "loop type", "id"}
#: Keys of a map, loop or project whose values are ids of elements, connections, loops or views.
_REFERENCES = {"element", "connection", "loop", "from", "to", "elements", "connections", "loops", "members",
               "defaultMap", "defaultPerspective"}
_LOOP_MEMBERS = ("elements", "connections", "members")
_POLARITY = re.compile(r"[+\-]+|[+\-]?[oOsS]|[rRbB]")
_UNSAFE = re.compile(r"[^0-9A-Za-zÀ-ÖØ-öø-ÿ._-]")

#: ``locate(part, n, key) -> (sheet, row, column)``: where the ``n``-th element or connection (``part``)
#: and its ``key`` (``_id``, ``from``, ``attributes.label``, ...; empty for the item itself) are in the file.
Locate = Callable[[str, int, str], tuple[str | None, int | None, str | None]]


def json_path(part: str, n: int, key: str) -> tuple[None, None, str]:
    """A JSON project's place: its JSON path, e.g. ``elements[3].attributes.label``.

    >>> json_path("connections", 2, "from"), json_path("elements", 0, "")
    ((None, None, 'connections[2].from'), (None, None, 'elements[0]'))
    """
    return None, None, f"{part}[{n}]" + (f".{key}" if key else "")


def _slug(text: str) -> str:
    """``text`` as part of an id: letters, digits, ``.``, ``_`` and ``-`` kept, every other sign as ``_XX``."""
    return _UNSAFE.sub(lambda m: "".join(f"_{b:02x}" for b in m.group().encode("utf-8")), text.strip()) or "_"


def _our_id(kumu_id: Any) -> str:
    """Our id for a Kumu ``_id``: ``KUMU-<_id>``; an id we minted (``KUMU-...``, as an export writes it)
    stays as it is, so that export and import again give the same ids."""
    text = _slug(_text(kumu_id))
    return text if text.startswith("KUMU-") else f"KUMU-{text}"


def map_type_id(map_id: str, scope: str, label: str) -> str:
    """The id of a drawn map's own type (``scope``: element, connection or loop).

    >>> map_type_id("KUMU-ChangeLabs", "connection", "+"), map_type_id("KUMU-X", "element", "Desired Outcome")
    ('KUMU-ChangeLabs-connection-_2b', 'KUMU-X-element-Desired_20Outcome')
    """
    return f"{map_id}-{scope}-{_slug(label)}"


def parse_type_target(text: str) -> tuple[str, dict[str, str]]:
    """A ``--type`` target: a node type, optionally ``:value`` for its required kind.

    >>> parse_type_target("Stakeholder:company"), parse_type_target("Person")
    (('Stakeholder', {'stakeholder_kind': 'company'}), ('Person', {}))
    """
    name, _, value = text.partition(":")
    name = sheet_to_type(name) or name.strip()
    if not value:
        return name, {}
    node = load_schema().node_types.get(name)
    enums = [p for p, req in (node.properties.items() if node else ()) if load_schema().properties[p].enum]
    enums.sort(key=lambda p: not node.properties[p])  # the required kind first
    return name, ({enums[0]: value.strip()} if enums else {"": value})


def _text(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class _Reader:
    """One project being read: entities, edges, problems, the account and the Kumu-id -> our-id table."""

    def __init__(self, doc: dict, file: str, types: dict[str, str], lang: str, locate: Locate, name: str):
        self.doc, self.file, self.lang, self.locate = doc, file, lang, locate
        self.parsed, self.account = Parsed(), ImportAccount()
        self.schema = load_schema()
        self.forced = {k.strip().lower(): parse_type_target(v) for k, v in types.items()}
        self.ids: dict[str, str] = {}  # Kumu _id of an element, connection, loop or view -> our id
        self.kinds: dict[str, str] = {}  # our id of an element -> its node type
        self.map_id = "KUMU-" + _slug(str(doc.get("name") or name))
        self._columns: dict[str, dict] = {}
        self.refused: set[str] = set()  # Kumu _ids of elements already reported (not again for their connections)
        self._relations: dict[str, Any] = {}

    def where(self, part: str, n: int, key: str) -> tuple[str | None, int | None, str | None]:
        """Where a part is: ``locate`` for elements and connections, the JSON path for the rest."""
        return (self.locate if part in ("elements", "connections") else json_path)(part, n, key)

    def problem(self, part: str, n: int, key: str, message: str, rule: str) -> None:
        self.parsed.problems.append(Problem(self.file, *self.where(part, n, key), message, rule))

    def entity(self, ident: str, kind: str, part: str, n: int) -> Entity | None:
        if message := check_id(ident):
            self.problem(part, n, "attributes.id" if part == "elements" else "_id", message, "bad-id")
            return None
        if ident in self.parsed.entities:
            self.problem(part, n, "_id", f"duplicate id {ident!r}", "duplicate-id")
            return None
        sheet, row, _ = self.where(part, n, "")
        entity = Entity(ident, kind, self.file, sheet or part, n if row is None else row)
        self.parsed.entities[ident] = entity
        return entity

    def edge(self, source: str, relation: str, target: str, part: str, n: int) -> None:
        sheet, row, column = self.where(part, n, "")
        self.parsed.edges.append(Edge(source, relation, target, self.file, sheet or part,
                                      n if row is None else row, column or relation))

    def columns(self, type_name: str) -> dict:
        """The literal columns of a node type by name (once per type: thousands of elements share them)."""
        if type_name not in self._columns:
            self._columns[type_name] = {c.name: c for c in sheet_columns(type_name)
                                        if c.relation is None and c.name != "id"}
        return self._columns[type_name]

    def relation(self, kind: str):
        """Our relation named by a connection type, or None (once per type)."""
        if kind not in self._relations:
            self._relations[kind] = self.schema.relation_by_key(kind) if kind else None
        return self._relations[kind]

    def map_type(self, scope: str, label: str) -> str:
        ident = map_type_id(self.map_id, scope, label)
        if ident not in self.parsed.entities:
            entity = Entity(ident, "MapType", self.file, "types", 0,
                            [("label", self.lang, label), ("type_scope", None, scope)])
            self.parsed.entities[ident] = entity
            self.edge(ident, "on_map", self.map_id, "types", 0)
            self.account.read(f"{scope} types")
            self.account.stored(f"{scope} types")
        return ident

    def values(self, entity: Entity, attrs: dict, part: str, n: int, own: set[str]) -> dict:
        """Put the attributes that have a column on ``entity``; return the free ones (kept as JSON)."""
        columns = self.columns(entity.type)
        free = {}
        for key, value in attrs.items():
            name = f"label_{self.lang}" if key == "label" else f"description_{self.lang}" if key == "description" \
                else key
            column = columns.get(name)
            if column is None or column.name in ("map_attributes", "map_data"):
                if key not in own:
                    free[key] = value
                continue
            if value in (None, ""):
                continue
            try:
                entity.values.append((column.prop.name, column.lang, _typed(column.prop, _text(value))))
            except ValueError as exc:
                self.problem(part, n, f"attributes.{key}", str(exc), "bad-value")
        return free

    def translate(self, value: Any, key: str = "") -> Any:
        """Kumu's JSON with the ids it refers to (elements, connections, loops, views) rewritten to ours."""
        if isinstance(value, dict):
            return {k: self.translate(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.translate(v, key) for v in value]
        if key in _REFERENCES and isinstance(value, str):
            return self.ids.get(value, value)
        return value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _candidate(reader: _Reader, kind: str) -> tuple[str, dict, list[str], set[str]]:
    """The node type the elements of Kumu type ``kind`` take if each carries what it requires: (type,
    preset, required properties, required relations); a forced mapping requires nothing."""
    forced = reader.forced.get(kind.strip().lower())
    if forced is not None:
        return forced[0], forced[1], [], set()
    name = sheet_to_type(kind) if kind else None
    if name is None or name in MAP_NODE_TYPES:
        return "MapElement", {}, [], set()
    node = reader.schema.node_types[name]
    needed = [p for p, req in node.properties.items() if req and p != "id"]
    relations = {r.name for r in reader.schema.relations_from(name) if r.endpoints[name].min > 0}
    return name, {}, needed, relations


def _carries(element: dict, needed: list[str], relations: set[str], requires: dict[str, set[str]]) -> bool:
    """Whether ``element`` has every ``needed`` property (the label among them) and typed connections of
    every required relation."""
    attrs = element.get("attributes") or {}
    return not any(attrs.get(p) in (None, "") for p in needed) and \
        relations <= requires.get(str(element.get("_id")), set())


def _kind_of(element: Any) -> str | None:
    if not isinstance(element, dict):
        return None
    attrs = element.get("attributes") if isinstance(element.get("attributes"), dict) else {}
    return _text(attrs.get("element type"))


def _elements(reader: _Reader) -> None:
    """Two passes over the elements (streamed: never all in memory): the node type of each Kumu type,
    ours when every element of it carries what ours requires, else the map's own; then the elements."""
    elements = reader.doc.get("elements") or []
    requires: dict[str, set[str]] = {}  # element _id -> relations its typed connections name
    for conn in reader.doc.get("connections") or []:
        if isinstance(conn, dict):
            attrs = conn.get("attributes") if isinstance(conn.get("attributes"), dict) else {}
            rel = reader.relation(_text(attrs.get("connection type")))
            for end in ("from", "to"):
                if rel is not None:
                    requires.setdefault(str(conn.get(end)), set()).add(rel.name)
    candidates: dict[str, tuple[str, dict, list[str], set[str]]] = {}
    fits: dict[str, bool] = {}
    for element in elements:
        kind = _kind_of(element)
        if kind is None:
            continue
        if kind not in candidates:
            candidates[kind] = _candidate(reader, kind)
        name, _, needed, relations = candidates[kind]
        if fits.get(kind, True) and name != "MapElement" and (needed or relations):
            fits[kind] = _carries(element, needed, relations, requires)
    chosen = {kind: (name, preset) if fits.get(kind, True) else ("MapElement", {})
              for kind, (name, preset, _, _) in candidates.items()}
    for n, element in enumerate(elements):
        reader.account.read("elements")
        problems = len(reader.parsed.problems)
        if not _element(reader, n, element, chosen) and len(reader.parsed.problems) > problems:
            reader.refused.add(str(element.get("_id")) if isinstance(element, dict) else "")


def _element(reader: _Reader, n: int, element: Any, chosen: dict) -> bool:
    """Read one element; False when it is not stored (its problem reported)."""
    if not isinstance(element, dict):
        reader.problem("elements", n, "", "an element is a JSON object", "bad-value")
        return False
    attrs = element.get("attributes") or {}
    if not isinstance(attrs, dict):
        reader.problem("elements", n, "attributes", "an element's attributes are a JSON object", "bad-value")
        return False
    kind = _text(attrs.get("element type"))
    type_name, preset = chosen[kind]
    if type_name not in reader.schema.node_types:
        hint = closest(type_name, list(reader.schema.node_types))
        reader.problem("elements", n, "attributes.element type", f"--type {kind}={type_name}: no node type "
                       f"{type_name!r}" + (f"; did you mean {hint!r}?" if hint else ""), "unknown-type")
        return False
    if "" in preset:
        reader.problem("elements", n, "attributes.element type", f"--type {kind}={type_name}:{preset['']}: "
                       f"{type_name} has no kind to set", "unknown-type")
        return False
    ident = _text(attrs.get("id")) or (_our_id(element["_id"]) if element.get("_id") else
                                       f"{reader.map_id}-element-{n}")
    entity = reader.entity(ident, type_name, "elements", n)
    if entity is None:
        return False
    free = reader.values(entity, {**{k: v for k, v in preset.items() if k}, **attrs}, "elements", n, _OWN)
    if type_name == "MapElement":
        reader.edge(ident, "on_map", reader.map_id, "elements", n)
        if kind:
            reader.edge(ident, "map_type", reader.map_type("element", kind), "elements", n)
    elif kind and kind != type_name:
        free["kumu element type"] = kind  # a mapped type keeps the map's word for it
    rest = {k: v for k, v in element.items() if k not in ("_id", "attributes")}
    if free:
        entity.values.append(("map_attributes", None, _json(free)))
    if rest:
        entity.values.append(("map_data", None, _json(rest)))
    reader.ids[str(element.get("_id", ident))] = ident
    reader.kinds[ident] = type_name
    reader.account.stored("elements")
    return True


def _loop_connections(doc: dict) -> set[str]:
    """The ids of the connections a loop holds (they stay map connections, which a loop can hold)."""
    refs = set()
    for loop in doc.get("loops") or []:
        for key in _LOOP_MEMBERS:
            for member in (loop.get(key) or []) if isinstance(loop, dict) else []:
                refs.add(str(_member_ref(member)))
    return refs


def _connections(reader: _Reader) -> None:
    seen_edges: set[tuple[str, str, str]] = set()
    in_loops = _loop_connections(reader.doc)
    pending: set[int] = set()  # the connections that become map connections
    connections = reader.doc.get("connections") or []
    for n, conn in enumerate(connections):
        reader.account.read("connections")
        if not isinstance(conn, dict):
            reader.problem("connections", n, "", "a connection is a JSON object", "bad-value")
            continue
        ends = [reader.ids.get(str(conn.get(end))) for end in ("from", "to")]
        if None in ends:  # one problem per connection, naming the first missing end
            end = "from" if ends[0] is None else "to"
            if str(conn.get(end)) in reader.refused:
                continue  # that element is reported already
            reader.problem("connections", n, end, f"no element {conn.get(end)!r}", "unknown-reference")
            continue
        attrs = conn.get("attributes") or {}
        if not isinstance(attrs, dict):
            reader.problem("connections", n, "attributes", "a connection's attributes are a JSON object", "bad-value")
            continue
        kind = _text(attrs.get("connection type"))
        (a, b), direction = ends, conn.get("direction")
        rel = reader.relation(kind)
        extra = {k for k, v in conn.items() if k not in ("_id", "from", "to", "direction", "attributes")
                 and v not in (False, None)}  # Kumu writes delayed/reversed false on every connection
        plain = not (set(attrs) - {"connection type"}) and not extra and str(conn.get("_id")) not in in_loops
        if rel is not None and plain and direction in (None, "directed", "undirected", "mutual"):
            ta, tb = reader.kinds[a], reader.kinds[b]
            if direction in ("undirected", "mutual") and not rel.allows(ta, tb) and rel.allows(tb, ta):
                a, b = b, a
            if rel.allows(reader.kinds[a], reader.kinds[b]) and (a, rel.name, b) not in seen_edges:
                seen_edges.add((a, rel.name, b))
                reader.edge(a, rel.name, b, "connections", n)
                reader.ids[str(conn.get("_id", f"{a}|{rel.name}|{b}"))] = f"{a}|{rel.name}|{b}"
                reader.account.stored("connections")
                continue
        pending.add(n)
    # a second walk rather than a list of the connections: a streamed project is never all in memory
    for n, conn in enumerate(connections if pending else ()):
        if n in pending:
            _map_connection(reader, n, conn, _text(conn["attributes"].get("connection type"))
                            if isinstance(conn.get("attributes"), dict) else "")


def _map_connection(reader: _Reader, n: int, conn: dict, kind: str) -> None:
    ident = _our_id(conn["_id"]) if conn.get("_id") else f"{reader.map_id}-connection-{n}"
    entity = reader.entity(ident, "MapConnection", "connections", n)
    if entity is None:
        return
    attrs = conn.get("attributes") or {}
    free = reader.values(entity, attrs, "connections", n, _OWN)
    direction = conn.get("direction")
    if direction in ("directed", "undirected", "mutual"):
        entity.values.append(("connection_direction", None, direction))
    if kind and _POLARITY.fullmatch(kind):
        entity.values.append(("polarity", None, kind))
    if free:
        entity.values.append(("map_attributes", None, _json(free)))
    rest = {k: v for k, v in conn.items() if k not in ("_id", "from", "to", "attributes", "direction")}
    if direction not in (None, "directed", "undirected", "mutual"):
        rest["direction"] = direction
    if rest:
        entity.values.append(("map_data", None, _json(rest)))
    reader.edge(ident, "on_map", reader.map_id, "connections", n)
    reader.edge(ident, "connects_from", reader.ids[str(conn.get("from"))], "connections", n)
    reader.edge(ident, "connects_to", reader.ids[str(conn.get("to"))], "connections", n)
    if kind:
        reader.edge(ident, "map_type", reader.map_type("connection", kind), "connections", n)
    reader.ids[str(conn.get("_id", ident))] = ident
    reader.account.stored("connections")


def _loops(reader: _Reader) -> None:
    loops = reader.doc.get("loops") or []
    for n, loop in enumerate(loops):  # ids first: views and loops may refer to loops
        if isinstance(loop, dict):
            reader.ids[str(loop.get("_id", n))] = _our_id(loop["_id"]) if loop.get("_id") \
                else f"{reader.map_id}-loop-{n}"
    for n, loop in enumerate(loops):
        reader.account.read("loops")
        if not isinstance(loop, dict):
            reader.problem("loops", n, "", "a loop is a JSON object", "bad-value")
            continue
        ident = reader.ids[str(loop.get("_id", n))]
        entity = reader.entity(ident, "MapLoop", "loops", n)
        if entity is None:
            continue
        attrs = loop.get("attributes") if isinstance(loop.get("attributes"), dict) else {}
        if loop.get("attributes") and not attrs:
            reader.problem("loops", n, "attributes", "a loop's attributes are a JSON object", "bad-value")
        free = reader.values(entity, attrs, "loops", n, _OWN)
        kind = _text(attrs.get("loop type"))
        polarity = _text(loop.get("polarity") or attrs.get("polarity") or kind)
        if polarity:
            entity.values.append(("polarity", None, polarity))
        if kind:
            reader.edge(ident, "map_type", reader.map_type("loop", kind), "loops", n)
        for key, refs in _members(reader, loop):
            for m, ref in refs:
                target = reader.ids.get(str(ref))
                if target is None or "|" in target:
                    why = "is a relationship of our schema; a loop can hold it only as a map connection" \
                        if target else "is no element or connection of the project"
                    reader.problem("loops", n, f"{key}[{m}]", f"{ref!r} {why}", "unknown-reference")
                    continue
                reader.edge(ident, "loop_member", target, "loops", n)
        reader.edge(ident, "on_map", reader.map_id, "loops", n)
        if free:
            entity.values.append(("map_attributes", None, _json(free)))
        if not attrs.get("label") and _text(loop.get("name") or loop.get("label")):
            entity.values.append(("label", reader.lang, _text(loop.get("name") or loop.get("label"))))
        rest = {k: v for k, v in loop.items() if k not in ("_id", "attributes")}
        if rest:
            entity.values.append(("map_data", None, _json(reader.translate(rest))))
        reader.account.stored("loops")


def _member_ref(member: Any) -> Any:
    if isinstance(member, dict):
        return member.get("element") or member.get("connection") or member.get("_id") or member.get("id")
    return member


def _members(reader: _Reader, loop: dict) -> list[tuple[str, list[tuple[int, Any]]]]:
    """A loop's member lists: ``elements``, ``connections`` and ``members`` (whatever they hold), and any
    other list whose every item names an element or connection of the project."""
    out = []
    for key, value in loop.items():
        if not isinstance(value, list) or key == "attributes":
            continue
        refs = [(m, _member_ref(item)) for m, item in enumerate(value)]
        if key in _LOOP_MEMBERS or (refs and all(str(r) in reader.ids for _, r in refs)):
            out.append((key, refs))
    return out


def _views(reader: _Reader) -> None:
    for part, kind in (("maps", "map"), ("perspectives", "perspective")):
        views = reader.doc.get(part) or []
        for n, view in enumerate(views):
            if isinstance(view, dict):
                reader.ids[str(view.get("_id", n))] = _our_id(view["_id"]) if view.get("_id") \
                    else f"{reader.map_id}-{kind}-{n}"
    for part, kind in (("maps", "map"), ("perspectives", "perspective")):
        for n, view in enumerate(reader.doc.get(part) or []):
            reader.account.read(part)
            if not isinstance(view, dict):
                reader.problem(part, n, "", f"a {kind} is a JSON object", "bad-value")
                continue
            entity = reader.entity(reader.ids[str(view.get("_id", n))], "MapView", part, n)
            if entity is None:
                continue
            entity.values.append(("view_kind", None, kind))
            if _text(view.get("name")):
                entity.values.append(("label", reader.lang, _text(view["name"])))
            if _text(view.get("description")):
                entity.values.append(("description", reader.lang, _text(view["description"])))
            rest = {k: v for k, v in view.items() if k not in ("_id", "name", "description")}
            entity.values.append(("map_data", None, _json(reader.translate(rest))))
            reader.edge(entity.id, "on_map", reader.map_id, part, n)
            reader.account.stored(part)


def _project(reader: _Reader, name: str) -> None:
    """The project as a ``DrawnMap``, when it has a name or anything on it (a project of our own types
    only, such as :mod:`queries.kumu_export` writes of the city, is no drawn map)."""
    doc = reader.doc
    rest = {k: v for k, v in doc.items() if k not in ("elements", "connections", "loops", "maps", "perspectives",
                                                       "name", "description")}
    on_map = any(e.relation == "on_map" for e in reader.parsed.edges)
    if not (on_map or rest or doc.get("name") or doc.get("description")):
        return
    entity = Entity(reader.map_id, "DrawnMap", reader.file, "project", 0,
                    [("label", reader.lang, _text(doc.get("name")) or name)])
    if _text(doc.get("description")):
        entity.values.append(("description", reader.lang, _text(doc["description"])))
    definitions = rest.get("attributes")
    if isinstance(definitions, list):
        reader.account.read("attribute definitions", len(definitions))
        reader.account.stored("attribute definitions", len(definitions))
    if rest:
        entity.values.append(("map_data", None, _json(reader.translate(rest))))
    if reader.map_id in reader.parsed.entities:
        reader.problem("elements", 0, "_id", f"an element's id {reader.map_id!r} is the project's own", "duplicate-id")
    reader.parsed.entities[reader.map_id] = entity


def kumu_entities(doc: Any, file: str, *, types: dict[str, str] | None = None, lang: str = "fi",
                  locate: Locate = json_path, name: str | None = None) -> tuple[Parsed, ImportAccount]:
    """The entities and edges of a parsed Kumu project, and its account (read, stored, not kept).

    ``types`` maps a Kumu element type to a node type (``"Person"``, ``"Stakeholder:company"``);
    ``locate`` says where an element or connection is in the file (default: its JSON path; the
    spreadsheet reader :mod:`ingest.kumu_sheets` gives sheet, row and column); ``name`` names the
    project when the file does not (default: ``file``).
    """
    if not isinstance(doc, dict) or not isinstance(doc.get("elements"), (list, SpilledArray)):
        parsed = Parsed()
        parsed.problems.append(Problem(file, message="a Kumu project is a JSON object with elements and connections"))
        return parsed, ImportAccount()
    reader = _Reader(doc, file, types or {}, lang, locate, name or Path(file).stem)
    for kind in ("elements", "connections", "loops", "maps", "perspectives"):
        reader.account.read(kind, 0)  # every kind in the account, even when the project has none
    _elements(reader)
    _connections(reader)
    _loops(reader)
    _views(reader)
    _project(reader, name or Path(file).stem)
    return reader.parsed, reader.account


def import_kumu(path: Path | str, store: GraphStore, *, source: str | None = None, types: dict[str, str] | None = None,
                lang: str = "fi", dry_run: bool = False) -> tuple[SourceInfo, Parsed, ImportAccount]:
    """Import a Kumu project as the source ``source`` (default: the file name): its JSON backup
    (``.json``), Kumu's spreadsheet (``.xlsx`` with Elements and Connections sheets) or a folder holding
    ``elements.csv`` and ``connections.csv`` (see :mod:`ingest.kumu_sheets`). The account is also kept
    in the source's provenance (:attr:`SourceInfo.account`).

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
        parsed, account = kumu_entities(doc, file, types=types, lang=lang, locate=locate, name=path.stem)
    else:
        file, locate = path.name, json_path
        with _streamed_json(path) as doc:
            parsed, account = kumu_entities(doc, file, types=types, lang=lang, locate=locate, name=path.stem)
    if not parsed.problems:
        check_parsed(parsed, store.ids_by_type(exclude_source=name) if store.sources() else {})
    if parsed.problems:
        raise InvalidInput(parsed.problems)
    rows = {i: Problem(e.file, *(json_path(e.sheet, e.row, "") if locate is json_path else (e.sheet, e.row, None)))
            for i, e in parsed.entities.items()}
    check = shacl_check(store, name, lambda focus: rows.get(id_of(focus) or "", Problem(file)))
    draft = SourceDraft(name, str(path.resolve()), input_checksum(path) + repr(sorted((types or {}).items())), "kumu",
                        account.as_dict())
    info = store.replace_source(draft, ntriples_chunks(parsed.entities, parsed.edges), check, dry_run=dry_run)
    return info, parsed, account


@contextmanager
def _streamed_json(path: Path) -> Iterator[Any]:
    """The project in ``path``, streamed (:mod:`ingest.kumu_stream`): its big arrays are read from disk
    item by item, so a file of hundreds of MB is read in bounded memory."""
    if not path.is_file():
        raise InvalidInput([Problem(str(path), message="is not a file: give a Kumu .json, .xlsx or a folder of "
                                                       "elements.csv and connections.csv")])
    if path.stat().st_size > MAX_BYTES:
        raise InvalidInput([Problem(path.name, message=f"is larger than {MAX_BYTES / 1e9:,.0f} GB: split the "
                                                       f"project (Kumu exports each map on its own)")])
    with path.open("rb") as handle:
        try:
            with stream_project(handle) as doc:
                yield doc
        except NotAKumuObject:
            yield None  # kumu_entities says what a project is
        except (ijson.JSONError, UnicodeDecodeError) as exc:
            raise InvalidInput([Problem(path.name, message=f"is not JSON: {_where_json_breaks(path) or exc}")]) from exc


def _where_json_breaks(path: Path, most_bytes: int = 64_000_000) -> str | None:
    """The line and column where the JSON of ``path`` breaks and what is wrong there, as :mod:`json` says
    it (the streaming parser does not); None for a file too large to read whole just to say so."""
    import json

    if path.stat().st_size > most_bytes:
        return None
    try:
        json.loads(path.read_bytes())
    except json.JSONDecodeError as exc:
        return f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
    except UnicodeDecodeError as exc:
        return f"byte {exc.start} is not UTF-8"
    return None
