"""The review queue's cached parts are worked out once for all the processes sharing a store's cache folder
(the web app's workers), not once per process."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from graph_model.build_once import build_once

WORKER = """
import logging, sys, time
from pathlib import Path
from graph_model.store import GraphStore
from queries.projection import load_graph
from stratgraph.api.review import cached_parts
logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s", stream=sys.stdout)
with GraphStore(Path(sys.argv[1]), read_only=True) as store:
    graph = load_graph(store)
    print("ready", flush=True)
    while not Path(sys.argv[2]).exists():
        time.sleep(0.005)
    parts = cached_parts(store, graph)
    print("parts", len(parts["matches"]), len(parts["duplicates"]), flush=True)
"""


def test_two_workers_work_each_part_out_once(example_db, tmp_path):
    db = tmp_path / "city.db"
    shutil.copytree(example_db, db)
    go = tmp_path / "go"
    cache = Path(f"{db}.cache")
    # held here, as by a third worker already at work: both processes must wait for it, then one builds
    with build_once(cache / ".review-matches.lock"):
        workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(db), str(go)], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for _ in range(2)]
        for worker in workers:
            assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
        go.touch()  # both start at once
        time.sleep(1.0)
        assert not list(cache.glob("review-matches-*.json"))  # nobody built while the lock was held
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [w.returncode for w in workers] == [0, 0], [err for _, err in outputs]
    built = [line for out, _ in outputs for line in out.splitlines() if "worked out" in line]
    assert sorted(line.split()[3] for line in built) == ["matches", "titles"], built
    answers = {line for out, _ in outputs for line in out.splitlines() if line.startswith("parts")}
    assert len(answers) == 1  # both read the same parts
