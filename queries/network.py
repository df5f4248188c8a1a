"""Who works with whom: the weighted collaboration network of the city's organisations.

Nodes are organisations in the wide sense: sectors, units, stakeholders, roles, persons and governing
bodies, and the elements of drawn maps (every one of them, so that the isolated show up too). Two of them collaborate when they share

============== ====== ===========================================================================
kind           weight what
============== ====== ===========================================================================
project        1.0    a project: its leader and partners, pairwise
body           1.0    a governing body: its members, pairwise
membership     0.5    a membership itself: the member and the body it sits in
steering       0.5    a steered project: the steering body and the project's leader and partners
reports_to     0.5    a body that reports to another body
network        0.5    a network: its members and leaders, pairwise (looser than a body)
agreement      1.0    a cooperation agreement: its parties, pairwise
service        1.0    a service process: the organisations it involves, pairwise
connection     1.0    a drawn map's connection (Kumu): its two ends, whatever its type or polarity
============== ====== ===========================================================================

An edge's weight is the sum over the shared items of their kind's weight (``KIND_WEIGHTS``; pass
``weights=`` to change them); the edge also carries the number of shared items of each kind.

``level`` rolls nodes up before the edges are counted: ``organisation`` keeps every node;
``unit`` puts a role in the organisation it is a post in and a person in their roles' organisations;
``sector`` moreover puts every unit (and such roles) in its sector. Stakeholders, bodies and persons
without a role stay as they are. A shared item counts once per pair even when several of a pair's
members roll up into the same node.

Centrality: degree (partners), strength (weighted degree) and betweenness with distance =
1 / weight, so that strong ties are short (normalised like networkx: by (n - 1)(n - 2)). Betweenness
and communities are computed by igraph (C; equal shortest paths are recognised despite rounding, so
ties split exactly). Weighted betweenness costs about one Dijkstra run per source node; it is exact
while nodes x edges stays within ``BETWEENNESS_BUDGET`` (a city, a few thousand nodes), and above that
it is estimated from ``k = BETWEENNESS_BUDGET // edges`` sampled source nodes (at least 32, fixed
seed; scaled by n / k as networkx's ``k``-sample approximation), and ``betweenness_sample`` says how
many. Communities are Louvain (multilevel) communities on the weights (fixed seed); nodes with no
partner belong to none (community -1).

Examples
--------
>>> net = collaboration_network(example_graph)
>>> net.graph.has_edge("U-LIIKENNE", "U-LIIKUNTA")
False
>>> net.brokers("U-LIIKENNE", "U-LIIKUNTA")[0]["id"]
'R-HANKEASIANTUNTIJA'
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import igraph as ig
import networkx as nx
import numpy as np
import scipy.sparse as sp

from ontologies.errors import InputError, NotFoundError, UsageError
from graph_model.schema_types import NodeType, RelType
from queries.projection import GraphData, incidence, participation_matrix

__all__ = ["CollaborationNetwork", "KIND_WEIGHTS", "LEVELS", "ORGANISATION_TYPES", "BETWEENNESS_BUDGET",
           "collaboration_network"]

#: The weight of one shared item of each kind (see the module's table).
KIND_WEIGHTS: dict[str, float] = {"project": 1.0, "body": 1.0, "membership": 0.5, "steering": 0.5,
                                  "reports_to": 0.5, "network": 0.5, "agreement": 1.0, "service": 1.0,
                                  "connection": 1.0}
LEVELS = ("organisation", "unit", "sector")
ORGANISATION_TYPES = (NodeType.SECTOR, NodeType.UNIT, NodeType.STAKEHOLDER, NodeType.ROLE, NodeType.PERSON,
                      NodeType.GOVERNING_BODY, NodeType.MAP_ELEMENT)
#: Betweenness is exact while nodes x edges is at most this (~2 s); above, k = budget // edges sources are sampled.
BETWEENNESS_BUDGET = 100_000_000


@dataclass
class CollaborationNetwork:
    """The network (``graph``: nodes carry label, type, sector, degree, strength, betweenness,
    community, memberships; edges carry weight and a count per kind), its centrality rows (largest
    betweenness first) and communities (largest first)."""

    graph: nx.Graph
    level: str
    weights: dict[str, float]
    centrality: list[dict] = field(default_factory=list)
    communities: list[list[str]] = field(default_factory=list)
    betweenness_sample: int | None = None

    def edge_rows(self) -> list[dict]:
        """Who works with whom: one row per pair, heaviest first, with the shared items per kind."""
        rows = []
        for a, b, data in self.graph.edges(data=True):
            a, b = sorted((a, b))
            kinds = {k: data[k] for k in self.weights if data.get(k)}
            rows.append({"a": a, "a_label": self.graph.nodes[a]["label"], "b": b,
                         "b_label": self.graph.nodes[b]["label"], "weight": round(data["weight"], 4),
                         "kinds": [f"{k}:{n}" for k, n in kinds.items()]})
        return sorted(rows, key=lambda r: (-r["weight"], r["a"], r["b"]))

    def community_rows(self) -> list[dict]:
        """One row per community: its number, size, and its members with the largest strength."""
        rows = []
        for n, members in enumerate(self.communities):
            top = sorted(members, key=lambda m: -self.graph.nodes[m]["strength"])[:8]
            rows.append({"community": n, "size": len(members), "members": top})
        return rows

    def brokers(self, a: str, b: str) -> list[dict]:
        """The nodes that tie ``a`` and ``b`` together (common partners), highest betweenness first.

        Raises :class:`~ontologies.errors.NotFoundError` when ``a`` or ``b`` is not in the network.
        """
        for node in (a, b):
            if node not in self.graph:
                raise NotFoundError(f"{node!r} is not in the collaboration network (level {self.level})")
        common = set(self.graph[a]) & set(self.graph[b])
        rows = [r for r in self.centrality if r["id"] in common]
        return sorted(rows, key=lambda r: (-r["betweenness"], r["id"]))

    def write_graphml(self, path: Path | str) -> Path:
        """Write the network as GraphML (Gephi, Cytoscape, yEd); return the path."""
        nx.write_graphml(self.graph, str(path))
        return Path(path)

    def write_gexf(self, path: Path | str) -> Path:
        """Write the network as GEXF (Gephi's own format); return the path."""
        nx.write_gexf(self.graph, str(path))
        return Path(path)


def _roll_up(graph: GraphData, nodes: list[str], level: str) -> tuple[list[str], sp.csr_matrix]:
    """The rolled-up node ids (:meth:`GraphData.rolled_up`) and the 0/1 matrix nodes x rolled-up nodes."""
    targets = [graph.rolled_up(n, level) for n in nodes]
    ids = sorted({t for ts in targets for t in ts})
    column = {t: j for j, t in enumerate(ids)}
    pairs = [(i, column[t]) for i, ts in enumerate(targets) for t in ts]
    rows, cols = zip(*pairs) if pairs else ((), ())
    return ids, sp.csr_matrix((np.ones(len(pairs), np.float32), (rows, cols)), shape=(len(nodes), len(ids)))


def _binary(matrix: sp.spmatrix) -> sp.csr_matrix:
    return (sp.csr_matrix(matrix) > 0).astype(np.float32)


def _groups(graph: GraphData, nodes: list[str]) -> dict[str, sp.csr_matrix]:
    """Per co-membership kind: items x nodes, 1 where the node takes part in the item (a service's
    responsible does not count: only those it involves)."""

    def takes_part(context: str, relations: tuple[str, ...] | None = None) -> sp.csr_matrix:
        return participation_matrix(graph, context, nodes, relations)

    return {"project": takes_part(NodeType.PROJECT), "body": takes_part(NodeType.GOVERNING_BODY),
            "network": takes_part(NodeType.NETWORK), "agreement": takes_part(NodeType.AGREEMENT),
            "service": takes_part(NodeType.SERVICE, (RelType.INVOLVES,))}


def _self(graph: GraphData, type_name: str, nodes: list[str]) -> sp.csr_matrix:
    """items (the nodes of ``type_name``) x nodes: 1 where the item is the node itself."""
    index = {n: i for i, n in enumerate(nodes)}
    items = graph.ids_of(type_name)
    cols = np.array([index[i] for i in items], dtype=np.int64)
    return sp.csr_matrix((np.ones(len(items), np.float32), (np.arange(len(items)), cols)),
                         shape=(len(items), len(nodes)))


def _direct(graph: GraphData, nodes: list[str], in_projects: sp.csr_matrix
            ) -> dict[str, tuple[sp.csr_matrix, sp.csr_matrix]]:
    """Per direct kind: (items x nodes on one end, items x nodes on the other end)."""
    bodies = _self(graph, NodeType.GOVERNING_BODY, nodes)
    return {"membership": (bodies, participation_matrix(graph, NodeType.GOVERNING_BODY, nodes)),
            "reports_to": (bodies, incidence(graph, NodeType.GOVERNING_BODY, RelType.REPORTS_TO, targets=nodes)),
            "steering": (incidence(graph, NodeType.PROJECT, RelType.STEERED_BY, targets=nodes), in_projects),
            "connection": (incidence(graph, NodeType.MAP_CONNECTION, RelType.CONNECTS_FROM, targets=nodes),
                           incidence(graph, NodeType.MAP_CONNECTION, RelType.CONNECTS_TO, targets=nodes))}


def _kind_matrices(graph: GraphData, nodes: list[str], roll: sp.csr_matrix) -> dict[str, sp.csr_matrix]:
    """Per kind: the upper triangle of the rolled-up matrix of shared item counts, without self-loops."""
    out, groups = {}, _groups(graph, nodes)
    for kind, items in groups.items():
        rolled = _binary(items @ roll)
        out[kind] = sp.csr_matrix(rolled.T @ rolled)
    for kind, (one, other) in _direct(graph, nodes, groups["project"]).items():
        pairs = sp.csr_matrix(_binary(one @ roll).T @ _binary(other @ roll))
        out[kind] = pairs + pairs.T
    for kind, matrix in out.items():
        matrix = sp.triu(matrix, k=1).tocsr()
        matrix.eliminate_zeros()
        out[kind] = matrix
    return out


def _build_graph(graph: GraphData, ids: list[str], kinds: dict[str, sp.csr_matrix],
                 weights: Mapping[str, float]) -> nx.Graph:
    net = nx.Graph()
    for node in ids:
        net.add_node(node, label=graph.label(node), type=graph.types.get(node, ""),
                     sector=graph.sector_of(node) or "")
    total = sum((weights[k] * m for k, m in kinds.items()), sp.csr_matrix((len(ids), len(ids))))
    total = sp.csr_matrix(total).tocoo()
    net.add_edges_from((ids[i], ids[j], {"weight": float(w)}) for i, j, w in zip(total.row, total.col, total.data)
                       if w > 0)
    for kind, matrix in kinds.items():
        coo = matrix.tocoo()
        for i, j, n in zip(coo.row, coo.col, coo.data):
            if net.has_edge(ids[i], ids[j]):
                net.edges[ids[i], ids[j]][kind] = int(n)
    return net


def _memberships(graph: GraphData, nodes: list[str], roll: sp.csr_matrix) -> np.ndarray:
    """Per rolled-up node: the number of distinct bodies and networks it (or its parts) sits in."""
    seats = sp.vstack([participation_matrix(graph, NodeType.GOVERNING_BODY, nodes),
                       participation_matrix(graph, NodeType.NETWORK, nodes, (RelType.HAS_MEMBER,))])
    return np.asarray(_binary(seats @ roll).sum(axis=0)).ravel().astype(int)


def _as_igraph(net: nx.Graph) -> tuple[ig.Graph, list[str]]:
    nodes = list(net.nodes)
    row = {node: i for i, node in enumerate(nodes)}
    graph = ig.Graph(n=len(nodes), edges=[(row[u], row[v]) for u, v in net.edges])
    graph.es["weight"] = [float(d["weight"]) for _, _, d in net.edges(data=True)]
    graph.es["distance"] = [1.0 / w for w in graph.es["weight"]]
    return graph, nodes


def _centrality(graph: ig.Graph, seed: int) -> tuple[np.ndarray, int | None]:
    """Normalised weighted betweenness (exact, or from ``k`` sampled sources) and ``k`` (None: exact)."""
    nodes, edges = graph.vcount(), max(graph.ecount(), 1)
    sample = None if nodes * edges <= BETWEENNESS_BUDGET else min(nodes, max(32, BETWEENNESS_BUDGET // edges))
    sources = None if sample is None else sorted(random.Random(seed).sample(range(nodes), sample))
    raw = np.asarray(graph.betweenness(directed=False, weights="distance", sources=sources), dtype=np.float64)
    if nodes <= 2:
        return np.zeros(nodes), sample
    scale = 2.0 / ((nodes - 1) * (nodes - 2)) * (1.0 if sample is None else nodes / sample)
    return raw * scale, sample


def _communities(graph: ig.Graph, nodes: list[str], seed: int) -> list[list[str]]:
    """Louvain communities of two or more nodes, largest first (ties: by first id)."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        clusters = graph.community_multilevel(weights="weight") if graph.ecount() else []
    finally:
        ig.set_random_number_generator(random)
    return sorted((sorted(nodes[i] for i in c) for c in clusters if len(c) > 1), key=lambda c: (-len(c), c[0]))


def collaboration_network(graph: GraphData, level: str = "organisation",
                          weights: Mapping[str, float] | None = None, seed: int = 1) -> CollaborationNetwork:
    """The weighted collaboration network, its centrality and its communities.

    Parameters
    ----------
    graph : GraphData
        The store's projection (:func:`queries.projection.load_graph`).
    level : {"organisation", "unit", "sector"}
        How far nodes are rolled up before edges are counted (see the module docstring).
    weights : mapping, optional
        Weight per kind; missing kinds keep ``KIND_WEIGHTS``, weight 0 leaves a kind out.
    seed : int
        Seed of the Louvain communities and of sampled betweenness.

    Returns
    -------
    CollaborationNetwork

    Raises
    ------
    InputError
        The store holds no organisations.
    UsageError
        An unknown level or kind.

    Examples
    --------
    >>> graph = GraphData(types={"P1": "Project", "U1": "Unit", "U2": "Unit", "S1": "Sector"},
    ...                   edges={"led_by": [("P1", "U1")], "has_partner": [("P1", "U2")],
    ...                          "part_of": [("U1", "S1"), ("U2", "S1")]})
    >>> net = collaboration_network(graph)
    >>> net.edge_rows()[0]["kinds"], sorted(net.graph.nodes)
    (['project:1'], ['S1', 'U1', 'U2'])
    >>> collaboration_network(graph, level="sector").graph.number_of_edges()
    0
    """
    if level not in LEVELS:
        raise UsageError(f"unknown level {level!r}; choose from {', '.join(LEVELS)}")
    unknown = sorted(set(weights or {}) - set(KIND_WEIGHTS))
    if unknown:
        raise UsageError(f"unknown collaboration kind(s) {', '.join(unknown)}; choose from {', '.join(KIND_WEIGHTS)}")
    nodes = sorted(i for t in ORGANISATION_TYPES for i in graph.ids_of(t))
    if not nodes:
        raise InputError("the store holds no organisations; run `stratgraph demo` or `stratgraph ingest`")
    chosen = {**KIND_WEIGHTS, **(weights or {})}
    ids, roll = _roll_up(graph, nodes, level)
    kinds = {k: m for k, m in _kind_matrices(graph, nodes, roll).items() if chosen[k] > 0}
    net = _build_graph(graph, ids, kinds, chosen)
    fast, order = _as_igraph(net)
    scores, sample = _centrality(fast, seed)
    between = dict(zip(order, scores))
    communities = _communities(fast, order, seed)
    community_of = {m: n for n, c in enumerate(communities) for m in c}  # the isolated get -1
    seats = dict(zip(ids, _memberships(graph, nodes, roll)))
    for node, data in net.nodes(data=True):
        data.update(degree=net.degree(node), strength=round(float(net.degree(node, weight="weight")), 4),
                    betweenness=round(float(between[node]), 6), community=community_of.get(node, -1),
                    memberships=int(seats[node]))
    rows = [{"id": n, **d} for n, d in net.nodes(data=True)]
    rows.sort(key=lambda r: (-r["betweenness"], -r["strength"], r["id"]))
    return CollaborationNetwork(net, level, chosen, rows, communities, sample)
