"""Typed cell values as Finnish offices write them: decimal commas, 31.12.2025 dates, spaces in numbers.

Each parser takes the cell text and returns a Python value or raises ``ValueError`` with a plain
message, which the readers turn into a located :class:`~ingest.problems.Problem`.

Examples
--------
>>> parse_date("31.12.2025"), parse_date("2025-12-31")
(datetime.date(2025, 12, 31), datetime.date(2025, 12, 31))
>>> parse_decimal("1 234,50"), parse_decimal("1.234,5"), parse_decimal("450000")
(Decimal('1234.50'), Decimal('1234.5'), Decimal('450000'))
>>> parse_integer("2 024")
2024
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

__all__ = ["parse_date", "parse_decimal", "parse_integer", "MAX_CELL_CHARS"]

#: A cell longer than this is refused: no description needs a megabyte, and a huge cell is usually a
#: broken export (a whole file pasted into one cell).
MAX_CELL_CHARS = 1_000_000

_FI_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_date(text: str) -> dt.date:
    """Parse ``31.12.2025``, ``2025-12-31`` (or an ISO date-time's date part)."""
    text = text.strip()
    match = _FI_DATE.match(text)
    try:
        if match:
            day, month, year = map(int, match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (write 31.12.2025 or 2025-12-31)") from None


def parse_decimal(text: str) -> Decimal:
    """Parse a number with a decimal comma or point and optional thousands separators."""
    raw = text
    text = _SPACES.sub("", text.strip()).replace("\u2212", "-")
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        text = text.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in text:
        if text.count(",") > 1:
            raise ValueError(f"{raw!r} is not a number")
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{raw!r} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{raw!r} is not a finite number")
    return value


def parse_integer(text: str) -> int:
    """Parse a whole number (``2024``, ``2 024``, ``2024,0``)."""
    value = parse_decimal(text)
    if value != value.to_integral_value():
        raise ValueError(f"{text!r} is not a whole number")
    return int(value)
