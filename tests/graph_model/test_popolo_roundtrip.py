"""Popolo memberships through the Neo4j projection: every membership one HAS_MEMBER relationship, and back
to exactly the same quads (in pure Python, and through a real Neo4j in the ``neo4j`` test)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_model.neo4j_mapping import source_graph, store_quads, to_property_graph, to_quads
from graph_model.neo4j_sync import pull, push
from graph_model.store import GraphStore
from ingest.popolo import import_popolo

POPOLO = Path(__file__).resolve().parents[1] / "data" / "popolo"


@pytest.fixture(scope="module")
def popolo_store():
    """The Åland excerpt and the organisation-members file in one in-memory store; do not change it."""
    with GraphStore(None) as store:
        for name in ("aland-excerpt.json", "government-members.json"):
            import_popolo(POPOLO / name, store)
        yield store


def lines(quads) -> set[str]:
    return {str(ox.Quad(s, p, o, source_graph(g))) for s, p, o, g in quads}


def test_each_membership_is_one_relationship_and_the_mapping_is_lossless(popolo_store):
    quads = list(store_quads(popolo_store))
    graph = to_property_graph(quads)
    members = [r for r in graph.relationships if r.type == "HAS_MEMBER"]
    assert len(members) == 20 + 8 and len({r.props["membership"] for r in members}) == 28
    assert all(r.props.get("startDate") for r in members if "legislative period" in r.props.get("dateSource", ""))
    assert {str(q) for q in to_quads(graph.node_records(), graph.relationship_records())} == lines(quads)


@pytest.mark.neo4j
def test_popolo_roundtrip_through_neo4j(popolo_store, neo4j_dev_server, neo4j_owner):
    push(popolo_store, neo4j_dev_server, owner=neo4j_owner)
    assert {str(q) for q in pull(neo4j_dev_server, owner=neo4j_owner)} == lines(store_quads(popolo_store))
