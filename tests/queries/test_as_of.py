"""queries/as_of.py: the projection as it was on a date, checked against the example city's CSV files.

Facts read by hand from examples/rovaniemi:
- P-TYOLLISYYS (projects.csv) ran 2023-06-01 .. 2024-12-31, contributes to G2 and G2.1, is led by
  U-TYOLLISYYS (SEC-ELVO) with partners U-DIGI and U-ASIAKASPALVELU (SEC-KOHA), among others.
  It is G2.1's only piece of work in SEC-KOHA.
- P-LUMO (projects.csv) starts 2025-08-01.
- PER-E sat in B-KH (relationships.csv) 2023-06-01 .. 2025-05-31 and nowhere after, except the council.
- B-STRATEGIARYHMA reports to B-JOHTORYHMA from 2025-04-01 (a dated reports_to row).
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries.as_of import DATED_TYPES, graph_as_of, load_graph_as_of, read_all_dated
from queries.followup.dated import in_period, parse_date
from queries.network import collaboration_network
from queries.silos import goal_spread

D = datetime.date


@pytest.fixture(scope="module")
def dated(example_city):
    store, _ = example_city
    return read_all_dated(store)


@pytest.mark.parametrize(("day", "running"), [(D(2023, 5, 31), False), (D(2023, 6, 1), True),
                                               (D(2024, 12, 31), True), (D(2025, 1, 1), False)])
def test_a_project_exists_only_within_its_dates(example_city, dated, day, running):
    _, graph = example_city
    then = graph_as_of(graph, dated, day)
    assert ("P-TYOLLISYYS" in then.types) is running
    assert (("P-TYOLLISYYS", "U-TYOLLISYYS") in then.edges["led_by"]) is running
    assert "P-TYOLLISYYS" in graph.types  # the loaded projection is not changed


def test_a_finished_project_leaves_the_silos(example_city, dated):
    _, graph = example_city
    before = goal_spread(graph_as_of(graph, dated, D(2024, 1, 1)), goal="G2.1")[0].sectors
    after = goal_spread(graph_as_of(graph, dated, D(2025, 6, 1)), goal="G2.1")[0].sectors
    assert before.get("SEC-KOHA") == 1 and "SEC-KOHA" not in after
    assert before["SEC-ELVO"] == after["SEC-ELVO"] + 1  # P-TYOLLISYYS was one of SEC-ELVO's too


def test_a_project_not_yet_started_is_not_there(example_city, dated):
    _, graph = example_city
    assert "P-LUMO" not in graph_as_of(graph, dated, D(2025, 7, 31)).types
    assert "P-LUMO" in graph_as_of(graph, dated, D(2025, 8, 1)).types


def test_a_membership_that_ended_leaves_the_network(example_city, dated):
    _, graph = example_city

    def body_ties(day):
        net = collaboration_network(graph_as_of(graph, dated, day)).graph
        return set(net.neighbors("PER-E")), net.has_edge("B-KH", "PER-E")

    before_neighbours, before_in_kh = body_ties(D(2024, 1, 1))
    after_neighbours, after_in_kh = body_ties(D(2025, 6, 1))
    assert before_in_kh and not after_in_kh
    assert "PER-I" in before_neighbours and "PER-I" not in after_neighbours  # with PER-E in the council and B-KH until 2025-05-31
    assert "PER-K" not in before_neighbours and "PER-K" in after_neighbours  # joined the council 2025-06-01


def test_dated_relations_of_any_kind_count(example_city, dated):
    _, graph = example_city
    edge = ("B-STRATEGIARYHMA", "B-JOHTORYHMA")
    assert edge not in graph_as_of(graph, dated, D(2025, 3, 31)).edges["reports_to"]
    assert edge in graph_as_of(graph, dated, D(2025, 4, 1)).edges["reports_to"]


def test_undated_relations_and_nodes_always_hold(example_city, dated):
    _, graph = example_city
    long_ago = graph_as_of(graph, dated, D(1900, 1, 1))
    assert set(long_ago.ids_of("Goal")) == set(graph.ids_of("Goal"))
    assert long_ago.edges["part_of"] == [e for e in graph.edges["part_of"] if e[0] in long_ago.types
                                         and e[1] in long_ago.types]
    assert graph_as_of(graph, dated, None) is graph


def test_load_graph_as_of_is_load_and_filter(example_city, dated):
    store, graph = example_city
    day = D(2024, 6, 30)
    assert load_graph_as_of(store, day).edges == graph_as_of(graph, dated, day).edges
    assert load_graph_as_of(store).types == graph.types


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(min_value=D(2019, 1, 1), max_value=D(2028, 12, 31)))
def test_any_day_keeps_a_consistent_subgraph(example_city, dated, day):
    _, graph = example_city
    then = graph_as_of(graph, dated, day)
    assert then.types.items() <= graph.types.items()
    for ident, kind in graph.types.items():
        if kind in DATED_TYPES:
            p = graph.props.get(ident, {})
            assert (ident in then.types) == in_period(day, parse_date(p.get("start_date")), parse_date(p.get("end_date")))
    for relation, pairs in then.edges.items():
        assert set(pairs) <= set(graph.edges[relation])
        for s, o in pairs:
            assert s in then.types and o in then.types and dated.holds(s, relation, o, day)


# -- organisations merged by owl:sameAs (`stratgraph match --accept`) ----------------------------------
# A hand-made city: U-OLD and U-NEW are one unit written twice; the match U-OLD -> U-NEW is accepted, so
# the projection has U-NEW only. U-OLD sat in B1 and answered for G1 in 2020-2022 (dated rows); U-NEW has
# sat in B2 since 2024 and U2 in B1 always (undated).
_MERGED = {
    "sectors": [["id", "label_fi"], ["SEC-A", "Toimiala A"]],
    "units": [["id", "label_fi", "part_of"], ["U-OLD", "Tilapalvelut", "SEC-A"], ["U-NEW", "Tilapalvelut (TP)", "SEC-A"],
              ["U2", "Yksikkö 2", "SEC-A"]],
    "bodies": [["id", "label_fi", "body_kind", "has_member"], ["B1", "Hallitus", "board", "U2"],
               ["B2", "Työryhmä", "working_group", ""]],
    "strategies": [["id", "label_fi"], ["S1", "Strategia"]],
    "goals": [["id", "label_fi", "part_of"], ["G1", "Tavoite", "S1"]],
    "relationships": [["source_id", "relation", "target_id", "start_date", "end_date"],
                      ["B1", "has_member", "U-OLD", "2020-01-01", "2022-12-31"],
                      ["G1", "responsible", "U-OLD", "2020-01-01", "2022-12-31"],
                      ["B2", "has_member", "U-NEW", "2024-01-01", ""]],
}


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    """(store, graph) of the hand-made city above, with U-OLD matched to U-NEW."""
    from graph_model.store import GraphStore
    from ingest.matching import record_decisions
    from ingest.pipeline import ingest
    from queries.projection import load_graph
    from tests.helpers import write_csvs

    folder = write_csvs(tmp_path_factory.mktemp("merged") / "city", _MERGED)
    with GraphStore(None) as store:
        ingest(folder, store, source="city")
        record_decisions(store, accept=[("U-OLD", "U-NEW")])
        yield store, load_graph(store)


def test_merged_organisation_is_one_node(merged):
    _, graph = merged
    assert "U-OLD" not in graph.types and graph.merged == {"U-OLD": "U-NEW"}
    assert {("B1", "U-NEW"), ("B1", "U2"), ("B2", "U-NEW")} == set(graph.edges["has_member"])


@pytest.mark.parametrize(("day", "in_b1", "in_b2"), [(D(2019, 12, 31), False, False), (D(2021, 6, 1), True, False),
                                                      (D(2023, 6, 1), False, False), (D(2025, 6, 1), False, True)])
def test_a_dated_edge_of_a_merged_organisation_holds_only_in_its_period(merged, day, in_b1, in_b2):
    store, graph = merged
    then = graph_as_of(graph, read_all_dated(store), day)
    assert (("B1", "U-NEW") in then.edges["has_member"]) is in_b1  # the alias's dated seat, now on U-NEW
    assert (("B2", "U-NEW") in then.edges["has_member"]) is in_b2  # the canonical's own dated seat
    assert ("B1", "U2") in then.edges["has_member"]  # undated: always
    assert then.merged == graph.merged
    assert load_graph_as_of(store, day).edges == then.edges


@pytest.mark.parametrize(("day", "owners"), [(D(2021, 6, 1), ["U-NEW"]), (D(2024, 6, 1), [])])
def test_followup_owner_of_a_merged_organisation_is_dated(merged, day, owners):
    from queries.followup import followup, read_dated

    store, graph = merged
    [g1] = followup(graph, read_dated(store), as_of=day)
    assert [o["id"] for o in g1.owners] == owners


@pytest.mark.neo4j
@pytest.mark.parametrize(("day", "bodies"), [("2021-06-01", ["B1"]), ("2023-06-01", None), ("2025-06-01", ["B2"])])
def test_neo4j_dates_the_merged_organisation_s_seats_alike(merged, cypher_on, day, bodies):
    store, graph = merged
    rows = cypher_on(store)("cross_representation", min_bodies=1, date=day)
    got = {r["member"]: r["bodies"] for r in rows}
    assert got.get("U-NEW") == bodies and "U-OLD" not in got
    then = graph_as_of(graph, read_all_dated(store), D.fromisoformat(day))
    assert sorted(b for b, m in then.edges["has_member"] if m == "U-NEW") == (bodies or [])
