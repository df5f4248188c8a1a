"""One mapping for the next release of a list: optional columns, alternative names, several lists in one
store, grouped problems, and drafts inferred from every row (issue 20)."""

from __future__ import annotations

import pytest

from graph_model.store import GraphStore
from ingest.mapping.suggest import suggest_mapping
from ingest.pipeline import ingest
from ingest.problems import InvalidInput
from ingest.tables import Table
from queries.sparql import PREFIXES
from tests.ingest.mapping.conftest import DATA, EXAMPLE_MAPPING

TRIMMED = DATA / "projektilista-trimmed.csv"
PROJECTS = "SELECT ?p WHERE { ?p a sg:Project }"


def test_the_trimmed_list_reads_alone_without_its_optional_column():
    with GraphStore(None) as store:
        report = ingest(TRIMMED, store, mapping=EXAMPLE_MAPPING)
        assert report.account["rows"] == {"read": 10, "stored": 10, "not_kept": {}}
        assert any("no column 'Ohjelma / osio | Ohjelma'" in n and "has_theme (optional)" in n for n in report.notes)
        assert len(store.select(PROJECTS, prefixes=PREFIXES)[1]) == 10
        assert not store.select("SELECT ?t WHERE { ?t a sg:Theme }", prefixes=PREFIXES)[1]
        names = store.select("SELECT ?n WHERE { ?p a sg:Project ; skos:prefLabel ?n }", prefixes=PREFIXES)[1]
        assert ["mHealth boosteri"] in names  # read from the renamed column Hankkeen nimi


def test_one_mapping_reads_both_lists_into_one_store(store):
    first = ingest(DATA / "projektilista-excerpt.csv", store, mapping=EXAMPLE_MAPPING)
    second = ingest(TRIMMED, store, mapping=EXAMPLE_MAPPING)
    assert first.account["mapping entities"]["stored"] == 2
    assert second.account["mapping entities"] == {
        "read": 2, "stored": 0, "not_kept": {"already in the store with the same content": 2},
        "examples": {"already in the store with the same content": ["FS-ERDF", "FS-ESF"]}}
    assert len(store.select(PROJECTS, prefixes=PREFIXES)[1]) == 17 + 10
    # The trimmed list's Laurea projects are led by the stakeholder the first list created.
    led = store.select("""SELECT DISTINCT ?org WHERE { ?p sg:code 'S12342' ; sg:ledBy/dct:identifier ?org }""",
                       prefixes=PREFIXES)[1]
    assert len(led) == 1 and str(led[0][0]).startswith("ORG-laurea")
    funds = store.select("SELECT ?f WHERE { ?f a sg:FundingSource }", prefixes=PREFIXES)[1]
    assert len(funds) == 2


def test_a_mapping_entity_with_other_content_is_a_conflict(store, write_mapping):
    ingest(DATA / "projektilista-excerpt.csv", store, mapping=EXAMPLE_MAPPING)
    changed = write_mapping(EXAMPLE_MAPPING.read_text(encoding="utf-8").replace(
        "label_en: European Social Fund (ESF)", "label_en: ESF+"))
    with pytest.raises(InvalidInput) as caught:
        ingest(TRIMMED, store, mapping=changed)
    [problem] = [p for p in caught.value.problems if p.rule == "conflict"]
    assert problem.sheet == "entities" and "'FS-ESF' is already in the store with other content" in problem.message


def test_identical_problems_on_many_rows_are_one_line(store, write_mapping):
    draft = write_mapping(EXAMPLE_MAPPING.read_text(encoding="utf-8").replace(
        "Toiminta päättynyt: completed", "Toiminta päättynyt: TODO"))
    with pytest.raises(InvalidInput) as caught:
        ingest(DATA / "projektilista-excerpt.csv", store, mapping=draft)
    assert len(caught.value.problems) == 14  # every row is still in the list (and in --format json)
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert lines[1].endswith("column Toiminnan tila: 'Toiminta päättynyt': TODO in the value map")
    assert "(14 rows; the first: 2, 3, 4, 5, 6)" in lines[1]


def test_suggest_infers_formats_from_every_row():
    rows = [(n, [f"P{n}", "Hanke", "1.2.2020"]) for n in range(2, 1002)] + [(1002, ["P1002", "Hanke", "2020-02-01"])]
    draft = suggest_mapping(Table("hankkeet.csv", "hankkeet", ["Koodi", "Hankkeen nimi", "Aloituspvm"], rows))
    assert draft["node"]["properties"]["start_date"] == "Aloituspvm"  # two formats: no date_format claimed
    one_format = suggest_mapping(Table("hankkeet.csv", "hankkeet", ["Koodi", "Hankkeen nimi", "Aloituspvm"], rows[:-1]))
    assert one_format["node"]["properties"]["start_date"]["date_format"] == "%d.%m.%Y"


def test_shape_problems_name_the_files_column(tmp_path, write_mapping):
    table = tmp_path / "hankkeet.csv"
    table.write_text("Koodi,Nimi,Tila,Toteuttaja\n1,Hanke,completed;ongoing,Laurea\n", encoding="utf-8")
    mapping = write_mapping("""node:
  type: Project
  id: "P-{Koodi}"
  properties: {label_fi: Nimi, status: {column: Tila, separator: ";"}}
  relations: {led_by: {column: Toteuttaja, by_name: Stakeholder, create: {stakeholder_kind: other}}}
""")
    with GraphStore(None) as store, pytest.raises(InvalidInput) as caught:
        ingest(table, store, mapping=mapping)
    assert [(p.row, p.column, p.rule) for p in caught.value.problems] == [(2, "Tila", "shacl")]


def test_a_date_column_may_be_written_in_several_formats(tmp_path, write_mapping):
    table = tmp_path / "hankkeet.csv"
    table.write_text("Koodi,Nimi,Alku,Toteuttaja\n1,Yksi,1.2.2008,Laurea\n2,Kaksi,2015-03-01,Laurea\n3,Kolme,3/2015,Laurea\n",
                     encoding="utf-8")
    mapping = write_mapping("""node:
  type: Project
  id: "P-{Koodi}"
  properties: {label_fi: Nimi, start_date: {column: Alku, date_format: ["%d.%m.%Y", "%Y-%m-%d"]}}
  relations: {led_by: {column: Toteuttaja, by_name: Stakeholder, create: {stakeholder_kind: other}}}
""")
    with GraphStore(None) as store, pytest.raises(InvalidInput) as caught:
        ingest(table, store, mapping=mapping)
    assert [(p.row, p.column, p.message) for p in caught.value.problems] == [
        (4, "Alku", "'3/2015' is not a date in the declared format '%d.%m.%Y' or '%Y-%m-%d'")]
