"""A page for every entity (the report's project, organisation and body pages; a generic page for the
other kinds) and the lists of projects, organisations and bodies, paged.

An entity's JSON is its facts and every relationship in and out, each with the other end's name, and
its record: the changes made to it (who, when, what; newest first) and its comments.
"""

from __future__ import annotations

from graph_model.schema_types import NodeType
from ontologies.errors import NotFoundError
from stratgraph.web.views import Context, Page, Param, View
from visualize import report
from visualize.maps import _facts

__all__ = ["PAGES", "relationships"]

_LIST_SIZE = 200
_KINDS = {"projects": (NodeType.PROJECT,), "organisations": (NodeType.SECTOR, NodeType.UNIT, NodeType.STAKEHOLDER),
          "bodies": (NodeType.GOVERNING_BODY,)}


def relationships(graph, ident: str, lang: str) -> list[dict]:
    """Every relationship of ``ident``, out and in, with the other end's id, type and name.

    >>> from queries.projection import GraphData
    >>> g = GraphData(types={"P": "Project", "U": "Unit"}, labels={"U": {"fi": "Yksikkö"}},
    ...               edges={"led_by": [("P", "U")]})
    >>> relationships(g, "U", "fi")
    [{'relation': 'led_by', 'direction': 'in', 'id': 'P', 'type': 'Project', 'label': 'P'}]
    """
    rows = []
    for relation, pairs in sorted(graph.edges.items()):
        for direction, others in (("out", graph.targets(ident, relation)), ("in", graph.sources(ident, relation))):
            rows += [{"relation": relation, "direction": direction, "id": o, "type": graph.type_of(o),
                      "label": graph.label(o, lang)} for o in sorted(others)]
    return rows


def entity(ctx: Context) -> View:
    """One entity's page: ``<folder>/<name>.html`` as the report names it."""
    path = f"{ctx.params['folder']}/{ctx.params['name']}.html"
    ident = ctx.site.ident_at(path)
    if ident is None:
        raise NotFoundError(f"no page {path!r}: search for the name instead")
    graph, t, kind = ctx.graph, ctx.t, ctx.graph.type_of(ident)
    rows = relationships(graph, ident, t.lang)
    record = ctx.snapshot.edits.record_of(ident) if ctx.snapshot.edits is not None else {"history": [], "comments": []}
    extra = {"id": ident, "type": kind, "label": graph.label(ident, t.lang),
             "facts": [{"name": n, "value": v} for n, v in _facts(graph, ident, t)], **record}

    def html() -> str:
        site = ctx.site
        site.request["record"] = record  # the base template shows the changes and comments (text, escaped)
        if kind == NodeType.PROJECT:
            report.project_page(site, ident, ctx.snapshot.related_index())
        elif kind in (NodeType.SECTOR, NodeType.UNIT, NodeType.STAKEHOLDER):
            report.organisation_page(site, ident, ctx.snapshot.cached("network", lambda: _network(graph)),
                                     page=ctx.params.get("page") or 1)
        elif kind == NodeType.GOVERNING_BODY:
            seats = graph.adjacency("has_member", NodeType.GOVERNING_BODY, reverse=True)
            report.body_page(site, ident, seats)
        elif kind == NodeType.GOAL and graph.ids_of(NodeType.GOAL):
            from stratgraph.web.pages.followup import followup_site

            return followup_site(ctx).rendered[path]
        else:
            _generic(ctx, ident, rows)
        return site.rendered[path]
    return View(rows, html, extra)


def _network(graph):
    from queries.network import collaboration_network

    return collaboration_network(graph, level="organisation")


def _generic(ctx: Context, ident: str, rows: list[dict]) -> None:
    graph, t = ctx.graph, ctx.t
    blocks: dict[tuple[str, str], list] = {}
    for r in rows:
        title = t.relation_label(r["relation"]).capitalize() + (" ←" if r["direction"] == "in" else "")
        blocks.setdefault((title, r["direction"]), []).append((r["id"], r["label"], t.type_label(r["type"] or "")))
    report._entity(ctx.site, ident, [{"title": title, "items": sorted(items, key=lambda i: i[1].casefold())}
                                     for (title, _), items in blocks.items()])


def listing(ctx: Context) -> View:
    """The projects, organisations or bodies, by name, paged."""
    graph, t, folder = ctx.graph, ctx.t, ctx.params["folder"]
    if folder not in _KINDS:
        raise NotFoundError(f"no list {folder!r}; lists: {', '.join(_KINDS)}")
    ids = sorted((i for kind in _KINDS[folder] for i in graph.ids_of(kind)),
                 key=lambda i: graph.label(i, t.lang).casefold())
    rows = [{"id": i, "label": graph.label(i, t.lang), "type": graph.type_of(i),
             "sector": graph.label(graph.sector_of(i), t.lang) if graph.sector_of(i) else ""} for i in ids]

    def html() -> str:
        page = ctx.params["page"]
        shown = rows[(page - 1) * _LIST_SIZE:page * _LIST_SIZE]
        section = {"title": None, "header": [t("name"), t("type"), t("sector")],
                   "rows": [{"href": ctx.site.href(r["id"], ctx.path), "label": r["label"],
                             "cells": [t.type_label(r["type"]), r["sector"]]} for r in shown]}
        return ctx.render("list.html.j2", t(folder), folder, sections=[section])
    return View(rows, html)


PAGES = (
    Page("{folder}/index", listing, "The projects, organisations or bodies by name",
         (Param("folder", "choice", "Which list.", choices=tuple(_KINDS), max_chars=40),), heavy=True),
    Page("{folder}/{name}", entity, "One entity: its facts and relationships (names, not only ids)",
         (Param("folder", "choice", "The kind of page.",
                choices=("projects", "organisations", "bodies", "goals", "entities"), max_chars=40),
          Param("name", "string", "The page's name (the id, cleaned).", max_chars=200)), needs=("related",)),
)
