"""A process killed (SIGKILL) or interrupted (SIGINT) at any point of an ingest leaves the store as it was,
or with the new source complete: never half of it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from examples import EXAMPLE_DIR
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from devtools.synth import write_synth


@pytest.fixture(scope="module")
def city_input(tmp_path_factory):
    return write_synth("city", 3, tmp_path_factory.mktemp("synth") / "city").out_dir


def consistent(db) -> str:
    """Open the store like a user would; return which input the source holds. Fail if it is partial."""
    with GraphStore(db) as store:
        [source] = store.sources()
        live = store.live_graphs()[0]
        assert store.count_triples(live) == source.triples, "the live graph is partial"
        leftovers = [g.value for g in store.oxigraph.named_graphs()
                     if g.value.startswith("urn:stratgraph:source:") and g.value != source.graph]
        assert leftovers == [], "staging graphs must be collected when the store is opened"
    assert staging_files(db) == [], "no staging file may outlive its ingest"
    return source.location


def staging_files(db) -> list[str]:
    """What a write leaves in the store folder besides the store: staging folders, spills, bulk files."""
    return sorted(p.name for p in db.iterdir() if p.name.startswith((".staging-", "tmp", "bulk")))


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("delay", [0.0, 0.05, 0.1, 0.2, 0.4, 0.8])
def test_killed_ingest_leaves_old_or_new(tmp_path, city_input, sig, delay):
    db = tmp_path / "db"
    with GraphStore(db) as store:
        ingest(EXAMPLE_DIR, store, source="city")
    proc = subprocess.Popen([sys.executable, "-m", "stratgraph", "--db", str(db), "ingest", str(city_input),
                             "--source", "city"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:  # wait until the triples are being written, then strike
        if "loading" in line:
            break
    time.sleep(delay)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err
    assert consistent(db) in (str(EXAMPLE_DIR), str(city_input.resolve()))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_ingest_leaves_no_staging_behind(tmp_path, city_input, sig):
    """SIGTERM removes its own staging folder; after SIGKILL the next writer removes it, with a note."""
    db = tmp_path / "db"
    with GraphStore(db) as store:
        ingest(EXAMPLE_DIR, store, source="city")
    proc = subprocess.Popen([sys.executable, "-m", "stratgraph", "--db", str(db), "ingest", str(city_input),
                             "--source", "city"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:  # the spill file is being written or loaded
        if "writing triples" in line:
            break
    time.sleep(0.2)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert "Traceback" not in err
    if sig == signal.SIGTERM:
        assert staging_files(db) == [], "SIGTERM must run the clean-up"
    else:
        (db / ".staging-999999999-deadbeef").mkdir(exist_ok=True)  # as a killed writer leaves it
        (db / ".staging-999999999-deadbeef" / "tmpx.nt").write_bytes(b"<urn:a> <urn:b> <urn:c> .\n" * 1000)
    with GraphStore(db) as store:
        assert store.sources()[0].name == "city"
        if sig == signal.SIGKILL:
            assert any("staging files" in note for note in store.notes), store.notes
    assert staging_files(db) == []
    assert consistent(db) in (str(EXAMPLE_DIR), str(city_input.resolve()))


def test_a_big_leftover_staging_graph_goes_in_bounded_slices(tmp_path, monkeypatch):
    """A killed bulk load can leave millions of staging triples; each opening removes a bounded slice
    (one removal of it all held 8 GB for 17 minutes), and queries never see them."""
    import pyoxigraph as ox

    import graph_model.store as store_module

    monkeypatch.setattr(store_module, "GC_SLICE", 2_000)
    db = tmp_path / "db"
    with GraphStore(db) as store:
        ingest(EXAMPLE_DIR, store, source="city")
        live = store.count_triples(store.live_graphs()[0])
        leftover = ox.NamedNode("urn:stratgraph:source:city/0123456789abcdef")
        store.oxigraph.bulk_load(input=b"".join(b'<urn:s%d> <urn:p> "x" .\n' % i for i in range(5_000)),
                                 format=ox.RdfFormat.N_TRIPLES, to_graph=leftover)
    sizes = []
    for _ in range(4):
        with GraphStore(db) as store:
            sizes.append(store.count_triples(leftover))
            assert store.count_triples(store.live_graphs()[0]) == live
            assert len(store.select("SELECT ?s WHERE { ?s <urn:p> ?o }")[1]) == 0, "leftovers are never read"
    assert sizes == [3_000, 1_000, 0, 0]
