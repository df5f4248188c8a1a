"""Missing cross-sector links: pairs that share goals, themes or partners but do not work together.

Who works together is read from *contexts*: projects (leader and partners), governing bodies and
networks (members, leader), services (involved, responsible) and agreements (parties). Two entities
that share a context already work together and are never suggested. The entities are units, sectors,
stakeholders or projects (``level``); a role counts for the unit (or stakeholder) it is posted in, and
at sector level everything counts for its sector. At project level, projects work together when one
body steers both or one unit leads both, and their partners are the organisations taking part.

A pair ``(a, b)`` from different sectors (for stakeholders: of different kinds) is scored as::

    score = (interest_weight * interests + partner_weight * partners) * g(activity(a)) * g(activity(b))
    interests = 2 * sum(w(i) for i shared) / (S(a) + S(b))            # weighted Dice
    w(i) = 1 / (df(i) + df_smoothing),  S(a) = sum(w(i) for i of a with df(i) > 1)
    partners  = sum(1 / deg(x) for x working with both a and b)       # resource allocation
    g(n) = n / (n + activity_half)                                    # 1 when activity_half = 0

with the constants of :class:`LinkParams`, where ``deg(x)`` is the number of entities ``x`` works with (a partner shared by few counts more),
``i`` runs over the goals and themes of the entity's contexts (and the goals it is responsible for),
``df(i)`` is the number of entities holding ``i``, and ``activity`` is the number of contexts. The
evidence names the shared partners (those that count most first), goals and themes; the broker is
the shared partner with the most joint contexts with the weaker side (ties: the least connected).

Only rational arithmetic is used, so ``queries/sparql/missing_links.rq`` and
``queries/cypher/analysis_missing_links.cypher`` compute the same scores (for units at city scale).
:func:`score_pairs` is the scorer on a plain collaboration graph, used by ``bench/linkpred.py``. It
scores only the pairs that may reach the best scores (found through the partners and interests they
share, rarest first), so its time grows with the graph rather than with the number of pairs.

Examples
--------
>>> from graph_model.store import GraphStore
>>> from ingest.pipeline import ingest
>>> from examples import EXAMPLE_DIR
>>> from queries.projection import load_graph
>>> with GraphStore(None) as store:
...     _ = ingest(EXAMPLE_DIR, store)
...     graph = load_graph(store)
>>> best = missing_links(graph, "unit", top=1)[0]
>>> best.a, best.b, best.broker
('U-LIIKENNE', 'U-LIIKUNTA', 'R-HANKEASIANTUNTIJA')
>>> best.shared["goals"], best.shared["themes"]
(['G10', 'G11.1', 'G7'], ['T-LANDUSE', 'T-MOBILITY', 'T-WELLBEING'])
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np
import scipy.sparse as sp

from ontologies.errors import InputError, UsageError
from queries.projection import GraphData
from queries.related import EMPTY_STORE, unknown_id

__all__ = ["MissingLink", "LinkParams", "CollaborationGraph", "ScoredPairs", "missing_links", "score_pairs",
           "collaboration_graph", "LEVELS"]

LEVELS = ("unit", "sector", "stakeholder", "project")
#: Context type -> the relations whose targets are its members (source = the context).
CONTEXT_RELATIONS = {"Project": ("led_by", "has_partner"), "GoverningBody": ("has_member",),
                     "Network": ("has_member", "led_by"), "Service": ("involves", "responsible"),
                     "Agreement": ("party",)}
#: Relations that give a context (or a goal) its interests.
INTEREST_RELATIONS = ("contributes_to", "has_theme", "advances")
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


@dataclass
class MissingLink:
    """A suggested link: two entities, why (evidence, shared ids) and who could connect them."""

    a: str
    a_label: str
    b: str
    b_label: str
    level: str
    score: float
    evidence: list[str] = field(default_factory=list)
    shared: dict[str, list[str]] = field(default_factory=dict)
    broker: str | None = None
    broker_label: str | None = None

    def as_dict(self) -> dict:
        """The link as a plain dict (for JSON and tables)."""
        return dict(self.__dict__)


@dataclass
class CollaborationGraph:
    """Entities (rows) with the actors they work with, their interests, sectors and activity.

    ``works_with[e, x]`` counts the contexts ``e`` shares with actor ``x``; ``together[e, f] > 0``
    when ``e`` and ``f`` work together (default: ``e`` works with an actor that is ``f``);
    ``actor_degree[x]`` is the number of entities ``x`` works with (default: counted in ``works_with``;
    a :meth:`subset` keeps the whole graph's).
    """

    entities: list[str]
    actors: list[str]
    works_with: sp.csr_matrix
    interests: sp.csr_matrix
    interest_ids: list[str]
    sectors: np.ndarray
    activity: np.ndarray
    together: sp.csr_matrix | None = None
    actor_degree: np.ndarray | None = None

    def subset(self, keep: np.ndarray) -> CollaborationGraph:
        """The same graph with only the entities where ``keep`` is true (actors and degrees unchanged)."""
        rows = np.flatnonzero(keep)
        return CollaborationGraph([self.entities[i] for i in rows], self.actors, self.works_with[rows],
                                  self.interests[rows], self.interest_ids, self.sectors[rows], self.activity[rows],
                                  self.together[rows][:, rows], _degree(self))

    def __post_init__(self) -> None:
        if self.together is None:
            col = {x: i for i, x in enumerate(self.actors)}
            own = [(col[e], i) for i, e in enumerate(self.entities) if e in col]
            pick = sp.csr_matrix((np.ones(len(own)), ([o[0] for o in own], [o[1] for o in own])),
                                 shape=(len(self.actors), len(self.entities)))
            self.together = (self.works_with @ pick).tocsr()


@dataclass
class ScoredPairs:
    """The best pairs as entity row indices with their scores, best first."""

    a: np.ndarray
    b: np.ndarray
    score: np.ndarray


def _degree(cg: CollaborationGraph) -> np.ndarray:
    if cg.actor_degree is not None:
        return cg.actor_degree
    return np.asarray((cg.works_with > 0).sum(axis=0), dtype=np.float64).ravel()


def _binary(matrix: sp.spmatrix) -> sp.csr_matrix:
    out = sp.csr_matrix(matrix, dtype=np.float64, copy=True)
    out.eliminate_zeros()
    out.data[:] = 1.0
    return out


# -- the score of a pair ------------------------------------------------------------------------------
class _Parts:
    """Precomputed factors of the score of a collaboration graph."""

    def __init__(self, cg: CollaborationGraph, params: LinkParams):
        self.ww = _binary(cg.works_with)
        deg = _degree(cg)
        self.deg = deg
        self.partner_value = np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0)
        self.partner_rows = (self.ww @ sp.diags(self.partner_value)).tocsr()
        inter = _binary(cg.interests)
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


# -- the best pairs, without scoring every pair ----------------------------------------------------------
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
    parts = _Parts(cg, params)
    kept = np.ones(len(cg.entities), dtype=bool) if keep is None else np.asarray(keep, dtype=bool)
    return ScoredPairs(*_search(parts, _Items(parts, kept), _Allowed(cg, cross_sector, kept), top))


def _search(parts: _Parts, items: _Items, allowed: _Allowed, top: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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

    def __init__(self, parts: _Parts):
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

    def __init__(self, parts: _Parts, kept: np.ndarray):
        self.parts = parts
        self.gain = np.abs(parts.gain) * kept
        self.factor = (abs(parts.params.partner_weight), abs(parts.params.interest_weight) * parts.uses_interests)
        partners, partner_weight = _shareable(parts.ww, parts.partner_value, kept, self.factor[0] > 0)
        interests, interest_weight = _shareable(_binary(parts.inter), parts.interest_weight, kept, self.factor[1] > 0)
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
    held = _binary(sp.diags(kept.astype(np.float64)) @ held)
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


# -- the city graph as a collaboration graph -----------------------------------------------------------
class _Nodes:
    """The graph's node ids as integer codes (typed nodes first, then other ids as they are met), so that
    each edge is read once, into arrays, rather than into sets of string pairs."""

    def __init__(self, graph: GraphData):
        self.graph = graph
        self.ids = list(graph.types)
        self.code = {x: i for i, x in enumerate(self.ids)}
        self.kinds = sorted(set(graph.types.values()))
        kind_code = {k: i for i, k in enumerate(self.kinds)}
        self.kind = np.fromiter(map(kind_code.__getitem__, graph.types.values()), dtype=np.intp,
                                count=len(self.ids))

    def codes(self, ids: Sequence[str]) -> np.ndarray:
        """The codes of ``ids`` (new codes for ids the graph does not type)."""
        out = np.fromiter(map(self.code.get, ids, repeat(-1)), dtype=np.intp, count=len(ids))
        for at in np.flatnonzero(out < 0):
            out[at] = self.code.setdefault(ids[at], len(self.ids))
            if out[at] == len(self.ids):
                self.ids.append(ids[at])
        return out

    def of_kind(self, codes: np.ndarray, *kinds: str) -> np.ndarray:
        """Which ``codes`` are typed nodes of one of ``kinds``."""
        wanted = np.isin(self.kinds, kinds)
        typed = codes < len(self.kind)
        out = np.zeros(len(codes), dtype=bool)
        out[typed] = wanted[self.kind[codes[typed]]]
        return out

    def edges(self, relation: str, source_kind: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The (source, target) codes of ``relation``'s edges, only from nodes of ``source_kind`` if given."""
        pairs = self.graph.edges.get(relation, ())
        if not pairs:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
        sources, targets = self.codes([s for s, _ in pairs]), self.codes([t for _, t in pairs])
        keep = self.of_kind(sources, source_kind) if source_kind else slice(None)
        return sources[keep], targets[keep]

    def numbered(self, codes: np.ndarray) -> tuple[int, np.ndarray]:
        """How many distinct ``codes`` there are, and for every code its rank among them (-1 for others)."""
        distinct = np.flatnonzero(np.bincount(codes, minlength=len(self.ids)))
        return len(distinct), self._position(distinct)

    def sorted_ids(self, codes: np.ndarray) -> tuple[list[str], np.ndarray]:
        """The distinct ids of ``codes``, sorted, and for every code its position among them (-1 for others)."""
        ranked = sorted(np.flatnonzero(np.bincount(codes, minlength=len(self.ids))), key=self.ids.__getitem__)
        return [self.ids[c] for c in ranked], self._position(np.array(ranked, dtype=np.intp))

    def position(self, ids: list[str]) -> np.ndarray:
        """For every code, its position in ``ids`` (-1 when not there)."""
        return self._position(self.codes(ids))

    def _position(self, codes: np.ndarray) -> np.ndarray:
        out = np.full(len(self.ids), -1)
        out[codes] = np.arange(len(codes))
        return out


def _joined(*edges: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Edge lists ``(sources, targets)`` as one."""
    sources, targets = zip(*edges)
    return np.concatenate(sources), np.concatenate(targets)


def _incidence(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    """The 0/1 matrix with a one at each ``(rows[i], cols[i])`` where both are positions (not -1)."""
    keep = (rows >= 0) & (cols >= 0)
    return _binary(sp.csr_matrix((np.ones(int(keep.sum())), (rows[keep], cols[keep])), shape=shape))


def _matrix(pairs: set[tuple[str, str]], rows: list[str], cols: list[str]) -> sp.csr_matrix:
    r_ix, c_ix = {x: i for i, x in enumerate(rows)}, {x: i for i, x in enumerate(cols)}
    kept = [(r_ix[r], c_ix[c]) for r, c in pairs if r in r_ix and c in c_ix]
    data = np.ones(len(kept))
    return sp.csr_matrix((data, ([k[0] for k in kept], [k[1] for k in kept])), shape=(len(rows), len(cols)))


def _owner(graph: GraphData, level: str):
    post_in = dict(graph.edges.get("post_in", ()))
    own_type = {"unit": "Unit", "stakeholder": "Stakeholder"}.get(level)

    def owner(actor: str) -> str | None:
        kind = graph.types.get(actor)
        if level == "sector":
            return graph.sector_of(actor) if kind in ("Sector", "Unit", "Role") else None
        if kind == own_type:
            return actor
        if kind == "Role" and graph.types.get(post_in.get(actor)) == own_type:
            return post_in[actor]
        return None
    return owner


def _sector_key(graph: GraphData, level: str, entity: str) -> str:
    if level == "stakeholder":
        return graph.props.get(entity, {}).get("stakeholder_kind", "")
    return graph.sector_of(entity) or ""


def _interest_edges(nodes: _Nodes) -> tuple[np.ndarray, np.ndarray]:
    """The (source, goal or theme) codes of the edges that give their source an interest."""
    sources, targets = _joined(*(nodes.edges(r) for r in INTEREST_RELATIONS))
    keep = nodes.of_kind(targets, "Goal", "Theme")
    return sources[keep], targets[keep]


def _organisation_graph(graph: GraphData, level: str) -> CollaborationGraph:
    nodes = _Nodes(graph)
    context, member = _joined(*(nodes.edges(r, kind) for kind, rels in CONTEXT_RELATIONS.items() for r in rels))
    source, interest = _interest_edges(nodes)
    contexts, row = nodes.numbered(context)  # once every edge is read; the order of contexts does not matter
    actors, column = nodes.sorted_ids(member)
    owner = _owner(graph, level)
    entities = graph.ids_of({"unit": "Unit", "sector": "Sector", "stakeholder": "Stakeholder"}[level])
    m = _incidence(row[context], column[member], (contexts, len(actors)))
    owned = _matrix({(x, owner(x)) for x in actors if owner(x)}, actors, entities)
    me = _binary(m @ owned)
    works = me.T @ m
    works = (works - works.multiply(owned.T)).tocsr()  # an entity does not work with itself or its roles
    works.eliminate_zeros()
    responsible = {(owner(x), g) for g, x in graph.edges.get("responsible", ()) if owner(x) and
                   graph.types.get(g) == "Goal"}
    interests = sorted(set(nodes.sorted_ids(interest[row[source] >= 0])[0]) | {g for _, g in responsible})
    held = _incidence(row[source], nodes.position(interests)[interest], (contexts, len(interests)))
    inter = _binary(me.T @ held + _matrix(responsible, entities, interests))
    sectors = np.array([_sector_key(graph, level, e) for e in entities], dtype=object)
    activity = np.asarray(me.sum(axis=0), dtype=np.float64).ravel()
    return CollaborationGraph(entities, actors, works, inter, interests, sectors, activity,
                              (me.T @ me).tocsr())


def _project_graph(graph: GraphData) -> CollaborationGraph:
    nodes = _Nodes(graph)
    projects = graph.ids_of("Project")
    project, actor = _joined(*(nodes.edges(r, "Project") for r in CONTEXT_RELATIONS["Project"]))
    steered, body = _joined(nodes.edges("steered_by"), nodes.edges("led_by"))
    source, interest = _interest_edges(nodes)
    row = nodes.position(projects)  # once every edge is read
    actors, column = nodes.sorted_ids(actor)
    interests, interest_column = nodes.sorted_ids(interest[row[source] >= 0])
    works = _incidence(row[project], column[actor], (len(projects), len(actors)))
    held = _incidence(row[source], interest_column[interest], (len(projects), len(interests)))
    joint = _incidence(row[steered], body, (len(projects), len(nodes.ids)))
    sectors = np.array([graph.sector_of(p) or "" for p in projects], dtype=object)
    activity = np.asarray(works.sum(axis=1), dtype=np.float64).ravel()
    return CollaborationGraph(projects, actors, works, held, interests, sectors, activity, (joint @ joint.T).tocsr())


def collaboration_graph(graph: GraphData, level: str = "unit") -> CollaborationGraph:
    """The entities of ``level`` with whom they work, their interests, sectors and activity.

    Examples
    --------
    >>> g = GraphData(types={"P1": "Project", "U1": "Unit", "U2": "Unit", "S": "Sector"},
    ...               edges={"led_by": [("P1", "U1")], "has_partner": [("P1", "U2")]})
    >>> cg = collaboration_graph(g, "unit")
    >>> cg.entities, cg.actors, cg.works_with.toarray().tolist()
    (['U1', 'U2'], ['U1', 'U2'], [[0.0, 1.0], [1.0, 0.0]])
    """
    if level not in LEVELS:
        raise UsageError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    return _project_graph(graph) if level == "project" else _organisation_graph(graph, level)


# -- suggestions with evidence -------------------------------------------------------------------------
def _filter_mask(graph: GraphData, cg: CollaborationGraph, node: str | None, kind: str) -> np.ndarray | None:
    if node is None:
        return None
    if graph.types.get(node) != kind:
        raise unknown_id(node, graph.ids_of(kind), kind.lower())
    if node not in cg.interest_ids:
        return np.zeros(len(cg.entities), dtype=bool)
    column = cg.interest_ids.index(node)
    return np.asarray(cg.interests[:, column].toarray()).ravel() > 0


def _named(graph: GraphData, ids: list[str], limit: int = 10) -> str:
    named = "; ".join(f"{x} {graph.label(x)}" for x in ids[:limit])
    return named + (f"; and {len(ids) - limit} more" if len(ids) > limit else "")


def _explain(graph: GraphData, cg: CollaborationGraph, parts: _Parts, a: int, b: int, level: str,
             score: float) -> MissingLink:
    both = np.flatnonzero(parts.ww[a].multiply(parts.ww[b]).toarray().ravel())
    partners = sorted(both, key=lambda x: (parts.deg[x], cg.actors[x]))
    shared_i = np.flatnonzero(cg.interests[a].multiply(cg.interests[b]).toarray().ravel())
    by_weight = sorted(shared_i, key=lambda i: (-parts.interest_weight[i], cg.interest_ids[i]))
    goals = [cg.interest_ids[i] for i in by_weight if graph.types.get(cg.interest_ids[i]) == "Goal"]
    themes = [cg.interest_ids[i] for i in by_weight if graph.types.get(cg.interest_ids[i]) == "Theme"]
    evidence = [f"shared {name}: " + _named(graph, ids) for name, ids in (
        ("goals", goals), ("themes", themes), ("partners", [cg.actors[x] for x in partners])) if ids]
    broker = None
    if len(partners):
        strength = cg.works_with[[a, b]][:, partners].toarray().min(axis=0)
        broker = cg.actors[partners[int(np.argmax(strength))]]  # ties: the least connected (sorted above)
    ea, eb = cg.entities[a], cg.entities[b]
    return MissingLink(ea, graph.label(ea), eb, graph.label(eb), level, round(float(score), 6), evidence,
                       {"goals": sorted(goals), "themes": sorted(themes),
                        "partners": sorted(cg.actors[x] for x in partners)},
                       broker, graph.label(broker) if broker else None)


def missing_links(graph: GraphData, level: str = "unit", goal: str | None = None, theme: str | None = None,
                  top: int = 20, params: LinkParams = LinkParams()) -> list[MissingLink]:
    """Ranked pairs of ``level`` entities from different sectors that could work together but do not.

    Parameters
    ----------
    graph
        The store's graph (:func:`queries.projection.load_graph`).
    level
        ``unit``, ``sector``, ``stakeholder`` (sectors are stakeholder kinds) or ``project``.
    goal, theme
        Only pairs that both hold this goal (theme) among their interests.
    top
        How many pairs (at least 1).
    params
        The scorer's constants.

    Returns
    -------
    list of MissingLink
        Best first; empty when no pair qualifies (e.g. a goal that no two entities share).

    Raises
    ------
    InputError
        When the graph is empty.
    NotFoundError
        For an unknown goal or theme id (the message names the closest ids).
    UsageError
        For an unknown level or ``top < 1``.

    Examples
    --------
    >>> missing_links(GraphData())
    Traceback (most recent call last):
    ...
    ontologies.errors.InputError: the store holds no projects; run `stratgraph demo` or `stratgraph ingest`
    """
    if not graph.types:
        raise InputError(EMPTY_STORE)
    if top < 1:
        raise UsageError("--top must be at least 1")
    cg = collaboration_graph(graph, level)
    masks = [m for m in (_filter_mask(graph, cg, goal, "Goal"), _filter_mask(graph, cg, theme, "Theme"))
             if m is not None]
    keep = np.logical_and.reduce(masks) if masks else None
    if not cg.entities:
        return []
    pairs = score_pairs(cg, top, params=params, keep=keep)
    parts = _Parts(cg, params)
    return [_explain(graph, cg, parts, int(a), int(b), level, float(s))
            for a, b, s in zip(pairs.a, pairs.b, pairs.score)]
