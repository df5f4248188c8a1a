"""What keeps the app's answers bounded at scale: map data one level at a time (edges among the page's
items only), the years filter of My idea, and several worker processes serving one store."""

from __future__ import annotations

import csv
import datetime

import httpx
import pytest
from click.testing import CliRunner

from stratgraph.cli import cli
from tests.helpers import SMALL
from tests.stratgraph.web.conftest import Server


def test_map_json_is_one_level_with_edges_among_the_page_only(client):
    whole = client.get("/maps/collaboration.json?size=500").json()
    assert whole["group"] is None and whole["total"] == len(whole["rows"]) > 10
    ids = {r["id"] for r in whole["rows"]}
    assert whole["edges"] and all(e["from"] in ids and e["to"] in ids for e in whole["edges"])
    assert whole["edges_total"] == len(whole["edges"])
    page = client.get("/maps/collaboration.json?size=5&page=2").json()
    shown = {r["id"] for r in page["rows"]}
    assert len(shown) == 5 and all(e["from"] in shown and e["to"] in shown for e in page["edges"])
    assert page["edges_total"] == sum(1 for e in whole["edges"] if e["from"] in shown and e["to"] in shown)
    assert page["legend"] and page["title"]


def test_an_unknown_map_group_is_a_404_naming_it(client):
    r = client.get("/maps/collaboration.json", params={"group": "group:<script>"})
    assert r.status_code == 404 and "no group 'group:\\u003cscript\\u003e'" in r.text


def _runs_in(row: dict, first: int, last: int) -> bool:
    start, end = row["start_date"], row["end_date"]
    return bool(start or end) and (not start or int(start[:4]) <= last) and (not end or int(end[:4]) >= first)


@pytest.mark.parametrize("years, first, last", [("2022", 2022, 2022), ("2025-2027", 2025, 2027),
                                                ("2026-", 2026, 9999), (" -2022", 0, 2022)])
def test_my_idea_filters_by_the_years_projects_run_in(client, years, first, last):
    from examples import EXAMPLE_DIR

    with (EXAMPLE_DIR / "projects.csv").open(encoding="utf-8", newline="") as f:
        dates = {row["id"]: row for row in csv.DictReader(f)}
    every = client.get("/idea.json?project=P-HNR&size=500").json()["rows"]
    kept = client.get("/idea.json", params={"project": "P-HNR", "years": years, "size": 500}).json()["rows"]
    expected = [r["id"] for r in every if _runs_in(dates[r["id"]], first, last)]
    assert [r["id"] for r in kept] == expected and 0 < len(expected) < len(every)


def test_the_years_field_is_on_the_form_and_kept_in_the_links(client):
    html = client.get("/idea.html", params={"text": "ilmasto", "years": "2024"}).text
    assert 'id="idea-years" name="years" value="2024"' in html and "years=2024" in html


@pytest.mark.parametrize("years, says", [("2023-2019", "2023 is after 2019"), ("last year", "years must be a year"),
                                         ("-", "years must be a year")])
def test_bad_years_are_a_400_naming_them(client, years, says):
    r = client.get("/idea.json", params={"text": "ilmasto", "years": years})
    assert r.status_code == 400 and says in r.json()["error"]


def test_two_workers_serve_one_store_and_both_see_an_ingest(tmp_path):
    db = tmp_path / "city.db"
    run = CliRunner().invoke
    assert run(cli, ["--db", str(db), "ingest", str(SMALL), "--source", "small", "-q"]).exit_code == 0
    server = Server(db, "--workers", "2")
    try:
        server.wait_ready(warm=False)  # one worker is ready; wait for both (each reads the store itself)
        deadline = datetime.datetime.now() + datetime.timedelta(seconds=90)
        while datetime.datetime.now() < deadline:
            before = {httpx.get(server.url + "healthz", timeout=10).json()["version"] for _ in range(10)}
            if None not in before:
                break
        from examples import EXAMPLE_DIR

        assert run(cli, ["--db", str(db), "ingest", str(EXAMPLE_DIR), "--source", "city", "-q"]).exit_code == 0
        deadline = datetime.datetime.now() + datetime.timedelta(seconds=90)
        while datetime.datetime.now() < deadline:  # every answer, from whichever worker, has the new store
            answers = [httpx.get(server.url + "projects/P-HNR.json", timeout=10).status_code for _ in range(20)]
            if set(answers) == {200}:
                break
        assert set(answers) == {200}, answers
        assert len(before) == 1
    finally:
        log = server.stop()
    assert log.count("Started server process") == 2, log[-2000:]


def test_an_idle_connection_outlives_a_slowed_client_s_pause(server):
    """uvicorn's default closes a connection idle for 5 s; a client slowed down by load that reused it just
    then got "Remote end closed connection without response". serve keeps it 75 s."""
    import http.client
    import time

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request("GET", "/healthz")
        assert connection.getresponse().read() and connection.sock is not None
        time.sleep(6)
        connection.request("GET", "/healthz")
        assert connection.getresponse().status == 200
    finally:
        connection.close()
