"""Related projects: for a project or a free-text idea, the projects that work on the same things.

The score of a candidate ``q`` for a project ``p`` adds two parts:

- **structure** (weight ``1 - TEXT_WEIGHT``): a weighted Dice overlap of the projects' goals, themes,
  partners (the leading unit and the partners) and funding sources. A shared neighbour ``t`` counts
  ``w(t) = alpha_f / (df(t) + DF_SMOOTHING)``, where ``df(t)`` is the number of projects linked to
  ``t`` and ``alpha_f`` the weight of its facet (:data:`FACET_WEIGHTS`: goals and themes 1, partners
  0.5, funding 0.25), so rare shared neighbours count more than common ones::

      structure(p, q) = 2 * sum(w(t) for t shared) / (S(p) + S(q))
      S(p) = sum(w(t) for t of p with df(t) > 1)

  (a neighbour no other project has can never be shared, so it does not dilute ``S``). The same
  number is computed by ``queries/sparql/related_projects.rq`` and
  ``queries/cypher/analysis_related_projects.cypher``; SPARQL has no logarithm or square root, hence
  a rational rarity weight and Dice rather than log-IDF and cosine.
- **words** (weight ``TEXT_WEIGHT`` = 0.1): the cosine of the projects' character n-gram TF-IDF
  vectors (labels and descriptions in every language; see :mod:`queries.text_similarity`). It breaks
  ties and finds projects that share nothing but wording; a larger weight let generic wording
  ("companies", "development") outrank shared goals in the example city.

A free-text idea has no structure, so its score is the text similarity alone.

:meth:`RelatedIndex.build` does the work once (sparse incidence matrices and text vectors); one
:meth:`RelatedIndex.query` is then a sparse row product and a vector product (a few ms at 20,000
projects).

:meth:`RelatedIndex.top_k_all` gives every project its best ``k``. Up to :data:`EXACT_ALL_LIMIT`
projects it scores every pair. Above, that would grow with the square of the projects, so it scores
only *candidates*, in time close to linear in the edges:

- every pair that shares a neighbour linked to at most :data:`HUB_DF` projects (a sparse product
  over those neighbours: goals, most partners, rare themes);
- for each *hub* (a neighbour linked to more projects, such as a national funding programme), its
  :data:`HUB_LEADERS` projects of least mass ``S``, which the hub alone relates most strongly to any
  of its projects (``2 w / (S(p) + S(q))`` grows as ``S(q)`` shrinks);
- for a project whose ``k``-th best candidate scores at most ``TEXT_WEIGHT`` (the most that words
  alone can score), its ``k`` most similar texts (see
  :meth:`queries.text_similarity.TextIndex.neighbours`). Elsewhere no pair that shares nothing can
  reach the top ``k``.

Candidates are scored exactly as by :meth:`~RelatedIndex.query`, except those whose structure could
not reach the ``k``-th best score even with identical texts. A pair is missed only when it shares
nothing but hubs and leads none of them, or (beyond a few thousand text searches) when the approximate
text search misses it: on the synthetic region (20,000 projects) 99.96% of the exact top 10 is found,
on the nation (200,000) 99.9% of a sample of 500 projects.

Examples
--------
>>> from graph_model.store import GraphStore
>>> from ingest.pipeline import ingest
>>> from examples import EXAMPLE_DIR
>>> from queries.projection import load_graph
>>> with GraphStore(None) as store:
...     _ = ingest(EXAMPLE_DIR, store)
...     index = RelatedIndex.build(load_graph(store))
>>> best = index.query("P-KIERTO", top=3)
>>> [r.id for r in best]
['P-KIERTORAK', 'P-KOULUKIERTO', 'P-RUOKAHAVIKKI']
>>> best[1].shared["goals"], best[1].reasons[0]
(['G11', 'G11.2'], 'shared themes: T-CIRCULAR Kiertotalous; T-SUST Kestävä kehitys')
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from graph_model.schema_types import ProjectStatus
from graph_model.store import GraphStore
from ontologies.errors import InputError, NotFoundError, UsageError
from queries.projection import GraphData, load_graph
from queries.text_similarity import TextIndex, shared_words

__all__ = ["RelatedProject", "RelatedIndex", "related_projects", "FACETS", "FACET_WEIGHTS", "TEXT_WEIGHT",
           "EMPTY_STORE", "EXACT_ALL_LIMIT", "HUB_DF", "HUB_LEADERS", "unknown_id",
           "project_text"]

#: Facet -> the project relations whose targets form it.
FACETS: dict[str, tuple[str, ...]] = {
    "goals": ("contributes_to",), "themes": ("has_theme",), "partners": ("led_by", "has_partner"),
    "funding": ("funded_by",)}
#: How much a shared neighbour of each facet counts (before the ``1/df`` rarity weight).
FACET_WEIGHTS: dict[str, float] = {"goals": 1.0, "themes": 1.0, "partners": 0.5, "funding": 0.25}
#: The share of text similarity in the score of a project query.
TEXT_WEIGHT = 0.1
#: Added to a neighbour's project count before dividing, so that the rarity weight is not too steep.
DF_SMOOTHING = 5.0
EMPTY_STORE = "the store holds no projects; run `stratgraph demo` or `stratgraph ingest`"
#: Up to this many projects, :meth:`RelatedIndex.top_k_all` scores every pair (exact); above, candidates.
EXACT_ALL_LIMIT = 5_000
#: A neighbour linked to more projects than this is a hub: its pairs are not all candidates.
HUB_DF = 200
#: Candidates from each hub: its projects with the least structure mass.
HUB_LEADERS = 20
_CHUNK = 512
_BLOCK_CELLS = 20_000_000
_CANDIDATE_ROWS = 4096


@dataclass
class RelatedProject:
    """One related project: its score and why (``shared`` holds ids, ``reasons`` readable sentences)."""

    id: str
    label: str
    sector: str | None
    status: str | None
    score: float
    reasons: list[str] = field(default_factory=list)
    shared: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """The result as a plain dict (for JSON and tables)."""
        return dict(self.__dict__)


def unknown_id(ident: str, known: list[str], what: str = "project") -> NotFoundError:
    """A NotFoundError naming the closest known ids.

    >>> str(unknown_id("P-HNRR", ["P-HNR", "P-NEB"]))
    "no project 'P-HNRR'; closest ids: P-HNR, P-NEB"
    """
    pool = known if len(known) <= 20_000 else [k for k in known if k[:2].lower() == ident[:2].lower()]
    close = difflib.get_close_matches(ident, pool, n=3, cutoff=0.5)
    if not close:
        close = difflib.get_close_matches(ident.upper(), pool, n=3, cutoff=0.3)
    hint = f"; closest ids: {', '.join(close)}" if close else ""
    return NotFoundError(f"no {what} {ident!r}{hint}")


def project_text(graph: GraphData, ident: str) -> str:
    """A project's labels and descriptions in every language, as one text.

    >>> project_text(GraphData(labels={"P": {"fi": "Ilmasto", "en": "Climate"}}), "P").split()
    ['Ilmasto', 'Climate']
    """
    parts = list(graph.labels.get(ident, {}).values()) + list(graph.descriptions.get(ident, {}).values())
    return "\n".join(parts)


def _facet_matrix(graph: GraphData, facet: str, rows: list[str]) -> tuple[sp.csr_matrix, list[str]]:
    row = {p: i for i, p in enumerate(rows)}
    links = {(s, o) for r in FACETS[facet] for s, o in graph.edges.get(r, ()) if s in row}
    targets = sorted({t for _, t in links})
    col = {t: i for i, t in enumerate(targets)}
    pairs = {(row[s], col[t]) for s, t in links}
    r = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
    c = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=len(pairs))
    data = np.ones(len(pairs), dtype=np.float64)
    return sp.csr_matrix((data, (r, c)), shape=(len(rows), len(targets))), targets


class RelatedIndex:
    """Projects as weighted incidence rows and text vectors, built once for many queries.

    Use :meth:`build`; the attributes are read-only by convention.
    """

    def __init__(self, graph: GraphData, ids: list[str]):
        self.graph = graph
        self.ids = ids
        self.row = {p: i for i, p in enumerate(ids)}
        self.sectors = np.array([graph.sector_of(p) or "" for p in ids], dtype=object)
        self.statuses = np.array([graph.props.get(p, {}).get("status", "") for p in ids], dtype=object)
        self.columns: list[tuple[str, str]] = []
        self.structure = sp.csr_matrix((len(ids), 0))
        self.structure_t = sp.csr_matrix((0, len(ids)))
        self.mass = np.zeros(len(ids))
        self.texts: list[str] = []
        self.text = TextIndex(ids)

    @classmethod
    def build(cls, graph: GraphData) -> RelatedIndex:
        """Index every project of ``graph``.

        Raises
        ------
        InputError
            When the graph holds no project.

        Examples
        --------
        >>> from queries.projection import GraphData
        >>> RelatedIndex.build(GraphData())
        Traceback (most recent call last):
        ...
        ontologies.errors.InputError: the store holds no projects; run `stratgraph demo` or `stratgraph ingest`
        """
        ids = graph.ids_of("Project")
        if not ids:
            raise InputError(EMPTY_STORE)
        index = cls(graph, ids)
        blocks = []
        for facet, alpha in FACET_WEIGHTS.items():
            matrix, targets = _facet_matrix(graph, facet, ids)
            df = np.asarray(matrix.sum(axis=0)).ravel()
            weight = np.where(df > 0, alpha / (df + DF_SMOOTHING), 0.0)
            index.mass += matrix @ np.where(df > 1, weight, 0.0)
            blocks.append(matrix @ sp.diags(np.sqrt(weight)))
            index.columns += [(facet, t) for t in targets]
        index.structure = sp.hstack(blocks, format="csr") if blocks else index.structure
        index.structure_t = index.structure.T.tocsr()
        index.texts = [project_text(graph, p) for p in ids]
        index.text = TextIndex.build(ids, index.texts)
        return index

    # -- scores ------------------------------------------------------------------------------------------
    def _structure_rows(self, rows: slice | list[int]) -> np.ndarray:
        overlap = (self.structure[rows] @ self.structure_t).toarray()
        mass = self.mass[rows][:, None] + self.mass[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(mass > 0, 2.0 * overlap / mass, 0.0)

    def structural(self, project_id: str) -> dict[str, float]:
        """The structural score (weighted Dice, see the module) of every project that shares something.

        This is the part of the score that the SPARQL and Cypher versions compute too.

        Examples
        --------
        >>> from queries.projection import GraphData
        >>> g = GraphData(types={"P1": "Project", "P2": "Project", "G": "Goal"},
        ...               edges={"contributes_to": [("P1", "G"), ("P2", "G")]})
        >>> {p: round(score, 9) for p, score in RelatedIndex.build(g).structural("P1").items()}
        {'P2': 1.0}
        """
        row = self._row_of(project_id)
        scores = self._structure_rows([row])[0]
        scores[row] = 0.0
        return {self.ids[i]: float(scores[i]) for i in np.flatnonzero(scores > 1e-12)}

    def _row_of(self, project_id: str) -> int:
        if project_id not in self.row:
            raise unknown_id(project_id, self.ids)
        return self.row[project_id]

    def _mask(self, own: int | None, other_sectors: bool, status: str | None) -> np.ndarray:
        keep = np.ones(len(self.ids), dtype=bool)
        if own is not None:
            keep[own] = False
            if other_sectors:
                keep &= self.sectors != self.sectors[own]
        if status is not None:
            keep &= self.statuses == status
        return keep

    # -- queries -----------------------------------------------------------------------------------------
    def query(self, project_id: str | None = None, text: str | None = None, *, other_sectors: bool = False,
              status: str | None = None, top: int = 10) -> list[RelatedProject]:
        """The ``top`` projects most related to ``project_id`` or to the free ``text``, best first.

        Parameters
        ----------
        project_id, text
            Exactly one of them: a project's id, or a free-text idea (any of fi, sv, en).
        other_sectors
            Only projects led from another sector than the project's own (not with ``text``).
        status
            Only projects with this status (idea, planned, ongoing, completed, cancelled).
        top
            How many to return (at least 1).

        Returns
        -------
        list of RelatedProject
            Only projects that share something (score > 0); ties broken by id.

        Raises
        ------
        NotFoundError
            For an unknown project id (the message names the closest ids).
        InputError
            For a text without words.
        UsageError
            For both or neither of ``project_id`` and ``text``, ``other_sectors`` with ``text``, an
            unknown status or ``top < 1``.

        Examples
        --------
        >>> from queries.projection import GraphData
        >>> g = GraphData(types={"P1": "Project", "P2": "Project"},
        ...               labels={"P1": {"fi": "Ilmastotyö"}, "P2": {"fi": "Ilmaston muutos"}})
        >>> [(r.id, r.reasons) for r in RelatedIndex.build(g).query(text="ilmastoviisas")]
        [('P1', ['similar words: ilmastotyö']), ('P2', ['similar words: ilmaston'])]
        """
        self._check_options(project_id, text, other_sectors, status, top)
        if text is not None:
            scores = self.text.similarities(text=text).astype(np.float64)
            own = None
        else:
            own = self._row_of(project_id)
            scores = (1 - TEXT_WEIGHT) * self._structure_rows([own])[0]
            scores += TEXT_WEIGHT * self.text.similarities(row=own)
        scores = np.where(self._mask(own, other_sectors, status), scores, 0.0)
        best = _top_indices(scores, top)
        return [self._result(own, text, int(i), float(scores[i])) for i in best]

    def _check_options(self, project_id, text, other_sectors, status, top) -> None:
        if (project_id is None) == (text is None):
            raise UsageError("give a project id or --text, not both and not neither")
        if other_sectors and text is not None:
            raise UsageError("--other-sectors needs a project id (a free-text idea has no sector)")
        if status is not None and status not in {s.value for s in ProjectStatus}:
            raise UsageError(f"unknown status {status!r}; use one of {', '.join(s.value for s in ProjectStatus)}")
        if top < 1:
            raise UsageError("--top must be at least 1")

    def top_k_all(self, k: int = 10, *, exact: bool | None = None) -> dict[str, list[tuple[str, float]]]:
        """Every project's ``k`` most related projects with their scores (the same score as :meth:`query`).

        Parameters
        ----------
        k
            How many per project (only projects that share something: score > 0).
        exact
            Score every pair (time grows with the square of the projects), or only candidates (close to
            linear in the edges; see the module). By default exact up to :data:`EXACT_ALL_LIMIT` projects.

        Examples
        --------
        >>> from queries.projection import GraphData
        >>> g = GraphData(types={"P1": "Project", "P2": "Project", "P3": "Project", "G": "Goal"},
        ...               edges={"contributes_to": [("P1", "G"), ("P2", "G")]})
        >>> RelatedIndex.build(g).top_k_all(2)
        {'P1': [('P2', 0.9)], 'P2': [('P1', 0.9)], 'P3': []}
        >>> RelatedIndex.build(g).top_k_all(2, exact=False)
        {'P1': [('P2', 0.9)], 'P2': [('P1', 0.9)], 'P3': []}
        """
        if exact is None:
            exact = len(self.ids) <= EXACT_ALL_LIMIT
        row, col, score = self._all_pairs_best(k) if exact else _CandidateSearch(self, k).best()
        pairs = list(zip([self.ids[c] for c in col.tolist()], [round(v, 6) for v in score.tolist()]))
        ends = np.cumsum(np.bincount(row, minlength=len(self.ids))).tolist()
        return {p: pairs[start:end] for p, start, end in zip(self.ids, [0] + ends, ends)}

    def _all_pairs_best(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(project, related project, score) of every project's best ``k``, by project, best first."""
        rows: list[int] = []
        cols: list[int] = []
        scores: list[float] = []
        chunk = max(1, min(_CHUNK, _BLOCK_CELLS // len(self.ids)))  # a block of ~20 M scores at a time
        for start in range(0, len(self.ids), chunk):
            block_rows = slice(start, min(start + chunk, len(self.ids)))
            block = (1 - TEXT_WEIGHT) * self._structure_rows(block_rows) + TEXT_WEIGHT * self.text.block(block_rows)
            for row, row_scores in enumerate(block, start):
                row_scores[row] = 0.0
                best = _top_indices(row_scores, k)
                rows += [row] * len(best)
                cols += best
                scores += row_scores[best].tolist()
        return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64), np.asarray(scores)

    # -- explanations ------------------------------------------------------------------------------------
    def _result(self, own: int | None, text: str | None, i: int, score: float) -> RelatedProject:
        graph, pid = self.graph, self.ids[i]
        shared: dict[str, list[str]] = {f: [] for f in FACETS}
        weights: dict[str, float] = {}
        if own is not None:
            both = self.structure[own].multiply(self.structure[i]).tocoo()
            for col, value in sorted(zip(both.col, both.data), key=lambda cv: self.columns[cv[0]]):
                facet, target = self.columns[col]
                shared[facet].append(target)
                weights[facet] = weights.get(facet, 0.0) + value
        shared["words"] = shared_words(text if text is not None else self.texts[own], self.texts[i],
                                       index=self.text)
        if shared["words"]:
            weights["words"] = -1.0  # words come last: they support, the structure explains
        reasons = [self._reason(f, shared[f]) for f in sorted(weights, key=lambda f: -weights[f])]
        return RelatedProject(pid, graph.label(pid), graph.sector_of(pid), graph.props.get(pid, {}).get("status"),
                              round(score, 6), reasons, shared)

    def _reason(self, facet: str, ids: list[str]) -> str:
        if facet == "words":
            return "similar words: " + ", ".join(ids)
        return f"shared {facet}: " + "; ".join(f"{t} {self.graph.label(t)}".strip() for t in ids)


class _CandidateSearch:
    """Every project's best ``k`` among its candidates (see the module), a block of projects at a time."""

    def __init__(self, index: RelatedIndex, k: int):
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
        most :data:`TEXT_WEIGHT` could have a project that shares nothing in its top ``k`` (the words
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
        """The projects with fewer than ``k`` results or a ``k``-th best score of at most TEXT_WEIGHT."""
        counts = np.bincount(row, minlength=len(self.index.ids))
        kth = np.full(len(counts), -np.inf)
        full = counts >= self.k
        kth[full] = score[(np.cumsum(counts) - 1)[full]]
        return np.flatnonzero(kth <= TEXT_WEIGHT + 1e-6)

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
        first = _best_per_row(row, col, _dice(rare, mass), self.k)
        structure = self._structure(rows, row[first], col[first], rare[first], mass[first])
        floor = _floors(len(rows), row[first], self._score(rows, row[first], col[first], structure), self.k)
        hubs_at_most = np.minimum(self.hub_mass[rows[row]], self.hub_mass[col])
        keep = _reachable(_dice(rare + hubs_at_most, mass), floor[row])
        row, col, rare, mass = row[keep], col[keep], rare[keep], mass[keep]
        structure = self._structure(rows, row, col, rare, mass)
        keep = _reachable(structure, floor[row])
        row, col = row[keep], col[keep]
        score = self._score(rows, row, col, structure[keep])
        top = _best_per_row(row, col, score, self.k)
        top = top[score[top] > 1e-9]
        return row[top], col[top], score[top]

    def _structure(self, rows: np.ndarray, row: np.ndarray, col: np.ndarray, rare: np.ndarray,
                   mass: np.ndarray) -> np.ndarray:
        """The structural score of pairs whose overlap in rare neighbours and mass are known."""
        return _dice(rare + _pair_overlap(self.hubs, rows, row, col), mass)

    def _score(self, rows: np.ndarray, row: np.ndarray, col: np.ndarray, structure: np.ndarray) -> np.ndarray:
        """The full score of pairs (as in :meth:`RelatedIndex.query`) whose structural score is known."""
        return (1 - TEXT_WEIGHT) * structure + TEXT_WEIGHT * self.index.text.pair_similarities(rows[row], col)

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


def _reachable(structure: np.ndarray, floor: np.ndarray) -> np.ndarray:
    """Whether a pair of this structure could score at least ``floor`` with identical texts."""
    return (1 - TEXT_WEIGHT) * structure + TEXT_WEIGHT >= floor - 1e-6


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


def _best_per_row(row: np.ndarray, col: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Positions of each row's ``k`` highest scores, by row, best first, ties by column.

    The pairs must come sorted by row, then column, with scores in [-1, 1]: one stable sort of
    ``3 row - score`` then orders them by row, score and column (five times faster than a lexsort).

    >>> _best_per_row(np.array([0, 0, 0, 1]), np.array([1, 2, 3, 5]), np.array([0.5, 0.9, 0.5, 0.1]), 2).tolist()
    [1, 0, 3]
    """
    order = np.argsort(3.0 * row - score, kind="stable")
    starts = _run_starts(row[order])
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return order[rank < k]


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values starts in the (sorted) integers ``values``.

    >>> _run_starts(np.array([0, 0, 2, 2, 2, 5])).tolist()
    [0, 2, 5]
    """
    return np.flatnonzero(np.diff(values, prepend=values[:1] - 1))


def _top_indices(scores: np.ndarray, top: int) -> list[int]:
    """Indices of the ``top`` highest positive scores, best first, ties by position (= id order).

    >>> _top_indices(np.array([0.5, 0.0, 0.9, 0.5, 0.5]), 3)
    [2, 0, 3]
    """
    if len(scores) > top:
        cut = max(float(np.partition(scores, len(scores) - top)[len(scores) - top]), 1e-9)
    else:
        cut = 1e-9
    above = np.flatnonzero(scores > cut)
    ties = np.flatnonzero(scores == cut)[: max(0, top - len(above))] if cut > 1e-9 else np.array([], dtype=int)
    chosen = np.concatenate([above, ties])
    order = np.lexsort((chosen, -scores[chosen]))
    return [int(i) for i in chosen[order][:top]]


def related_projects(store: GraphStore, project_id: str | None = None, text: str | None = None,
                     **options) -> list[RelatedProject]:
    """Related projects straight from a store (builds a :class:`RelatedIndex`; options as in ``query``).

    Examples
    --------
    >>> from graph_model.store import GraphStore
    >>> with GraphStore(None) as store:
    ...     related_projects(store, "P-1")
    Traceback (most recent call last):
    ...
    ontologies.errors.InputError: the store holds no projects; run `stratgraph demo` or `stratgraph ingest`
    """
    return RelatedIndex.build(load_graph(store)).query(project_id, text, **options)
