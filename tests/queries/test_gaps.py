"""Governance gaps on the example city: every finding names the node and the rule it breaks."""

from __future__ import annotations

import pytest

from examples import EXAMPLE_DIR
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from ontologies.errors import InputError, UsageError
from queries.gaps import RULES, governance_gaps
from queries.projection import GraphData, load_graph

EXPECTED = {
    "goal_without_metric": {"G4", "G8", "G10", "G10.1", "G11.3", "N1", "N2", "N3", "N4", "N5", "N6"},  # N*: draft 2026
    "goal_without_owner": {"G4", "G8", "G11.3", "N3", "N6"},
    "metric_without_target": {"M-NETTOMUUTTO", "M-UUDETYRITYKSET", "M-PERHEKESKUS", "M-VUOSIKATE"},
    "metric_without_owner": {"M-NETTOMUUTTO", "M-UUDETYRITYKSET", "M-PAASTOT-ASUKAS"},
    "metric_without_data_source": {"M-PERHEKESKUS", "M-SAHKOINEN-ASIOINTI"},
    "project_without_goal": {"P-LED", "P-HANKETIETOKANTA", "P-KULTTUURIPOLKU"},
    "network_without_goal": {"N-ARCTICMAYORS", "N-LAPPI-KUNTAJOHTAJAT"},
    "body_without_cross_representation": {"B-NUVA", "B-VANHUSNEUVOSTO", "B-VAMMAISNEUVOSTO"},
    "body_thin_cross_representation": {"B-HYTE-TR", "B-MATKAILU-KR"},
    "unit_without_collaboration": {"U-HALLINTO"},
}


@pytest.fixture(scope="module")
def gaps(graph):
    return governance_gaps(graph)


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_findings_are_true_to_the_source(gaps, rule):
    assert {g.node for g in gaps if g.rule == rule} == EXPECTED[rule]


def test_no_network_has_a_metric(gaps, graph):
    networks = set(graph.ids_of("Network"))
    assert len(networks) == 16
    assert {g.node for g in gaps if g.rule == "network_without_metric"} == networks


def test_each_finding_names_node_rule_and_detail(gaps, graph):
    for gap in gaps:
        assert gap.rule in RULES and graph.type_of(gap.node) == gap.node_type
        assert gap.label and gap.detail
        assert gap.as_row()["problem"] == RULES[gap.rule]


def test_details_say_why(gaps):
    detail = {(g.rule, g.node): g.detail for g in gaps}
    assert detail["body_without_cross_representation", "B-NUVA"] == "its members (PER-M) sit in no other body"
    assert detail["body_thin_cross_representation", "B-HYTE-TR"].startswith("only R-HANKEASIANTUNTIJA also sits in")
    assert detail["project_without_goal", "P-LED"] == "led by U-KUNTATEKNIIKKA"
    assert "advances no goal" in detail["network_without_metric", "N-ARCTICMAYORS"]


def test_findings_are_ordered_by_rule_then_node(gaps):
    order = list(RULES)
    keys = [(order.index(g.rule), g.node) for g in gaps]
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)
    goals = [g.node for g in gaps if g.rule == "goal_without_metric"]
    assert goals == ["G4", "G8", "G10", "G10.1", "G11.3", "N1", "N2", "N3", "N4", "N5", "N6"]


def test_rule_filter(graph):
    found = governance_gaps(graph, rules=["goal_without_owner", "project_without_goal"])
    assert {g.rule for g in found} == {"goal_without_owner", "project_without_goal"} and len(found) == 8


def test_unknown_rule(graph):
    with pytest.raises(UsageError, match="unknown rule"):
        governance_gaps(graph, rules=["goal_without_love"])


def test_body_without_members():
    graph = GraphData(types={"B1": "GoverningBody"})
    (gap,) = governance_gaps(graph)
    assert (gap.rule, gap.detail) == ("body_without_cross_representation", "it has no members")


def test_empty_store():
    with GraphStore(None) as store:
        graph = load_graph(store)
    with pytest.raises(InputError, match="the store holds no strategy data; run `stratgraph demo`"):
        governance_gaps(graph)


def test_each_check_declares_the_rules_it_breaks(graph):
    """governance_gaps skips a check none of whose rules is asked for: a check must declare every rule
    it yields, and every rule must belong to a check."""
    from queries.gaps import _CHECKS

    assert set().union(*_CHECKS.values()) == set(RULES)
    for check, names in _CHECKS.items():
        assert {rule for rule, *_ in check(graph)} <= set(names), check.__name__


@pytest.mark.parametrize("rule", list(RULES))
def test_one_rule_alone_finds_what_all_rules_find(gaps, graph, rule):
    assert governance_gaps(graph, rules=[rule]) == [g for g in gaps if g.rule == rule]
