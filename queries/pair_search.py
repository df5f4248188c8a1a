"""The best pairs of a collaboration graph, without scoring every pair.

:func:`score_pairs` scores only the pairs that may reach the best scores (found through the partners and
interests they share, rarest first, see :class:`_Items`), so its time grows with the graph rather than
with the number of pairs; its results are those of scoring every pair (:mod:`queries.link_score`).
``bench/linkpred.py`` runs it on a plain collaboration graph.

Examples
--------
>>> from queries.collaboration import collaboration_graph
>>> cg = collaboration_graph(example_graph, "unit")
>>> pairs = score_pairs(cg, 1)
>>> cg.entities[pairs.a[0]], cg.entities[pairs.b[0]]
('U-LIIKENNE', 'U-LIIKUNTA')
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from queries.collaboration import CollaborationGraph, binary
from queries.link_score import LinkParams, ScoreFactors

__all__ = ["ScoredPairs", "score_pairs"]

#: Pairs that score no more than this are not suggested (their score is zero but for rounding).
_FLOOR = 1e-12
#: The relative slack given to score bounds, far above their rounding error.
_SLACK = 1e-9
#: About how many cells a block of candidate pairs may take (bounds the memory of a search).
_BLOCK = 2_000_000
#: How many scored pairs a search remembers for its later rounds.
_REMEMBERED = 2_000_000
#: Up to how many pairs wanted a search starts from the scores of the strongest entities' pairs.
_SEEDED = 500


@dataclass
class ScoredPairs:
    """The best pairs as entity row indices with their scores, best first."""

    a: np.ndarray
    b: np.ndarray
    score: np.ndarray


def score_pairs(cg: CollaborationGraph, top: int = 20, *, params: LinkParams = LinkParams(),
                cross_sector: bool = True, keep: np.ndarray | None = None) -> ScoredPairs:
    """The ``top`` best pairs of entities that do not work together (cross-sector by default).

    Only pairs that may reach the ``top``-th best score are scored (see :class:`_Items`): on a large
    graph that is a small share of all pairs. Ties are broken by ``a``, then ``b``.

    Parameters
    ----------
    cg
        The collaboration graph.
    top
        How many pairs to return.
    params
        The scorer's constants.
    cross_sector
        Only pairs whose ``cg.sectors`` differ (an empty sector never matches).
    keep
        Optional boolean mask over pairs' first entity *and* second entity: only pairs whose both
        entities are kept (e.g. a goal filter).

    Examples
    --------
    >>> ww = sp.csr_matrix(np.array([[0, 0, 1], [0, 0, 1], [1, 1, 0]]))  # A-C, B-C work together
    >>> cg = CollaborationGraph(["A", "B", "C"], ["A", "B", "C"], ww, sp.csr_matrix((3, 0)), [],
    ...                         np.array(["x", "y", "x"]), np.array([1.0, 1.0, 2.0]))
    >>> pairs = score_pairs(cg)
    >>> [(cg.entities[a], cg.entities[b], round(float(s), 3)) for a, b, s in zip(pairs.a, pairs.b, pairs.score)]
    [('A', 'B', 0.05)]
    """
    parts = ScoreFactors(cg, params)
    kept = np.ones(len(cg.entities), dtype=bool) if keep is None else np.asarray(keep, dtype=bool)
    return ScoredPairs(*_search(parts, _Items(parts, kept), _Allowed(cg, cross_sector, kept), top))


def _search(parts: ScoreFactors, items: _Items, allowed: _Allowed, top: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``top`` best allowed pairs ``(a, b, score)`` that score above ``_FLOOR``, best first.

    Every pair that reaches a threshold is scored; the threshold is lowered from a first guess until
    ``top`` pairs reach it.
    """
    scored = _Scored(parts)
    threshold = max(_first_threshold(items, allowed, scored, top), _FLOOR)
    while True:
        best, least, reaching, unscored = _Best(top), np.zeros(0), 0, 0
        for a, b, lower, upper in items.pairs(threshold):
            ok = allowed(a, b)
            a, b, lower, upper = a[ok], b[ok], lower[ok], upper[ok]
            reach = upper * (1 + _SLACK) >= threshold
            lower[reach] = score = scored(a[reach], b[reach])
            best.add(a[reach], b[reach], score)
            reaching += np.count_nonzero(score >= threshold)
            unscored += np.count_nonzero(~reach)
            least = _largest(np.concatenate([least, lower]), top)
        scored_all = not unscored and items.lists_all(threshold)  # every pair that shares anything
        if threshold <= _FLOOR or reaching >= top or scored_all:
            return best.a, best.b, best.score
        # ``top`` pairs score ``least`` or more: there, the next round is the last; but step down less
        # far when that lists many more pairs
        threshold = max(least[0] * (1 - _SLACK) if len(least) == top else 0.0, items.step_down(threshold), _FLOOR)


def _first_threshold(items: _Items, allowed: _Allowed, scored: _Scored, top: int) -> float:
    """Where a search starts: the ``top``-th best score of the pairs of the entities that could score the
    most, if listing the pairs for it is cheap (then the first round is the last); else the most that
    the ``m``-th of those entities could score, where ``m`` entities make ``top`` pairs (fewer pairs than
    ``top`` can score more)."""
    if top <= _SEEDED:
        strongest = np.sort(items.strongest(_entities_making(4 * top))[0])
        a, b = (strongest[side] for side in np.triu_indices(len(strongest), 1))
        ok = allowed(a, b)
        seed = _largest(scored(a[ok], b[ok]), top)
        if len(seed) == top and seed[0] > _FLOOR and items.affordable(seed[0]):
            return float(seed[0])
    m = _entities_making(top)
    most = items.strongest(m)[1]
    return float(most[-1]) if len(most) == m else 0.0


def _entities_making(pairs: int) -> int:
    """The fewest entities that make ``pairs`` pairs."""
    return int(np.ceil((1 + np.sqrt(1 + 8 * pairs)) / 2))


def _largest(values: np.ndarray, top: int) -> np.ndarray:
    """The ``top`` largest ``values`` (all if fewer), smallest first."""
    return np.sort(values if len(values) <= top else np.partition(values, len(values) - top)[-top:])


class _Best:
    """The ``top`` best pairs seen (by score, then ``a``, then ``b``) that score above ``_FLOOR``."""

    def __init__(self, top: int):
        self.top = top
        self.a, self.b, self.score = np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp), np.zeros(0)

    def add(self, a: np.ndarray, b: np.ndarray, score: np.ndarray) -> None:
        found = score > _FLOOR
        a, b = np.concatenate([self.a, a[found]]), np.concatenate([self.b, b[found]])
        score = np.concatenate([self.score, score[found]])
        order = np.lexsort((b, a, -score))[:self.top]
        self.a, self.b, self.score = a[order], b[order], score[order]


class _Scored:
    """``parts.scores``, remembering the pairs scored so far (the rounds of a search score many again)."""

    def __init__(self, parts: ScoreFactors):
        self.parts, self.n = parts, np.int64(parts.ww.shape[0])
        self.keys, self.scores = np.zeros(0, dtype=np.int64), np.zeros(0)

    def __call__(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        keys = a * self.n + b
        at = np.minimum(np.searchsorted(self.keys, keys), max(len(self.keys) - 1, 0))
        known = self.keys[at] == keys if len(self.keys) else np.zeros(len(keys), dtype=bool)
        out = np.empty(len(keys))
        out[known] = self.scores[at[known]]
        fresh = np.flatnonzero(~known)
        out[fresh] = self.parts.scores(a[fresh], b[fresh])
        if len(self.keys) < _REMEMBERED:
            keys, scores = np.concatenate([self.keys, keys[fresh]]), np.concatenate([self.scores, out[fresh]])
            order = np.argsort(keys, kind="stable")  # merges two sorted runs when the pairs come sorted
            self.keys, self.scores = keys[order], scores[order]
        return out


class _Allowed:
    """Which pairs ``a < b`` may be suggested: not working together, both kept, (cross-sector)."""

    def __init__(self, cg: CollaborationGraph, cross_sector: bool, kept: np.ndarray):
        self.together = sp.csr_matrix(cg.together, copy=True)
        self.together.sum_duplicates()
        self.sectors = cg.sectors if cross_sector else None
        self.kept = kept

    def __call__(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        ok = self.kept[a] & self.kept[b] & ~(_cell_values(self.together, a, b) > 0)
        if self.sectors is not None:
            sa, sb = self.sectors[a], self.sectors[b]
            ok &= (sa != sb) & (sa != "") & (sb != "")
        return ok


class _Items:
    """What pairs can share, per entity heaviest first: partners and interests held by two or more.

    A pair scores only through items both sides hold, so the pairs worth scoring are found by listing,
    for each item, who holds it. Heavy items (held by many) are costly to list and weigh little. For a
    threshold ``t``, each entity leaves unlisted the longest run of its heaviest items that could not
    give it a score of ``t`` with anyone, even shared all together: a pair that shares only items that
    both sides left unlisted scores below ``t`` (prefix filtering, as in Bayardo, Ma and Srikant,
    "Scaling up all-pairs similarity search", WWW 2007). For a listed pair, the listed part of the
    shared weight is summed and the rest bounded, so that most listed pairs need no scoring.
    """

    def __init__(self, parts: ScoreFactors, kept: np.ndarray):
        self.parts = parts
        self.gain = np.abs(parts.gain) * kept
        self.factor = (abs(parts.params.partner_weight), abs(parts.params.interest_weight) * parts.uses_interests)
        partners, partner_weight = _shareable(parts.ww, parts.partner_value, kept, self.factor[0] > 0)
        interests, interest_weight = _shareable(binary(parts.inter), parts.interest_weight, kept, self.factor[1] > 0)
        held = sp.hstack([partners, interests], format="csr")
        heavy_first = np.argsort(-np.diff(held.tocsc().indptr), kind="stable")
        held = held[:, heavy_first].tocsr()
        held.sort_indices()  # each entity's items, heaviest first
        self.held, self.holders = held, held.T.tocsr()
        self.spread = np.diff(self.holders.indptr)[held.indices]  # of each cell: how many hold its item
        self.indptr = held.indptr
        self.row = np.repeat(np.arange(held.shape[0]), np.diff(held.indptr))
        self.col = held.indices
        self.weight = np.concatenate([partner_weight, interest_weight])[heavy_first][self.col]
        self.sides = (heavy_first[self.col] < partners.shape[1], heavy_first[self.col] >= partners.shape[1])
        running = _running_sums(np.column_stack([self.weight * side for side in self.sides]), held.indptr)
        self.bound = self._alone(self.row, running[:, 0], running[:, 1])
        self.total = [self._per_entity(side) for side in self.sides]

    def _per_entity(self, cells: np.ndarray) -> np.ndarray:
        """The weight of each entity's ``cells``."""
        return np.bincount(self.row, weights=self.weight * cells, minlength=len(self.gain))

    def _alone(self, rows: np.ndarray, partners: np.ndarray, interests: np.ndarray) -> np.ndarray:
        """The most that entities ``rows`` could score with anyone through these sums of shared weights."""
        mass = self.parts.mass[rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            dice = np.where(mass + interests > 0, 2.0 * interests / (mass + interests), 0.0)
        return self.gain[rows] * self.gain.max(initial=0.0) * (self.factor[0] * partners + self.factor[1] * dice)

    def strongest(self, count: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``count`` entities that could score the most (fewer if fewer have items), and how much,
        strongest first."""
        entities = np.flatnonzero(np.diff(self.indptr) > 0)
        most = self.bound[self.indptr[entities + 1] - 1]  # an entity's last item: its bound with all items
        order = np.argsort(-most, kind="stable")[:count]
        return entities[order], most[order]

    def affordable(self, threshold: float) -> bool:
        """Whether listing the pairs for ``threshold`` takes at most four cells per item held (or a block)."""
        return self._listing_cost(threshold) <= max(4 * len(self.col), _BLOCK)

    def pairs(self, threshold: float) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """``(a, b, lower, upper)`` by blocks of ``a`` (of bounded size): the pairs ``a < b`` that may
        score ``threshold`` or more, with bounds of their scores. Every pair that scores at least
        ``threshold`` is among them."""
        listed = self._listed(threshold)
        lists = [self._lists(listed & side) for side in self.sides]
        unlisted = [self._per_entity(~listed & side) for side in self.sides]
        for rows in self._blocks(listed):
            yield self._block(rows, lists, unlisted)

    def _lists(self, listed: np.ndarray) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """The listed items of each entity with their weights, and the transpose."""
        lists = sp.csr_matrix((self.weight[listed], (self.row[listed], self.col[listed])), shape=self.held.shape)
        return lists, lists.T.tocsr()

    def step_down(self, threshold: float) -> float:
        """A lower threshold: half this one, or higher where listing pairs takes four times the cells that
        this one takes (a block at least): the rounds of a search cost more and more, and not many."""
        target = 4 * max(self._listing_cost(threshold), _BLOCK / 4)
        low, high = threshold / 2, threshold
        if self._listing_cost(low) < target:
            return low
        for _ in range(10):  # bisect: the cost grows as the threshold falls
            middle = (low + high) / 2
            low, high = (middle, high) if self._listing_cost(middle) >= target else (low, middle)
        return low

    def lists_all(self, threshold: float) -> bool:
        """Whether every entity lists all its items for ``threshold`` (then the pairs of :meth:`pairs` are
        all that share anything)."""
        return bool(self._listed(threshold).all())

    def _listed(self, threshold: float) -> np.ndarray:
        return self.bound * (1 + _SLACK) >= threshold

    def _listing_cost(self, threshold: float) -> float:
        """How many cells listing the pairs for ``threshold`` takes (each listed item times its holders,
        once from each side)."""
        return 2.0 * float(self._listed(threshold) @ self.spread)

    def _blocks(self, listed: np.ndarray) -> Iterator[slice]:
        """Runs of entities whose pairs take up to about ``_BLOCK`` cells to list (an entity at least)."""
        listers = np.bincount(self.col[listed], minlength=self.held.shape[1])
        cost = np.cumsum(self.held @ listers + np.bincount(self.row, weights=self.spread * listed,
                                                           minlength=len(self.gain)))
        ends = np.unique(np.r_[np.searchsorted(cost, np.arange(_BLOCK, cost[-1], _BLOCK) if len(cost) else []),
                               len(cost)])
        return (slice(start, end) for start, end in zip(np.r_[0, ends[:-1]], ends) if end > start)

    def _block(self, rows: slice, lists: list, unlisted: list) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The pairs of :meth:`pairs` whose ``a`` is in ``rows``."""
        forward = [_canonical(mine[rows] @ self.holders) for mine, _ in lists]  # [a, b]: a's listed, b holds
        backward = [_canonical(self.held[rows] @ theirs) for _, theirs in lists]  # [a, b]: b's listed, a holds
        found = sp.triu(sum(forward[1:] + backward, forward[0]), rows.start + 1).tocoo()
        local, b = found.row.astype(np.intp), found.col.astype(np.intp)
        a = local + rows.start
        least, most = [], []
        for ahead, back, rest, total in zip(forward, backward, unlisted, self.total):
            ab, ba = _cell_values(ahead, local, b), _cell_values(back, local, b)
            least.append(np.maximum(ab, ba))
            most.append(np.minimum.reduce([ab + rest[a], ba + rest[b], total[a], total[b]]))
        return a, b, self._lower(a, b, *least), self._score_bound(a, b, *most)

    def _lower(self, a: np.ndarray, b: np.ndarray, partners: np.ndarray, overlap: np.ndarray) -> np.ndarray:
        """At most the scores, given at least these shared weights (zero with negative constants)."""
        params = self.parts.params
        if min(params.partner_weight, params.interest_weight) < 0 or (self.parts.gain < 0).any():
            return np.zeros(len(a))
        if not params.interest_candidates:
            overlap = np.where(partners > 0, overlap, 0.0)
        return self._score_bound(a, b, partners, overlap)

    def _score_bound(self, a: np.ndarray, b: np.ndarray, partners: np.ndarray, overlap: np.ndarray) -> np.ndarray:
        """The score the pairs would have with these shared weights, with the constants' sizes."""
        mass = self.parts.mass[a] + self.parts.mass[b]
        with np.errstate(divide="ignore", invalid="ignore"):
            dice = np.where(mass > 0, 2.0 * overlap / mass, 0.0)
        return self.gain[a] * self.gain[b] * (self.factor[0] * partners + self.factor[1] * dice)


def _shareable(held: sp.csr_matrix, weight: np.ndarray, kept: np.ndarray, use: bool) -> tuple[sp.csr_matrix,
                                                                                               np.ndarray]:
    """The columns of 0/1 ``held`` that two kept rows hold and that weigh something (none unless ``use``),
    with their weights; the rows that are not kept are emptied."""
    held = binary(sp.diags(kept.astype(np.float64)) @ held)
    columns = np.flatnonzero((np.diff(held.tocsc().indptr) > 1) & (weight > 0) & use)
    return held[:, columns].tocsr(), weight[columns]


def _canonical(matrix: sp.spmatrix) -> sp.csr_matrix:
    """``matrix`` as CSR with sorted indices (for look-ups)."""
    matrix = matrix.tocsr()
    matrix.sum_duplicates()
    return matrix


def _cell_values(matrix: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``matrix[rows[i], cols[i]]`` as a flat array."""
    return np.asarray(matrix[rows, cols]).ravel() if len(rows) else np.zeros(0)


def _running_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """Cumulative sums down the rows of ``values``, restarting at each ``indptr`` boundary (CSR rows)."""
    starts, lengths = indptr[:-1], np.diff(indptr)
    out = np.empty_like(values)
    for length in np.unique(lengths[lengths > 0]):
        cells = starts[lengths == length][:, None] + np.arange(length)
        out[cells] = np.cumsum(values[cells], axis=1)
    return out
