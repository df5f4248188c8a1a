"""Silo goals, governance gaps, missing links and coverage: the report's pages, live, and the CLI's rows.

Each view asks :class:`stratgraph.web.handle.SnapshotHandle` for the rows ``stratgraph <command>
--format json`` prints and renders the report's own page function for the HTML.
"""

from __future__ import annotations

from queries.links import LEVELS
from stratgraph.web.views import Context, Page, Param, View
from visualize import report

__all__ = ["PAGES"]


def silos(ctx: Context) -> View:
    """Per goal, the sectors that serve it and whether one serves it alone."""
    from queries.silos import goal_spread

    if not ctx.has_goals():
        return View([], lambda: ctx.notice(ctx.t("no_goals"), ctx.t("silos"), "silos"))
    return View(lambda: ctx.city.silos().to_dicts(), lambda: _page(ctx, "silos", goal_spread(ctx.graph)))


def gaps(ctx: Context) -> View:
    """Goals without metric or owner, metrics without target, projects without goal, ..."""
    from queries.gaps import governance_gaps

    return View(lambda: ctx.city.gaps().to_dicts(), lambda: _page(ctx, "gaps", governance_gaps(ctx.graph)))


def links(ctx: Context) -> View:
    """Pairs that share goals, themes or partners but do not work together, with a possible broker."""
    from visualize.maps import suggested_links

    level, top = ctx.params["level"], ctx.params["top"]
    return View(lambda: ctx.city.links(level, top=top).to_dicts(),
                lambda: _page(ctx, "links", suggested_links(ctx.graph, level=level, top=top)))


def coverage(ctx: Context) -> View:
    """The goals x sectors matrix (projects per cell)."""
    from queries.coverage import coverage as goal_coverage

    if not ctx.has_goals():
        return View([], lambda: ctx.notice(ctx.t("no_goals"), ctx.t("coverage"), "coverage"))
    return View(lambda: ctx.city.coverage().to_dicts(), lambda: _page(ctx, "coverage", goal_coverage(ctx.graph)))


def _page(ctx: Context, name: str, data) -> str:
    report.ANALYSIS_PAGES[name](ctx.site, data)
    return ctx.site.rendered[f"{name}.html"]


PAGES = (
    Page("silos", silos, "Silo goals: the sectors behind each goal and a cross-sector index",
         heavy=True),
    Page("gaps", gaps, "Governance gaps, each naming the node and the rule it breaks", heavy=True),
    Page("links", links, "Missing cross-sector links with their evidence and a possible broker",
         (Param("level", "choice", "Pairs of units, sectors or organisations.", default="unit", choices=LEVELS),
          Param("top", "integer", "How many pairs.", default=25, minimum=1, maximum=500)), heavy=True),
    Page("coverage", coverage, "Strategy coverage: projects per goal and sector", heavy=True),
)
