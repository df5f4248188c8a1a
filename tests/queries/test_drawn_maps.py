"""The analyses see a drawn map's elements and connections (issue 20): network and maps on Kumu's template."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_model.store import GraphStore
from ingest.kumu import import_kumu
from queries.network import collaboration_network
from queries.projection import load_graph
from visualize.maps import build_map

KUMU = Path(__file__).resolve().parents[1] / "data" / "kumu"
STAKEHOLDER_A, STAKEHOLDER_B, PHENOMENON_A = "KUMU-elem-BbwUSVEF", "KUMU-elem-wSYe2maA", "KUMU-elem-npX1zuLZ"


@pytest.fixture(scope="module")
def changelabs():
    with GraphStore(None) as store:
        import_kumu(KUMU / "kumu-changelabs-template.json", store)
        yield load_graph(store, cache=False)


def test_the_network_holds_every_element_and_connection(changelabs):
    net = collaboration_network(changelabs, level="organisation")
    assert set(net.graph.nodes) == set(changelabs.ids_of("MapElement"))
    # 11 connections, two of them between the same pair (A -> B and B -> A): 10 ties
    assert net.graph.number_of_edges() == 10
    assert net.graph.edges[STAKEHOLDER_A, STAKEHOLDER_B]["connection"] == 2
    assert net.centrality[0]["id"] == STAKEHOLDER_A  # the broker between the two halves of the template


def test_the_connection_kind_can_be_weighed_out(changelabs):
    net = collaboration_network(changelabs, level="organisation", weights={"connection": 0})
    assert net.graph.number_of_edges() == 0


def test_maps_draw_the_elements_and_their_connections(changelabs):
    collaboration = build_map(changelabs, "collaboration", level="organisation", lang="en")
    assert {n.id for n in collaboration.nodes} == set(changelabs.ids_of("MapElement"))
    assert len(collaboration.edges) == 10
    near = build_map(changelabs, "neighbourhood", focus=PHENOMENON_A, depth=2, lang="en")
    labels = {n.label for n in near.nodes if n.type == "MapElement"}
    assert labels == {"Phenomenon A", "Phenomenon B", "Outcome A", "Outcome B", "Resource"}

