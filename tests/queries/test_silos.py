"""Silo goals on the example city: which sectors serve each goal, and which goal one sector serves alone."""

from __future__ import annotations

import pytest

from examples import EXAMPLE_DIR
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from ontologies.errors import InputError, NotFoundError, UsageError
from queries.projection import GraphData, load_graph
from queries.silos import CHANNELS, goal_spread, match_goals, sector_counts

ALL_SECTORS = {"SEC-KOHA", "SEC-SIHY", "SEC-KYMP", "SEC-ELVO", "SEC-LIIKE"}


@pytest.fixture(scope="module")
def spread(graph) -> dict:
    return {s.goal: s for s in goal_spread(graph)}


def test_goals_served_by_one_sector_only(spread):
    silos = {g: list(s.sectors) for g, s in spread.items() if s.silo}
    assert silos == {"G4": ["SEC-ELVO"], "G11.3": ["SEC-KYMP"], "G13": ["SEC-KOHA"]}
    assert all(spread[g].index == 0.0 for g in silos)


@pytest.mark.parametrize("goal", ["G11", "G11.1"])
def test_the_sustainability_goal_is_served_by_every_sector(spread, goal):
    assert set(spread[goal].sectors) == ALL_SECTORS
    assert spread[goal].index > 0.9


def test_the_sustainability_goal_is_the_most_cross_sector(spread):
    ranked = sorted(spread.values(), key=lambda s: -s.index)
    assert ranked[0].goal == "G11"


def test_goal_7_is_served_by_two_sectors(spread):
    assert set(spread["G7"].sectors) == {"SEC-KYMP", "SEC-SIHY"}
    assert 0 < spread["G7"].index < 1


def test_counts_are_pieces_of_work(spread):
    # G4: P-KORKEAKOULU and P-TKI, both led by U-TKI (ELVO); no service contributes to G4.
    assert spread["G4"].sectors == {"SEC-ELVO": 2}
    # G6.1: the family-centre project (SIHY units) and service (SIHY units and U-MAAHANMUUTTO of ELVO).
    assert spread["G6.1"].sectors == {"SEC-SIHY": 2, "SEC-ELVO": 1}


def test_rows_are_in_goal_order_and_indexes_in_range(spread, graph):
    goals = [s.goal for s in goal_spread(graph)]
    assert goals.index("G2") < goals.index("G10") and len(goals) == 25
    assert all(0.0 <= s.index <= 1.0 for s in spread.values())


def test_networks_and_bodies_can_be_counted_too(graph):
    wide = {s.goal: s for s in goal_spread(graph, channels=CHANNELS)}
    assert set(wide["G4"].sectors) == {"SEC-ELVO", "SEC-KOHA"}  # the mayor is in the university-cities network
    assert not wide["G4"].silo


def test_even_shares_give_index_one():
    graph = GraphData(types={"G1": "Goal", "S": "Strategy", "P1": "Project", "P2": "Project", "A": "Sector",
                             "B": "Sector"},
                      edges={"part_of": [("G1", "S")], "contributes_to": [("P1", "G1"), ("P2", "G1")],
                             "led_by": [("P1", "A"), ("P2", "B")]})
    (only,) = goal_spread(graph)
    assert only.sectors == {"A": 1, "B": 1} and only.index == pytest.approx(1.0)


@pytest.mark.parametrize("text, expected", [("G11", ["G11"]), ("g11.3", ["G11.3"]),
                                            ("hiilineutraali", ["G11", "G11.1", "N4"])])
def test_goal_filter(graph, text, expected):
    assert [s.goal for s in goal_spread(graph, goal=text)] == expected
    assert match_goals(graph, text) == expected


def test_goal_filter_that_matches_nothing_names_the_closest_goals(graph):
    with pytest.raises(NotFoundError, match=r"no goal matches 'G99'; closest goal ids: .*G9"):
        goal_spread(graph, goal="G99")


def test_unknown_channel(graph):
    with pytest.raises(UsageError, match="unknown channel"):
        goal_spread(graph, channels=["projects", "rumours"])


def test_empty_store():
    with GraphStore(None) as store:
        graph = load_graph(store)
    with pytest.raises(InputError, match="the store holds no goals; run `stratgraph demo`"):
        goal_spread(graph)


def test_sector_counts_shape(graph):
    counts = sector_counts(graph)
    assert counts.shape == (len(graph.ids_of("Goal")), len(graph.ids_of("Sector")))
