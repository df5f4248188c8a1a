"""The score of a pair of entities of a collaboration graph (:mod:`queries.collaboration`).

A pair ``(a, b)`` is scored as::

    score = (interest_weight * interests + partner_weight * partners) * g(activity(a)) * g(activity(b))
    interests = 2 * sum(w(i) for i shared) / (S(a) + S(b))            # weighted Dice
    w(i) = 1 / (df(i) + df_smoothing),  S(a) = sum(w(i) for i of a with df(i) > 1)
    partners  = sum(1 / deg(x) for x working with both a and b)       # resource allocation
    g(n) = n / (n + activity_half)                                    # 1 when activity_half = 0

with the constants of :class:`LinkParams`, where ``deg(x)`` is the number of entities ``x`` works with (a
partner shared by few counts more), ``i`` runs over the entity's interests, ``df(i)`` is the number of
entities holding ``i``, and ``activity`` is the number of contexts. Only rational arithmetic is used,
so ``queries/sparql/missing_links.rq`` and ``queries/cypher/analysis_missing_links.cypher`` compute
the same scores (for units at city scale).

Examples
--------
>>> from queries.collaboration import collaboration_graph
>>> import numpy as np
>>> cg = collaboration_graph(example_graph, "unit")
>>> a, b = cg.entities.index("U-LIIKENNE"), cg.entities.index("U-LIIKUNTA")
>>> float(ScoreFactors(cg, LinkParams()).scores(np.array([a]), np.array([b]))[0]) > 0
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ontologies.errors import UsageError
from queries.collaboration import CollaborationGraph, binary

__all__ = ["LinkParams", "ScoreFactors"]


@dataclass(frozen=True)
class LinkParams:
    """The scorer's constants (see the module docstring).

    The defaults suit a city, where shared goals and themes are the main evidence and a shared
    partner (often a big working group) adds a little. On a large collaboration network the shared
    partners carry the signal and active organisations gain more new partners: ``bench/linkpred.py``
    uses :meth:`collaboration`, tuned on the CORDIS development split. With ``interest_candidates``
    off, pairs without a shared partner are not scored (they are too many in a large network).
    """

    interest_weight: float = 1.0
    partner_weight: float = 0.1
    activity_half: float = 0.0
    df_smoothing: float = 1.0
    interest_candidates: bool = True

    def __post_init__(self) -> None:
        if not self.df_smoothing > -2:  # an interest two entities share must weigh more than nothing
            raise UsageError(f"df_smoothing must be more than -2, not {self.df_smoothing}")

    @classmethod
    def collaboration(cls) -> LinkParams:
        """The constants tuned for a large organisation network (CORDIS H2020, development split).

        >>> LinkParams.collaboration().activity_half
        10.0
        """
        return cls(interest_weight=0.0, partner_weight=1.0, activity_half=10.0, interest_candidates=False)


class ScoreFactors:
    """Precomputed factors of the score of a collaboration graph."""

    def __init__(self, cg: CollaborationGraph, params: LinkParams):
        self.ww = binary(cg.works_with)
        deg = cg.degrees()
        self.deg = deg
        self.partner_value = np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0)
        self.partner_rows = (self.ww @ sp.diags(self.partner_value)).tocsr()
        inter = binary(cg.interests)
        df = np.asarray(inter.sum(axis=0)).ravel()
        weight = 1.0 / (df + params.df_smoothing)
        self.interest_weight = weight
        self.mass = inter @ np.where(df > 1, weight, 0.0)
        self.inter = (inter @ sp.diags(np.sqrt(weight))).tocsr()
        with np.errstate(divide="ignore", invalid="ignore"):
            self.gain = np.where(cg.activity > 0, cg.activity / (cg.activity + params.activity_half), 0.0)
        self.params = params
        self.uses_interests = bool(params.interest_weight and self.inter.shape[1])
        self._lookups: dict[str, _Cells] = {}

    def scores(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The scores of the pairs ``(a[i], b[i])`` with ``a[i] < b[i]`` (see the module docstring).

        Each sum adds its terms in the stored order of ``a``'s row, as the sparse product of ``a``'s
        row with ``b``'s column does, so a pair gets the same bits whichever pairs are scored with it.
        """
        partners = _row_dot(self._cells_of("ww"), self._cells_of("partner_rows"), a, b)
        score = self.params.partner_weight * partners
        if self.uses_interests:
            overlap = _row_dot(self._cells_of("inter"), self._cells_of("inter"), a, b)
            mass = self.mass[a] + self.mass[b]
            with np.errstate(divide="ignore", invalid="ignore"):
                dice = np.where(mass > 0, 2.0 * overlap / mass, 0.0)
            if not self.params.interest_candidates:
                dice = np.where(partners > 0, dice, 0.0)
            score = score + self.params.interest_weight * dice
        return score * self.gain[a] * self.gain[b]

    def _cells_of(self, name: str) -> _Cells:
        if name not in self._lookups:
            self._lookups[name] = _Cells(getattr(self, name))
        return self._lookups[name]


class _Cells:
    """The stored cells of a CSR matrix, found by row and column."""

    def __init__(self, matrix: sp.csr_matrix):
        self.matrix = matrix
        rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))
        keys = rows * matrix.shape[1] + matrix.indices
        self.order = np.argsort(keys, kind="stable")
        self.keys = keys[self.order]

    def find(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The positions in ``matrix.data`` of the cells ``(rows[i], cols[i])``; -1 where none is stored."""
        keys = rows.astype(np.int64) * self.matrix.shape[1] + cols
        if not len(self.keys):
            return np.full(len(keys), -1)
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return np.where(self.keys[at] == keys, self.order[at], -1)


def _expand(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(i, position)`` of every stored cell of each row ``rows[i]``, in stored order."""
    starts, counts = indptr[rows], indptr[rows + 1] - indptr[rows]
    first = np.cumsum(counts) - counts
    return np.repeat(np.arange(len(rows)), counts), np.arange(counts.sum()) + np.repeat(starts - first, counts)


def _row_dot(left: _Cells, right: _Cells, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``left[a[i]] . right[b[i]]`` for each pair, summed in the stored order of ``left``'s row ``a[i]``.

    A pair walks the shorter of its two rows and looks the other up.
    """
    lm, rm = left.matrix, right.matrix
    shorter = np.diff(lm.indptr)[a] <= np.diff(rm.indptr)[b]
    walk_a, walk_b = np.flatnonzero(shorter), np.flatnonzero(~shorter)
    pair_a, pos_a = _expand(lm.indptr, a[walk_a])
    pair_b, pos_b = _expand(rm.indptr, b[walk_b])
    pair_a, pair_b = walk_a[pair_a], walk_b[pair_b]
    pair = np.concatenate([pair_a, pair_b])
    in_left = np.concatenate([pos_a, left.find(a[pair_b], rm.indices[pos_b])])
    in_right = np.concatenate([right.find(b[pair_a], lm.indices[pos_a]), pos_b])
    hit = (in_left >= 0) & (in_right >= 0)
    pair, in_left, in_right = pair[hit], in_left[hit], in_right[hit]
    order = np.lexsort((in_left, pair))
    return np.bincount(pair[order], weights=lm.data[in_left[order]] * rm.data[in_right[order]], minlength=len(a))
