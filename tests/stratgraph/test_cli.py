"""The CLI: exit codes, messages without tracebacks, formats, and the demo."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from stratgraph.cli import cli
from tests.helpers import GOOD, write_csvs


@pytest.fixture
def run(tmp_path):
    """``run(*args)`` invokes the CLI on a store in tmp_path and returns the click Result."""
    runner = CliRunner()

    def invoke(*args: str, db: str | None = None):
        return runner.invoke(cli, ["--db", db or str(tmp_path / "store.db"), *args], catch_exceptions=False)

    return invoke


def test_ingest_then_query(run, tmp_path):
    folder = write_csvs(tmp_path / "in", GOOD)
    result = run("ingest", str(folder), "-q")
    assert result.exit_code == 0, result.output
    assert "stored: source 'in'" in result.output
    result = run("sparql", "SELECT ?id WHERE { ?p a sg:Project ; dct:identifier ?id } ORDER BY ?id",
                 "--format", "json")
    assert json.loads(result.output) == [{"id": "P1"}, {"id": "P2"}]
    result = run("stats", "--format", "csv")
    assert list(csv.DictReader(io.StringIO(result.output))) == [
        {"type": "GoverningBody", "count": "1"}, {"type": "Project", "count": "2"},
        {"type": "Sector", "count": "2"}, {"type": "Unit", "count": "3"}]
    assert "unchanged" in run("ingest", str(folder), "-q").output


def test_broken_csv_gives_all_errors_exit_1_and_store_unchanged(run, tmp_path):
    good = write_csvs(tmp_path / "good", GOOD)
    run("ingest", str(good), "--source", "city", "-q")
    before = run("export", "--format", "nquads").output
    broken = write_csvs(tmp_path / "broken", {**GOOD, "units": [
        ["id", "label_fi", "part_of"], ["U1", "Yksikkö", "SEC-X"], ["U2", "", "U2"], ["U1", "Kopio", "SEC-A"]]})
    result = run("ingest", str(broken), "--source", "city", "-q")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for expected in ("units.csv, sheet units, row 2, column part_of: unknown target id 'SEC-X'",
                     "row 3, column part_of: 'U2' is part of itself", "row 4, column id: duplicate id 'U1'"):
        assert expected in result.output
    assert run("export", "--format", "nquads").output == before


def test_a_failed_first_ingest_leaves_no_store_folder(run, tmp_path):
    broken = write_csvs(tmp_path / "broken", {**GOOD, "units": [["id", "label_fi", "part_of"], ["U1", "x", "NOPE"]]})
    result = run("ingest", str(broken), "-q", db=str(tmp_path / "new.db"))
    assert result.exit_code == 1 and "nothing was stored" in result.output
    assert not (tmp_path / "new.db").exists()
    run("ingest", str(write_csvs(tmp_path / "good", GOOD)), "-q", db=str(tmp_path / "new.db"))
    assert run("ingest", str(broken), "-q", db=str(tmp_path / "new.db")).exit_code == 1
    assert run("stats", db=str(tmp_path / "new.db")).exit_code == 0  # a store that held data stays


def test_problems_as_json(run, tmp_path):
    broken = write_csvs(tmp_path / "broken", {**GOOD, "units": [["id", "label_fi", "part_of"], ["U1", "x", "NOPE"]]})
    result = run("validate", str(broken), "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert any(p["column"] == "part_of" and p["row"] == 2 for p in problems)


def test_bad_usage_exits_2(run):
    assert run("sparql").exit_code == 2
    assert run("stats", "--format", "xml").exit_code == 2
    assert run("sparql", "SELECT * WHERE {}", "--param", "novalue").exit_code == 2


def test_sparql_syntax_error_is_a_message(run, tmp_path):
    run("ingest", str(write_csvs(tmp_path / "in", GOOD)), "-q")
    result = run("sparql", "SELECT ?x WHERE {")
    assert result.exit_code == 1 and "SPARQL syntax error" in result.output and "Traceback" not in result.output


def test_sparql_syntax_error_names_line_column_and_shows_a_caret(run, tmp_path):
    run("ingest", str(write_csvs(tmp_path / "in", GOOD)), "-q")
    result = run("sparql", "SELECT ?x WHERE {\n  ?x a sg:Project ;\n     sg:status }")
    assert result.exit_code == 1
    message = result.output.splitlines()
    assert message[0].startswith("Error: SPARQL syntax error at line 3, column 16")
    assert message[1:] == ["     sg:status }", " " * 15 + "^"]
    assert "expected one of" not in result.output  # the parser's raw expectation list


@pytest.mark.parametrize("prefix", ["owl", "prov", "org", "dcterms", "xsd", "rdfs", "skos", "foaf"])
def test_sparql_predeclares_the_readme_prefixes_and_says_so(run, tmp_path, prefix):
    run("ingest", str(write_csvs(tmp_path / "in", GOOD)), "-q")
    result = run("sparql", f"SELECT ?s WHERE {{ ?s {prefix}:anything ?o }}")
    assert result.exit_code == 0, result.output
    assert f" {prefix}" in " ".join(run("sparql", "--help").output.split())


def test_sparql_short_gives_ids_and_prefixed_names(run, tmp_path):
    run("ingest", str(write_csvs(tmp_path / "in", GOOD)), "-q")
    query = "SELECT ?p ?t WHERE { ?p a sg:Project ; a ?t } ORDER BY ?p"
    assert json.loads(run("sparql", query, "--short", "--format", "json").output) == [
        {"p": "P1", "t": "sg:Project"}, {"p": "P2", "t": "sg:Project"}]
    assert json.loads(run("sparql", query, "--format", "json").output)[0]["p"].startswith("https://")


def test_query_on_missing_store_says_what_to_do(run, tmp_path):
    result = run("stats", db=str(tmp_path / "nothing.db"))
    assert result.exit_code == 1 and "stratgraph demo" in result.output


def test_sources_list_and_remove(run, tmp_path):
    run("ingest", str(write_csvs(tmp_path / "in", GOOD)), "--source", "city", "-q")
    assert json.loads(run("sources", "list", "--format", "json").output)[0]["name"] == "city"
    assert "removed source 'city'" in run("sources", "remove", "city").output
    assert run("sources", "remove", "city").exit_code == 1
    assert json.loads(run("sources", "list", "--format", "json").output) == []


def test_export_formats(run, tmp_path):
    run("ingest", str(write_csvs(tmp_path / "in", GOOD)), "-q")
    assert "sg:Project" in run("export", "--format", "turtle").output
    assert json.loads(run("export", "--format", "jsonld").output)
    assert "urn:stratgraph:source:in/" in run("export", "--format", "nquads").output


def test_template_round_trip_xlsx(run, tmp_path):
    import openpyxl

    out = tmp_path / "city.xlsx"
    assert run("template", str(out)).exit_code == 0
    book = openpyxl.load_workbook(out)
    projects = book["projects"]
    assert projects.data_validations.dataValidation, "enumerations get drop-down lists"
    projects.append(["P1", "Hanke", None, None, None, None, None, None, "ongoing", None, None, "100,5", None, "U1"])
    book["units"].append(["U1", "Yksikkö", None, None, None, None, None, None, None, "SEC-A"])
    book["sectors"].append(["SEC-A", "Toimiala"])
    book.save(out)
    result = run("ingest", str(out), "-q")
    assert result.exit_code == 0, result.output
    assert "3 nodes" in result.output
    again = run("template", str(out))
    assert again.exit_code == 2 and "exists" in again.output


def test_demo_refuses_a_store_with_other_sources(run, tmp_path):
    run("ingest", str(write_csvs(tmp_path / "in", GOOD)), "-q")
    result = run("demo", "-q")
    assert result.exit_code == 2 and "holds other sources (in)" in result.output
