"""The follow-up methods of the handle (``stratgraph followup`` and ``stratgraph crosswalk``), kept apart
from :mod:`stratgraph.api.handle` so that each module holds one concept.

>>> import datetime, stratgraph
>>> from examples import EXAMPLE_DIR
>>> with stratgraph.open(":memory:") as city:
...     _ = city.ingest(EXAMPLE_DIR)
...     card = city.followup(strategy="S-2021", as_of=datetime.date(2025, 12, 31))
...     [g.goal for g in card if g.status == "off_track"]
['G2', 'G13']
"""

from __future__ import annotations

import datetime
from typing import Any

from ontologies.errors import UsageError
from stratgraph.api.arguments import check, check_as_of
from stratgraph.api.rows import Rows

__all__ = ["FollowupMethods"]


class FollowupMethods:
    """Mixed into :class:`stratgraph.api.handle.Stratgraph`: needs its ``store()`` and ``graph()``."""

    def followup(self, *, goal: str | None = None, strategy: str | None = None,
                 as_of: datetime.date | None = None, behind: float | None = None,
                 off_track: float | None = None) -> Rows:
        """The scorecard (``stratgraph followup``): per goal its status, progress against the expected
        progress, owner, projects, sectors and gaps; the items are :class:`queries.followup.GoalFollowup`
        (their metrics in ``.metrics``) and the rows are what ``--format json`` prints.

        ``as_of`` takes owners, projects and observations as of that date; ``behind`` and ``off_track``
        are the status thresholds (:class:`queries.followup.Thresholds`).

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     g13 = city.followup(goal="G13")[0]
        ...     g13.status, g13.needs_cross_sector_help
        ('off_track', True)
        """
        from queries.followup import Thresholds, followup
        check("goal", goal, str, optional=True)
        check("strategy", strategy, str, optional=True)
        as_of = check_as_of(as_of)
        thresholds = Thresholds(**{k: _fraction(k, v) for k, v in (("behind", behind), ("off_track", off_track))
                                   if v is not None})
        graph = self.graph(as_of)  # as silos and network see that date
        card = followup(graph, self.dated(), goal=goal, strategy=strategy, as_of=as_of, thresholds=thresholds)
        columns = list(card[0].as_dict()) if card else None
        return Rows(card, columns, lambda g: g.as_dict())

    def dated(self):
        """The store's dated owners, memberships and steering (:func:`queries.followup.read_dated`), as
        the follow-up reads them (the web app's handle gives its snapshot's instead of opening the store).

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     len(city.dated().periods) > 10
        True
        """
        from queries.followup import read_dated

        with self.store() as store:
            return read_dated(store)

    def crosswalk(self, old: str, new: str):
        """Map the goals of strategy ``old`` to strategy ``new`` (``stratgraph crosswalk``): a
        :class:`queries.followup.crosswalk.Crosswalk` with ``old_goals``, ``new_goals``,
        ``orphan_projects`` and ``orphan_metrics`` (``as_dict()`` is the command's JSON).

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     walk = city.crosswalk("S-2021", "S-2026")
        ...     sorted({g["outcome"] for g in walk.old_goals})
        ['carried_with_parent', 'continued', 'dropped', 'merged', 'replaced']
        """
        from queries.followup.crosswalk import crosswalk
        check("old", old, str)
        check("new", new, str)
        return crosswalk(self.graph(), old, new)


def _fraction(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise UsageError(f"{name} must be a number from 0 to 1, not {value!r}")
    return float(value)
