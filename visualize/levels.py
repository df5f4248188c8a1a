"""A map one level at a time: first its top groups with their counts, then what a click on a group opens
(its sub-groups and its own nodes), each time with the edges between what is shown only.

A whole map at region or nation scale is tens of thousands of nodes and edges; nobody reads that, and
sending it made the web app's map data slow (3.3 s at p95 at region scale, most of it the edges). A
level is bounded by the groups :func:`visualize.maps.cap_groups` made (at most ``GROUP_CAP`` bubbles or
nodes in a group), and the web app pages its items and sends only the edges among the page's items
(:func:`edges_among`), so an answer's size does not grow with the store.

An edge between two nodes is drawn between what stands for each at the level: the node itself when it
is shown, else the shown group that holds it. Edges that fall inside one item, or reach outside the
opened group, are not part of the level.

Examples
--------
>>> from visualize.model import MapData, MapEdge, MapNode
>>> m = MapData("demo", "Demo", "en", aggregate="sector")
>>> for ident, path in [("a", ("S1", "U1")), ("b", ("S1", "U1")), ("c", ("S1",)), ("d", ("S2",))]:
...     m.add_node(MapNode(ident, ident.upper(), "Unit", path=path))
>>> m.edges += [MapEdge("a", "b"), MapEdge("a", "c", 2.0), MapEdge("b", "d"), MapEdge("c", "d")]
>>> m.finish()
>>> top = map_level(m)
>>> [(i["id"], i["count"]) for i in top.items]
[('group:S1', 3), ('group:S2', 1)]
>>> [(e["from"], e["to"], e["weight"], e["count"]) for e in top.edges]
[('group:S1', 'group:S2', 2.0, 2)]
>>> inside = map_level(m, "group:S1")
>>> [i["id"] for i in inside.items], [(e["from"], e["to"]) for e in inside.edges]
(['group:S1/U1', 'c'], [('c', 'group:S1/U1')])
>>> [i["id"] for i in map_level(m, "group:S1/U1").items]
['a', 'b']
"""

from __future__ import annotations

from dataclasses import dataclass

from ontologies.errors import NotFoundError
from visualize.html import node_item
from visualize.model import MapData

__all__ = ["MapLevel", "map_level", "map_levels", "edges_among", "MAX_EDGES"]

#: The most edges one answer carries (the strongest first); the answer says how many there were.
MAX_EDGES = 2000


@dataclass(frozen=True)
class MapLevel:
    """One level of a map: the opened ``group`` (None: the top) and its ``parent``, the ``items`` shown
    (groups, largest first, then nodes, most central first) and the ``edges`` between them (each with
    its summed ``weight`` and the ``count`` of node-to-node edges it stands for), strongest first."""

    group: str | None
    parent: str | None
    items: list[dict]
    edges: list[dict]


def map_level(data: MapData, group: str | None = None) -> MapLevel:
    """The level of a finished map ``data`` that opening ``group`` shows (None: the top level).

    A map without groups (a small one) is one level: all its nodes and edges. Raises NotFoundError for
    a group the map does not have. To open many levels of one map, :func:`map_levels` once is cheaper.
    """
    if group is not None and group not in data.groups:
        raise NotFoundError(f"the map has no group {group[:200]!r}: open one of the groups it lists")
    return map_levels(data)[group]


def map_levels(data: MapData) -> dict[str | None, MapLevel]:
    """Every level of a finished map ``data``, by the group it opens (None: the top), in one pass over
    its nodes and edges: an edge belongs to exactly one level, the one of the deepest group that holds
    both its ends (at the levels above, both ends are inside one item; below, one end is outside)."""
    chains = {node.id: _chain(data, node.path if data.groups else ()) for node in data.nodes}
    groups: dict[str | None, set[str]] = {None: set()}
    nodes: dict[str | None, list[int]] = {None: []}
    for gid in data.groups:
        groups[gid], nodes[gid] = set(), []
    for i, node in enumerate(data.nodes):
        chain = chains[node.id]  # [None, g0, g1, ...]: the groups that hold the node, outermost first
        for outer, inner in zip(chain, chain[1:]):
            groups[outer].add(inner)
        nodes[chain[-1]].append(i)
    merged: dict[str | None, dict[tuple[str, str, bool], dict]] = {g: {} for g in groups}
    for edge in data.edges:
        a, b = chains.get(edge.a), chains.get(edge.b)
        if a is None or b is None or edge.a == edge.b:
            continue
        depth = 0  # the deepest shared group is a[depth]; below it each end's item is its next group or itself
        while depth + 1 < min(len(a), len(b)) and a[depth + 1] == b[depth + 1]:
            depth += 1
        one = a[depth + 1] if depth + 1 < len(a) else edge.a
        two = b[depth + 1] if depth + 1 < len(b) else edge.b
        if one == two:
            continue
        one, two = min(one, two), max(one, two)
        row = merged[a[depth]].setdefault((one, two, edge.suggested), {
            "from": one, "to": two, "weight": 0.0, "count": 0, "kind": edge.kind, "suggested": edge.suggested})
        row["weight"] += float(edge.weight)
        row["count"] += 1
    out = {}
    for group in groups:
        items = [_group_item(data, g) for g in sorted(groups[group], key=lambda g: (
            -data.groups[g].count, data.groups[g].label.casefold(), g))]
        shown = sorted(nodes[group], key=lambda i: (-data.nodes[i].importance, data.nodes[i].label.casefold(),
                                                    data.nodes[i].id))
        items += [node_item(data, i) for i in shown]
        edges = sorted(merged[group].values(), key=lambda r: (-r["weight"], r["from"], r["to"]))
        for row in edges:
            row["weight"] = round(row["weight"], 4)
        out[group] = MapLevel(group, data.groups[group].parent if group is not None else None, items, edges)
    return out


def _chain(data: MapData, path: tuple[str, ...]) -> list[str | None]:
    return [None, *(data.group_id(path, depth) for depth in range(len(path)))]


def _group_item(data: MapData, gid: str) -> dict:
    g = data.groups[gid]
    return {"id": gid, "label": g.label, "type": "group", "count": g.count, "colour": g.colour, "depth": g.depth,
            "x": round(g.x, 1), "y": round(g.y, 1), "radius": round(g.radius, 1)}


def edges_among(level: MapLevel, shown: set[str], limit: int = MAX_EDGES) -> tuple[list[dict], int]:
    """The level's edges whose both ends are in ``shown`` (a page of its items), strongest first, at most
    ``limit``; and how many there were in all.

    >>> level = MapLevel(None, None, [], [{"from": "a", "to": "b"}, {"from": "a", "to": "c"}])
    >>> edges_among(level, {"a", "b"})
    ([{'from': 'a', 'to': 'b'}], 1)
    """
    among = [e for e in level.edges if e["from"] in shown and e["to"] in shown]
    return among[:limit], len(among)
