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
:func:`score_pairs` is the scorer on a plain collaboration graph, used by ``bench/linkpred.py``.

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

from dataclasses import dataclass, field

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


class _Parts:
    """Precomputed factors of the score of a collaboration graph."""

    def __init__(self, cg: CollaborationGraph, params: LinkParams):
        self.ww = _binary(cg.works_with)
        deg = _degree(cg)
        self.partner_right = (sp.diags(np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0)) @ self.ww.T).tocsr()
        self.deg = deg
        inter = _binary(cg.interests)
        df = np.asarray(inter.sum(axis=0)).ravel()
        weight = 1.0 / (df + params.df_smoothing)
        self.interest_weight = weight
        self.mass = inter @ np.where(df > 1, weight, 0.0)
        self.inter = (inter @ sp.diags(np.sqrt(weight))).tocsr()
        self.inter_t = self.inter.T.tocsr()
        with np.errstate(divide="ignore", invalid="ignore"):
            self.gain = np.where(cg.activity > 0, cg.activity / (cg.activity + params.activity_half), 0.0)
        self.params = params

    def block(self, rows: slice) -> np.ndarray:
        partners = (self.ww[rows] @ self.partner_right).toarray()
        score = self.params.partner_weight * partners
        if self.params.interest_weight and self.inter.shape[1]:
            overlap = (self.inter[rows] @ self.inter_t).toarray()
            mass = self.mass[rows][:, None] + self.mass[None, :]
            with np.errstate(divide="ignore", invalid="ignore"):
                dice = np.where(mass > 0, 2.0 * overlap / mass, 0.0)
            if not self.params.interest_candidates:
                dice = np.where(partners > 0, dice, 0.0)
            score = score + self.params.interest_weight * dice
        return score * self.gain[rows][:, None] * self.gain[None, :]


def score_pairs(cg: CollaborationGraph, top: int = 20, *, params: LinkParams = LinkParams(),
                cross_sector: bool = True, keep: np.ndarray | None = None) -> ScoredPairs:
    """The ``top`` best pairs of entities that do not work together (cross-sector by default).

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
    n = len(cg.entities)
    chunk = max(1, min(n, 20_000_000 // max(n, 1)))
    best_a, best_b, best_s = [], [], []
    for start in range(0, n, chunk):
        rows = slice(start, min(n, start + chunk))
        block = parts.block(rows)
        block[_excluded(cg, rows, cross_sector, keep)] = 0.0
        r, c = np.nonzero(block > 1e-12)
        s = block[r, c]
        if len(s) > top:
            cut = np.argpartition(-s, top - 1)[:top]
            r, c, s = r[cut], c[cut], s[cut]
        best_a.append(r + start), best_b.append(c), best_s.append(s)
    a, b, s = (np.concatenate(x) if x else np.array([], dtype=int) for x in (best_a, best_b, best_s))
    order = np.lexsort((b, a, -s))[:top]
    return ScoredPairs(a[order], b[order], s[order])


def _excluded(cg: CollaborationGraph, rows: slice, cross_sector: bool, keep: np.ndarray | None) -> np.ndarray:
    """Pairs of the block that may not be suggested: b <= a, together, same sector, not kept."""
    n = len(cg.entities)
    ids = np.arange(rows.start, rows.stop)
    out = np.arange(n)[None, :] <= ids[:, None]
    out |= cg.together[rows].toarray() > 0
    if cross_sector:
        sec = cg.sectors
        out |= (sec[rows][:, None] == sec[None, :]) | (sec[rows][:, None] == "") | (sec[None, :] == "")
    if keep is not None:
        out |= ~(keep[rows][:, None] & keep[None, :])
    return out


# -- the city graph as a collaboration graph -----------------------------------------------------------
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


def _interest_pairs(graph: GraphData, sources: set[str]) -> set[tuple[str, str]]:
    return {(s, o) for r in INTEREST_RELATIONS for s, o in graph.edges.get(r, ())
            if s in sources and graph.types.get(o) in ("Goal", "Theme")}


def _organisation_graph(graph: GraphData, level: str) -> CollaborationGraph:
    members = {(c, m) for kind, rels in CONTEXT_RELATIONS.items() for r in rels for c, m in graph.edges.get(r, ())
               if graph.types.get(c) == kind}
    contexts = sorted({c for c, _ in members})
    actors = sorted({m for _, m in members})
    owner = _owner(graph, level)
    entity_type = {"unit": "Unit", "sector": "Sector", "stakeholder": "Stakeholder"}[level]
    entities = graph.ids_of(entity_type)
    m = _matrix(members, contexts, actors)
    owned = _matrix({(x, owner(x)) for x in actors if owner(x)}, actors, entities)
    me = _binary(m @ owned)
    works = me.T @ m
    works = (works - works.multiply(owned.T)).tocsr()  # an entity does not work with itself or its roles
    works.eliminate_zeros()
    responsible = {(owner(x), g) for g, x in graph.edges.get("responsible", ()) if owner(x) and
                   graph.types.get(g) == "Goal"}
    interests = sorted({i for _, i in _interest_pairs(graph, set(contexts))} | {g for _, g in responsible})
    inter = _binary(me.T @ _matrix(_interest_pairs(graph, set(contexts)), contexts, interests)
                    + _matrix(responsible, entities, interests))
    sectors = np.array([_sector_key(graph, level, e) for e in entities], dtype=object)
    activity = np.asarray(me.sum(axis=0), dtype=np.float64).ravel()
    return CollaborationGraph(entities, actors, works, inter, interests, sectors, activity,
                              (me.T @ me).tocsr())


def _project_graph(graph: GraphData) -> CollaborationGraph:
    projects = graph.ids_of("Project")
    taking_part = {(p, o) for r in CONTEXT_RELATIONS["Project"] for p, o in graph.edges.get(r, ())
                   if graph.types.get(p) == "Project"}
    actors = sorted({o for _, o in taking_part})
    steering = {(p, b) for p, b in graph.edges.get("steered_by", ())} | set(graph.edges.get("led_by", ()))
    joint = _matrix(steering, projects, sorted({b for _, b in steering}))
    interests = sorted({i for _, i in _interest_pairs(graph, set(projects))})
    works = _matrix(taking_part, projects, actors)
    sectors = np.array([graph.sector_of(p) or "" for p in projects], dtype=object)
    activity = np.asarray(works.sum(axis=1), dtype=np.float64).ravel()
    return CollaborationGraph(projects, actors, works, _matrix(_interest_pairs(graph, set(projects)), projects,
                              interests), interests, sectors, activity, (joint @ joint.T).tocsr())


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
