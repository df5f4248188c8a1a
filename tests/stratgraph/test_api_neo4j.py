"""``stratgraph.neo4j`` against the real Neo4j: settings as the CLI reads them, read-only by default, rows
and DataFrames, the same answers as ``stratgraph cypher``."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

import stratgraph
import stratgraph.neo4j
from examples import EXAMPLE_DIR
from graph_model.neo4j_sync import CypherError, Neo4jUnavailable
from ontologies.errors import UsageError
from stratgraph.cli import cli

pytestmark = pytest.mark.neo4j


@pytest.fixture
def neo4j_env(neo4j_dev_server, monkeypatch):
    """The test server named by NEO4J_* variables, as a user of their own Neo4j sets them."""
    monkeypatch.setenv("NEO4J_URI", neo4j_dev_server.uri)
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_dev_server.username)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_dev_server.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_dev_server.database)
    return neo4j_dev_server


@pytest.fixture
def pushed(neo4j_env, neo4j_owner, tmp_path):
    with stratgraph.open(tmp_path / "city.db") as city:
        city.ingest(EXAMPLE_DIR)
        with stratgraph.neo4j.connect() as db:
            report = db.push(city, owner=neo4j_owner)
        assert report.nodes > 100
        yield city, neo4j_owner


def test_connect_reads_the_neo4j_settings(neo4j_env):
    db = stratgraph.connect()
    assert db.connection.uri == neo4j_env.uri and neo4j_env.password not in repr(db)
    assert db.cypher("RETURN $n + 1 AS n", n=41).to_dicts() == [{"n": 42}]


def test_connect_without_uri_uses_the_dev_server_s_password_file(neo4j_dev_server, monkeypatch):
    if os.environ.get("NEO4J_URI"):
        pytest.skip("this session's Neo4j is an external server named by NEO4J_URI, not the dev server")
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    db = stratgraph.neo4j.connect()
    assert db.connection.uri == neo4j_dev_server.uri
    assert db.cypher("RETURN 1 AS one")[0] == {"one": 1}


def test_cypher_gives_what_the_command_gives(pushed):
    city, owner = pushed
    db = stratgraph.neo4j.connect()
    rows = db.cypher("related_projects", project="P-HNR", owner=owner)
    result = CliRunner().invoke(cli, ["cypher", "-f", "related_projects", "-p", "project=P-HNR", "-p",
                                      f"owner={owner}", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert rows.to_dicts() == json.loads(result.stdout) and len(rows) > 0
    frame = db.cypher("MATCH (p:Project) WHERE p._sg_owner = $owner RETURN p.id AS id, p.status AS status",
                      {"owner": owner}).to_pandas()
    assert len(frame) == len(city.sparql("SELECT ?p WHERE { ?p a sg:Project }"))
    assert list(frame.columns) == ["id", "status"]


def test_read_only_unless_write(neo4j_env):
    db = stratgraph.neo4j.connect()
    with pytest.raises(CypherError, match="runs read-only"):
        db.cypher("CREATE (n:ApiProbe) RETURN n")
    rows = db.cypher("CREATE (n:ApiProbe {at: $at}) WITH n DELETE n RETURN 1 AS done", at="test", write=True)
    assert rows.counters == {"nodes_created": 1, "nodes_deleted": 1, "labels_added": 1, "properties_set": 1}
    assert db.cypher("MATCH (n:ApiProbe) RETURN count(n) AS n")[0]["n"] == 0


def test_bad_input_and_closed_connection(neo4j_env):
    db = stratgraph.neo4j.connect()
    with pytest.raises(CypherError, match="syntax error at line 1"):
        db.cypher("MATCH (n RETURN n")
    with pytest.raises(CypherError, match="give it with --param"):
        db.cypher("RETURN $missing AS x")
    for call in (lambda: db.cypher(3), lambda: db.cypher("RETURN 1", params=[1]), lambda: db.push("city.db"),
                 lambda: db.remove(owner=5)):
        with pytest.raises(UsageError):
            call()
    db.close()
    with pytest.raises(UsageError, match="connection is closed"):
        db.cypher("RETURN 1")


def test_unreachable_server_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    monkeypatch.setenv("NEO4J_PASSWORD", "not-shown-anywhere")
    with pytest.raises(Neo4jUnavailable) as caught:
        stratgraph.neo4j.connect().cypher("RETURN 1")
    assert "not-shown-anywhere" not in str(caught.value)


def test_library_lists_the_ready_made_queries():
    names = [q["name"] for q in stratgraph.neo4j.Neo4j.library()]
    assert "related_projects" in names and names == sorted(names)
