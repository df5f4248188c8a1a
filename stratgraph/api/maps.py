"""A map that shows itself in a notebook and saves as HTML, PNG or SVG.

The notebook view is the very page ``stratgraph map`` writes (:func:`visualize.html.render_map`:
offline, every label escaped, a Content-Security-Policy that runs only its own two scripts), put in an
``<iframe sandbox="allow-scripts" srcdoc="...">``: the page keeps its own CSP and scripts, and being
sandboxed it cannot reach into the notebook around it (nor the notebook's styles into it).

Examples
--------
>>> import pathlib, tempfile
>>> from visualize.model import MapData, MapNode
>>> data = MapData("demo", "Demo", "en")
>>> data.add_node(MapNode("x", "<script>alert(1)</script>", "Unit"))
>>> data.finish()
>>> m = Map(data)
>>> page = m._repr_html_()
>>> page.startswith("<iframe"), "<script>alert(1)" in page
(True, False)
>>> m.save(pathlib.Path(tempfile.mkdtemp()) / "demo.svg").suffix
'.svg'
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from ontologies.errors import UsageError
from visualize.model import MapData

__all__ = ["Map", "save_map", "MAP_SUFFIXES"]

MAP_SUFFIXES = ("html", "htm", "png", "svg")


def save_map(data: MapData, path: str | os.PathLike) -> Path:
    """Write a map as ``.html`` (interactive, offline), ``.png`` or ``.svg`` (with legend); return the path.

    ``stratgraph map --out`` writes with this function too.

    >>> save_map(MapData("demo", "Demo", "en"), "map.pdf")
    Traceback (most recent call last):
    ...
    ontologies.errors.UsageError: --out map.pdf: write .html, .png or .svg
    """
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in MAP_SUFFIXES:
        raise UsageError(f"--out {path}: write .html, .png or .svg")
    if suffix in ("png", "svg"):
        from visualize.static_image import write_image

        return write_image(data, path)
    from visualize.html import write_map

    return write_map(data, path)


class Map:
    """A laid-out map (:class:`visualize.model.MapData` in ``data``) for notebooks: shown inline, saved
    with :meth:`save`. Make one with :meth:`stratgraph.api.handle.Stratgraph.map`."""

    #: The height of the inline view in pixels.
    height = 640

    def __init__(self, data: MapData):
        if not isinstance(data, MapData):
            raise UsageError(f"Map needs a MapData, not {type(data).__name__}")
        self.data = data

    def __repr__(self) -> str:
        return f"<Map {self.data.kind}: {len(self.data.nodes)} nodes, {len(self.data.edges)} edges>"

    def html(self) -> str:
        """The map's own HTML page (what ``save("map.html")`` writes).

        >>> m = MapData("demo", "Demo", "en")
        >>> m.finish()
        >>> Map(m).html().startswith("<!DOCTYPE html>")
        True
        """
        from visualize.html import render_map

        return render_map(self.data)

    def _repr_html_(self) -> str:
        """The page in a sandboxed iframe (``srcdoc`` is attribute-escaped, so it stays one attribute)."""
        return (f'<iframe sandbox="allow-scripts" title="{html.escape(self.data.title, quote=True)}" '
                f'style="width:100%;height:{self.height}px;border:1px solid #ddd" '
                f'srcdoc="{html.escape(self.html(), quote=True)}"></iframe>')

    def save(self, path: str | os.PathLike) -> Path:
        """Write the map as ``.html``, ``.png`` or ``.svg`` (see :func:`save_map`); return the path.

        >>> import pathlib, tempfile
        >>> m = MapData("demo", "Demo", "en")
        >>> m.finish()
        >>> Map(m).save(pathlib.Path(tempfile.mkdtemp()) / "demo.html").read_text()[:15]
        '<!DOCTYPE html>'
        """
        if not isinstance(path, (str, os.PathLike)):
            raise UsageError(f"path must be str or PathLike, not {type(path).__name__} ({path!r})")
        return save_map(self.data, path)
