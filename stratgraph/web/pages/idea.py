"""My idea: a text or a project in, the related projects out (with the reasons split into topic and
organisation, filters and paging), the partners behind them, and the rows as CSV or xlsx.
"""

from __future__ import annotations

from urllib.parse import urlencode

from graph_model.schema_types import NodeType, ProjectStatus, RelType
from ontologies.errors import UsageError
from queries.as_of import parse_years, runs_in
from queries.related import PARTNER_FACETS, TOPIC_FACETS
from queries.text_analysis import MAX_TEXT_CHARS
from stratgraph.api.tables import related_row
from stratgraph.web.handle import partners_behind
from stratgraph.web.views import Context, LazyRows, Page, Param, View
from visualize.naming import reason_lines

__all__ = ["PAGES", "related_filtered"]

#: How many related projects are ranked before the filters and paging apply.
POOL = 500
_PER_PAGE = 20
#: The reasons in the column "same topic": goals, themes and the words (by name, not by id).
TOPIC_REASONS = (*TOPIC_FACETS, "words")


def related_filtered(ctx: Context) -> LazyRows:
    """The related projects of the request's idea or project, best first, filtered by sector, fund and the
    years they run in (a project with no dates is left out when years are given). Ranked and filtered
    by id; a project's reasons are worked out when it is read (a page shows 20 of up to :data:`POOL`)."""
    p = ctx.params
    if (p["text"] is None) == (p["project"] is None):
        raise UsageError("give an idea as text or a project id (not both)")
    first, last = parse_years(p["years"]) if p["years"] else (None, None)
    index = ctx.snapshot.related_index()
    top = min(POOL, max(1, len(index.ids)))
    ranked = ctx.snapshot.remember(("ranked", p["project"], p["text"], p["status"], top), lambda: index.ranked(
        p["project"], p["text"], status=p["status"], top=top))
    graph = ctx.graph
    return LazyRows([r for r in ranked
                     if (p["sector"] is None or graph.sector_of(r.id) == p["sector"])
                     and (p["fund"] is None or p["fund"] in graph.targets(r.id, RelType.FUNDED_BY))
                     and (p["years"] is None or runs_in(graph.props.get(r.id, {}), first, last))], index.explain)


def idea(ctx: Context) -> View:
    """The form, and with ``text`` or ``project`` the related projects and the partners behind them."""
    p, graph, t = ctx.params, ctx.graph, ctx.t
    asked = p["text"] is not None or p["project"] is not None
    results = related_filtered(ctx) if asked else []

    def html() -> str:
        size = _PER_PAGE
        pages = max(1, -(-len(results) // size))
        page = min(p["page"], pages)
        shown = [{"id": r.id, "label": graph.label(r.id, t.lang),
                  "sector": graph.label(r.sector, t.lang) if r.sector else "",
                  "status": t.enum_label("status", r.status) if r.status else "", "score": t.number(r.score, ".2f"),
                  "same_topic": reason_lines(graph, r, t, TOPIC_REASONS),
                  "same_organisation": reason_lines(graph, r, t, PARTNER_FACETS)}
                 for r in results[(page - 1) * size:page * size]]
        form = {k: p[k] or "" for k in ("text", "project", "sector", "status", "fund", "years")}
        keep = {k: v for k, v in form.items() if v}
        partners = ctx.snapshot.remember(("partners", p["project"], p["text"]), lambda: partners_behind(
            ctx.city, p["project"], p["text"], 20)) if asked else None
        return ctx.render(
            "idea.html.j2", t("my_idea"), "idea", form=form, results=shown if asked else None, total=len(results),
            reranked=bool(shown) and p["project"] is not None and ctx.snapshot.related_index().reranks(),
            capped=len(results) >= POOL,  # the pool is full: more are related than are ranked
            page=page, pages=pages, sectors=sorted(((s, graph.label(s, t.lang)) for s in _leading_sectors(ctx) | ({p["sector"]} if graph.type_of(
                p["sector"] or "") == NodeType.SECTOR else set())),
                                                   key=lambda x: x[1].casefold()),
            statuses=[(s.value, t.enum_label("status", s.value)) for s in ProjectStatus],
            prev_href=f"idea.html?{urlencode({**keep, 'page': page - 1})}" if page > 1 else None,
            next_href=f"idea.html?{urlencode({**keep, 'page': page + 1})}" if page < pages else None,
            csv_href=f"idea.csv?{urlencode(keep)}", xlsx_href=f"idea.xlsx?{urlencode(keep)}",
            partners=None if partners is None else [_with_projects(graph, row, t.lang) for row in partners.to_dicts()])
    return View(LazyRows(results, related_row), html)


def _leading_sectors(ctx: Context) -> set[str]:
    """The sectors that lead a project (the filter offers only those: a register's sectors beside a
    project list that names none would filter every project away)."""
    graph = ctx.graph
    return ctx.snapshot.cached("leading_sectors", lambda: {s for p in graph.ids_of(NodeType.PROJECT)
                                                           if (s := graph.sector_of(p)) is not None})


def _with_projects(graph, partner: dict, lang: str, shown: int = 3) -> dict:
    """A partner row with its best ``shown`` projects by name (links on the page; its ``evidence``, with
    ids, roles in English and raw scores, is for the JSON) and how many more."""
    ids = list(partner["project_ids"])
    return {**partner, "shown": [(i, graph.label(i, lang)) for i in ids[:shown]], "more": max(0, len(ids) - shown)}


PAGES = (
    Page("idea", idea, "Related projects for an idea (text) or a project, with the reasons",
         (Param("text", "string", "The idea as free text (Finnish, Swedish or English).", max_chars=MAX_TEXT_CHARS),
          Param("project", "string", "Or a project id."),
          Param("sector", "string", "Only projects led from this sector (id)."),
          Param("status", "choice", "Only projects with this status.", choices=tuple(s.value for s in ProjectStatus)),
          Param("fund", "string", "Only projects with this funding source (id)."),
          Param("years", "string", "Only projects running in these years: 2021, 2019-2023, 2019- or -2023.",
                max_chars=20)),
         needs=("related",), formats=("csv", "xlsx")),
)
