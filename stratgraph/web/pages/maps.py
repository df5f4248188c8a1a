"""The maps: the list (with the level and an as-of date), each map as its interactive page (the very page
``stratgraph map`` writes, with its own hash-based policy), as PNG/SVG, and as JSON (the drawn data).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlencode

from queries.links import LEVELS
from stratgraph.web.views import Context, Page, Param, View
from visualize.html import map_json, render_map
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
    """One map: HTML is the interactive page; JSON is its nodes, edges, groups and legend."""
    data = map_data(ctx)
    def drawn() -> dict:  # heavy at region scale: once per map, and only for the JSON
        return ctx.snapshot.cached(f"json-{id(data)}", lambda: map_json(data))
    return View(lambda: drawn()["nodes"], lambda: render_map(data, back_href="../maps.html"),
                lambda: {"title": data.title, "subtitle": data.subtitle, "edges": drawn()["edges"]})


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
    Page("maps/{kind}", one_map, "One map: the interactive page, or its nodes (rows), edges and legend",
         (Param("kind", "choice", "Which map.", choices=MAP_KINDS, max_chars=40), *_PARAMS,
          Param("focus", "string", "The centre of a neighbourhood map (an id).")), formats=("png", "svg")),
)
