"""What every route shares: its declared parameters, the context it is called with, and what it returns.

A route is a :class:`Page`: a path, a function and the parameters it takes (:class:`Param`). The app
parses and checks the parameters (a wrong one is a 400 naming it, never a 500), calls the function
with a :class:`Context` and gets a :class:`View`: the rows of its JSON (the same rows as the CLI's
``--format json``) and a function that renders its HTML from the report's templates. So a page and its
JSON come from the same rows, and the OpenAPI description is made from the same table
(:mod:`stratgraph.web.openapi`).

Examples
--------
>>> p = Param("top", "integer", "How many.", default=10, minimum=1, maximum=100)
>>> p.parse("5"), p.parse(None)
(5, 10)
>>> p.parse("0")
Traceback (most recent call last):
...
ontologies.errors.UsageError: top must be at least 1, not 0
>>> Param("q", "string", "Text.", max_chars=5).parse("abcdef")
Traceback (most recent call last):
...
ontologies.errors.UsageError: q is longer than 5 characters (6)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ontologies.errors import UsageError
from visualize.i18n import LANGUAGES

__all__ = ["Param", "Page", "View", "LazyRows", "Context", "PAGE_SIZE", "MAX_PAGE_SIZE", "PAGING", "LANG_PARAM", "json_response"]

PAGE_SIZE = 50
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class Param:
    """A query parameter: name, type (``string``, ``integer``, ``date`` or ``choice``), description and limits."""

    name: str
    kind: str
    description: str
    default: Any = None
    choices: Sequence[str] = ()
    minimum: int | None = None
    maximum: int | None = None
    max_chars: int = 200

    def parse(self, raw: str | None) -> Any:
        """The value of ``raw`` (None or empty: the default); raise UsageError naming the parameter."""
        if raw is None or raw == "":
            return self.default
        if len(raw) > self.max_chars:
            raise UsageError(f"{self.name} is longer than {self.max_chars} characters ({len(raw)})")
        if self.kind == "integer":
            try:
                value = int(raw)
            except ValueError:
                raise UsageError(f"{self.name} must be a whole number, not {raw[:40]!r}") from None
            if self.minimum is not None and value < self.minimum:
                raise UsageError(f"{self.name} must be at least {self.minimum}, not {value}")
            if self.maximum is not None and value > self.maximum:
                raise UsageError(f"{self.name} must be at most {self.maximum}, not {value}")
            return value
        if self.kind == "date":
            try:
                return datetime.date.fromisoformat(raw)
            except ValueError:
                raise UsageError(f"{self.name} must be a date as YYYY-MM-DD, not {raw[:40]!r}") from None
        if self.kind == "choice" and raw not in self.choices:
            raise UsageError(f"{self.name} must be one of {', '.join(self.choices)}, not {raw[:40]!r}")
        return raw


#: The paging parameters of every JSON answer.
PAGING = (Param("page", "integer", "The page of rows (from 1).", default=1, minimum=1, maximum=1_000_000),
          Param("size", "integer", "Rows per page.", default=PAGE_SIZE, minimum=1, maximum=MAX_PAGE_SIZE))
#: Every page's language switch (remembered in a cookie by the app).
LANG_PARAM = Param("lang", "choice", "The page's language (remembered in a cookie).", choices=LANGUAGES, max_chars=5)


@dataclass
class Context:
    """What a page function gets: the parsed parameters, the snapshot, the site in the request's
    language (:class:`stratgraph.web.site.LiveSite`) and a handle whose methods mirror the CLI's commands
    (:class:`stratgraph.web.handle.SnapshotHandle`)."""

    params: dict[str, Any]
    snapshot: Any
    site: Any
    city: Any
    path: str = ""

    @property
    def graph(self):
        return self.snapshot.graph

    @property
    def lang(self) -> str:
        return self.site.t.lang

    @property
    def t(self):
        return self.site.t

    def notice(self, note: str, title: str, current: str = "") -> str:
        """A page that only says ``note`` (a store without goals has no silos, ...)."""
        self.site.request = {**self.site.request, "note": note}
        return self.render("list.html.j2", title, current, sections=[])

    def has_goals(self) -> bool:
        """Whether the store holds goals (a project list alone has no follow-up, silos or coverage)."""
        return bool(self.graph.ids_of("Goal"))

    def render(self, template: str, title: str, current: str = "", **context: object) -> str:
        """Render a report template at this request's path and return the HTML."""
        self.site.render(template, self.path, title, current, **context)
        return self.site.rendered[self.path]


@dataclass
class View:
    """A route's answer: JSON ``rows`` (a list, or a function that computes it only when the JSON is
    asked for; paged by the app), ``html()`` for the page, ``extra`` JSON fields (a dict, or a function
    that gives it)."""

    rows: list[dict] | Callable[[], list[dict]]
    html: Callable[[], str] | None = None
    extra: dict | Callable[[], dict] = field(default_factory=dict)

    def row_list(self) -> list[dict]:
        """The rows, computed now if they were given as a function."""
        return self.rows() if callable(self.rows) else self.rows


class LazyRows(Sequence):
    """``fn(item)`` for each of ``items``, worked out only for the items read (once each): a page or
    the JSON's page of rows costs its own rows, not the whole list's.

    >>> worked = []
    >>> rows = LazyRows(range(500), lambda n: worked.append(n) or {"n": n})
    >>> len(rows), rows[20:22], rows[-1], worked
    (500, [{'n': 20}, {'n': 21}], {'n': 499}, [20, 21, 499])
    """

    def __init__(self, items: Sequence, fn: Callable[[Any], Any]):
        self._items, self._fn, self._done = items, fn, {}

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = range(len(self))[index]  # an IndexError out of range, negative from the end
        if index not in self._done:
            self._done[index] = self._fn(self._items[index])
        return self._done[index]


@dataclass(frozen=True)
class Page:
    """A route of the app: ``/<path>.html`` and ``/<path>.json``, served by ``view(ctx)``.

    ``path`` may hold ``{name}`` placeholders (Starlette's syntax); ``needs`` names the indexes that must
    be warm (``search``, ``related``): until they are, the page says it is warming. ``heavy``: a new
    answer may take seconds on a big store (a map, the scorecard); such answers are worked out one at a
    time, apart from the light ones (:mod:`stratgraph.web.answers`).
    """

    path: str
    view: Callable[[Context], View]
    summary: str
    params: tuple[Param, ...] = ()
    needs: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()  # more suffixes than html and json: csv, xlsx (the rows), png, svg (a map)
    heavy: bool = False


def json_response(value: object, status: int = 200, headers: dict | None = None):
    """JSON with ``<``, ``>`` and ``&`` escaped (``\\u003c``...): no text in it can ever read as markup.

    >>> json_response({"label": "<b>"}).body
    b'{"label": "\\\\u003cb\\\\u003e"}'
    """
    import json

    from starlette.responses import Response

    text = json.dumps(value, ensure_ascii=False, default=str, allow_nan=False).translate(_JSON_ESCAPES)
    return Response(text, status_code=status, headers=headers, media_type="application/json")
