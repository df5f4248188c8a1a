"""The mapping commands and `ingest --mapping` from the command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from stratgraph.cli import cli
from tests.ingest.mapping.conftest import DATA, EXAMPLE_MAPPING


@pytest.fixture
def run(tmp_path):
    """``run(*args)`` invokes the CLI on a store in tmp_path."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, ["--db", str(tmp_path / "store.db"), *args], catch_exceptions=False)
    return invoke


def test_suggest_drafts_a_mapping_that_ingests_once_the_todos_are_filled(run, tmp_path):
    result = run("mapping", "suggest", str(DATA / "projektilista-excerpt.csv"))
    assert result.exit_code == 0, result.output
    draft = result.output
    assert "label_fi: Projektin nimi" in draft and "date_format: '%d.%m.%Y'" in draft and "#   Viranomainen" in draft
    filled = draft.replace("Toiminta päättynyt: TODO", "Toiminta päättynyt: completed").replace(
        "Keskeytynyt: TODO", "Keskeytynyt: cancelled")
    (tmp_path / "draft.yaml").write_text(filled, encoding="utf-8")
    result = run("ingest", str(DATA / "projektilista-excerpt.csv"), "--mapping", str(tmp_path / "draft.yaml"), "-q")
    assert result.exit_code == 0, result.output
    assert "stored" in result.output and "(mapped)" in result.output


def test_ingest_with_mapping_reports_problems_with_exit_1(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE_MAPPING.read_text(encoding="utf-8").replace("Keskeytynyt: cancelled", ""),
                   encoding="utf-8")
    result = run("ingest", str(DATA / "projektilista-excerpt.csv"), "--mapping", str(bad), "-q", "--dry-run")
    assert result.exit_code == 1
    assert ("rows 10-12 (3 rows; the first: 10, 11, 12), column Toiminnan tila: 'Keskeytynyt' is not in the value map"
            in result.output)
    assert "nothing was stored" in result.output


def test_match_lists_then_records_decisions(run):
    assert run("ingest", str(DATA / "projektilista-excerpt.csv"), "--mapping", str(EXAMPLE_MAPPING), "-q").exit_code == 0
    listed = run("match", "--format", "csv", "--min-score", "60")
    assert listed.exit_code == 0, listed.output
    assert "a,a_name,b,b_name,score,chance,why,state" in listed.output
    result = run("match", "--accept", "ORG-helsingin-yliopiston-koulutus-ja-kehittämiskeskus-palmenia=ORG-x")
    assert result.exit_code == 1 and "no organisation" in result.output
    result = run("match", "--accept", "nonsense")
    assert result.exit_code == 2 and "ID=CANONICAL_ID" in result.output


def test_accept_auto_says_why_pairs_and_decisions_differ(run):
    """Issue 22 item 17: "recorded 202 accepted ... holds 172 decisions" did not say why the numbers differ."""
    assert run("ingest", str(DATA / "projektilista-excerpt.csv"), "--mapping", str(EXAMPLE_MAPPING), "-q").exit_code == 0
    first = run("match", "--accept-auto")
    assert first.exit_code == 0, first.output
    assert first.stderr.startswith("recorded 1 accepted pair(s), 0 rejected: 1 joined two groups")
    assert "holds 1 sameAs decision(s) (one per id under its group's canonical id: 1 group(s))" in first.stderr
    again = run("match", "--accept", "ORG-itä-suomen-yliopisto-aiemmin-kuopion-yliopisto=ORG-itä-suomen-yliopisto")
    assert "0 joined two groups, 1 already one group by earlier decisions" in again.stderr
    assert "holds 1 sameAs decision(s)" in again.stderr
    nothing_left = run("match", "--accept-auto")
    assert nothing_left.stderr.startswith("recorded 0 accepted pair(s)") and nothing_left.stdout == ""


def test_match_evaluate_scores_labelled_pairs_and_reports_bad_rows(run, tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("name_a,name_b,same\nLAUREA AMMATTIKORKEAKOULU,Laurea-ammattikorkeakoulu Oy,1\n"
                      "ABC Systems Oy,ABD-Systems Oy,0\n", encoding="utf-8")
    result = run("match", "--evaluate", str(labels), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith("2,1,1,1,")
    assert result.output.splitlines()[0].endswith("auto_precision_95,auto_recall_95,review_precision_95,recall_with_review_95")
    assert result.output.splitlines()[1].endswith(",0.21-1.00,0.21-1.00,0.00-1.00,0.21-1.00")  # one true pair: wide
    labels.write_text("name_a,name_b,same\nA,B,perhaps\n", encoding="utf-8")
    result = run("match", "--evaluate", str(labels))
    assert result.exit_code == 1 and "row 2, column same: 'perhaps'" in result.output


def test_kumu_spreadsheet_round_trip_from_the_command_line(tmp_path):
    from examples import EXAMPLE_DIR
    from graph_model.store import GraphStore
    from queries.projection import load_graph

    runner = CliRunner()
    a, b, book = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "map.xlsx"
    assert runner.invoke(cli, ["--db", str(a), "ingest", str(EXAMPLE_DIR), "-q"]).exit_code == 0
    exported = runner.invoke(cli, ["--db", str(a), "export-kumu", str(book)])
    assert exported.exit_code == 0, exported.output
    imported = runner.invoke(cli, ["--db", str(b), "import-kumu", str(book)])
    assert imported.exit_code == 0, imported.output
    assert "stored: Kumu 'map.xlsx'" in imported.output
    with GraphStore(a, read_only=True) as first, GraphStore(b, read_only=True) as second:
        before, after = load_graph(first, cache=False), load_graph(second, cache=False)
    assert after.types == before.types and dict(after.edges) == dict(before.edges)
    assert after.labels == before.labels and after.props == before.props


def test_import_popolo_prints_the_account_and_keeps_it_in_json(run):
    from tests.ingest.test_popolo import ALAND

    result = run("import-popolo", str(ALAND))
    assert result.exit_code == 0, result.output
    assert "memberships: read 20, stored 20, not kept 0" in result.output
    assert "legislative periods: read 3, stored 0, not kept 3 (no node type for a period" in result.output
    assert "field not kept (no place in the schema): persons[].birth_date: 10" in result.output
    out = run("import-popolo", str(ALAND), "--source", "again", "--format", "json", "--id-prefix", "AX-")
    assert json.loads(out.output)[0]["account"]["persons"] == {"read": 10, "stored": 10, "not_kept": {}}


def test_match_reads_a_register_unit_with_its_parents(run, tmp_path):
    """Issue 21, tenth round: a register's bare unit name is its city's unit. With --city, another city's
    unit of the name is not automatic and its own city's is; without it, the same by the city the register
    recorded."""
    from tests.ingest.conftest import write_csvs

    register = DATA.parent / "helsinki-organisations" / "organisaatiokoodit-excerpt.csv"
    assert run("import-register", str(register)).exit_code == 0
    write_csvs(tmp_path / "list", {"stakeholders": [["id", "label_fi", "stakeholder_kind"],
                                                    ["OULU-TALOUS", "Oulun kaupunki / Talous- ja suunnittelukeskus", "other"],
                                                    ["HKI-TALOUS", "Helsingin kaupungin talous- ja suunnittelukeskus", "other"],
                                                    ["VAASA-OIK", "Vaasan kaupunki Oikeuspalvelut", "other"]]})
    assert run("ingest", str(tmp_path / "list"), "-q").exit_code == 0

    def states(*options: str) -> dict:
        listed = run("match", "--format", "json", "--min-score", "0", "--top", "500", *options)
        assert listed.exit_code == 0, listed.output
        return {frozenset((r["a"], r["b"])): r for r in json.loads(listed.output)}

    with_city = states("--city", "Helsingin kaupunki")
    oulu, helsinki = (with_city[frozenset((ident, "REG-1500"))] for ident in ("OULU-TALOUS", "HKI-TALOUS"))
    assert oulu["state"] != "auto", oulu
    assert "another body" in oulu["why"] and "'Helsingin kaupunki'" in oulu["why"]
    assert helsinki["state"] == "auto" and "read as a unit of 'Helsingin kaupunki'" in helsinki["why"]
    vaasa = with_city[frozenset(("VAASA-OIK", "REG-11030"))]  # a unit of Hallintokeskus, part_of in the store
    assert vaasa["state"] != "auto" and "'Hallintokeskus'" in vaasa["why"]
    without = states()  # the city the register recorded at import: the same answers as --city
    assert {k: (r["score"], r["state"]) for k, r in without.items()} == \
        {k: (r["score"], r["state"]) for k, r in with_city.items()}
    assert "from the register source 'organisaatiokoodit-excerpt.csv' (row 2)" in \
        without[frozenset(("OULU-TALOUS", "REG-1500"))]["why"]


def test_match_evaluate_reads_parents_from_columns_or_options(run, tmp_path):
    labels = tmp_path / "register.csv"
    labels.write_text("name_a,name_b,same\nKulttuurikeskus,Vaasan kaupunki Kulttuurikeskus,0\n"
                      "Kaupunginkirjasto,Helsingin kaupunki / Helsingin kaupunginkirjasto,1\n", encoding="utf-8")

    def figures(*options: str) -> dict:
        result = run("match", "--evaluate", str(labels), "--format", "json", *options)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)[0]

    bare = figures()
    assert (bare["auto_precision"], bare["auto_recall"]) == (0.0, 0.0)  # names alone: the other city's unit
    known = figures("--parent-a", "Helsingin kaupunki")
    assert (known["auto_precision"], known["auto_recall"]) == (1.0, 1.0)
    labels.write_text(labels.read_text(encoding="utf-8").replace("same\n", "same,parent_a\n")
                      .replace(",0\n", ",0,Helsingin kaupunki\n").replace(",1\n", ",1,Helsingin kaupunki\n"),
                      encoding="utf-8")
    assert figures() == known
