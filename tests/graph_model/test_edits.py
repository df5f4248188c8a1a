"""Web edits on record: apply, history, revert, versions and conflicts; an edit during an ingest waits
and then is refused; a killed edit is whole or absent; concurrent edits are applied or refused, never lost."""

from __future__ import annotations

import datetime as dt
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from examples import EXAMPLE_DIR
from graph_model.edits import (EDITS_SOURCE, Change, apply_edit, changes, comments_on, entity_version, history,
                               open_for_edit, replay, revert, web_facts)
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from ingest.updates import add_action, observe, update_action
from ontologies.errors import BusyError, ConflictError, InputError, NotFoundError


@pytest.fixture(scope="module")
def city_template(tmp_path_factory):
    db = tmp_path_factory.mktemp("city") / "db"
    with GraphStore(db) as store:
        ingest(EXAMPLE_DIR, store, source="city")
    return db


@pytest.fixture
def city_db(city_template, tmp_path):
    db = tmp_path / "db"
    shutil.copytree(city_template, db)
    return db


def whole(db) -> None:
    """The web edits' facts are exactly what replaying their log gives, and every record is complete."""
    with GraphStore(db, read_only=True) as store:
        records = changes(store)
        assert all(r.author and r.at and r.entity and r.kind for r in records)
        assert web_facts(store) == replay(records)
        info = store.source(EDITS_SOURCE)
        assert info is None or store.count_triples(store.live_graphs()[[s.name for s in store.sources()]
                                                                      .index(EDITS_SOURCE)]) == info.triples


def test_an_edit_is_a_source_with_history_and_revert(city_db):
    with open_for_edit(city_db) as store:
        v0 = entity_version(store, "M-VAKILUKU")
        first = observe(store, "M-VAKILUKU", "66 100".replace(" ", ""), on="2025-06-30", author="ann",
                        comment="<script>alert(1)</script>", expected_version=v0)
        assert entity_version(store, "M-VAKILUKU") != v0
        assert EDITS_SOURCE in [s.name for s in store.sources()]
        undo = revert(store, first.id, "admin")
        assert [(c.kind, c.author) for c in history(store, "M-VAKILUKU")] == [("observe", "ann"), ("revert", "admin")]
        assert undo.removed == first.added
        with pytest.raises(InputError, match="reverted already"):
            revert(store, first.id, "admin")
        again = revert(store, undo.id, "admin")  # undo the undo: the observation is back
        assert set(again.added) == set(first.added)
        assert store.select('SELECT ?d WHERE { ?o <http://purl.org/dc/terms/description> ?d }'
                            )[1].count(["<script>alert(1)</script>"]) == 1
    whole(city_db)


def test_a_stale_version_is_a_conflict_that_keeps_the_input(city_db):
    with open_for_edit(city_db) as store:
        seen = entity_version(store, "M-VAKILUKU")
        observe(store, "M-VAKILUKU", 66000, on=dt.date(2025, 3, 1), author="ann", expected_version=seen)
        with pytest.raises(ConflictError) as caught:
            observe(store, "M-VAKILUKU", 65000, on=dt.date(2025, 3, 2), author="bob", comment="mine",
                    expected_version=seen)
        assert caught.value.submitted == {"metric": "M-VAKILUKU", "value": "65000", "on": "2025-03-02",
                                          "comment": "mine"}
        assert caught.value.current == entity_version(store, "M-VAKILUKU")
        assert [c.author for c in history(store, "M-VAKILUKU")] == ["ann"]


def test_bad_input_is_named_all_at_once_and_changes_nothing(city_db):
    with open_for_edit(city_db) as store:
        with pytest.raises(InputError) as caught:
            add_action(store, "G-NOPE", "", answered_by="M-VAKILUKU", due="31.12.2025", state="late", author="a")
        text = str(caught.value)
        for part in ("target: no goal or metric 'G-NOPE'", "what: empty", "'M-VAKILUKU' is a Metric",
                     "'31.12.2025' is not a date", "'late' is not one of"):
            assert part in text
        with pytest.raises(InputError, match="not a number"):
            observe(store, "M-VAKILUKU", "lots", on="2025-01-01", author="a")
        with pytest.raises(InputError, match="only facts that web edits added"):
            apply_edit_lines = Change("M-VAKILUKU", "a", "drop the target", remove=(
                '<https://w3id.org/stratgraph/id/M-VAKILUKU> <https://w3id.org/stratgraph/ontology#target> '
                '"67000"^^<http://www.w3.org/2001/XMLSchema#decimal> .',))
            from graph_model.edits import apply_change
            apply_change(store, apply_edit_lines)
        with pytest.raises(NotFoundError):
            revert(store, "no-such-change", "a")
        assert store.source(EDITS_SOURCE) is None


def test_an_action_update_is_on_the_actions_history(city_db):
    with open_for_edit(city_db) as store:
        made = add_action(store, "G2", "Hire two coaches", answered_by="U-TYOLLISYYS", due="2025-01-31", author="ann")
        action = next(line.split(" ")[0][1:-1] for line in made.added if "Action>" in line).rsplit("/", 1)[1]
        version = entity_version(store, action)
        update_action(store, action, state="done", author="ann", expected_version=version)
        with pytest.raises(ConflictError):
            update_action(store, action, state="ongoing", author="bob", expected_version=version)
        states = store.select(f"SELECT ?s WHERE {{ <https://w3id.org/stratgraph/id/{action}> "
                              "<https://w3id.org/stratgraph/ontology#actionState> ?s }")[1]
        assert states == [["done"]]
    whole(city_db)


def test_an_edit_during_an_ingest_waits_then_is_refused_and_then_applies(city_db):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from graph_model.store import GraphStore
        with GraphStore({str(city_db)!r}):
            print("holding", flush=True)
            time.sleep(3)
        """)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    change = Change("M-VAKILUKU", "ann", "a note", submitted={"text": "keep me"})
    started = time.monotonic()
    with pytest.raises(BusyError, match="nothing was changed") as caught:
        apply_edit(city_db, change, wait=0.5)
    assert 0.4 < time.monotonic() - started < 3
    assert caught.value.submitted == {"text": "keep me"}
    holder.wait(timeout=30)
    assert apply_edit(city_db, change, wait=5).summary == "a note"  # the same input, once the ingest is done


_EDIT_LOOP = """
import datetime, sys
from graph_model.edits import open_for_edit, comment
from ingest.updates import observe
db = sys.argv[1]
for n in range(10_000):
    with open_for_edit(db) as store:
        observe(store, "M-VAKILUKU", 60000 + n, on=datetime.date(2025, 1, 1), author="loop")
        comment(store, "G1", f"comment {n}", author="loop")
    print(n, flush=True)
"""


@pytest.mark.parametrize("delay", [0.0, 0.03, 0.1, 0.25])
def test_a_killed_edit_is_whole_or_absent(city_db, delay):
    proc = subprocess.Popen([sys.executable, "-c", _EDIT_LOOP, str(city_db)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "0"  # at least one pair went in; strike during the next ones
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    whole(city_db)
    with open_for_edit(city_db) as store:  # the store takes the next edit
        records = changes(store)
        assert len(records) >= 2
        assert len(comments_on(store, "G1")) == sum(r.kind == "comment" for r in records)
        observe(store, "M-VAKILUKU", 1, on="2025-02-02", author="after")
    whole(city_db)


_WORKER = """
import sys
from graph_model.edits import open_for_edit, entity_version
from graph_model.store import GraphStore
from ingest.updates import observe
from ontologies.errors import ConflictError, BusyError
db, metric, name, tries = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
for n in range(tries):
    with GraphStore(db, read_only=True) as store:  # as a form is loaded: the version it shows
        seen = entity_version(store, metric)
    try:
        with open_for_edit(db, wait=30) as store:
            rec = observe(store, metric, n, on="2025-05-05", author=name, comment=f"{name}-{n}", expected_version=seen)
        print("applied", rec.id, flush=True)
    except ConflictError as exc:
        print("conflict", exc.submitted["comment"], flush=True)
"""


def test_concurrent_edits_are_applied_or_refused_never_lost(city_db):
    """Processes and threads edit the same metric and different ones; every edit is on record or was
    refused with a conflict (the writer knows), and prints RESULT with the counts."""
    tries = 4
    plan = [("M-VAKILUKU", "p1"), ("M-VAKILUKU", "p2"), ("M-TYOTTOMYYS", "p3")]
    procs = [subprocess.Popen([sys.executable, "-c", _WORKER, str(city_db), metric, name, str(tries)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for metric, name in plan]
    outcomes: list[tuple[str, str]] = []

    def thread_worker(metric: str, name: str) -> None:
        for n in range(tries):
            with GraphStore(city_db, read_only=True) as store:
                seen = entity_version(store, metric)
            try:
                with open_for_edit(city_db, wait=30) as store:
                    rec = observe(store, metric, n, on="2025-05-05", author=name, comment=f"{name}-{n}",
                                  expected_version=seen)
                outcomes.append(("applied", rec.id))
            except ConflictError as exc:
                outcomes.append(("conflict", exc.submitted["comment"]))

    threads = [threading.Thread(target=thread_worker, args=a) for a in [("M-VAKILUKU", "t1"), ("M-NETTOMUUTTO", "t2")]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        outcomes += [tuple(line.split(" ", 1)) for line in out.splitlines()]
    with GraphStore(city_db, read_only=True) as store:
        on_record = {r.id for r in changes(store)}
    applied = [ident for what, ident in outcomes if what == "applied"]
    conflicts = [what for what, _ in outcomes if what == "conflict"]
    tried = tries * (len(plan) + len(threads))
    lost = tried - len(outcomes) + len(set(applied) - on_record) + len(on_record - set(applied))
    print(f"RESULT name=concurrent_edits tried={tried} applied={len(applied)} conflicts={len(conflicts)} lost={lost}")
    assert len(outcomes) == tried and lost == 0
    assert len(applied) >= 2 * tries  # a metric with one editor never conflicts (p3, t2)
    whole(city_db)
