"""Problems found in an input, each located by file, sheet, row and column.

Every reader and check collects :class:`Problem` objects instead of stopping at the first one, so that
a user sees all the errors of a file at once; :class:`InvalidInput` carries them to the CLI.

Examples
--------
>>> print(Problem("units.csv", "units", 4, "part_of", "unknown id SEC-X"))
units.csv, sheet units, row 4, column part_of: unknown id SEC-X
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ontologies.errors import InputError

__all__ = ["Problem", "InvalidInput"]

_MAX_TEXT = 400  # characters of a message, column or sheet name; the rest is cut and counted


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input; ``row`` is the spreadsheet row (the header is row 1)."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    message: str = ""
    rule: str = "input"

    def __post_init__(self) -> None:
        # A message may quote the input; a 50 MB line must not come back as 50 MB of stderr.
        for name in ("message", "column", "sheet"):
            value = getattr(self, name)
            if isinstance(value, str) and len(value) > _MAX_TEXT:
                cut = len(value) - _MAX_TEXT
                object.__setattr__(self, name, f"{value[:_MAX_TEXT]}... ({cut:,} more characters not shown)")

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet {self.sheet}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return ", ".join(where) + f": {self.message}"

    def as_dict(self) -> dict:
        """The problem as a plain dict (for JSON output)."""
        return asdict(self)


class InvalidInput(InputError):
    """An input has problems; nothing was stored. ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.sheet or "", p.row or 0, p.column or ""))
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the input; nothing was stored:\n"
                         + "\n".join(f"  {p}" for p in self.problems))
