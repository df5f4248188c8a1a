"""Organisation registers: Helsinki's real code list, hierarchy from the codes, a later version's changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest.problems import InvalidInput
from ingest.register import import_register
from queries.projection import load_graph
from stratgraph.cli import cli

EXCERPT = Path(__file__).resolve().parents[1] / "data" / "helsinki-organisations" / "organisaatiokoodit-excerpt.csv"


def test_real_register_becomes_sectors_units_bodies_and_posts(store):
    report = import_register(EXCERPT, store)
    assert (report.sectors, report.units, report.bodies, report.posts) == (9, 29, 6, 51)
    assert report.skipped == {"type 13": 1}  # the city itself: the schema has no node for it
    graph = load_graph(store, cache=False)
    assert graph.types["REG-400"] == "GoverningBody" and graph.props["REG-400"]["body_kind"] == "board"
    assert graph.label("REG-400") == "Kaupunginhallitus"
    assert graph.types["REG-011010VH1"] == "Role" and graph.targets("REG-011010VH1", "post_in") == ["REG-11010"]
    assert graph.label("REG-011010VH1", "sv") == "Avdelningschef"
    assert graph.sector_of("REG-011010VH1") == "REG-1101"  # a post counts for its unit's sector
    placed = {r for r, _ in graph.edges["post_in"]}
    assert sorted(set(graph.ids_of("Role")) - placed) == report.posts_without_organisation
    assert len(report.posts_without_organisation) == 4
    assert graph.sector_of("REG-15100") == "REG-1500"      # 1500 -> 15100
    assert graph.sector_of("REG-11010") == "REG-1101"
    assert graph.sector_of("REG-730030") == "REG-73000"
    assert graph.label("REG-1500", "sv") == "Ekonomi- och planeringscentralen"


def test_later_version_shows_added_closed_and_renamed(store, tmp_path):
    import_register(EXCERPT, store, source="hel")
    text = EXCERPT.read_text(encoding="utf-8")
    text = text.replace("16300,Laskutusosasto,Faktureringsavdelningen,9\n", "")
    text = text.replace("15400,Tietotekniikkaosasto,", "15400,Digitalisaatio-osasto,")
    text += "15700,Datapalvelut,Datatjänster,9\n"
    later = tmp_path / "organisaatiokoodit-2.csv"
    later.write_text(text, encoding="utf-8")
    dry = import_register(later, store, source="hel", dry_run=True)
    assert (dry.added, dry.closed, dry.renamed) == (["REG-15700"], ["REG-16300"], ["REG-15400"])
    assert store.source("hel").location.endswith("organisaatiokoodit-excerpt.csv")  # nothing stored
    stored = import_register(later, store, source="hel")
    assert stored.status == "stored" and store.source("hel").location.endswith("organisaatiokoodit-2.csv")


def test_parent_column_moves_and_closing_dates(store, tmp_path):
    first = tmp_path / "reg.csv"
    first.write_text("code;name_fi;name_en;parent;valid_to\nS1;Kasvatus;Education;;\nS2;Kaupunkiympäristö;Urban;;\n"
                     "U1;Kirjasto;Library;S1;\nU2;Puistot;Parks;S2;\n", encoding="utf-8")
    import_register(first, store, source="reg")
    second = tmp_path / "reg2.csv"
    second.write_text("code;name_fi;name_en;parent;valid_to\nS1;Kasvatus;Education;;\nS2;Kaupunkiympäristö;Urban;;\n"
                      "U1;Kirjasto;Library;S2;\nU2;Puistot;Parks;S2;31.12.2020\n", encoding="utf-8")
    report = import_register(second, store, source="reg", dry_run=True)
    assert report.moved == [("REG-U1", "REG-S1", "REG-S2")]
    assert report.closed == ["REG-U2"] and report.skipped == {"closed": 1}


def test_bad_register_lists_every_problem(store, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name_fi,parent,valid_to\n,Nimetön,,\nU1,Yksikkö,S9,\nU2,Toinen,U1,huomenna\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        import_register(bad, store)
    assert {(p.row, p.rule) for p in caught.value.problems} >= {(2, "missing-value"), (3, "unknown-reference"),
                                                                 (4, "bad-date")}
    assert store.sources() == []


def test_cli(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "import-register", str(EXCERPT)])
    assert result.exit_code == 0, result.output
    assert "stored: register 'organisaatiokoodit-excerpt.csv': 9 sectors, 29 units, 6 bodies, 51 posts (4 without " \
           "an organisation in the register)" in result.output
    assert "rows: read 96, stored 95, not kept 1 (type 13: the city as a whole" in result.output


def test_another_registers_type_codes_replace_helsinkis(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("code;nimi;tyyppi\n50;Toimiala;A\n501;Yksikkö;B\nL1;Lautakunta;C\n501VH1;Virka;D\n"
                     "X1;Kaupunki;1\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(cli, ["--db", db, "import-register", str(other), "--sector-type", "A",
                                      "--unit-type", "B", "--body-type", "C=committee", "--post-type", "D",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    assert (report["sectors"], report["units"], report["bodies"], report["posts"]) == (1, 1, 1, 1)
    assert report["skipped"] == {"type 1": 1}  # Helsinki's council code means nothing here
    assert report["posts_without_organisation"] == []  # 501VH1 is a post in 501
    bad = CliRunner().invoke(cli, ["--db", db, "import-register", str(other), "--body-type", "C=lautakunta"])
    assert bad.exit_code != 0 and "the kind is one of council, board" in bad.output
