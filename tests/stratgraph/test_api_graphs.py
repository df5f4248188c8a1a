"""Graphs and maps out of the API: networkx / igraph with the maps' attributes, maps inline and saved."""

from __future__ import annotations

import html
import re

import networkx as nx
import pytest

import stratgraph
from examples import EXAMPLE_DIR
from ontologies.errors import UsageError
from stratgraph.api.maps import Map
from tests.ingest.conftest import write_csvs
from tests.helpers import PAYLOADS, hostile_sheets
from visualize.maps import build_map


@pytest.fixture(scope="module")
def city():
    with stratgraph.open(":memory:") as handle:
        handle.ingest(EXAMPLE_DIR)
        yield handle


@pytest.mark.parametrize("kind", ["collaboration", "goals", "bodies", "networks"])
def test_nodes_and_edges_carry_what_the_map_draws(city, kind):
    net = city.to_networkx(kind, lang="en")
    drawn = build_map(city.graph(), kind, lang="en", level="unit", links=False)
    assert set(net.nodes) == {n.id for n in drawn.nodes}
    assert net.number_of_edges() == len(drawn.edges)
    for i, node in enumerate(drawn.nodes):
        attrs = net.nodes[node.id]
        assert (attrs["label"], attrs["type"], attrs["colour"]) == (node.label, node.type,
                                                                    drawn.colours[node.colour_key])
        assert attrs["size"] == pytest.approx(node.importance, abs=1e-6)
        assert (attrs["x"], attrs["y"]) == pytest.approx(tuple(drawn.positions[i]), abs=1e-3)
    for edge in drawn.edges:
        assert net.edges[edge.a, edge.b]["weight"] == pytest.approx(edge.weight)


def test_collaboration_graph_has_the_network_s_figures(city):
    net = city.to_networkx("collaboration", level="unit")
    rows = {r["id"]: r for r in city.network("unit")}
    assert set(rows) == set(net.nodes)
    for ident, row in rows.items():
        for key in ("degree", "strength", "betweenness", "community", "memberships"):
            assert net.nodes[ident][key] == row[key], (ident, key)
    edges = city.network("unit", show="edges")
    for row in edges:
        data = net.edges[row["a"], row["b"]]
        assert data["weight"] == pytest.approx(row["weight"], abs=1e-4)
        assert [f"{k}:{data[k]}" for k in ("project", "body", "membership", "steering", "reports_to", "network",
                                            "agreement", "service") if data.get(k)] == row["kinds"]
    # and an analyst's own centrality runs on it
    assert max(nx.betweenness_centrality(net), key=nx.betweenness_centrality(net).get) in net


def test_whole_graph_is_every_node_and_relationship(city):
    graph = city.graph()
    whole = city.to_networkx("whole")
    assert isinstance(whole, nx.MultiDiGraph)
    assert set(whole.nodes) == set(graph.types)
    assert whole.number_of_edges() == len({(s, o, r) for r, pairs in graph.edges.items() for s, o in pairs})
    assert whole.nodes["P-HNR"]["type"] == "Project" and whole.nodes["P-HNR"]["status"]
    assert whole.has_edge("P-HNR", "G11", key="contributes_to") or any(
        k == "contributes_to" for _, _, k in whole.out_edges("P-HNR", keys=True))


@pytest.mark.parametrize("kind", ["collaboration", "goals", "whole"])
def test_every_graph_writes_as_graphml_and_gexf(city, kind, tmp_path):
    net = city.to_networkx(kind)
    nx.write_graphml(net, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.number_of_nodes() == net.number_of_nodes()
    nx.write_gexf(net, tmp_path / "g.gexf")


@pytest.mark.parametrize("kind", ["collaboration", "goals", "whole"])
def test_igraph_is_the_same_graph(city, kind):
    net = city.to_networkx(kind)
    fast = city.to_igraph(kind)
    assert (fast.vcount(), fast.ecount()) == (net.number_of_nodes(), net.number_of_edges())
    assert fast.is_directed() == net.is_directed()
    some = next(iter(net.nodes))
    assert fast.vs.find(name=some)["label"] == net.nodes[some]["label"]
    pairs = {tuple(sorted((fast.vs[e.source]["name"], fast.vs[e.target]["name"]))) for e in fast.es}
    assert pairs == {tuple(sorted(e[:2])) for e in net.edges}


# -- maps ---------------------------------------------------------------------------------------------

def test_map_is_the_command_s_page_in_a_sandboxed_iframe(city):
    m = city.map("goals", lang="en")
    view = m._repr_html_()
    found = re.fullmatch(r'<iframe sandbox="allow-scripts" title="[^"]*" style="[^"]*" srcdoc="([^"]*)"></iframe>',
                         view)
    assert found, view[:200]
    assert html.unescape(found.group(1)) == m.html()
    assert "Content-Security-Policy" in m.html()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = write_csvs(tmp_path_factory.mktemp("hostile") / "city", hostile_sheets())
    with stratgraph.open(":memory:") as handle:
        handle.ingest(folder, source=PAYLOADS[0])
        yield handle


@pytest.mark.parametrize("kind", ["collaboration", "goals", "bodies", "networks"])
def test_labels_with_markup_stay_data_inline(hostile, kind):
    view = hostile.map(kind, lang="en")._repr_html_()
    outside = re.sub(r'srcdoc="[^"]*"', 'srcdoc=""', view)  # the one attribute, never closed early
    assert outside.count("<") == 2 and "<script" not in outside
    inside = html.unescape(re.search(r'srcdoc="([^"]*)"', view).group(1))
    assert "<script>window.__xss" not in inside and "<img src=x" not in inside


@pytest.mark.parametrize("suffix, magic", [(".html", b"<!DOCTYPE html>"), (".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_map_saves_as_html_png_svg(city, tmp_path, suffix, magic):
    out = city.map("collaboration", lang="en").save(tmp_path / f"map{suffix}")
    assert out.read_bytes().startswith(magic)


def test_map_bad_input(city, tmp_path):
    m = city.map("networks")
    with pytest.raises(UsageError, match=r"write .html, .png or .svg"):
        m.save(tmp_path / "map.pdf")
    with pytest.raises(UsageError, match="path must be"):
        m.save(3)
    with pytest.raises(UsageError, match="MapData"):
        Map("not a map")
