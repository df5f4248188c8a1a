"""The overview (``/`` and ``index.html``) and the search results (``search.html``, ``search.json``: the
suggestions of the search box).
"""

from __future__ import annotations

from queries.search import MAX_QUERY_CHARS, SEARCH_KINDS
from stratgraph.web.views import Context, Page, Param, View
from visualize.report import REPORT_MAPS, sources_as_rows

__all__ = ["PAGES"]


def index(ctx: Context) -> View:
    """Counts per node type, the sources (by name: no local path) and the way into every page."""
    graph, t = ctx.graph, ctx.t
    counts = {}
    for kind in graph.types.values():
        counts[kind] = counts.get(kind, 0) + 1
    rows = [{"type": kind, "count": n} for kind, n in sorted(counts.items())]

    def html() -> str:
        from queries.gaps import governance_gaps
        from queries.silos import goal_spread

        sources = sources_as_rows(ctx.snapshot.sources, t)
        spreads = ctx.snapshot.cached("silos", lambda: goal_spread(graph)) if ctx.has_goals() else []
        maps = [{"kind": k, "title": t(f"map_{k}", k), "description": "", "html": f"maps/{k}.html",
                 "png": f"maps/{k}.png", "svg": f"maps/{k}.svg"} for k in REPORT_MAPS]
        if not ctx.has_goals():
            ctx.site.request = {**ctx.site.request, "note": t("no_goals")}
        return ctx.render("index.html.j2", t("report_title"), "overview",
                          counts=sorted(((t.type_label(k).capitalize(), n) for k, n in counts.items()),
                                        key=lambda r: r[0].casefold()),
                          total_nodes=len(graph.types), total_relationships=sum(map(len, graph.edges.values())),
                          sources=sources, n_silos=sum(1 for s in spreads if s.silo),
                          n_gaps=len(ctx.snapshot.cached("gaps", lambda: governance_gaps(graph))),
                          n_links=len(ctx.snapshot.cached("links", lambda: _links(graph))),
                          n_projects=len(graph.ids_of("Project")), maps=maps, no_goals=not ctx.has_goals())
    return View(rows, html, {"sources": [{k: v for k, v in s.as_dict().items() if k in ("name", "format", "triples",
                                                                                      "ingested_at")}
                                         for s in ctx.snapshot.sources]})


def _links(graph):
    from visualize.maps import suggested_links

    return suggested_links(graph, level="unit", top=25)


def search(ctx: Context) -> View:
    """Entities whose names match every word of ``q`` (the last word also as a beginning)."""
    q, kind = ctx.params["q"], ctx.params["kind"]
    def found() -> list[dict]:
        hits = ctx.snapshot.search_index().query(q, top=ctx.params["top"], kinds=(kind,) if kind else None,
                                                 lang=ctx.lang) if q else []
        return [{**h.as_dict(), "kind": ctx.t.type_label(h.type), "href": ctx.site.paths.get(h.id)} for h in hits]
    rows = ctx.snapshot.remember(("search", q, ctx.params["top"], kind, ctx.lang), found)
    return View(rows, lambda: ctx.render("search.html.j2", ctx.t("search_results"), "", hits=rows, q=q))


PAGES = (
    Page("index", index, "Overview: nodes per type and the sources", heavy=True),
    Page("search", search, "Search projects, organisations, goals, metrics, bodies, networks and persons by name",
         (Param("q", "string", "Words of a name (Finnish inflections match; the last word may be cut short).",
                default="", max_chars=MAX_QUERY_CHARS),
          Param("kind", "choice", "Only this node type.", choices=tuple(k.value for k in SEARCH_KINDS)),
          Param("top", "integer", "How many results.", default=20, minimum=1, maximum=200)),
         needs=("search",)),
)
