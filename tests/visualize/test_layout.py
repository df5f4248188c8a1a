"""Positions computed before the browser: deterministic, finite, not overlapping, grouped, fast."""

from __future__ import annotations


import networkx as nx
import numpy as np
import pytest

from visualize.layout import EDGE_LENGTH, NODE_RADIUS, layout


def _edges(graph: nx.Graph) -> np.ndarray:
    return np.array(list(graph.edges()), dtype=np.int64).reshape(-1, 2)


def test_same_seed_same_positions_and_all_finite():
    graph = nx.powerlaw_cluster_graph(300, 2, 0.3, seed=3)
    a, b = layout(300, _edges(graph), seed=7), layout(300, _edges(graph), seed=7)
    assert a.shape == (300, 2) and np.isfinite(a).all()
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("n", [0, 1, 2, 3])
def test_tiny_graphs(n):
    pos = layout(n, np.array([[i, i + 1] for i in range(max(0, n - 1))]).reshape(-1, 2))
    assert pos.shape == (n, 2) and np.isfinite(pos).all()


def test_nodes_keep_their_distance():
    graph = nx.connected_caveman_graph(12, 8)
    pos = layout(graph.number_of_nodes(), _edges(graph), seed=1)
    dist = np.linalg.norm(pos[:, None] - pos[None], axis=2) + np.eye(len(pos)) * 1e9
    assert dist.min() > NODE_RADIUS  # no two nodes drawn on top of each other


def test_a_grid_comes_out_as_a_grid():
    """Pivot MDS keeps the global shape: neighbours in the grid are close, far corners far."""
    grid = nx.convert_node_labels_to_integers(nx.grid_2d_graph(20, 20), ordering="sorted")
    pos = layout(400, _edges(grid), seed=1)
    corner_gap = np.linalg.norm(pos[0] - pos[399])
    neighbour = np.median([np.linalg.norm(pos[a] - pos[b]) for a, b in grid.edges()])
    assert neighbour < 2 * EDGE_LENGTH
    assert corner_gap > 15 * neighbour


def test_components_do_not_overlap():
    graph = nx.disjoint_union_all([nx.complete_graph(6) for _ in range(10)] + [nx.empty_graph(30)])
    pos = layout(graph.number_of_nodes(), _edges(graph), seed=2)
    dist = np.linalg.norm(pos[:, None] - pos[None], axis=2) + np.eye(len(pos)) * 1e9
    assert dist.min() > NODE_RADIUS


def test_groups_stay_together():
    rng = np.random.default_rng(0)
    n = 600
    groups = [(f"s{i % 3}", f"u{i % 12}") for i in range(n)]
    edges = rng.integers(0, n, size=(1500, 2))
    pos = layout(n, edges, groups=groups, seed=1)
    same, other = [], []
    for _ in range(2000):
        a, b = rng.integers(0, n, 2)
        (same if groups[a][1] == groups[b][1] else other).append(np.linalg.norm(pos[a] - pos[b]))
    assert np.median(same) < 0.5 * np.median(other)


def test_groups_must_match_nodes():
    with pytest.raises(ValueError, match="2 paths for 3 nodes"):
        layout(3, np.zeros((0, 2)), groups=[("a",), ("b",)])


def test_5000_nodes_get_finite_distinct_positions():
    # The time it takes is measured by bench/maps.py, not asserted here.
    graph = nx.powerlaw_cluster_graph(5000, 2, 0.3, seed=1)
    pos = layout(5000, _edges(graph), seed=1)
    assert np.isfinite(pos).all()
    assert len({tuple(np.round(p, 6)) for p in pos}) == 5000
