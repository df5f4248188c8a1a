"""Read a workbook (.xlsx), a CSV file or a folder of CSV files into plain tables of text cells.

CSV files are UTF-8 (with or without BOM), decoded strictly: a byte that is not UTF-8 is an error
naming the file, the row and the byte offset, unless the whole file reads as Windows-1252 (Excel's
"ANSI" CSV) with no byte that Windows-1252 leaves undefined and no UTF-8 sequence in it (a mixed file
is an error too), or an ``encoding`` is declared. They are delimited by ``;``, ``,`` or tab (the
delimiter is detected from the header line). Rows are numbered as a spreadsheet numbers them: by
record, so a quoted cell that spans lines does not shift the rows after it. Cells come back as stripped text; xlsx dates become ISO
dates and whole floats lose their ``.0``. Nothing here knows the schema: see :mod:`ingest.records`.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "units.csv").write_bytes("id;label_fi\\nU1;Ympäristö\\n".encode("cp1252"))
>>> [(t.sheet, t.header, t.rows) for t in read_tables(folder)]
[('units', ['id', 'label_fi'], [(2, ['U1', 'Ympäristö'])])]
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.limits import check_cell_size, check_file_size, check_xlsx_archive, max_cell_chars
from ingest.problems import InvalidInput, Problem

__all__ = ["Table", "read_tables", "iter_tables", "decode_text", "detect_delimiter", "TABULAR_SUFFIXES"]

TABULAR_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")
_DELIMITERS = (";", ",", "\t")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


@dataclass
class Table:
    """One sheet: ``rows`` holds (spreadsheet row number, cells); the header is row 1."""

    file: str
    sheet: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def decode_text(data: bytes, file: str, encoding: str | None = None) -> str:
    """Decode CSV bytes strictly: UTF-8 (BOM or not), else a whole Windows-1252 file; refuse the rest.

    With ``encoding`` the bytes are read as that encoding, strictly. A byte that does not decode is
    an error with the row and the byte offset; binary content is refused.

    >>> decode_text("ä".encode("cp1252"), "x.csv"), decode_text("\\ufeffä".encode(), "x.csv")
    ('ä', 'ä')
    >>> try:
    ...     decode_text(b"id;label\\nS1;Toimiala \\x81\\x8d\\x90", "s.csv")
    ... except InvalidInput as refused:
    ...     print(refused.problems[0])
    s.csv, row 2: byte 0x81 at offset 21 is not UTF-8, nor Windows-1252; save the file as UTF-8, or give its encoding (--encoding)
    """
    if b"\x00" in data[:65536] or data[:8].startswith(b"\x89PNG") or data[:4] == b"PK\x03\x04":
        raise InvalidInput([Problem(file, message="is not a text (CSV) file: it holds binary data")])
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError as exc:
            raise InvalidInput([Problem(file, message=f"unknown encoding {encoding!r}")]) from exc
        except UnicodeDecodeError as exc:
            raise _undecodable(data, file, exc, f"is not {encoding}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        if _UTF8_MULTIBYTE.search(data):  # UTF-8 and something else mixed: no single reading is right
            raise _undecodable(data, file, utf8_error, "is not UTF-8, although the file has UTF-8 text;"
                               " the file mixes encodings") from utf8_error
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise _undecodable(data, file, utf8_error, "is not UTF-8, nor Windows-1252") from utf8_error


def _undecodable(data: bytes, file: str, exc: UnicodeDecodeError, what: str) -> InvalidInput:
    row = data.count(b"\n", 0, exc.start) + 1
    return InvalidInput([Problem(file, row=row, message=f"byte 0x{data[exc.start]:02x} at offset {exc.start} "
                                                        f"{what}; save the file as UTF-8, or give its encoding (--encoding)")])


def detect_delimiter(header_line: str) -> str:
    """The delimiter among ``;``, ``,`` and tab that splits the header line most.

    >>> detect_delimiter("id;label_fi;budget"), detect_delimiter("id,label"), detect_delimiter("id\\tx")
    (';', ',', '\\t')
    """
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path, label: str, encoding: str | None = None) -> Table:
    check_file_size(path, label)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput([Problem(label, message=f"cannot be read: {exc.strerror}")]) from exc
    return _read_csv_text(data, label, path.stem, encoding)


def _read_csv_text(data: bytes, label: str, sheet: str, encoding: str | None = None) -> Table:
    text = decode_text(data, label, encoding)
    if not text or text.isspace():  # (no stripped copy of a big file)
        raise InvalidInput([Problem(label, message="is empty: expected a header row and data rows")])
    start = 0
    while text[start] in "\r\n":  # the text holds more than line breaks (checked above)
        start += 1
    end = text.find("\n", start, start + 65536)  # the header line, looked at no further than 64 K
    first_line = text[start:end if end >= 0 else start + 65536]
    # strict: a quote left open at the end, or text after a closing quote, is an error, not a row
    reader = csv.reader(_lines(text, label), delimiter=detect_delimiter(first_line), strict=True)
    rows = []
    number = 0
    limit = max_cell_chars()
    old_limit = csv.field_size_limit(limit)
    try:
        for number, record in enumerate(reader, start=1):  # a record is a row, whatever lines it spans
            rows.append((number, [cell.strip() for cell in record]))
    except csv.Error as exc:
        detail = str(exc)
        if "field larger than field limit" in detail:
            raise InvalidInput([Problem(label, row=number + 1, rule="cell-too-large", message=(
                f"a cell is longer than the limit of {limit:,} characters (STRATGRAPH_MAX_CELL_KB); "
                "is it a file of another kind, or a missing closing quote?"))]) from exc
        if "unexpected end of data" in detail:
            detail = "a quote opens a cell here and is never closed (a missing closing quote?)"
        raise InvalidInput([Problem(label, row=number + 1, message=f"is not valid CSV: {detail}")]) from exc
    finally:
        csv.field_size_limit(old_limit)
    return _table(label, sheet, rows)


def _lines(text: str, label: str) -> Iterator[str]:
    """The lines of ``text`` one by one (no copy of the whole text), each bounded by the cell limit: a
    50 MB line is refused before csv splits it into millions of cells."""
    limit, at, line_no = max_cell_chars(), 0, 0
    while at < len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end + 1
        line_no += 1
        if end - at > limit:
            raise InvalidInput([Problem(label, row=line_no, rule="cell-too-large", message=(
                f"line {line_no} is {end - at:,} characters, more than the limit of {limit:,} "
                "(STRATGRAPH_MAX_CELL_KB); is it a file of another kind?"))])
        yield text[at:end]
        at = end


def _table(file: str, sheet: str, numbered: list[tuple[int, list[str]]]) -> Table:
    numbered = [(n, cells) for n, cells in numbered if any(cells)]
    if not numbered:
        raise InvalidInput([Problem(file, sheet, message="is empty: expected a header row and data rows")])
    header_row, header = numbered[0]
    # Renumber so that the header is row 1 and row numbers match what a spreadsheet shows.
    offset = header_row - 1
    return Table(file, sheet, header, [(n - offset, cells) for n, cells in numbered[1:]])


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(path: Path, label: str, skip_sheets: frozenset[str]) -> list[Table]:
    import openpyxl

    check_file_size(path, label)
    check_xlsx_archive(path, label)  # a zip bomb is refused before a sheet is inflated
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise InvalidInput([Problem(label, message=f"is not a readable .xlsx workbook ({type(exc).__name__}:"
                                                   f" {exc}); is it truncated or of another format?")]) from exc
    tables = []
    try:
        for sheet in book.worksheets:
            if sheet.title.strip().lower() in skip_sheets:
                continue
            sheet.reset_dimensions()  # real exports leave a stale <dimension ref="A1:B1"/>: read every row
            rows = []
            for i, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(v) for v in values]
                check_cell_size(cells, label, sheet.title, i)
                rows.append((i, cells))
            if any(any(cells) for _, cells in rows):
                tables.append(_table(label, sheet.title, rows))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise InvalidInput([Problem(label, message=f"is not a readable .xlsx workbook ({exc})")]) from exc
    finally:
        book.close()
    return tables


def read_tables(path: Path, skip_sheets: frozenset[str] = frozenset(), encoding: str | None = None) -> list[Table]:
    """Read a .xlsx workbook, one CSV file or every CSV file of a folder.

    Problems of several files are gathered before raising :class:`~ingest.problems.InvalidInput`.
    Sheets named in ``skip_sheets`` (lower case) are ignored, e.g. the template's help sheet.
    """
    problems: list[Problem] = []
    tables = list(iter_tables(path, problems, skip_sheets, encoding))
    if problems:
        raise InvalidInput(problems)
    return tables


def iter_tables(path: Path, problems: list[Problem], skip_sheets: frozenset[str] = frozenset(),
                encoding: str | None = None) -> Iterator[Table]:
    """Like :func:`read_tables`, one table at a time (so a big input is never all in memory);
    problems of unreadable files are appended to ``problems`` instead of raised."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in TABULAR_SUFFIXES and p.is_file())
        if not files:
            raise InvalidInput([Problem(str(path), message="holds no .csv or .xlsx files")])
    elif path.exists():
        files = [path]
    else:
        raise InvalidInput([Problem(str(path), message="does not exist")])
    for file in files:
        label = file.name if path.is_dir() else str(file)
        try:
            if file.suffix.lower() == ".xlsx":
                yield from _read_xlsx(file, label, skip_sheets)
            elif file.stem.lower() not in skip_sheets:
                yield _read_csv(file, label, encoding)
        except InvalidInput as exc:
            problems += exc.problems
