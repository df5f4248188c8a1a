"""Ingest lands whole or not at all; re-running changes nothing; re-ingesting replaces."""

from __future__ import annotations

import pytest

from graph_model.store import GraphStore
from ingest.pipeline import ingest
from ingest.problems import InvalidInput


def all_triples(store):
    return sorted(map(tuple, store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")[1]))


def test_same_input_twice_changes_nothing(make_input, store):
    folder = make_input()
    first = ingest(folder, store)
    snapshot, sources = all_triples(store), store.sources()
    second = ingest(folder, store)
    assert (first.status, second.status) == ("stored", "unchanged")
    assert all_triples(store) == snapshot and store.sources() == sources


def test_reingest_replaces_the_source(make_input, store):
    ingest(make_input(), store, source="city")
    smaller = make_input({"projects": [["id", "label_fi", "led_by"], ["P9", "Uusi", "U1"]]})
    ingest(smaller, store, source="city")
    ids = {r[0] for r in store.select("SELECT ?id WHERE { ?s a <https://w3id.org/stratgraph/ontology#Project> ;"
                                      " <http://purl.org/dc/terms/identifier> ?id }")[1]}
    assert ids == {"P9"}
    assert len(store.sources()) == 1
    assert len(store.oxigraph.named_graphs().__iter__().__next__().value) > 0


def test_second_source_may_reference_the_first_but_not_redefine_it(make_input, store, tmp_path):
    ingest(make_input(), store, source="org")
    from tests.helpers import write_csvs
    extra = write_csvs(tmp_path / "extra", {"projects": [["id", "label_fi", "led_by"], ["P7", "Lisä", "U2"]]})
    assert ingest(extra, store, source="extra").status == "stored"
    clash = write_csvs(tmp_path / "clash", {"sectors": [["id", "label_fi"], ["SEC-A", "Toinen"]]})
    with pytest.raises(InvalidInput) as caught:
        ingest(clash, store, source="clash")
    assert caught.value.problems[0].rule == "duplicate-id"


def test_interrupt_during_load_leaves_store_as_it_was(make_input, store, monkeypatch):
    ingest(make_input(), store, source="city")
    before = all_triples(store)
    import ingest.pipeline as pipeline

    def interrupted(*args, **kwargs):
        def check(staging):
            raise KeyboardInterrupt
        return check

    monkeypatch.setattr(pipeline, "shacl_check", interrupted)
    changed = make_input({"projects": [["id", "label_fi", "led_by"], ["P9", "Uusi", "U1"]]})
    with pytest.raises(KeyboardInterrupt):
        ingest(changed, store, source="city")
    assert all_triples(store) == before
    assert len(list(store.oxigraph.named_graphs())) == 2  # the source's graph and the meta graph


def test_dry_run_stores_nothing(make_input, store):
    report = ingest(make_input(), store, dry_run=True)
    assert report.status == "valid" and store.sources() == []
    assert list(store.oxigraph.named_graphs()) == []


def test_leftover_staging_graph_is_collected_on_open(make_input, tmp_path):
    path = tmp_path / "db"
    with GraphStore(path) as store:
        ingest(make_input(), store, source="city")
        import pyoxigraph as ox
        store.oxigraph.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"),
                                   ox.NamedNode("urn:stratgraph:source:city/crashed")))
        before = [s.graph for s in store.sources()]
    with GraphStore(path) as store:
        graphs = {g.value for g in store.oxigraph.named_graphs()}
        assert "urn:stratgraph:source:city/crashed" not in graphs
        assert [s.graph for s in store.sources()] == before
