"""Export the graph (or some node types) as a Kumu project: JSON, or Kumu's Elements/Connections workbook.

Elements carry ``id``, ``element type`` (the node type, or a drawn map's own type for a ``MapElement``),
``label`` (in ``lang``), ``label_sv`` / ``label_en`` / ... for the other languages, ``description``, every
literal property by its template column name and the free attributes and tags an import kept, so that
:mod:`ingest.kumu` reads them back into the same nodes. Schema relationships are directed connections
with the relation as ``connection type``; a drawn map's connections come back with their own type,
direction, polarity and attributes, its loops with their members, and its maps and perspectives as Kumu
wrote them. The workbook holds elements and connections only (Kumu's spreadsheet has no loops, maps
or perspectives), its cells written as text (never formulas; a number read back from a sheet is text). Dates and roles of qualified
relationships (dated memberships) are not exported.

Examples
--------
>>> doc = kumu_project(example_store, types=["Sector"])  # the example city (the doctests' namespace)
>>> doc["elements"][0]["attributes"]["element type"], doc["connections"]
('Sector', [])
"""

from __future__ import annotations

import json
from pathlib import Path

from graph_model.spreadsheet import write_workbook
from graph_model.store import GraphStore
from queries.projection import GraphData, load_graph

__all__ = ["kumu_project", "write_kumu_workbook", "MAP_RELATIONS"]

#: Relations that hold a drawn map together; they are written as the map's parts, not as connections.
MAP_RELATIONS = frozenset({"on_map", "map_type", "connects_from", "connects_to", "loop_member"})
_OWN_PROPS = {"map_attributes", "map_data", "type_scope", "view_kind", "connection_direction", "polarity"}


def _loads(text: str | None) -> dict:
    return json.loads(text) if text else {}


def _attributes(graph: GraphData, ident: str, lang: str) -> dict:
    """Label, description, other languages, literal properties and the kept free attributes of a node."""
    attrs: dict = {}
    labels = graph.labels.get(ident, {})
    if labels:
        attrs["label"] = labels.get(lang) or graph.label(ident, lang)
        attrs.update({f"label_{code}": text for code, text in sorted(labels.items()) if code and code != lang})
    for code, text in sorted(graph.descriptions.get(ident, {}).items()):
        attrs["description" if code == lang else f"description_{code}"] = text
    props = graph.props.get(ident, {})
    attrs.update(sorted((k, v) for k, v in props.items() if k not in _OWN_PROPS))
    attrs.update(_loads(props.get("map_attributes")))
    return attrs


def _map_type(graph: GraphData, ident: str, lang: str) -> str | None:
    kinds = graph.targets(ident, "map_type")
    return graph.label(kinds[0], lang) if kinds else None


def _element(graph: GraphData, ident: str, kind: str, lang: str) -> dict:
    attrs = {"id": ident, "element type": _map_type(graph, ident, lang) if kind == "MapElement" else kind}
    if attrs["element type"] is None:
        del attrs["element type"]
    attrs.update(_attributes(graph, ident, lang))
    return {"_id": ident, "attributes": attrs, **_loads(graph.props.get(ident, {}).get("map_data"))}


def _map_connection(graph: GraphData, ident: str, lang: str) -> dict:
    props = graph.props.get(ident, {})
    attrs = {"connection type": _map_type(graph, ident, lang), **_attributes(graph, ident, lang)}
    conn = {"_id": ident, "from": graph.targets(ident, "connects_from")[0], "to": graph.targets(ident, "connects_to")[0]}
    if props.get("connection_direction"):
        conn["direction"] = props["connection_direction"]
    return {**conn, **_loads(props.get("map_data")), "attributes": attrs}


def _loop(graph: GraphData, ident: str, lang: str) -> dict:
    attrs = _attributes(graph, ident, lang)
    if kind := _map_type(graph, ident, lang):
        attrs["loop type"] = kind
    loop = {"_id": ident, "attributes": attrs, **_loads(graph.props.get(ident, {}).get("map_data"))}
    if not {"elements", "connections", "members"} & set(loop):  # a loop read elsewhere: its members by kind
        members = graph.targets(ident, "loop_member")
        loop["elements"] = [m for m in members if graph.types.get(m) != "MapConnection"]
        loop["connections"] = [m for m in members if graph.types.get(m) == "MapConnection"]
    return loop


def _view(graph: GraphData, ident: str, lang: str) -> dict:
    view = {"_id": ident}
    if graph.labels.get(ident):
        view["name"] = graph.label(ident, lang)
    if description := graph.descriptions.get(ident, {}).get(lang):
        view["description"] = description
    return {**view, **_loads(graph.props.get(ident, {}).get("map_data"))}


def _project(graph: GraphData, lang: str) -> dict:
    maps = graph.ids_of("DrawnMap")
    if len(maps) != 1:
        return {}
    ident = maps[0]
    project = {"name": graph.label(ident, lang)}
    if description := graph.descriptions.get(ident, {}).get(lang):
        project["description"] = description
    return {**project, **_loads(graph.props.get(ident, {}).get("map_data"))}


def kumu_project(store: GraphStore, *, types: list[str] | None = None, lang: str = "fi") -> dict:
    """The store's nodes (of ``types``; all when None) and the relations among them as a Kumu JSON project,
    with the drawn maps' connections, loops, maps and perspectives."""
    graph = load_graph(store)
    wanted = set(types) if types else None
    elements, keep = [], set()
    for ident in sorted(graph.types):
        kind = graph.types[ident]
        if kind in ("DrawnMap", "MapType", "MapConnection", "MapLoop", "MapView") or \
                (wanted is not None and kind not in wanted):
            continue
        keep.add(ident)
        elements.append(_element(graph, ident, kind, lang))
    connections = []
    for relation in sorted(graph.edges):
        if relation in MAP_RELATIONS:
            continue
        for source, target in graph.edges[relation]:
            if source in keep and target in keep:
                connections.append({"_id": f"{source}|{relation}|{target}", "from": source, "to": target,
                                    "direction": "directed", "attributes": {"connection type": relation}})
    for ident in graph.ids_of("MapConnection"):
        conn = _map_connection(graph, ident, lang)
        if conn["from"] in keep and conn["to"] in keep:
            connections.append(conn)
    exported = keep | {c["_id"] for c in connections}
    loops = [_loop(graph, i, lang) for i in graph.ids_of("MapLoop")
             if set(graph.targets(i, "loop_member")) <= exported]  # a loop goes with all its members
    views = [(graph.props.get(i, {}).get("view_kind"), _view(graph, i, lang)) for i in graph.ids_of("MapView")]
    return {**_project(graph, lang), "elements": elements, "connections": connections,
            "loops": loops,
            "maps": [v for kind, v in views if kind == "map"],
            "perspectives": [v for kind, v in views if kind == "perspective"]}


def _cell(value: object) -> object:
    if isinstance(value, list):
        return "|".join(str(v) for v in value)  # Kumu's spreadsheet separates the values of a cell by |
    return value if isinstance(value, (str, int, float)) or value is None else json.dumps(value, ensure_ascii=False)


def write_kumu_workbook(doc: dict, out: Path | str) -> Path:
    """Write a Kumu project as Kumu's spreadsheet format (.xlsx with Elements and Connections sheets),
    every cell as text or a number, never a formula."""
    first = ["id", "label", "element type"]
    extra = sorted({k for e in doc["elements"] for k in e["attributes"]} - set(first))
    elements = [["ID", "Label", "Type", *extra]]
    for e in doc["elements"]:
        a = e["attributes"]
        elements.append([_cell(a.get(k, "")) for k in (*first, *extra)])
    conn_extra = sorted({k for c in doc["connections"] for k in c["attributes"]} - {"connection type"})
    connections = [["From", "To", "Type", "Direction", *conn_extra]]
    for c in doc["connections"]:
        a = c["attributes"]
        connections.append([c["from"], c["to"], _cell(a.get("connection type") or ""), c.get("direction", ""),
                            *(_cell(a.get(k, "")) for k in conn_extra)])
    out = Path(out)
    write_workbook(out, {"Elements": elements, "Connections": connections})
    return out
