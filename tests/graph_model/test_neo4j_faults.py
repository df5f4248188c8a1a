"""Faults against real servers: wrong password, no server, a server stopped half-way through a push.

The stop-in-the-middle test runs its own dev server (its own home in a temporary folder, jars shared
with the default home when they are there), so the session's server is never disturbed.
"""

from __future__ import annotations

import socket
import threading
import uuid

import pyoxigraph as ox
import pytest

from devtools.neo4j_server import Neo4jConnection
from graph_model.neo4j_mapping import source_graph, store_quads, to_property_graph
from graph_model.neo4j_sync import (
    CypherError,
    GraphDatabaseError,
    Neo4jAuthFailed,
    Neo4jUnavailable,
    pull,
    push_graph,
    resolve_connection,
    sync_state,
)
from ontologies.errors import UsageError
from queries.cypher import find_query, run_cypher

WRONG = "Wr0ng-Pa$$word-not-this-1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.neo4j
def test_wrong_password_is_clear_and_not_echoed(own_neo4j_server):
    good = own_neo4j_server.connection()
    wrong = Neo4jConnection(good.uri, "neo4j", WRONG)
    with pytest.raises(Neo4jAuthFailed) as push_error:
        push_graph(to_property_graph([]), wrong, owner="nobody")
    with pytest.raises(Neo4jAuthFailed) as query_error:
        run_cypher(wrong, "RETURN 1")
    for error in (push_error.value, query_error.value):
        message = str(error)
        assert "refused the credentials of user 'neo4j'" in message and "NEO4J_PASSWORD" in message
        assert WRONG not in message and good.password not in message
        assert error.exit_code == 1
    assert run_cypher(good, "RETURN 1 AS one").rows == [{"one": 1}]  # a success resets the failure count


@pytest.mark.neo4j
def test_server_not_running_is_clear(tmp_path):
    conn = Neo4jConnection(f"bolt://127.0.0.1:{_free_port()}", "neo4j", "some-secret-pw")
    for call in (lambda: push_graph(to_property_graph([]), conn, owner="test"), lambda: pull(conn),
                 lambda: run_cypher(conn, "RETURN 1")):
        with pytest.raises(Neo4jUnavailable) as info:
            call()
        message = str(info.value)
        assert f"Neo4j at {conn.uri} is not reachable: is it running?" in message
        assert "stratgraph neo4j dev start" in message and "some-secret-pw" not in message
    with pytest.raises(Neo4jUnavailable, match="dev server is not running"):
        resolve_connection(None, dev_home=tmp_path / "no-server-here")


@pytest.mark.neo4j
def test_credentials_in_the_uri_never_show(tmp_path):
    conn = Neo4jConnection(f"bolt://alice:uri-secret@127.0.0.1:{_free_port()}", "neo4j", "pw-secret-2")
    with pytest.raises(GraphDatabaseError) as info:
        run_cypher(conn, "RETURN 1")
    assert "uri-secret" not in str(info.value) and "pw-secret-2" not in str(info.value)


@pytest.mark.neo4j
def test_server_stopped_in_the_middle_of_a_push_then_rerun(own_neo4j_server, synth_city_store):
    conn = own_neo4j_server.connection()
    owner = f"fault-{uuid.uuid4().hex[:8]}"
    graph = to_property_graph(store_quads(synth_city_store))
    calls = []

    def stop_after_first_batch(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 1:
            stopper = threading.Thread(target=own_neo4j_server.stop)
            stopper.start()
            stopper.join()

    with pytest.raises(Neo4jUnavailable) as info:
        push_graph(graph, conn, owner=owner, batch_size=500, progress=stop_after_first_batch, retry_seconds=2)
    message = str(info.value)
    assert f"went away during the push ({calls[-1]:,} of {len(graph):,} elements written)" in message
    assert "run the push again" in message and calls[-1] < len(graph)
    assert conn.password not in message

    conn = own_neo4j_server.start()
    assert sync_state(conn, owner)["pending"]  # the marker knows the push did not finish
    with pytest.raises(GraphDatabaseError, match="has not completed"):
        pull(conn, owner=owner)
    report = push_graph(graph, conn, owner=owner)
    assert (report.nodes, report.relationships) == (len(graph.nodes), len(graph.relationships))
    expected = {str(ox.Quad(s, p, o, source_graph(g))) for s, p, o, g in store_quads(synth_city_store)}
    assert {str(q) for q in pull(conn, owner=owner)} == expected
    with conn.driver() as driver:
        counts, _, _ = driver.execute_query(
            "MATCH (n) WHERE n._sg_owner = $owner WITH count(n) AS nodes "
            "MATCH (a)-[r]->() WHERE a._sg_owner = $owner RETURN nodes, count(r) AS rels",
            {"owner": owner}, database_=conn.database)
    assert (counts[0]["nodes"], counts[0]["rels"]) == (report.nodes, report.relationships)


@pytest.mark.neo4j
def test_a_node_deleted_by_someone_else_during_a_push_is_an_error_not_a_lost_relationship(
        neo4j_dev_server, neo4j_owner, example_city):
    """Relationships name their ends by element id: one whose end went away is not written, and the push
    says so (issue 24), instead of leaving a relationship out silently; the next push completes it."""
    conn, store = neo4j_dev_server, example_city[0]
    graph = to_property_graph(store_quads(store))
    victim = graph.relationships[0].o

    def progress(done: int, total: int) -> None:
        if done == len(graph.nodes):  # every node written, no relationship yet: someone deletes one
            with conn.driver() as driver:
                driver.execute_query("MATCH (n) WHERE n._sg_owner = $owner AND n.iri = $iri DETACH DELETE n",
                                     {"owner": neo4j_owner, "iri": victim}, database_=conn.database)

    with pytest.raises(GraphDatabaseError, match="lost an end node during the push; run the push again"):
        push_graph(graph, conn, owner=neo4j_owner, progress=progress, batch_size=len(graph.nodes), workers=1)
    push_graph(graph, conn, owner=neo4j_owner)
    expected = {str(ox.Quad(s, p, o, source_graph(g))) for s, p, o, g in store_quads(store)}
    assert {str(q) for q in pull(conn, owner=neo4j_owner)} == expected


@pytest.mark.neo4j
def test_a_write_without_write_is_refused_by_the_server(neo4j_dev_server, monkeypatch):
    tag = uuid.uuid4().hex
    with pytest.raises(CypherError) as info:  # the server's plan says it writes (queries/cypher_guard.py)
        run_cypher(neo4j_dev_server, "CREATE (n:StratgraphWriteTest {tag: $tag}) RETURN n", {"tag": tag})
    assert "runs read-only" in str(info.value) and "read and write query (rw)" in str(info.value)
    assert "--write" in str(info.value)
    monkeypatch.setattr("queries.cypher.check", lambda *args, **kwargs: None)  # without the plan check, the
    with pytest.raises(CypherError) as info:  # READ transaction is refused by the server all the same
        run_cypher(neo4j_dev_server, "CREATE (n:StratgraphWriteTest {tag: $tag}) RETURN n", {"tag": tag})
    assert "runs read-only" in str(info.value) and "Writing in read access mode not allowed" in str(info.value)
    monkeypatch.undo()
    count = "MATCH (n:StratgraphWriteTest {tag: $tag}) RETURN count(n) AS n"
    assert run_cypher(neo4j_dev_server, count, {"tag": tag}).rows == [{"n": 0}]
    try:
        result = run_cypher(neo4j_dev_server, "CREATE (n:StratgraphWriteTest {tag: $tag})", {"tag": tag}, write=True)
        assert result.counters == {"nodes_created": 1, "labels_added": 1, "properties_set": 1}
    finally:
        run_cypher(neo4j_dev_server, "MATCH (n:StratgraphWriteTest {tag: $tag}) DELETE n", {"tag": tag}, write=True)


@pytest.mark.neo4j
def test_syntax_error_has_line_and_column(neo4j_dev_server):
    with pytest.raises(CypherError, match=r"Cypher syntax error at line 2, column 1: Invalid input 'RETRN'"):
        run_cypher(neo4j_dev_server, "MATCH (n)\nRETRN n")


def test_missing_parameter_of_a_library_query_is_named():
    with pytest.raises(UsageError, match="--param project="):
        run_cypher(Neo4jConnection("bolt://127.0.0.1:1", "neo4j", "x"), find_query("related_projects").text)
