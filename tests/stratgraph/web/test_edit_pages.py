"""The read-only parts of the edit pages: an entity's history and comments (HTML and JSON, text stays
text), the goal page's owners' updates, and "what I owe" (``owe/<id>.html`` and ``.json``)."""

from __future__ import annotations

import re
import shutil

import pytest

from graph_model.edits import comment, open_for_edit, revert
from graph_model.review import decide_pair
from ingest.updates import add_action, observe, write_narrative
from tests.stratgraph.web.conftest import client_for

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def edited_db(example_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("edited") / "db"
    shutil.copytree(example_db, db)
    with open_for_edit(db) as store:
        first = observe(store, "M-TYOTTOMYYS", "9.0", on="2025-05-31", author="ann", comment=SCRIPT)
        observe(store, "M-TYOTTOMYYS", "8.8", on="2025-06-15", author="bob")
        revert(store, first.id, "admin")
        comment(store, "M-TYOTTOMYYS", SCRIPT, author="carl")
        write_narrative(store, "G2", f"Pilots started {SCRIPT}", period="2025-Q2", author="ann")
        add_action(store, "G2", "Open the one-stop shop", answered_by="U-TYOLLISYYS", due="2025-03-31", author="ann")
        decide_pair(store, "link", "U-LIIKENNE", "U-LIIKUNTA", "rejected", author="rev", note="they met in 2024")
    return db


@pytest.fixture(scope="module")
def client(edited_db):
    with client_for(edited_db) as c:
        yield c


def test_an_entity_shows_its_changes_and_comments(client):
    page = client.get("/entities/M-TYOTTOMYYS.json").json()
    assert [c["author"] for c in page["history"]] == ["carl", "admin", "bob", "ann"]  # newest first
    assert [c["text"] for c in page["comments"]] == [SCRIPT]
    html = client.get("/entities/M-TYOTTOMYYS.html").text
    assert SCRIPT not in html and "&lt;script&gt;alert(" in html
    assert "admin" in html and "revert: observation 9.0" in html


def test_a_decision_on_a_pair_shows_on_both_ends(client):
    for end in ("U-LIIKENNE", "U-LIIKUNTA"):
        history = client.get(f"/organisations/{end}.json").json()["history"]
        assert [(c["kind"], c["author"]) for c in history] == [("decision:link", "rev")], end
    links = client.get("/links.json?top=500").json()["rows"]
    assert {"U-LIIKENNE", "U-LIIKUNTA"} not in [{r["a"], r["b"]} for r in links]


def test_the_goal_page_shows_narratives_and_actions(client):
    html = client.get("/goals/G2.html").text
    assert "Pilots started &lt;script&gt;" in html and SCRIPT not in html
    assert "Open the one-stop shop" in html
    history = client.get("/goals/G2.json").json()["history"]
    assert [c["kind"] for c in history] == ["action", "narrative"]
    assert "status for 2025-Q2" in html  # the goal's own history, on its page


def test_what_a_unit_owes(client):
    answer = client.get("/owe/U-TYOLLISYYS.json?date=2025-06-30").json()
    assert ("action", "overdue") in [(r["kind"], r["when"]) for r in answer["rows"]]
    html = client.get("/owe/U-TYOLLISYYS.html?date=2025-06-30")
    assert html.status_code == 200 and "Open the one-stop shop" in html.text
    assert client.get("/owe/NOBODY.json").status_code == 404
    assert client.get("/owe/U-TYOLLISYYS.json?date=30.6.2025").status_code == 400


def test_what_an_account_owes(client):
    """An account is not in the graph: it owes the late or coming actions it entered."""
    rows = client.get("/owe/ann.json?date=2025-06-30").json()["rows"]
    assert [(r["kind"], r["when"], r["label"]) for r in rows] == [("action", "overdue", "Open the one-stop shop")]


def test_a_restored_store_serves_the_same_pages(edited_db, client, tmp_path):
    from graph_model.backup import backup, restore

    backup(edited_db, tmp_path / "bk")
    restore(tmp_path / "bk", tmp_path / "restored")
    with client_for(tmp_path / "restored") as again:
        for url in ("/entities/M-TYOTTOMYYS.json", "/goals/G2.json", "/followup.json?strategy=S-2021",
                    "/owe/U-TYOLLISYYS.json?date=2025-06-30", "/owe/ann.json?date=2025-06-30"):
            assert again.get(url).json() == client.get(url).json(), url
        def page(c):  # each client is logged in as a reader of its own, named in the header with a token
            text = re.sub(r"reader-[0-9a-f]{8}", "reader", c.get("/entities/M-TYOTTOMYYS.html").text)
            return re.sub(r'value="[A-Za-z0-9_-]{30,}"', 'value="csrf"', text)

        assert page(again) == page(client)
