"""The RDF <-> Neo4j mapping and push/pull: the round trip loses nothing, in pure Python and in real Neo4j.

The property tests generate datasets over the stratgraph vocabulary plus foreign predicates, blank
nodes, odd literals (datatypes outside the schema, non-canonical numbers, time zones, languages outside
the schema's), several source graphs and reified statements, and check that mapping them to the
property graph and back (through a real Neo4j in the ``neo4j`` tests) gives exactly the same quads.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from pathlib import Path

import neo4j
import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from graph_model.neo4j_connection import Neo4jConnection
from graph_model.neo4j_mapping import (
    GENERIC_REL,
    build_mapping,
    source_graph,
    store_quads,
    to_property_graph,
    to_quads,
)
from graph_model.neo4j_sync import (
    GraphDatabaseError,
    push,
    push_graph,
    pull,
    remove_owned,
    schema_statements,
    sync_state,
    write_rdf,
)
from graph_model.store import GraphStore
from graph_model.terms import RDF, XSD, node_iri
from queries.cypher import run_cypher

SG = "https://w3id.org/stratgraph/ontology#"
SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
DCT_ID = "http://purl.org/dc/terms/identifier"
RDF_TYPE = RDF + "type"


def nn(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def lit(value: str, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=nn(datatype)) if datatype else ox.Literal(value)


def expected(quads) -> set[str]:
    """The quads as N-Quads lines, with source names turned into the graphs pull gives back."""
    return {str(ox.Quad(s, p, o, source_graph(g))) for s, p, o, g in quads}


def roundtrip(quads) -> set[str]:
    graph = to_property_graph(quads)
    return {str(q) for q in to_quads(graph.node_records(), graph.relationship_records())}


def triples_graph(lines: set[str]) -> rdflib.Graph:
    """An rdflib graph of the triples (graphs dropped) in N-Quads lines."""
    g = rdflib.Graph()
    dataset = ox.parse("\n".join(f"{line} ." for line in lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    g.parse(data=ox.serialize([q.triple for q in dataset], format=ox.RdfFormat.N_TRIPLES).decode("utf-8"),
            format="nt")
    return g


# -- generated datasets -----------------------------------------------------------------------------

NASTY = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
IDS = ["P1", "U1", "Käyttäjä 1", 'x"y\\z', "Project) DETACH DELETE (n", "a}$b"]
SUBJECTS = st.one_of(
    st.sampled_from([nn(node_iri(i)) for i in IDS]),
    st.sampled_from([ox.BlankNode(f"b{i}") for i in range(3)]),
    st.sampled_from([nn("http://example.org/a"), nn("urn:stratgraph:stmt:s1")]),
)
RELATIONS = [SG + "ledBy", SG + "hasMember", SG + "partOf", "http://example.org/knows", RDF + "subject",
             "http://www.w3.org/2002/07/owl#sameAs"]
LITERAL_PREDICATES = [DCT_ID, SKOS_LABEL, "http://purl.org/dc/terms/description", SG + "startDate", SG + "budget",
                      SG + "baselineYear", SG + "status", SG + "note", SG + "roleLabel", SG + "sourceRow",
                      "http://example.org/p", "http://www.w3.org/2000/01/rdf-schema#comment"]
ORG = "http://www.w3.org/ns/org#"
CLASSES = [SG + "Project", SG + "Unit", SG + "GoverningBody", "http://example.org/Class", RDF + "Statement",
           ORG + "Membership"]
SOURCES = st.sampled_from(["city", "b/c d", "", "örkki"])


@st.composite
def literals(draw) -> ox.Literal:
    kind = draw(st.sampled_from(["string", "lang", "date", "decimal", "integer", "other"]))
    if kind == "string":
        return lit(draw(NASTY))
    if kind == "lang":
        return lit(draw(NASTY), lang=draw(st.sampled_from(["fi", "sv", "en", "de", "en-gb"])))
    if kind == "date":
        text = draw(st.one_of(st.dates().map(dt.date.isoformat),
                              st.sampled_from(["2024-01-01Z", "2024-02-30", "0999-12-31", "-0044-03-15"])))
        return lit(text, XSD + "date")
    if kind == "decimal":
        text = draw(st.one_of(
            st.decimals(allow_nan=False, allow_infinity=False, places=draw(st.integers(0, 20))).map(
                lambda d: format(d, "f")),
            st.sampled_from(["0.1", "1.50", "-0", "123456789012345678901234567890.5", "1e3", ".5"])))
        return lit(text, XSD + "decimal")
    if kind == "integer":
        value = draw(st.one_of(st.integers(-(2**70), 2**70), st.sampled_from(["01", "+5", "-0"])))
        return lit(str(value), XSD + "integer")
    return lit(draw(NASTY), draw(st.sampled_from([XSD + "boolean", "http://example.org/dt", XSD + "gYear"])))


@st.composite
def datasets(draw) -> list[tuple]:
    quads = []
    for _ in range(draw(st.integers(0, 25))):
        s, g = draw(SUBJECTS), draw(SOURCES)
        kind = draw(st.sampled_from(["type", "literal", "relation"]))
        if kind == "type":
            quads.append((s, nn(RDF_TYPE), nn(draw(st.sampled_from(CLASSES))), g))
        elif kind == "literal":
            quads.append((s, nn(draw(st.sampled_from(LITERAL_PREDICATES))), draw(literals()), g))
        else:
            quads.append((s, nn(draw(st.sampled_from(RELATIONS))), draw(SUBJECTS), g))
    relations = [q for q in quads if not isinstance(q[2], ox.Literal) and q[1].value != RDF_TYPE]
    for i, (s, p, o, g) in enumerate(relations[: draw(st.integers(0, 3))]):
        # A reified statement or a W3C ORG membership about an asserted triple (of any predicate, so
        # some memberships do not match their triple), sometimes oddly shaped or in another graph.
        sg_ = draw(st.one_of(st.just(g), SOURCES))
        if draw(st.booleans()):
            st_term = draw(st.sampled_from([nn(f"urn:stratgraph:stmt:{i}"), ox.BlankNode(f"st{i}")]))
            quads += [(st_term, nn(RDF_TYPE), nn(RDF + "Statement"), sg_), (st_term, nn(RDF + "subject"), s, sg_),
                      (st_term, nn(RDF + "predicate"), p, sg_), (st_term, nn(RDF + "object"), o, sg_)]
        else:
            st_term = draw(st.sampled_from([nn(f"urn:stratgraph:membership:{i}"), ox.BlankNode(f"m{i}")]))
            quads += [(st_term, nn(RDF_TYPE), nn(ORG + "Membership"), sg_),
                      (st_term, nn(ORG + "organization"), s, sg_), (st_term, nn(ORG + "member"), o, sg_)]
            if draw(st.booleans()):
                quads.append((st_term, nn(ORG + "role"), draw(SUBJECTS), sg_))
        for _ in range(draw(st.integers(0, 3))):
            quads.append((st_term, nn(draw(st.sampled_from(LITERAL_PREDICATES))), draw(literals()), sg_))
        if draw(st.booleans()) and draw(st.booleans()):
            quads.append((st_term, nn("http://example.org/seeAlso"), draw(SUBJECTS), sg_))
    return quads


# -- pure mapping -----------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_mapping_roundtrip_is_exact(quads):
    assert roundtrip(quads) == expected(quads)


def test_example_roundtrip_in_memory(example_store):
    quads = list(store_quads(example_store))
    assert roundtrip(quads) == expected(quads)


def test_schema_nodes_get_labels_language_keys_and_datatypes(example_store):
    graph = to_property_graph(store_quads(example_store))
    nodes = {n.iri: n for n in graph.nodes}
    hnr = nodes[node_iri("P-HNR")]
    assert hnr.labels == ("Project",)
    assert hnr.props["id"] == "P-HNR"
    assert hnr.props["label_fi"] == "Hiilineutraali Rovaniemi" and hnr.props["label_en"] == "Carbon-neutral Rovaniemi"
    assert hnr.props["budget"] == 780000.0 and hnr.props["startDate"] == dt.date(2023, 3, 1)
    assert hnr.props["_sg_source"] == "example"  # the source name of the shared example_city
    assert not any(k.startswith("_lex_") for n in graph.nodes for k in n.props)  # the example's decimals are exact
    assert {n.labels for n in graph.nodes} <= {(label,) for label in build_mapping().all_labels}


def test_statements_become_parallel_relationships(example_store):
    graph = to_property_graph(store_quads(example_store))
    held = [r for r in graph.relationships
            if r.type == "HELD_BY" and (r.s, r.o) == (node_iri("R-KV-PJ"), node_iri("PER-H"))]
    assert len(held) == 2  # two dated statements about one triple
    assert sorted(r.props["startDate"] for r in held) == [dt.date(2021, 8, 1), dt.date(2025, 6, 1)]
    assert all(r.props["stmt"].startswith("urn:stratgraph:stmt:") and r.props["role"] == "puheenjohtaja"
               for r in held)
    assert not any(n.iri.startswith("urn:stratgraph:stmt:") for n in graph.nodes)


def test_memberships_become_dated_has_member_relationships(example_store):
    graph = to_property_graph(store_quads(example_store))
    members = [r for r in graph.relationships
               if r.type == "HAS_MEMBER" and (r.s, r.o) == (node_iri("B-VALTUUSTO"), node_iri("PER-H"))]
    assert sorted((r.props["startDate"], r.props.get("endDate"), r.props["role"]) for r in members) == [
        (dt.date(2021, 8, 1), dt.date(2025, 5, 31), "puheenjohtaja"), (dt.date(2025, 6, 1), None, "puheenjohtaja")]
    assert all(r.props["membership"].startswith("urn:stratgraph:membership:") and "stmt" not in r.props
               for r in members)
    assert not any(n.iri.startswith("urn:stratgraph:membership:") for n in graph.nodes)


def test_a_membership_without_its_asserted_edge_stays_a_node():
    m, b, p = nn("urn:stratgraph:membership:x"), nn(node_iri("B1")), nn(node_iri("PER1"))
    quads = [(m, nn(RDF_TYPE), nn(ORG + "Membership"), "s"), (m, nn(ORG + "organization"), b, "s"),
             (m, nn(ORG + "member"), p, "s"), (m, nn(SG + "startDate"), lit("2024-01-01", XSD + "date"), "s")]
    graph = to_property_graph(quads)
    assert "urn:stratgraph:membership:x" in {n.iri for n in graph.nodes}
    assert roundtrip(quads) == expected(quads)


def test_multi_valued_and_foreign_literals_are_kept():
    s = nn(node_iri("G1"))
    quads = [(s, nn(SKOS_LABEL), lit("b", lang="fi"), "x"), (s, nn(SKOS_LABEL), lit("a", lang="fi"), "x"),
             (s, nn(SKOS_LABEL), lit("Ziel", lang="de"), "x"), (s, nn(SG + "budget"), lit("1.50", XSD + "decimal"), "x"),
             (s, nn(SG + "budget"), lit("2", XSD + "decimal"), "x"),
             (s, nn(SG + "startDate"), lit("2024-01-01Z", XSD + "date"), "x")]
    node = to_property_graph(quads).nodes[0]
    assert node.props["label_fi"] == ["a", "b"]
    assert node.props["budget"] == [1.5, 2.0] and node.props["_lex_budget"] == ["1.50", "2"]
    assert node.props["_extra"] == sorted([f'<{SG}startDate> "2024-01-01Z"^^<{XSD}date>', f'<{SKOS_LABEL}> "Ziel"@de'])
    assert roundtrip(quads) == expected(quads)


def test_odd_rdf_uses_generic_relationships_and_keeps_graphs():
    a, b = ox.BlankNode("a"), nn("http://example.org/thing")
    quads = [(a, nn("http://example.org/knows"), b, "one"), (a, nn(RDF_TYPE), nn(SG + "Unit"), "one"),
             (a, nn(RDF_TYPE), nn(SG + "Unit"), "two"), (a, nn(DCT_ID), lit("u"), "one")]
    graph = to_property_graph(quads)
    rel = graph.relationships[0]
    assert rel.type == GENERIC_REL and rel.props["predicate"] == "http://example.org/knows"
    node = next(n for n in graph.nodes if n.iri == "_:a")
    assert node.props["_sg_source"] == "one" and len(node.props["_sg_quads"]) == 1
    assert roundtrip(quads) == expected(quads)


def test_schema_statements_come_from_the_schema():
    statements = schema_statements()
    assert all(s.startswith("CREATE ") and "IF NOT EXISTS" in s for s in statements)
    m = build_mapping()
    assert sum("FOR (n:" in s and "ON (n.id)" in s for s in statements) == len(m.all_labels)
    # one (owner, iri) uniqueness per key label, the schema's and Other: no label every node shares
    assert sum("REQUIRE (n._sg_owner, n.iri) IS UNIQUE" in s for s in statements) == len(m.all_labels) + 1
    assert not any("Resource" in s for s in statements)


# -- real Neo4j -------------------------------------------------------------------------------------

def dataset_lines(store: GraphStore) -> set[str]:
    return expected(store_quads(store))


def owned_snapshot(conn: Neo4jConnection, owner: str) -> tuple[list, list]:
    """Every owned node and relationship with its labels/type and properties, without the sync id."""
    with conn.driver() as driver:
        nodes, _, _ = driver.execute_query(
            "MATCH (n) WHERE n._sg_owner = $owner RETURN n.iri AS iri, labels(n) AS labels, properties(n) AS p",
            {"owner": owner}, database_=conn.database)
        rels, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) WHERE a._sg_owner = $owner RETURN a.iri AS s, type(r) AS t, b.iri AS o, "
            "properties(r) AS p", {"owner": owner}, database_=conn.database)

    def clean(props):
        return sorted((k, repr(v)) for k, v in props.items() if k != "_sg_sync")

    return (sorted((r["iri"], sorted(r["labels"]), clean(r["p"])) for r in nodes),
            sorted((r["s"], r["t"], r["o"], clean(r["p"])) for r in rels))


@pytest.mark.neo4j
def test_example_roundtrip_through_neo4j(example_store, neo4j_dev_server, neo4j_owner):
    report = push(example_store, neo4j_dev_server, owner=neo4j_owner)
    assert report.nodes == len(example_store.ids_by_type())  # every typed node; statements fold into edges
    pulled = {str(q) for q in pull(neo4j_dev_server, owner=neo4j_owner)}
    original = dataset_lines(example_store)
    assert pulled == original
    assert isomorphic(triples_graph(pulled), triples_graph(original))


KUMU = Path(__file__).resolve().parents[1] / "data" / "kumu"


@pytest.fixture(scope="module")
def drawn_maps_store():
    """Both Kumu test projects (drawn maps: elements, typed and polarity connections, loops, views)."""
    from ingest.kumu import import_kumu

    with GraphStore(None) as store:
        for project in sorted(KUMU.glob("*.json")):
            import_kumu(project, store)
        yield store


def test_drawn_maps_roundtrip_in_memory(drawn_maps_store):
    quads = list(store_quads(drawn_maps_store))
    assert roundtrip(quads) == expected(quads)
    graph = to_property_graph(quads)
    labels = {label for n in graph.nodes for label in n.labels}
    assert {"DrawnMap", "MapType", "MapElement", "MapConnection", "MapLoop", "MapView"} <= labels
    types = {r.type for r in graph.relationships}
    assert {"ON_MAP", "MAP_TYPE", "CONNECTS_FROM", "CONNECTS_TO", "LOOP_MEMBER"} <= types


@pytest.mark.neo4j
def test_drawn_maps_roundtrip_through_neo4j(drawn_maps_store, neo4j_dev_server, neo4j_owner):
    push(drawn_maps_store, neo4j_dev_server, owner=neo4j_owner)
    assert {str(q) for q in pull(neo4j_dev_server, owner=neo4j_owner)} == dataset_lines(drawn_maps_store)


@pytest.mark.neo4j
def test_captions_are_optional_and_the_round_trip_holds_without(example_store, neo4j_dev_server, neo4j_owner):
    """``name`` costs a string on every node (issue 24): without captions no node has one, nothing is lost."""
    push(example_store, neo4j_dev_server, owner=neo4j_owner, captions=False)
    named = run_cypher(neo4j_dev_server, "MATCH (n) WHERE n._sg_owner = $o AND n.name IS NOT NULL RETURN count(n) AS n",
                       {"o": neo4j_owner}).rows[0]["n"]
    assert named == 0
    assert {str(q) for q in pull(neo4j_dev_server, owner=neo4j_owner)} == dataset_lines(example_store)
    push(example_store, neo4j_dev_server, owner=neo4j_owner)  # and back: every node gets its caption again
    unnamed = run_cypher(neo4j_dev_server, "MATCH (n) WHERE n._sg_owner = $o AND n.name IS NULL RETURN count(n) AS n",
                         {"o": neo4j_owner}).rows[0]["n"]
    assert unnamed == 0


@pytest.mark.neo4j
def test_synth_city_roundtrip_through_neo4j(synth_city_store, neo4j_dev_server, neo4j_owner):
    push(synth_city_store, neo4j_dev_server, owner=neo4j_owner)
    assert {str(q) for q in pull(neo4j_dev_server, owner=neo4j_owner)} == dataset_lines(synth_city_store)


@pytest.mark.neo4j
def test_datatypes_lists_and_relationship_properties_in_neo4j(example_store, neo4j_dev_server, neo4j_owner):
    push(example_store, neo4j_dev_server, owner=neo4j_owner)
    with neo4j_dev_server.driver() as driver:
        records, _, _ = driver.execute_query(
            "MATCH (p:Project {_sg_owner: $owner, id: 'P-HNR'}) "
            "RETURN p.startDate AS start, p.budget AS budget, p.label_fi AS fi, p.iri AS iri, labels(p) AS labels",
            {"owner": neo4j_owner}, database_=neo4j_dev_server.database)
        held, _, _ = driver.execute_query(
            "MATCH (:Role {_sg_owner: $owner, id: 'R-KV-PJ'})-[r:HELD_BY]->(:Person {id: 'PER-H'}) "
            "RETURN r.startDate AS start, r.endDate AS end, r.role AS role, r.stmt AS stmt ORDER BY start",
            {"owner": neo4j_owner}, database_=neo4j_dev_server.database)
        member, _, _ = driver.execute_query(
            "MATCH (:GoverningBody {_sg_owner: $owner, id: 'B-KH'})-[r:HAS_MEMBER]->(:Person {id: 'PER-G'}) "
            "RETURN r.startDate AS start, r.endDate AS end, r.role AS role, r.membership AS m ORDER BY start",
            {"owner": neo4j_owner}, database_=neo4j_dev_server.database)
        metric, _, _ = driver.execute_query(
            "MATCH (m:Metric {_sg_owner: $owner}) WHERE m.baselineYear IS NOT NULL "
            "RETURN m.baselineYear AS year, m.baseline AS baseline LIMIT 1",
            {"owner": neo4j_owner}, database_=neo4j_dev_server.database)
    row = records[0]
    assert isinstance(row["start"], neo4j.time.Date) and row["start"].iso_format() == "2023-03-01"
    assert isinstance(row["budget"], float) and row["budget"] == 780000.0
    assert row["fi"] == "Hiilineutraali Rovaniemi" and row["iri"] == node_iri("P-HNR")
    assert row["labels"] == ["Project"]
    assert [(r["start"].iso_format(), r["end"] and r["end"].iso_format(), r["role"]) for r in held] == [
        ("2021-08-01", "2025-05-31", "puheenjohtaja"), ("2025-06-01", None, "puheenjohtaja")]
    assert isinstance(metric[0]["year"], int) and isinstance(metric[0]["baseline"], float)
    assert [(r["start"].iso_format(), r["end"] and r["end"].iso_format(), r["role"]) for r in member] == [
        ("2023-06-01", "2025-05-31", "jäsen"), ("2025-06-01", None, "puheenjohtaja")]
    assert all(r["m"].startswith("urn:stratgraph:membership:") for r in member)


@pytest.mark.neo4j
def test_push_is_idempotent(example_store, neo4j_dev_server, neo4j_owner):
    first = push(example_store, neo4j_dev_server, owner=neo4j_owner)
    before = owned_snapshot(neo4j_dev_server, neo4j_owner)
    second = push(example_store, neo4j_dev_server, owner=neo4j_owner)
    assert owned_snapshot(neo4j_dev_server, neo4j_owner) == before
    assert (second.nodes, second.relationships) == (first.nodes, first.relationships)
    assert (second.deleted_nodes, second.deleted_relationships) == (0, 0)
    assert len(before[0]) == first.nodes and len(before[1]) == first.relationships
    state = sync_state(neo4j_dev_server, neo4j_owner)
    assert state["sync"] == second.sync and "pending" not in state


def _store_of(quads: list[tuple]) -> GraphStore:
    from graph_model.store import SourceDraft

    store = GraphStore(None)
    by_source: dict[str, list] = {}
    for s, p, o, g in quads:
        by_source.setdefault(g, []).append(ox.Triple(s, p, o))
    for name, triples in by_source.items():
        store.replace_source(SourceDraft(name, name, uuid.uuid4().hex, "ntriples"),
                             ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    return store


@pytest.mark.neo4j
def test_nodes_carry_their_schema_labels_only(neo4j_dev_server, neo4j_owner):
    """Issue 22 item 12: no ``Resource`` on every node; a node with no schema class is ``Other``."""
    p1, x = nn(node_iri("P1")), nn("http://example.org/elsewhere")
    quads = [(p1, nn(RDF_TYPE), nn(SG + "Project"), "s"), (p1, nn(SG + "hasTheme"), x, "s"),
             (p1, nn("http://example.org/seeAlso"), nn("http://example.org/page"), "s"),
             (x, nn(RDF_TYPE), nn("http://example.org/Concept"), "s")]
    push_graph(to_property_graph(quads), neo4j_dev_server, owner=neo4j_owner)
    rows = run_cypher(neo4j_dev_server, "MATCH (n) WHERE n._sg_owner = $o RETURN n.iri AS iri, labels(n) AS labels",
                      {"o": neo4j_owner}).rows
    assert sorted((r["iri"], r["labels"]) for r in rows) == [
        ("http://example.org/elsewhere", ["Other"]), ("http://example.org/page", ["Other"]),
        (node_iri("P1"), ["Project"])]
    assert {str(q) for q in pull(neo4j_dev_server, owner=neo4j_owner)} == expected(quads)


@pytest.mark.neo4j
def test_a_push_moves_nodes_an_older_push_labelled_resource(example_store, neo4j_dev_server, neo4j_owner):
    """Data pushed before issue 22 item 12 (every node also ``Resource``; typeless nodes only that) is
    relabelled by the next push, and what pull gives back stays the same."""
    conn = neo4j_dev_server
    push(example_store, conn, owner=neo4j_owner)
    # make it look like an older push: Resource on every node, and a typeless node labelled Resource only
    run_cypher(conn, "MATCH (n) WHERE n._sg_owner = $o SET n:Resource", {"o": neo4j_owner}, write=True)
    run_cypher(conn, "CREATE (:Resource {_sg_owner: $o, iri: 'urn:x:old', _sg_sync: 0})", {"o": neo4j_owner},
               write=True)
    report = push(example_store, conn, owner=neo4j_owner)
    assert report.deleted_nodes == 1  # the old typeless node is stale: it is gone
    left = run_cypher(conn, "MATCH (n:Resource) WHERE n._sg_owner = $o RETURN count(n) AS n", {"o": neo4j_owner})
    assert left.rows[0]["n"] == 0
    assert {str(q) for q in pull(conn, owner=neo4j_owner)} == dataset_lines(example_store)


@pytest.mark.neo4j
def test_push_removes_only_its_own_stale_data(neo4j_dev_server, neo4j_owner):
    conn, db = neo4j_dev_server, neo4j_dev_server.database
    u1, u2, p1 = nn(node_iri("U1")), nn(node_iri("U2")), nn(node_iri("P1"))
    full = [(p1, nn(RDF_TYPE), nn(SG + "Project"), "s"), (u1, nn(RDF_TYPE), nn(SG + "Unit"), "s"),
            (u2, nn(RDF_TYPE), nn(SG + "Unit"), "s"), (p1, nn(SG + "ledBy"), u1, "s"),
            (p1, nn(SG + "hasPartner"), u2, "s")]
    other = f"{neo4j_owner}-other"
    foreign = f"foreign-{uuid.uuid4().hex}"
    try:
        push_graph(to_property_graph(full), conn, owner=neo4j_owner)
        push_graph(to_property_graph(full), conn, owner=other)  # same IRIs, another owner
        with conn.driver() as driver:  # someone else's node, pointing at one of ours
            driver.execute_query(
                "MATCH (u:Unit {_sg_owner: $owner, iri: $iri}) CREATE (:Foreign {tag: $tag})-[:LIKES]->(u)",
                {"owner": neo4j_owner, "iri": node_iri("U2"), "tag": foreign}, database_=db)
        report = push_graph(to_property_graph(full[:2]), conn, owner=neo4j_owner)  # P1 and U1 only
        assert report.deleted_relationships >= 1 and report.kept_stale_nodes == 1
        assert {str(q) for q in pull(conn, owner=neo4j_owner)} == expected(full[:2])
        assert {str(q) for q in pull(conn, owner=other)} == expected(full)
        with conn.driver() as driver:
            kept, _, _ = driver.execute_query(
                "MATCH (f:Foreign {tag: $tag})-[:LIKES]->(u) RETURN u.iri AS iri", {"tag": foreign}, database_=db)
        assert [r["iri"] for r in kept] == [node_iri("U2")]
    finally:
        remove_owned(conn, other)
        with conn.driver() as driver:
            driver.execute_query("MATCH (f:Foreign {tag: $tag}) DETACH DELETE f", {"tag": foreign}, database_=db)


def _owned_relationships(conn: Neo4jConnection, owner: str) -> dict[str, tuple[str, dict]]:
    """Element id -> (type, properties) of every relationship between two of the owner's nodes."""
    rows = run_cypher(conn, "MATCH (a)-[r]->(b) WHERE a._sg_owner = $o AND b._sg_owner = $o "
                            "RETURN elementId(r) AS id, type(r) AS t, properties(r) AS p", {"o": owner}).rows
    return {r["id"]: (r["t"], r["p"]) for r in rows}


@pytest.mark.neo4j
def test_a_relationship_keeps_its_key_only_when_it_has_one(example_store, neo4j_dev_server, neo4j_owner):
    """Issue 24: a plain relationship stores its properties and the sync id only (its owner is its ends'),
    so that it takes one property record; a dated statement or membership keeps its key."""
    report = push(example_store, neo4j_dev_server, owner=neo4j_owner)
    rels = _owned_relationships(neo4j_dev_server, neo4j_owner).values()
    assert len(rels) == report.relationships
    assert not [p for _, p in rels if "_sg_owner" in p or p.get("_sg_key") == ""]
    assert {frozenset(p) for t, p in rels if t == "LED_BY"} == {frozenset({"_sg_source", "_sg_sync"})}
    keyed = [p for t, p in rels if t in ("HELD_BY", "HAS_MEMBER") and ("stmt" in p or "membership" in p)]
    assert keyed and all(p["_sg_key"] == "s:" + p.get("stmt", p.get("membership")) for p in keyed)
    assert all(0 <= p["_sg_sync"] < 2**34 for _, p in rels)  # one property block


@pytest.mark.neo4j
def test_a_re_push_updates_relationships_in_place_and_leaves_anothers_alone(example_store, neo4j_dev_server,
                                                                            neo4j_owner):
    """A re-push finds each relationship by its ends, type and key: it is updated, not created again, and
    a relationship someone else made between two of the owner's nodes (no ``_sg_sync``) is neither taken
    over, nor deleted, nor pulled. Relationships an older push wrote (with ``_sg_owner`` and an empty
    ``_sg_key``) are taken over and lose those two."""
    conn, o = neo4j_dev_server, neo4j_owner
    push(example_store, conn, owner=o)
    first = _owned_relationships(conn, o)
    theirs = run_cypher(conn, "MATCH (a:Project {_sg_owner: $o})-[:LED_BY]->(b) WITH a, b LIMIT 1 "
                              "CREATE (a)-[r:LED_BY {note: 'mine'}]->(b) RETURN elementId(r) AS id",
                        {"o": o}, write=True).rows[0]["id"]
    run_cypher(conn, "MATCH (a)-[r]->(b) WHERE a._sg_owner = $o AND r._sg_sync IS NOT NULL "
                     "SET r._sg_owner = $o, r._sg_key = coalesce(r._sg_key, '')", {"o": o}, write=True)
    report = push(example_store, conn, owner=o)
    after = _owned_relationships(conn, o)
    assert (report.deleted_relationships, len(after)) == (0, len(first) + 1)
    assert after.pop(theirs) == ("LED_BY", {"note": "mine"})
    assert after.keys() == first.keys()
    assert not [p for _, p in after.values() if "_sg_owner" in p or p.get("_sg_key") == ""]
    assert {str(q) for q in pull(conn, owner=o)} == dataset_lines(example_store)
    nodes, _ = remove_owned(conn, o)
    left = run_cypher(conn, "MATCH (a)-[r]->(b) WHERE a._sg_owner = $o RETURN count(r) AS n", {"o": o}).rows
    assert left[0]["n"] == 1  # theirs, and its two ends, are kept
    run_cypher(conn, "MATCH (n) WHERE n._sg_owner = $o DETACH DELETE n", {"o": o}, write=True)


@pytest.mark.neo4j
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(first=datasets(), second=datasets())
def test_a_push_over_another_graph_gives_back_the_new_one(neo4j_dev_server, first, second):
    """The re-push path (nodes MERGEd, relationships found by ends, type and key) over any older graph of
    the same owner: what pull gives back is the new graph, nothing of the old one is left."""
    owner = f"test-hyp2-{uuid.uuid4().hex[:12]}"
    try:
        push_graph(to_property_graph(first), neo4j_dev_server, owner=owner)
        push_graph(to_property_graph(second), neo4j_dev_server, owner=owner)
        assert {str(q) for q in pull(neo4j_dev_server, owner=owner)} == expected(second)
        graph = to_property_graph(second)
        assert len(_owned_relationships(neo4j_dev_server, owner)) == len(graph.relationships)
    finally:
        remove_owned(neo4j_dev_server, owner)


@pytest.mark.neo4j
def test_a_node_that_gains_a_class_keyed_before_its_old_one_stays_one_node(neo4j_dev_server, neo4j_owner):
    """A project that later is also a governing body is keyed by GoverningBody (the first label): the
    re-push finds the old Project node instead of making a second one its Project constraint refuses."""
    p1, u1 = nn(node_iri("P1")), nn(node_iri("U1"))
    first = [(p1, nn(RDF_TYPE), nn(SG + "Project"), "city"), (u1, nn(RDF_TYPE), nn(SG + "Unit"), "city"),
             (p1, nn(SG + "ledBy"), u1, "city")]
    second = [*first, (p1, nn(RDF_TYPE), nn(SG + "GoverningBody"), "city")]
    push_graph(to_property_graph(first), neo4j_dev_server, owner=neo4j_owner)
    report = push_graph(to_property_graph(second), neo4j_dev_server, owner=neo4j_owner)
    assert (report.deleted_nodes, report.deleted_relationships) == (0, 0)
    rows = run_cypher(neo4j_dev_server, "MATCH (n) WHERE n._sg_owner = $o AND n.iri = $iri RETURN labels(n) AS l",
                      {"o": neo4j_owner, "iri": p1.value}).rows
    assert [sorted(r["l"]) for r in rows] == [["GoverningBody", "Project"]]
    assert {str(q) for q in pull(neo4j_dev_server, owner=neo4j_owner)} == expected(second)


@pytest.mark.neo4j
def test_values_with_quotes_and_cypher_text_are_stored_verbatim(neo4j_dev_server, neo4j_owner):
    nasty = 'He said "hi" \\ $x } {n} \n line two\r\ttab `tick` \'single\' \u00e4\u20ac\U0001F600'
    label_like = "Project) DETACH DELETE (n"
    s = nn(node_iri(label_like))
    quads = [(s, nn(RDF_TYPE), nn(SG + "Project"), "s"), (s, nn(DCT_ID), lit(label_like), "s"),
             (s, nn(SKOS_LABEL), lit(nasty, lang="fi"), "s"), (s, nn("http://example.org/p"), lit(nasty), "s"),
             (nn(node_iri("U1")), nn(RDF_TYPE), nn(SG + "Unit"), "s"), (s, nn(SG + "ledBy"), nn(node_iri("U1")), "s")]
    push_graph(to_property_graph(quads), neo4j_dev_server, owner=neo4j_owner)
    with neo4j_dev_server.driver() as driver:
        records, _, _ = driver.execute_query(
            "MATCH (p:Project {_sg_owner: $owner}) RETURN p.id AS id, p.label_fi AS fi",
            {"owner": neo4j_owner}, database_=neo4j_dev_server.database)
        count, _, _ = driver.execute_query("MATCH (n) WHERE n._sg_owner = $owner RETURN count(n) AS n",
                                           {"owner": neo4j_owner}, database_=neo4j_dev_server.database)
    assert [(r["id"], r["fi"]) for r in records] == [(label_like, nasty)]
    assert count[0]["n"] == 2
    assert {str(q) for q in pull(neo4j_dev_server, owner=neo4j_owner)} == expected(quads)


@pytest.mark.neo4j
@pytest.mark.filterwarnings("ignore:Parsing weird boolean")
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(quads=datasets())
def test_generated_graphs_roundtrip_through_neo4j(neo4j_dev_server, quads):
    owner = f"test-hyp-{uuid.uuid4().hex[:12]}"
    try:
        push_graph(to_property_graph(quads), neo4j_dev_server, owner=owner)
        pulled = {str(q) for q in pull(neo4j_dev_server, owner=owner)}
        assert pulled == expected(quads)
        assert isomorphic(triples_graph(pulled), triples_graph(expected(quads)))
    finally:
        remove_owned(neo4j_dev_server, owner)


@pytest.mark.neo4j
def test_pull_refuses_unknown_owner_and_unfinished_push(neo4j_dev_server, neo4j_owner):
    with pytest.raises(GraphDatabaseError, match="nothing pushed by owner"):
        pull(neo4j_dev_server, owner=neo4j_owner)
    push_graph(to_property_graph([]), neo4j_dev_server, owner=neo4j_owner)
    with neo4j_dev_server.driver() as driver:
        driver.execute_query("MATCH (m:StratgraphSync {owner: $owner}) SET m.pending = 'x'", {"owner": neo4j_owner},
                             database_=neo4j_dev_server.database)
    with pytest.raises(GraphDatabaseError, match="has not completed"):
        pull(neo4j_dev_server, owner=neo4j_owner)


def test_write_rdf_turtle_is_the_union(tmp_path: Path):
    quad = ox.Quad(nn("urn:a"), nn("urn:p"), lit("x"), source_graph("one"))
    twice = [quad, ox.Quad(quad.subject, quad.predicate, quad.object, source_graph("two"))]
    with (tmp_path / "out.ttl").open("wb") as out:
        write_rdf(twice, "turtle", out)
    assert len(list(ox.parse(path=str(tmp_path / "out.ttl"), format=ox.RdfFormat.TURTLE))) == 1
    with (tmp_path / "out.nq").open("wb") as out:
        write_rdf(twice, "nquads", out)
    assert len(list(ox.parse(path=str(tmp_path / "out.nq"), format=ox.RdfFormat.N_QUADS))) == 2


def test_decimal_helper_matches_store_form():
    # The float path must give back what Oxigraph keeps for the schema's decimals.
    for text in ["780000", "0.1", "1234.5", "-12.25"]:
        assert to_property_graph([(nn("urn:m"), nn(SG + "budget"), lit(text, XSD + "decimal"), "s")]).nodes[0] \
            .props.get("_lex_budget") is None, text
    assert Decimal("1.5") == Decimal(repr(1.5))


def test_an_unknown_relationship_type_is_refused_before_anything_is_written():
    """The rows are built lazily, batch by batch, but the types are checked first: a server that is not
    there is never reached (a reachable one would have got the nodes before the refusal)."""
    from graph_model.neo4j_mapping import NodeRow, PropertyGraph, RelRow
    from ontologies.errors import UsageError

    graph = PropertyGraph([NodeRow("urn:a", ("Project",), {}), NodeRow("urn:b", ("Unit",), {})],
                          [RelRow("LED_BY", "urn:a", "urn:b", "", {}),
                           RelRow("NOT_IN_SCHEMA", "urn:a", "urn:b", "", {})])
    with pytest.raises(UsageError, match="'NOT_IN_SCHEMA' is not in the schema"):
        push_graph(graph, Neo4jConnection("bolt://127.0.0.1:9", "neo4j", "pw"), owner="test-unknown-type",
                   retry_seconds=0.1)
