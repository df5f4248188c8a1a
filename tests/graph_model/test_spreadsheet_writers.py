"""Every CSV and xlsx writer goes through the one neutralising writer (graph_model/spreadsheet.py).

The writers are found by searching the code, so a new one is covered the day it is written (issue 23
item 8: ``export-kumu x.xlsx`` wrote 27 live formulas while every other output neutralised them).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from graph_model.spreadsheet import FORMULA_STARTS, _NUMBER
from graph_model.store import GraphStore
from ingest.kumu import import_kumu
from queries.kumu_export import kumu_project, write_kumu_workbook

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ontologies", "graph_model", "ingest", "queries", "visualize", "stratgraph")
THE_WRITER = ROOT / "graph_model" / "spreadsheet.py"
#: What opens a CSV or xlsx for writing without the neutralising writer.
WRITERS = re.compile(r"csv\.(writer|DictWriter)\s*\(|\bWorkbook\s*\(|xlsxwriter|\.to_csv\s*\(|\.to_excel\s*\("
                     r"|from\s+csv\s+import\s+[^\n]*\b(writer|DictWriter)\b")


def _sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def test_the_search_finds_writers():
    assert WRITERS.search('    book = openpyxl.Workbook()\n') and WRITERS.search("w = csv.writer(handle)")
    assert WRITERS.search("frame.to_excel(path)") and not WRITERS.search("csv.reader(handle)")
    assert WRITERS.search(THE_WRITER.read_text(encoding="utf-8"))  # the one writer itself is found


def test_every_writer_is_the_neutralising_one():
    found = {str(p.relative_to(ROOT)): m.group() for p in _sources() if p != THE_WRITER
             for m in [WRITERS.search(p.read_text(encoding="utf-8"))] if m}
    assert len(_sources()) > 50  # the search saw the code
    assert found == {}, f"write CSV and xlsx through graph_model.spreadsheet, not: {found}"


def _is_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value)


@pytest.mark.parametrize("label", ["=HYPERLINK(\"http://example.com\",\"x\")", "+1+1", "@SUM(A1)", "-cmd|' /C calc'!A0"])
def test_export_kumu_workbook_writes_no_formula(tmp_path, label):
    doc = {"name": "Hostile", "elements": [
        {"_id": "a", "attributes": {"label": label, "element type": "Phenomenon", "note": label}},
        {"_id": "b", "attributes": {"label": "B", "element type": label}}],
        "connections": [{"_id": "c", "from": "a", "to": "b", "attributes": {"connection type": label}}]}
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with GraphStore(tmp_path / "s.db") as store:
        import_kumu(path, store)
        out = write_kumu_workbook(kumu_project(store), tmp_path / "x.xlsx")
    book = openpyxl.load_workbook(out)
    cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]
    assert label in {c.value for c in cells}  # written as it is, as text
    assert all(c.data_type != "f" for c in cells)
    assert [c.value for c in cells if _is_formula(c.value) and c.data_type != "s"] == []
