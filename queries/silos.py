"""Silo goals: which sectors serve each goal, how evenly, and which goals one sector serves alone.

A sector *serves* a goal through a piece of work that contributes to it (:mod:`queries.contribution`:
linked to the goal, or to a goal the goal continues, merges or replaces): a project the sector's units
lead or partner, or a service process they take part in (the default channels, the work actually done).
Two further channels can be added: networks that advance the goal (their members and leaders) and
governing bodies that steer the goal's projects or answer for the goal (their members). A unit's sector
is found up its ``part_of`` chain and a role's through ``post_in`` (:meth:`GraphData.sector_of`);
stakeholders and persons have no sector and are not counted.

The cross-sector index of a goal is the normalised Shannon entropy of its sectors' counts,
``H = -sum(p log p) / log K``: 0 when one sector does all the work, 1 when every sector takes an equal
share. ``K`` is the number of sectors that serve any goal of the same strategy, so a municipality in a
nation-scale data set is measured against its own sectors, not the whole country's.

Examples
--------
>>> [s.goal for s in goal_spread(example_graph) if s.silo]
['G4', 'G11.3', 'G13']
>>> spread = goal_spread(example_graph, goal="G11")[0]
>>> len(spread.sectors), spread.silo
(5, False)
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ontologies.errors import InputError, NotFoundError, UsageError
from graph_model.schema_types import NodeType, RelType
from queries.contribution import contribution_matrix
from queries.projection import GraphData, incidence, participation_matrix

__all__ = ["GoalSpread", "CHANNELS", "DEFAULT_CHANNELS", "goal_spread", "sector_counts", "match_goals",
           "require_nodes", "natural_key"]

#: Every channel through which a sector can serve a goal.
CHANNELS = ("projects", "services", "networks", "bodies")
#: The channels counted by default: the work done (projects and services).
DEFAULT_CHANNELS = ("projects", "services")
_ORG_TYPES = (NodeType.SECTOR, NodeType.UNIT, NodeType.ROLE)  # the node types that have a sector


@dataclass(frozen=True)
class GoalSpread:
    """How one goal is served: ``sectors`` maps sector id -> number of pieces of work (projects,
    services, ...) through which it serves the goal, largest first; ``index`` is the cross-sector
    index (0..1); ``silo`` is true when exactly one sector serves the goal."""

    goal: str
    label: str
    sectors: dict[str, int]
    index: float
    silo: bool

    def as_row(self) -> dict:
        """The spread as a flat row (for tables, JSON and CSV)."""
        return {"goal": self.goal, "label": self.label, "n_sectors": len(self.sectors),
                "sectors": [f"{s}:{n}" for s, n in self.sectors.items()], "index": round(self.index, 4),
                "silo": self.silo}


def require_nodes(graph: GraphData, type_name: str, noun: str) -> list[str]:
    """The ids of ``type_name``; raise :class:`InputError` when the store holds none.

    >>> require_nodes(GraphData(), "Goal", "goals")
    Traceback (most recent call last):
    ...
    ontologies.errors.InputError: the store holds no goals; run `stratgraph demo` or `stratgraph ingest`
    """
    ids = graph.ids_of(type_name)
    if not ids:
        raise InputError(f"the store holds no {noun}; run `stratgraph demo` or `stratgraph ingest`")
    return ids


def match_goals(graph: GraphData, text: str) -> list[str]:
    """Goals whose id is ``text`` (any case), else whose label in any language contains it.

    Raises :class:`NotFoundError` naming the closest goal ids when nothing matches.

    >>> graph = GraphData(types={"G1": "Goal", "G11": "Goal"}, labels={"G11": {"en": "Carbon neutral"}})
    >>> match_goals(graph, "g11"), match_goals(graph, "carbon")
    (['G11'], ['G11'])
    >>> match_goals(graph, "G12")
    Traceback (most recent call last):
    ...
    ontologies.errors.NotFoundError: no goal matches 'G12'; closest goal ids: G1, G11
    """
    goals = require_nodes(graph, NodeType.GOAL, "goals")
    wanted = text.strip().casefold()
    exact = [g for g in goals if g.casefold() == wanted]
    if exact:
        return exact
    by_label = [g for g in goals if any(wanted in v.casefold() for v in graph.labels.get(g, {}).values())]
    if by_label and wanted:
        return by_label
    close = difflib.get_close_matches(text.strip(), goals, n=5, cutoff=0.3) or goals[:5]
    raise NotFoundError(f"no goal matches {text!r}; closest goal ids: {', '.join(sorted(close, key=natural_key))}")


def natural_key(ident: str) -> list:
    """A sort key that puts G2 before G10.

    >>> sorted(["G10", "G2", "G11.3"], key=natural_key)
    ['G2', 'G10', 'G11.3']
    """
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", ident)]


def _channel(graph: GraphData, channel: str, orgs: list[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """(work x goal, work x org) incidence of one channel (a service's responsible does not serve)."""
    if channel == "projects":
        return contribution_matrix(graph, NodeType.PROJECT), participation_matrix(graph, NodeType.PROJECT, orgs)
    if channel == "services":
        return (contribution_matrix(graph, NodeType.SERVICE),
                participation_matrix(graph, NodeType.SERVICE, orgs, (RelType.INVOLVES,)))
    if channel == "networks":
        return (incidence(graph, NodeType.NETWORK, RelType.ADVANCES, NodeType.GOAL),
                participation_matrix(graph, NodeType.NETWORK, orgs))
    steers = incidence(graph, NodeType.PROJECT, RelType.STEERED_BY, NodeType.GOVERNING_BODY).T
    answers = incidence(graph, NodeType.GOAL, RelType.RESPONSIBLE, NodeType.GOVERNING_BODY).T
    goals = steers @ contribution_matrix(graph, NodeType.PROJECT) + answers
    return goals.tocsr(), participation_matrix(graph, NodeType.GOVERNING_BODY, orgs)


def _sector_matrix(graph: GraphData, orgs: list[str], sectors: list[str]) -> sp.csr_matrix:
    col = {s: n for n, s in enumerate(sectors)}
    pairs = [(i, col[s]) for i, o in enumerate(orgs) if (s := graph.sector_of(o)) in col]
    rows, cols = (np.array(x, dtype=np.int64) for x in zip(*pairs)) if pairs else ([], [])
    return sp.csr_matrix((np.ones(len(pairs), dtype=np.float32), (rows, cols)), shape=(len(orgs), len(sectors)))


def sector_counts(graph: GraphData, channels: Sequence[str] = DEFAULT_CHANNELS) -> sp.csr_matrix:
    """Goal x sector matrix (rows ``graph.ids_of("Goal")``, columns ``graph.ids_of("Sector")``): the
    number of pieces of work in ``channels`` through which the sector serves the goal.

    Examples
    --------
    >>> graph = GraphData(types={"G1": "Goal", "P1": "Project", "U1": "Unit", "U2": "Unit", "S1": "Sector"},
    ...                   edges={"contributes_to": [("P1", "G1")], "led_by": [("P1", "U1")],
    ...                          "has_partner": [("P1", "U2")], "part_of": [("U1", "S1"), ("U2", "S1")]})
    >>> sector_counts(graph).toarray().tolist()  # two units of one sector: the project counts once
    [[1.0]]
    """
    unknown = sorted(set(channels) - set(CHANNELS))
    if unknown:
        raise UsageError(f"unknown channel(s) {', '.join(unknown)}; choose from {', '.join(CHANNELS)}")
    orgs = sorted(i for t in _ORG_TYPES for i in graph.ids_of(t))
    sectors = graph.ids_of(NodeType.SECTOR)
    to_sector = _sector_matrix(graph, orgs, sectors)
    total = sp.csr_matrix((len(graph.ids_of(NodeType.GOAL)), len(sectors)), dtype=np.float32)
    for channel in dict.fromkeys(channels):
        work_goal, work_org = _channel(graph, channel, orgs)
        work_sector = ((work_org @ to_sector) > 0).astype(np.float32)  # a work item counts once per sector
        total = total + (work_goal > 0).astype(np.float32).T @ work_sector
    return total.tocsr()


def _strategy_sizes(graph: GraphData, counts: sp.csr_matrix) -> np.ndarray:
    """Per goal: how many sectors serve any goal of the goal's strategy (at least 1)."""
    in_strategy = incidence(graph, NodeType.GOAL, RelType.PART_OF, NodeType.STRATEGY)
    served = ((in_strategy.T @ (counts > 0).astype(np.float32)) > 0).sum(axis=1).A1
    per_goal = in_strategy @ served
    fallback = max(int(((counts > 0).sum(axis=0) > 0).sum()), 1)
    return np.where(in_strategy.sum(axis=1).A1 > 0, per_goal, fallback)


def _entropy_index(values: np.ndarray, k: float) -> float:
    if len(values) <= 1 or k <= 1:
        return 0.0
    p = values / values.sum()
    return float(min(1.0, -(p * np.log(p)).sum() / math.log(k)))


def goal_spread(graph: GraphData, goal: str | None = None,
                channels: Sequence[str] = DEFAULT_CHANNELS) -> list[GoalSpread]:
    """Per goal: the sectors that serve it, its cross-sector index and whether it is a silo goal.

    Parameters
    ----------
    graph : GraphData
        The store's projection (:func:`queries.projection.load_graph`).
    goal : str, optional
        A goal id, or text in a goal's label; by default every goal.
    channels : sequence of str
        Through what a sector serves a goal: any of ``projects``, ``services`` (the default pair),
        ``networks``, ``bodies``.

    Returns
    -------
    list of GoalSpread
        In goal id order (G2 before G10). Goals nobody serves have no sectors, index 0 and are not silos.

    Raises
    ------
    InputError
        The store holds no goals.
    NotFoundError
        ``goal`` matches no goal (the message names the closest goal ids).
    UsageError
        An unknown channel.

    Examples
    --------
    >>> graph = GraphData(types={"G1": "Goal", "P1": "Project", "U1": "Unit", "S1": "Sector"},
    ...                   edges={"contributes_to": [("P1", "G1")], "led_by": [("P1", "U1")],
    ...                          "part_of": [("U1", "S1")]})
    >>> goal_spread(graph)
    [GoalSpread(goal='G1', label='G1', sectors={'S1': 1}, index=0.0, silo=True)]
    """
    goals = require_nodes(graph, NodeType.GOAL, "goals")
    wanted = set(match_goals(graph, goal)) if goal is not None else None
    counts = sector_counts(graph, channels)
    sizes = _strategy_sizes(graph, counts)
    sectors = graph.ids_of(NodeType.SECTOR)
    out = []
    for row, gid in enumerate(goals):
        if wanted is not None and gid not in wanted:
            continue
        line = counts.getrow(row)
        pairs = sorted(zip(line.indices, line.data), key=lambda p: (-p[1], sectors[p[0]]))
        values = np.array([v for _, v in pairs], dtype=float)
        out.append(GoalSpread(gid, graph.label(gid), {sectors[c]: int(v) for c, v in pairs},
                              _entropy_index(values, float(sizes[row])), len(pairs) == 1))
    return sorted(out, key=lambda s: natural_key(s.goal))
