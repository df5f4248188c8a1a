"""The handle's related-projects index and its partners method (``stratgraph related --partners``),
kept apart from :mod:`stratgraph.api.handle` so that each module holds one concept.

The index is read from the cache beside an on-disk store (:mod:`queries.related_cache`), so a call
does not analyse every project's text again; a store in memory keeps its index while its graph lasts.

>>> import stratgraph
>>> from examples import EXAMPLE_DIR
>>> with stratgraph.open(":memory:") as city:
...     _ = city.ingest(EXAMPLE_DIR)
...     who = city.partners(text="kiertotalous ja jätteen vähentäminen", top=3, among=10)
>>> [p.id for p in who]
['U-ELINKEINO', 'SH-LAPINAMK', 'SH-LAPECO']
"""

from __future__ import annotations

from ontologies.errors import UsageError
from stratgraph.api import tables
from stratgraph.api.arguments import check, check_top
from stratgraph.api.rows import Rows

__all__ = ["RelatedMethods", "AMONG"]

#: How many related projects the partners are drawn from by default.
AMONG = 50


class RelatedMethods:
    """Mixed into :class:`stratgraph.api.handle.Stratgraph`: needs its ``store()``, ``graph()`` and ``related()``."""

    _related_index = None

    def related_index(self):
        """The :class:`queries.related.RelatedIndex` of the store as it is now (cached; see the module).

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     city.related_index() is city.related_index(), len(city.related_index().ids) > 30
        (True, True)
        """
        from queries.related_cache import cached_index

        graph = self.graph()
        if self._related_index is not None and self._related_index.graph is graph:
            return self._related_index
        with self.store() as store:
            index = cached_index(store, graph)
        if self.memory:
            self._related_index = index
        return index

    def partners(self, project: str | None = None, *, text: str | None = None, top: int = 10, among: int = AMONG,
                 other_sectors: bool = False, status: str | None = None, by: str = "all") -> Rows:
        """The organisations behind the projects related to ``project`` or to a free-text idea, best first
        (``stratgraph related --partners``): units, sectors and stakeholders ranked by how many of the
        ``among`` most related projects they lead or take part in, weighted by how related those are.

        Each row is a :class:`queries.partners.Partner` (``id``, ``label``, ``type``, ``score``,
        ``projects``, ``leads``, ``in_store``, ``project_ids``, ``evidence``). The project's own
        organisations are left out. ``other_sectors``, ``status`` and ``by`` select the related projects
        as in :meth:`related`.

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     who = city.partners("P-KIERTO", top=2)
        >>> who.columns[:3], who[0].projects >= 1, "SH-LAPECO" in [p.id for p in who]
        (['id', 'label', 'type'], True, False)
        """
        from queries.partners import own_organisations, partners_behind

        check_top(top)
        check("among", among, int)
        if among < 1:
            raise UsageError("among must be at least 1")
        related = self.related(project, text=text, other_sectors=other_sectors, status=status, top=among, by=by)
        graph = self.graph()
        own = own_organisations(graph, project) if project is not None else set()
        return Rows(partners_behind(list(related), graph, top=top, exclude=own), tables.PARTNER_COLUMNS)

