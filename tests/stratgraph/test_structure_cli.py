"""The silos, gaps, network and coverage commands: formats, files, exit codes and messages."""

from __future__ import annotations

import csv
import io
import json

import click
import networkx as nx
import pytest
from click.testing import CliRunner

from graph_model.store import GraphStore
from stratgraph.cli import ErrorHandlingGroup
from stratgraph.settings import Settings
from stratgraph.structure_cli import COMMANDS


@pytest.fixture(scope="module")
def app() -> click.Group:
    """A test-local group with this module's commands (the lead registers them in stratgraph.cli)."""
    group = ErrorHandlingGroup("stratgraph")
    for command in COMMANDS:
        group.add_command(command)
    return group


@pytest.fixture
def run(app, example_db):
    """``run(*args, db=...)`` invokes a command on the example store (or on ``db``)."""

    def invoke(*args: str, db=None):
        return CliRunner().invoke(app, list(args), obj=Settings(db=db or example_db), catch_exceptions=False)

    return invoke


def test_silos_json(run):
    result = run("silos", "--only-silos", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["goal"], r["sectors"]) for r in rows] == [
        ("G4", ["SEC-ELVO:2"]), ("G11.3", ["SEC-KYMP:1"]), ("G13", ["SEC-KOHA:1"])]


def test_silos_table_and_goal_filter(run):
    result = run("silos", "--goal", "G11")
    assert result.exit_code == 0 and "SEC-LIIKE" in result.stdout and "G11.1" not in result.stdout


def test_silos_goal_filter_that_matches_nothing(run):
    result = run("silos", "--goal", "G99")
    assert result.exit_code == 1
    assert "no goal matches 'G99'; closest goal ids:" in result.output and "Traceback" not in result.output


def test_silos_bad_channel_is_usage_error(run):
    result = run("silos", "--via", "projects,gossip")
    assert result.exit_code == 2 and "gossip" in result.output


def test_gaps_csv(run):
    result = run("gaps", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"rule", "node", "node_type", "label", "problem", "detail"} == set(rows[0])
    assert {r["node"] for r in rows if r["rule"] == "project_without_goal"} == {
        "P-LED", "P-HANKETIETOKANTA", "P-KULTTUURIPOLKU"}


def test_gaps_one_rule(run):
    result = run("gaps", "--rule", "unit_without_collaboration", "--format", "json")
    assert [r["node"] for r in json.loads(result.stdout)] == ["U-HALLINTO"]
    assert run("gaps", "--rule", "nonsense").exit_code == 2


def test_network_tables(run):
    result = run("network", "--top", "5", "--format", "json")
    rows = json.loads(result.stdout)
    assert len(rows) == 5 and rows[0]["betweenness"] >= rows[-1]["betweenness"]
    edges = json.loads(run("network", "--show", "edges", "--top", "0", "--format", "json").stdout)
    assert not any({e["a"], e["b"]} == {"U-LIIKENNE", "U-LIIKUNTA"} for e in edges)
    sectors = json.loads(run("network", "--level", "sector", "--show", "communities", "--format", "json").stdout)
    assert sectors and {"community", "size", "members"} == set(sectors[0])


def test_network_writes_gephi_files(run, tmp_path):
    graphml, gexf = tmp_path / "city.graphml", tmp_path / "city.gexf"
    result = run("network", "--graphml", str(graphml), "--gexf", str(gexf), "--format", "csv")
    assert result.exit_code == 0
    assert f"wrote {graphml}" in result.stderr and f"wrote {gexf}" in result.stderr
    assert nx.read_graphml(graphml).number_of_nodes() == nx.read_gexf(gexf).number_of_nodes() > 100
    assert result.stdout.startswith("id,label,type,sector,degree,strength,betweenness,community,memberships")


def test_coverage_budget_csv(run):
    result = run("coverage", "--measure", "budget", "--format", "csv")
    rows = {r["goal"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["G4"]["SEC-ELVO"] == "2250000" and rows["G4"]["total"] == "2250000"
    table = run("coverage").stdout
    assert "SEC-KOHA" in table and "G11.3" in table


@pytest.mark.parametrize("command", ["silos", "gaps", "network", "coverage"])
def test_empty_store_says_what_to_do(run, tmp_path, command):
    db = tmp_path / "empty.db"
    GraphStore(db).close()
    result = run(command, db=db)
    assert result.exit_code == 1 and "run `stratgraph demo` or `stratgraph ingest`" in result.output


def test_missing_store_says_what_to_do(run, tmp_path):
    result = run("gaps", db=tmp_path / "nothing.db")
    assert result.exit_code == 1 and "stratgraph demo" in result.output
