"""A register's own city kept with its source, and the matcher reading the register's units as its city's
without `--city` (issue 21): `stratgraph match`, `--accept-auto` and the review queue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import stratgraph
from graph_model.backup import backup, restore
from ingest.matching import find_candidates, org_cities, store_orgs
from ingest.register import import_register
from stratgraph.cli import cli

DATA = Path(__file__).resolve().parents[1] / "data"
REGISTER = DATA / "helsinki-organisations" / "organisaatiokoodit-culture.csv"
EXCERPT = DATA / "helsinki-organisations" / "organisaatiokoodit-excerpt.csv"
LIST = DATA / "structural-funds" / "projektilista-cities.csv"
MAPPING = Path(__file__).resolve().parents[2] / "examples" / "structural-funds" / "mapping.yaml"
HELSINKI = {"name": "Helsingin kaupunki", "names": {"fi": "Helsingin kaupunki", "sv": "Helsingfors stad"},
            "from": "row 2"}


@pytest.fixture
def run(tmp_path):
    """``run(*args)`` invokes the CLI on a store in tmp_path and returns its output (exit 0 asserted)."""
    runner = CliRunner()

    def invoke(*args: str) -> str:
        result = runner.invoke(cli, ["--db", str(tmp_path / "store.db"), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output
    return invoke


def _pairs(output: str) -> dict[tuple[str, str], dict]:
    return {(row["a_name"], row["b_name"]): row for row in json.loads(output)}


@pytest.mark.parametrize("register, city", [(REGISTER, HELSINKI), (EXCERPT, HELSINKI)])
def test_the_register_keeps_its_city_with_the_source(store, register, city, tmp_path):
    report = import_register(register, store)
    assert report.city == city and store.source(register.name).about == {"city": city}
    assert report.skipped["type 13"] == 1  # still not a node, and still said so
    store.close()
    backup(tmp_path / "store.db", tmp_path / "bk")
    [restored] = restore(tmp_path / "bk", tmp_path / "restored.db")
    assert restored.about == {"city": city}


def test_no_city_row_records_nothing_and_city_overrides(store, tmp_path):
    plain = tmp_path / "plain.csv"
    plain.write_text("".join(line for line in REGISTER.read_text(encoding="utf-8").splitlines(keepends=True)
                             if not line.endswith(",13\n")), encoding="utf-8")
    assert import_register(plain, store, id_prefix="PLAIN-").city is None and store.source("plain.csv").about is None
    report = import_register(REGISTER, store, city="Vaasan kaupunki")
    assert store.source(REGISTER.name).about == {"city": report.city}
    assert report.city == {"name": "Vaasan kaupunki", "names": {}, "from": "import-register --city"}


def test_match_reads_the_registers_units_as_its_citys_without_city(run, tmp_path):
    assert "the register's city: 'Helsingin kaupunki' (row 2)" in run("import-register", str(REGISTER))
    run("ingest", str(LIST), "--mapping", str(MAPPING), "-q")
    pairs = _pairs(run("match", "--format", "json"))
    own = pairs[("Helsingin kaupunki kaupunginkirjasto", "Kaupunginkirjasto")]
    assert own["state"] == "auto"
    assert own["why"].endswith("the city 'Helsingin kaupunki' from the register source "
                               "'organisaatiokoodit-culture.csv' (row 2)")
    assert pairs[("Helsingin kaupunki / Helsingin kaupunginkirjasto", "Kaupunginkirjasto")]["state"] == "auto"
    assert pairs[("Helsingin kaupunki Opetusvirasto Nuoriso- ja aikuiskoulutuslinja",
                  "Nuoriso- ja aikuiskoulutuslinja")]["state"] == "review"
    others = {("Vaasan kaupunki Kulttuurikeskus", "Kulttuurikeskus"), ("Heinolan kaupunginmuseo", "Kaupunginmuseo")}
    assert not others & set(pairs)  # another city's unit: not automatic, not even for review
    low = _pairs(run("match", "--format", "json", "--min-score", "1"))
    assert low[("Vaasan kaupunki Kulttuurikeskus", "Kulttuurikeskus")]["state"] == "review"  # far below review

    given = _pairs(run("match", "--format", "json", "--city", "Helsingin kaupunki"))
    assert given.keys() == pairs.keys()
    for key, row in pairs.items():  # --city gives the same answers; only where the city came from differs
        assert {**row, "why": ""} == {**given[key], "why": ""}
        assert row["why"].replace("from the register source 'organisaatiokoodit-culture.csv' (row 2)",
                                  "given with --city") == given[key]["why"]
    assert _pairs(run("match", "--format", "json", "--city", "Vaasan kaupunki"))[
        ("Vaasan kaupunki Kulttuurikeskus", "Kulttuurikeskus")]["state"] == "auto"  # --city wins

    run("import-register", str(REGISTER))  # a re-import changes nothing
    assert _pairs(run("match", "--format", "json")) == pairs

    with stratgraph.open(tmp_path / "store.db") as city:  # the review queue: the same reading
        queue = {(row["a_label"], row["b_label"]) for row in city.review_queue(top=50).to_dicts()
                 if row["kind"] == "match"}
    own_unit = ("Helsingin kaupunki Opetusvirasto Nuoriso- ja aikuiskoulutuslinja", "Nuoriso- ja aikuiskoulutuslinja")
    assert own_unit in queue  # main's queue, with no city, left it out (45.9) and listed Heinola's
    assert not others & queue

    assert "recorded 3 accepted pair(s)" in run("match", "--accept-auto")
    accepted = _pairs(run("match", "--format", "json", "--all"))
    assert {k for k, row in accepted.items() if row["state"] == "accepted"} == {k for k, row in pairs.items()
                                                                                if row["state"] == "auto"}


def test_removing_the_register_forgets_its_city(store):
    import_register(EXCERPT, store, source="units", city_types=())  # the units, without the city
    import_register(REGISTER, store)
    orgs = store_orgs(store)
    cities = dict(zip((o.id for o in orgs), org_cities(store, orgs)))
    where = "from the register source 'organisaatiokoodit-culture.csv' (row 2)"
    assert cities["REG-46101"] == cities["REG-1500"] == ("Helsingin kaupunki", where)  # the one city recorded
    store.remove_source(REGISTER.name)
    orgs = store_orgs(store)
    assert set(org_cities(store, orgs)) == {("", "")}
    assert all("the city" not in c.explanation for *_, c, _ in find_candidates(store, min_score=1))


def test_two_registers_of_two_cities_each_read_as_their_own(store, tmp_path):
    from ingest.pipeline import ingest
    from tests.helpers import write_csvs

    import_register(REGISTER, store)
    import_register(REGISTER, store, source="vaasa", id_prefix="VAASA-", city="Vaasan kaupunki")
    write_csvs(tmp_path / "city", {"sectors": [["id", "label_fi"], ["S-OWN", "Kulttuuripalvelut"]]})
    ingest(tmp_path / "city", store)
    orgs = store_orgs(store)
    cities = dict(zip((o.id for o in orgs), org_cities(store, orgs)))
    assert cities["REG-46101"][0] == "Helsingin kaupunki" and cities["VAASA-46101"][0] == "Vaasan kaupunki"
    assert cities["S-OWN"] == ("", "")  # two cities recorded: a sector of neither register has none
    found = {(a.id, b.id): state for a, b, _, state in find_candidates(store, min_score=1)}
    assert found[("REG-46101", "VAASA-46101")] != "auto"  # Helsinki's Kulttuurikeskus is not Vaasa's


@pytest.mark.parametrize("options, city", [((), "Helsingin kaupunki"), (("--sector-type", "8"), None),
                                           (("--sector-type", "8", "--city", "Vaasan kaupunki"), "Vaasan kaupunki")])
def test_import_register_city_option(run, options, city):
    """Giving the type codes leaves Helsinki's type 13 unread: the city comes from --city, or is not known."""
    [report] = json.loads(run("import-register", str(REGISTER), "--format", "json", *options))
    assert (report["city"] or {}).get("name") == city
    [source] = json.loads(run("sources", "list", "--format", "json"))
    assert (source["about"] or {}).get("city", {}).get("name") == city
