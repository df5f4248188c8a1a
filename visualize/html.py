"""A map as one self-contained HTML page: offline, text never read as markup, fast to first draw.

pyvis's own template loads vis-network and bootstrap from CDNs and has autoescape off (labels, titles
and node ids executed as HTML in Chromium). So pyvis is used here for what it does well, the
vis-network options (:func:`vis_options`), and the page comes from our own Jinja2 template with
autoescaping on:

- vis-network 9.1.2's JS and CSS (shipped in ``visualize/static/`` with their licence) and our
  ``map.js`` / ``map.css`` are inlined: the page requests nothing, from anywhere;
- the map's data is JSON inside ``<script type="application/json">`` with ``<``, ``>``, ``&``,
  U+2028 and U+2029 escaped, so no text can close the element; ``map.js`` writes text with
  ``textContent`` only and gives vis-network no HTML titles;
- a Content-Security-Policy allows exactly the page's own two scripts (by SHA-256), no network
  requests at all, and no inline event handlers: an injected ``onerror=`` would not run even if
  escaping failed.

Examples
--------
>>> from visualize.model import MapData, MapNode
>>> m = MapData("demo", "<b>Demo</b>", "en")
>>> m.add_node(MapNode("x", "<img src=x onerror=alert(1)>", "Unit"))
>>> m.finish()
>>> page = render_map(m)
>>> "<img src=x" in page, "\\\\u003cimg src=x" in page, "&lt;b&gt;Demo" in page
(False, True, True)
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from visualize.i18n import STRINGS, translator
from visualize.model import TYPE_SHAPES, MapData

__all__ = ["render_map", "write_map", "json_for_html", "vis_options", "page_environment", "map_policy", "map_json",
           "node_item", "STATIC_DIR"]

STATIC_DIR = Path(__file__).resolve().parent / "static"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
_PAGE_STRINGS = ("search", "search_placeholder", "filter_all", "show_suggested", "expand_all", "collapse_all",
                 "fit", "legend", "details", "details_hint", "members", "no_match", "open_page", "nodes_shown",
                 "weight")
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028",
                 0x2029: "\\u2029"}
#: Above this many nodes drawn at once, edges are hidden while dragging and zooming.
_LARGE = 1500


def json_for_html(value: object) -> Markup:
    """JSON that is safe inside a ``<script type="application/json">`` element.

    >>> str(json_for_html({"a": "</script><script>alert(1)</script>"}))
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Markup(text.translate(_JSON_ESCAPES))


@lru_cache(maxsize=None)
def page_environment() -> jinja2.Environment:
    """The Jinja2 environment of every page stratgraph writes: autoescape on for all templates."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@lru_cache(maxsize=None)
def _static(name: str) -> str:
    return (STATIC_DIR / name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def vis_options(large: bool) -> dict:
    """vis-network options, built with pyvis's option model: physics off (positions are computed in
    Python), straight edges, no layout pass, hover events for our own tooltip."""
    from pyvis.network import Network

    net = Network(directed=False)
    net.toggle_physics(False)
    net.toggle_stabilization(False)
    net.toggle_hide_edges_on_drag(large)
    net.inherit_edge_colors(False)
    options = json.loads(net.options.to_json())
    options["edges"].update(smooth={"enabled": False}, selectionWidth=2, hoverWidth=1.5)
    options["layout"] = {"improvedLayout": False, "randomSeed": 1}
    options["interaction"].update(hover=True, tooltipDelay=120, hideEdgesOnZoom=large, multiselect=False,
                                  navigationButtons=False, keyboard={"enabled": True, "bindToWindow": False})
    options["nodes"] = {"shape": "dot", "font": {"size": 14, "face": "system-ui, sans-serif",
                                                 "strokeWidth": 3, "strokeColor": "#ffffff"},
                        "scaling": {"label": {"enabled": True, "drawThreshold": 5}}}
    return options


def map_json(data: MapData) -> dict:
    """The map as the data its page draws (nodes with positions, edges, groups, facets, legend): the
    web app's ``maps/<kind>.json``."""
    return _page_data(data)


def node_item(data: MapData, i: int) -> dict:
    """The ``i``-th node of a finished map as its page draws it: label, type, colour, shape, size, position,
    group path, tooltip facts and filter facets (the web app's map JSON gives the same items)."""
    node, positions = data.nodes[i], data.positions
    item = {"id": node.id, "label": node.label, "type": node.type,
            "colour": data.colours.get(node.colour_key, "#888888"), "shape": TYPE_SHAPES.get(node.type, "dot"),
            "importance": round(float(node.importance), 4), "x": round(float(positions[i, 0]), 1),
            "y": round(float(positions[i, 1]), 1), "path": list(node.path), "facts": node.facts,
            "facets": {k: v for k, v in node.facets.items() if v}}
    if node.emphasis:
        item["emphasis"] = True
    if node.href:
        item["href"] = node.href
    return item


def _page_data(data: MapData) -> dict:
    nodes = [node_item(data, i) for i in range(len(data.nodes))]
    edges = [{"from": e.a, "to": e.b, "weight": round(float(e.weight), 4), "kind": e.kind,
              "suggested": e.suggested, "facts": e.facts} for e in data.edges]
    groups = {g.id: {"label": g.label, "colour": g.colour, "depth": g.depth, "count": g.count,
                     "x": round(g.x, 1), "y": round(g.y, 1), "radius": round(g.radius, 1)}
              for g in data.groups.values()}
    facets = [{"name": name, "label": data.facet_labels.get(name, name),
               "values": sorted(([k, v] for k, v in values.items()
                                 if any(k in n.facets.get(name, ()) for n in data.nodes)),
                                key=lambda kv: kv[1].casefold())}
              for name, values in data.facets.items()]
    legend = [{"label": e.label, "colour": e.colour, "shape": e.shape, "dashed": e.dashed} for e in data.legend]
    t = translator(data.lang)
    initially = len(data.nodes) if data.start_depth is None else len(data.groups)
    return {"kind": data.kind, "lang": data.lang, "nodes": nodes, "edges": edges, "groups": groups,
            "facets": facets, "legend": legend, "startDepth": data.start_depth,
            "strings": {k: t(k) for k in _PAGE_STRINGS},
            "options": vis_options(initially > _LARGE or len(data.nodes) > _LARGE)}


def map_policy() -> str:
    """The Content-Security-Policy of a map page: its own two inline scripts (by SHA-256), nothing else.

    >>> map_policy().startswith("default-src 'none'; script-src 'sha256-")
    True
    """
    return (f"default-src 'none'; script-src {_sha256(_static('vis-network.min.js'))} {_sha256(_static('map.js'))}; "
            "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")


def render_map(data: MapData, back_href: str | None = None, back_label: str | None = None) -> str:
    """The map as one HTML page (a string); ``back_href`` adds a link back (the report's index)."""
    vis_js, map_js = _static("vis-network.min.js"), _static("map.js")
    csp = map_policy()
    t = translator(data.lang)
    template = page_environment().get_template("map.html.j2")
    return template.render(
        lang=data.lang, title=data.title, subtitle=data.subtitle, csp=csp,
        strings={k: STRINGS[k].get(data.lang) or STRINGS[k]["en"] for k in _PAGE_STRINGS},
        back_href=back_href, back_label=back_label or t("back_to_index"),
        vis_css=Markup(_static("vis-network.css")), map_css=Markup(_static("map.css")),
        vis_js=Markup(vis_js), map_js=Markup(map_js), data_json=json_for_html(_page_data(data)))


def write_map(data: MapData, path: Path | str, **kwargs: str) -> Path:
    """Write :func:`render_map` to ``path`` (UTF-8); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_map(data, **kwargs), encoding="utf-8")
    return path
