"""Nothing leaves the machine by surprise: a local HTTP server counts the requests that queries and parsers
send. SPARQL SERVICE is refused unless --allow-service; JSON-LD remote contexts and RDF/XML external
entities are refused; every failure is one line and exit 1. The store is the shared ``example_db`` (tests/conftest.py)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries.sparql_guard import service_calls
from stratgraph.cli import cli


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        self.hits.append(self.path)
        self.send_response(500)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Counter.hits
    server.shutdown()


def _one_line_error(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 1 and len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return lines[0]


@pytest.mark.parametrize("form", ["SERVICE <{url}/sparql> {{ ?s ?p ?o }}", "service silent <{url}/x> {{ ?s ?p ?o }}",
                                  "BIND(<{url}/sparql> AS ?e) SERVICE ?e {{ ?s ?p ?o }}",
                                  "?s <http://example.org/ns#p> ?o . SERVICE <{url}/sparql> {{ ?s ?p ?o }}"])
def test_service_is_refused_without_a_request(form, endpoint, example_db):
    url, hits = endpoint
    before = len(hits)
    query = "SELECT * WHERE { " + form.format(url=url) + " }"
    line = _one_line_error(CliRunner().invoke(cli, ["sparql", "--db", str(example_db), query]))
    assert "add --allow-service" in line and len(hits) == before


def test_allow_service_sends_the_request_and_a_failing_endpoint_is_one_line(endpoint, example_db):
    url, hits = endpoint
    before = len(hits)
    query = f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"
    line = _one_line_error(CliRunner().invoke(cli, ["sparql", "--db", str(example_db), "--allow-service", query]))
    assert line.startswith("Error: SPARQL query failed:") and len(hits) > before


@pytest.mark.neo4j
@pytest.mark.parametrize("query, refusal", [
    ("LOAD CSV FROM '{url}/x.csv' AS row RETURN row", "add --allow-service"),
    ("CALL apoc.load.json('{url}/x.json') YIELD value RETURN value", "apoc.load.json"),  # no APOC: unknown
    ("CALL `apoc`.`load`.`json`('{url}/x.json') YIELD value RETURN value", "apoc.load.json")])
def test_cypher_that_makes_the_server_fetch_is_refused(query, refusal, endpoint, monkeypatch, neo4j_dev_server):
    """The server plans the query (EXPLAIN) and the plan is refused before it runs (queries/cypher_guard.py)."""
    url, hits = endpoint
    before = len(hits)
    for key, value in (("NEO4J_URI", neo4j_dev_server.uri), ("NEO4J_USERNAME", neo4j_dev_server.username),
                       ("NEO4J_PASSWORD", neo4j_dev_server.password), ("NEO4J_DATABASE", neo4j_dev_server.database)):
        monkeypatch.setenv(key, value)
    line = _one_line_error(CliRunner().invoke(cli, ["cypher", query.format(url=url)]))
    assert refusal in line and len(hits) == before


@pytest.mark.parametrize("body", [
    '{{"@context": "{url}/context.jsonld", "@id": "http://example.org/x", "name": "x"}}',
    '{{"@context": ["{url}/a.jsonld", {{"p": "http://example.org/p"}}], "@id": "http://example.org/x"}}',
    '{{"@context": {{"@import": "{url}/b.jsonld"}}, "@id": "http://example.org/x"}}'])
def test_json_ld_remote_contexts_are_refused_without_a_request(body, endpoint, tmp_path):
    url, hits = endpoint
    before = len(hits)
    path = tmp_path / "remote.jsonld"
    path.write_text(body.format(url=url))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1 and "remote context" in result.output and len(hits) == before


@pytest.mark.parametrize("entity", ['<!ENTITY e SYSTEM "{url}/e.txt">', '<!ENTITY e PUBLIC "-//x//y" "{url}/e.txt">',
                                    '<!ENTITY % p SYSTEM "{url}/p.dtd"> %p;'])
def test_rdf_xml_external_entities_are_refused_without_a_request(entity, endpoint, tmp_path):
    url, hits = endpoint
    before = len(hits)
    path = tmp_path / "x.rdf"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [{entity.format(url=url)}]>'
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1 and "is external" in result.output and len(hits) == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("SERVICEservice <>{}?$:#\"'\n-_abc")), max_size=40))
def test_the_service_check_never_misses_a_service_keyword_that_oxigraph_would_run(text):
    # Whatever surrounds it, a SERVICE clause written after the text is found.
    query = f"SELECT * WHERE {{ {text.replace('#', ' ')} }} "
    calls = service_calls(query + "SERVICE <http://example.org/s> { ?s ?p ?o }")
    assert calls or query.count('"') % 2 or query.count("'") % 2 or "<" in query
