"""Strategy versions: how the goals of an old strategy map to a new one, and what the change leaves uncovered.

A goal of the new strategy ``continues`` (carries over), ``merges`` (joins with others) or ``replaces``
(gives new content to) goals of the old one. An old goal without a link of its own follows its nearest
linked broader goal (``carried_with_parent``); with none it is ``dropped``. Projects and metrics carry
over with their goals: a project or metric of the old strategy whose goals are all dropped (and that
serves no new goal directly) is left without a goal. Per new goal: the projects and metrics it carries
over or has of its own, its owners, the summed budget of its projects (each project's whole budget under
every goal it serves) and what it still lacks (project, metric, owner).

Examples
--------
>>> walk = crosswalk(example_graph, "S-2021", "S-2026")  # the example city (the doctests' namespace)
>>> [g["goal"] for g in walk.old_goals if g["outcome"] == "dropped"]
['G8', 'G10', 'G10.1', 'G12', 'G13']
>>> [(g["goal"], g["missing"]) for g in walk.new_goals if g["missing"]]
[('N3', ['owner']), ('N6', ['project', 'metric', 'owner'])]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from graph_model.schema_types import NodeType, RelType
from ontologies.errors import NotFoundError, UsageError
from queries.contribution import contributors
from queries.projection import GraphData
from queries.silos import natural_key

__all__ = ["Crosswalk", "crosswalk", "LINKS"]

#: The crosswalk relations, in the order their outcome is reported (new goal -> old goal).
LINKS = {RelType.CONTINUES.value: "continued", RelType.MERGES.value: "merged", RelType.REPLACES.value: "replaced"}


@dataclass
class Crosswalk:
    """The two strategies side by side (plain dicts, ready for a table or JSON)."""

    old: str
    new: str
    old_goals: list[dict] = field(default_factory=list)
    new_goals: list[dict] = field(default_factory=list)
    orphan_projects: list[dict] = field(default_factory=list)
    orphan_metrics: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Everything, for JSON."""
        return dict(self.__dict__)


def _strategy_goals(graph: GraphData, strategy: str) -> list[str]:
    if graph.type_of(strategy) != NodeType.STRATEGY:
        known = ", ".join(graph.ids_of(NodeType.STRATEGY)) or "none"
        raise NotFoundError(f"no strategy {strategy!r}; strategies in the store: {known}")
    return sorted((g for g, s in graph.edges.get(RelType.PART_OF.value, ()) if s == strategy
                   and graph.type_of(g) == NodeType.GOAL), key=natural_key)


def crosswalk(graph: GraphData, old: str, new: str) -> Crosswalk:
    """Map the goals of strategy ``old`` to those of ``new`` (strategy ids).

    Raises
    ------
    NotFoundError
        Either id is not a strategy.
    UsageError
        ``old`` and ``new`` are the same strategy.

    Examples
    --------
    >>> g = GraphData(types={"S1": "Strategy", "S2": "Strategy", "A": "Goal", "B": "Goal", "P": "Project"},
    ...               edges={"part_of": [("A", "S1"), ("B", "S2")], "continues": [("B", "A")],
    ...                      "contributes_to": [("P", "A")]})
    >>> crosswalk(g, "S1", "S2").new_goals[0]["projects"]
    ['P']
    """
    if old == new:
        raise UsageError("give two different strategies: OLD NEW")
    old_goals, new_goals = _strategy_goals(graph, old), _strategy_goals(graph, new)
    old_set, new_set = set(old_goals), set(new_goals)
    links: dict[str, list[tuple[str, str]]] = defaultdict(list)   # old goal -> [(outcome, new goal)]
    inherits: dict[str, list[str]] = defaultdict(list)             # new goal -> old goals it takes over
    for relation, outcome in LINKS.items():
        for n, o in graph.edges.get(relation, ()):
            if n in new_set and o in old_set:
                links[o].append((outcome, n))
                inherits[n].append(o)
    parent = {c: p for c, p in graph.edges.get(RelType.BROADER.value, ()) if c in old_set}
    walk = Crosswalk(old, new)
    mapped: dict[str, list[str]] = {}
    for goal in old_goals:
        node, via = goal, None
        seen = set()
        while node is not None and not links.get(node) and node not in seen:
            seen.add(node)
            node, via = parent.get(node), parent.get(node)
        found = links.get(node, []) if node is not None else []
        outcome = ("carried_with_parent" if via else found[0][0]) if found else "dropped"
        mapped[goal] = sorted({n for _, n in found}, key=natural_key)
        walk.old_goals.append({"goal": goal, "label": graph.label(goal), "outcome": outcome, "new_goals": mapped[goal],
                               "via": via if found else None})
        for n in mapped[goal]:
            if goal not in inherits[n]:
                inherits[n].append(goal)
    contributes = graph.edges.get(RelType.CONTRIBUTES_TO.value, ())
    measures = graph.edges.get(RelType.MEASURES.value, ())
    responsible = graph.edges.get(RelType.RESPONSIBLE.value, ())
    working = contributors(graph)  # the one definition of "contributes" (queries.contribution)
    for goal in new_goals:
        takes = set(inherits[goal]) | {goal}
        projects = sorted(working.get(goal, ()), key=natural_key)
        metrics = sorted({m for m, g in measures if g in takes}, key=natural_key)
        owners = sorted(o for g, o in responsible if g == goal)
        budget = round(sum(float(graph.props.get(p, {}).get("budget") or 0) for p in projects))
        kinds = {rel: sorted((o for n, o in graph.edges.get(rel, ()) if n == goal), key=natural_key) for rel in LINKS}
        missing = [what for what, have in (("project", projects), ("metric", metrics), ("owner", owners)) if not have]
        walk.new_goals.append({"goal": goal, "label": graph.label(goal), **kinds, "projects": projects,
                               "metrics": metrics, "owners": owners, "budget": budget, "missing": missing})
    walk.orphan_projects = _orphans(graph, contributes, old_set, new_set, mapped, NodeType.PROJECT)
    walk.orphan_metrics = _orphans(graph, measures, old_set, new_set, mapped, NodeType.METRIC)
    return walk


def _orphans(graph: GraphData, edges, old_set: set[str], new_set: set[str], mapped: dict[str, list[str]],
             node_type: str) -> list[dict]:
    goals_of: dict[str, list[str]] = defaultdict(list)
    for node, goal in edges:
        if graph.type_of(node) == node_type:
            goals_of[node].append(goal)
    out = []
    for node in sorted(goals_of, key=natural_key):
        goals = goals_of[node]
        old_goals = [g for g in goals if g in old_set]
        if old_goals and not any(g in new_set for g in goals) and not any(mapped.get(g) for g in old_goals):
            out.append({"id": node, "label": graph.label(node), "old_goals": sorted(old_goals, key=natural_key)})
    return out
