"""The hostile-input campaign, files: each input of the corpus goes through ``stratgraph ingest`` in a
child process with a memory limit and a time limit.

Invariants: no traceback; exit 0 or exit 1 with an ``Error:`` message; after exit 1 the store holds
exactly what it held before; under 1.5 GB of address space and 90 s. The last test prints the counts as a
``RESULT`` line (inputs tried, invariant breaks), which must show 0 breaks.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph_model.store import GraphStore
from tests.helpers import SMALL
from tests.hostile_corpus import GENERATED, HOSTILE, KEPT

MEMORY = int(1.5 * 2**30)
SECONDS = 90
TALLY = {"tried": 0, "breaks": 0}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _quads(db: Path) -> list[str]:
    with GraphStore(db, read_only=True) as store:
        return sorted(map(str, store.quads()))


@pytest.fixture
def store_with_data(small_db) -> Path:
    """A store holding the small city as the source 'city'."""
    return small_db("city")


def run_guarded(db: Path, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    """``stratgraph --db DB ARGS`` in a child with the memory limit; returns the result and seconds."""
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "stratgraph", "--db", str(db), *args], capture_output=True,
                         text=True, timeout=SECONDS, preexec_fn=_limit_memory,
                         env={**os.environ, "PYTHONFAULTHANDLER": ""})
    return run, time.perf_counter() - started


def broken_invariants(run: subprocess.CompletedProcess, before: list[str], db: Path) -> list[str]:
    """What the run did wrong (empty when it behaved)."""
    broken = []
    if "Traceback" in run.stderr or "Traceback" in run.stdout:
        broken.append("traceback:\n" + run.stderr[-1500:])
    if run.returncode not in (0, 1):
        broken.append(f"exit {run.returncode}: {run.stderr[-500:]}")
    if run.returncode == 1 and "Error:" not in run.stderr:
        broken.append(f"exit 1 without a message: {run.stderr[-500:]}")
    if run.returncode == 1 and _quads(db) != before:
        broken.append("the store changed although the ingest failed")
    return broken


def _check(db: Path, path: Path, expect_refusal: str | None) -> None:
    before = _quads(db)
    run, seconds = run_guarded(db, "ingest", str(path), "--source", "city", "-q")
    broken = broken_invariants(run, before, db)
    if expect_refusal is not None and (run.returncode != 1 or expect_refusal not in run.stderr):
        broken.append(f"expected a refusal with {expect_refusal!r}, got exit {run.returncode}: {run.stderr[-800:]}")
    TALLY["tried"] += 1
    TALLY["breaks"] += bool(broken)
    assert not broken, broken
    assert seconds < SECONDS


#: What the refusal of each kept file must say (None: reading it calmly is fine too).
KEPT_REFUSALS = {
    "billion-laughs.rdf": "nested entities are refused", "external-entity-http.rdf": "is external (SYSTEM)",
    "external-entity-file.rdf": "is external (SYSTEM)", "parameter-entity.rdf": "is external (SYSTEM)",
    "remote-context.jsonld": "remote context", "remote-import.jsonld": "remote context",
    "nul-bytes": "binary data", "mixed-encoding": None, "cr-only": None, "formula-cells": None,
}
GENERATED_REFUSALS = {
    "xlsx-zip-bomb": "is it a zip bomb?", "sparse-1gb": "more than the limit of 512 MB", "deep-json": "stack size",
    "formula-workbook": None, "directory-as-workbook": "holds no .csv or .xlsx files",
    "directory-as-rdf": "holds no .csv or .xlsx files", "missing-file": "does not exist",
    "broken-symlink": "holds no .csv or .xlsx files",
}


def test_the_corpus_is_complete():
    assert sorted(KEPT_REFUSALS) == KEPT and set(GENERATED_REFUSALS) == set(GENERATED)


@pytest.mark.slow
@pytest.mark.parametrize("name", KEPT)
def test_kept_hostile_files(name, store_with_data):
    _check(store_with_data, HOSTILE / name, KEPT_REFUSALS[name])


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_hostile_files(name, store_with_data, tmp_path):
    _check(store_with_data, GENERATED[name](tmp_path), GENERATED_REFUSALS[name])


@pytest.mark.slow
def test_files_that_vanish_while_the_ingest_reads_them(store_with_data, tmp_path):
    folder = tmp_path / "vanishing"
    folder.mkdir()
    for sheet in ("sectors", "units", "projects", "bodies", "relationships"):
        (folder / f"{sheet}.csv").write_bytes((SMALL / f"{sheet}.csv").read_bytes())
    with (folder / "relationships.csv").open("a", encoding="utf-8") as handle:  # long enough to be mid-read
        handle.writelines(f"P1,has_theme,T{i},,,,\n" for i in range(200_000))
    before = _quads(store_with_data)
    child = subprocess.Popen([sys.executable, "-m", "stratgraph", "--db", str(store_with_data), "ingest", str(folder),
                              "--source", "city"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=_limit_memory)
    first = child.stderr.readline()  # the first progress line: reading has begun
    for path in folder.iterdir():
        path.unlink()
    out, err = child.communicate(timeout=SECONDS)
    run = subprocess.CompletedProcess(child.args, child.returncode, out, first + err)
    broken = broken_invariants(run, before, store_with_data)
    TALLY["tried"] += 1
    TALLY["breaks"] += bool(broken)
    assert not broken, broken


def test_zz_campaign_counts(capsys):
    """Prints the campaign's counts (files here; the Hypothesis readers and commands print their own)."""
    with capsys.disabled():
        print(f"\nRESULT name=hostile_files tried={TALLY['tried']} breaks={TALLY['breaks']}")
    assert TALLY["breaks"] == 0
