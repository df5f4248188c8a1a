"""`stratgraph related`, `links` and `import-cordis`: formats, exit codes and messages without tracebacks.

The commands are registered here on a test-local group built like the main one (the lead registers them
on ``stratgraph.cli.cli``).
"""

from __future__ import annotations

import csv
import re
import io
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from examples import EXAMPLE_DIR
from graph_model.store import GraphStore
from ingest.cordis import write_sample
from ingest.pipeline import ingest
from stratgraph.analysis_cli import duplicates, import_cordis_cmd, links, related
from stratgraph.cli import ErrorHandlingGroup
from stratgraph.settings import Settings

COMMANDS = (related, links, import_cordis_cmd, duplicates)


@click.group(cls=ErrorHandlingGroup)
@click.option("--db", type=click.Path(path_type=Path), required=True)
@click.pass_context
def group(ctx: click.Context, db: Path) -> None:
    """A stand-in for the stratgraph group."""
    ctx.obj = Settings(db=db)


for command in COMMANDS:
    group.add_command(command)


def run(db: Path, *args: str, stdin: str | None = None):
    return CliRunner().invoke(group, ["--db", str(db), *args], input=stdin, catch_exceptions=False)


def test_related_as_json_csv_and_table(example_db):
    result = run(example_db, "related", "P-HNR", "--other-sectors", "--top", "4", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 4 and {r["sector"] for r in rows} <= {"SEC-KOHA", "SEC-ELVO", "SEC-LIIKE", "SEC-SIHY"}
    assert set(rows[0]) == {"id", "label", "sector", "status", "score", "reasons", "shared", "topic", "partners",
                            "same_topic", "same_organisation", "duplicate"}
    assert re.search(r"words: (voikko|simplemma|snowball|plain) analyser", result.stderr)
    table = list(csv.DictReader(io.StringIO(run(example_db, "related", "P-KAVELY", "--top", "2",
                                                "--format", "csv").stdout)))
    assert {r["id"] for r in table} == {"P-LIIKKUVA", "P-LAHILIIKUNTA"} and "shared goals" in table[0]["same_topic"]
    assert "P-LIIKKUVA" in run(example_db, "related", "P-KAVELY", "--top", "2").output


def test_related_with_an_unknown_id_says_so_before_building_anything(example_db, monkeypatch):
    """Issue 22 item 15: on the national list the index took ~10 s before the id was looked up."""
    from queries.related import RelatedIndex

    def build(*args, **kwargs):
        raise AssertionError("the related index was built for an unknown project id")

    monkeypatch.setattr(RelatedIndex, "build", build)
    result = CliRunner().invoke(group, ["--db", str(example_db), "related", "P-HNRR"])
    assert result.exit_code == 1 and "no project 'P-HNRR'; closest ids: P-HNR" in result.output


def test_related_to_an_idea_from_an_option_or_stdin(example_db):
    result = run(example_db, "related", "--text", "cirkulär ekonomi", "--format", "json")
    assert json.loads(result.stdout)[0]["id"] == "P-KIERTO"
    piped = run(example_db, "related", "--text", "-", "--format", "csv", stdin="reduce food waste in schools")
    assert piped.exit_code == 0 and piped.stdout.splitlines()[1].startswith("P-RUOKAHAVIKKI,")


def test_related_by_topic_or_by_partners(example_db):
    by_partners = json.loads(run(example_db, "related", "P-KIERTO", "--by", "partners", "--format", "json").stdout)
    assert by_partners and all(r["same_organisation"] for r in by_partners)
    assert [r["score"] for r in by_partners] == [r["partners"] for r in by_partners]
    by_topic = json.loads(run(example_db, "related", "P-KIERTO", "--by", "topic", "--top", "3",
                              "--format", "json").stdout)
    assert {r["id"] for r in by_topic} == {"P-KOULUKIERTO", "P-KIERTORAK", "P-RUOKAHAVIKKI"}
    assert all(r["same_topic"] and r["score"] == r["topic"] for r in by_topic)


def test_related_partners_as_json_csv_and_table(example_db):
    rows = json.loads(run(example_db, "related", "--text", "kiertotalous ja jätteen vähentäminen", "--partners",
                          "--among", "10", "--top", "3", "--format", "json").stdout)
    assert [r["id"] for r in rows] == ["U-ELINKEINO", "SH-LAPINAMK", "SH-LAPECO"]
    assert set(rows[0]) == {"id", "label", "type", "sector", "kind", "score", "projects", "leads", "in_store",
                            "project_ids", "evidence"}
    assert rows[0]["evidence"][0].startswith("P-KIERTO ") and "(lead, " in rows[0]["evidence"][0]
    table = list(csv.DictReader(io.StringIO(run(example_db, "related", "P-KIERTO", "--partners", "--top", "50",
                                                "--format", "csv").stdout)))
    assert table and not {"U-ELINKEINO", "SH-LAPECO"} & {r["id"] for r in table}  # P-KIERTO's own
    assert " | " in next(r["evidence"] for r in table if int(r["projects"]) > 1)
    assert "Lapeco Oy" in run(example_db, "related", "--text", "kiertotalous", "--partners").output


def test_duplicates_of_a_store_imported_twice(tmp_path):
    db = tmp_path / "twice.db"
    with GraphStore(db) as store:
        ingest(EXAMPLE_DIR, store)
    assert "no possible duplicates" in run(db, "duplicates").stderr


@pytest.mark.parametrize("args, code, message", [
    (["related", "P-HNRR"], 1, "Error: no project 'P-HNRR'; closest ids: P-HNR"),
    (["related", "--text", "   "], 1, "Error: the text holds no words"),
    (["related"], 2, "Error: give a project id or --text"),
    (["related", "P-HNR", "--text", "x"], 2, "not both"),
    (["related", "--text", "ilmasto", "--other-sectors"], 2, "needs a project id"),
    (["related", "P-HNR", "--status", "finished"], 2, "Invalid value for '--status'"),
    (["related", "P-HNR", "--top", "0"], 2, "Invalid value for '--top'"),
    (["related", "P-HNR", "--by", "money"], 2, "Invalid value for '--by'"),
    (["related", "--text", "ilmasto", "--by", "partners"], 2, "--by partners needs a project id"),
    (["related", "P-HNR", "--partners", "--among", "0"], 2, "Invalid value for '--among'"),
    (["links", "--goal", "G99"], 1, "Error: no goal 'G99'; closest ids: G9"),
    (["links", "--level", "team"], 2, "Invalid value for '--level'"),
])
def test_errors_give_a_message_and_an_exit_code(example_db, args, code, message):
    result = run(example_db, *args)
    assert result.exit_code == code and message in result.output and "Traceback" not in result.output


def test_links_with_evidence_and_broker(example_db):
    rows = json.loads(run(example_db, "links", "--top", "3", "--format", "json").stdout)
    assert (rows[0]["a"], rows[0]["b"], rows[0]["broker"]) == ("U-LIIKENNE", "U-LIIKUNTA", "R-HANKEASIANTUNTIJA")
    assert rows[0]["evidence"][0].startswith("shared goals:")
    table = list(csv.DictReader(io.StringIO(run(example_db, "links", "--theme", "T-MOBILITY", "--format", "csv")
                                            .output)))
    assert table[0]["broker_label"] == "Hankeasiantuntija" and " | shared themes: " in table[0]["evidence"]


def test_no_links_is_said_on_stderr(example_db):
    result = CliRunner().invoke(group, ["--db", str(example_db), "links", "--level", "sector",
                                                        "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == [] and "no missing links" in result.stderr


def test_a_missing_or_empty_store(tmp_path):
    assert "no store at" in run(tmp_path / "none.db", "related", "P-HNR").output
    GraphStore(tmp_path / "empty.db").close()
    for args in (["related", "P-HNR"], ["links"]):
        result = run(tmp_path / "empty.db", *args)
        assert result.exit_code == 1 and "the store holds no projects; run `stratgraph demo`" in result.output


def test_import_cordis_then_links_between_organisations(tmp_path):
    folder = write_sample(tmp_path / "cordis", [
        ["1", "coordinator", "901", "HES", "2015"], ["1", "participant", "902", "PRC", "2015"],
        ["2", "coordinator", "902", "PRC", "2015"], ["2", "participant", "903", "REC", "2015"]], [])
    db = tmp_path / "cordis.db"
    result = run(db, "import-cordis", str(folder), "--train-until", "2015")
    assert result.exit_code == 0 and "stored: source 'cordis-h2020'" in result.output
    assert "  participations: read 4, stored 4, not kept 0\n" in result.output
    again = json.loads(run(db, "import-cordis", str(folder), "--format", "json").stdout)
    assert again[0]["account"]["projects"] == {"read": 2, "stored": 2, "not_kept": {}}
    rows = json.loads(run(db, "links", "--level", "stakeholder", "--format", "json").stdout)
    assert [(r["a"], r["b"], r["broker"]) for r in rows] == [("ORG-901", "ORG-903", "ORG-902")]


def test_a_reranked_related_list_says_so_on_stderr(tmp_path, example_db):
    """The pages said a flat list's top 30 are the learned re-ranker's order (so its scores need not fall);
    the CLI printed the same out-of-order scores without a word. The example city (goals and themes carry
    the score) and a free text are not re-ranked and say nothing."""
    from tests.stratgraph.web.conftest import FUNDS_MAPPING, ONE_PART

    db = tmp_path / "funds.db"
    with GraphStore(db) as store:
        ingest(ONE_PART, store, mapping=FUNDS_MAPPING)  # 120 real rows of one programme part: words carry it
    project = json.loads(run(db, "related", "--text", "nuoret", "--format", "json").stdout)[0]["id"]
    flat = run(db, "related", project, "--top", "3")
    assert flat.exit_code == 0 and "order: the best 30 are ordered by a learned model" in flat.stderr
    for quiet in (run(db, "related", "--text", "nuoret"), run(db, "related", project, "--by", "topic"),
                  run(example_db, "related", "P-HNR")):
        assert quiet.exit_code == 0 and "order:" not in quiet.stderr
