"""An offline inline SVG chart of one metric: observations, baseline, target and the expected trajectory.

No script, no external file: the SVG is part of the page. Every text in it is escaped (a metric's
unit is data).

Examples
--------
>>> from queries.followup import metric_progress
>>> p = metric_progress("M", baseline=10, baseline_year=2020, target=20, target_year=2025,
...                     direction="increase", observations=[(2021, 11), (2022, 13)])
>>> svg = metric_svg(p, unit="<b>%</b>", title="Osuus")
>>> svg.startswith("<svg") and "&lt;b&gt;%&lt;/b&gt;" in svg and "<b>" not in svg
True
"""

from __future__ import annotations

from markupsafe import Markup, escape

from queries.followup.progress import MetricProgress
from visualize.i18n import LocalNumber

__all__ = ["metric_svg"]

_W, _H, _L, _R, _T, _B = 420, 190, 64, 16, 14, 30


def _fmt(value: float, lang: str = "en") -> str:
    """A value on the chart in ``lang``'s style.

    >>> _fmt(13.94, "fi"), _fmt(13.94), _fmt(2400000, "fi")
    ('13,9', '13.9', '2\xa0400\xa0000')
    """
    text = format(LocalNumber(value, lang), ",.0f" if abs(value) >= 1000 else ".3g")
    return text.replace(",", "\u202f") if lang != "fi" else text


def metric_svg(p: MetricProgress, *, unit: str = "", title: str = "", words: dict[str, str] | None = None,
               lang: str = "en") -> Markup:
    """The chart as SVG markup, numbers in ``lang``'s style; empty when there is less than two points to
    draw (baseline, target and observations together): one value is in the caption already.

    >>> from queries.followup import metric_progress
    >>> metric_svg(metric_progress("M", baseline=None, baseline_year=None, target=None, target_year=None,
    ...                            direction="increase", observations=[(2024, 13.9)]))
    Markup('')
    """
    words = words or {"observed": "observed", "expected": "expected trajectory", "target": "target",
                      "baseline": "baseline"}
    points = list(p.series)
    if p.baseline is not None and p.baseline_year is not None:
        points.append((p.baseline_year, p.baseline))
    if p.target is not None and p.target_year is not None:
        points.append((p.target_year, p.target))
    if len(points) < 2:
        return Markup("")
    years = [y for y, _ in points]
    values = [v for _, v in points]
    x0 = min(years)
    x1 = max(max(years), x0 + 1)
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.1 or abs(hi) * 0.1 or 1.0
    lo, hi = lo - pad, hi + pad

    def x(year: float) -> float:
        return _L + (year - x0) / (x1 - x0) * (_W - _L - _R)

    def y(value: float) -> float:
        return _T + (hi - value) / (hi - lo) * (_H - _T - _B)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {_W} {_H}" width="{_W}" '
             f'height="{_H}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<rect x="{_L}" y="{_T}" width="{_W - _L - _R}" height="{_H - _T - _B}" fill="#fafbfc" stroke="#dde1e4"/>']
    for value in sorted({lo + pad, hi - pad}):  # equal values: one label, not two on top of each other
        parts.append(f'<text x="{_L - 4}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="10">'
                     f'{escape(_fmt(value, lang))}</text>')
    for year in sorted({x0, x1, *(yy for yy, _ in p.series)}):
        parts.append(f'<text x="{x(year):.1f}" y="{_H - _B + 14}" text-anchor="middle" font-size="10">{year}</text>')
    parts.append(f'<text x="4" y="{_T + 8}" font-size="10">{escape(unit)}</text>')
    if None not in (p.baseline, p.baseline_year, p.target, p.target_year):
        parts.append(f'<line x1="{x(p.baseline_year):.1f}" y1="{y(p.baseline):.1f}" x2="{x(p.target_year):.1f}" '
                     f'y2="{y(p.target):.1f}" stroke="#8c8f94" stroke-dasharray="5 4" stroke-width="1.5">'
                     f'<title>{escape(words["expected"])}</title></line>')
        parts.append(f'<circle cx="{x(p.target_year):.1f}" cy="{y(p.target):.1f}" r="5" fill="none" stroke="#2e7d32" '
                     f'stroke-width="2"><title>{escape(words["target"])} {escape(_fmt(p.target, lang))}</title></circle>')
    if p.baseline is not None and p.baseline_year is not None:
        parts.append(f'<rect x="{x(p.baseline_year) - 4:.1f}" y="{y(p.baseline) - 4:.1f}" width="8" height="8" '
                     f'fill="#50575e"><title>{escape(words["baseline"])} {escape(_fmt(p.baseline, lang))}</title></rect>')
    if p.series:
        line = " ".join(f"{x(yy):.1f},{y(v):.1f}" for yy, v in p.series)
        parts.append(f'<polyline points="{line}" fill="none" stroke="#0a4b78" stroke-width="2"/>')
        for yy, v in p.series:
            parts.append(f'<circle cx="{x(yy):.1f}" cy="{y(v):.1f}" r="3.5" fill="#0a4b78"><title>'
                         f'{escape(words["observed"])} {yy}: {escape(_fmt(v, lang))}</title></circle>')
    parts.append("</svg>")
    return Markup("".join(parts))
