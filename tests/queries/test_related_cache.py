"""The related-projects index cached beside a store: the same answers as a fresh build, never stale."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from examples import EXAMPLE_DIR
from graph_model.store import GraphStore, SourceDraft
from graph_model.terms import RDF_TYPE
from ingest.pipeline import ingest
from queries.projection import GraphData, load_graph
from queries.related import FEEDBACK, RelatedIndex
from queries.related_cache import cache_key, cached_index, load_index, save_index
from queries.sparql import PREFIXES


@pytest.fixture(scope="module")
def city_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("cache") / "city.db"
    with GraphStore(db) as store:
        ingest(EXAMPLE_DIR, store)
    return db


@pytest.fixture(scope="module")
def built_and_loaded(city_db):
    with GraphStore(city_db, read_only=True) as store:
        graph = load_graph(store)
        built = cached_index(store, graph)
        loaded = cached_index(store, graph)
    return built, loaded


def _same(a: list, b: list) -> None:
    assert [r.as_dict() for r in a] == [r.as_dict() for r in b]


@pytest.mark.parametrize("query", [
    {"project_id": "P-HNR"}, {"project_id": "P-KIERTO", "by": "topic"}, {"project_id": "P-KIERTO", "by": "partners"},
    {"project_id": "P-HNR", "other_sectors": True, "status": "ongoing"},
    {"text": "kiertotalous ja jätteen vähentäminen kouluissa"},
    {"text": "cirkulär ekonomi"}, {"text": "reduce food waste in schools"},
    {"text": "kiertotaloudellisimmillaan ruokahävikittömyys"},  # words no project has: the analyser loads
])
def test_a_loaded_index_answers_as_a_fresh_build(built_and_loaded, query):
    built, loaded = built_and_loaded
    assert built.loaded_from is None and loaded.loaded_from.endswith(".npz")
    _same(loaded.query(top=15, **query), built.query(top=15, **query))
    assert loaded.analyser == built.analyser and loaded.notes == built.notes


def test_every_project_s_top_k_is_the_same(built_and_loaded):
    built, loaded = built_and_loaded
    assert loaded.top_k_all(5) == built.top_k_all(5)


def test_the_files_hold_data_only(city_db, built_and_loaded):
    folder = city_db.parent / f"{city_db.name}.cache"
    [npz] = folder.glob("related-*.npz")
    with np.load(npz, allow_pickle=False) as saved:
        assert all(saved[name].dtype != object for name in saved.files)
    meta = json.loads(npz.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["ids"][:2] == sorted(meta["ids"])[:2] and "kiertotalous" in meta["word_terms"]


def test_an_ingest_or_a_removal_makes_a_new_index(city_db, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copytree(city_db, db)
    with GraphStore(db) as store:
        before = cache_key(store)
        assert cached_index(store).loaded_from is None  # the copy has no cache yet
        new = f"<{PREFIXES['id']}P-UUSI> <{RDF_TYPE}> <{PREFIXES['sg']}Project> .\n"
        new += f'<{PREFIXES["id"]}P-UUSI> <{PREFIXES["skos"]}prefLabel> "Kiertotalouden uusi hanke"@fi .\n'
        store.replace_source(SourceDraft("again", "again.nt", "1", "ntriples"), new.encode())
        assert cache_key(store) != before
        grown = cached_index(store)
        assert grown.loaded_from is None and len(list((tmp_path / "copy.db.cache").glob("related-*.npz"))) == 1
        assert "P-UUSI" in [r.id for r in cached_index(store).query(text="kiertotalous", top=50)]
        store.remove_source("again")
        assert cache_key(store) == before != cache_key(store, "plain")  # the same sources as before
        assert cached_index(store).loaded_from is None and cached_index(store).loaded_from is not None


def test_a_reviewers_decision_keeps_the_index(city_db, tmp_path):
    """The index is the projection's: a decision on a link or a duplicate changes nothing it holds, and
    `stratgraph related` after one rebuilt it (15-25 s on the real list) because the web edits changed."""
    from graph_model.review import decide_pair

    db = tmp_path / "copy.db"
    shutil.copytree(city_db, db)
    with GraphStore(db) as store:
        before = cache_key(store)
        assert cached_index(store).loaded_from is None  # the copy has no cache yet
        decide_pair(store, "link", "U-LIIKENNE", "U-LIIKUNTA", "rejected", author="rev", note="they met")
        decide_pair(store, "duplicate", *sorted(load_graph(store).ids_of("Project"))[:2], "distinct",
                    author="rev", note="two stages")
        assert cache_key(store) == before and cached_index(store).loaded_from is not None


def test_a_damaged_cache_is_rebuilt(city_db, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copytree(city_db, db)
    shutil.copytree(city_db.parent / f"{city_db.name}.cache", tmp_path / "copy.db.cache")
    with GraphStore(db, read_only=True) as store:
        assert cached_index(store).loaded_from is not None
        for file in (tmp_path / "copy.db.cache").glob("related-*"):
            file.write_bytes(b"\x00not an index")
        again = cached_index(store)
        assert again.loaded_from is None and [r.id for r in again.query("P-HNR", top=3)]


def test_a_store_in_memory_is_built_each_time(example_store):
    index = cached_index(example_store)
    assert index.loaded_from is None and isinstance(index, RelatedIndex)


def test_a_cached_call_imports_no_scikit_learn():
    """Importing scikit-learn costs a CLI call about 1.2 s; only building an index may need it.

    The English function words that are never a reason come from a file, kept equal to scikit-learn's list.
    """
    import subprocess
    import sys
    from pathlib import Path

    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from queries import related

    assert related._NOT_REASONS >= ENGLISH_STOP_WORDS
    kept = {line.strip() for line in related.ENGLISH_FUNCTION_WORDS.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}
    assert kept == set(ENGLISH_STOP_WORDS)
    code = ("import sys, queries.related, queries.related_cache, stratgraph.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                         cwd=Path(related.__file__).resolve().parents[1])
    assert out.stdout.strip() == "[]"


def test_a_loaded_index_feeds_back_as_the_built_one(tmp_path):
    """Pseudo-relevance feedback (a flat list: words carry the score) needs nothing the cache lacks."""
    titles = {"P1": "Kahvila ja ravintola", "P2": "Ravintola ja pitopalvelu", "P3": "Pitopalvelu juhliin",
              "P4": "Koulujen ruokahuolto", "P5": "Sahan laajennus"}
    graph = GraphData(types={p: "Project" for p in titles}, labels={p: {"fi": t} for p, t in titles.items()})
    built = RelatedIndex.build(graph, feedback=FEEDBACK)
    assert save_index(built, tmp_path / "related-flat")
    loaded = load_index(tmp_path / "related-flat", graph)
    loaded.feedback = FEEDBACK  # an option of the query, not of what is kept
    for ask in ({"project_id": "P1"}, {"text": "kahvila"}):
        found = [(r.id, r.score, r.reasons) for r in loaded.query(**ask)]
        assert found == [(r.id, r.score, r.reasons) for r in built.query(**ask)]
        assert any(reasons[0].startswith("words of the closest matches") for _, _, reasons in found)


def test_a_loaded_index_keeps_the_coordination(tmp_path):
    """The coordination factor (queries.text_similarity.COORDINATION) is part of what is kept."""
    titles = {"P1": "Vanhusten kotihoidon uusi toimintamalli", "P2": "Uusi toimintamalli", "P3": "Vanhusten kotihoito",
              "P4": "Koulujen ruokahuolto"}
    graph = GraphData(types={p: "Project" for p in titles}, labels={p: {"fi": t} for p, t in titles.items()})
    built = RelatedIndex.build(graph, coordination=1.0)
    assert save_index(built, tmp_path / "related-coord")
    loaded = load_index(tmp_path / "related-coord", graph)
    assert loaded.text.coordination == 1.0
    for ask in ({"project_id": "P1"}, {"text": "uusi toimintamalli vanhuksille"}):
        assert [(r.id, r.score) for r in loaded.query(**ask)] == [(r.id, r.score) for r in built.query(**ask)]


def test_threads_or_workers_asking_at_once_build_the_index_once(city_db, tmp_path, monkeypatch):
    """The web app's workers see a new projection at the same time: one builds the index (on the real list
    with the re-ranker's SVD, seconds of a core), the others wait for its files (graph_model.build_once)."""
    import threading
    import time

    from graph_model.build_once import build_once
    from queries.projection import projection_key
    from queries.related_cache import cached_index_of

    db = tmp_path / "copy.db"
    shutil.copytree(city_db, db)
    built, real = [], RelatedIndex.build.__func__
    monkeypatch.setattr(RelatedIndex, "build", classmethod(lambda cls, *a, **k: built.append(1) or real(cls, *a, **k)))
    with GraphStore(db, read_only=True) as store:
        key, graph = projection_key(store), load_graph(store)
    got: list = []
    with build_once(tmp_path / "copy.db.cache" / ".related.lock"):  # as a worker already building it
        askers = [threading.Thread(target=lambda: got.append(cached_index_of(db, key, graph))) for _ in range(2)]
        for asker in askers:
            asker.start()
        time.sleep(0.5)
        assert got == []  # both wait
    for asker in askers:
        asker.join(60)
    assert len(built) == 1 and len(got) == 2
    assert sorted(index.loaded_from is None for index in got) == [False, True]  # one built, one read it
