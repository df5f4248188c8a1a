"""The follow-up: the scorecard (one strategy at a time where the library can), the goal pages and the
strategy crosswalk, rendered by the report's own :func:`visualize.followup_pages.write_followup_pages`.

The report writes the scorecard, every goal page and the crosswalk in one go; here that is done once per
store version, language, strategy and date, and the pages are kept with the snapshot. A store without
goals (only a project list) has no follow-up: the page says so.
"""

from __future__ import annotations

import inspect

from graph_model.schema_types import NodeType
from ontologies.errors import NotFoundError
from queries.followup import current_strategy
from stratgraph.web.views import Context, Page, Param, View
from visualize.followup_pages import scorecard_paths, strategy_pairs, write_followup_pages
from visualize.paths import slug

__all__ = ["PAGES", "followup_site"]


def followup_site(ctx: Context):
    """A site holding the scorecard, goal and crosswalk pages for the request's strategy and date."""
    strategy, as_of = ctx.params.get("strategy"), ctx.params.get("as_of")
    key = f"followup-{ctx.lang}-{strategy}-{as_of}"

    def build():
        site = ctx.site.for_request(query={k: v for k, v in (("strategy", strategy), ("as_of", as_of)) if v},
                                    json=True, form=_form(ctx), edit_log=ctx.snapshot.edits)
        options = {"as_of": as_of}
        if strategy and "strategy" in inspect.signature(write_followup_pages).parameters:
            options["strategy"] = strategy  # one strategy per scorecard, once the report takes it
        write_followup_pages(site, ctx.city.graph(as_of), ctx.snapshot.dated, **options)
        return site
    return ctx.snapshot.cached(key, build)


def _form(ctx: Context) -> dict:
    graph, t = ctx.graph, ctx.t
    strategies = [(s, graph.label(s, t.lang)) for s in graph.ids_of(NodeType.STRATEGY)]
    as_of = ctx.params.get("as_of")
    shown = ctx.params.get("strategy") or current_strategy(graph, as_of) or ""
    return {"action": "followup.html", "fields": [
        {"name": "strategy", "label": t("strategy"), "options": strategies, "value": shown},
        {"name": "as_of", "label": t("as_of").capitalize(), "type": "date",
         "value": as_of.isoformat() if as_of else ""}]}


def scorecard(ctx: Context) -> View:
    """Per goal: status, progress against the expected progress, owner, projects and sectors."""
    p = ctx.params
    if not ctx.has_goals():
        return View([], lambda: ctx.notice(ctx.t("no_goals"), ctx.t("followup"), "followup"))
    path = scorecard_paths(p["strategy"])["status"] if p["strategy"] else "followup.html"
    def rows() -> list[dict]:  # once per store version, strategy and date: it takes a second at region scale
        return ctx.snapshot.cached(f"followup-rows-{p['strategy']}-{p['as_of']}",
                                   lambda: ctx.city.followup(strategy=p["strategy"], as_of=p["as_of"]).to_dicts())
    return View(rows, lambda: _page(ctx, path))


def scorecard_variant(ctx: Context) -> View:
    """The scorecard of one strategy, or in another order (``followup-S-2021.html``,
    ``followup-progress.html``): the pages the report links to from its scorecard."""
    graph, variant = ctx.graph, ctx.params["variant"]
    if not ctx.has_goals():
        return View([], lambda: ctx.notice(ctx.t("no_goals"), ctx.t("followup"), "followup"))
    strategy = next((s for s in graph.ids_of(NodeType.STRATEGY)
                     if variant == slug(s) or variant.startswith(f"{slug(s)}-")), None)
    return View(lambda: ctx.city.followup(strategy=strategy, as_of=ctx.params["as_of"]).to_dicts(),
                lambda: _page(ctx, f"followup-{variant}.html"))


def _page(ctx: Context, path: str) -> str:
    rendered = followup_site(ctx).rendered
    if path not in rendered:
        raise NotFoundError(f"no page {path!r}; the scorecards: followup.html, followup-<strategy id>.html")
    return rendered[path]


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
    Page("followup", scorecard, "The follow-up scorecard", (_STRATEGY, _AS_OF), heavy=True),
    Page("followup-{variant}", scorecard_variant, "One strategy's scorecard, or the scorecard in another order",
         (Param("variant", "string", "A strategy's id (cleaned), an order, or both: S-2021, progress, S-2021-target.",
                max_chars=200), _AS_OF), heavy=True),
    Page("crosswalk", crosswalk, "The strategy crosswalk: old goals to new", heavy=True),
)
