"""The follow-up: the scorecard (one strategy at a time where the library can), the goal pages and the
strategy crosswalk, rendered by the report's own :func:`visualize.followup_pages.write_followup_pages`.

The report writes the scorecard, every goal page and the crosswalk in one go; here that is done once per
store version, language, strategy and date, and the pages are kept with the snapshot. A store without
goals (only a project list) has no follow-up: the page says so.
"""

from __future__ import annotations

import inspect

from graph_model.schema_types import NodeType
from stratgraph.web.views import Context, Page, Param, View
from visualize.followup_pages import strategy_pairs, write_followup_pages

__all__ = ["PAGES", "followup_site"]


def followup_site(ctx: Context):
    """A site holding the scorecard, goal and crosswalk pages for the request's strategy and date."""
    strategy, as_of = ctx.params.get("strategy"), ctx.params.get("as_of")
    key = f"followup-{ctx.lang}-{strategy}-{as_of}"

    def build():
        site = ctx.site.for_request(query={k: v for k, v in (("strategy", strategy), ("as_of", as_of)) if v},
                                    json=True, form=_form(ctx))
        options = {"as_of": as_of}
        if strategy and "strategy" in inspect.signature(write_followup_pages).parameters:
            options["strategy"] = strategy  # one strategy per scorecard, once the report takes it
        write_followup_pages(site, ctx.city.graph(as_of), ctx.snapshot.dated, **options)
        return site
    return ctx.snapshot.cached(key, build)


def _form(ctx: Context) -> dict:
    graph, t = ctx.graph, ctx.t
    strategies = [("", t("any"))] + [(s, graph.label(s, t.lang)) for s in graph.ids_of(NodeType.STRATEGY)]
    as_of = ctx.params.get("as_of")
    return {"action": "followup.html", "fields": [
        {"name": "strategy", "label": t("strategy"), "options": strategies, "value": ctx.params.get("strategy") or ""},
        {"name": "as_of", "label": t("as_of").capitalize(), "type": "date",
         "value": as_of.isoformat() if as_of else ""}]}


def scorecard(ctx: Context) -> View:
    """Per goal: status, progress against the expected progress, owner, projects and sectors."""
    p = ctx.params
    if not ctx.has_goals():
        return View([], lambda: ctx.notice(ctx.t("no_goals"), ctx.t("followup"), "followup"))
    return View(lambda: ctx.city.followup(strategy=p["strategy"], as_of=p["as_of"]).to_dicts(),
                lambda: followup_site(ctx).rendered["followup.html"])


def crosswalk(ctx: Context) -> View:
    """Each pair of strategies that a crosswalk links: which new goal continues, merges or replaces which old."""
    graph = ctx.graph

    def rows() -> list[dict]:
        return [{"old": old, "new": new, **ctx.city.crosswalk(old, new).as_dict()}
                for old, new in strategy_pairs(graph)]
    if not ctx.has_goals():
        return View([], lambda: ctx.notice(ctx.t("no_goals"), ctx.t("crosswalk"), "crosswalk"))
    return View(rows, lambda: followup_site(ctx).rendered["crosswalk.html"])


_STRATEGY = Param("strategy", "string", "Only the goals of this strategy (id).")
_AS_OF = Param("as_of", "date", "Owners, projects and observations as of this day (YYYY-MM-DD).", max_chars=10)

PAGES = (
    Page("followup", scorecard, "The follow-up scorecard", (_STRATEGY, _AS_OF)),
    Page("crosswalk", crosswalk, "The strategy crosswalk: old goals to new"),
)
