"""The collaboration network of the example city: brokers, weak ties, memberships, levels, Gephi files."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from fractions import Fraction

import networkx as nx
import pytest

import queries.network as network_module
from examples import EXAMPLE_DIR
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from ontologies.errors import InputError, NotFoundError, UsageError
from queries.network import KIND_WEIGHTS, collaboration_network
from queries.projection import load_graph

INFLUENCE_BODIES = {"B-NUVA": "PER-M", "B-VANHUSNEUVOSTO": "PER-N", "B-VAMMAISNEUVOSTO": "PER-O"}


@pytest.fixture(scope="module")
def net(graph):
    return collaboration_network(graph)


def row(net, node: str) -> dict:
    return next(r for r in net.centrality if r["id"] == node)


@pytest.mark.parametrize("body, member", sorted(INFLUENCE_BODIES.items()))
def test_influence_bodies_are_weakly_connected(net, body, member):
    assert set(net.graph[body]) == {member, "B-KH"}  # its one member, and the board it reports to
    assert set(net.graph[member]) == {body}
    bodies = sorted((r for r in net.centrality if r["type"] == "GoverningBody"), key=lambda r: r["strength"])
    assert body in {r["id"] for r in bodies[:3]}  # the three weakest bodies


def test_most_memberships(net):
    top = sorted(net.centrality, key=lambda r: -r["memberships"])[:3]
    assert [(r["id"], r["memberships"]) for r in top] == [
        ("R-TJ-ELVO", 9), ("R-TJ-SIHY", 8), ("R-KAUPUNGINJOHTAJA", 7)]


def test_project_specialist_brokers_between_traffic_and_sports(net):
    assert not net.graph.has_edge("U-LIIKENNE", "U-LIIKUNTA")
    brokers = net.brokers("U-LIIKENNE", "U-LIIKUNTA")
    assert [b["id"] for b in brokers] == ["R-HANKEASIANTUNTIJA"]
    median = sorted(r["betweenness"] for r in net.centrality)[len(net.centrality) // 2]
    assert brokers[0]["betweenness"] > median


def test_brokers_of_an_unknown_node(net):
    with pytest.raises(NotFoundError, match="not in the collaboration network"):
        net.brokers("U-NOPE", "U-LIIKUNTA")


def test_the_unit_in_no_collaboration_is_isolated(net):
    assert row(net, "U-HALLINTO")["degree"] == 0 and row(net, "U-HALLINTO")["community"] == -1


def test_edge_weight_is_the_weighted_sum_of_kinds(net, graph):
    edge = net.graph.edges["SH-LAPHA", "U-NUORISO"]
    kinds = {k: edge[k] for k in KIND_WEIGHTS if k in edge}
    assert kinds == {"project": 3, "body": 1, "service": 2}
    assert edge["weight"] == pytest.approx(sum(KIND_WEIGHTS[k] * n for k, n in kinds.items()))
    no_projects = collaboration_network(graph, weights={"project": 0})
    assert no_projects.graph.edges["SH-LAPHA", "U-NUORISO"]["weight"] == pytest.approx(3.0)


def test_sustainability_steering_group_ties_sectors(net, graph):
    sectors = {graph.sector_of(n) for n in net.graph["B-KEKE-OR"]} - {None}
    assert sectors == {"SEC-KOHA", "SEC-SIHY", "SEC-KYMP", "SEC-ELVO", "SEC-LIIKE"}


def test_communities_partition_the_connected_nodes(net):
    members = [m for c in net.communities for m in c]
    assert len(members) == len(set(members))
    connected = {n for n in net.graph if net.graph.degree(n) > 0}
    assert set(members) == connected
    assert all(row(net, m)["community"] == n for n, c in enumerate(net.communities) for m in c)


@pytest.mark.parametrize("level, gone", [("unit", {"Role"}), ("sector", {"Role", "Unit"})])
def test_levels_roll_nodes_up(graph, level, gone):
    rolled = collaboration_network(graph, level=level)
    assert not {d["type"] for _, d in rolled.graph.nodes(data=True)} & gone
    assert "PER-A" not in rolled.graph  # the mayor's person is in the mayor's post's organisation
    if level == "sector":
        assert rolled.graph.has_edge("SEC-KYMP", "SEC-LIIKE")


def test_centrality_rows_are_sorted_by_betweenness(net):
    values = [r["betweenness"] for r in net.centrality]
    assert values == sorted(values, reverse=True)
    assert net.betweenness_sample is None  # the example is small enough for exact betweenness


def _exact_betweenness(net) -> dict[str, float]:
    """Betweenness with rational distances (no rounding, so equal paths tie exactly), by networkx."""
    exact = nx.Graph()
    exact.add_edges_from((u, v, {"d": Fraction(1) / Fraction(d["weight"]).limit_denominator(10**6)})
                         for u, v, d in net.graph.edges(data=True))
    exact.add_nodes_from(net.graph)
    return nx.betweenness_centrality(exact, weight="d")


def test_betweenness_is_exact_with_tied_paths(net):
    exact = _exact_betweenness(net)
    assert all(row(net, n)["betweenness"] == pytest.approx(float(exact[n]), abs=1e-6) for n in exact)


def test_sampled_betweenness_estimates_the_exact_one(graph, net, monkeypatch):
    nodes, edges = net.graph.number_of_nodes(), net.graph.number_of_edges()
    monkeypatch.setattr(network_module, "BETWEENNESS_BUDGET", nodes * edges - 1)  # all sources but one
    sampled = {r["id"]: r["betweenness"] for r in collaboration_network(graph).centrality}
    exact = {r["id"]: r["betweenness"] for r in net.centrality}
    assert sum(sampled.values()) == pytest.approx(sum(exact.values()), rel=0.05)  # scaled by n / k
    top = sorted(exact, key=exact.get, reverse=True)[:5]
    assert sorted(sampled, key=sampled.get, reverse=True)[:5] == top


def test_large_graphs_sample_betweenness(graph, monkeypatch):
    monkeypatch.setattr(network_module, "BETWEENNESS_BUDGET", 1000)
    sampled = collaboration_network(graph)
    assert sampled.betweenness_sample == 32


def test_graphml_and_gexf_open_again(net, tmp_path):
    back = nx.read_graphml(net.write_graphml(tmp_path / "city.graphml"))
    assert (back.number_of_nodes(), back.number_of_edges()) == (net.graph.number_of_nodes(),
                                                                net.graph.number_of_edges())
    assert back.nodes["R-HANKEASIANTUNTIJA"]["label"] == "Hankeasiantuntija"
    gexf = net.write_gexf(tmp_path / "city.gexf")
    assert ET.parse(gexf).getroot().tag.endswith("gexf")
    again = nx.read_gexf(gexf)
    assert again.number_of_edges() == net.graph.number_of_edges()


def test_edge_and_community_rows(net):
    top = net.edge_rows()[0]
    assert set(top) == {"a", "a_label", "b", "b_label", "weight", "kinds"} and top["weight"] >= 6
    assert net.community_rows()[0]["size"] == len(net.communities[0])


def test_unknown_level_or_kind(graph):
    with pytest.raises(UsageError, match="unknown level"):
        collaboration_network(graph, level="galaxy")
    with pytest.raises(UsageError, match="unknown collaboration kind"):
        collaboration_network(graph, weights={"coffee": 1.0})


def test_empty_store():
    with GraphStore(None) as store:
        graph = load_graph(store)
    with pytest.raises(InputError, match="the store holds no organisations; run `stratgraph demo`"):
        collaboration_network(graph)
