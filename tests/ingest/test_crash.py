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
        return source.location


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
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
