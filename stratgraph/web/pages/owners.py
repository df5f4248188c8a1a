"""What a person, unit, sector, role or body owes: ``owe/<id>.html`` and ``.json`` (the rows of
``stratgraph owe ID --format json``): overdue and upcoming observations, actions and milestones.
"""

from __future__ import annotations

import datetime

from queries.owners import owe
from stratgraph.web.views import Context, Page, Param, View

__all__ = ["PAGES"]


def owed(ctx: Context) -> View:
    """The overdue and upcoming updates of one party, overdue first."""
    who, day = ctx.params["who"], ctx.params.get("date")
    rows = owe(ctx.graph, who, datetime.date.fromisoformat(day) if day else None)

    def html() -> str:
        t, site = ctx.t, ctx.site
        section = {"title": None, "header": [t("what"), t("when"), t("due", "due"), t("state", "state"), t("why", "why")],
                   "rows": [{"href": site.href(r["for"] or r["id"], ctx.path), "label": r["label"],
                             "cells": [r["when"], r["due"] or "", r["state"], r["why"]]} for r in rows]}
        if not rows:
            site.request = {**site.request, "note": t("owe_none")}
        return ctx.render("list.html.j2", t("owe_title").format(name=ctx.graph.label(who, t.lang)), "",
                          sections=[section] if rows else [])
    return View(rows, html, {"who": who, "label": ctx.graph.label(who, ctx.lang)})


PAGES = (
    Page("owe/{who}", owed, "What a person, unit, sector, role or body owes: overdue and upcoming updates",
         (Param("who", "string", "The party's id.", max_chars=200),
          Param("date", "string", "As on this day (YYYY-MM-DD; default today).", max_chars=10))),
)
