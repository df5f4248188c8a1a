"""The store under concurrent use and faults: real child processes on a real store folder.

Two ingests at once: the second waits for the first (or, when told not to wait, stops with a message)
and nothing is lost. A reader during an ingest sees the old or the new data. A full disk (a file-size
limit in the child), and a damaged store file give a message, and the data already stored stays.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph_model.lock import LOCK_NAME, StoreLock
from graph_model.store import GraphStore
from devtools.synth import write_synth
from ontologies.errors import StoreError



def stratgraph(db: Path, *args: str, wait: float = 30, preexec=None) -> subprocess.Popen:
    env = {**os.environ, "STRATGRAPH_LOCK_WAIT": str(wait)}
    return subprocess.Popen([sys.executable, "-m", "stratgraph", "--db", str(db), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, preexec_fn=preexec)


def finish(child: subprocess.Popen) -> tuple[int, str, str]:
    out, err = child.communicate(timeout=300)
    assert "Traceback" not in err, err
    return child.returncode, out, err


def quads(db: Path) -> list[str]:
    with GraphStore(db, read_only=True) as store:
        return sorted(map(str, store.quads()))


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "city"
    write_synth("city", 1, folder)
    return folder


@pytest.fixture
def db(small_db) -> Path:
    """A store holding the small city as the source 'small'."""
    return small_db("small")


def _wait_until_writing(db: Path, child: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while f"pid {child.pid}" not in (db / LOCK_NAME).read_text(encoding="utf-8", errors="replace"):
        assert child.poll() is None and time.monotonic() < deadline, "the first ingest never took the lock"
        time.sleep(0.02)


@pytest.mark.slow
def test_two_ingests_at_once_one_waits_one_stops_nothing_is_lost(db, city, tmp_path):
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "themes.csv").write_text("id,label_fi\nT-LOCK,Lukko\n", encoding="utf-8")
    first = stratgraph(db, "ingest", str(city), "--source", "city", "-q")
    _wait_until_writing(db, first)
    impatient = stratgraph(db, "ingest", str(themes), "--source", "other", "-q", wait=0)
    patient = stratgraph(db, "ingest", str(themes), "--source", "again", "-q", wait=120)
    code, _, err = finish(impatient)
    assert code == 1 and "is busy: another stratgraph process (pid " in err and "nothing was changed" in err
    assert finish(first)[0] == 0 and finish(patient)[0] == 0
    with GraphStore(db, read_only=True) as store:
        assert sorted(s.name for s in store.sources()) == ["again", "city", "small"]


@pytest.mark.slow
def test_a_reader_during_an_ingest_sees_the_old_or_the_new_data(db, city):
    def counts() -> dict:
        code, out, err = finish(stratgraph(db, "stats", "--by", "source", "--format", "json", wait=120))
        assert code == 0, err
        return {(r["source"], r["type"]): r["count"] for r in json.loads(out)} if out.strip() else {}

    old = counts()
    writer = stratgraph(db, "ingest", str(city), "--source", "city", "-q")
    _wait_until_writing(db, writer)
    seen = counts()
    assert finish(writer)[0] == 0
    assert seen in (old, counts()) and len(counts()) > len(old)


@pytest.mark.slow
def test_readers_never_wait_for_a_writer_and_see_the_state_before_it(db, city):
    """Issue 23: `stats` during a long ingest failed after 30 s with "store is busy". With a lock wait
    of 1 s, every read during the ingest answers, from the snapshot of the state before it."""
    def counts(wait: float) -> tuple[dict, str]:
        code, out, err = finish(stratgraph(db, "stats", "--by", "source", "--format", "json", wait=wait))
        assert code == 0, err
        return {(r["source"], r["type"]): r["count"] for r in json.loads(out)}, err

    old, _ = counts(30)
    writer = stratgraph(db, "ingest", str(city), "--source", "city", "-q", wait=30)
    _wait_until_writing(db, writer)
    reads = []
    while writer.poll() is None and len(reads) < 5:
        reads.append(counts(1))
    assert finish(writer)[0] == 0
    new, _ = counts(30)
    assert reads, "the ingest ended before a read could be tried"
    assert all(seen in (old, new) for seen, _ in reads)
    assert any("as it was before" in err for _, err in reads)
    assert not any(p.name.startswith((".snapshot-", ".staging-")) for p in db.iterdir()), "snapshots are removed"


@pytest.mark.slow
def test_a_full_disk_during_ingest_is_a_message_and_the_old_data_stays(db, city):
    before = quads(db)

    def small_disk() -> None:  # writes beyond 2 MB fail with EFBIG (Python ignores SIGXFSZ)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2 * 2**20, 2 * 2**20))

    code, _, err = finish(stratgraph(db, "ingest", str(city), "--source", "city", "-q", preexec=small_disk))
    assert code == 1 and err.startswith("Error: ") and len(err.strip().splitlines()) <= 3, err
    assert quads(db) == before
    leftovers = [p.name for p in db.iterdir() if p.name.startswith((".staging-", "tmp", "bulk"))]
    assert leftovers == [], "a full disk must not stay full with staging files"
    code, _, err = finish(stratgraph(db, "ingest", str(city), "--source", "city", "-q"))
    assert code == 0, "once space is freed the next ingest works"


def test_a_damaged_store_is_a_message_and_its_files_stay_untouched(db):
    current = db / "CURRENT"
    current.write_bytes(b"\x00garbage\n")
    files = {p.name: p.read_bytes() for p in db.iterdir() if p.is_file() and p.name != LOCK_NAME}
    code, _, err = finish(stratgraph(db, "stats"))
    assert code == 1 and f"Error: cannot open the store {db}" in err
    assert {p.name: p.read_bytes() for p in db.iterdir() if p.is_file() and p.name != LOCK_NAME} == files


def test_within_one_process_stores_on_one_folder_share_the_lock(db, monkeypatch):
    monkeypatch.setenv("STRATGRAPH_LOCK_WAIT", "0")
    with GraphStore(db, read_only=True), GraphStore(db, read_only=True) as second:
        assert second.sources()
    with StoreLock(db, exclusive=True):  # released by the stores above: free again
        pass


def test_a_lock_held_elsewhere_stops_a_writer_with_a_message(db, monkeypatch):
    monkeypatch.setenv("STRATGRAPH_LOCK_WAIT", "0.2")
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'a'); "
                               "fcntl.flock(f, fcntl.LOCK_SH); print('held', flush=True); time.sleep(30)",
                               str(db / LOCK_NAME)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError, match="is busy"):
            GraphStore(db)
        with GraphStore(db, read_only=True) as reader:  # readers share
            assert reader.sources()
    finally:
        holder.kill()
        holder.wait()
