"""Public mode's pseudonymised copy, updated a source at a time, holds what one built from scratch holds:
the same quads, so the same projection and the same answers, after an ingest, a removal and an ingest
that brings new persons (which pseudonymises every source again)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from examples import EXAMPLE_DIR
from graph_model.pseudonymise import pseudonymised
from graph_model.store import GraphStore
from ingest.popolo import import_popolo
from queries.projection import load_graph
from queries.search import SearchIndex
from stratgraph.cli import cli
from stratgraph.web.public_copy import PublicCopy, cached_read
from tests.helpers import SMALL

KEY = b"test-key"
POPOLO = Path(__file__).resolve().parents[2] / "data" / "popolo" / "councillors-excerpt.json"


def _cli(db: Path, *args: str) -> None:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output


def _from_scratch(db: Path) -> GraphStore:
    with GraphStore(db, read_only=True) as store:
        return PublicCopy(KEY).update(store)


def _same_answers(kept: GraphStore, fresh: GraphStore) -> None:
    assert set(kept.oxigraph) == set(fresh.oxigraph)
    kept_graph, fresh_graph = load_graph(kept, cache=False), load_graph(fresh, cache=False)
    assert kept_graph == fresh_graph
    for words in ("hiilineutraali", "Henkilö", "pyöräily"):
        assert [h.id for h in SearchIndex.build(kept_graph).query(words)] == \
            [h.id for h in SearchIndex.build(fresh_graph).query(words)]


@pytest.fixture
def city_db(tmp_path) -> Path:
    db = tmp_path / "city.db"
    _cli(db, "ingest", str(EXAMPLE_DIR), "--source", "city", "-q")
    return db


def test_an_update_a_source_at_a_time_equals_a_copy_from_scratch(city_db):
    public = PublicCopy(KEY)
    steps = [(lambda: None, "full"),
             (lambda: _cli(city_db, "ingest", str(SMALL), "--source", "small", "-q"), "incremental (1 new, 0 gone)"),
             (lambda: _cli(city_db, "sources", "remove", "small"), "incremental (0 new, 1 gone)")]
    for change, how in steps:
        change()
        with GraphStore(city_db, read_only=True) as store:
            kept = public.update(store)
        assert public.last == how
        _same_answers(kept, _from_scratch(city_db))


def test_new_persons_pseudonymise_every_source_again(city_db):
    public = PublicCopy(KEY)
    with GraphStore(city_db, read_only=True) as store:
        public.update(store)
    with GraphStore(city_db) as store:
        import_popolo(POPOLO, store)  # councillors: persons the city's texts may name
    with GraphStore(city_db, read_only=True) as store:
        kept = public.update(store)
    assert public.last == "full"
    _same_answers(kept, _from_scratch(city_db))


def test_the_copy_holds_what_the_cli_pseudonymise_writes(city_db):
    """The same quads as ``--pseudonymise`` (graph_model.pseudonymise.pseudonymised), source by source."""
    with GraphStore(city_db, read_only=True) as store, pseudonymised(store, KEY) as whole:
        kept = PublicCopy(KEY).update(store)
        assert set(kept.quads()) == set(whole.quads())
        assert any("Henkilö" in q.object.value for q in kept.quads())


def test_a_restart_reads_the_kept_answers(tmp_path):
    calls = []
    read = lambda: calls.append(1) or {"rows": len(calls)}  # noqa: E731
    assert cached_read(tmp_path / "a.db", "v1", KEY, read) == cached_read(tmp_path / "a.db", "v1", KEY, read)
    assert cached_read(tmp_path / "a.db", "v1", b"other key", read) == {"rows": 2}  # never another key's
    assert len(calls) == 2


def test_a_restart_serves_the_version_read_last_until_the_store_is_read(city_db, monkeypatch):
    from stratgraph.web.live import LiveStore

    monkeypatch.setenv("STRATGRAPH_PSEUDONYM_KEY", KEY.decode())
    first = LiveStore(city_db, pseudonymise=True)
    assert first.refresh()
    again = LiveStore(city_db, pseudonymise=True)  # a restart on the unchanged store: nothing to read
    assert not again.refresh()
    assert again.snapshot().version == first.snapshot().version and again.snapshot().graph == first.snapshot().graph
    assert again.snapshot().sources == first.snapshot().sources

    _cli(city_db, "ingest", str(SMALL), "--source", "small", "-q")  # changed while the app was down
    later = LiveStore(city_db, pseudonymise=True)
    later._serve_last_read()  # what the first refresh does before it reads the store
    assert later.snapshot().version == first.snapshot().version  # the store before, whole
    assert later.refresh() and later.snapshot().version != first.snapshot().version
    for kept in Path(f"{city_db}.cache").glob("public-*"):
        kept.unlink()  # nothing kept: read from scratch
    fresh = LiveStore(city_db, pseudonymise=True)
    assert fresh.refresh() and fresh.snapshot().version == later.snapshot().version
    assert fresh.snapshot().graph == later.snapshot().graph
