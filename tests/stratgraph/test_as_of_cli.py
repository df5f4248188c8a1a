"""``--as-of DATE`` on silos, network and map, and ``as_of=`` on the API: the date shown, CLI and API agree,
bad dates are usage errors. The facts are those of tests/queries/test_as_of.py (read from the CSVs)."""

from __future__ import annotations

import datetime
import json

import pytest
from click.testing import CliRunner

import stratgraph
from ontologies.errors import UsageError
from stratgraph.cli import cli

D = datetime.date


def run(db, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


@pytest.fixture
def city(example_db):
    with stratgraph.open(example_db, read_only=True) as handle:
        yield handle


def _json(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_silos_as_of_drops_a_finished_project_and_names_the_date(example_db, city):
    before = _json(run(example_db, "silos", "--goal", "G2.1", "--as-of", "2024-01-01", "--format", "json"))
    after = _json(run(example_db, "silos", "--goal", "G2.1", "--as-of", "1.6.2025", "--format", "json"))
    assert "SEC-KOHA:1" in before[0]["sectors"] and not any(s.startswith("SEC-KOHA") for s in after[0]["sectors"])
    assert before[0]["as_of"] == "2024-01-01" and after[0]["as_of"] == "2025-06-01"
    api = city.silos(goal="G2.1", as_of=D(2024, 1, 1)).to_dicts()
    assert json.loads(json.dumps(api)) == before


def test_silos_table_title_and_csv_column(example_db):
    table = run(example_db, "silos", "--as-of", "2024-01-01")
    assert table.exit_code == 0 and "as of 2024-01-01" in table.stdout
    csv_text = run(example_db, "silos", "--as-of", "2024-01-01", "--format", "csv").stdout
    header, first = csv_text.splitlines()[:2]
    assert header.endswith(",as_of") and first.endswith(",2024-01-01")
    assert "as_of" not in run(example_db, "silos", "--format", "csv").stdout.splitlines()[0]


@pytest.mark.parametrize(("day", "in_kh"), [("2024-01-01", True), ("2025-06-01", False)])
def test_network_as_of_follows_memberships(example_db, city, day, in_kh):
    rows = _json(run(example_db, "network", "--show", "edges", "--top", "0", "--as-of", day, "--format", "json"))
    assert (("B-KH", "PER-E") in {(r["a"], r["b"]) for r in rows}) is in_kh
    assert {r["as_of"] for r in rows} == {day}
    api = city.network(show="edges", as_of=D.fromisoformat(day)).to_dicts()
    assert json.loads(json.dumps(api)) == rows


def test_network_as_of_keeps_the_date_in_graphml(example_db, tmp_path):
    out = tmp_path / "net.graphml"
    assert run(example_db, "network", "--graphml", str(out), "--as-of", "2024-01-01").exit_code == 0
    assert "2024-01-01" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["goals", "collaboration"])
def test_map_as_of_drops_the_finished_project_and_titles_the_date(example_db, city, tmp_path, kind):
    out = tmp_path / f"{kind}.html"
    result = run(example_db, "map", kind, "--as-of", "2025-06-01", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "tilanne 1.6.2025" in out.read_text(encoding="utf-8")
    then = city.map(kind, as_of=D(2025, 6, 1), lang="en")
    assert then.data.title.endswith("(as of 2025-06-01)")
    if kind == "goals":
        assert "P-TYOLLISYYS" not in {n.id for n in then.data.nodes}
        assert "P-TYOLLISYYS" in {n.id for n in city.map(kind).data.nodes}


def test_map_as_of_image_title(example_db, tmp_path):
    out = tmp_path / "bodies.svg"
    assert run(example_db, "map", "bodies", "--as-of", "2024-01-01", "--lang", "en", "--out", str(out)).exit_code == 0
    assert "as of 2024-01-01" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [["silos"], ["network"], ["map", "goals", "--out", "x.html"], ["followup"],
                                  ["report", "--out", "site"]])
@pytest.mark.parametrize("bad", ["2024-02-30", "yesterday", "31.12", ""])
def test_bad_dates_are_usage_errors(example_db, args, bad):
    result = run(example_db, *args, "--as-of", bad)
    assert result.exit_code == 2
    assert f"{bad!r} is not a date; write 2025-12-31 or 31.12.2025" in result.output


@pytest.mark.parametrize("bad", ["2024-01-01", 20240101, True])
def test_api_as_of_must_be_a_date(city, bad):
    with pytest.raises(UsageError, match="as_of must be date"):
        city.silos(as_of=bad)


def test_api_as_of_takes_a_datetime_by_its_day(city):
    assert city.network(as_of=datetime.datetime(2024, 1, 1, 12, 0)).to_dicts() == \
        city.network(as_of=D(2024, 1, 1)).to_dicts()


def test_map_focus_outside_its_dates_says_so(example_db, tmp_path):
    result = run(example_db, "map", "neighbourhood", "--focus", "P-TYOLLISYYS", "--as-of", "2025-06-01",
                 "--out", str(tmp_path / "n.html"))
    assert result.exit_code == 1
    assert "no node 'P-TYOLLISYYS' as of 2025-06-01: not in the store, or outside its start and end dates" in result.output
    assert run(example_db, "map", "neighbourhood", "--focus", "P-TYOLLISYYS", "--as-of", "2024-06-01",
               "--out", str(tmp_path / "n.html")).exit_code == 0


def test_report_as_of_is_the_store_on_that_date(example_db, tmp_path):
    result = run(example_db, "report", "--as-of", "2023-06-01", "--out", str(tmp_path / "site"), "-q")
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    assert not (site / "projects" / "P-LUMO.html").exists()        # starts 2025-08-01
    assert (site / "projects" / "P-TYOLLISYYS.html").exists()      # runs 2023-06-01 .. 2024-12-31
    assert "(tilanne 1.6.2023)" in (site / "maps" / "bodies.html").read_text(encoding="utf-8")
    assert "Tilanne 1.6.2023" in (site / "followup.html").read_text(encoding="utf-8")  # the Finnish way


@pytest.mark.parametrize("day", ["2024-01-01", "2025-06-01"])
def test_followup_as_of_sees_the_sectors_silos_sees(example_db, city, day):
    silos = _json(run(example_db, "silos", "--goal", "G2.1", "--as-of", day, "--format", "json"))[0]
    goal = next(g for g in _json(run(example_db, "followup", "--goal", "G2.1", "--as-of", day, "--format", "json"))
                if g["goal"] == "G2.1")
    assert sorted(f"{s}:{n}" for s, n in goal["sector_counts"].items()) == sorted(silos["sectors"])
    assert goal["cross_sector_index"] == silos["index"]
    api = next(g for g in city.followup(goal="G2.1", as_of=D.fromisoformat(day)) if g.goal == "G2.1")
    assert api.sectors == goal["sector_counts"]
