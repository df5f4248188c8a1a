"""`stratgraph neo4j ...` and `stratgraph cypher` against the real Neo4j: exit codes, messages, formats."""

from __future__ import annotations

import csv
import io
import json
import socket
import uuid

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph_model.neo4j_mapping import source_graph
from graph_model.neo4j_sync import remove_owned
from graph_model.store import GraphStore
from stratgraph.cli import cli

WRONG = "n0t-the-Passw0rd-$x"


@pytest.fixture
def run(example_db, neo4j_dev_server, monkeypatch):
    """``run(*args, **env)`` invokes the CLI against the session's Neo4j; env overrides NEO4J_* variables."""
    monkeypatch.delenv("STRATGRAPH_NEO4J_OWNER", raising=False)
    runner = CliRunner()

    def invoke(*args: str, **env: str):
        variables = {"NEO4J_URI": neo4j_dev_server.uri, "NEO4J_USERNAME": neo4j_dev_server.username,
                     "NEO4J_PASSWORD": neo4j_dev_server.password, "NEO4J_DATABASE": neo4j_dev_server.database,
                     **env}
        return runner.invoke(cli, ["--db", str(example_db), *args], env=variables, catch_exceptions=False)

    return invoke


@pytest.fixture
def owner(neo4j_dev_server):
    name = f"test-cli-{uuid.uuid4().hex[:10]}"
    yield name
    remove_owned(neo4j_dev_server, name)


@pytest.mark.neo4j
def test_push_then_pull_gives_the_store_back(run, example_db, owner, tmp_path):
    result = run("neo4j", "push", "--owner", owner, "--format", "json")
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.stdout)
    assert report["owner"] == owner and report["nodes"] > 250 and report["relationships"] > 800
    again = run("neo4j", "push", "--owner", owner, "-q")
    assert again.exit_code == 0 and f"as {owner!r}" in again.stdout and "removed 0 nodes" in again.stdout
    out = tmp_path / "pulled.nq"
    result = run("neo4j", "pull", "--owner", owner, "-o", str(out), "--format", "nquads")
    assert result.exit_code == 0, result.output
    pulled = {str(q) for q in ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS)}
    with GraphStore(example_db, read_only=True) as store:
        names = {s.graph: s.name for s in store.sources()}
        original = {str(ox.Quad(q.subject, q.predicate, q.object, source_graph(names[q.graph_name.value])))
                    for q in store.quads()}
    assert pulled == original
    turtle = run("neo4j", "pull", "--owner", owner)
    assert turtle.exit_code == 0 and "@prefix sg:" in turtle.stdout


@pytest.mark.neo4j
def test_cypher_formats_params_and_library(run, owner):
    run("neo4j", "push", "--owner", owner, "-q")
    query = "MATCH (p:Project {id: $id, _sg_owner: $owner}) RETURN p.label_fi AS name, p.startDate AS start"
    result = run("cypher", query, "--param", "id=P-HNR", "--param", f"owner={owner}", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"name": "Hiilineutraali Rovaniemi", "start": "2023-03-01"}]
    result = run("cypher", "-f", "goals_without_metrics_or_owner", "--param", f"owner={owner}", "--format", "csv")
    assert [r["goal"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["G10", "G10.1", "G11.3", "G4", "G8",
                                                                                       "N1", "N2", "N3", "N4", "N5", "N6"]
    result = run("cypher", "-f", "queries/cypher/related_projects.cypher", "-p", "project=P-HNR", "-p", "limit:=2",
                 "-p", f"owner={owner}")
    assert result.exit_code == 0 and "P-BIOKAASU" in result.stdout and "P-ENERGIA" not in result.stdout
    listing = run("cypher", "--list", "--format", "json")
    assert {"related_projects", "cross_representation"} <= {row["name"] for row in json.loads(listing.stdout)}


@pytest.mark.neo4j
def test_cypher_errors_exit_1_with_clear_messages(run):
    bad = run("cypher", "MATCH (n)\nRETRN n")
    assert bad.exit_code == 1 and "Cypher syntax error at line 2, column 1" in bad.stderr
    assert "Traceback" not in bad.output
    write = run("cypher", "CREATE (n:StratgraphCliWriteTest) RETURN n")
    assert write.exit_code == 1 and "runs read-only" in write.stderr and "--write" in write.stderr
    missing = run("cypher", "-f", "related_projects")
    assert missing.exit_code == 2 and "--param project=" in missing.stderr
    both = run("cypher", "RETURN 1", "-f", "x.cypher")
    assert both.exit_code == 2


@pytest.mark.neo4j
def test_cypher_write_needs_the_flag(run):
    tag = uuid.uuid4().hex
    created = run("cypher", "CREATE (n:StratgraphCliWriteTest {tag: $tag})", "--param", f"tag={tag}", "--write")
    assert created.exit_code == 0 and "nodes created: 1" in created.stderr
    deleted = run("cypher", "MATCH (n:StratgraphCliWriteTest {tag: $tag}) DELETE n", "-p", f"tag={tag}", "--write")
    assert deleted.exit_code == 0 and "nodes deleted: 1" in deleted.stderr


@pytest.mark.neo4j
def test_wrong_password_is_clear_and_not_echoed(run):
    result = run("cypher", "RETURN 1", NEO4J_PASSWORD=WRONG)
    assert result.exit_code == 1
    assert "refused the credentials of user 'neo4j'" in result.stderr
    assert WRONG not in result.output and WRONG not in result.stderr
    assert run("cypher", "RETURN 1 AS one", "--format", "json").stdout.strip().startswith("[")  # a good login next


@pytest.mark.neo4j
def test_no_server_is_clear(run, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run("neo4j", "push", "-q", "--owner", "x", NEO4J_URI=f"bolt://127.0.0.1:{port}", NEO4J_PASSWORD="secret-x-1")
    assert result.exit_code == 1
    assert f"Neo4j at bolt://127.0.0.1:{port} is not reachable: is it running?" in result.stderr
    assert "secret-x-1" not in result.output
    result = run("cypher", "RETURN 1", NEO4J_URI="", STRATGRAPH_NEO4J_HOME=str(tmp_path / "nothing"))
    assert result.exit_code == 1 and "dev server is not running" in result.stderr


@pytest.mark.neo4j
def test_remove_and_dev_status(run, owner, tmp_path):
    run("neo4j", "push", "--owner", owner, "-q")
    result = run("neo4j", "remove", "--owner", owner, "--yes")
    assert result.exit_code == 0 and f"of {owner!r}" in result.stdout
    assert run("neo4j", "pull", "--owner", owner).exit_code == 1
    stopped = run("neo4j", "dev", "status", "--home", str(tmp_path / "none"), "--format", "json")
    assert stopped.exit_code == 3 and json.loads(stopped.stdout)[0]["running"] is False
    assert "password" not in json.loads(stopped.stdout)[0]  # only where the password file is
    text = run("neo4j", "dev", "status", "--home", str(tmp_path / "none"))
    assert "stopped" in text.stdout and "start it with" in text.stdout
    assert "was not running" in run("neo4j", "dev", "stop", "--home", str(tmp_path / "none")).stdout
