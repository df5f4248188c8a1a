"""The learned ranker of ``bench/linkpred.py --learned``: logistic regression over named pair features.

It is measured beside our formula (:mod:`queries.link_score`) and is not ``links``' scorer: on the
development splits it did not beat the formula (see ``bench/linkpred.py``), so it lives here.

The store's dated projects are split in time: the graph of the projects that start up to an *inner cut*
gives the features, and the pairs that first work together in the projects starting after it (up to
the latest start date, never later) are the labels. The model therefore learns only from what the store
already holds; applied to the whole store, it ranks the pairs that may work together next. Among the
entities active on both sides of the inner cut (as in ``bench/linkpred.py``'s protocol), every pair that
shares a partner is an example.

Every feature has a name (:data:`FEATURES`, and one ``kinds A+B`` indicator per pair of sectors), and a
suggestion's evidence lists each feature with its contribution to the score (coefficient times the
standardised value), so a learned suggestion is as explainable as one of the formula
(:mod:`queries.link_score`). Only pairs that share a partner are scored: that is the evidence a
suggestion must have. :func:`fit_link_model` returns ``None`` when the store is too small to learn
from (too few dated projects or new pairs); the bench then ranks with the formula and says so.

The fitted weights are printed with the bench's figures, so what the model learnt can be read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from graph_model.schema_types import NodeType
from queries.collaboration import CollaborationGraph, binary, collaboration_graph
from queries.projection import GraphData

__all__ = ["FEATURES", "LinkModel", "PairFeatures", "fit_link_model", "pair_features", "learned_ranking"]

#: The named numeric features of a pair ``(a, b)``; ``low``/``high`` are the smaller/larger of the two sides.
FEATURES = ("common partners", "Adamic-Adar", "resource allocation", "shared programmes",
            "activity low", "activity high", "recent activity low", "recent activity high",
            "partners low", "partners high")
#: Fewer new pairs than this after the inner cut: too little to learn from.
MIN_POSITIVES = 30
#: The share of dated projects (the latest) whose new pairs are the labels.
LABEL_SHARE = 1 / 3
#: Recent activity: contexts starting in the last this many days before the cut.
RECENT_DAYS = 365
#: At most this many examples without a new link are kept (a fixed sample); positives are all kept.
MAX_NEGATIVES = 300_000


def dated_projects(graph: GraphData) -> dict[str, dt.date]:
    """The projects with a readable ``start_date``, and that date.

    >>> dated_projects(GraphData(types={"P": "Project"}, props={"P": {"start_date": "2015-03-01"}}))
    {'P': datetime.date(2015, 3, 1)}
    """
    out = {}
    for p in graph.ids_of(NodeType.PROJECT):
        try:
            out[p] = dt.date.fromisoformat(graph.props.get(p, {}).get("start_date", "")[:10])
        except ValueError:
            continue
    return out


def up_to(graph: GraphData, dates: dict[str, dt.date], cut: dt.date, since: dt.date | None = None) -> GraphData:
    """``graph`` without the dated projects starting after ``cut`` (or before ``since``) and their edges.

    >>> g = GraphData(types={"P": "Project", "U": "Unit"}, edges={"led_by": [("P", "U")]})
    >>> up_to(g, {"P": dt.date(2016, 1, 1)}, dt.date(2015, 12, 31)).edges["led_by"]
    []
    """
    gone = {p for p, d in dates.items() if d > cut or (since is not None and d < since)}
    return GraphData(types={k: v for k, v in graph.types.items() if k not in gone}, labels=graph.labels,
                     props=graph.props,
                     edges={r: [(s, t) for s, t in pairs if s not in gone and t not in gone]
                            for r, pairs in graph.edges.items()})


@dataclass
class PairFeatures:
    """Candidate pairs (entity rows ``a < b`` sharing a partner) and their feature matrix."""

    a: np.ndarray
    b: np.ndarray
    values: np.ndarray  # pairs x len(names)
    names: list[str]


def _recent_activity(graph: GraphData, dates: dict[str, dt.date], cut: dt.date, cg: CollaborationGraph,
                     level: str) -> np.ndarray:
    if not dates:
        return cg.activity
    recent = collaboration_graph(up_to(graph, dates, cut, cut - dt.timedelta(days=RECENT_DAYS)), level)
    by_id = dict(zip(recent.entities, recent.activity))
    return np.array([by_id.get(e, 0.0) for e in cg.entities])


def pair_features(graph: GraphData, cg: CollaborationGraph, level: str, kinds: list[str],
                  allowed=None, dates: dict[str, dt.date] | None = None,
                  cut: dt.date | None = None) -> PairFeatures:
    """The features of every pair of ``cg`` that shares a partner and that ``allowed(a, b)`` admits.

    ``kinds`` are the sector pairs that get an indicator feature (``kinds A+B``); ``cut`` is the date
    that recent activity counts back from (default: the latest project start).

    >>> cg = collaboration_graph(example_graph, "unit")
    >>> pf = pair_features(example_graph, cg, "unit", [])
    >>> pf.names[:3], len(pf.a) == len(pf.values) > 0
    (['common partners', 'Adamic-Adar', 'resource allocation'], True)
    """
    dates = dated_projects(graph) if dates is None else dates
    cut = cut or max(dates.values(), default=None)
    ww = binary(cg.works_with)
    deg = cg.degrees()
    common = sp.triu(ww @ ww.T, 1).tocsr()
    common.sort_indices()
    a = np.repeat(np.arange(common.shape[0]), np.diff(common.indptr))
    b = common.indices.astype(np.intp)
    cn = common.data
    if allowed is not None and len(a):
        ok = allowed(a, b)
        a, b, cn = a[ok], b[ok], cn[ok]
    aa_w = np.where(deg > 1, 1.0 / np.log(np.maximum(deg, 2)), 0.0)
    ra_w = np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0)
    aa = _pair_sums(ww, aa_w, a, b)
    ra = _pair_sums(ww, ra_w, a, b)
    inter = binary(cg.interests)
    shared = np.asarray(inter[a].multiply(inter[b]).sum(axis=1)).ravel() if len(a) else np.zeros(0)
    n_inter = np.asarray(inter.sum(axis=1)).ravel()
    programmes = np.where(shared > 0, shared / np.maximum(n_inter[a] + n_inter[b] - shared, 1), 0.0)
    recent = _recent_activity(graph, dates, cut, cg, level) if cut else cg.activity
    partners = np.asarray(ww.sum(axis=1)).ravel()
    columns = [np.log1p(cn), np.log1p(aa), np.log1p(10 * ra), programmes]
    for side in (cg.activity, recent, partners):
        columns += [np.log1p(np.minimum(side[a], side[b])), np.log1p(np.maximum(side[a], side[b]))]
    pair_kind = np.array([f"kinds {min(x, y)}+{max(x, y)}" for x, y in zip(cg.sectors[a], cg.sectors[b])],
                         dtype=object)
    columns += [(pair_kind == k).astype(np.float64) for k in kinds]
    values = np.column_stack(columns) if len(a) else np.zeros((0, len(FEATURES) + len(kinds)))
    return PairFeatures(a, b, values, list(FEATURES) + list(kinds))


def _pair_sums(ww: sp.csr_matrix, weight: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``sum(weight[x] for x shared by a and b)`` for each pair."""
    if not len(a):
        return np.zeros(0)
    return np.asarray(ww[a].multiply(ww[b] @ sp.diags(weight)).sum(axis=1)).ravel()


@dataclass
class LinkModel:
    """A fitted logistic regression over named, standardised features."""

    names: list[str]
    coef: np.ndarray
    intercept: float
    mean: np.ndarray
    scale: np.ndarray
    trained_on: str

    def contributions(self, values: np.ndarray) -> np.ndarray:
        """Each feature's contribution to each pair's score (``coef * standardised value``)."""
        return (values - self.mean) / self.scale * self.coef

    def scores(self, values: np.ndarray) -> np.ndarray:
        """The log-odds of a new link (higher is likelier)."""
        return self.contributions(values).sum(axis=1) + self.intercept

    def describe(self) -> str:
        """The scorer in one line (which scorer, what it learnt from)."""
        return f"learned (logistic regression over {len(self.names)} named features; {self.trained_on})"


def _inner_cut(dates: dict[str, dt.date]) -> dt.date | None:
    ordered = sorted(dates.values())
    if len(ordered) < 10:
        return None
    cut = ordered[int(len(ordered) * (1 - LABEL_SHARE))]
    return cut if cut > ordered[0] else None  # projects before the cut give features, from it labels


def fit_link_model(graph: GraphData, level: str, cross_sector: bool = True) -> LinkModel | None:
    """The model learnt from the store's past (see the module docstring); ``None`` when it cannot learn.

    >>> fit_link_model(GraphData(), "unit") is None
    True
    """
    from sklearn.linear_model import LogisticRegression

    dates = dated_projects(graph)
    cut = _inner_cut(dates)
    if cut is None:
        return None
    past = up_to(graph, dates, cut - dt.timedelta(days=1))
    cg = collaboration_graph(past, level)
    later = {p for p, d in dates.items() if d >= cut}
    row = {e: i for i, e in enumerate(cg.entities)}
    later_cg = collaboration_graph(up_to(graph, dates, max(dates.values()), cut), level)
    active = np.zeros(len(cg.entities), dtype=bool)
    active[[row[e] for e, n in zip(later_cg.entities, later_cg.activity) if n > 0 and e in row]] = True
    if active.sum() < 2 or not later:
        return None
    sub = cg.subset(active)
    together = sub.together.tocsr()
    sectors = sub.sectors

    def allowed(a, b):
        ok = np.asarray(together[a, b]).ravel() == 0
        if cross_sector:
            ok &= (sectors[a] != sectors[b]) & (sectors[a] != "") & (sectors[b] != "")
        return ok

    kinds = sorted({f"kinds {min(x, y)}+{max(x, y)}" for x in set(sectors) for y in set(sectors)
                    if x and y and (x != y or not cross_sector)})
    pf = pair_features(past, sub, level, kinds, allowed, dates, cut - dt.timedelta(days=1))
    new = later_cg.together.tocsr()
    later_row = {e: i for i, e in enumerate(later_cg.entities)}
    at = np.array([later_row.get(e, -1) for e in sub.entities])
    la, lb = at[pf.a], at[pf.b]
    both = (la >= 0) & (lb >= 0)
    label = np.zeros(len(pf.a), dtype=bool)
    label[both] = np.asarray(new[la[both], lb[both]]).ravel() > 0
    if label.sum() < MIN_POSITIVES or (~label).sum() < MIN_POSITIVES:
        return None
    negatives = np.flatnonzero(~label)
    if len(negatives) > MAX_NEGATIVES:
        negatives = np.sort(np.random.default_rng(0).choice(negatives, MAX_NEGATIVES, replace=False))
    rows = np.r_[np.flatnonzero(label), negatives]
    x, y = pf.values[rows], label[rows]
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    fitted = LogisticRegression(C=1.0, max_iter=2000).fit((x - mean) / scale, y)
    return LinkModel(pf.names, fitted.coef_[0], float(fitted.intercept_[0]), mean, scale,
                     f"trained on {len(rows):,} pairs, {int(y.sum()):,} new links in projects starting "
                     f"{cut.isoformat()}..{max(dates.values()).isoformat()}")


def learned_ranking(graph: GraphData, cg: CollaborationGraph, top: int,
                    cross: bool) -> tuple[list[tuple[int, int]] | None, str]:
    """The ``top`` best pairs (entity rows of ``cg``) of a model fitted on ``graph``, and what it learnt from
    (``None`` when the training years are too few to learn from)."""
    model = fit_link_model(graph, "stakeholder", cross_sector=cross)
    if model is None:
        return None, f"too little to learn from (fewer than {MIN_POSITIVES} new pairs after the inner cut)"
    together = cg.together.tocsr()

    def allowed(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        ok = np.asarray(together[a, b]).ravel() == 0
        return ok & (cg.sectors[a] != cg.sectors[b]) if cross else ok

    pf = pair_features(graph, cg, "stakeholder", model.names[len(FEATURES):], allowed)
    order = np.lexsort((pf.b, pf.a, -model.scores(pf.values)))[:top]
    weights = ", ".join(f"{n} {c:+.2f}" for n, c in zip(model.names, model.coef) if abs(c) >= 0.05)
    return list(zip(pf.a[order].tolist(), pf.b[order].tolist())), f"{model.describe()}; weights: {weights}"
