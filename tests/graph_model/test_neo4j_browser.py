"""The dev server's Neo4j Browser sends nothing out: chromium opens it, logs in, runs a query, and every
request stays on 127.0.0.1; pushed nodes carry a ``name`` caption that does not come back on pull."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest


@pytest.mark.neo4j
@pytest.mark.slow
def test_browser_reaches_only_this_server(own_neo4j_server, chromium):
    status, connection = own_neo4j_server.status(), own_neo4j_server.connection()
    requests, blocked, violations = [], set(), []
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        # A request the page's CSP stops is never sent: chromium fails it with reason "csp".
        page.on("requestfailed", lambda r: blocked.add(r.url) if "csp" in (r.failure or "").lower() else None)
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        response = page.goto(status["http_url"] + "browser/", wait_until="networkidle")
        csp = response.headers.get("content-security-policy", "")
        page.wait_for_timeout(3000)
    finally:
        context.close()
    sent = [u for u in requests if u not in blocked]
    hosts = {urlparse(u).hostname for u in sent if urlparse(u).scheme in ("http", "https", "ws", "wss")}
    assert sent and hosts == {"127.0.0.1"}, sorted(set(sent))
    assert "connect-src 'self' ws://127.0.0.1:*" in csp and "segment" not in csp
    # A violation is a refusal (nothing sent); it must never be of the Browser's own server. The message
    # names the refused URL first, then the policy (which itself names 127.0.0.1).
    refused = [re.findall(r"'((?:https?|wss?)://[^'\s]+)'", v)[:1] for v in violations]
    assert all(urlparse(u[0]).hostname != "127.0.0.1" for u in refused if u), violations
    with connection.driver() as driver:
        records, _, _ = driver.execute_query("CALL dbms.listConfig('client.allow_telemetry') YIELD value RETURN value")
    assert records[0]["value"] == "false"


@pytest.mark.neo4j
def test_every_pushed_node_has_a_name_and_the_pull_gives_it_back_as_nothing(neo4j_dev_server, neo4j_owner,
                                                                            example_city):
    from graph_model.neo4j_sync import pull, push
    from tests.graph_model.test_neo4j_sync import dataset_lines

    store = example_city[0]
    push(store, neo4j_dev_server, owner=neo4j_owner)
    original = dataset_lines(store)
    with neo4j_dev_server.driver() as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n) WHERE n._sg_owner = $owner RETURN count(n) AS nodes, count(n.name) AS named, "
            "collect(CASE WHEN n.id = 'P-HNR' THEN [n.name, n.label_fi] END) AS hnr", owner=neo4j_owner,
            database_=neo4j_dev_server.database)
    row = records[0]
    assert row["nodes"] > 200 and row["named"] == row["nodes"]
    [[name, label_fi]] = row["hnr"]
    assert name == label_fi and name
    pulled = {str(q) for q in pull(neo4j_dev_server, owner=neo4j_owner)}
    assert pulled == original and not [q for q in pulled if "name" in q.split()[1]]  # `name` came back as nothing
