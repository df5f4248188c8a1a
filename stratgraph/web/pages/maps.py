"""The maps: the list (with the level and an as-of date), each map as its interactive page (the very page
``stratgraph map`` writes, with its own hash-based policy), as PNG/SVG, and as JSON (the drawn data).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlencode

from queries.links import LEVELS
from stratgraph.web.views import Context, Page, Param, View
from visualize.html import render_map
from visualize.levels import MapLevel, edges_among, map_level, map_levels
from visualize.maps import MAP_KINDS, build_map
from visualize.report import REPORT_MAPS

__all__ = ["PAGES", "map_data", "map_image"]

_PARAMS = (Param("level", "choice", "Roll organisations up to units, sectors or organisations.", default="unit",
                 choices=LEVELS),
           Param("as_of", "date", "The network as it was on this day (YYYY-MM-DD).", max_chars=10))


def map_data(ctx: Context):
    """The map ``kind`` of the request (built once per store version, language and options)."""
    p = ctx.params
    kind, level, as_of, focus = p["kind"], p["level"], p["as_of"], p.get("focus")
    key = f"map-{kind}-{ctx.lang}-{level}-{as_of}-{focus}"
    site = ctx.site
    return ctx.snapshot.cached(key, lambda: build_map(
        ctx.city.graph(as_of), kind, lang=ctx.lang, level=level, as_of=as_of, focus=focus,
        href=lambda ident: site.href(ident, "maps/x.html")))


def maps(ctx: Context) -> View:
    """The maps with their options."""
    t, p = ctx.t, ctx.params
    query = urlencode({k: v for k, v in (("level", p["level"]), ("as_of", p["as_of"])) if v})
    rows = [{"kind": k, "title": t(f"map_{k}", k), "html": f"maps/{k}.html?{query}", "json": f"maps/{k}.json?{query}",
             "png": f"maps/{k}.png?{query}", "svg": f"maps/{k}.svg?{query}"} for k in REPORT_MAPS]

    def html() -> str:
        ctx.site.request = {**ctx.site.request, "form": {"action": "maps.html", "fields": [
            {"name": "level", "label": t("level"), "options": [(v, v) for v in LEVELS], "value": p["level"]},
            {"name": "as_of", "label": t("as_of").capitalize(), "type": "date",
             "value": p["as_of"].isoformat() if p["as_of"] else ""}]}}
        return ctx.render("maps.html.j2", t("maps"), "maps", maps=[{**r, "description": ""} for r in rows])
    return View(rows, html)


def one_map(ctx: Context) -> View:
    """One map: HTML is the interactive page; JSON is one level of it (:mod:`visualize.levels`): the top
    groups with their counts, or with ``group`` what that group holds, each group with the link that
    opens it, and the edges between the items of the page only. So an answer stays small at any scale."""
    data = map_data(ctx)
    p = ctx.params
    group = p["group"]

    def level() -> MapLevel:  # every level of the map at once, once per map version
        levels = ctx.snapshot.cached(f"levels-{id(data)}", lambda: _opened(map_levels(data), p))
        if group not in levels:
            map_level(data, group)  # says which group is unknown
        return levels[group]

    def extra() -> dict:
        items = level().items[(p["page"] - 1) * p["size"]:p["page"] * p["size"]]
        edges, total = edges_among(level(), {i["id"] for i in items})
        return {"title": data.title, "subtitle": data.subtitle, "group": group, "parent": level().parent,
                "edges": edges, "edges_total": total,
                "legend": [{"label": e.label, "colour": e.colour, "shape": e.shape} for e in data.legend]}
    return View(lambda: level().items, lambda: render_map(data, back_href="../maps.html"), extra)


def _opened(levels: dict, p: dict) -> dict:
    """The levels with each group's link to open it (the request's options kept)."""
    keep = {k: v for k, v in (("level", p["level"]), ("as_of", p["as_of"])) if v}
    for level in levels.values():
        for item in level.items:
            if item["type"] == "group":
                item["open"] = f"{p['kind']}.json?{urlencode({**keep, 'group': item['id']})}"
    return levels


def map_image(ctx: Context, suffix: str) -> bytes:
    """The map as a PNG or SVG image (drawn once per store version and options)."""
    from visualize.static_image import write_image

    data = map_data(ctx)

    def draw() -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            path = write_image(data, Path(folder) / f"map.{suffix}", **({"dpi": 110} if suffix == "png" else {}))
            return path.read_bytes()
    p = ctx.params
    return ctx.snapshot.cached(f"image-{suffix}-{p['kind']}-{ctx.lang}-{p['level']}-{p['as_of']}", draw)


PAGES = (
    Page("maps", maps, "The maps, with links to each as a page, image and JSON", _PARAMS),
    Page("maps/{kind}", one_map,
         "One map: the interactive page, or one level of it (groups with counts, a group opened) with its edges",
         (Param("kind", "choice", "Which map.", choices=MAP_KINDS, max_chars=40), *_PARAMS,
          Param("focus", "string", "The centre of a neighbourhood map (an id)."),
          Param("group", "string", "JSON: open this group (an id of a row; none: the top level).", max_chars=2000)),
         formats=("png", "svg"), heavy=True),
)
