"""Node positions computed before the browser: fast enough for 20,000 nodes, grouped for drill-down.

vis-network's own physics needs about half a minute for 500 nodes and never settles 5,000; networkx's
``spring_layout`` took 90 s and ``forceatlas2_layout`` 218 s for 5,000 nodes on the machine we measure
on. This module computes positions in Python instead, so that the page draws with physics off:

1. *Pivot MDS* (Brandes & Pich 2007) gives each connected component its global shape: breadth-first
   distances from up to 40 pivots, double centring, and a thin SVD - O(pivots x edges).
2. A few dozen vectorised force iterations (springs along edges, repulsion between nodes closer
   than a few edge lengths found with a k-d tree, or exact when small) untangle the neighbourhoods.
3. Components, and the groups of a grouped map, are circles packed by the same force step with
   radii, so nothing overlaps.

With ``groups`` (a path of group ids per node, e.g. ``(sector, unit)``) the layout is hierarchical:
each group's members are laid out inside a circle and the circles are placed by the edges between
groups. A map that opens aggregated by sector can then be drilled into and every member appears
where its group was.

Examples
--------
>>> import numpy as np
>>> pos = layout(4, np.array([[0, 1], [1, 2], [2, 3]]), seed=1)
>>> pos.shape, bool(np.isfinite(pos).all())
((4, 2), True)
>>> grouped = layout(4, np.array([[0, 1], [2, 3]]), groups=[("a",), ("a",), ("b",), ("b",)], seed=1)
>>> near = np.linalg.norm(grouped[0] - grouped[1]) < np.linalg.norm(grouped[0] - grouped[2])
>>> bool(near)
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components, shortest_path
from scipy.ndimage import gaussian_filter, map_coordinates
from scipy.spatial import cKDTree

__all__ = ["layout", "EDGE_LENGTH", "NODE_RADIUS"]

#: The ideal distance between two linked nodes, in the page's coordinates (vis-network pixels).
EDGE_LENGTH = 90.0
#: The radius a single node needs, in the same coordinates.
NODE_RADIUS = 22.0
_EXACT_MAX = 150       # at or below this many items, every pair is checked (else a k-d tree)
_PIVOTS = 40
_GREEDY_MAX = 60         # circles packed one by one; the rest go on a sunflower spiral
_PLACE_EXACT_MAX = 1500  # circles of unequal radii: every pair up to this many


def layout(n: int, edges: np.ndarray, weights: np.ndarray | None = None, *,
           groups: Sequence[Sequence[str]] | None = None, seed: int = 0) -> np.ndarray:
    """Positions (``n`` x 2 array, page coordinates) for ``n`` nodes joined by ``edges``.

    Parameters
    ----------
    n : int
        The number of nodes; nodes are 0..n-1.
    edges : array of shape (m, 2)
        Undirected edges as pairs of node indices (duplicates and self-loops are ignored).
    weights : array of shape (m,), optional
        Edge weights (default 1); heavier edges pull harder.
    groups : sequence of tuples of str, optional
        A group path per node (outermost first, e.g. ``("SEC-1", "U-7")``); members of a group are
        kept together inside a circle. Nodes with a shorter path sit at that level.
    seed : int
        The same seed gives the same positions.

    Returns
    -------
    numpy.ndarray
        Float array of shape (n, 2), centred on the origin.
    """
    rng = np.random.default_rng(seed)
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    weights = np.ones(len(edges)) if weights is None else np.asarray(weights, dtype=float)
    if n == 0:
        return np.zeros((0, 2))
    keep = edges[:, 0] != edges[:, 1]
    edges, weights = edges[keep], weights[keep]
    paths = [tuple(p) for p in groups] if groups is not None else [()] * n
    if len(paths) != n:
        raise ValueError(f"groups has {len(paths)} paths for {n} nodes")
    pos, _ = _layout_level(np.arange(n), paths, 0, edges, weights, rng)
    return pos - pos.mean(axis=0)


def _layout_level(members: np.ndarray, paths: list[tuple], depth: int, edges: np.ndarray,
                  weights: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """Lay out ``members`` (global indices) at group depth ``depth``; return (positions, radius).

    The items of this level are the sub-groups (``path[depth]``) and the members whose path ends
    here. Sub-groups are laid out first (recursively), then placed as circles."""
    by_child: dict[str, list[int]] = defaultdict(list)
    leaves: list[int] = []
    for m in members:
        path = paths[m]
        (by_child[path[depth]] if len(path) > depth else leaves).append(int(m))
    if not by_child:
        return _flat(np.asarray(leaves), edges, weights, rng)
    item_of = np.full(len(paths), -1, dtype=np.int64)
    local, radii = [], []
    for i, (_, group) in enumerate(sorted(by_child.items())):
        group = np.asarray(group)
        pos, radius = _layout_level(group, paths, depth + 1, edges, weights, rng)
        item_of[group] = i
        local.append((group, pos))
        radii.append(radius)
    first_leaf = len(local)
    for j, leaf in enumerate(leaves):
        item_of[leaf] = first_leaf + j
        local.append((np.asarray([leaf]), np.zeros((1, 2))))
        radii.append(NODE_RADIUS)
    a, b = item_of[edges[:, 0]], item_of[edges[:, 1]]
    inside = (a >= 0) & (b >= 0) & (a != b)
    item_edges, item_weights = _merge_edges(np.stack([a[inside], b[inside]], axis=1), weights[inside])
    centres = _place(len(local), item_edges, np.log1p(item_weights), np.asarray(radii), rng)
    out = np.zeros((len(paths), 2))
    for (group, pos), centre in zip(local, centres):
        out[group] = pos + centre
    out = out[members]
    return _recentre(out, np.zeros(len(members)) + NODE_RADIUS)


def _merge_edges(edges: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Undirected edges with duplicate pairs merged (weights summed)."""
    if len(edges) == 0:
        return edges.reshape(0, 2), weights
    lo, hi = np.minimum(edges[:, 0], edges[:, 1]), np.maximum(edges[:, 0], edges[:, 1])
    pairs, inverse = np.unique(np.stack([lo, hi], axis=1), axis=0, return_inverse=True)
    return pairs, np.bincount(inverse.ravel(), weights=weights, minlength=len(pairs))


def _flat(members: np.ndarray, edges: np.ndarray, weights: np.ndarray,
          rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """Positions of ``members`` without groups: components laid out one by one, then packed."""
    n = len(members)
    if n == 1:
        return np.zeros((1, 2)), NODE_RADIUS
    index = np.full(int(max(members.max(), edges.max(initial=0))) + 1, -1, dtype=np.int64)
    index[members] = np.arange(n)
    a = index[edges[:, 0]] if len(edges) else np.zeros(0, dtype=np.int64)
    b = index[edges[:, 1]] if len(edges) else np.zeros(0, dtype=np.int64)
    inside = (a >= 0) & (b >= 0)
    local_edges, local_weights = _merge_edges(np.stack([a[inside], b[inside]], axis=1), weights[inside])
    adjacency = sp.coo_matrix((np.ones(len(local_edges)), (local_edges[:, 0], local_edges[:, 1])),
                              shape=(n, n)).tocsr()
    count, label = connected_components(adjacency, directed=False)
    out = np.zeros((n, 2))
    if count == 1:
        out = _component(adjacency, local_edges, local_weights, rng)
        return _recentre(out, np.full(n, NODE_RADIUS))
    order = np.argsort(label, kind="stable")
    bounds = np.searchsorted(label[order], np.arange(count + 1))
    parts, radii = [], []
    for c in range(count):
        nodes = order[bounds[c]:bounds[c + 1]]
        if len(nodes) == 1:
            parts.append((nodes, np.zeros((1, 2))))
            radii.append(NODE_RADIUS)
            continue
        remap = np.full(n, -1, dtype=np.int64)
        remap[nodes] = np.arange(len(nodes))
        mask = label[local_edges[:, 0]] == c
        sub_edges = remap[local_edges[mask]]
        sub = adjacency[nodes][:, nodes]
        pos, radius = _recentre(_component(sub, sub_edges, local_weights[mask], rng), np.full(len(nodes), NODE_RADIUS))
        parts.append((nodes, pos))
        radii.append(radius)
    centres = _pack(np.asarray(radii))
    for (nodes, pos), centre in zip(parts, centres):
        out[nodes] = pos + centre
    return _recentre(out, np.full(n, NODE_RADIUS))


def _recentre(pos: np.ndarray, radii: np.ndarray) -> tuple[np.ndarray, float]:
    """Positions moved so that their bounding circle is centred at 0, and that circle's radius."""
    if len(pos) == 0:
        return pos, NODE_RADIUS
    centre = (pos.min(axis=0) + pos.max(axis=0)) / 2
    pos = pos - centre
    return pos, float(np.max(np.linalg.norm(pos, axis=1) + radii))


def _component(adjacency: sp.csr_matrix, edges: np.ndarray, weights: np.ndarray,
               rng: np.random.Generator) -> np.ndarray:
    """Positions of one connected component: pivot MDS, then force refinement."""
    n = adjacency.shape[0]
    if n == 2:
        return np.array([[-EDGE_LENGTH / 2, 0.0], [EDGE_LENGTH / 2, 0.0]])
    pos = _pivot_mds(adjacency, rng)
    pos += rng.normal(scale=EDGE_LENGTH * 0.05, size=pos.shape)  # split nodes with equal distances
    iterations = 60 if n > 2000 else 120
    return _forces(pos, edges, np.log1p(weights) + 0.5, np.full(n, NODE_RADIUS), iterations, gravity=0.0)


def _pivot_mds(adjacency: sp.csr_matrix, rng: np.random.Generator) -> np.ndarray:
    """Pivot MDS of a connected graph, scaled so that graph distance 1 is one edge length."""
    n = adjacency.shape[0]
    k = min(_PIVOTS, n)
    pivots = [int(rng.integers(n))]
    nearest = np.full(n, np.inf)
    rows = []
    for _ in range(k):
        dist = shortest_path(adjacency, directed=False, unweighted=True, indices=pivots[-1])
        rows.append(dist)
        nearest = np.minimum(nearest, dist)
        if len(pivots) < k:
            pivots.append(int(np.argmax(nearest)))  # farthest-first: pivots spread over the graph
    d2 = np.square(np.stack(rows, axis=1))          # n x k
    centred = d2 - d2.mean(axis=0) - d2.mean(axis=1, keepdims=True) + d2.mean()
    centred *= -0.5
    # The top two left singular vectors via the small k x k eigenproblem (much faster than an SVD
    # of the n x k matrix with a threaded LAPACK).
    values, vectors = np.linalg.eigh(centred.T @ centred)
    top = np.argsort(values)[::-1][:2]
    pos = centred @ vectors[:, top]
    if pos.shape[1] < 2:
        pos = np.hstack([pos, np.zeros((n, 2 - pos.shape[1]))])
    return pos * _scale(pos, adjacency)


def _scale(pos: np.ndarray, adjacency: sp.csr_matrix) -> float:
    """The factor that makes the median edge one edge length, or more so that the nodes get room:
    small-world graphs have small diameters and pivot MDS packs their cores tightly."""
    coo = adjacency.tocoo()
    lengths = np.linalg.norm(pos[coo.row] - pos[coo.col], axis=1)
    median = float(np.median(lengths)) if len(lengths) else 0.0
    by_edges = EDGE_LENGTH / median if median > 1e-9 else 1.0
    short, long = sorted(np.ptp(pos, axis=0))
    extent = float(np.sqrt(long * max(short, 0.1 * long)))  # a path or a star is flat, not empty
    by_area = np.sqrt(len(pos)) * (2 * NODE_RADIUS + EDGE_LENGTH * 0.5) / extent if extent > 1e-9 else 1.0
    return max(by_edges, by_area)


def _place(count: int, edges: np.ndarray, weights: np.ndarray, radii: np.ndarray,
           rng: np.random.Generator) -> np.ndarray:
    """Centres for ``count`` circles of ``radii`` that do not overlap, linked ones close together."""
    pos = _pack(radii)
    if count == 1 or len(edges) == 0:
        return pos
    pos += rng.normal(scale=1e-3 * float(radii.mean()), size=pos.shape)
    return _forces(pos, edges, weights, radii, 150, gravity=0.05, exact=count <= _PLACE_EXACT_MAX)


def _pack(radii: np.ndarray) -> np.ndarray:
    """Circles packed without overlap: the biggest (up to 60) greedily, biggest first, each at the first
    free spot on a spiral from the centre; the rest on a sunflower spiral around them, spaced for the
    largest of them."""
    count = len(radii)
    pos = np.zeros((count, 2))
    gap = EDGE_LENGTH * 0.25
    by_size = np.argsort(-radii, kind="stable")
    big = by_size[:_GREEDY_MAX][radii[by_size[:_GREEDY_MAX]] > NODE_RADIUS * 1.01]
    small = np.setdiff1d(by_size, big)
    order = big
    placed: list[int] = []
    for k in order:
        r = radii[k]
        if not placed:
            placed.append(int(k))
            continue
        angle = np.arange(0, 8192) * 0.35
        spiral = (radii[order[0]] + r + gap) * 0.5 + r * angle / (2 * np.pi)
        others, reach = pos[placed], radii[placed] + r + gap
        for lo in range(0, len(angle), 128):
            a, rad = angle[lo:lo + 128], spiral[lo:lo + 128]
            cand = np.stack([rad * np.cos(a), rad * np.sin(a)], axis=1)
            free = np.all(np.linalg.norm(cand[:, None, :] - others[None, :, :], axis=2) >= reach, axis=1)
            if free.any():
                pos[k] = cand[int(np.argmax(free))]
                break
        else:  # pragma: no cover - the spiral always reaches free space
            pos[k] = [spiral[-1] + r, 0.0]
        placed.append(int(k))
    if len(small):
        inner = float(np.max(np.linalg.norm(pos[big], axis=1) + radii[big])) + gap if len(big) else 0.0
        spacing = 2 * float(radii[small].max()) + gap
        c = 0.6 * spacing                      # a Vogel spiral's area per point is pi c^2
        k = np.arange(len(small)) + (inner / c) ** 2 + (0.5 if len(big) else 0.0)
        theta = k * np.pi * (3 - np.sqrt(5))
        pos[small] = np.stack([c * np.sqrt(k) * np.cos(theta), c * np.sqrt(k) * np.sin(theta)], axis=1)
    return pos


def _forces(pos: np.ndarray, edges: np.ndarray, weights: np.ndarray, radii: np.ndarray,
            iterations: int, gravity: float, exact: bool | None = None) -> np.ndarray:
    """Vectorised force iterations: springs along edges (rest length = an edge length plus both
    radii), repulsion between circles closer than they should be, optional pull to the centre.

    With ``exact`` (default: few items) every pair is checked each iteration. Otherwise (equal radii,
    many nodes) crowding is first relieved by pushing nodes down the gradient of a smoothed density
    grid, O(n) per iteration however dense the start, and overlaps are removed in the last
    iterations between the pairs a k-d tree finds."""
    n = len(pos)
    exact = n <= _EXACT_MAX if exact is None else exact
    src, dst = (edges[:, 0], edges[:, 1]) if len(edges) else (np.zeros(0, int), np.zeros(0, int))
    rest = EDGE_LENGTH + radii[src] + radii[dst] if len(edges) else np.zeros(0)
    weights = weights / max(float(weights.max(initial=0)), 1e-9) if len(weights) else weights
    reach = 2 * float(radii.max()) + EDGE_LENGTH * 0.5
    every = np.triu_indices(n, 1) if exact else None
    polish_from = iterations if exact else int(iterations * 0.7)
    settle_from = int(iterations * 0.85) if exact else iterations
    start = max(EDGE_LENGTH, float(np.sqrt(np.square(radii).sum())) * 0.2)
    for step in range(iterations):
        temperature = start * (1 - step / iterations) + EDGE_LENGTH * 0.02
        move = np.zeros_like(pos)
        if len(src) and step < settle_from:      # the last iterations only remove overlaps
            delta = pos[dst] - pos[src]
            dist = np.sqrt(np.einsum("ij,ij->i", delta, delta)) + 1e-9
            pull = (0.5 * weights * (dist - rest) / dist)[:, None] * delta
            move[:, 0] += np.bincount(src, pull[:, 0], n) - np.bincount(dst, pull[:, 0], n)
            move[:, 1] += np.bincount(src, pull[:, 1], n) - np.bincount(dst, pull[:, 1], n)
        if exact or step >= polish_from:
            _push_pairs(pos, radii, move, *_close_pairs(pos, reach, every))
        if not exact:
            move += _density_push(pos, reach)
        if gravity:
            move -= gravity * pos
        length = np.sqrt(np.einsum("ij,ij->i", move, move)) + 1e-9
        pos = pos + move * (np.minimum(length, temperature) / length)[:, None]
    return pos


def _push_pairs(pos: np.ndarray, radii: np.ndarray, move: np.ndarray, i: np.ndarray, j: np.ndarray) -> None:
    """Add to ``move`` the repulsion between the pairs (i, j): strong while they overlap, soft after."""
    if not len(i):
        return
    n = len(pos)
    delta = pos[i] - pos[j]
    dist = np.sqrt(np.einsum("ij,ij->i", delta, delta)) + 1e-9
    want = radii[i] + radii[j] + EDGE_LENGTH * 0.5
    push = np.where(dist < want, (want - dist) / dist, 0.0)
    push += (EDGE_LENGTH * EDGE_LENGTH * 0.05) / (dist * dist)
    f = push[:, None] * delta * 0.5
    move[:, 0] += np.bincount(i, f[:, 0], n) - np.bincount(j, f[:, 0], n)
    move[:, 1] += np.bincount(i, f[:, 1], n) - np.bincount(j, f[:, 1], n)


def _density_push(pos: np.ndarray, cell: float) -> np.ndarray:
    """A move down the gradient of the node density (counted on a grid of ``cell``-sized squares and
    smoothed): crowded nodes spread out, in O(n + cells) whatever the crowding."""
    lo = pos.min(axis=0) - 3 * cell
    span = pos.max(axis=0) + 3 * cell - lo
    cell = max(cell, float(span.max()) / 512)      # at most 512 x 512 cells
    coords = (pos - lo) / cell
    shape = tuple(int(v) + 1 for v in np.ceil(span / cell))
    ix = np.minimum(coords.astype(np.int64), np.array(shape) - 1)
    grid = np.bincount(ix[:, 0] * shape[1] + ix[:, 1], minlength=shape[0] * shape[1]).reshape(shape)
    grid = gaussian_filter(grid.astype(float), 1.0)
    gx, gy = np.gradient(grid)
    fx = map_coordinates(gx, coords.T - 0.5, order=1, mode="nearest")
    fy = map_coordinates(gy, coords.T - 0.5, order=1, mode="nearest")
    return -np.stack([fx, fy], axis=1) * cell * 2.0


def _close_pairs(pos: np.ndarray, reach: float, every: tuple[np.ndarray, np.ndarray] | None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) of points closer than ``reach``: among ``every`` pair when given (few
    points), else found with a k-d tree."""
    if every is not None:
        i, j = every
        delta = pos[i] - pos[j]
        close = np.einsum("ij,ij->i", delta, delta) < reach * reach
        return i[close], j[close]
    pairs = cKDTree(pos).query_pairs(reach, output_type="ndarray")
    return pairs[:, 0], pairs[:, 1]
