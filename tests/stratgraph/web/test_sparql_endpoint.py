"""The SPARQL 1.1 Protocol endpoint: every format and every refusal in process (Starlette's TestClient),
and a standard client (SPARQLWrapper) against a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
import xml.etree.ElementTree as ET
from contextlib import contextmanager

import pytest
import rdflib
from starlette.applications import Starlette
from starlette.testclient import TestClient

from graph_model.store import GraphStore, SourceDraft
from queries.sparql import PREFIXES
from stratgraph.web.sparql_endpoint import TRUNCATED_HEADER, sparql_route

PROJECTS = "SELECT ?p ?label WHERE { ?p a sg:Project ; skos:prefLabel ?label FILTER(LANG(?label) = 'fi') } ORDER BY ?p"
SG_PROJECT = "https://w3id.org/stratgraph/id/P-HNR"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"


def _app(db, **limits) -> Starlette:
    @contextmanager
    def open_store():
        with GraphStore(db, read_only=True) as store:
            yield store
    return Starlette(routes=[sparql_route(open_store, **limits)])


@pytest.fixture(scope="module")
def client(example_db) -> TestClient:
    return TestClient(_app(example_db))


def _projects_from(media: str, body: str) -> list[str]:
    if media == "xml":
        root = ET.fromstring(body)
        return [b.find(f"{RESULTS_NS}uri").text for b in root.iter(f"{RESULTS_NS}binding") if b.get("name") == "p"]
    if media == "json":
        return [b["p"]["value"] for b in json.loads(body)["results"]["bindings"]]
    delimiter = "," if media == "csv" else "\t"
    rows = list(csv.reader(io.StringIO(body), delimiter=delimiter))
    cells = [r[0] for r in rows[1:]]
    return [c.strip("<>") for c in cells]  # TSV writes IRIs as <...>


@pytest.mark.parametrize("accept, media, kind", [
    (None, "application/sparql-results+json", "json"),
    ("application/sparql-results+json", "application/sparql-results+json", "json"),
    ("application/json", "application/json", "json"),
    ("text/csv", "text/csv", "csv"),
    ("text/tab-separated-values", "text/tab-separated-values", "tsv"),
    ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
    ("text/csv;q=0.2, application/sparql-results+xml;q=0.9", "application/sparql-results+xml", "xml"),
])
def test_select_in_every_format(client, example_db, accept, media, kind):
    answer = client.get("/sparql", params={"query": PROJECTS}, headers={"Accept": accept} if accept else {})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].split(";")[0] == media
    with GraphStore(example_db, read_only=True) as store:
        expected = [row["p"].value for row in store.query(PROJECTS, prefixes=PREFIXES)]
    assert _projects_from(kind, answer.text) == expected and SG_PROJECT in expected
    assert TRUNCATED_HEADER not in answer.headers


@pytest.mark.parametrize("accept, check", [
    ("application/sparql-results+json", lambda body: json.loads(body)["boolean"] is True),
    ("application/sparql-results+xml", lambda body: "<boolean>true</boolean>" in body),
    ("text/csv", lambda body: body.strip() == "true"),
    ("text/tab-separated-values", lambda body: body.strip() == "true"),
])
def test_ask_in_every_format(client, accept, check):
    answer = client.get("/sparql", params={"query": f"ASK {{ <{SG_PROJECT}> a sg:Project }}"},
                        headers={"Accept": accept})
    assert answer.status_code == 200 and check(answer.text), answer.text


@pytest.mark.parametrize("accept, media, rdf_format", [
    (None, "text/turtle", "turtle"), ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"), ("text/*", "text/turtle", "turtle")])
@pytest.mark.parametrize("form", ["CONSTRUCT WHERE { <%s> ?p ?o }", "DESCRIBE <%s>"])
def test_construct_and_describe_as_turtle_or_n_triples(client, form, accept, media, rdf_format):
    answer = client.get("/sparql", params={"query": form % SG_PROJECT}, headers={"Accept": accept} if accept else {})
    assert answer.status_code == 200 and answer.headers["content-type"].split(";")[0] == media
    graph = rdflib.Graph().parse(data=answer.text, format=rdf_format)
    assert len(graph) > 5 and (rdflib.URIRef(SG_PROJECT), rdflib.RDF.type,
                               rdflib.URIRef(PREFIXES["sg"] + "Project")) in graph


def test_post_as_a_form_and_as_a_query_body_give_the_get_answer(client):
    query = "SELECT ?p WHERE { ?p a sg:Project } ORDER BY ?p LIMIT 5"
    got = client.get("/sparql", params={"query": query}).json()
    assert client.post("/sparql", data={"query": query}).json() == got
    assert client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}
                       ).json() == got
    assert len(got["results"]["bindings"]) == 5


@pytest.mark.parametrize("request_args, status, message", [
    ({"params": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}, 400, "read-only: INSERT"),
    ({"params": {"query": "PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }"}}, 400, "read-only: DELETE"),
    ({"method": "POST", "data": {"update": "DROP ALL"}}, 400, "read-only"),
    ({"method": "POST", "content": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}}, 400,
     "read-only"),
    ({"params": {"query": "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}}, 400,
     "SERVICE <http://127.0.0.1:9/sparql> is refused"),
    ({"params": {"query": "SELECT * WHERE { ?s ?p ?o", }}, 400, "SPARQL syntax error"),
    ({"params": {}}, 400, "give one SPARQL query"),
    ({"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "give one SPARQL query"),
    ({"params": {"query": "ASK {}", "default-graph-uri": "urn:g"}}, 400, "default-graph-uri is not supported"),
    ({"params": {"query": "SELECT * { ?s ?p ?o } LIMIT 1"}, "headers": {"Accept": "image/png"}}, 406,
     "cannot answer in image/png"),
    ({"params": {"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"}, "headers": {"Accept": "text/csv"}}, 406,
     "text/turtle, application/n-triples"),
    ({"method": "POST", "content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415,
     "application/sparql-query"),
    ({"method": "POST", "content": b"ASK { \xff }", "headers": {"Content-Type": "application/sparql-query"}}, 400,
     "not UTF-8"),
    ({"url": "/sparql?query=ASK%20%7B%7D%FF"}, 400, "not UTF-8"),
    ({"method": "POST", "data": {"query": "ASK {} #" + "x" * 100_001}}, 413, "longer than 100,000"),
    ({"method": "POST", "content": b"#" * 500_000, "headers": {"Content-Type": "application/sparql-query"}}, 413,
     "longer than 400,000 bytes"),
    ({"method": "PUT", "content": b"ASK {}"}, 405, ""),
])
def test_refusals_are_4xx_with_a_plain_text_message(client, request_args, status, message):
    args = dict(request_args)
    answer = client.request(args.pop("method", "GET"), args.pop("url", "/sparql"), **args)
    assert answer.status_code == status and message in answer.text, answer.text
    if status != 405:
        assert answer.headers["content-type"].startswith("text/plain")


def test_the_store_is_unchanged_after_refused_updates(client, example_db):
    before = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}).json()
    client.get("/sparql", params={"query": "DELETE WHERE { ?s ?p ?o }"})
    client.post("/sparql", content=b"DELETE WHERE { ?s ?p ?o }",
                headers={"Content-Type": "application/sparql-update"})
    assert client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}).json() == before


def test_labels_with_markup_are_data_and_errors_are_text():
    store = GraphStore(None)
    store.replace_source(SourceDraft("x", "x.nt", "0", "ntriples"),
                         b'<urn:p> <http://www.w3.org/2004/02/skos/core#prefLabel> "<script>alert(1)</script>" .\n')

    @contextmanager
    def open_store():
        yield store
    client = TestClient(Starlette(routes=[sparql_route(open_store)]))
    answer = client.get("/sparql", params={"query": "SELECT ?l { ?s skos:prefLabel ?l }"},
                        headers={"Accept": "application/sparql-results+xml"})
    assert "<script>" not in answer.text and "&lt;script&gt;" in answer.text
    assert json.loads(client.get("/sparql", params={"query": "SELECT ?l { ?s skos:prefLabel ?l }"}).text
                      )["results"]["bindings"][0]["l"]["value"] == "<script>alert(1)</script>"
    error = client.get("/sparql", params={"query": "SELECT <script>alert(1)</script>"})
    assert error.status_code == 400 and error.headers["content-type"].startswith("text/plain")
    assert error.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv", "text/turtle"])
def test_the_row_limit_cuts_with_a_header(example_db, accept):
    client = TestClient(_app(example_db, max_rows=3))
    query = "SELECT ?s ?p ?o { ?s ?p ?o }" if accept != "text/turtle" else "CONSTRUCT WHERE { ?s ?p ?o }"
    answer = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert answer.status_code == 200 and answer.headers[TRUNCATED_HEADER].startswith("3 rows given")
    if accept == "text/turtle":
        assert len(rdflib.Graph().parse(data=answer.text, format="turtle")) == 3 and "# cut at 3" in answer.text
    elif accept == "text/csv":
        assert len(answer.text.strip().splitlines()) == 1 + 3
    else:
        assert len(answer.json()["results"]["bindings"]) == 3
    small = client.get("/sparql", params={"query": "SELECT ?s { ?s ?p ?o } LIMIT 3"})
    assert TRUNCATED_HEADER not in small.headers


def test_the_time_limit_answers_422_in_time(example_db):
    client = TestClient(_app(example_db, timeout_s=0.5, max_rows=10**9))
    started = time.monotonic()
    answer = client.get("/sparql", params={"query": "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    assert answer.status_code == 422 and "time limit of 0.5 s" in answer.text
    assert time.monotonic() - started < 5


def test_bad_limits_are_refused():
    with pytest.raises(ValueError):
        sparql_route(lambda: None, max_rows=0)


# -- a standard client against a real server -----------------------------------------------------------

@pytest.fixture(scope="module")
def server_url(example_db):
    import uvicorn

    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(_app(example_db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}/sparql"
    server.should_exit = True
    thread.join(timeout=10)


def test_sparqlwrapper_reads_json_xml_csv_and_turtle(server_url):
    from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

    sparql = SPARQLWrapper(server_url)
    sparql.setQuery(PROJECTS)
    sparql.setReturnFormat(JSON)
    rows = sparql.queryAndConvert()["results"]["bindings"]
    assert SG_PROJECT in [r["p"]["value"] for r in rows]
    sparql.setReturnFormat(XML)
    document = sparql.queryAndConvert()
    assert len(document.getElementsByTagName("result")) == len(rows)
    sparql.setReturnFormat(CSV)
    assert len(sparql.queryAndConvert().decode().strip().splitlines()) == 1 + len(rows)
    sparql.setMethod(POST)
    sparql.setQuery(f"CONSTRUCT WHERE {{ <{SG_PROJECT}> ?p ?o }}")
    sparql.setReturnFormat(TURTLE)
    assert len(rdflib.Graph().parse(data=sparql.queryAndConvert().decode(), format="turtle")) > 5


def test_sparqlwrapper_update_is_refused(server_url):
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    sparql = SPARQLWrapper(server_url)
    sparql.setMethod(POST)
    sparql.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(QueryBadFormed, match="read-only"):
        sparql.query()
