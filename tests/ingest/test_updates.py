"""Owners' updates: observations, narratives, actions and milestones as web edits, in the follow-up and
in "what I owe"; a re-ingest of the spreadsheet keeps them (the README's rule); backup and restore."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from examples import EXAMPLE_DIR
from graph_model.backup import backup, restore
from graph_model.edits import EDITS_SOURCE, changes, comment, comments_on, history, open_for_edit
from graph_model.export import export
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from ingest.updates import add_action, add_milestone, observe, write_narrative
from ontologies.errors import InputError
from queries.followup import followup
from queries.followup.dated import read_dated
from queries.owners import owe
from queries.projection import load_graph
from stratgraph.cli import cli

DAY = dt.date(2025, 6, 30)


@pytest.fixture
def city_db(tmp_path):
    db = tmp_path / "db"
    with GraphStore(db) as store:
        ingest(EXAMPLE_DIR, store, source="city")
    return db


def _goal(db, goal):
    with GraphStore(db, read_only=True) as store:
        graph = load_graph(store, cache=False)
        return followup(graph, read_dated(store), goal=goal, as_of=DAY)[0], graph


def _updates(db):
    with open_for_edit(db) as store:
        observe(store, "M-TYOTTOMYYS", "8,9", on="2024-11-30", author="ann", comment="TEM, November")
        write_narrative(store, "G2", "Youth guarantee pilots started in <b>three</b> villages.", period="2025-Q2",
                        author="ann")
        add_action(store, "G2", "Open the one-stop shop", answered_by="U-TYOLLISYYS", due="2025-03-31",
                   state="ongoing", author="ann")
        add_action(store, "M-TYOTTOMYYS", "Survey employers", due="2025-07-15", author="ann")
        add_milestone(store, "G2", "Pilot report to the board", due="2025-09-30", author="ann")
        comment(store, "G2", "<script>alert('x')</script>", author="bob")


def test_a_dated_observation_wins_over_the_yearly_row_and_updates_show_in_the_followup(city_db):
    before, _ = _goal(city_db, "G2")
    _updates(city_db)
    after, _ = _goal(city_db, "G2")
    [metric] = [m for m in after.metrics if m.metric == "M-TYOTTOMYYS"]
    assert (metric.latest_year, metric.latest_value) == (2024, 8.9)  # the spreadsheet says 11.0 for 2024
    assert any("two observations for 2024" in w for w in after.warnings)
    assert before.status == "off_track" and after.status != "off_track"
    updates = after.as_dict()["updates"]
    assert [n["period"] for n in updates["narratives"]] == ["2025-Q2"]
    assert {(a["for"], a["state"]) for a in updates["actions"]} == {("G2", "late"), ("M-TYOTTOMYYS", "planned")}
    assert [m["due"] for m in updates["milestones"]] == ["2025-09-30"]
    assert {r["kind"] for r in after.update_rows()} == {"narrative", "action", "milestone"}


def test_what_a_unit_owes(city_db):
    _updates(city_db)
    _, graph = _goal(city_db, "G2")
    rows = owe(graph, "U-TYOLLISYYS", DAY)
    overdue = [(r["kind"], r["when"]) for r in rows if r["when"] == "overdue"]
    assert ("action", "overdue") in overdue  # the one-stop shop was due 2025-03-31
    upcoming = {r["id"]: r for r in rows if r["when"] == "upcoming"}
    assert any(r["kind"] == "action" and r["due"] == "2025-07-15" for r in upcoming.values())
    assert [r["id"] for r in rows if r["kind"] == "observation"] == ["M-NUORISOTYOTTOMYYS"]  # never observed
    # M-TYOTTOMYYS's latest is the yearly 2024 row (standing for 2024-12-31): owed again 12 months later
    assert ("M-TYOTTOMYYS", "upcoming", "2025-12-31") in [(r["id"], r["when"], r["due"])
                                                          for r in owe(graph, "U-TYOLLISYYS", dt.date(2025, 12, 15))]
    assert ("M-TYOTTOMYYS", "overdue", "2025-12-31") in [(r["id"], r["when"], r["due"])
                                                         for r in owe(graph, "U-TYOLLISYYS", dt.date(2026, 1, 2))]


def test_a_reingest_keeps_web_edits(city_db, tmp_path):
    _updates(city_db)
    changed = tmp_path / "city"
    shutil.copytree(EXAMPLE_DIR, changed)
    obs = changed / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("2024,11.0,M-TYOTTOMYYS", "2024,10.5,M-TYOTTOMYYS"),
                   encoding="utf-8")
    with GraphStore(city_db) as store:
        before = store.source(EDITS_SOURCE)
        ingest(changed, store, source="city")
        assert store.source(EDITS_SOURCE) == before
        assert len(changes(store)) == 6 and [c.text for c in comments_on(store, "G2")] == ["<script>alert('x')</script>"]
    after, _ = _goal(city_db, "G2")
    [metric] = [m for m in after.metrics if m.metric == "M-TYOTTOMYYS"]
    assert metric.latest_value == 8.9  # the owner's dated figure still comes after the new yearly row
    assert len(after.updates["actions"]) == 2


def test_backup_and_restore_carry_edits_comments_and_the_app_folder(city_db, tmp_path):
    _updates(city_db)
    app = city_db / "app"
    app.mkdir()
    with sqlite3.connect(app / "accounts.sqlite") as db:
        db.execute("CREATE TABLE accounts (id TEXT, role TEXT)")
        db.execute("INSERT INTO accounts VALUES ('ann', 'editor')")
    db.close()
    manifest = backup(city_db, tmp_path / "bk")
    assert {s["name"] for s in manifest["sources"]} == {"city", EDITS_SOURCE}
    with pytest.raises(InputError, match="not empty"):
        backup(city_db, tmp_path / "bk")
    restore(tmp_path / "bk", tmp_path / "restored")
    with GraphStore(city_db, read_only=True) as a, GraphStore(tmp_path / "restored", read_only=True) as b:
        assert [s.as_dict() for s in a.sources()] == [s.as_dict() for s in b.sources()]
        assert history(a, "G2") == history(b, "G2") and comments_on(a, "G2") == comments_on(b, "G2")
    assert _goal(city_db, "G2")[0].as_dict() == _goal(tmp_path / "restored", "G2")[0].as_dict()
    with sqlite3.connect(tmp_path / "restored" / "app" / "accounts.sqlite") as db:
        assert db.execute("SELECT id, role FROM accounts").fetchall() == [("ann", "editor")]
    db.close()
    (tmp_path / "bk" / "store.nq").write_bytes(b"")
    with pytest.raises(InputError, match="damaged"):
        restore(tmp_path / "bk", tmp_path / "again")
    assert not (tmp_path / "again").exists()


def test_export_takes_the_edits_along(city_db):
    import io

    _updates(city_db)
    out = io.BytesIO()
    with GraphStore(city_db, read_only=True) as store:
        export(store, "nquads", out)
    assert b"alert('x')" in out.getvalue() and b"Survey employers" in out.getvalue()


def test_the_cli_records_lists_and_reverts(city_db, tmp_path):
    run = CliRunner().invoke
    db = ["--db", str(city_db)]
    done = run(cli, [*db, "observe", "M-TYOTTOMYYS", "9.5", "--date", "2025-05-31", "--author", "ann"])
    assert done.exit_code == 0, done.output
    change = done.output.split(":")[0]
    listed = run(cli, [*db, "history", "M-TYOTTOMYYS", "--format", "json"])
    assert [c["author"] for c in json.loads(listed.output)] == ["ann"]
    undone = run(cli, [*db, "revert", change, "--author", "admin"])
    assert undone.exit_code == 0 and f"reverted {change}" in undone.output
    again = run(cli, [*db, "revert", change, "--author", "admin"])
    assert again.exit_code == 1 and "reverted already" in again.output
    bad = run(cli, [*db, "observe", "M-TYOTTOMYYS", "many", "--author", "ann"])
    assert bad.exit_code == 1 and "not a number" in bad.output
    owed = run(cli, [*db, "owe", "U-TYOLLISYYS", "--date", "2025-06-30", "--format", "json"])
    assert owed.exit_code == 0 and isinstance(json.loads(owed.output), list)
    card = run(cli, [*db, "followup", "--format", "xlsx", "--out", str(tmp_path / "card.xlsx")])
    assert card.exit_code == 0, card.output
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "card.xlsx")
    assert "updates" not in book.sheetnames  # the observation was reverted; no narratives or actions yet
    _updates(city_db)
    assert run(cli, [*db, "followup", "--strategy", "S-2021", "--format", "xlsx", "--out",
                         str(tmp_path / "card2.xlsx")]).exit_code == 0
    sheet = openpyxl.load_workbook(tmp_path / "card2.xlsx")["updates"]
    assert {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"narrative", "action", "milestone"}
    assert run(cli, [*db, "backup", str(tmp_path / "bk")]).exit_code == 0
    restored = run(cli, ["restore", str(tmp_path / "bk"), "--to", str(tmp_path / "r")])
    assert restored.exit_code == 0, restored.output
