"""Typed result rows: a read-only list of the library's result objects that turns into a DataFrame.

Every method of the :class:`~stratgraph.api.handle.Stratgraph` handle returns :class:`Rows`. Indexing
gives the library's own objects (a :class:`~queries.related.RelatedProject` with ``.id`` and
``.score``, a :class:`~queries.gaps.Gap`, ...) or plain dicts; :meth:`Rows.to_dicts` gives flat dicts
(the columns the CLI prints with ``--format json``), :meth:`Rows.to_pandas` a ``pandas.DataFrame``.
pandas is an optional extra (``pip install 'stratgraph[pandas]'``), imported only when asked.

Examples
--------
>>> rows = Rows([{"id": "P-1", "score": 0.5}, {"id": "P-2", "score": 0.25}], ["id", "score"])
>>> len(rows), rows[0]["id"], rows.columns
(2, 'P-1', ['id', 'score'])
>>> rows.to_dicts()[1]
{'id': 'P-2', 'score': 0.25}
>>> print(rows)
id   score
P-1  0.5
P-2  0.25
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, overload

from ontologies.errors import StratgraphError

__all__ = ["Rows", "MissingDependency", "require", "cell_text"]


class MissingDependency(StratgraphError):
    """An optional package (pandas, ...) that the call needs is not installed."""


def require(module: str, extra: str) -> Any:
    """Import the optional ``module`` or raise :class:`MissingDependency` naming the extra to install.

    >>> require("json", "none").__name__
    'json'
    >>> require("no_such_module_xyz", "pandas")
    Traceback (most recent call last):
    ...
    stratgraph.api.rows.MissingDependency: this needs no_such_module_xyz: pip install 'stratgraph[pandas]'
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependency(f"this needs {module}: pip install 'stratgraph[{extra}]'") from None


def _plain(item: Any) -> dict:
    if isinstance(item, dict):
        return dict(item)
    for name in ("as_row", "as_dict"):
        if hasattr(item, name):
            return getattr(item, name)()
    raise TypeError(f"cannot turn {type(item).__name__} into a row")


def cell_text(value: Any) -> str:
    """A result value as the text a table shows: floats to 4 significant digits, lists joined.

    >>> cell_text(None), cell_text(0.123456), cell_text(["a", 2.0])
    ('', '0.1235', 'a, 2')
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(v) for v in value)
    return str(value)


class Rows(Sequence):
    """A read-only sequence of result items with known ``columns``.

    Parameters
    ----------
    items : iterable
        The library's result objects (with ``as_row()`` or ``as_dict()``) or dicts.
    columns : sequence of str, optional
        The columns of :meth:`to_dicts` / :meth:`to_pandas`, in order (default: the first row's keys).
    to_row : callable, optional
        Item -> flat dict (default: ``as_row()``, ``as_dict()`` or the dict itself).
    """

    def __init__(self, items: Iterable[Any], columns: Sequence[str] | None = None,
                 to_row: Callable[[Any], dict] | None = None):
        self._items = list(items)
        self._to_row = to_row or _plain
        first = self._to_row(self._items[0]) if self._items else {}
        self.columns: list[str] = list(columns) if columns is not None else list(first)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> Rows: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Rows(self._items[index], self.columns, self._to_row)
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rows):
            return self._items == other._items and self.columns == other.columns
        return NotImplemented

    __hash__ = None  # mutable-looking container semantics: not hashable

    def to_dicts(self) -> list[dict]:
        """The rows as flat dicts with exactly :attr:`columns` (missing cells are None).

        >>> Rows([{"a": 1, "b": 2}], ["b"]).to_dicts()
        [{'b': 2}]
        """
        out = []
        for item in self._items:
            row = self._to_row(item)
            out.append({c: row.get(c) for c in self.columns})
        return out

    def to_pandas(self):
        """A ``pandas.DataFrame`` of :meth:`to_dicts` (needs the ``pandas`` extra).

        >>> int(Rows([{"a": 1}, {"a": 2}]).to_pandas()["a"].sum())
        3
        """
        pandas = require("pandas", "pandas")
        return pandas.DataFrame(self.to_dicts(), columns=self.columns)

    def _table(self, limit: int = 20, width: int | None = None) -> tuple[list[str], list[list[str]]]:
        def fit(text: str) -> str:
            return text if width is None or len(text) <= width else text[:width - 1] + "…"

        return self.columns, [[fit(cell_text(r[c])) for c in self.columns] for r in self[:limit].to_dicts()]

    def __str__(self) -> str:
        columns, cells = self._table(width=40)
        widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
        lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
        if len(self) > len(cells):
            lines.append(f"... {len(self) - len(cells)} more rows")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<Rows: {len(self)} rows x {len(self.columns)} columns ({', '.join(self.columns)})>"

    def _repr_html_(self) -> str:
        """An HTML table for notebooks; every cell is escaped (labels are data, never markup)."""
        columns, cells = self._table()
        head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in r) + "</tr>" for r in cells)
        more = f"<p>{len(self) - len(cells)} more rows</p>" if len(self) > len(cells) else ""
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"
