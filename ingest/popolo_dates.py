"""Popolo's dates as real files write them, and the legislative periods that date memberships.

Popolo dates may be partial (``2007``, ``2011-05``): a start takes the first day of that year or month,
an end its last day, and the text as written is kept beside it (:func:`period_dates`). A membership
with no dates of its own takes them from its legislative period: an event of classification
``legislative period`` (EveryPolitician's files) or an entry of its organisation's
``legislative_periods`` (:func:`legislative_periods`).

Examples
--------
>>> popolo_date("2007", end=False), popolo_date("2011", end=True), popolo_date("2012-02", end=True)
(datetime.date(2007, 1, 1), datetime.date(2011, 12, 31), datetime.date(2012, 2, 29))
>>> periods = legislative_periods({"events": [
...     {"id": "term/2007", "classification": "legislative period", "start_date": "2007", "end_date": "2011"},
...     {"id": "Q1", "classification": "general election", "start_date": "2007-10-21"}]})
>>> p = periods["term/2007"]
>>> p.path, p.start, p.end
('events[0]', '2007', '2011')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ingest.values import parse_date

__all__ = ["popolo_date", "Period", "legislative_periods", "is_legislative_period"]

_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def popolo_date(text: str, *, end: bool) -> dt.date:
    """A Popolo date (``YYYY``, ``YYYY-MM`` or a full date); a partial end date is its last day.

    Raises
    ------
    ValueError
        When ``text`` is no date.

    >>> popolo_date("2015-11-02", end=False)
    datetime.date(2015, 11, 2)
    """
    text = text.strip()
    if _YEAR.match(text):
        return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    if match := _MONTH.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} is not a date")
        return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return parse_date(text)


def is_legislative_period(event: dict) -> bool:
    """Whether a Popolo event is a legislative period (``legislative period``, ``legislative-period``...).

    >>> is_legislative_period({"classification": "Legislative Period"}), is_legislative_period({})
    (True, False)
    """
    text = str(event.get("classification") or "").lower().replace("-", " ").replace("_", " ")
    return text.strip() == "legislative period"


@dataclass(frozen=True)
class Period:
    """A legislative period: its id, name, dates as written, and the JSON path it was read from."""

    id: str
    name: str
    start: str | None
    end: str | None
    path: str

    def describe(self) -> str:
        """How a membership's note names the period.

        >>> Period("term/2007", "", "2007", "2011", "events[7]").describe()
        'legislative period term/2007 (2007 to 2011)'
        """
        span = f"{self.start or '?'} to {self.end or '?'}"
        return f"legislative period {self.id}" + (f" {self.name!r}" if self.name else "") + f" ({span})"


def _period(item: Any, path: str) -> Period | None:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        return None
    text = {k: (str(item[k]) if item.get(k) not in (None, "") else None) for k in ("start_date", "end_date")}
    return Period(item["id"], str(item.get("name") or ""), text["start_date"], text["end_date"], path)


def legislative_periods(data: dict) -> dict[str, Period]:
    """Every legislative period of a Popolo document by id: events and organisations' own lists."""
    out: dict[str, Period] = {}
    for n, event in enumerate(data.get("events") or []):
        if isinstance(event, dict) and is_legislative_period(event) and (p := _period(event, f"events[{n}]")):
            out.setdefault(p.id, p)
    for n, org in enumerate(data.get("organizations") or []):
        periods = org.get("legislative_periods") if isinstance(org, dict) else None
        for k, item in enumerate(periods if isinstance(periods, list) else []):
            if p := _period(item, f"organizations[{n}].legislative_periods[{k}]"):
                out.setdefault(p.id, p)
    return out
