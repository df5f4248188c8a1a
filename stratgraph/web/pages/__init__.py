"""The web app's pages, one module per page family; each module's ``PAGES`` lists its routes
(:class:`stratgraph.web.views.Page`), and :data:`ALL_PAGES` is their union in the order they are matched."""

from __future__ import annotations

from stratgraph.web.pages import analyses, entity, followup, idea, maps, overview, owners

__all__ = ["ALL_PAGES"]

#: Every page route of the app (fixed paths before the ones with placeholders).
ALL_PAGES = (*overview.PAGES, *idea.PAGES, *analyses.PAGES, *followup.PAGES, *maps.PAGES, *owners.PAGES,
             *entity.PAGES)
