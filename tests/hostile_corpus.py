"""The hostile-input corpus: the small files kept in tests/data/hostile/ and the large ones made here.

Each entry is a name and a function that writes the input into a folder and returns the path to give
``stratgraph ingest``. Large files are generated (a 1 GB file is sparse; the zip bomb is deflated from a
stream), so nothing big is committed.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

HOSTILE = Path(__file__).parent / "data" / "hostile"

#: The committed files (see tests/data/hostile/README.md).
KEPT = sorted(p.name for p in HOSTILE.iterdir() if p.name != "README.md")


def workbook_with_sheet(path: Path, write_rows) -> Path:
    """A workbook whose one sheet ("sectors", header id/label_fi) gets its rows streamed by
    ``write_rows(stream)`` (raw ``<row>`` XML), so a big sheet is never held in memory."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "sectors"
    book.active.append(["id", "label_fi"])
    book.save(path)
    with zipfile.ZipFile(path) as src:
        members = {m.filename: src.read(m) for m in src.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    head, tail = members[sheet].split(b"</sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            if name != sheet:
                out.writestr(name, data)
        with out.open(sheet, "w", force_zip64=True) as stream:
            stream.write(head)
            write_rows(stream)
            stream.write(b"</sheetData>" + tail)
    return path


def xlsx_zip_bomb(folder: Path, megabytes: int = 300) -> Path:
    """A small workbook whose one sheet unpacks to ``megabytes`` MB (one cell of repeated text)."""
    def rows(stream) -> None:
        stream.write(b'<row r="2"><c r="A2" t="inlineStr"><is><t>')
        block = b"A" * (1 << 20)
        for _ in range(megabytes):
            stream.write(block)
        stream.write(b"</t></is></c></row>")
    return workbook_with_sheet(folder / "bomb.xlsx", rows)


def sparse_gigabyte(folder: Path) -> Path:
    """A 1 GB file that takes no disk space (sparse), named like a sheet."""
    path = folder / "big" / "sectors.csv"
    path.parent.mkdir()
    with path.open("wb") as handle:
        handle.truncate(1 << 30)
    return path.parent


def deep_json(folder: Path, depth: int = 200_000) -> Path:
    """JSON-LD nested ``depth`` levels deep."""
    path = folder / "deep.jsonld"
    path.write_text('{"@id": "http://example.org/a", "http://example.org/p": ' + "[" * depth + "]" * depth + "}")
    return path


def formula_workbook(folder: Path) -> Path:
    """A workbook whose cells are formulas (=HYPERLINK, =1+1) instead of values."""
    from openpyxl import Workbook

    path = folder / "formulas.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.title = "stakeholders"
    sheet.append(["id", "label_fi", "stakeholder_kind"])
    sheet.append(["SH-1", '=HYPERLINK("http://attacker.example/","x")', "company"])
    sheet.append(["=1+1", "=A2", "company"])
    book.save(path)
    return path


def directory_as_workbook(folder: Path) -> Path:
    """A folder named like a workbook."""
    path = folder / "city.xlsx"
    path.mkdir()
    return path


def directory_as_rdf(folder: Path) -> Path:
    """A folder named like a Turtle file, holding a folder named like a CSV file."""
    path = folder / "city.ttl"
    (path / "sectors.csv").mkdir(parents=True)
    return path


def missing_file(folder: Path) -> Path:
    """A path that does not exist (it vanished before the read)."""
    return folder / "gone" / "city.xlsx"


def broken_symlink(folder: Path) -> Path:
    """A folder whose sheet is a link to a file that is gone."""
    path = folder / "linked"
    path.mkdir()
    (path / "sectors.csv").symlink_to(folder / "no-such-file.csv")
    return path


GENERATED: dict[str, Callable[[Path], Path]] = {
    "xlsx-zip-bomb": xlsx_zip_bomb, "sparse-1gb": sparse_gigabyte, "deep-json": deep_json,
    "formula-workbook": formula_workbook, "directory-as-workbook": directory_as_workbook,
    "directory-as-rdf": directory_as_rdf, "missing-file": missing_file, "broken-symlink": broken_symlink,
}
