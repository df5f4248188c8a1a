"""The followup and crosswalk commands: formats, as-of, exit codes and messages."""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from examples import EXAMPLE_DIR
from graph_model.terms import node_iri
from queries.sparql import SPARQL_DIR
from stratgraph.cli import cli


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("followup") / "city.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "ingest", str(EXAMPLE_DIR), "--quiet"])
    assert result.exit_code == 0, result.output
    return path


def run(db, *args):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def test_followup_json_for_one_goal(db):
    result = run(db, "followup", "--goal", "G2", "--as-of", "2025-06-30", "--format", "json")
    assert result.exit_code == 0, result.output
    [goal] = json.loads(result.output)
    assert goal["status"] == "off_track" and "weighted means" in goal["rule"]
    assert [m["metric"] for m in goal["metric_list"]] == ["M-TYOTTOMYYS", "M-UUDETYRITYKSET"]


def test_followup_table_calls_out_silo_goals(db):
    result = run(db, "followup", "--strategy", "S-2021", "--as-of", "31.12.2025")
    assert result.exit_code == 0
    assert "off track and served by one sector only: G13" in result.output
    assert "N1" not in result.stdout


@pytest.mark.parametrize("as_of, strategies", [("2025-06-30", {"S-2021"}), ("2026-07-01", {"S-2026"})])
def test_followup_shows_one_strategy_the_current_by_default(db, as_of, strategies):
    result = run(db, "followup", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    assert {g["strategy"] for g in json.loads(result.output)} == strategies


def test_followup_all_strategies_on_request(db):
    result = run(db, "followup", "--strategy", "all", "--as-of", "2025-06-30", "--format", "json")
    assert {g["strategy"] for g in json.loads(result.output)} == {"S-2021", "S-2026"}


def test_gaps_followup_and_crosswalk_agree_on_who_contributes(db):
    """Issue 22 item 2: gaps said N1 had 0 projects while crosswalk listed 9: one definition now."""
    [walked] = [g for g in json.loads(run(db, "crosswalk", "S-2021", "S-2026", "--format", "json").output)[0]["new_goals"]
                if g["goal"] == "N1"]
    [card] = json.loads(run(db, "followup", "--goal", "N1", "--format", "json").output)
    gaps = run(db, "gaps", "--format", "json")
    [gap] = [g for g in json.loads(gaps.output) if g["node"] == "N1" and g["rule"] == "goal_without_metric"]
    assert len(walked["projects"]) == 9
    assert sorted(p["id"] for p in card["project_list"]) == walked["projects"]
    assert gap["detail"] == "9 project(s) contribute to it"


def test_coverage_silos_and_their_sparql_twins_use_the_same_definition(db):
    """Issue 22 item 2: the 2026 scorecard said N1 "9 projects, 0 sectors": the matrices counted direct
    links only. Every command and query file now counts N1's 9 projects and the sectors behind them."""
    [card] = json.loads(run(db, "followup", "--goal", "N1", "--format", "json").output)
    by_sector = {p["id"]: p["sector"] for p in card["project_list"]}
    led = {s: sum(1 for x in by_sector.values() if x == s) for s in set(by_sector.values())}
    [row] = [r for r in json.loads(run(db, "coverage", "--format", "json").output) if r["goal"] == "N1"]
    assert row["total"] == card["projects"] == 9
    assert {s: n for s, n in row.items() if s.startswith("SEC-") and n} == led
    [spread] = json.loads(run(db, "silos", "--goal", "N1", "--format", "json").output)
    assert spread["n_sectors"] == card["sectors"] == 4 and not spread["silo"]
    coverage_rq = json.loads(run(db, "sparql", "-f", str(SPARQL_DIR / "coverage.rq"), "--short",
                                 "-p", f"goal={node_iri('N1')}", "--format", "json").output)
    assert {r["sector_id"]: int(r["projects"]) for r in coverage_rq} == led
    assert sum(float(r["budget"]) for r in coverage_rq) == pytest.approx(card["budget"])
    silos_rq = json.loads(run(db, "sparql", "-f", str(SPARQL_DIR / "silo_goals.rq"), "--short",
                              "-p", f"goal={node_iri('N1')}", "--format", "json").output)
    assert [f"{r['sector_id']}:{r['n']}" for r in sorted(silos_rq, key=lambda r: -int(r["n"]))] == spread["sectors"]


def test_followup_csv_and_thresholds(db):
    strict = run(db, "followup", "--format", "csv", "--goal", "G3", "--behind", "0", "--off-track", "0")
    assert strict.exit_code == 0 and ",on_track," in strict.output  # G3 is ahead of the trajectory


def test_followup_xlsx(db, tmp_path):
    out = tmp_path / "card.xlsx"
    result = run(db, "followup", "--format", "xlsx", "--out", str(out), "--as-of", "2025-06-30")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    goals = list(book["goals"].values)
    assert goals[0][:4] == ("goal", "label", "strategy", "status") and len(goals) == 20
    assert {row[2] for row in goals[1:]} == {"S-2021"}  # the strategy in force on --as-of, alone
    assert book["rule"]["A1"].value.startswith("goal progress")


@pytest.mark.parametrize("args, message", [
    (["followup", "--as-of", "yesterday"], "is not a date"),
    (["followup", "--format", "xlsx"], "needs --out"),
    (["followup", "--goal", "G99"], "no goal matches"),
    (["crosswalk", "S-2021", "S-1999"], "no strategy 'S-1999'"),
    (["followup", "--strategy", "S-1999"], "no strategy 'S-1999'"),
])
def test_bad_usage(db, args, message):
    result = run(db, *args)
    assert result.exit_code != 0 and message in result.output


def test_crosswalk_table(db):
    result = run(db, "crosswalk", "S-2021", "S-2026", "--format", "json")
    assert result.exit_code == 0
    [walk] = json.loads(result.output)
    assert [p["id"] for p in walk["orphan_projects"]] == ["P-HENKILOSTO", "P-KYLAT"]
