"""Kumu: export the graph as a Kumu project and spreadsheet, import it back unchanged, bad projects."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest

from graph_model.store import GraphStore
from ingest.kumu import import_kumu
from ingest.problems import InvalidInput
from queries.kumu_export import MAP_RELATIONS, kumu_project, write_kumu_workbook
from queries.projection import load_graph


def _write_json(doc, path):
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _write_csv_folder(doc, folder):
    """Kumu's two-CSV form, from the workbook the exporter writes."""
    book = openpyxl.load_workbook(write_kumu_workbook(doc, folder.parent / "via.xlsx"))
    folder.mkdir()
    for name in ("Elements", "Connections"):
        with (folder / f"{name.lower()}.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([["" if v is None else v for v in row]
                                          for row in book[name].iter_rows(values_only=True)])
    return folder


@pytest.mark.parametrize("write", [_write_json, write_kumu_workbook, _write_csv_folder],
                         ids=["json", "xlsx", "csv-folder"])
def test_round_trip_through_kumu(example_store, tmp_path, write):
    doc = kumu_project(example_store)
    path = write(doc, tmp_path / ("map.xlsx" if write is write_kumu_workbook else "map"))
    with GraphStore(tmp_path / "b.db") as again:
        import_kumu(path, again)
        before, after = load_graph(example_store, cache=False), load_graph(again, cache=False)
    assert after.types == before.types
    assert after.labels == before.labels and after.descriptions == before.descriptions
    assert {i: {k: v for k, v in p.items()} for i, p in after.props.items()} == before.props
    assert dict(after.edges) == dict(before.edges)


def test_spreadsheet_has_kumus_sheets(example_store, tmp_path):
    doc = kumu_project(example_store, types=["Project", "Unit", "Sector"])
    book = openpyxl.load_workbook(write_kumu_workbook(doc, tmp_path / "map.xlsx"))
    elements, connections = book["Elements"], book["Connections"]
    assert [c.value for c in elements[1]][:3] == ["ID", "Label", "Type"]
    assert [c.value for c in connections[1]] == ["From", "To", "Type", "Direction"]
    assert elements.max_row - 1 == len(doc["elements"]) and connections.max_row - 1 == len(doc["connections"])
    assert {row[2] for row in connections.iter_rows(min_row=2, values_only=True)} <= {"led_by", "has_partner", "part_of"}


def test_a_drawn_map_with_its_own_types(store, tmp_path):
    doc = {"elements": [{"_id": "a", "attributes": {"label": "Ilmastohanke", "element type": "Hanke", "tags": ["x"]}},
                        {"_id": "b", "attributes": {"label": "Yliopisto", "element type": "Organisation",
                                                    "stakeholder_kind": "university"}},
                        {"_id": "c", "attributes": {"label": "Ympäristö", "element type": "toimiala"}}],
           "connections": [{"_id": "1", "from": "c", "to": "a", "direction": "undirected",
                            "attributes": {"connection type": "led_by"}},
                           {"_id": "2", "from": "a", "to": "b", "direction": "directed",
                            "attributes": {"connection type": "has_partner"}}],
           "maps": [{"name": "main"}]}
    path = tmp_path / "drawn.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    _, parsed, account = import_kumu(path, store, types={"Hanke": "Project", "Organisation": "Stakeholder"})
    assert sorted((e.source, e.relation, e.target) for e in parsed.edges if e.relation not in MAP_RELATIONS) == [
        ("KUMU-a", "has_partner", "KUMU-b"), ("KUMU-a", "led_by", "KUMU-c")]
    assert account.unbalanced() == {} and account.as_dict()["maps"]["stored"] == 1
    graph = load_graph(store, cache=False)
    assert json.loads(graph.props["KUMU-a"]["map_attributes"]) == {"tags": ["x"], "kumu element type": "Hanke"}


def test_bad_project_reports_json_paths(store, tmp_path):
    doc = {"elements": [{"_id": "a", "attributes": {"label": "A", "element type": "Projekt"}},
                        {"_id": "b", "attributes": {"label": "B", "element type": "FundingSource", "funding_kind": "lots"}},
                        {"_id": "b", "attributes": {"label": "B again", "element type": "Sector"}}],
           "connections": [{"from": "b", "to": "zzz", "attributes": {"connection type": "part_of"}},
                           {"from": "yyy", "to": "xxx", "attributes": {"connection type": "+"}},
                           {"from": "a", "to": "a", "attributes": {"connection type": "partt_of"}}]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        import_kumu(path, store)
    assert sorted(p.column for p in caught.value.problems) == [
        "connections[0].to", "connections[1].from", "elements[1].attributes.funding_kind", "elements[2]._id"]
    assert store.sources() == []


def _workbook(path, elements, connections):
    book = openpyxl.Workbook()
    book.active.title = "Elements"
    for row in elements:
        book["Elements"].append(row)
    sheet = book.create_sheet("Connections")
    for row in connections:
        sheet.append(row)
    book.save(path)
    return path


def test_a_drawn_spreadsheet_without_ids(store, tmp_path):
    path = _workbook(tmp_path / "drawn.xlsx",
                     [["Label", "Type", "Tags", "stakeholder_kind"], ["Ilmastohanke", "Hanke", "x|y", None],
                      ["Lapin yliopisto", "Organisation", None, "university"], ["Ympäristö", "toimiala", None, None]],
                     [["From", "To", "Type", "Direction"], ["Ympäristö", "Ilmastohanke", "led_by", "undirected"],
                      ["Ilmastohanke", "Lapin yliopisto", "has_partner", None]])
    _, parsed, account = import_kumu(path, store, types={"Hanke": "Project", "Organisation": "Stakeholder"})
    assert sorted((e.source, e.relation, e.target) for e in parsed.edges if e.relation not in MAP_RELATIONS) == [
        ("KUMU-Ilmastohanke", "has_partner", "KUMU-Lapin-yliopisto"), ("KUMU-Ilmastohanke", "led_by", "KUMU-Ympäristö")]
    assert parsed.entities["KUMU-Ilmastohanke"].where == "Elements!2"
    assert load_graph(store, cache=False).props["KUMU-Lapin-yliopisto"]["stakeholder_kind"] == "university"
    assert account.unbalanced() == {}


def test_bad_spreadsheet_reports_sheet_row_column(store, tmp_path):
    path = _workbook(tmp_path / "bad.xlsx",
                     [["ID", "Label", "Type", "funding_kind"], ["A", "A", "Projekt", None], ["B", "B", "Sector", None],
                      ["B", "B again", "Sector", None], ["C", "C", "FundingSource", "lots"]],
                     [["From", "To", "Type"], ["B", "zzz", "part_of"], ["yyy", "B", "part_of"],
                      ["B", "B", "partt_of"]])
    with pytest.raises(InvalidInput) as caught:
        import_kumu(path, store)
    assert {(p.file, p.sheet, p.row, p.column) for p in caught.value.problems} == {
        ("bad.xlsx", "Elements", 4, "ID"), ("bad.xlsx", "Elements", 5, "funding_kind"),
        ("bad.xlsx", "Connections", 2, "To"), ("bad.xlsx", "Connections", 3, "From")}
    assert "no element 'zzz'" in str(caught.value)
    assert store.sources() == []


def test_a_workbook_without_elements_is_refused(store, tmp_path):
    path = _workbook(tmp_path / "other.xlsx", [["Label"], ["x"]], [["From", "To"], ["x", "x"]])
    openpyxl_book = openpyxl.load_workbook(path)
    openpyxl_book["Elements"].title = "Nodes"
    openpyxl_book.save(path)
    with pytest.raises(InvalidInput, match="has no Elements sheet"):
        import_kumu(path, store)
    assert store.sources() == []
