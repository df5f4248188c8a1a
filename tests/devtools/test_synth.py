"""Tests of devtools/synth/: determinism, headers and a structural validity check of the output.

The validity check is written here with the csv module and the schema only (no ingest reader),
so that it checks the generator independently: ids unique across files, every reference resolves
to a node of an allowed target type, min/max cardinality, acyclic relations without cycles, enum
codes, ISO dates and decimals with '.'.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from ingest.columns import RELATIONSHIP_COLUMNS, RELATIONSHIPS_SHEET, sheet_columns
from devtools.synth import SCALES, SynthSummary, write_synth
from ontologies.errors import UsageError
from ontologies.schema import load_schema

REQUIRED_SHEETS = ["strategies", "goals", "metrics", "observations", "sectors", "units", "bodies", "roles",
                   "projects", "themes", "funding", "stakeholders", "networks", "services", "agreements"]


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> tuple[SynthSummary, list[int]]:
    calls: list[int] = []
    summary = write_synth("city", 1, tmp_path_factory.mktemp("city1"), progress=calls.append)
    return summary, calls


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _ids(cell: str) -> list[str]:
    """Multi-valued cells must join ids with '; ' exactly."""
    if not cell:
        return []
    parts = cell.split("; ")
    assert all(p and p == p.strip() and not any(c in p for c in ",;|\n") for p in parts), cell
    return parts


def _check_literal(datatype: str, value: str, where: str) -> None:
    schema = load_schema()
    if datatype == "date":
        assert len(value) == 10 and dt.date.fromisoformat(value), where
    elif datatype == "decimal":
        assert "," not in value and math.isfinite(float(value)), where
    elif datatype == "integer":
        int(value)
    elif datatype.startswith("enum:"):
        assert value in schema.enumerations[datatype[5:]].values, f"{where}: {value!r} is no code"


def _has_cycle(edges: list[tuple[str, str]]) -> bool:
    graph: dict[str, list[str]] = defaultdict(list)
    indegree: Counter[str] = Counter()
    nodes: set[str] = set()
    for a, b in edges:
        graph[a].append(b)
        indegree[b] += 1
        nodes |= {a, b}
    queue = [n for n in sorted(nodes) if indegree[n] == 0]
    seen = 0
    while queue:
        node = queue.pop()
        seen += 1
        for nxt in graph[node]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                queue.append(nxt)
    return seen != len(nodes)


def validate_folder(folder: Path) -> dict[str, int]:
    """Assert that ``folder`` is valid stratgraph input; return node counts per type."""
    schema = load_schema()
    types_of: dict[str, str] = {}
    rows_of: dict[str, list[dict[str, str]]] = {}
    for name, node in schema.node_types.items():
        path = folder / f"{node.sheet}.csv"
        if not path.exists():
            continue
        header, rows = _read(path)
        assert header == [c.name for c in sheet_columns(name)], path.name
        rows_of[name] = rows
        for row in rows:
            ident = row["id"]
            assert ident and ident not in types_of, f"duplicate or empty id {ident!r} in {path.name}"
            types_of[ident] = name
    assert set(REQUIRED_SHEETS) <= {schema.node_types[t].sheet for t in rows_of}

    edges: dict[tuple[str, str], set[str]] = defaultdict(set)  # (relation, source) -> targets
    edge_list: list[tuple[str, str, str]] = []

    def add_edge(rel: str, source: str, target: str, where: str) -> None:
        src_type = types_of[source]
        assert target in types_of, f"{where}: {target!r} does not exist"
        allowed = schema.relations[rel].endpoints[src_type].targets
        assert types_of[target] in allowed, f"{where}: {rel} -> {types_of[target]} not in {allowed}"
        edges[rel, source].add(target)
        edge_list.append((rel, source, target))

    for name, rows in rows_of.items():
        columns = sheet_columns(name)
        for n, row in enumerate(rows, start=2):
            where = f"{schema.node_types[name].sheet}.csv:{n}"
            assert row["label_fi"] or row["label_en"], f"{where}: no label"
            for col in columns:
                value = row[col.name]
                if col.relation is not None:
                    for target in _ids(value):
                        add_edge(col.relation.name, row["id"], target, f"{where} {col.name}")
                elif value:
                    _check_literal(col.prop.datatype, value, f"{where} {col.name}")
                elif col.required:
                    raise AssertionError(f"{where}: required {col.name} is empty")

    header, rel_rows = _read(folder / f"{RELATIONSHIPS_SHEET}.csv")
    assert header == [c.name for c in RELATIONSHIP_COLUMNS]
    for n, row in enumerate(rel_rows, start=2):
        where = f"relationships.csv:{n}"
        rel = schema.relation_by_key(row["relation"])
        assert rel is not None, where
        assert row["source_id"] in types_of, f"{where}: no source {row['source_id']!r}"
        assert types_of[row["source_id"]] in rel.endpoints, where
        add_edge(rel.name, row["source_id"], row["target_id"], where)
        for key in ("start_date", "end_date"):
            if row[key]:
                _check_literal("date", row[key], f"{where} {key}")
        if row["start_date"] and row["end_date"]:
            assert row["start_date"] <= row["end_date"], where

    duplicates = [e for e, k in Counter(edge_list).items() if k > 1]
    assert not duplicates, duplicates[:5]

    for rel in schema.relations.values():
        for src_type, endpoint in rel.endpoints.items():
            for row in rows_of.get(src_type, []):
                k = len(edges.get((rel.name, row["id"]), ()))
                assert k >= endpoint.min, f"{row['id']} has {k} {rel.name}, needs {endpoint.min}"
                assert endpoint.max is None or k <= endpoint.max, f"{row['id']} has {k} {rel.name}"
        if rel.acyclic:
            assert not _has_cycle([(s, t) for r, s, t in edge_list if r == rel.name]), rel.name
    return {name: len(rows) for name, rows in rows_of.items()}


def test_output_is_valid_input(city):
    summary, _ = city
    counts = validate_folder(summary.out_dir)
    scale = SCALES["city"]
    assert counts["Project"] == scale.projects
    assert counts["Unit"] == scale.units and counts["Stakeholder"] == scale.stakeholders


def test_headers_are_sheet_columns(city):
    summary, _ = city
    schema = load_schema()
    for name, node in schema.node_types.items():
        path = summary.out_dir / f"{node.sheet}.csv"
        if path.exists():
            assert _read(path)[0] == [c.name for c in sheet_columns(name)]
    assert _read(summary.out_dir / "relationships.csv")[0] == [c.name for c in RELATIONSHIP_COLUMNS]


def test_summary_and_progress(city):
    summary, calls = city
    for name, count in summary.counts.items():
        assert count == len(_read(summary.out_dir / name)[1])
    assert summary.total_rows == sum(summary.counts.values())
    assert calls and calls == sorted(calls) and calls[-1] == summary.total_rows
    assert summary.scale == "city" and summary.seed == 1


def test_dated_memberships(city):
    summary, _ = city
    rows = _read(summary.out_dir / "relationships.csv")[1]
    members = [r for r in rows if r["relation"] == "has_member"]
    assert len(members) > 100 and all(r["start_date"] for r in members)
    assert any(r["end_date"] for r in members)


def test_same_seed_same_bytes(city, tmp_path):
    summary, _ = city
    again = write_synth("city", 1, tmp_path)
    assert again.counts == summary.counts
    for name in summary.counts:
        assert (tmp_path / name).read_bytes() == (summary.out_dir / name).read_bytes(), name


def test_other_seed_other_data(city, tmp_path):
    summary, _ = city
    write_synth("city", 2, tmp_path)
    assert (tmp_path / "projects.csv").read_bytes() != (summary.out_dir / "projects.csv").read_bytes()
    assert (tmp_path / "stakeholders.csv").read_bytes() != (summary.out_dir / "stakeholders.csv").read_bytes()


def test_project_shape_and_skew(city):
    summary, _ = city
    projects = _read(summary.out_dir / "projects.csv")[1]
    partners = [len(_ids(p["has_partner"])) for p in projects]
    goals = [len(_ids(p["contributes_to"])) for p in projects]
    themes = [len(_ids(p["has_theme"])) for p in projects]
    funding = [len(_ids(p["funded_by"])) for p in projects]
    assert max(partners) <= 6 and min(partners) == 0
    assert max(goals) <= 3 and 0 < goals.count(0) < len(projects) * 0.2
    assert min(themes) >= 1 and max(themes) <= 3
    assert max(funding) <= 2
    assert all(p["label_fi"] and p["label_en"] and p["description_fi"] and p["description_en"] for p in projects)
    # a few hubs take part in many projects, most stakeholders in few
    degree = Counter(s for p in projects for s in _ids(p["has_partner"]) if s.startswith("S-"))
    ranked = sorted(degree.values(), reverse=True)
    median = ranked[len(ranked) // 2]
    assert ranked[0] >= 10 * max(median, 1)
    leads = Counter(p["led_by"] for p in projects).most_common()
    assert leads[0][1] >= 5 * leads[len(leads) // 2][1]


def test_project_names_share_theme_words(city):
    summary, _ = city
    themes = {t["id"]: t for t in _read(summary.out_dir / "themes.csv")[1]}
    projects = _read(summary.out_dir / "projects.csv")[1][:200]
    hits = 0
    for p in projects:
        first = themes[_ids(p["has_theme"])[0]]
        word = first["label_en"].lower().split()[-1]
        hits += word in p["label_en"].lower()
    assert hits > 0.7 * len(projects)


def test_unknown_scale(tmp_path):
    with pytest.raises(UsageError) as info:
        write_synth("planet", 1, tmp_path)
    assert all(name in str(info.value) for name in SCALES)
    assert not any(tmp_path.iterdir())
