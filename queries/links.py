"""Missing cross-sector links: pairs that share goals, themes or partners but do not work together.

Who works with whom, and on what, is the collaboration graph (:mod:`queries.collaboration`): two
entities that share a context (a project, body, network, service or agreement) already work together
and are never suggested. A pair ``(a, b)`` from different sectors (for stakeholders: of different
kinds) is scored as :mod:`queries.link_score` says, and only the pairs that may reach the best scores
are scored (:mod:`queries.pair_search`). This module explains the best pairs: the evidence names the
shared partners (those that count most first), goals and themes; the broker is the shared partner
with the most joint contexts with the weaker side (ties: the least connected).

Examples
--------
>>> best = missing_links(example_graph, "unit", top=1)[0]
>>> best.a, best.b, best.broker
('U-LIIKENNE', 'U-LIIKUNTA', 'R-HANKEASIANTUNTIJA')
>>> best.shared["goals"], best.shared["themes"]
(['G10', 'G11.1', 'G7'], ['T-LANDUSE', 'T-MOBILITY', 'T-WELLBEING'])
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np

from graph_model.schema_types import NodeType
from ontologies.errors import InputError, UsageError
from queries.collaboration import LEVELS, CollaborationGraph, collaboration_graph
from queries.link_score import LinkParams, ScoreFactors
from queries.pair_search import ScoredPairs, score_pairs
from queries.projection import GraphData
from queries.related import EMPTY_STORE, unknown_id

__all__ = ["MissingLink", "LinkParams", "CollaborationGraph", "ScoredPairs", "missing_links", "score_pairs",
           "collaboration_graph", "LEVELS"]


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


def _explain(graph: GraphData, cg: CollaborationGraph, parts: ScoreFactors, a: int, b: int, level: str,
             score: float) -> MissingLink:
    both = np.flatnonzero(parts.ww[a].multiply(parts.ww[b]).toarray().ravel())
    partners = sorted(both, key=lambda x: (parts.deg[x], cg.actors[x]))
    shared_i = np.flatnonzero(cg.interests[a].multiply(cg.interests[b]).toarray().ravel())
    by_weight = sorted(shared_i, key=lambda i: (-parts.interest_weight[i], cg.interest_ids[i]))
    goals = [cg.interest_ids[i] for i in by_weight if graph.types.get(cg.interest_ids[i]) == NodeType.GOAL]
    themes = [cg.interest_ids[i] for i in by_weight if graph.types.get(cg.interest_ids[i]) == NodeType.THEME]
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
                  top: int = 20, params: LinkParams = LinkParams(), decided: Collection[frozenset] = ()) -> list[MissingLink]:
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
    decided
        Pairs (frozensets of two ids) a reviewer has decided on (introduced or rejected:
        :func:`graph_model.review.pair_decisions`): never suggested again.

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
    masks = [m for m in (_filter_mask(graph, cg, goal, NodeType.GOAL), _filter_mask(graph, cg, theme, NodeType.THEME))
             if m is not None]
    keep = np.logical_and.reduce(masks) if masks else None
    if not cg.entities:
        return []
    decided = set(decided)
    pairs = score_pairs(cg, top + len(decided), params=params, keep=keep)
    parts = ScoreFactors(cg, params)
    out = []
    for a, b, s in zip(pairs.a, pairs.b, pairs.score):
        if decided and frozenset((cg.entities[int(a)], cg.entities[int(b)])) in decided:
            continue
        out.append(_explain(graph, cg, parts, int(a), int(b), level, float(s)))
    return out[:top]
