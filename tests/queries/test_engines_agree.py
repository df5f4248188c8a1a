"""The engines agree: the SPARQL files (embedded store) and Cypher files (Neo4j) give the Python answers.

On the example city and on synthetic city-scale data (1,000 projects). The Neo4j tests push the store
under their own owner name, compare, and remove what they pushed.
"""

from __future__ import annotations

import re
import uuid

import pytest

from examples import EXAMPLE_DIR
from graph_model.store import GraphStore
from graph_model.terms import node_iri
from ingest.pipeline import ingest
from devtools.synth import write_synth
from queries.coverage import coverage
from queries.gaps import governance_gaps
from queries.projection import load_graph
from queries.silos import goal_spread
from queries.sparql import SPARQL_DIR, run_select

@pytest.fixture(scope="module", params=["example", "synth-city"])
def loaded(request, tmp_path_factory):
    """(store, graph) of the example city or of synthetic city-scale data."""
    if request.param == "example":
        folder = EXAMPLE_DIR
    else:
        folder = tmp_path_factory.mktemp("synth-city")
        write_synth("city", 3, folder)
    store = GraphStore(None)
    ingest(folder, store, source=request.param)
    yield store, load_graph(store)
    store.close()


# -- the Python answers, as plain comparable values ------------------------------------------------

def py_silos(graph, goal: str | None = None) -> dict[tuple[str, str], int]:
    return {(s.goal, sector): n for s in goal_spread(graph, goal=goal) for sector, n in s.sectors.items()}


def py_coverage(graph) -> dict[tuple[str, str], tuple[int, float]]:
    cov = coverage(graph)
    return {(g, s): (cov.cell(g, s), cov.cell(g, s, "budget")) for g in cov.goals for s in cov.sectors
            if cov.cell(g, s)}


def py_gaps(graph) -> set[tuple[str, str, str]]:
    return {(g.rule, g.node, g.node_type) for g in governance_gaps(graph)}


def approx_coverage(cells: dict) -> dict:
    return {k: (n, pytest.approx(b)) for k, (n, b) in cells.items()}


# -- SPARQL ------------------------------------------------------------------------------------------

def sparql(store, name: str, params: dict | None = None) -> list[dict]:
    names, rows = run_select(store, (SPARQL_DIR / f"{name}.rq").read_text(encoding="utf-8"), params)
    return [dict(zip(names, r)) for r in rows]


def test_sparql_silo_goals(loaded):
    store, graph = loaded
    rows = sparql(store, "silo_goals")
    assert rows and {(r["goal_id"], r["sector_id"]): int(r["n"]) for r in rows} == py_silos(graph)


def test_sparql_silo_goals_for_one_goal(loaded):
    store, graph = loaded
    goal = graph.ids_of("Goal")[0]
    rows = sparql(store, "silo_goals", {"goal": node_iri(goal)})
    assert {(r["goal_id"], r["sector_id"]): int(r["n"]) for r in rows} == py_silos(graph, goal)


def test_sparql_coverage(loaded):
    store, graph = loaded
    rows = sparql(store, "coverage")
    got = {(r["goal_id"], r["sector_id"]): (int(r["projects"]), float(r["budget"])) for r in rows}
    assert got == approx_coverage(py_coverage(graph))


def test_sparql_governance_gaps(loaded):
    store, graph = loaded
    rows = sparql(store, "governance_gaps")
    assert len(rows) == len(py_gaps(graph))
    assert {(r["rule"], r["node_id"], r["node_type"]) for r in rows} == py_gaps(graph)


def test_sparql_governance_gaps_for_one_rule(loaded):
    store, graph = loaded
    rows = sparql(store, "governance_gaps", {"rule": "project_without_goal"})
    assert {r["node_id"] for r in rows} == {n for rule, n, _ in py_gaps(graph) if rule == "project_without_goal"}


# -- Cypher --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pushed(loaded, neo4j_dev_server):
    """Run a library query on the store pushed to Neo4j under a fresh owner; removed afterwards."""
    from graph_model.neo4j_sync import push, remove_owned
    from queries.cypher import find_query, run_cypher

    store, graph = loaded
    owner = f"test-structure-{uuid.uuid4().hex[:12]}"

    def run(name: str, **params) -> list[dict]:
        return run_cypher(neo4j_dev_server, find_query(name).text, {"owner": owner, **params}).rows

    try:
        push(store, neo4j_dev_server, owner=owner)
        yield run, graph
    finally:
        remove_owned(neo4j_dev_server, owner)


@pytest.mark.neo4j
def test_cypher_silo_goals(pushed):
    run, graph = pushed
    rows = run("analysis_silo_goals")
    assert rows and {(r["goal_id"], r["sector_id"]): r["n"] for r in rows} == py_silos(graph)
    goal = graph.ids_of("Goal")[0]
    one = run("analysis_silo_goals", goal=goal)
    assert {(r["goal_id"], r["sector_id"]): r["n"] for r in one} == py_silos(graph, goal)


@pytest.mark.neo4j
def test_cypher_coverage(pushed):
    run, graph = pushed
    got = {(r["goal_id"], r["sector_id"]): (r["projects"], r["budget"]) for r in run("analysis_coverage")}
    assert got == approx_coverage(py_coverage(graph))


@pytest.mark.neo4j
def test_cypher_counts_the_work_a_new_goal_takes_over(pushed):
    """Issue 22 item 2: N1 merges G1, G2 and G3; every Cypher file that counts contributions sees 9 projects."""
    run, graph = pushed
    if "N1" not in graph.types:
        pytest.skip("only the example city has a second strategy")
    led = {s: n for (g, s), (n, _) in py_coverage(graph).items() if g == "N1"}
    assert sum(led.values()) == 9
    assert {r["sector_id"]: r["projects"] for r in run("analysis_coverage") if r["goal_id"] == "N1"} == led
    by_sector = run("projects_per_goal_and_sector", goal="N1")
    assert {r["sector"]: r["led"] for r in by_sector if r["led"]} == led
    served = {("N1", r["sector_id"]): r["n"] for r in run("analysis_silo_goals", goal="N1")}
    assert served == py_silos(graph, "N1") and {s for _, s in served} >= set(led)


@pytest.mark.neo4j
def test_cypher_governance_gaps(pushed):
    run, graph = pushed
    rows = run("analysis_governance_gaps")
    assert len(rows) == len(py_gaps(graph))
    assert {(r["rule"], r["node_id"], r["node_type"]) for r in rows} == py_gaps(graph)


@pytest.mark.parametrize("name", ["analysis_silo_goals", "analysis_coverage", "analysis_governance_gaps"])
def test_cypher_files_have_a_header(name):
    from queries.cypher import find_query

    query = find_query(name)
    assert query.purpose.endswith(".") and query.example.startswith(f"stratgraph cypher -f queries/cypher/{name}")
    declared = {p.name for p in query.params}
    used = set(re.findall(r"\$(\w+)", query.text.split("// example:", 1)[1]))
    assert declared == used and not any(p.required for p in query.params)
