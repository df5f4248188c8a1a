"""Rows written for spreadsheets: CSV and xlsx cells that a spreadsheet shows as text, never runs.

A value that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read as a
formula by Excel or LibreOffice (OWASP "CSV injection"): in CSV it gets a leading apostrophe, in xlsx it
is stored as a string cell. Plain numbers (``-3.5``) stay numbers.

>>> [safe_cell(v) for v in ("=HYPERLINK(\\"http://x\\")", "-3.5", "@SUM(A1)", "Hanke", 7)]
['\\'=HYPERLINK("http://x")', '-3.5', "'@SUM(A1)", 'Hanke', 7]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

__all__ = ["FORMULA_STARTS", "safe_cell", "write_xlsx"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def safe_cell(value: object) -> object:
    """``value`` as a spreadsheet shows it as text: strings that could start a formula get a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], sheet: str = "rows") -> None:
    """Write ``rows`` (the first is the header) to a one-sheet workbook; every text is a string cell.

    >>> import tempfile, openpyxl
    >>> out = Path(tempfile.mkdtemp()) / "x.xlsx"
    >>> write_xlsx(out, [["name"], ["=1+1"]])
    >>> cell = openpyxl.load_workbook(out)["rows"]["A2"]
    >>> cell.value, cell.data_type
    ('=1+1', 's')
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=False)
    ws = book.active
    ws.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str):  # control characters cannot be stored in a sheet: shown as U+FFFD
                value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)[:32767]
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would store "=..." as a formula
    book.save(path)
