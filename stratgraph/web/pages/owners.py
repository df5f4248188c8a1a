"""What a person, unit, sector, role or body owes: ``owe/<id>.html`` and ``.json`` (the rows of
``stratgraph owe ID --format json``): overdue and upcoming observations, actions and milestones. For an
account (an author of changes): the late or coming actions and milestones it entered.
"""

from __future__ import annotations

import datetime

from ontologies.errors import InputError
from queries.owners import owe, owe_account
from stratgraph.web.views import Context, Page, Param, View

__all__ = ["PAGES"]


def owed(ctx: Context) -> View:
    """The overdue and upcoming updates of one party, overdue first."""
    who, day = ctx.params["who"], ctx.params.get("date")
    try:
        day = datetime.date.fromisoformat(day) if day else None
    except ValueError as exc:
        raise InputError(f"date: {day[:10]!r} is not a date (YYYY-MM-DD)") from exc
    edits = ctx.snapshot.edits
    if ctx.graph.type_of(who) is None and edits is not None and who in edits.authors():
        rows = owe_account(ctx.graph, edits.created_by(who), day)  # an account: what it entered
    else:
        rows = owe(ctx.graph, who, day)

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
          Param("date", "string", "As on this day (YYYY-MM-DD; default today).", max_chars=10)), heavy=True),
)
