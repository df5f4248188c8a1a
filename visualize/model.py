"""What a map is, independent of how it is drawn: nodes, edges, legend, filters and groups.

The HTML page (:mod:`visualize.html`) and the static images (:mod:`visualize.static_image`) both draw a
:class:`MapData`; the map builders (:mod:`visualize.maps`) make one from the store's graph. Every text
in it (labels, facts) is plain text; the renderers are responsible for never reading it as markup.

Examples
--------
>>> m = MapData("demo", "Demo", "en")
>>> m.add_node(MapNode("a", "A", "Unit", colour_key="S1"))
>>> m.add_node(MapNode("b", "B", "Unit", colour_key="S1"))
>>> m.edges.append(MapEdge("a", "b", 2.0))
>>> m.finish(seed=1)
>>> m.positions.shape, m.start_depth
((2, 2), None)
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from graph_model.schema_types import NodeType
from visualize.layout import NODE_RADIUS, layout

__all__ = ["MapNode", "MapEdge", "LegendEntry", "MapGroup", "MapData", "SECTOR_PALETTE", "TYPE_COLOURS",
           "TYPE_SHAPES", "AGGREGATE_ABOVE", "AGGREGATE_MODES"]

#: Colours for sectors (Okabe-Ito and Tableau, distinguishable and readable on white), in sector order.
SECTOR_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#8C564B", "#56B4E9", "#D55E00", "#B8A200",
                  "#7F3C8D", "#11A579", "#3969AC", "#E73F74", "#80BA5A", "#E68310", "#008695", "#CF1C90")
#: Colours of nodes that have no sector, by type.
TYPE_COLOURS = {NodeType.STAKEHOLDER: "#6C757D", NodeType.GOVERNING_BODY: "#343A40", NodeType.NETWORK: "#17BECF",
                NodeType.GOAL: "#C0392B", NodeType.PROJECT: "#95A5A6", NodeType.THEME: "#9467BD",
                NodeType.FUNDING_SOURCE: "#BCBD22", NodeType.PERSON: "#A0A0A0", NodeType.ROLE: "#7F7F7F",
                NodeType.METRIC: "#E377C2", NodeType.SERVICE: "#2CA02C", NodeType.AGREEMENT: "#8C6D31",
                NodeType.STRATEGY: "#1F1F1F", NodeType.OBSERVATION: "#C7C7C7", NodeType.SECTOR: "#444444",
                NodeType.UNIT: "#888888"}
#: vis-network shapes (label below the shape) by node type.
TYPE_SHAPES = {NodeType.SECTOR: "square", NodeType.UNIT: "dot", NodeType.PROJECT: "dot", NodeType.STAKEHOLDER: "triangle",
               NodeType.GOVERNING_BODY: "diamond", NodeType.NETWORK: "hexagon", NodeType.GOAL: "star",
               NodeType.ROLE: "triangleDown", NodeType.PERSON: "triangleDown", NodeType.THEME: "hexagon",
               NodeType.FUNDING_SOURCE: "square", NodeType.METRIC: "star", NodeType.SERVICE: "diamond",
               NodeType.AGREEMENT: "square", NodeType.STRATEGY: "star", NodeType.OBSERVATION: "dot"}
#: Maps with more nodes than this open aggregated when ``aggregate="auto"``.
AGGREGATE_ABOVE = 1000
#: How a map opens: ``auto`` (aggregated when large), ``sector`` (top groups closed), ``unit`` (top
#: groups open, their sub-groups closed) or ``none`` (every node shown).
AGGREGATE_MODES = ("auto", "sector", "unit", "none")


@dataclass
class MapNode:
    """A node: ``facts`` are (name, value) rows for the tooltip; ``facets`` the filter values (goal,
    theme, sector, ... -> ids); ``path`` the groups it belongs to, outermost first; ``importance``
    0..1 drives its size (centrality); ``href`` an optional relative link to its report page."""

    id: str
    label: str
    type: str
    colour_key: str = ""
    importance: float = 0.0
    facts: list[tuple[str, str]] = field(default_factory=list)
    facets: dict[str, list[str]] = field(default_factory=dict)
    path: tuple[str, ...] = ()
    emphasis: bool = False
    href: str | None = None

    def __post_init__(self) -> None:
        self.type, self.colour_key = str(self.type), str(self.colour_key)  # NodeType members as plain text
        self.path = tuple(map(str, self.path))


@dataclass
class MapEdge:
    """An undirected edge; ``suggested`` edges (missing links) are drawn dashed."""

    a: str
    b: str
    weight: float = 1.0
    kind: str = ""
    suggested: bool = False
    facts: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.kind = str(self.kind)  # a RelType member as plain text


@dataclass
class LegendEntry:
    """One line of the legend: a colour (a dot), a node type's shape (in its colour, or outlined when
    its nodes take their sector's colour) or a line style (``dashed``)."""

    label: str
    colour: str | None = None
    shape: str | None = None
    dashed: bool = False


@dataclass
class MapGroup:
    """A group of the aggregated view: its label, colour, parent group, members and circle."""

    id: str
    label: str
    colour: str
    parent: str | None
    depth: int
    count: int = 0
    x: float = 0.0
    y: float = 0.0
    radius: float = NODE_RADIUS


@dataclass
class MapData:
    """A map ready to draw. Call :meth:`finish` after adding nodes and edges: it drops edges to unknown
    nodes, computes the positions, the groups and the legend."""

    kind: str
    title: str
    lang: str
    subtitle: str = ""
    nodes: list[MapNode] = field(default_factory=list)
    edges: list[MapEdge] = field(default_factory=list)
    colour_labels: dict[str, str] = field(default_factory=dict)
    group_labels: dict[str, str] = field(default_factory=dict)
    facets: dict[str, dict[str, str]] = field(default_factory=dict)
    facet_labels: dict[str, str] = field(default_factory=dict)
    type_labels: dict[str, str] = field(default_factory=dict)
    suggested_label: str = "suggested link"
    aggregate: str = "auto"
    positions: np.ndarray | None = None
    groups: dict[str, MapGroup] = field(default_factory=dict)
    legend: list[LegendEntry] = field(default_factory=list)
    colours: dict[str, str] = field(default_factory=dict)
    start_depth: int | None = None
    timings: dict[str, float] = field(default_factory=dict)
    _index: dict[str, int] = field(default_factory=dict, repr=False)

    def add_node(self, node: MapNode) -> None:
        """Add a node unless one with the same id is there already."""
        if node.id not in self._index:
            self._index[node.id] = len(self.nodes)
            self.nodes.append(node)

    def has_node(self, ident: str) -> bool:
        """Whether the map holds a node ``ident``."""
        return ident in self._index

    def node(self, ident: str) -> MapNode:
        """The node ``ident`` (KeyError when absent)."""
        return self.nodes[self._index[ident]]

    def keep_only(self, keep: set[str]) -> None:
        """Drop every node not in ``keep`` and every edge that touches one."""
        self.nodes = [n for n in self.nodes if n.id in keep]
        self._index = {n.id: i for i, n in enumerate(self.nodes)}
        self.edges = [e for e in self.edges if e.a in keep and e.b in keep]

    def finish(self, seed: int = 1) -> None:
        """Drop dangling edges, merge duplicates, pick colours, compute positions, groups and legend."""
        merged: dict[tuple, MapEdge] = {}
        for edge in self.edges:
            if edge.a == edge.b or edge.a not in self._index or edge.b not in self._index:
                continue
            key = (min(edge.a, edge.b), max(edge.a, edge.b), edge.suggested)
            if key in merged:
                merged[key].weight += edge.weight
                merged[key].facts += [f for f in edge.facts if f not in merged[key].facts]
            else:
                merged[key] = edge
        self.edges = list(merged.values())
        self._colour()
        started = time.perf_counter()
        self._layout(seed)
        self.timings["layout"] = time.perf_counter() - started
        self._group()
        self._legend()

    def _colour(self) -> None:
        sectors = sorted({n.colour_key for n in self.nodes if n.colour_key in self.colour_labels
                          and n.colour_key not in TYPE_COLOURS})
        self.colours = {key: SECTOR_PALETTE[i % len(SECTOR_PALETTE)] for i, key in enumerate(sectors)}
        for node in self.nodes:
            if node.colour_key not in self.colours:
                self.colours[node.colour_key] = TYPE_COLOURS.get(node.colour_key,
                                                                  TYPE_COLOURS.get(node.type, "#888888"))

    def _layout(self, seed: int) -> None:
        real = [e for e in self.edges if not e.suggested]  # suggestions must not shape the map
        pairs = np.array([(self._index[e.a], self._index[e.b]) for e in real], dtype=np.int64).reshape(-1, 2)
        weights = np.array([e.weight for e in real], dtype=float)
        mode = self.aggregate
        if mode == "auto":
            mode = "sector" if len(self.nodes) > AGGREGATE_ABOVE else "none"
        grouped = mode != "none" and any(n.path for n in self.nodes)
        self.start_depth = {"sector": 0, "unit": 1}.get(mode) if grouped else None
        # Small maps get more room between nodes so that their labels can be read.
        spacing = 1.6 if len(self.nodes) <= 300 else 1.0
        self.positions = spacing * layout(len(self.nodes), pairs, weights, seed=seed,
                                          groups=[n.path for n in self.nodes] if grouped else None)

    def group_id(self, path: tuple[str, ...], depth: int) -> str:
        """The id of the group at ``depth`` of ``path`` (never equal to a node id)."""
        return "group:" + "/".join(path[:depth + 1])

    def _group(self) -> None:
        self.groups = {}
        if self.start_depth is None:
            return
        members: dict[str, list[int]] = defaultdict(list)
        for i, node in enumerate(self.nodes):
            for depth in range(len(node.path)):
                gid = self.group_id(node.path, depth)
                if gid not in self.groups:
                    parent = self.group_id(node.path, depth - 1) if depth else None
                    key = node.path[depth]
                    colour = self.colours.get(key) or self.colours.get(node.colour_key, "#888888")
                    self.groups[gid] = MapGroup(gid, self.group_labels.get(key, key), colour, parent, depth)
                members[gid].append(i)
        for gid, rows in members.items():
            pts = self.positions[rows]
            centre = pts.mean(axis=0)
            group = self.groups[gid]
            group.count, group.x, group.y = len(rows), float(centre[0]), float(centre[1])
            group.radius = float(np.max(np.linalg.norm(pts - centre, axis=1))) + NODE_RADIUS

    def _legend(self) -> None:
        """Sector (and level) colours first, then one line per node type: its shape, in its own colour
        when its nodes are coloured by type rather than by sector."""
        used = {n.colour_key for n in self.nodes if n.colour_key in self.colour_labels}
        entries = [LegendEntry(self.colour_labels[k], colour=self.colours[k]) for k in sorted(
            used, key=lambda k: self.colour_labels[k].casefold())]
        by_type: dict[str, set[str]] = defaultdict(set)
        for node in self.nodes:
            by_type[node.type].add(node.colour_key)
        for kind in sorted(by_type, key=lambda k: self.type_labels.get(k, k).casefold()):
            keys = by_type[kind]
            colour = self.colours[next(iter(keys))] if keys <= {kind} else None
            entries.append(LegendEntry(self.type_labels.get(kind, kind), colour=colour,
                                       shape=TYPE_SHAPES.get(kind, "dot")))
        if any(e.suggested for e in self.edges):
            entries.append(LegendEntry(self.suggested_label, dashed=True))
        self.legend = entries
