"""Goal follow-up: each goal's progress and status rolled up from its metrics and sub-goals, with the
owner as of a date, the contributing projects, the sectors behind it and its open governance gaps.

The roll-up rule (:data:`ROLLUP_RULE`, also written in every result): a goal's items are its own metrics
that have a measured status (on track, behind, off track), weighted by their ``weight`` (default 1),
and its direct sub-goals that have a measured roll-up (weight 1 each). Its progress and expected
progress are the weighted means over the items, and its status follows from their gap by the same
thresholds as a metric's. A goal with no items is ``no_metric`` when neither it nor a sub-goal has a
metric, else ``no_data``.

As of a date: owners are the responsible parties whose (dated) relationship holds on that date, with
the persons who held a responsible role then; observations after that year are ignored; with an
explicit ``as_of`` only projects running on that date are listed (a project without dates is kept).

Examples
--------
>>> import datetime
>>> from queries.followup.dated import read_dated
>>> card = followup(example_graph, read_dated(example_store), as_of=datetime.date(2025, 6, 30))  # the example city
>>> {g.goal: g.status for g in card if g.status == "off_track"}
{'G2': 'off_track', 'G13': 'off_track'}
>>> [g.goal for g in card if g.needs_cross_sector_help]
['G13']
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph_model.schema_types import NodeType, RelType
from ontologies.errors import NotFoundError
from queries.contribution import contributors
from queries.followup.dated import DatedEdges, in_period, parse_date
from queries.followup.progress import MetricProgress, Thresholds, metric_progress
from queries.gaps import governance_gaps
from queries.owners import updates_for
from queries.projection import GraphData
from queries.silos import goal_spread, match_goals, natural_key, require_nodes

__all__ = ["GoalFollowup", "followup", "ROLLUP_RULE", "metric_followups", "current_strategy", "ALL_STRATEGIES"]

#: ``followup(strategy=ALL_STRATEGIES)``: every goal of every strategy on one scorecard.
ALL_STRATEGIES = "all"

#: The governance-gap rules about goals and their metrics (the ones a goal's follow-up lists).
_GOAL_AND_METRIC_RULES = ("goal_without_metric", "goal_without_owner", "metric_without_target",
                          "metric_without_owner", "metric_without_data_source")
ROLLUP_RULE = ("goal progress and expected progress = weighted means over its measured metrics (weight "
               "column, default 1) and its measured direct sub-goals (weight 1); the goal's status follows "
               "from their gap by the metric thresholds; no items: no_metric if no metric anywhere below, "
               "else no_data")


@dataclass
class GoalFollowup:
    """One goal's follow-up; ``metrics`` are its own metrics, ``subgoals`` its direct sub-goals; each of
    ``projects`` is a dict of id, status, budget and sector (labels: ``GraphData.label``)."""

    goal: str
    label: str
    label_en: str
    strategy: str | None
    status: str
    progress: float | None
    expected_progress: float | None
    gap: float | None
    items: int
    rule: str
    metrics: list[MetricProgress] = field(default_factory=list)
    subgoals: list[str] = field(default_factory=list)
    owners: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    sectors: dict[str, int] = field(default_factory=dict)
    cross_sector_index: float = 0.0
    silo: bool = False
    bodies: list[str] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: ``gaps`` as data: (goal or metric id, governance-gap rule) pairs.
    gap_rules: list[tuple[str, str]] = field(default_factory=list)
    #: Owners' narratives, actions and milestones of the goal and its own metrics (queries.owners).
    updates: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def needs_cross_sector_help(self) -> bool:
        """Off track and served by one sector only: where cross-sector help is most needed."""
        return self.status == "off_track" and self.silo

    @property
    def budget(self) -> float:
        """The summed budget of the listed projects (EUR)."""
        return sum(p["budget"] or 0.0 for p in self.projects)

    def owner_text(self) -> str:
        """The owners in one line: ``id (persons)``."""
        return "; ".join(o["id"] + (f" ({', '.join(o['persons'])})" if o["persons"] else "") for o in self.owners)

    def as_row(self) -> dict:
        """A flat row for the scorecard (table, CSV, xlsx)."""
        def r(x):
            return None if x is None else round(x, 4)
        return {"goal": self.goal, "label": self.label, "strategy": self.strategy, "status": self.status,
                "progress": r(self.progress), "expected": r(self.expected_progress), "gap": r(self.gap),
                "metrics": len(self.metrics), "measured": sum(m.measured for m in self.metrics),
                "owner": self.owner_text(), "projects": len(self.projects), "budget": round(self.budget),
                "sectors": len(self.sectors), "cross_sector_index": round(self.cross_sector_index, 4),
                "silo": self.silo, "needs_cross_sector_help": self.needs_cross_sector_help,
                "gaps": "; ".join(self.gaps), "warnings": "; ".join(self.warnings)}

    def as_dict(self) -> dict:
        """Everything, nested (for JSON)."""
        out = self.as_row()
        out.update(label_en=self.label_en, rule=self.rule, items=self.items, subgoals=self.subgoals,
                   owners=self.owners, project_list=self.projects, sector_counts=self.sectors,
                   bodies=self.bodies, networks=self.networks, gaps=self.gaps, warnings=self.warnings,
                   metric_list=[m.as_dict() for m in self.metrics], updates=self.updates)
        return out

    def update_rows(self) -> list[dict]:
        """The owners' updates as flat rows (xlsx): kind, id, for, period or due date, state, text."""
        return [{"goal": self.goal, "kind": kind[:-1], "id": item["id"], "for": item["for"],
                 "period": item.get("period") or "", "due": item.get("due") or "", "state": item["state"],
                 "answered_by": ", ".join(a["id"] for a in item["answered_by"]), "text": item["text"]}
                for kind, items in self.updates.items() for item in items]


def _float(text: str | None) -> float | None:
    return float(text) if text not in (None, "") else None


def _int(text: str | None) -> int | None:
    return int(float(text)) if text not in (None, "") else None


class _Index:
    """Adjacency of the relations the follow-up reads, built once (the graph's lists are not indexed)."""

    def __init__(self, graph: GraphData):
        self.out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.into: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for rel in (RelType.RESPONSIBLE, RelType.HELD_BY, RelType.PART_OF, RelType.STEERED_BY):
            out = self.out[rel.value]  # str keys: enum lookups are slow in loops
            for s, o in graph.edges.get(rel.value, ()):
                out[s].append(o)
        self.contributors = contributors(graph)  # the one definition of "contributes" (queries.contribution)
        for rel in (RelType.MEASURES, RelType.OBSERVATION_OF, RelType.BROADER, RelType.ADVANCES):
            into = self.into[rel.value]
            for s, o in graph.edges.get(rel.value, ()):
                into[o].append(s)


def metric_followups(graph: GraphData, as_of_year: int | None = None,
                     thresholds: Thresholds = Thresholds(), index: _Index | None = None) -> dict[str, MetricProgress]:
    """Every metric's :class:`MetricProgress`, by metric id.

    >>> g = GraphData(types={"M": "Metric", "O1": "Observation", "O2": "Observation"},
    ...               props={"M": {"baseline": "0", "baseline_year": "2020", "target": "10", "target_year": "2030",
    ...                            "direction": "increase"}, "O1": {"year": "2022", "value": "2"},
    ...                      "O2": {"year": "2024", "value": "4"}},
    ...               edges={"observation_of": [("O1", "M"), ("O2", "M")]})
    >>> metric_followups(g)["M"].status
    'on_track'
    """
    index = index or _Index(graph)
    out = {}
    for metric in graph.ids_of(NodeType.METRIC):
        p = graph.props.get(metric, {})
        rows = []
        for obs in index.into[RelType.OBSERVATION_OF.value].get(metric, ()):
            op = graph.props.get(obs, {})
            if op.get("year") not in (None, "") and op.get("value") not in (None, ""):
                rows.append((op.get("observed_on") or "", obs, _int(op["year"]), float(op["value"])))
        # A dated observation (an owner's update) comes after a yearly row of its year, the latest day last:
        # it is the later row, so it is the one used.
        observations = [(year, value) for _, _, year, value in sorted(rows)]
        out[metric] = metric_progress(
            metric, baseline=_float(p.get("baseline")), baseline_year=_int(p.get("baseline_year")),
            target=_float(p.get("target")), target_year=_int(p.get("target_year")), direction=p.get("direction"),
            tolerance=_float(p.get("tolerance")), observations=observations, as_of_year=as_of_year,
            thresholds=thresholds)
    return out


def _owners(graph: GraphData, index: _Index, dated: DatedEdges, goal: str, day: datetime.date) -> list[dict]:
    owners = []
    for owner in sorted(index.out[RelType.RESPONSIBLE.value].get(goal, ())):
        if not dated.holds(goal, RelType.RESPONSIBLE.value, owner, day):
            continue
        persons = [graph.label(p) for p in sorted(index.out[RelType.HELD_BY.value].get(owner, ()))
                   if dated.holds(owner, RelType.HELD_BY.value, p, day)]
        owners.append({"id": owner, "type": graph.type_of(owner), "label": graph.label(owner),
                       "sector": graph.sector_of(owner), "persons": persons})
    return owners


def _projects(graph: GraphData, index: _Index, goal: str, day: datetime.date | None) -> list[dict]:
    out = []
    for project in index.contributors.get(goal, ()):
        p = graph.props.get(project, {})
        if day is not None and not in_period(day, parse_date(p.get("start_date")), parse_date(p.get("end_date"))):
            continue
        out.append({"id": project, "status": p.get("status"),
                    "budget": _float(p.get("budget")), "sector": graph.sector_of(project)})
    return out


def current_strategy(graph: GraphData, day: datetime.date | None = None) -> str | None:
    """The strategy in force on ``day`` (default today): the latest-starting one whose period holds the
    day; with none in force, the latest that has started; with none started, the earliest. A strategy
    without a start date counts as started. None when the store holds no strategy.

    >>> current_strategy(example_graph, datetime.date(2025, 6, 30)), current_strategy(example_graph, datetime.date(2026, 7, 1))
    ('S-2021', 'S-2026')
    >>> current_strategy(example_graph, datetime.date(2026, 1, 15))  # between the two: the last one started
    'S-2021'
    """
    day = day or datetime.date.today()
    periods = []
    for strategy in graph.ids_of(NodeType.STRATEGY):
        p = graph.props.get(strategy, {})
        periods.append((parse_date(p.get("start_date")) or datetime.date.min, parse_date(p.get("end_date")), strategy))
    if not periods:
        return None
    started = [(start, end, s) for start, end, s in periods if start <= day]
    in_force = [(start, end, s) for start, end, s in started if end is None or day <= end]
    if in_force or started:
        return max(in_force or started, key=lambda x: (x[0], natural_key(x[2])))[2]
    return min(periods, key=lambda x: (x[0], natural_key(x[2])))[2]


def followup(graph: GraphData, dated: DatedEdges | None = None, *, goal: str | None = None,
             strategy: str | None = None, as_of: datetime.date | None = None, thresholds: Thresholds = Thresholds()) -> list[GoalFollowup]:
    """The scorecard: every goal's (or the matching goals') follow-up, in goal id order.

    Parameters
    ----------
    graph : GraphData
        The store's projection (:func:`queries.projection.load_graph`).
    dated : DatedEdges, optional
        The dated relationships (:func:`queries.followup.dated.read_dated`); without them every
        relationship counts as holding.
    goal : str, optional
        A goal id or text in a goal's label.
    strategy : str, optional
        Only the goals of this strategy (id); ``"all"`` (:data:`ALL_STRATEGIES`) for every goal. By
        default the current strategy (:func:`current_strategy` on ``as_of``), or every strategy when
        ``goal`` is given: one scorecard never mixes two strategies unless asked to.
    as_of : datetime.date, optional
        The date of owners, projects and the last observation year (default: today; projects are then
        not filtered).
    thresholds : Thresholds
        The status thresholds.

    Raises
    ------
    InputError
        The store holds no goals.
    NotFoundError
        ``goal`` matches no goal, or ``strategy`` is not a strategy.

    Examples
    --------
    >>> g = GraphData(types={"G1": "Goal"})
    >>> [(r.goal, r.status) for r in followup(g)]
    [('G1', 'no_metric')]
    """
    goals = require_nodes(graph, NodeType.GOAL, "goals")
    wanted = set(match_goals(graph, goal)) if goal is not None else set(goals)
    if strategy is None and goal is None:
        strategy = current_strategy(graph, as_of)
    elif strategy == ALL_STRATEGIES:
        strategy = None
    if strategy is not None and graph.type_of(strategy) != NodeType.STRATEGY:
        raise NotFoundError(f"no strategy {strategy!r}; strategies in the store: "
                            f"{', '.join(graph.ids_of(NodeType.STRATEGY)) or 'none'}")
    dated = (dated or DatedEdges()).folded(graph.merged)  # matched organisations: their one node
    day = as_of or datetime.date.today()
    index = _Index(graph)
    metrics = metric_followups(graph, day.year, thresholds, index)
    spreads = {s.goal: s for s in goal_spread(graph)}
    gaps_by_node: dict[str, list[str]] = defaultdict(list)
    for gap in governance_gaps(graph, rules=_GOAL_AND_METRIC_RULES):
        gaps_by_node[gap.node].append(gap.rule)
    rolled: dict[str, tuple[str, float | None, float | None, int, bool]] = {}

    def roll(gid: str, seen: frozenset = frozenset()) -> tuple[str, float | None, float | None, int, bool]:
        if gid in rolled:
            return rolled[gid]
        items: list[tuple[float, float, float]] = []
        own = [metrics[m] for m in index.into[RelType.MEASURES.value].get(gid, ()) if m in metrics]
        has_metric = bool(own)
        for m in own:
            if m.measured:
                items.append((_float(graph.props.get(m.metric, {}).get("weight")) or 1.0, m.progress,
                              m.expected_progress))
        for child in index.into[RelType.BROADER.value].get(gid, ()):
            if child in seen or graph.type_of(child) != NodeType.GOAL:
                continue
            status, progress, expected, _, child_metric = roll(child, seen | {gid})
            has_metric = has_metric or child_metric
            if progress is not None:
                items.append((1.0, progress, expected))
        if not items:
            result = ("no_data" if has_metric else "no_metric", None, None, 0, has_metric)
        else:
            total = sum(w for w, _, _ in items)
            progress = sum(w * p for w, p, _ in items) / total
            expected = sum(w * e for w, _, e in items) / total
            result = (thresholds.status(expected - progress), progress, expected, len(items), has_metric)
        rolled[gid] = result
        return result

    out = []
    for gid in sorted(goals, key=natural_key):
        if gid not in wanted or (strategy is not None and strategy not in index.out[RelType.PART_OF.value].get(gid, ())):
            continue
        status, progress, expected, n_items, _ = roll(gid)
        own = [metrics[m] for m in sorted(index.into[RelType.MEASURES.value].get(gid, ()), key=natural_key)
               if m in metrics]
        spread = spreads.get(gid)
        projects = _projects(graph, index, gid, as_of)
        bodies = set(b for b in index.out[RelType.RESPONSIBLE.value].get(gid, ())
                     if graph.type_of(b) == NodeType.GOVERNING_BODY)
        steered_by = index.out[RelType.STEERED_BY.value]
        for p in projects:
            bodies.update(steered_by.get(p["id"], ()))
        warnings = [f"{m.metric}: {w}" for m in own for w in m.warnings]
        gap_rules = _goal_gaps(gaps_by_node, gid, own)
        out.append(GoalFollowup(
            goal=gid, label=graph.label(gid), label_en=graph.label(gid, "en"),
            strategy=next(iter(index.out[RelType.PART_OF.value].get(gid, ())), None), status=status,
            progress=progress, expected_progress=expected, gap=None if progress is None else expected - progress,
            items=n_items, rule=ROLLUP_RULE + "; " + thresholds.describe(), metrics=own,
            subgoals=sorted(index.into[RelType.BROADER.value].get(gid, ()), key=natural_key),
            owners=_owners(graph, index, dated, gid, day), projects=projects,
            sectors=dict(spread.sectors) if spread else {}, cross_sector_index=spread.index if spread else 0.0,
            silo=bool(spread and spread.silo), bodies=sorted(bodies, key=natural_key),
            networks=sorted(index.into[RelType.ADVANCES.value].get(gid, ()), key=natural_key),
            gaps=[rule if node == gid else f"{node}: {rule}" for node, rule in gap_rules], warnings=warnings,
            gap_rules=gap_rules, updates=_updates(graph, gid, own, day)))
    return out


def _updates(graph: GraphData, goal: str, metrics: Iterable[MetricProgress], day: datetime.date) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"narratives": [], "actions": [], "milestones": []}
    for target in [goal, *(m.metric for m in metrics)]:
        for kind, items in updates_for(graph, target, day).items():
            out[kind] += [{**item, "for": target} for item in items]
    return out


def _goal_gaps(gaps_by_node: dict[str, list[str]], goal: str, metrics: Iterable[MetricProgress]) -> list[tuple[str, str]]:
    found = [(goal, rule) for rule in gaps_by_node.get(goal, ())]
    for m in metrics:
        found.extend((m.metric, rule) for rule in gaps_by_node.get(m.metric, ()))
    return found

