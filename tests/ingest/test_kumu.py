"""Kumu: export the graph as a Kumu project and spreadsheet, import it back unchanged, bad projects."""

from __future__ import annotations

import csv
import json
from pathlib import Path

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


# -- any Kumu project, whole (issue 20) ---------------------------------------------------------------

KUMU_DATA = Path(__file__).resolve().parents[1] / "data" / "kumu"
PROJECTS = sorted(KUMU_DATA.glob("*.json"))


def _comparable(doc: dict) -> dict:
    """A project by labels, not ids: elements, connections (their ends' labels), loops and views."""
    label = {e["_id"]: e["attributes"].get("label") or f"({e['attributes'].get('element type')})"
             for e in doc["elements"]}
    conn_key = {}
    for c in doc["connections"]:
        a = {k: v for k, v in c["attributes"].items() if v is not None}
        conn_key[c["_id"]] = (label[c["from"]], label[c["to"]], json.dumps(a, sort_keys=True), c.get("direction") or "",
                              bool(c.get("delayed")))

    def element(e):
        a = {k: v for k, v in e["attributes"].items() if k != "id" and v not in (None, "")}
        return json.dumps(a, sort_keys=True, ensure_ascii=False)

    def loop(lp):
        a = {k: v for k, v in lp["attributes"].items()}
        return (json.dumps(a, sort_keys=True), tuple(label[m] for m in lp.get("elements", [])),
                tuple(conn_key[m] for m in lp.get("connections", [])), lp.get("polarity") or "")

    def view(v):
        refs = {"element": label, "connection": conn_key}
        items = {k: sorted(json.dumps({**i, "_id": None, **{r: refs[r].get(i[r], i[r]) for r in refs if r in i}},
                                      sort_keys=True, default=str) for i in v[k]) if isinstance(v.get(k), list) else v.get(k)
                 for k in v if k not in ("_id", "defaultPerspective", "loops")}
        return json.dumps(items, sort_keys=True, ensure_ascii=False)

    return {"name": doc.get("name"), "elements": sorted(element(e) for e in doc["elements"]),
            "connections": sorted(conn_key.values()), "loops": sorted(loop(lp) for lp in doc.get("loops", [])),
            "maps": sorted(view(v) for v in doc.get("maps", [])),
            "perspectives": sorted(view(v) for v in doc.get("perspectives", []))}


def _graph(store):
    g = load_graph(store, cache=False)
    return g.types, g.labels, g.descriptions, g.props, {r: sorted(p) for r, p in g.edges.items()}


@pytest.mark.parametrize("project", PROJECTS, ids=[p.stem for p in PROJECTS])
def test_import_export_import_gives_the_same_graph(project, tmp_path):
    with GraphStore(tmp_path / "a.db") as first:
        _, _, account = import_kumu(project, first)
        exported = kumu_project(first)
        path = _write_json(exported, tmp_path / "exported.json")
        with GraphStore(tmp_path / "b.db") as second:
            import_kumu(path, second)
            assert _graph(second) == _graph(first)
            assert kumu_project(second) == exported  # a fixed point
    assert account.unbalanced() == {}
    assert _comparable(exported) == _comparable(json.loads(project.read_text(encoding="utf-8")))


def test_the_changelabs_template_goes_in_whole(store):
    _, parsed, account = import_kumu(KUMU_DATA / "kumu-changelabs-template.json", store)
    counts = {kind: (entry["read"], entry["stored"]) for kind, entry in account.as_dict().items()}
    assert counts == {"elements": (10, 10), "connections": (11, 11), "loops": (0, 0), "maps": (2, 2),
                      "perspectives": (2, 2), "element types": (6, 6), "connection types": (2, 2),
                      "attribute definitions": (25, 25)}
    graph = load_graph(store, cache=False)
    kinds = {graph.label(t, "fi") for t in graph.ids_of("MapType")}
    assert kinds == {"Interviewee", "Stakeholder", "Phenomenon", "Desired Outcome", "Current Outcome", "Resource",
                     "+", "-"}
    untyped = [c for c in graph.ids_of("MapConnection") if not graph.targets(c, "map_type")]
    assert len(untyped) == 6
    assert {graph.props[c].get("polarity") for c in graph.ids_of("MapConnection")} == {None, "+", "-"}
    assert json.loads(graph.props["KUMU-conn-3FYGqEnD"]["map_attributes"]) == {"value flows": "Funding",
                                                                               "power score": "8"}
    assert store.sources()[0].account == account.as_dict()  # the account is in the provenance


def test_loops_keep_members_and_polarity(store):
    import_kumu(KUMU_DATA / "system-map-loops.json", store)
    graph = load_graph(store, cache=False)
    b1 = graph.props["KUMU-loop-b1"]
    assert b1["polarity"] == "B" and graph.label(graph.targets("KUMU-loop-b1", "map_type")[0]) == "B"
    assert json.loads(b1["map_data"])["elements"] == ["KUMU-elem-energy", "KUMU-elem-emissions", "KUMU-elem-awareness"]
    assert set(graph.targets("KUMU-loop-b1", "loop_member")) == {
        "KUMU-elem-energy", "KUMU-elem-emissions", "KUMU-elem-awareness", "KUMU-conn-1", "KUMU-conn-2", "KUMU-conn-3"}
    assert graph.props["KUMU-loop-r1"]["polarity"] == "+"
    polarities = {graph.props[c].get("polarity") for c in graph.ids_of("MapConnection")}
    assert polarities == {"+", "-", "++", "+-", None}
    assert graph.props["KUMU-conn-7"]["connection_direction"] == "undirected"
    assert graph.props["KUMU-conn-8"]["connection_direction"] == "mutual"
    assert json.loads(graph.props["KUMU-elem-energy"]["map_attributes"]) == {"tags": ["energia", "ilmasto"], "weight": 3}


def test_type_mapping_turns_kumu_types_into_ours(store):
    _, parsed, account = import_kumu(KUMU_DATA / "kumu-changelabs-template.json", store,
                                     types={"Interviewee": "Person", "Stakeholder": "Stakeholder:company"})
    graph = load_graph(store, cache=False)
    assert {graph.label(i) for i in graph.ids_of("Person")} == {"Interviewee A", "Interviewee B", "Interviewee C"}
    assert {graph.props[i]["stakeholder_kind"] for i in graph.ids_of("Stakeholder")} == {"company"}
    assert account.as_dict()["connections"]["stored"] == 11  # none lost after mapping
    ends = {e for c in graph.ids_of("MapConnection") for e in graph.targets(c, "connects_from")}
    assert "KUMU-elem-t6jAKYZc" in ends and graph.types["KUMU-elem-t6jAKYZc"] == "Person"


def test_a_missing_element_is_reported_once_with_its_json_path(store, tmp_path):
    doc = json.loads((KUMU_DATA / "system-map-loops.json").read_text(encoding="utf-8"))
    doc["connections"].append({"_id": "conn-x", "from": "elem-gone", "to": "elem-gone", "attributes": {}})
    path = _write_json(doc, tmp_path / "dangling.json")
    with pytest.raises(InvalidInput) as caught:
        import_kumu(path, store)
    assert [(p.column, p.message) for p in caught.value.problems] == [("connections[10].from", "no element 'elem-gone'")]
    assert store.sources() == []


def test_import_kumu_prints_its_account(tmp_path):
    from click.testing import CliRunner

    from stratgraph.cli import cli

    db = str(tmp_path / "cli.db")
    project = str(KUMU_DATA / "system-map-loops.json")
    printed = CliRunner().invoke(cli, ["--db", db, "import-kumu", project])
    assert printed.exit_code == 0, printed.output
    assert "loops: read 2, stored 2, not kept 0" in printed.output
    as_json = CliRunner().invoke(cli, ["--db", db, "import-kumu", project, "--format", "json"])
    assert json.loads(as_json.output)[0]["account"]["connections"] == {"read": 10, "stored": 10, "not_kept": {}}


def test_the_spreadsheet_keeps_elements_and_connections_with_their_attributes(tmp_path):
    with GraphStore(tmp_path / "a.db") as first:
        import_kumu(KUMU_DATA / "system-map-loops.json", first)
        exported = kumu_project(first)
        book = write_kumu_workbook(exported, tmp_path / "map.xlsx")
        with GraphStore(tmp_path / "b.db") as second:
            _, _, account = import_kumu(book, second)
            again = kumu_project(second)
    assert account.unbalanced() == {}

    def text(attrs):  # a sheet's cells are text: numbers come back as their digits
        return json.dumps({k: v if isinstance(v, list) else str(v) for k, v in attrs.items()
                           if k != "id" and v not in (None, "")}, sort_keys=True)

    def drawn(doc):
        label = {e["_id"]: e["attributes"].get("label", "") for e in doc["elements"]}
        elements = sorted(text(e["attributes"]) for e in doc["elements"])
        connections = sorted((label[c["from"]], label[c["to"]], c.get("direction", ""), text(c["attributes"]))
                             for c in doc["connections"])
        return elements, connections

    assert drawn(again) == drawn(exported)


@pytest.mark.parametrize("loop", [
    {"_id": "loop-x", "name": "R2 Kustannus", "polarity": "-", "members": ["elem-energy", "elem-cost"]},
    {"_id": "loop-x", "attributes": {"label": "R2 Kustannus", "loop type": "-"},
     "elements": [{"element": "elem-energy"}, {"element": "elem-cost"}]},
    {"_id": "loop-x", "attributes": {"label": "R2 Kustannus"}, "polarity": "-", "connections": ["conn-5", "conn-6"]}],
    ids=["members-with-name", "element-objects", "connections"])
def test_loops_in_other_shapes_keep_their_members(loop, store, tmp_path):
    doc = json.loads((KUMU_DATA / "system-map-loops.json").read_text(encoding="utf-8"))
    doc["loops"] = [loop]
    path = _write_json(doc, tmp_path / "loop.json")
    _, _, account = import_kumu(path, store)
    graph = load_graph(store, cache=False)
    members = set(graph.targets("KUMU-loop-x", "loop_member"))
    assert members in ({"KUMU-elem-energy", "KUMU-elem-cost"}, {"KUMU-conn-5", "KUMU-conn-6"})
    assert graph.label("KUMU-loop-x") == "R2 Kustannus" and graph.props["KUMU-loop-x"]["polarity"] == "-"
    assert account.as_dict()["loops"] == {"read": 1, "stored": 1, "not_kept": {}}
    again = _write_json(kumu_project(store), tmp_path / "again.json")
    with GraphStore(tmp_path / "again.db") as second:
        import_kumu(again, second)
        assert _graph(second) == _graph(store)


def test_a_type_mapping_that_cannot_apply_is_reported(store):
    with pytest.raises(InvalidInput) as caught:
        import_kumu(KUMU_DATA / "kumu-changelabs-template.json", store,
                    types={"interviewee": "Persn", "Resource": "Person:company"})
    messages = {p.message for p in caught.value.problems}
    assert "--type Interviewee=Persn: no node type 'Persn'; did you mean 'Person'?" in messages
    assert "--type Resource=Person:company: Person has no kind to set" in messages
    assert len(caught.value.problems) == 4 and store.sources() == []  # three interviewees, one resource


def test_odd_shapes_are_reported_with_their_json_paths(store, tmp_path):
    doc = {"elements": [{"_id": "a", "attributes": ["x"]}, 5, {"_id": "b", "attributes": {"label": "B"}}],
           "connections": [{"_id": "c", "from": "a", "to": "b", "attributes": {}},
                           {"_id": "d", "from": "b", "to": "b", "attributes": "x"}],
           "loops": ["x"], "maps": [3]}
    with pytest.raises(InvalidInput) as caught:
        import_kumu(_write_json(doc, tmp_path / "odd.json"), store)
    assert sorted(p.column for p in caught.value.problems) == [
        "connections[1].attributes", "elements[0].attributes", "elements[1]", "loops[0]", "maps[0]"]
    assert store.sources() == []
