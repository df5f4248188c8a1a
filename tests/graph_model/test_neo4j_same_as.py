"""Accepted matches (owl:sameAs) are one node in Neo4j, and the pull gives the same RDF back."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from examples import EXAMPLE_DIR
from graph_model.neo4j_mapping import source_graph, store_quads, to_property_graph, to_quads
from graph_model.neo4j_same_as import OWL_SAME_AS
from graph_model.neo4j_sync import pull, push
from graph_model.store import GraphStore
from graph_model.terms import node_iri
from ingest.matching import DECISIONS_SOURCE, record_decisions
from ingest.pipeline import ingest

ALIAS, CANONICAL = "SH-LYY", "SH-ULAPLAND"


@pytest.fixture(scope="module")
def matched_store():
    with GraphStore(None) as store:
        ingest(EXAMPLE_DIR, store)
        record_decisions(store, accept=[(ALIAS, CANONICAL)])
        yield store


def dataset_lines(store: GraphStore) -> set[str]:
    """The store's live quads as N-Quads lines, in the graphs pull gives back."""
    return {str(ox.Quad(s, p, o, source_graph(g))) for s, p, o, g in store_quads(store)}


def test_matched_organisations_are_one_node(matched_store):
    graph = to_property_graph(store_quads(matched_store))
    nodes = {n.iri: n for n in graph.nodes}
    assert node_iri(ALIAS) not in nodes
    merged = nodes[node_iri(CANONICAL)]
    assert merged.props["sameAs"] == [ALIAS] and merged.labels == ("Stakeholder",)
    moved = [r for r in graph.relationships if r.props.get("_sg_o") == node_iri(ALIAS)]
    assert moved and all(r.o == node_iri(CANONICAL) for r in moved)
    assert not any(r.props.get("predicate") == OWL_SAME_AS for r in graph.relationships)
    assert not any(node_iri(ALIAS) in (r.s, r.o) for r in graph.relationships)


def test_merge_round_trips_in_memory(matched_store):
    quads = list(store_quads(matched_store))
    graph = to_property_graph(quads)
    back = {str(q) for q in to_quads(graph.node_records(), graph.relationship_records())}
    assert back == dataset_lines(matched_store)
    assert any(OWL_SAME_AS in line and DECISIONS_SOURCE in line for line in back)  # the decision itself


def test_chains_and_ambiguous_same_as_stay_ordinary_relationships():
    a, b, c = (ox.NamedNode(node_iri(i)) for i in "ABC")
    same = ox.NamedNode(OWL_SAME_AS)
    quads = [(a, same, b, "d"), (b, same, c, "d"), (c, same, a, "d")]  # a cycle: nothing is unambiguous
    graph = to_property_graph(quads)
    assert {n.iri for n in graph.nodes} == {a.value, b.value, c.value}
    assert not any("sameAs" in n.props for n in graph.nodes)


@pytest.mark.neo4j
def test_matched_organisations_are_one_node_in_neo4j_and_pull_gives_the_same_rdf(
        matched_store, neo4j_dev_server, neo4j_owner):
    push(matched_store, neo4j_dev_server, owner=neo4j_owner)
    with neo4j_dev_server.driver() as driver:
        rows, _, _ = driver.execute_query(
            "MATCH (n:Stakeholder {_sg_owner: $owner}) WHERE n.id IN $ids "
            "RETURN n.id AS id, n.sameAs AS same, COUNT { (n)--() } AS degree",
            {"owner": neo4j_owner, "ids": [ALIAS, CANONICAL]}, database_=neo4j_dev_server.database)
        partners, _, _ = driver.execute_query(
            "MATCH (p:Project {_sg_owner: $owner})-[:HAS_PARTNER]->(s:Stakeholder {id: $id}) RETURN count(p) AS n",
            {"owner": neo4j_owner, "id": CANONICAL}, database_=neo4j_dev_server.database)
    assert [(r["id"], r["same"]) for r in rows] == [(CANONICAL, [ALIAS])]
    with GraphStore(None) as plain:
        ingest(EXAMPLE_DIR, plain)
        before = sum(1 for q in plain.oxigraph.quads_for_pattern(
            None, ox.NamedNode("https://w3id.org/stratgraph/ontology#hasPartner"), None)
            if q.object.value in (node_iri(ALIAS), node_iri(CANONICAL)))
    assert partners[0]["n"] == before  # the alias's partnerships now reach the one node
    assert {str(q) for q in pull(neo4j_dev_server, owner=neo4j_owner)} == dataset_lines(matched_store)
