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


@pytest.fixture(scope="module")
def updated_city(example_city):
    """The example city with owners' dated observations in years the spreadsheet has rows for."""
    from examples import EXAMPLE_DIR
    from graph_model.store import GraphStore
    from ingest.pipeline import ingest
    from ingest.updates import observe
    from queries.projection import load_graph

    with GraphStore(None) as store:
        ingest(EXAMPLE_DIR, store, source="city")
        observe(store, "M-TYOTTOMYYS", "8.9", on="2024-11-30", author="ann")
        observe(store, "M-TYOTTOMYYS", "8.7", on="2024-12-15", author="ann")
        observe(store, "M-VAKILUKU", "99999", on="2024-01-31", author="ann")
        yield store, load_graph(store, cache=False)


def test_the_engines_agree_that_a_dated_observation_wins(updated_city):
    store, graph = updated_city
    names, rows = run_select(store, (SPARQL_DIR / "followup_status.rq").read_text(encoding="utf-8"))
    found = [dict(zip(names, row)) for row in rows]
    assert len(found) == len({r["metric_id"] for r in found})  # one row per metric
    latest = {r["metric_id"]: _num(r["latest_value"]) for r in found}
    assert latest["M-TYOTTOMYYS"] == 8.7 and metric_followups(graph)["M-TYOTTOMYYS"].latest_value == 8.7
    got = {r["metric_id"]: (r["status"], _num(r["progress"]), _num(r["expected"])) for r in found}
    assert got == python_rule(graph)


@pytest.mark.neo4j
def test_cypher_agrees_that_a_dated_observation_wins(updated_city, cypher_on):
    store, graph = updated_city
    rows = cypher_on(store)("analysis_followup_status")
    assert {r["metric_id"]: (r["status"], r["progress"], r["expected"]) for r in rows} == python_rule(graph)
