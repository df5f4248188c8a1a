"""Owners' updates and the edit log in the Neo4j projection: actions, milestones and narratives get
their schema labels and relationship types, and the round trip (in memory and through a real Neo4j)
gives back every quad, the change log and comments included."""

from __future__ import annotations

import pytest
from rdflib.compare import isomorphic

from examples import EXAMPLE_DIR
from graph_model.edits import comment
from graph_model.neo4j_mapping import store_quads, to_property_graph
from graph_model.neo4j_sync import pull, push
from graph_model.review import decide_pair
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from ingest.updates import add_action, add_milestone, observe, write_narrative
from tests.graph_model.test_neo4j_sync import dataset_lines, expected, roundtrip, triples_graph


@pytest.fixture(scope="module")
def edited_store():
    with GraphStore(None) as store:
        ingest(EXAMPLE_DIR, store, source="city")
        observe(store, "M-TYOTTOMYYS", "8.9", on="2025-05-31", author="ann", comment="TEM \"May\" <b>")
        write_narrative(store, "G2", "Pilots started", period="2025-Q2", author="ann")
        add_action(store, "G2", "Open the one-stop shop", answered_by="U-TYOLLISYYS", due="2025-03-31", author="ann")
        add_milestone(store, "G2", "Report to the board", due="2025-09-30", author="ann")
        comment(store, "G2", "MATCH (n) DETACH DELETE n", author="bob")
        decide_pair(store, "link", "U-LIIKENNE", "U-LIIKUNTA", "introduced", author="rev", note="met")
        yield store


def test_updates_get_schema_labels_and_types(edited_store):
    graph = to_property_graph(store_quads(edited_store))
    labels = {label for n in graph.nodes for label in n.labels}
    assert {"Action", "Milestone", "StatusNarrative", "Observation"} <= labels
    types = {r.type for r in graph.relationships}
    assert {"ACTION_FOR", "ANSWERED_BY"} <= types


def test_the_roundtrip_keeps_updates_and_the_log_in_memory(edited_store):
    quads = list(store_quads(edited_store))
    assert roundtrip(quads) == expected(quads)


def test_the_roundtrip_keeps_updates_and_the_log_through_neo4j(edited_store, neo4j_dev_server, neo4j_owner):
    push(edited_store, neo4j_dev_server, owner=neo4j_owner)
    pulled = {str(q) for q in pull(neo4j_dev_server, owner=neo4j_owner)}
    original = dataset_lines(edited_store)
    assert pulled == original
    assert isomorphic(triples_graph(pulled), triples_graph(original))
