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


@pytest.fixture
def someone_elses_dev_server(neo4j_dev_server, tmp_path, monkeypatch):
    """The session's server as a dev server found running in the default home (someone else started it):
    its state file and password file, and no NEO4J_* variables."""
    home = tmp_path / "neo4j-dev"
    home.mkdir()
    (home / "state.json").write_text(json.dumps({"pid": os.getpid(), "uri": neo4j_dev_server.uri}))
    (home / "password").write_text(neo4j_dev_server.password)
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE", "STRATGRAPH_NEO4J_OWNER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STRATGRAPH_NEO4J_HOME", str(home))
    return neo4j_dev_server


def _owner_count(conn, owner: str) -> int:
    from queries.cypher import run_cypher

    return run_cypher(conn, "MATCH (n {_sg_owner: $owner}) RETURN count(n) AS n", {"owner": owner}).rows[0]["n"]


def test_a_found_dev_server_is_read_but_never_written(someone_elses_dev_server, neo4j_owner, tmp_path):
    """Issue 22 item 1: the API pushed into a dev server someone else started, under the default owner."""
    with stratgraph.open(tmp_path / "city.db") as city:
        city.ingest(EXAMPLE_DIR)
        db = stratgraph.neo4j.connect()
        assert db.cypher("RETURN 1 AS one")[0] == {"one": 1}  # reading is fine
        for write in (lambda: db.push(city, owner=neo4j_owner), lambda: db.remove(neo4j_owner),
                      lambda: db.cypher("CREATE (:GuardTest)", write=True)):
            with pytest.raises(UsageError, match="dev server found running, not one you named"):
                write()
        assert _owner_count(someone_elses_dev_server, neo4j_owner) == 0
        with pytest.raises(UsageError, match="push needs an owner"):
            db.push(city)
        named = stratgraph.neo4j.connect(dev_server=True)  # named explicitly: now it may write
        assert named.push(city, owner=neo4j_owner).nodes > 100
        assert _owner_count(someone_elses_dev_server, neo4j_owner) > 100


def test_the_cli_writes_only_where_and_as_whom_it_is_told(someone_elses_dev_server, neo4j_owner, example_db):
    runner = CliRunner()
    refused = runner.invoke(cli, ["--db", str(example_db), "neo4j", "push", "--owner", neo4j_owner, "-q"])
    assert refused.exit_code == 2 and "not one you named" in refused.output  # a usage error
    no_owner = runner.invoke(cli, ["--db", str(example_db), "neo4j", "push", "--dev-server", "-q"])
    assert no_owner.exit_code == 2 and "--owner" in no_owner.output
    assert _owner_count(someone_elses_dev_server, neo4j_owner) == 0
    write = runner.invoke(cli, ["cypher", "--write", "CREATE (:GuardTest {owner: $o})", "-p", f"o={neo4j_owner}"])
    assert write.exit_code == 2 and "not one you named" in write.output
    pushed = runner.invoke(cli, ["--db", str(example_db), "neo4j", "push", "--dev-server", "--owner", neo4j_owner, "-q"])
    assert pushed.exit_code == 0, pushed.output
    removed = runner.invoke(cli, ["neo4j", "remove", "--owner", neo4j_owner, "--yes"])
    assert removed.exit_code == 2 and _owner_count(someone_elses_dev_server, neo4j_owner) > 100
