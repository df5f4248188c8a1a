"""The Python API's handle on a snapshot: the same methods (and so the same rows) as the CLI, from memory.

:class:`SnapshotHandle` is a :class:`stratgraph.Stratgraph` whose projection is the web app's snapshot
(read once per store version, not once per call) and whose ``related`` uses the snapshot's one
:class:`queries.related.RelatedIndex`. Everything else (silos, gaps, links, follow-up, crosswalk, ...)
is the API's own code, so the JSON of a page is what ``stratgraph <command> --format json`` prints.

:func:`partners_behind` is the hook for the partners behind related projects (``city.partners``,
being added to the library): it returns None until the handle has that method.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from stratgraph.api import tables
from stratgraph.api.handle import Stratgraph
from stratgraph.api.rows import Rows

__all__ = ["SnapshotHandle", "partners_behind"]


class SnapshotHandle(Stratgraph):
    """A read-only handle whose ``graph()`` is ``snapshot.graph`` (see :mod:`stratgraph.web.live`)."""

    def __init__(self, path: Path, snapshot):
        super().__init__(path, read_only=True)
        self.snapshot = snapshot

    def graph(self, as_of: datetime.date | None = None):
        """The snapshot's projection; with ``as_of``, as the API computes it from the snapshot."""
        if as_of is None:
            return self.snapshot.graph
        from queries.as_of import graph_as_of

        snap = self.snapshot
        return snap.cached(f"graph-{as_of.isoformat()}", lambda: graph_as_of(snap.graph, snap.dated, as_of))

    def dated(self):
        """The snapshot's dated relationships: a request never opens the store (a reader holding it
        under load kept a CLI ingest out for good)."""
        return self.snapshot.dated

    def pair_decisions(self) -> dict:
        """The reviewers' decisions as the snapshot read them (a request never opens the store for them)."""
        return self.snapshot.decisions if self.snapshot.decisions is not None else {}

    def related_index(self):
        """The snapshot's related-projects index (built once per store version; ``partners`` uses it too)."""
        return self.snapshot.related_index()

    def related(self, project: str | None = None, *, text: str | None = None, other_sectors: bool = False,
                status: str | None = None, top: int = 10, by: str = "all") -> Rows:
        """As :meth:`stratgraph.Stratgraph.related`, from the snapshot's index (built once per version)."""
        results = self.snapshot.related_index().query(project, text, other_sectors=other_sectors, status=status,
                                                      top=top, by=by)
        return Rows(results, tables.RELATED_COLUMNS, tables.related_row)


def partners_behind(city: Stratgraph, project: str | None, text: str | None, top: int) -> Rows | None:
    """The organisations behind the projects related to ``project`` or ``text``, if the library offers them.

    ``city.partners(...)`` comes with the partners analysis (``related --partners``); until then this is
    None and the page says the section is coming.
    """
    partners = getattr(city, "partners", None)
    if partners is None:
        return None
    return partners(project, text=text, top=top)
