"""Web edits under load and faults, against a real ``stratgraph serve``: concurrent editors through the
HTTP API (each retries on 409 with the new ETag and on 503 after Retry-After) lose nothing; a server
killed with -9 in the middle of edits leaves each edit whole or absent, keeps every edit it
acknowledged, and serves again after a restart."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from examples import EXAMPLE_DIR
from graph_model.accounts import Accounts
from graph_model.edits import changes, comments_on, replay, web_facts
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from stratgraph.web.accounts.guard import cookie_names
from tests.stratgraph.web.conftest import Server

pytestmark = pytest.mark.slow

METRIC = "M-TYOTTOMYYS"  # owned by a unit of SEC-ELVO


@pytest.fixture
def city(tmp_path):
    """A fresh store of the example city and an editor of SEC-ELVO."""
    db = tmp_path / "city.db"
    with GraphStore(db) as store:
        ingest(EXAMPLE_DIR, store)
    editor = Accounts(db).add("fault-editor", roles=["editor"], scopes=["SEC-ELVO"])
    return db, editor


def _client(db, editor, server: Server) -> httpx.Client:
    token, session = Accounts(db).start_session(editor)
    return httpx.Client(base_url=server.url, cookies={cookie_names(False)[0]: token}, timeout=60,
                        headers={"X-CSRF-Token": session.csrf})


def _observe(client: httpx.Client, comment: str, value: str) -> tuple[int, int]:
    """Record one observation as a careful API client does; return (409s, 503s) met on the way."""
    conflicts = busy = 0
    for _ in range(50):
        version = client.get(f"edit/{METRIC}.json").headers["etag"]
        answer = client.post(f"edit/{METRIC}/observation", json={"value": value, "date": "2025-06-30",
                                                                 "comment": comment}, headers={"If-Match": version})
        if answer.status_code == 201:
            return conflicts, busy
        if answer.status_code == 409:
            assert answer.json()["submitted"]["comment"] == comment  # nothing typed is lost
            conflicts += 1
        elif answer.status_code == 503:
            busy += 1
            time.sleep(float(answer.headers["retry-after"]))
        else:
            raise AssertionError(f"{answer.status_code}: {answer.text[:300]}")
    raise AssertionError(f"{comment} never went through")


def test_concurrent_web_edits_lose_nothing(city):
    db, editor = city
    server = Server(db, "--insecure-cookies", public=False)
    try:
        server.wait_ready(warm=False)
        clients = [_client(db, editor, server) for _ in range(4)]
        work = [(clients[i % 4], f"concurrent-{i}", f"{8 + i / 100:.2f}") for i in range(24)]
        with ThreadPoolExecutor(4) as pool:
            met = list(pool.map(lambda w: _observe(*w), work))
    finally:
        server.stop()
    with GraphStore(db, read_only=True) as store:
        recorded = {c.submitted["comment"] for c in changes(store) if c.kind == "observe"}
        assert replay(changes(store)) == web_facts(store)
    lost = len({comment for _, comment, _ in work} - recorded)
    print(f"RESULT name=concurrent_web_edits tried={len(work)} lost={lost} conflicts={sum(c for c, _ in met)} "
          f"busy={sum(b for _, b in met)} clients=4")
    assert lost == 0


def test_kill_9_during_edits_leaves_each_edit_whole_or_absent(city):
    db, editor = city
    server = Server(db, "--insecure-cookies", public=False)
    acknowledged, stop = [], threading.Event()
    try:
        server.wait_ready(warm=False)
        client = _client(db, editor, server)

        def keep_editing() -> None:
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    answer = client.post(f"edit/{METRIC}/comment", json={"text": f"kill-{n}"})
                except httpx.HTTPError:
                    return
                if answer.status_code == 201:
                    acknowledged.append(f"kill-{n}")

        writer = threading.Thread(target=keep_editing)
        writer.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.13)  # somewhere inside the next edit
        server.process.kill()  # SIGKILL
        server.process.wait()
        stop.set()
        writer.join(30)
    finally:
        stop.set()
        if server.process.poll() is None:
            server.stop()
    with GraphStore(db, read_only=True) as store:
        whole = replay(changes(store)) == web_facts(store)
        standing = {c.text for c in comments_on(store, METRIC)}
    kept = len(set(acknowledged) & standing)
    print(f"RESULT name=kill9_during_edit acknowledged={len(acknowledged)} kept={kept} "
          f"on_record={len(standing)} log_explains_facts={whole}")
    assert whole and kept == len(acknowledged) >= 3
    again = Server(db, "--insecure-cookies", public=False)
    try:
        again.wait_ready(warm=False)
        answer = _client(db, editor, again).post(f"edit/{METRIC}/comment", json={"text": "after the restart"})
        assert answer.status_code == 201
    finally:
        again.stop()
