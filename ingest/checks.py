"""Checks across rows: references, endpoint types, cardinality, cycles and ids clashing with the store.

Examples
--------
>>> from ingest.records import Entity, Edge, Parsed
>>> parsed = Parsed({"U1": Entity("U1", "Unit", "units.csv", "units", 2)},
...                 [Edge("U1", "part_of", "U1", "units.csv", "units", 2, "part_of")])
>>> [p.rule for p in check_parsed(parsed, {})]
['cycle']
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ingest.followup_checks import check_followup
from ingest.problems import Problem
from ingest.records import Edge, Parsed, closest
from ontologies.schema import load_schema

__all__ = ["check_parsed"]


def _edge_problem(edge: Edge, message: str, rule: str) -> Problem:
    return Problem(edge.file, edge.sheet, edge.row, edge.column, message, rule)


def _check_edges(parsed: Parsed, types: dict[str, str]) -> list[Edge]:
    """Report unknown and ill-typed references; return the edges that are fine."""
    schema = load_schema()
    good = []
    for edge in parsed.edges:
        rel = schema.relations[edge.relation]
        source_type = types.get(edge.source)
        target_type = types.get(edge.target)
        bad = False
        for end, ident, column in (("source", edge.source, "source_id"), ("target", edge.target, edge.column)):
            if ident not in types:
                hint = closest(ident, types)
                parsed.problems.append(Problem(
                    edge.file, edge.sheet, edge.row, column,
                    f"unknown {end} id {ident!r}" + (f"; did you mean {hint!r}?" if hint else ""),
                    "unknown-reference"))
                bad = True
        if bad:
            continue
        if source_type not in rel.endpoints:
            allowed = ", ".join(rel.endpoints)
            parsed.problems.append(_edge_problem(
                edge, f"{edge.source!r} is a {source_type}; {rel.name} may start only from {allowed}",
                "wrong-type"))
            continue
        if not rel.allows(source_type, target_type):
            allowed = ", ".join(rel.endpoints[source_type].targets)
            parsed.problems.append(_edge_problem(
                edge, f"{edge.target!r} is a {target_type}; {source_type}.{rel.name} must point to {allowed}",
                "wrong-type"))
            continue
        props = edge.props or {}
        if props.get("start_date") and props.get("end_date") and props["end_date"] < props["start_date"]:
            parsed.problems.append(Problem(edge.file, edge.sheet, edge.row, "end_date",
                                           "end_date is before start_date", "bad-date"))
        good.append(edge)
    return good


def _check_cardinality(parsed: Parsed, edges: list[Edge]) -> None:
    schema = load_schema()
    counts = Counter((e.source, e.relation) for e in {(e.source, e.relation, e.target): e for e in edges}.values())
    for entity in parsed.entities.values():
        for rel in schema.relations_from(entity.type):
            end = rel.endpoints[entity.type]
            n = counts.get((entity.id, rel.name), 0)
            column = parsed.columns.get(rel.name, rel.name)  # a mapped file's own column
            if n < end.min:
                parsed.problems.append(Problem(
                    entity.file, entity.sheet, entity.row, column,
                    f"{entity.type} {entity.id!r} needs at least {end.min} {rel.name} "
                    f"({', '.join(end.targets)}); it has {n}", "min-count"))
            if end.max is not None and n > end.max:
                parsed.problems.append(Problem(
                    entity.file, entity.sheet, entity.row, column,
                    f"{entity.type} {entity.id!r} may have at most {end.max} {rel.name}; it has {n}", "max-count"))


def _check_cycles(parsed: Parsed, edges: list[Edge]) -> None:
    schema = load_schema()
    for rel in (r for r in schema.relations.values() if r.acyclic):
        graph = defaultdict(list)
        first_edge = {}
        for e in edges:
            if e.relation == rel.name:
                graph[e.source].append(e.target)
                first_edge.setdefault(e.source, e)
        reported: set[str] = set()
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        for start in sorted(graph):
            if state.get(start):
                continue
            stack, path = [(start, iter(graph[start]))], [start]
            state[start] = 1
            while stack:
                node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    state[node] = 2
                    stack.pop()
                    path.pop()
                elif state.get(child) == 1:
                    cycle = path[path.index(child):] + [child]
                    if not reported & set(cycle):
                        reported |= set(cycle)
                        e = first_edge[child]
                        what = "is part of itself" if len(cycle) == 2 else "is in a cycle"
                        parsed.problems.append(_edge_problem(
                            e, f"{child!r} {what} through {rel.name}: {' -> '.join(cycle)}", "cycle"))
                elif not state.get(child):
                    state[child] = 1
                    path.append(child)
                    stack.append((child, iter(graph.get(child, ()))))


def check_parsed(parsed: Parsed, existing: dict[str, str]) -> list[Problem]:
    """Check references, types, cardinality and cycles; ``existing`` maps ids in the store to types.

    Returns (and appends to ``parsed.problems``) the problems found; ids of this input that are
    already defined by another source in the store are reported as duplicates.
    """
    for ident, entity in parsed.entities.items():
        if ident in existing:
            parsed.problems.append(Problem(entity.file, entity.sheet, entity.row, "id",
                                           f"duplicate id {ident!r}: another source in the store defines it "
                                           f"(as {existing[ident]})", "duplicate-id"))
    types = {**existing, **{i: e.type for i, e in parsed.entities.items()}}
    edges = _check_edges(parsed, types)
    _check_cardinality(parsed, edges)
    _check_cycles(parsed, edges)
    check_followup(parsed)
    return parsed.problems
