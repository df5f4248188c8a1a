"""The projection kept beside the store (queries.projection): a reviewer's decision keeps it, a change it
reads makes a new one, and an undo reads the one before back.

On the real 2007-2013 list every decision in the review queue made the app (each worker, each restart,
each CLI command) read the whole 20,000-project projection again, 7-9 s: its key held the web edits'
checksum, which every decision changes."""

from __future__ import annotations

import pytest

from examples import EXAMPLE_DIR
from graph_model.edits import comment, revert
from graph_model.review import decide_pair
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from ingest.review import decide_match
from ingest.updates import add_action
from queries.projection import load_graph, projection_key

LINK = ("U-LIIKENNE", "U-LIIKUNTA")
MATCH = ("SH-ULAPLAND", "SH-LAPINAMK")


@pytest.fixture
def db(tmp_path):
    """A new on-disk store of the example city (the tests write to it)."""
    path = tmp_path / "city.db"
    with GraphStore(path) as store:
        ingest(EXAMPLE_DIR, store)
    return path


def _projects(store):
    return sorted(load_graph(store).ids_of("Project"))[:2]


KEEP = {
    "a link decision": lambda s: decide_pair(s, "link", *LINK, "rejected", author="rev", note="they met"),
    "a duplicate decision": lambda s: decide_pair(s, "duplicate", *_projects(s), "distinct", author="rev",
                                                  note="two stages"),
    "a rejected match": lambda s: decide_match(s, *MATCH, accept=False, author="rev", note="two schools"),
    "a comment": lambda s: comment(s, "G2", "<script>alert(1)</script> on record", author="rev"),
}


@pytest.mark.parametrize("decide", KEEP.values(), ids=list(KEEP))
def test_a_decision_keeps_the_projection_read_before(db, decide, reads):
    with GraphStore(db) as store:
        before, key = load_graph(store), projection_key(store)
        decide(store)
        decide(store)  # a second time (a reviewer changing their mind) as well
        assert projection_key(store) == key
        read_before = len(reads)
        again = load_graph(store)
    assert len(reads) == read_before  # read back from beside the store, not from the store
    assert (again.types, again.labels, dict(again.edges)) == (before.types, before.labels, dict(before.edges))


def test_an_accepted_match_makes_a_new_projection_and_its_undo_reads_the_old_back(db, reads):
    with GraphStore(db) as store:
        before, key = load_graph(store), projection_key(store)
        decide_match(store, *MATCH, accept=True, author="rev", note="one school")
        assert projection_key(store) != key
        merged = load_graph(store)
        assert MATCH[0] not in merged.types and MATCH[1] in merged.types and MATCH[0] in before.types
        read_before = len(reads)
        decide_match(store, *MATCH, accept=False, author="rev", note="two schools after all")
        assert projection_key(store) == key
        undone = load_graph(store)
    assert len(reads) == read_before  # the projection before the match was kept beside the store
    assert undone.types == before.types


def test_an_action_is_in_the_new_projection_and_its_revert_reads_the_old_back(db, reads):
    with GraphStore(db) as store:
        before, key = load_graph(store), projection_key(store)
        record = add_action(store, "G2", "Kokeillaan yhteistä hanketta", author="ed")
        assert projection_key(store) != key
        added = set(load_graph(store).types) - set(before.types)
        assert len(added) == 1 and load_graph(store).type_of(added.pop()) == "Action"
        read_before = len(reads)
        revert(store, record.id, "adm")
        assert projection_key(store) == key and load_graph(store).types == before.types
    assert len(reads) == read_before


def test_processes_or_threads_seeing_a_new_version_at_once_read_it_once(db, reads):
    """The app's workers (and the refresher and review threads of one) see a new version at the same time:
    one reads the projection from the store, the others wait for its file (graph_model.build_once)."""
    import threading
    import time

    from graph_model.build_once import build_once

    got: list = []
    with GraphStore(db, read_only=True) as store:
        with build_once(store.cache_dir / ".projection.lock"):  # as a worker already reading it
            readers = [threading.Thread(target=lambda: got.append(load_graph(store))) for _ in range(2)]
            for reader in readers:
                reader.start()
            time.sleep(0.5)
            assert got == []  # both wait
        for reader in readers:
            reader.join(60)
    assert len(reads) == 1 and len(got) == 2
    assert sorted(got[0].ids_of("Project")) == sorted(got[1].ids_of("Project"))
