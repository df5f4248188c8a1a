"""Static images of a map for slides and documents: PNG or SVG, with a legend, drawn with matplotlib.

The same positions, colours and shapes as the interactive page. Small maps label every node; large
ones label the most central nodes only. Text goes into the image as text (PNG pixels, SVG glyph
paths), so a label can never become markup in an SVG.

Examples
--------
>>> import tempfile, pathlib
>>> from visualize.model import MapData, MapNode, MapEdge
>>> m = MapData("demo", "Demo", "en")
>>> m.add_node(MapNode("a", "<b>A</b>", "Unit"))
>>> m.add_node(MapNode("b", "B", "Stakeholder"))
>>> m.edges.append(MapEdge("a", "b"))
>>> m.finish()
>>> out = write_image(m, pathlib.Path(tempfile.mkdtemp()) / "demo.svg")
>>> b"<b>A</b>" in out.read_bytes(), out.read_bytes().startswith(b"<?xml")
(False, True)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ontologies.errors import UsageError
from visualize.model import TYPE_SHAPES, MapData

__all__ = ["IMAGE_FORMATS", "write_image"]

IMAGE_FORMATS = ("png", "svg")
_MARKERS = {"dot": "o", "square": "s", "triangle": "^", "triangleDown": "v", "diamond": "D", "star": "*",
            "hexagon": "h"}
_LABEL_ALL_BELOW = 150
_LABEL_TOP = 40


def write_image(data: MapData, path: Path | str, *, width: float = 16.0, height: float = 10.0,
                dpi: int = 150) -> Path:
    """Draw ``data`` to ``path``; the format comes from the suffix (.png or .svg).

    Parameters
    ----------
    data : MapData
        A finished map (:meth:`MapData.finish` computed its positions).
    path : path
        Where to write; ``.png`` or ``.svg``.
    width, height : float
        The figure's size in inches (16 x 10 suits a 16:10 slide).
    dpi : int
        Resolution of a PNG.

    Raises
    ------
    UsageError
        Any other suffix.
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in IMAGE_FORMATS:
        raise UsageError(f"cannot write {path.name}: images are .png or .svg")
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:  # pragma: no cover - matplotlib is a dependency
        raise UsageError("static images need matplotlib: pip install matplotlib") from exc
    figure = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    _draw(axes, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format=fmt, dpi=dpi, facecolor="white", metadata=_metadata(fmt, data))
    return path


def _metadata(fmt: str, data: MapData) -> dict:
    return {"Title": data.title} if fmt == "png" else {"Title": data.title, "Date": None}


def _draw(axes, data: MapData) -> None:
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    pos = data.positions if data.positions is not None else np.zeros((len(data.nodes), 2))
    pos = pos * np.array([1.0, -1.0])  # the page's y axis points down
    index = {n.id: i for i, n in enumerate(data.nodes)}
    many = len(data.nodes) > 1000
    plain = [e for e in data.edges if not e.suggested]
    if plain:
        segments = np.array([[pos[index[e.a]], pos[index[e.b]]] for e in plain])
        widths = np.clip(0.4 + np.log1p([e.weight for e in plain]) * (0.4 if many else 0.9), 0.2, 5.0)
        axes.add_collection(LineCollection(segments, linewidths=widths, colors="#9AA0A6",
                                           alpha=0.25 if many else 0.5, zorder=1))
    suggested = [e for e in data.edges if e.suggested]
    if suggested:
        segments = np.array([[pos[index[e.a]], pos[index[e.b]]] for e in suggested])
        axes.add_collection(LineCollection(segments, linewidths=1.8, colors="#D55E00", linestyles=(0, (4, 3)),
                                           zorder=2))
    importance = np.array([n.importance for n in data.nodes]) if data.nodes else np.zeros(0)
    base = 8 if many else 60
    sizes = base + (6 if many else 420) * importance
    colours = [data.colours.get(n.colour_key, "#888888") for n in data.nodes]
    shapes = np.array([TYPE_SHAPES.get(n.type, "dot") for n in data.nodes])
    for shape in sorted(set(shapes)):
        rows = np.flatnonzero(shapes == shape)
        axes.scatter(pos[rows, 0], pos[rows, 1], s=sizes[rows], c=[colours[i] for i in rows],
                     marker=_MARKERS.get(shape, "o"), edgecolors=["#111111" if data.nodes[i].emphasis else "white"
                                                                  for i in rows],
                     linewidths=[2.0 if data.nodes[i].emphasis else 0.5 for i in rows], zorder=3)
    labelled = range(len(data.nodes)) if len(data.nodes) <= _LABEL_ALL_BELOW else \
        np.argsort(-importance, kind="stable")[:_LABEL_TOP]
    font = 7 if len(data.nodes) > 60 else 8.5
    for i in labelled:
        axes.annotate(_short(data.nodes[i].label), pos[i], xytext=(0, -7 - np.sqrt(sizes[i]) / 2),
                      textcoords="offset points", ha="center", va="top", fontsize=font, color="#1d2327",
                      zorder=4, annotation_clip=False)
    axes.set_aspect("equal", adjustable="datalim")
    axes.autoscale_view()
    axes.margins(0.06)
    axes.set_axis_off()
    axes.set_title(data.title, loc="left", fontsize=14, fontweight="bold")
    handles = []
    for entry in data.legend:
        if entry.dashed:
            handles.append(Line2D([], [], color="#D55E00", linestyle=(0, (4, 3)), linewidth=1.8, label=entry.label))
            continue
        marker = _MARKERS.get(entry.shape or "dot", "o")
        face = entry.colour or "white"
        handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=9, markerfacecolor=face,
                              markeredgecolor="#50575e" if entry.colour is None else face, label=entry.label))
    if handles:
        axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=9,
                    title=None, borderaxespad=0.5)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
