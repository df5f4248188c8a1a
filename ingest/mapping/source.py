"""Read the one table a mapping applies to: a CSV file (plain or gzip) or a sheet of a workbook.

CSV text is decoded and split like the template's (:mod:`ingest.tables`: UTF-8 or Windows-1252,
``;``, ``,`` or tab); a ``.gz`` file is decompressed first. A file larger than :data:`MAX_BYTES`
(after decompression) is refused with a message, never read half-way.

Examples
--------
>>> import gzip, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "list.csv.gz"
>>> _ = path.write_bytes(gzip.compress("Koodi,Nimi\\nS1,Hanke\\n".encode()))
>>> t = read_table(path)
>>> t.file, t.sheet, t.header, t.rows
('list.csv.gz', 'list', ['Koodi', 'Nimi'], [(2, ['S1', 'Hanke'])])
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

from ingest.problems import InvalidInput, Problem
from ingest.tables import Table, _read_csv_text, _read_xlsx

__all__ = ["read_table", "MAX_BYTES"]

#: The largest table a mapping reads (after decompression): all its rows are checked before anything is
#: stored, so it must fit in memory.
MAX_BYTES = 1 << 30


def _too_big(label: str, size: int) -> InvalidInput:
    return InvalidInput([Problem(label, message=f"holds {size / 1e6:,.0f} MB; a mapped table may hold at most "
                                                f"{MAX_BYTES / 1e6:,.0f} MB: split it into several sources")])


def _read_bytes(path: Path, label: str) -> bytes:
    try:
        if path.suffix.lower() == ".gz":
            with gzip.open(path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        else:
            if path.stat().st_size > MAX_BYTES:
                raise _too_big(label, path.stat().st_size)
            data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput([Problem(str(path), message="does not exist")]) from None
    except (OSError, EOFError, zlib.error) as exc:
        raise InvalidInput([Problem(label, message=f"cannot be read: {exc}")]) from exc
    if len(data) > MAX_BYTES:
        raise _too_big(label, len(data))
    return data


def read_table(path: Path | str, sheet: str | None = None) -> Table:
    """The table of ``path``: a CSV file (``.csv``, ``.tsv``, ``.txt``, any of them ``.gz``) or the sheet
    ``sheet`` of a workbook (default: its first sheet).

    Raises
    ------
    InvalidInput
        When the file is missing, unreadable, too large, empty or has no such sheet.
    """
    path = Path(path)
    label = path.name
    if path.suffix.lower() == ".xlsx":
        if not path.exists():
            raise InvalidInput([Problem(str(path), message="does not exist")])
        tables = _read_xlsx(path, label, frozenset())
        if sheet is None:
            if not tables:
                raise InvalidInput([Problem(label, message="holds no sheet with data")])
            return tables[0]
        for table in tables:
            if table.sheet.strip().lower() == sheet.strip().lower():
                return table
        raise InvalidInput([Problem(label, sheet, message=f"no sheet {sheet!r}; sheets: "
                                                          + ", ".join(t.sheet for t in tables))])
    stem = path.name.split(".")[0]
    return _read_csv_text(_read_bytes(path, label), label, stem)
