"""The goals x sectors coverage matrix of the example city."""

from __future__ import annotations

import pytest

from examples import EXAMPLE_DIR
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from ontologies.errors import InputError, UsageError
from queries.contribution import contributions
from queries.coverage import coverage
from queries.projection import load_graph


@pytest.fixture(scope="module")
def cov(graph):
    return coverage(graph)


def test_shape_and_order(cov, graph):
    assert cov.projects.shape == cov.budget.shape == (25, 5)
    assert cov.sectors == sorted(graph.ids_of("Sector"))
    assert cov.goals.index("G2") < cov.goals.index("G10")


@pytest.mark.parametrize("goal, sector, projects, budget", [
    ("G4", "SEC-ELVO", 2, 2_250_000.0),       # P-KORKEAKOULU 150,000 + P-TKI 2,100,000
    ("G13", "SEC-KOHA", 1, 180_000.0),        # P-HENKILOSTO
    ("G10", "SEC-KOHA", 1, 0.0),              # P-NEB, an idea without a budget
    ("G11", "SEC-LIIKE", 0, 0.0),             # the water utility's biogas project is on G11.1 and G11.2
    ("G11.1", "SEC-KYMP", 5, 2_920_000.0),    # P-HNR, P-ENERGIA, P-KAVELY, P-ILMASTO-OHJELMA, P-YLEISKAAVA
])
def test_cells(cov, goal, sector, projects, budget):
    assert cov.cell(goal, sector) == projects
    assert cov.cell(goal, sector, "budget") == pytest.approx(budget)


def test_every_contribution_of_a_project_is_counted_once(cov, graph):
    pairs = contributions(graph)  # the one definition: direct links and the goals a new goal takes over
    assert len(pairs) > len(graph.edges["contributes_to"])
    assert cov.projects.sum() == len(pairs)


def test_a_new_goal_counts_the_work_of_the_goals_it_merges(cov):
    """Issue 22 item 2: the 2026 scorecard said N1 had 9 projects and 0 sectors."""
    assert cov.projects[cov.goals.index("N1")].sum() == 9
    merged = sum(cov.projects[cov.goals.index(g)] for g in ("G1", "G2", "G2.1", "G3"))  # G2.1 with its parent
    assert (cov.projects[cov.goals.index("N1")] > 0).tolist() == (merged > 0).tolist()


def test_budget_sums_each_contribution_and_leaves_out_projects_without_goal(cov, graph):
    budget = {p: float(graph.props[p].get("budget", 0)) for p in graph.ids_of("Project")}
    expected = sum(budget[p] for p, g in contributions(graph) if p in budget)
    assert cov.budget.sum() == pytest.approx(expected)
    assert budget["P-LED"] == 3_200_000 and not any(p == "P-LED" for p, _ in graph.edges["contributes_to"])


def test_rows(cov):
    rows = {r["goal"]: r for r in cov.as_rows()}
    assert rows["G4"]["SEC-ELVO"] == 2 and rows["G4"]["total"] == 2
    assert list(rows["G4"]) == ["goal", "label", *cov.sectors, "total"]
    assert {r["goal"]: r["total"] for r in cov.as_rows("budget")}["G4"] == pytest.approx(2_250_000.0)


def test_unknown_measure(cov):
    with pytest.raises(UsageError, match="unknown measure"):
        cov.as_rows("happiness")


def test_empty_store():
    with GraphStore(None) as store:
        graph = load_graph(store)
    with pytest.raises(InputError, match="the store holds no goals; run `stratgraph demo`"):
        coverage(graph)
