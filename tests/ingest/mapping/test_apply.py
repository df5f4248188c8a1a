"""Mapped import of the real structural-funds rows: through the shared pipeline, all problems at once."""

from __future__ import annotations

import gzip
import shutil

import pytest

from ingest.mapping import read_mapped
from ingest.pipeline import ingest
from ingest.problems import InvalidInput
from queries.sparql import PREFIXES
from tests.ingest.conftest import write_csvs


def _select(store, query):
    return store.select(query, prefixes=PREFIXES)[1]

SMALL_MAPPING = """
columns: {Nimi: [Hankkeen nimi]}
node:
  type: Project
  id: "P-{Koodi}"
  properties:
    label_fi: Nimi
    status: {column: Tila, values: {Käynnissä: ongoing, Valmis: completed}}
    start_date: {column: Alku, date_format: "%d.%m.%Y"}
    budget: {column: Summa, decimal: ",", thousands: " "}
  relations:
    led_by: {column: Toteuttaja, by_name: [Stakeholder, Unit]}
    has_theme: {column: Teemat, separator: ";", template: "T-{}"}
entities:
  - {id: T-ilmasto, type: Theme, label_fi: Ilmasto}
  - {id: T-energia, type: Theme, label_fi: Energia}
"""


def _projects(parsed):
    return {i: e for i, e in parsed.entities.items() if e.type == "Project"}


def test_real_excerpt_is_stored_with_one_organisation_per_name(store, excerpt, example_mapping):
    report = ingest(excerpt, store, mapping=example_mapping)
    assert report.status == "stored" and report.format == "mapped"
    assert report.by_type["Project"] == 17 and report.by_type["FundingSource"] == 2
    names = _select(store, "SELECT ?label WHERE { ?o a sg:Stakeholder ; skos:prefLabel ?label ; "
                         "dct:identifier ?id FILTER(CONTAINS(LCASE(?label), 'laurea')) }")
    assert names == [["Laurea-ammattikorkeakoulu Oy"]]  # four spellings in 8 rows, one organisation (the most common spelling)
    rows = _select(store, "SELECT ?row ?status ?start ?budget WHERE { ?p dct:identifier 'SF-S10495' ; sg:sourceRow ?row ;"
                        " sg:status ?status ; sg:startDate ?start ; sg:budget ?budget }")
    assert rows == [["projektilista-excerpt!10", "cancelled", "2007-01-01", "147000"]]
    assert ingest(excerpt, store, mapping=example_mapping).status == "unchanged"


def test_later_headers_read_the_same_projects(store, excerpt, later_excerpt, example_mapping):
    first = read_mapped(excerpt, example_mapping, store, "a")
    later = read_mapped(later_excerpt, example_mapping, store, "b")
    assert not first.problems and not later.problems
    later_projects = _projects(later)
    assert len(later_projects) == 6
    for ident, entity in later_projects.items():
        assert entity.values == first.entities[ident].values
        assert entity.sheet == "projektilista-later-headers"


def test_gzip_input(store, excerpt, example_mapping, tmp_path):
    packed = tmp_path / "projektilista.csv.gz"
    with excerpt.open("rb") as src, gzip.open(packed, "wb") as dst:
        shutil.copyfileobj(src, dst)
    assert ingest(packed, store, mapping=example_mapping).by_type["Project"] == 17


def test_every_row_problem_at_once_and_nothing_stored(store, tmp_path, write_mapping):
    data = write_csvs(tmp_path / "in", {"hankkeet": [
        ["Koodi", "Hankkeen nimi", "Tila", "Alku", "Summa", "Toteuttaja", "Teemat"],
        ["1", "Aurinko", "Käynnissä", "1.2.2024", "1 234,50", "Ympäristö", "ilmasto; energia"],
        ["2", "Tuuli", "Kesken", "2024-02-01", "12e", "Ympäristöö", "ilmasto"],
        ["3", "", "Valmis", "1.2.2024", "5", "Kaksi", "vesi"],
        ["3", "Kopio", "Valmis", "1.2.2024", "5", "Ympäristö", ""],
    ]}) / "hankkeet.csv"
    write_csvs(tmp_path / "org", {"stakeholders": [["id", "label_fi", "stakeholder_kind"], ["U1", "Ympäristö", "other"],
                                                   ["U2", "Kaksi Oy", "company"], ["U3", "kaksi", "other"]]})
    ingest(tmp_path / "org", store)
    with pytest.raises(InvalidInput) as caught:
        ingest(data, store, mapping=write_mapping(SMALL_MAPPING))
    found = {(p.row, p.column, p.rule) for p in caught.value.problems}
    assert found == {
        (3, "Tila", "bad-value"), (3, "Alku", "bad-value"), (3, "Summa", "bad-value"),
        (3, "Toteuttaja", "unknown-name"), (3, "Toteuttaja", "min-count"),
        (4, "Hankkeen nimi", "missing-value"), (4, "Toteuttaja", "ambiguous-name"), (4, "Toteuttaja", "min-count"),
        (4, "Teemat", "unknown-reference"), (5, "Koodi", "duplicate-id")}
    by_rule = {p.rule: p for p in caught.value.problems}
    assert "'Kesken' is not in the value map ('Käynnissä', 'Valmis')" in str(caught.value)
    assert "not a date in the declared format '%d.%m.%Y'" in str(caught.value)
    assert "U2, U3" in by_rule["ambiguous-name"].message
    assert "did you mean 'ympäristö'" in by_rule["unknown-name"].message
    assert all(p.file == "hankkeet.csv" for p in caught.value.problems)
    assert [s.name for s in store.sources()] == ["org"]


def test_names_resolve_to_nodes_already_in_the_store(store, tmp_path, write_mapping):
    write_csvs(tmp_path / "org", {"sectors": [["id", "label_fi"], ["S1", "Kaupunkiympäristö"]],
                                  "units": [["id", "label_fi", "part_of"], ["U1", "Ympäristöpalvelut", "S1"]]})
    ingest(tmp_path / "org", store)
    data = write_csvs(tmp_path / "in", {"h": [["Koodi", "Nimi", "Toteuttaja", "Teemat"],
                                              ["1", "Aurinko", "YMPÄRISTÖPALVELUT", "energia"]]}) / "h.csv"
    report = ingest(data, store, mapping=write_mapping(SMALL_MAPPING.replace("    status:", "    #").replace(
        "    start_date:", "    #").replace("    budget:", "    #")))
    assert report.status == "stored"
    assert _select(store, "SELECT ?u WHERE { ?p dct:identifier 'P-1' ; sg:ledBy/dct:identifier ?u }") == [["U1"]]


def test_missing_headers_are_listed_with_the_closest(store, excerpt, write_mapping):
    path = write_mapping("""node:
  type: Project
  id: "SF-{Kodi}"
  properties: {label_fi: [Projektinimi, Hankkeen nimi], status: Tilaa}
""")
    with pytest.raises(InvalidInput) as caught:
        ingest(excerpt, store, mapping=path)
    messages = {p.column: p.message for p in caught.value.problems}
    assert "did you mean 'Koodi'" in messages["node.id"]
    assert "no column 'Projektinimi | Hankkeen nimi'" in messages["node.properties.label_fi"]
    assert set(messages) == {"node.id", "node.properties.label_fi", "node.properties.status"}


def test_skip_rules_and_constants(store, tmp_path, write_mapping):
    data = write_csvs(tmp_path / "in", {"h": [["Koodi", "Nimi", "Laji"], ["1", "A", "hanke"], ["", "B", "hanke"],
                                              ["3", "C", "yhteenveto"]]}) / "h.csv"
    mapping = write_mapping("""skip:
  - {column: Koodi, empty: true}
  - {column: Laji, equals: yhteenveto}
node:
  type: Stakeholder
  id: "S-{Koodi}"
  properties: {label_fi: Nimi, stakeholder_kind: {value: company}}
""")
    report = ingest(data, store, mapping=mapping)
    assert report.by_type == {"Stakeholder": 1}
    assert _select(store, "SELECT ?k WHERE { ?s sg:stakeholderKind ?k }") == [["company"]]


def test_refresh_dry_run_shows_the_diff_and_stores_nothing(store, excerpt, later_excerpt, example_mapping, tmp_path):
    first = ingest(excerpt, store, mapping=example_mapping)
    assert first.changes is None
    newer = tmp_path / "newer.csv"
    newer.write_text(later_excerpt.read_text(encoding="utf-8").replace("ForeMassi2025", "ForeMassi 2025"),
                     encoding="utf-8")
    report = ingest(newer, store, mapping=example_mapping, source=first.source, dry_run=True)
    changes = report.changes
    assert report.status == "valid"
    assert changes["nodes_added"] == [] and changes["nodes_changed"] == {"SF-S11563": ["prefLabel"]}
    assert len([i for i in changes["nodes_removed"] if i.startswith("SF-")]) == 11
    assert ("SF-S10324", "funded_by", "FS-ESF") in changes["relationships_removed"]
    assert store.source(first.source).triples == first.triples  # nothing stored


def test_xlsx_sheet_by_name(store, excerpt, example_mapping, tmp_path, write_mapping):
    import csv

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Ohje"
    book.active.append(["Tämä välilehti kertoo, mitä tiedosto sisältää"])
    sheet = book.create_sheet("Hankkeet")
    with excerpt.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    book.save(tmp_path / "hankkeet.xlsx")
    mapping = write_mapping("sheet: hankkeet\n" + example_mapping.read_text(encoding="utf-8"))
    report = ingest(tmp_path / "hankkeet.xlsx", store, mapping=mapping)
    assert report.by_type["Project"] == 17
    rows = _select(store, "SELECT ?row WHERE { ?p dct:identifier 'SF-S10495' ; sg:sourceRow ?row }")
    assert rows == [["Hankkeet!10"]]
