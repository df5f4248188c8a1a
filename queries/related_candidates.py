"""Every project's best ``k`` related projects from *candidates*, in time close to linear in the edges.

Used by :meth:`queries.related.RelatedIndex.top_k_all` above :data:`~queries.related.EXACT_ALL_LIMIT`
projects (see :mod:`queries.related` for which pairs are candidates and why the search is exact but
for pairs that share nothing but hubs). A candidate is scored exactly as by
:meth:`~queries.related.RelatedIndex.query`, unless its structure could not reach the ``k``-th best
score even with identical texts.

Examples
--------
>>> _dice(np.array([0.1]), np.array([0.4])).tolist()
[0.5]
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from queries.topk import best_per_row as _best_per_row, run_starts as _run_starts

__all__ = ["CandidateSearch", "informed", "HUB_DF", "HUB_LEADERS"]

#: A neighbour linked to more projects than this is a hub: its pairs are not all candidates.
HUB_DF = 200
#: Candidates from each hub: its projects with the least structure mass.
HUB_LEADERS = 20
_CANDIDATE_ROWS = 4096


class CandidateSearch:
    """Every project's best ``k`` among its candidates (see the module), a block of projects at a time."""

    def __init__(self, index, k: int):
        self.index, self.k = index, k
        structure = index.structure
        hub = np.bincount(structure.indices, minlength=structure.shape[1]) > HUB_DF
        self.rare = structure[:, ~hub].tocsr()
        self.rare_t = self.rare.T.tocsr()
        self.hubs = structure[:, hub].tocsr()
        self.hub_mass = np.asarray(self.hubs.multiply(self.hubs).sum(axis=1)).ravel()
        self.leaders = _hub_leaders(self.hubs, index.mass, HUB_LEADERS)

    def best(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(project, related project, score) of every project's best ``k``, by project, best first.

        The candidates that share something come first. Only a project whose ``k``-th best score is at
        most the text weight could have a project that shares nothing in its top ``k`` (the words
        alone score at most that much), so only those projects look for text neighbours.
        """
        row, col, score = self._best_of(np.arange(len(self.index.ids)))
        wordy = self._low_rows(row, score)
        if len(wordy):
            again = self._best_of(wordy, self.index.text.neighbours(self.k, rows=wordy))
            redone = np.zeros(len(self.index.ids), dtype=bool)
            redone[wordy] = True
            kept = ~redone[row]
            row, col, score = (np.concatenate([a[kept], b]) for a, b in zip((row, col, score), again))
            order = np.argsort(row, kind="stable")
            row, col, score = row[order], col[order], score[order]
        return row, col, score

    def _low_rows(self, row: np.ndarray, score: np.ndarray) -> np.ndarray:
        """The projects with fewer than ``k`` results or a ``k``-th best score of at most the text weight."""
        counts = np.bincount(row, minlength=len(self.index.ids))
        kth = np.full(len(counts), -np.inf)
        full = counts >= self.k
        kth[full] = score[(np.cumsum(counts) - 1)[full]]
        return np.flatnonzero(kth <= self.index.text_weight + 1e-6)

    def _best_of(self, projects: np.ndarray, text_neighbours: np.ndarray | None = None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(project, related, score) of the best ``k`` of each of ``projects`` (sorted), by project."""
        parts = []
        for start in range(0, len(projects), _CANDIDATE_ROWS):
            rows = projects[start:start + _CANDIDATE_ROWS]
            words = None if text_neighbours is None else text_neighbours[start:start + _CANDIDATE_ROWS]
            row, col, score = self._block_best(rows, words)
            parts.append((rows[row], col, score))
        return tuple(np.concatenate(part) for part in zip(*parts))

    def _block_best(self, rows: np.ndarray, text_neighbours: np.ndarray | None
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The best ``k`` of each of ``rows``: (row in the block, project, score), by row, best first.

        Each row's ``k`` best candidates by their rare neighbours, scored in full, give the row a floor
        for its ``k``-th best score. A candidate is then scored in full only if it could reach the
        floor with identical texts: first with the most its hubs could add, then with its structure.
        """
        row, col, rare = self._candidates(rows, text_neighbours)
        mass = self.index.mass[rows[row]] + self.index.mass[col]
        first = _best_per_row(row, col, self._informed(rare, mass), self.k)
        structure = self._structure(rows, row[first], col[first], rare[first], mass[first])
        floor = _floors(len(rows), row[first], self._score(rows, row[first], col[first], structure), self.k)
        hubs_at_most = np.minimum(self.hub_mass[rows[row]], self.hub_mass[col])
        keep = _reachable(self._informed(rare + hubs_at_most, mass), floor[row], self.index.text_weight)
        row, col, rare, mass = row[keep], col[keep], rare[keep], mass[keep]
        structure = self._structure(rows, row, col, rare, mass)
        keep = _reachable(structure, floor[row], self.index.text_weight)
        row, col = row[keep], col[keep]
        score = self._score(rows, row, col, structure[keep])
        top = _best_per_row(row, col, score, self.k)
        top = top[score[top] > 1e-9]
        return row[top], col[top], score[top]

    def _informed(self, overlap: np.ndarray, mass: np.ndarray) -> np.ndarray:
        return informed(overlap, mass, self.index.info_mass)

    def _structure(self, rows: np.ndarray, row: np.ndarray, col: np.ndarray, rare: np.ndarray,
                   mass: np.ndarray) -> np.ndarray:
        """The structural score of pairs whose overlap in rare neighbours and mass are known."""
        return self._informed(rare + _pair_overlap(self.hubs, rows, row, col), mass)

    def _score(self, rows: np.ndarray, row: np.ndarray, col: np.ndarray, structure: np.ndarray) -> np.ndarray:
        """The full score of pairs (as in :meth:`RelatedIndex.query`) whose structural score is known."""
        weight = self.index.text_weight
        return (1 - weight) * structure + weight * self.index.text.pair_similarities(rows[row], col)

    def _candidates(self, rows: np.ndarray, text_neighbours: np.ndarray | None
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Candidate pairs of ``rows`` (row in the block, project) with their overlap in rare neighbours."""
        rare = (self.rare[rows] @ self.rare_t).tocoo()
        hub = ((self.hubs[rows] != 0).astype(np.float64) @ self.leaders).tocoo()
        found = np.zeros((len(rows), 0), dtype=np.int64) if text_neighbours is None else text_neighbours
        text_row = np.repeat(np.arange(len(rows)), found.shape[1])[found.ravel() >= 0]
        text_col = found.ravel()[found.ravel() >= 0]
        data = np.concatenate([rare.data, np.zeros(hub.nnz + len(text_col))])
        pairs = sp.csr_matrix((data, (np.concatenate([rare.row, hub.row, text_row]),
                                      np.concatenate([rare.col, hub.col, text_col]))),
                              shape=(len(rows), len(self.index.ids)))
        pairs.sum_duplicates()  # sorted by row and column; keeps the explicit zeros of hub and text pairs
        row = np.repeat(np.arange(len(rows)), np.diff(pairs.indptr))
        other = pairs.indices != rows[row]
        return row[other], pairs.indices[other], pairs.data[other]


def _dice(overlap: np.ndarray, mass: np.ndarray) -> np.ndarray:
    """The structural score ``2 overlap / mass`` (0 without mass).

    >>> _dice(np.array([0.1, 0.0]), np.array([0.4, 0.0])).tolist()
    [0.5, 0.0]
    """
    return np.divide(2.0 * overlap, mass, out=np.zeros_like(mass), where=mass > 0)


def _reachable(structure: np.ndarray, floor: np.ndarray, text_weight: float) -> np.ndarray:
    """Whether a pair of this structure could score at least ``floor`` with identical texts."""
    return (1 - text_weight) * structure + text_weight >= floor - 1e-6


def informed(overlap: np.ndarray, mass: np.ndarray, info_mass: float) -> np.ndarray:
    """The structural score of pairs: Dice ``2 overlap / mass`` times ``overlap / (overlap + info_mass)``.

    The second factor makes a pair that shares only common neighbours (a fund of half the projects,
    an organisation leading hundreds) count little even when that is all the two have. Both factors
    grow with the overlap, so a bound on the overlap bounds the score.

    >>> informed(np.array([0.1, 0.1, 0.0]), np.array([0.2, 0.2, 0.0]), 0.0).tolist()
    [1.0, 1.0, 0.0]
    >>> [round(x, 3) for x in informed(np.array([0.1, 0.001]), np.array([0.2, 0.002]), 0.01).tolist()]
    [0.909, 0.091]
    """
    dice = _dice(overlap, mass)
    if info_mass <= 0:
        return dice
    return dice * overlap / (overlap + info_mass)


def _floors(n_rows: int, row: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Per row, the least of its ``k`` scores (``-inf`` for rows with fewer); ``row`` sorted.

    >>> _floors(3, np.array([0, 0, 2]), np.array([0.5, 0.2, 0.9]), 2).tolist()
    [0.2, -inf, -inf]
    """
    floor = np.full(n_rows, -np.inf)
    starts = _run_starts(row)
    full = np.diff(np.r_[starts, len(row)]) == k
    if len(starts):
        floor[row[starts[full]]] = np.minimum.reduceat(score, starts)[full]
    return floor


def _hub_leaders(hubs: sp.csr_matrix, mass: np.ndarray, count: int) -> sp.csr_matrix:
    """Hubs x projects: each hub's ``count`` projects of least mass (ties by position).

    >>> hubs = sp.csr_matrix(np.ones((3, 1)))
    >>> _hub_leaders(hubs, np.array([0.3, 0.1, 0.2]), count=2).toarray().tolist()
    [[0.0, 1.0, 1.0]]
    """
    members = hubs.T.tocsr()
    members.sort_indices()
    hub_of = np.repeat(np.arange(members.shape[0]), np.diff(members.indptr))
    least = -mass[members.indices] / max(float(mass.max()), 1e-300)
    chosen = _best_per_row(hub_of, members.indices, least, count)
    return sp.csr_matrix((np.ones(len(chosen)), (hub_of[chosen], members.indices[chosen])), shape=members.shape)


def _pair_overlap(matrix: sp.csr_matrix, rows: np.ndarray, row: np.ndarray, col: np.ndarray) -> np.ndarray:
    """``matrix[rows[row[i]]] . matrix[col[i]]`` for every pair ``i`` (a few columns per row).

    >>> m = sp.csr_matrix(np.array([[1.0, 2.0], [3.0, 0.0], [0.0, 4.0]]))
    >>> _pair_overlap(m, np.array([0]), np.array([0, 0]), np.array([1, 2])).tolist()
    [3.0, 8.0]
    """
    block = matrix[rows].toarray()
    counts = np.diff(matrix.indptr)[col]
    pair = np.repeat(np.arange(len(col)), counts)
    at = np.repeat(matrix.indptr[col] - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
    values = block[row[pair], matrix.indices[at]] * matrix.data[at]
    return np.bincount(pair, weights=values, minlength=len(col))
