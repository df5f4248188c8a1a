"""Follow-up rules checked at ingest: observations and targets that cannot be followed up, and goal
crosswalks between strategies that cannot be read.

=========================== ===========================================================================
observation-before-baseline an observation's year is before its metric's baseline year
duplicate-observation       two observations of one metric for the same year
target-wrong-side           the target is below the baseline for ``increase`` (above for ``decrease``)
crosswalk-same-strategy     continues / merges / replaces points at a goal of the same strategy
crosswalk-cycle             continues / merges / replaces (taken together) form a cycle
=========================== ===========================================================================

Each is an error with file, sheet, row and column; nothing is stored. Non-numeric values are already
refused by the column readers (:mod:`ingest.values`).

Examples
--------
>>> from ingest.records import Entity, Edge, Parsed
>>> m = Entity("M", "Metric", "metrics.csv", "metrics", 2, [("baseline", None, 10), ("baseline_year", None, 2020),
...            ("target", None, 5), ("direction", None, "increase")])
>>> [p.rule for p in check_followup(Parsed({"M": m}, []))]
['target-wrong-side']
"""

from __future__ import annotations

from collections import defaultdict

from graph_model.schema_types import MetricDirection, NodeType, RelType
from ingest.problems import Problem
from ingest.records import Entity, Parsed

__all__ = ["check_followup", "CROSSWALK_RELATIONS"]

#: The relations that map a goal of a new strategy to goals of an older one.
CROSSWALK_RELATIONS = (RelType.CONTINUES.value, RelType.MERGES.value, RelType.REPLACES.value)


def _value(entity: Entity, name: str):
    return next((v for n, _, v in entity.values if n == name), None)


def _metric_problems(parsed: Parsed) -> list[Problem]:
    problems = []
    for m in (e for e in parsed.entities.values() if e.type == NodeType.METRIC):
        baseline, target, direction = _value(m, "baseline"), _value(m, "target"), _value(m, "direction")
        if baseline is None or target is None:
            continue
        if (direction == MetricDirection.INCREASE and target < baseline) or \
                (direction == MetricDirection.DECREASE and target > baseline):
            problems.append(Problem(m.file, m.sheet, m.row, "target",
                                    f"metric {m.id!r}: target {target} is on the wrong side of baseline {baseline} "
                                    f"for direction '{direction}'", "target-wrong-side"))
    metric_of = {e.source: e.target for e in parsed.edges if e.relation == RelType.OBSERVATION_OF}
    seen: dict[tuple[str, int], str] = {}
    for obs in (e for e in parsed.entities.values() if e.type == NodeType.OBSERVATION):
        metric, year = metric_of.get(obs.id), _value(obs, "year")
        if metric is None or year is None:
            continue
        if (metric, year) in seen:
            problems.append(Problem(obs.file, obs.sheet, obs.row, "year",
                                    f"observation {obs.id!r}: metric {metric!r} already has an observation for "
                                    f"{year} ({seen[(metric, year)]!r})", "duplicate-observation"))
        else:
            seen[(metric, year)] = obs.id
        owner = parsed.entities.get(metric)
        base_year = _value(owner, "baseline_year") if owner is not None else None
        if base_year is not None and year < base_year:
            problems.append(Problem(obs.file, obs.sheet, obs.row, "year",
                                    f"observation {obs.id!r} of {year} is before the baseline year {base_year} of "
                                    f"metric {metric!r}", "observation-before-baseline"))
    return problems


def _crosswalk_problems(parsed: Parsed, existing_strategy: dict[str, str]) -> list[Problem]:
    problems = []
    strategy = {**existing_strategy, **{e.source: e.target for e in parsed.edges if e.relation == RelType.PART_OF
                                        and parsed.entities.get(e.source) is not None
                                        and parsed.entities[e.source].type == NodeType.GOAL}}
    graph = defaultdict(list)
    for e in (e for e in parsed.edges if e.relation in CROSSWALK_RELATIONS):
        graph[e.source].append(e)
        if strategy.get(e.source) is not None and strategy.get(e.source) == strategy.get(e.target):
            problems.append(Problem(e.file, e.sheet, e.row, e.column,
                                    f"{e.source!r} {e.relation} {e.target!r}, a goal of the same strategy "
                                    f"{strategy[e.source]!r}; a crosswalk links goals of two strategies",
                                    "crosswalk-same-strategy"))
    done: set[str] = set()
    for start in sorted(graph):
        path: list[str] = []

        def visit(node: str) -> bool:
            if node in path:
                cycle = path[path.index(node):] + [node]
                edge = graph[path[-1]][0]
                problems.append(Problem(edge.file, edge.sheet, edge.row, edge.column,
                                        f"goal crosswalk forms a cycle: {' -> '.join(cycle)}", "crosswalk-cycle"))
                return True
            if node in done:
                return False
            path.append(node)
            found = any(visit(e.target) for e in graph.get(node, ()))
            path.pop()
            done.add(node)
            return found
        visit(start)
    return problems


def check_followup(parsed: Parsed, existing_strategy: dict[str, str] | None = None) -> list[Problem]:
    """The follow-up rules' problems (also appended to ``parsed.problems``); ``existing_strategy`` maps
    goals already in the store to their strategy."""
    found = _metric_problems(parsed) + _crosswalk_problems(parsed, existing_strategy or {})
    parsed.problems.extend(found)
    return found
