"""The server judges a query before it runs (queries/cypher_guard.py): writes, schema and admin commands,
procedures outside the allowed list and fetches are refused, however the query is spelt (backticks,
comments, lower case), and nothing is written and no request is sent. Against the real Neo4j."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from queries.cypher import run_cypher
from queries.cypher_guard import QueryRefused
from graph_model.neo4j_connection import CypherError

pytestmark = pytest.mark.neo4j

#: Write, schema, admin and fetch queries: every one must be refused in a read-only run.
REFUSED = [
    "CREATE (n:GuardTest {tag: 'x'})",
    "MERGE (n:GuardTest {tag: 'x'})",
    "MATCH (n:GuardTest) SET n.guard = 1",
    "MATCH (n:GuardTest) DETACH DELETE n",
    "MATCH (n:GuardTest) REMOVE n:GuardTest",
    "UNWIND range(1, 3) AS i CREATE (:GuardTest {i: i})",
    "FOREACH (i IN [1] | CREATE (:GuardTest))",
    "CALL { CREATE (:GuardTest) } IN TRANSACTIONS",
    "CREATE INDEX guard_test IF NOT EXISTS FOR (n:GuardTest) ON (n.tag)",
    "CREATE CONSTRAINT guard_test IF NOT EXISTS FOR (n:GuardTest) REQUIRE n.tag IS UNIQUE",
    "DROP INDEX stratgraph_resource_iri IF EXISTS",
    "CREATE USER guard SET PASSWORD 'guard-password-1'",
    "ALTER USER neo4j SET PASSWORD 'guard-password-1'",
    "DROP DATABASE neo4j",
    "CREATE DATABASE guard",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')",
    "CALL db.clearQueryCaches()",
    "CALL db.createLabel('GuardTest')",
    "CALL dbms.security.createUser('guard', 'guard-password-1', false)",
    "LOAD CSV FROM '{url}/x.csv' AS row RETURN row",
    "LOAD CSV WITH HEADERS FROM 'file:///etc/passwd' AS row RETURN row",
    "CALL apoc.load.json('{url}/x.json') YIELD value RETURN value",
]


def _backticked(query: str) -> str:
    """Procedure names and labels in backticks: ``CALL `db`.`createLabel`(...)``, ``(n:`GuardTest`)``."""
    if query.startswith("CALL ") and "(" in query and "{" not in query.split("(")[0]:
        name, rest = query[5:].split("(", 1)
        return "CALL " + ".".join(f"`{part}`" for part in name.split(".")) + "(" + rest
    return query.replace(":GuardTest", ":`GuardTest`")


def _commented(query: str) -> str:
    """A block comment between every two words and a line comment in front."""
    return "// a harmless read\n" + " /* MATCH (n) RETURN n */ ".join(query.split(" "))


VARIANTS = [pytest.param(q, id=f"plain-{i}") for i, q in enumerate(REFUSED)] + \
    [pytest.param(_backticked(q), id=f"backticked-{i}") for i, q in enumerate(REFUSED)] + \
    [pytest.param(_commented(q), id=f"commented-{i}") for i, q in enumerate(REFUSED)] + \
    [pytest.param(q.lower().replace("guardtest", "GuardTest"), id=f"lower-{i}") for i, q in enumerate(REFUSED)
     if "'" not in q]


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"a,b\n1,2\n")

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Counter.hits
    server.shutdown()


@pytest.fixture(scope="module")
def marked(neo4j_dev_server):
    """One node the refused queries aim at (other tests may write to the same server meanwhile)."""
    run_cypher(neo4j_dev_server, "MERGE (:GuardTest {tag: 'keep'})", write=True)
    yield
    run_cypher(neo4j_dev_server, "MATCH (n:GuardTest) DETACH DELETE n", write=True)


def _state(conn) -> tuple:
    """What a refused query must not have changed: the marked node, the labels and the indexes."""
    marked = run_cypher(conn, "MATCH (n:GuardTest) RETURN count(n) AS n, collect(n.guard) AS guard").rows
    labels = {r["label"] for r in run_cypher(conn, "CALL db.labels() YIELD label RETURN label").rows}
    indexes = {r["name"] for r in run_cypher(conn, "SHOW INDEXES YIELD name RETURN name").rows}
    return marked, "GuardTest" in labels, indexes


def test_the_list_covers_writes_admin_and_fetches():
    assert len(REFUSED) == 23 and len({*REFUSED}) == 23
    assert _backticked("CALL apoc.load.json('x')") == "CALL `apoc`.`load`.`json`('x')"


@pytest.mark.parametrize("query", VARIANTS)
def test_the_server_refuses_it_and_nothing_happens(neo4j_dev_server, endpoint, marked, query):
    url, hits = endpoint
    text = query.replace("{url}", url)
    before, requests = _state(neo4j_dev_server), len(hits)
    with pytest.raises(CypherError):
        run_cypher(neo4j_dev_server, text)
    after = _state(neo4j_dev_server)
    assert after[:2] == before[:2] and len(hits) == requests
    assert before[2] <= after[2] and "guard_test" not in after[2]  # others' pushes may add indexes meanwhile


@pytest.mark.parametrize("query, refusal", [
    ("CALL `apoc`.`load`.`json`('{url}/x.json') YIELD value RETURN value", "apoc.load.json"),
    ("MATCH (n) /* CREATE */ WITH n LIMIT 1 CALL `db`.`createLabel`('GuardTest') RETURN n", "db.createLabel"),
    ("LOAD /* x */ CSV FROM '{url}/x.csv' AS row RETURN row", "LOAD CSV"),
    ("MERGE (n:GuardTest) RETURN n", "read and write query (rw)"),
])
def test_the_refusal_names_what_the_server_saw(neo4j_dev_server, endpoint, query, refusal):
    url, _ = endpoint
    with pytest.raises(CypherError, match=refusal.replace("(", r"\(").replace(")", r"\)")):
        run_cypher(neo4j_dev_server, query.replace("{url}", url))


def test_reads_and_allowed_procedures_run(neo4j_dev_server):
    assert run_cypher(neo4j_dev_server, "RETURN 1 AS one").rows == [{"one": 1}]
    assert run_cypher(neo4j_dev_server, "CALL `db`.`labels`() YIELD label RETURN count(label) AS n").rows[0]["n"] >= 0
    assert run_cypher(neo4j_dev_server, "SHOW INDEXES YIELD name RETURN count(name) AS n").rows[0]["n"] >= 0


def test_load_csv_runs_only_with_allow_service(neo4j_dev_server, endpoint):
    url, hits = endpoint
    query = f"LOAD CSV FROM '{url}/x.csv' AS row RETURN row"
    with pytest.raises(QueryRefused, match="--allow-service"):
        run_cypher(neo4j_dev_server, query)
    before = len(hits)
    try:
        rows = run_cypher(neo4j_dev_server, query, allow_service=True).rows
    except CypherError as exc:  # a server configured to refuse remote CSV: then it judged, not us
        pytest.skip(f"this server does not load remote CSV: {exc}")
    assert rows == [{"row": ["a", "b"]}, {"row": ["1", "2"]}] and len(hits) == before + 1


def test_writes_run_with_write(neo4j_dev_server):
    tag = "guard-write"
    created = run_cypher(neo4j_dev_server, "CREATE (n:GuardTest {tag: $tag})", {"tag": tag}, write=True)
    deleted = run_cypher(neo4j_dev_server, "MATCH (n:GuardTest {tag: $tag}) DELETE n", {"tag": tag}, write=True)
    assert created.counters["nodes_created"] == 1 and deleted.counters["nodes_deleted"] == 1
