"""The app reads the store as it is now: an ingest or a removal from the CLI appears without a restart;
while the store is first read, pages answer with progress; a store with only a project list works."""

from __future__ import annotations

import time
from pathlib import Path

from click.testing import CliRunner
from starlette.testclient import TestClient

from stratgraph.cli import cli
from stratgraph.web.app import WebSettings, create_app
from tests.helpers import SMALL
from tests.stratgraph.web.conftest import client_for


def _wait(client: TestClient, check, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        client.get("/healthz")  # a request is what makes the app look at the store
        time.sleep(0.2)
    raise AssertionError("the served store did not change in time")


def _warm_version(client: TestClient) -> str | None:
    health = client.get("/healthz").json()
    return health["version"] if all(health["warm"].values()) else None


def test_an_ingest_and_a_removal_appear_without_a_restart(example_db, tmp_path):
    db = tmp_path / "city.db"
    run = CliRunner().invoke
    assert run(cli, ["--db", str(db), "ingest", str(SMALL), "--source", "small", "-q"]).exit_code == 0
    with TestClient(create_app(WebSettings(db, public=True))) as client:  # warm: read and indexed in the background
        first = _wait(client, lambda: _warm_version(client))
        before = client.get("/search.json?q=hiilineutraali").json()
        assert before["rows"] == []
        from examples import EXAMPLE_DIR

        result = run(cli, ["--db", str(db), "ingest", str(EXAMPLE_DIR), "--source", "city", "-q"])
        assert result.exit_code == 0, result.output
        _wait(client, lambda: _warm_version(client) not in (first, None))
        _wait(client, lambda: client.get("/search.json?q=hiilineutraali").status_code == 200
              and client.get("/search.json?q=hiilineutraali").json()["rows"])
        assert client.get("/projects/P-HNR.html").status_code == 200
        assert run(cli, ["--db", str(db), "sources", "remove", "city"]).exit_code == 0
        _wait(client, lambda: client.get("/projects/P-HNR.json").status_code == 404)
        assert client.get("/healthz").json()["sources"] == 1


def test_pages_show_progress_until_the_store_is_read(example_db):
    client = TestClient(create_app(WebSettings(example_db, public=True)))  # not started: nothing read yet
    page = client.get("/silos.html")
    assert page.status_code == 503 and page.headers["retry-after"] == "2"
    assert '<meta http-equiv="refresh" content="2">' in page.text and "Tietovarastoa luetaan" in page.text
    data = client.get("/silos.json")
    assert data.status_code == 503 and "being read" in data.json()["error"]
    assert client.get("/healthz").json()["status"] == "warming"


def test_a_store_with_only_a_project_list_works(projects_only_db):
    with client_for(projects_only_db) as client:
        for url in ("index.html", "idea.html", "silos.html", "gaps.html", "links.html", "coverage.html",
                    "maps.html", "maps/collaboration.html", "projects/index.html", "crosswalk.html", "followup.json"):
            r = client.get("/" + url)
            assert r.status_code == 200, (url, r.text[:400])
        card = client.get("/followup.html")
        assert card.status_code == 200 and "ei ole tavoitteita" in card.text
        found = client.get("/idea.json?text=matkailun+kehittäminen+yrityksille").json()
        projects = client.get("/projects/index.json").json()
        assert projects["total"] == 17 and found["total"] > 0
        first = projects["rows"][0]
        assert client.get("/search.json", params={"q": first["label"][:20]}).json()["rows"]


def test_serve_refuses_a_missing_store(tmp_path):
    result = CliRunner().invoke(cli, ["serve", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no store at" in result.output


def test_a_version_read_from_a_checkpoint_is_cached_beside_the_store(tmp_path):
    """The projection read from a reading copy is kept in ``<db>.cache`` (a restart reads it again
    from there), not in a folder named after the checkpoint inside the store, left behind each version."""
    from stratgraph.web.live import LiveStore

    db = tmp_path / "city.db"
    assert CliRunner().invoke(cli, ["--db", str(db), "ingest", str(SMALL), "--source", "small", "-q"]).exit_code == 0
    assert LiveStore(db).refresh()
    assert not [p.name for p in db.iterdir() if p.name.endswith(".cache")]
    assert len(list((tmp_path / "city.db.cache").glob("projection-*.pickle"))) == 1


def test_the_related_index_and_its_reranker_are_kept_beside_the_store(one_part_db, tmp_path):
    """The related index of a version, with its re-ranker (whose n-gram SVD takes seconds on a long list), is
    written to ``<db>.cache`` once per projection: a restart reads it. In public mode the pseudonymised graph's
    index goes to a folder of its own and leaves the store's in place."""
    import shutil

    from stratgraph.web.live import LiveStore

    db = tmp_path / "funds.db"
    shutil.copytree(one_part_db, db)
    first = LiveStore(db)
    assert first.refresh()
    built = first.snapshot().related_index()
    assert built.loaded_from is None and built.reranker is not None
    again = LiveStore(db)
    assert again.refresh()
    loaded = again.snapshot().related_index()
    assert loaded.loaded_from is not None and loaded.reranker is not None
    for project in built.ids[:5]:
        assert loaded.ranked(project) == built.ranked(project)
    public = LiveStore(db, pseudonymise=True)
    assert public.refresh()
    assert public.snapshot().related_index().loaded_from is None
    assert len(list((tmp_path / "funds.db.cache" / "public").glob("related-*.npz"))) == 1
    assert [p.name for p in (tmp_path / "funds.db.cache").glob("related-*.npz")] == [Path(loaded.loaded_from).name]
    restarted = LiveStore(db, pseudonymise=True)  # serves the version read last, from beside the store, at once
    restarted._serve_last_read()
    assert restarted.snapshot().related_index().loaded_from is not None
