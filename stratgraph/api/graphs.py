"""Graphs out: the maps' networks (and the whole graph) as networkx and igraph graphs.

A map kind (``collaboration``, ``goals``, ``bodies``, ``networks``) is built by the same builder as
``stratgraph map`` (:func:`visualize.maps.build_map`), so its nodes and edges carry what the map
draws:

=========== =====================================================================================
node        ``label`` (in ``lang``), ``type``, ``sector`` (id, or ""), ``colour`` (the map's colour,
            by sector or type), ``size`` (0..1, the map's node size: centrality), ``x``, ``y`` (the
            map's layout), ``group`` (the aggregated view's group path, ``/``-joined); collaboration
            adds ``degree``, ``strength``, ``betweenness``, ``community`` and ``memberships``
edge        ``weight`` and ``kind`` (collaboration, contributes_to, has_member, ...); collaboration
            adds the number of shared items of each kind (``project``, ``body``, ...)
=========== =====================================================================================

``whole`` is every node and relationship of the store as a ``MultiDiGraph``: nodes carry ``label``,
``type``, ``sector``, ``colour`` and their literal properties (``status``, ``budget``, ...), edges
their ``relation`` (also the edge key). Every attribute is a str, int, float or bool, so any graph
can be written as GraphML or GEXF.

Examples
--------
>>> from queries.projection import GraphData
>>> g = GraphData(types={"P1": "Project", "U1": "Unit", "U2": "Unit", "S1": "Sector"},
...               labels={"U1": {"fi": "Yksikkö 1"}},
...               edges={"led_by": [("P1", "U1")], "has_partner": [("P1", "U2")],
...                      "part_of": [("U1", "S1"), ("U2", "S1")]})
>>> net = to_networkx(g, "collaboration")
>>> net.nodes["U1"]["label"], net.nodes["U1"]["sector"], net.edges["U1", "U2"]["project"]
('Yksikkö 1', 'S1', 1)
>>> whole = to_networkx(g, "whole")
>>> sorted(whole.edges(keys=True))[0]
('P1', 'U1', 'led_by')
"""

from __future__ import annotations

import networkx as nx

from ontologies.errors import UsageError
from queries.projection import GraphData
from visualize.maps import MAP_KINDS, build_map
from visualize.model import SECTOR_PALETTE, TYPE_COLOURS

__all__ = ["GRAPH_KINDS", "to_networkx", "to_igraph", "whole_graph"]

#: What :func:`to_networkx` can return: the maps that need no focus, and the whole graph.
GRAPH_KINDS = tuple(k for k in MAP_KINDS if k != "neighbourhood") + ("whole",)
_CENTRALITY = ("degree", "strength", "betweenness", "community", "memberships")


def to_networkx(graph: GraphData, kind: str = "collaboration", *, level: str = "unit", lang: str = "fi") -> nx.Graph:
    """The network of the map ``kind`` (an ``nx.Graph``) or the ``whole`` graph (an ``nx.MultiDiGraph``).

    Parameters
    ----------
    graph : GraphData
        The store's projection (:func:`queries.projection.load_graph`).
    kind : str
        One of :data:`GRAPH_KINDS`.
    level : {"organisation", "unit", "sector"}
        ``collaboration``: how far nodes are rolled up (as ``stratgraph map --level``).
    lang : {"fi", "en"}
        The language of labels.

    Raises
    ------
    UsageError
        An unknown kind, level or language.

    Examples
    --------
    >>> to_networkx(GraphData(), "everything")
    Traceback (most recent call last):
    ...
    ontologies.errors.UsageError: unknown graph 'everything'; choose from collaboration, goals, bodies, networks, whole
    """
    if kind not in GRAPH_KINDS:
        raise UsageError(f"unknown graph {kind!r}; choose from {', '.join(GRAPH_KINDS)}")
    if lang not in ("fi", "en"):
        raise UsageError(f"unknown language {lang!r}; choose from fi, en")
    if kind == "whole":
        return whole_graph(graph, lang)
    data = build_map(graph, kind, lang=lang, level=level, links=False)
    net = nx.Graph(kind=kind, title=data.title, lang=lang)
    for i, node in enumerate(data.nodes):
        x, y = (float(v) for v in data.positions[i]) if data.positions is not None and len(data.nodes) else (0.0, 0.0)
        net.add_node(node.id, label=node.label, type=node.type, sector=graph.sector_of(node.id) or "",
                     colour=data.colours.get(node.colour_key, "#888888"), size=round(float(node.importance), 6),
                     x=round(x, 4), y=round(y, 4), group="/".join(node.path))
    for edge in data.edges:
        net.add_edge(edge.a, edge.b, weight=float(edge.weight), kind=edge.kind)
    if kind == "collaboration":
        _add_centrality(graph, net, level)
    return net


def _add_centrality(graph: GraphData, net: nx.Graph, level: str) -> None:
    """The collaboration network's own figures (the map shows them in its tooltips)."""
    from queries.network import collaboration_network

    full = collaboration_network(graph, level=level)
    for node, attrs in full.graph.nodes(data=True):
        if node in net:
            net.nodes[node].update({k: attrs[k] for k in _CENTRALITY if k in attrs})
    for a, b, attrs in full.graph.edges(data=True):
        if net.has_edge(a, b):
            net.edges[a, b].update({k: int(attrs[k]) for k in full.weights if attrs.get(k)})


def whole_graph(graph: GraphData, lang: str = "fi") -> nx.MultiDiGraph:
    """Every node (label, type, sector, colour, literal properties) and every relationship (``relation``).

    >>> g = GraphData(types={"S1": "Sector", "G1": "Goal"}, props={"G1": {"code": "1"}})
    >>> whole = whole_graph(g)
    >>> whole.nodes["G1"]["code"], whole.nodes["S1"]["colour"]
    ('1', '#0072B2')
    """
    palette = {s: SECTOR_PALETTE[i % len(SECTOR_PALETTE)] for i, s in enumerate(sorted(graph.ids_of("Sector")))}
    net = nx.MultiDiGraph(kind="whole", lang=lang)
    for ident, kind in graph.types.items():
        sector = graph.sector_of(ident) or ""
        props = {k: v for k, v in graph.props.get(ident, {}).items() if k not in ("label", "type", "sector")}
        net.add_node(ident, **props, label=graph.label(ident, lang), type=kind, sector=sector,
                     colour=palette.get(sector) or TYPE_COLOURS.get(kind, "#888888"))
    for relation, pairs in graph.edges.items():
        for s, o in pairs:
            if s in net and o in net:
                net.add_edge(s, o, key=relation, relation=relation)
    return net


def to_igraph(net: nx.Graph):
    """An ``igraph.Graph`` of a networkx graph: vertex ``name`` = the node id, every attribute kept.

    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=2.0)
    >>> fast = to_igraph(g)
    >>> fast.vs["name"], fast.es["weight"]
    (['a', 'b'], [2.0])
    """
    import igraph as ig

    nodes = list(net.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    fast = ig.Graph(n=len(nodes), directed=net.is_directed())
    fast.vs["name"] = nodes
    keys = sorted({k for _, d in net.nodes(data=True) for k in d})
    for key in keys:
        fast.vs[key] = [net.nodes[n].get(key) for n in nodes]
    edges = list(net.edges(data=True))
    fast.add_edges([(index[a], index[b]) for a, b, _ in edges])
    for key in sorted({k for _, _, d in edges for k in d}):
        fast.es[key] = [d.get(key) for _, _, d in edges]
    fast["kind"] = net.graph.get("kind", "")
    return fast
