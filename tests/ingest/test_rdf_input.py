"""RDF input: every syntax the issue names; syntax errors with their line; typos in terms caught."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph_model.export import export
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from ingest.problems import InvalidInput

TURTLE = """@prefix sg: <https://w3id.org/stratgraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix id: <https://w3id.org/stratgraph/id/> .
id:SEC-A a sg:Sector ; dct:identifier "SEC-A" ; skos:prefLabel "Toimiala"@fi .
id:U1 a sg:Unit ; dct:identifier "U1" ; skos:prefLabel "Yksikkö"@fi, "Unit"@en ; sg:partOf id:SEC-A .
"""


@pytest.mark.parametrize("suffix, fmt", [(".ttl", ox.RdfFormat.TURTLE), (".nt", ox.RdfFormat.N_TRIPLES),
                                         (".nq", ox.RdfFormat.N_QUADS), (".jsonld", ox.RdfFormat.JSON_LD),
                                         (".rdf", ox.RdfFormat.RDF_XML)])
def test_each_format_lands_the_same_graph(tmp_path, suffix, fmt):
    triples = list(ox.parse(TURTLE.encode(), format=ox.RdfFormat.TURTLE))
    data = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode("urn:g")) for t in triples] \
        if fmt.supports_datasets else triples
    path = tmp_path / f"input{suffix}"
    path.write_bytes(ox.serialize(data, format=fmt))
    with GraphStore(tmp_path / "db") as store:
        report = ingest(path, store)
        assert report.status == "stored" and report.by_type == {"Sector": 1, "Unit": 1}
        assert store.count_triples(store.live_graphs()[0]) == len(triples)


def test_turtle_syntax_error_reports_its_line(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text(TURTLE + 'id:U2 a sg:Unit ;\n  skos:prefLabel "x"@fi \n id:U3 a sg:Unit .\n')
    with GraphStore(tmp_path / "db") as store, pytest.raises(InvalidInput) as caught:
        ingest(path, store)
    [problem] = caught.value.problems
    assert problem.row == 9 and problem.rule == "syntax" and problem.file == "broken.ttl"


def test_misspelt_term_suggests_the_right_one(tmp_path):
    path = tmp_path / "typo.ttl"
    path.write_text(TURTLE.replace("sg:partOf", "sg:partof"))
    with GraphStore(tmp_path / "db") as store, pytest.raises(InvalidInput) as caught:
        ingest(path, store)
    assert any("did you mean sg:partOf" in p.message for p in caught.value.problems)


def test_shapes_checked_on_rdf_input(tmp_path):
    path = tmp_path / "nolabel.ttl"
    path.write_text(TURTLE.replace('skos:prefLabel "Toimiala"@fi ', ""))
    with GraphStore(tmp_path / "db") as store, pytest.raises(InvalidInput) as caught:
        ingest(path, store)
    assert [p.rule for p in caught.value.problems] == ["shacl"]
    assert "SEC-A: label needs at least 1" in caught.value.problems[0].message
    with GraphStore(tmp_path / "db") as store:
        assert store.sources() == []


def test_export_then_reingest_round_trips(tmp_path, make_input):
    with GraphStore(tmp_path / "a") as first:
        ingest(make_input(), first, source="city")
        out = tmp_path / "city.nt"
        with out.open("wb") as handle:
            export(first, "ntriples", handle)
        original = set(first.quads())
    with GraphStore(tmp_path / "b") as second:
        ingest(out, second, source="city")
        again = set(second.quads())
    assert {q.triple for q in original} == {q.triple for q in again}
