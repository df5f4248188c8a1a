"""Spreadsheets read as they are (issue 23): stale xlsx dimensions, strict decoding, rows numbered by
record, and bounded cells and messages. Each test failed before its fix."""

from __future__ import annotations

import re
import zipfile

import pytest
from click.testing import CliRunner

from ingest.pipeline import ingest
from ingest.problems import InvalidInput, Problem
from ingest.tables import read_tables
from stratgraph.cli import cli


def _problems(path, store, **kwargs):
    with pytest.raises(InvalidInput) as caught:
        ingest(path, store, **kwargs)
    assert store.sources() == [], "nothing may be stored after an error"
    return caught.value.problems


def _with_stale_dimension(path):
    """Rewrite every sheet's <dimension ref=...> to A1:B1, as real exports leave it."""
    with zipfile.ZipFile(path) as src:
        members = {m.filename: src.read(m) for m in src.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            if name.startswith("xl/worksheets/sheet"):
                data = re.sub(rb"<dimension ref=\"[^\"]*\" ?/>", b'<dimension ref="A1:B1"/>', data)
            out.writestr(name, data)


def test_a_stale_dimension_does_not_hide_rows(tmp_path, store):
    from openpyxl import Workbook

    path = tmp_path / "city.xlsx"
    book = Workbook()
    book.active.title = "sectors"
    for row in (["id", "label_fi", "label_en"], ["SEC-A", "Sivistys", "Education"], ["SEC-B", "Tekninen", "Tech"],
                ["SEC-C", "Konserni", "Group"]):
        book.active.append(row)
    book.save(path)
    _with_stale_dimension(path)
    assert b'<dimension ref="A1:B1"/>' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    [table] = read_tables(path)
    assert table.header == ["id", "label_fi", "label_en"]
    assert [cells for _, cells in table.rows] == [["SEC-A", "Sivistys", "Education"], ["SEC-B", "Tekninen", "Tech"],
                                                  ["SEC-C", "Konserni", "Group"]]
    report = ingest(path, store, dry_run=True)
    assert report.by_type == {"Sector": 3}


@pytest.mark.parametrize("bad", [b"\x81\x8d\x90", b"\x90"])
def test_invalid_utf8_is_an_error_with_row_and_offset(tmp_path, store, bad):
    folder = tmp_path / "in"
    folder.mkdir()
    data = b"id;label_fi\nSEC-A;Sivistys\nSEC-B;Toimiala " + bad + b" \xff\xfe\n"
    (folder / "sectors.csv").write_bytes(data)
    [problem] = _problems(folder, store)
    assert (problem.file, problem.row) == ("sectors.csv", 3)
    assert f"offset {data.index(bad)}" in problem.message and "--encoding" in problem.message


def test_mixed_utf8_and_windows_1252_is_an_error(tmp_path, store):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "sectors.csv").write_bytes("id;label_fi\nSEC-A;Ympäristö\n".encode() + "SEC-B;Työ\n".encode("cp1252"))
    [problem] = _problems(folder, store)
    assert problem.row == 3 and "mixes encodings" in problem.message


def test_a_whole_windows_1252_file_still_reads(tmp_path, store):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "sectors.csv").write_bytes("id;label_fi\nSEC-A;Ympäristö\n".encode("cp1252"))
    assert ingest(folder, store).by_type == {"Sector": 1}


def test_a_declared_encoding_is_used(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "sectors.csv").write_bytes("id;label_fi\nSEC-A;Åbo ÿ \x81\n".encode("latin-1"))
    db = tmp_path / "x.db"
    refused = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(folder), "-q"])
    assert refused.exit_code == 1 and "offset" in refused.output
    stored = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(folder), "-q", "--encoding", "latin-1"])
    assert stored.exit_code == 0, stored.output


def test_rows_are_numbered_by_record_not_by_line(tmp_path, store):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "sectors.csv").write_text('id;label_fi;description_fi\nSEC-A;Sivistys;"one\ntwo\nthree"\n'
                                        'bad id!;Tekninen;x\n', encoding="utf-8")
    problems = _problems(folder, store)
    assert {p.row for p in problems} == {3}, [str(p) for p in problems]


def test_a_quote_never_closed_is_an_error_naming_its_row_not_a_swallowed_row(tmp_path, store):
    """csv reads an unclosed quote to the end of the file as one cell: the rows after it would vanish."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "sectors.csv").write_text('id;label_fi\nSEC-A;Sivistys\nSEC-B;"Tekninen\nSEC-C;Kulttuuri\n',
                                        encoding="utf-8")
    problems = _problems(folder, store)
    assert [(p.row, "never closed" in p.message) for p in problems] == [(3, True)], [str(p) for p in problems]


def test_a_fifty_megabyte_line_is_refused_briefly(tmp_path, store):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "sectors.csv").write_bytes(b"id;label_fi\nSEC-A;" + b"x" * 50_000_000 + b"\n")
    [problem] = _problems(folder, store)
    assert problem.row == 2 and "STRATGRAPH_MAX_CELL_KB" in problem.message
    assert len(str(problem)) < 600


def test_messages_never_echo_more_than_a_few_hundred_characters():
    problem = Problem("x.csv", "sheet", 2, "c" * 10_000, "unknown id " + "y" * 100_000)
    assert len(str(problem)) < 1_000
    assert "more characters not shown" in problem.message
