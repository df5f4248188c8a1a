"""The status rule in SPARQL (embedded store) and Cypher (Neo4j) gives the Python statuses and progress."""

from __future__ import annotations

import pytest

from queries.followup import metric_followups
from queries.sparql import SPARQL_DIR, run_select


def python_rule(graph, as_of_year=None) -> dict[str, tuple]:
    out = {}
    for metric, p in metric_followups(graph, as_of_year).items():
        out[metric] = (p.status, None if p.progress is None else pytest.approx(p.progress, abs=1e-9),
                       None if p.expected_progress is None else pytest.approx(p.expected_progress, abs=1e-9))
    return out


def _num(text):
    return None if text in (None, "") else float(text)


def test_sparql_status_rule_agrees(city):
    store, graph = city
    names, rows = run_select(store, (SPARQL_DIR / "followup_status.rq").read_text(encoding="utf-8"))
    got = {r["metric_id"]: (r["status"], _num(r["progress"]), _num(r["expected"]))
           for r in (dict(zip(names, row)) for row in rows)}
    want = python_rule(graph)
    assert got == want
    assert {s for s, _, _ in got.values()} >= {"on_track", "off_track"}


@pytest.mark.neo4j
def test_cypher_status_rule_agrees(city, cypher_on):
    store, graph = city
    run = cypher_on(store)
    for as_of_year in (None, 2021):
        rows = run("analysis_followup_status", as_of_year=as_of_year)
        got = {r["metric_id"]: (r["status"], r["progress"], r["expected"]) for r in rows}
        assert got == python_rule(graph, as_of_year)
