"""Bad input gets every problem at once, located, and stores nothing."""

from __future__ import annotations

import zipfile

import pytest

from ingest.pipeline import ingest
from ingest.problems import InvalidInput


def problems_of(path, store):
    with pytest.raises(InvalidInput) as caught:
        ingest(path, store)
    assert store.sources() == [], "nothing may be stored after an error"
    return caught.value.problems


def test_good_input_lands(make_input, store):
    report = ingest(make_input(), store)
    assert report.status == "stored"
    assert report.by_type == {"GoverningBody": 1, "Project": 2, "Sector": 2, "Unit": 3}


def test_empty_file(make_input, store):
    folder = make_input()
    (folder / "themes.csv").write_bytes(b"")
    [problem] = problems_of(folder, store)
    assert problem.file == "themes.csv" and "empty" in problem.message


def test_png_renamed_csv(make_input, store):
    folder = make_input()
    (folder / "themes.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    [problem] = problems_of(folder, store)
    assert problem.file == "themes.csv" and "binary" in problem.message


def test_truncated_xlsx(tmp_path, store):
    from ingest.template import write_template

    book = write_template(tmp_path / "t.xlsx")[0]
    data = book.read_bytes()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(data[: len(data) // 2])
    [problem] = problems_of(broken, store)
    assert "not a readable .xlsx" in problem.message
    assert zipfile.is_zipfile(book)


def test_unknown_sheet_suggests_closest(make_input, store):
    folder = make_input({"projekts": [["id", "label_fi"], ["X", "x"]]})
    [problem] = problems_of(folder, store)
    assert problem.sheet == "projekts" and "did you mean 'projects'" in problem.message


def test_all_problems_of_a_file_at_once(make_input, store):
    folder = make_input({"projects": [
        ["id", "label_fi", "status", "budget", "start_date", "led_by", "has_partner"],
        ["P1", "Hanke 1", "ongoingg", "12x", "32.13.2024", "U1", "U9"],
        ["P1", "Kopio", "ongoing", "", "", "U1", ""],
        ["P3", "", "ongoing", "", "", "", ""],
    ]})
    found = {(p.row, p.column, p.rule) for p in problems_of(folder, store)}
    assert {(2, "status", "bad-enum"), (2, "budget", "bad-decimal"), (2, "start_date", "bad-date"),
            (2, "has_partner", "unknown-reference"), (3, "id", "duplicate-id"),
            (4, "label_fi / label_en", "missing-value"), (4, "led_by", "min-count")} <= found


def test_dangling_reference_suggests_closest_id(make_input, store):
    folder = make_input({"units": [["id", "label_fi", "part_of"], ["U1", "Yksikkö", "SEC-AA"]]})
    problems = problems_of(folder, store)
    dangling = [p for p in problems if p.rule == "unknown-reference" and p.file == "units.csv"]
    assert dangling and dangling[0].row == 2 and dangling[0].column == "part_of"
    assert "did you mean 'SEC-A'" in dangling[0].message


@pytest.mark.parametrize("units, cycle", [
    ([["U1", "a", "U1"]], "'U1' is part of itself"),
    ([["U1", "a", "U2"], ["U2", "b", "U3"], ["U3", "c", "U1"]], "is in a cycle"),
])
def test_unit_part_of_itself(make_input, store, units, cycle):
    folder = make_input({"units": [["id", "label_fi", "part_of"], *units], "projects": None, "relationships": None})
    problems = [p for p in problems_of(folder, store) if p.rule == "cycle"]
    assert len(problems) == 1 and cycle in problems[0].message


def test_wrong_endpoint_type(make_input, store):
    folder = make_input({"relationships": [["source_id", "relation", "target_id"], ["P1", "has_member", "U1"],
                                           ["B1", "has_member", "P2"]]})
    problems = [p for p in problems_of(folder, store) if p.rule == "wrong-type"]
    assert {p.row for p in problems} == {2, 3}
    assert "'P2' is a Project" in problems[1].message


def test_ten_megabyte_cell(make_input, store):
    big = "x" * 10_000_000
    folder = make_input({"sectors": [["id", "label_fi", "description_fi"], ["SEC-A", "A", big], ["SEC-B", "B", ""]]})
    [problem] = problems_of(folder, store)
    assert (problem.row, problem.column, problem.rule) == (2, "description_fi", "cell-too-large")


def test_unknown_column_suggests_closest(make_input, store):
    folder = make_input({"sectors": [["id", "label_fii"], ["SEC-A", "A"], ["SEC-B", "B"]]})
    problems = problems_of(folder, store)
    assert any(p.column == "label_fii" and "did you mean 'label_fi'" in p.message for p in problems)


def test_error_leaves_existing_store_unchanged(make_input, store):
    good = make_input()
    ingest(good, store, source="city")
    before = store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")[1]
    bad = make_input({"units": [["id", "label_fi", "part_of"], ["U1", "a", "U1"]]})
    with pytest.raises(InvalidInput):
        ingest(bad, store, source="city")
    assert sorted(map(tuple, store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")[1])) == sorted(map(tuple, before))
    assert [s.name for s in store.sources()] == ["city"]
