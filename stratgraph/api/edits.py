"""The handle's methods on edits on record and owners' updates (mixed into
:class:`stratgraph.api.handle.Stratgraph`): ``history``, ``comments``, ``owe``, ``observe``, ``comment``
and ``revert``. Writes take ``author`` (an account id) and return the change's record.

Examples
--------
>>> import stratgraph
>>> from examples import EXAMPLE_DIR
>>> with stratgraph.open(":memory:") as city:
...     _ = city.ingest(EXAMPLE_DIR)
...     made = city.observe("M-TYOTTOMYYS", "9.5", on="2025-05-31", author="ann")
...     rows = city.history("M-TYOTTOMYYS").to_dicts()
>>> [(r["author"], r["kind"]) for r in rows]
[('ann', 'observe')]
"""

from __future__ import annotations

import datetime

from graph_model.edits import ChangeRecord, comment, comments_on, history
from ingest.review import revert_change
from ingest.updates import observe
from queries.owners import OWE_COLUMNS, owe
from stratgraph.api.rows import Rows

__all__ = ["EditMethods", "HISTORY_COLUMNS"]

HISTORY_COLUMNS = ["id", "at", "author", "kind", "summary", "reverts"]


class EditMethods:
    """Mixed into the handle: needs its ``store()`` and ``graph()``."""

    def history(self, entity: str) -> Rows:
        """The changes on record about ``entity``, oldest first (``stratgraph history``)."""
        with self.store() as store:
            return Rows([c.as_dict() for c in history(store, entity)], HISTORY_COLUMNS)

    def comments(self, entity: str) -> Rows:
        """The comments on ``entity`` that stand, oldest first."""
        with self.store() as store:
            return Rows([c.as_dict() for c in comments_on(store, entity)], ["at", "author", "text", "id"])

    def owe(self, who: str, day: datetime.date | None = None) -> Rows:
        """What a person, unit, sector, role or body owes on ``day`` (``stratgraph owe``)."""
        return Rows(owe(self.graph(), who, day), OWE_COLUMNS)

    def observe(self, metric: str, value: str | float, *, on: datetime.date | str, author: str, comment: str = "",
                expected_version: str | None = None) -> ChangeRecord:
        """Record an observation of ``metric`` (``stratgraph observe``)."""
        with self.store(write=True) as store:
            record = observe(store, metric, value, on=on, author=author, comment=comment,
                             expected_version=expected_version)
        self._graph_cache = None
        return record

    def comment(self, entity: str, text: str, *, author: str) -> ChangeRecord:
        """Comment on ``entity`` (``stratgraph comment``)."""
        with self.store(write=True) as store:
            return comment(store, entity, text, author=author)

    def revert(self, change: str, *, author: str) -> ChangeRecord:
        """Undo ``change`` by a new change on record (``stratgraph revert``)."""
        with self.store(write=True) as store:
            record = revert_change(store, change, author)
        self._graph_cache = None
        return record
