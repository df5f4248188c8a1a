"""Argument checks of the Python API: a wrong type or value is a UsageError with the argument's name,
never a bare TypeError or KeyError from deep inside.

>>> check_top(3)
>>> check("goal", 7, str)
Traceback (most recent call last):
...
ontologies.errors.UsageError: goal must be str, not int (7)
"""

from __future__ import annotations

import datetime
from typing import Any

from ontologies.errors import UsageError

__all__ = ["check", "check_top", "check_as_of"]


def check(name: str, value: Any, kinds: type | tuple[type, ...], *, optional: bool = False) -> None:
    """Raise UsageError when ``value`` is not of ``kinds`` (bool is not an int here).

    >>> check("depth", 2, int)
    >>> check("depth", True, int)
    Traceback (most recent call last):
    ...
    ontologies.errors.UsageError: depth must be int, not bool (True)
    """
    if value is None and optional:
        return
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        names = " or ".join(k.__name__ for k in kinds)
        raise UsageError(f"{name} must be {names}, not {type(value).__name__} ({value!r})")


def check_top(top: Any) -> None:
    """Raise UsageError unless ``top`` is an int of at least 1.

    >>> check_top(0)
    Traceback (most recent call last):
    ...
    ontologies.errors.UsageError: --top must be at least 1
    """
    check("top", top, int)
    if top < 1:
        raise UsageError("--top must be at least 1")


def check_as_of(as_of: Any) -> datetime.date | None:
    """``as_of`` as a date (a datetime counts by its day); UsageError for anything else.

    >>> check_as_of(datetime.datetime(2025, 6, 1, 12, 0))
    datetime.date(2025, 6, 1)
    """
    check("as_of", as_of, datetime.date, optional=True)
    return as_of.date() if isinstance(as_of, datetime.datetime) else as_of
