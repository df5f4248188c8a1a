"""The one writer of spreadsheets: CSV and xlsx cells that a spreadsheet shows as text, never runs.

Every CSV and xlsx the project writes goes through :func:`csv_writer`, :func:`write_xlsx` or
:func:`write_workbook` (tests/graph_model/test_spreadsheet_writers.py finds writers by searching the code).

A value that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read as a
formula by Excel or LibreOffice (OWASP "CSV injection"): in CSV it gets a leading apostrophe, in xlsx it
is stored as a string cell. Plain numbers (``-3.5``) stay numbers.

>>> [safe_cell(v) for v in ("=HYPERLINK(\\"http://x\\")", "-3.5", "@SUM(A1)", "Hanke", 7)]
['\\'=HYPERLINK("http://x")', '-3.5', "'@SUM(A1)", 'Hanke', 7]
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

__all__ = ["FORMULA_STARTS", "safe_cell", "write_xlsx", "write_workbook", "csv_writer", "SafeCsvWriter"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def safe_cell(value: object) -> object:
    """``value`` as a spreadsheet shows it as text: strings that could start a formula get a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class SafeCsvWriter:
    """A ``csv.writer`` whose cells cannot start a formula (:func:`safe_cell`); a row holding a lone
    carriage return is quoted whole (csv leaves it unquoted)."""

    def __init__(self, handle, **kwargs):
        self._plain = csv.writer(handle, **kwargs)
        self._quoted = csv.writer(handle, **{**kwargs, "quoting": csv.QUOTE_ALL})

    def writerow(self, row: Iterable[object]) -> None:
        """Write one row, each cell neutralised."""
        cells = [safe_cell(cell) for cell in row]
        (self._quoted if any("\r" in str(c) for c in cells) else self._plain).writerow(cells)

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        """Write rows, each cell neutralised."""
        for row in rows:
            self.writerow(row)


def csv_writer(handle, **kwargs) -> SafeCsvWriter:
    """A CSV writer on ``handle`` (``csv.writer``'s options) that writes every cell as text, never a formula.

    >>> import io
    >>> out = io.StringIO()
    >>> csv_writer(out, lineterminator="\\n").writerow(["=1+1", "-2", "Hanke"])
    >>> out.getvalue()
    "'=1+1,-2,Hanke\\n"
    """
    return SafeCsvWriter(handle, **kwargs)


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], sheet: str = "rows") -> None:
    """Write ``rows`` (the first is the header) to a one-sheet workbook; every text is a string cell.

    >>> import tempfile, openpyxl
    >>> out = Path(tempfile.mkdtemp()) / "x.xlsx"
    >>> write_xlsx(out, [["name"], ["=1+1"]])
    >>> cell = openpyxl.load_workbook(out)["rows"]["A2"]
    >>> cell.value, cell.data_type
    ('=1+1', 's')
    """
    write_workbook(path, {sheet: rows})


def write_workbook(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]],
                   style: Callable[[object], None] | None = None) -> None:
    """Write a workbook of ``sheets`` (name -> rows) in that order; every text is a string cell, never a
    formula. ``style`` is called with the openpyxl workbook before it is saved (fonts, widths, lists).

    >>> import tempfile, openpyxl
    >>> out = Path(tempfile.mkdtemp()) / "x.xlsx"
    >>> write_workbook(out, {"Elements": [["Label"], ["=HYPERLINK(\\"http://x\\")"]], "Connections": [["From"]]})
    >>> book = openpyxl.load_workbook(out)
    >>> book.sheetnames, book["Elements"]["A2"].data_type
    (['Elements', 'Connections'], 's')
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=False)
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                if isinstance(value, str):  # control characters cannot be stored in a sheet: shown as U+FFFD
                    value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)[:32767]
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl would store "=..." as a formula
    if style is not None:
        style(book)
    book.save(path)
