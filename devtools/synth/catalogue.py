"""The shared catalogues: themes (a hierarchy under the theme groups) and funding sources.

>>> from devtools.synth.scales import SCALES
>>> from devtools.synth.world import World
>>> w = World(SCALES["city"], 1)
>>> t = themes(w, None)
>>> len(t.ids), t.ids[0], t.rows[0][:2]
(60, 'T-001', ('Ilmasto ja ympäristö', 'Climate and environment'))
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from devtools.synth.draw import _cap, _power_weights, _width
from devtools.synth.words import _FUNDING, _MODIFIERS, _THEME_GROUPS, _THEME_NOUNS

__all__ = ["Funding", "Themes", "funding", "themes"]


@dataclass(frozen=True)
class Themes:
    """Themes: rows (label fi, label en, noun fi, noun en, group, broader index or -1), ids, draw weights."""

    rows: list[tuple[str, str, str, str, int, int]]
    ids: list[str]
    cum: np.ndarray
    top: list[int]
    of_group: dict[int, list[int]]

    def draw(self, rng: np.random.Generator) -> int:
        """A theme drawn by the power-law weights."""
        return int(np.searchsorted(self.cum, rng.random() * self.cum[-1], side="right").clip(0, len(self.cum) - 1))


@dataclass(frozen=True)
class Funding:
    """Funding sources: ids, labels and draw weights."""

    ids: list[str]
    fi: list[str]
    en: list[str]
    w: np.ndarray


def themes(w, sheets) -> Themes:
    """Draw the themes and write the Theme sheet (``sheets`` None: only draw)."""
    rng, n = w.rng, w.s.themes
    n_top = min(n, len(_THEME_GROUPS))
    # (label fi, label en, noun fi, noun en, group, broader index or -1)
    rows: list[tuple[str, str, str, str, int, int]] = [
        (fi, en, nfi, nen, g, -1) for g, (fi, en, nfi, nen, _sdg) in enumerate(_THEME_GROUPS[:n_top])]
    nouns = rng.permutation(len(_THEME_NOUNS)).tolist()
    noun_theme: dict[int, int] = {}
    for k in nouns[: max(0, min(n - n_top, len(nouns)))]:
        fi, en, g = _THEME_NOUNS[k]
        noun_theme[k] = len(rows)
        rows.append((_cap(fi), _cap(en), fi, en, g, g if g < n_top else -1))
    used = {t[0] for t in rows}
    while len(rows) < n:  # larger scales: "Kestävä liikenne" under "Liikenne"
        k = nouns[int(rng.integers(len(nouns)))]
        mfi, men = _MODIFIERS[int(rng.integers(len(_MODIFIERS)))]
        fi, en, g = _THEME_NOUNS[k]
        if f"{mfi} {fi}" in used:
            continue
        used.add(f"{mfi} {fi}")
        rows.append((f"{mfi} {fi}", f"{men} {en}", fi, en, g, noun_theme.get(k, -1)))
    ids = [f"T-{i + 1:0{_width(n)}d}" for i in range(n)]
    cum = np.cumsum(_power_weights(rng, n, 0.9))
    of_group: dict[int, list[int]] = {}
    for i, t in enumerate(rows):
        of_group.setdefault(t[4], []).append(i)
    result = Themes(rows, ids, cum, [i for i, t in enumerate(rows) if t[5] < 0], of_group)
    if sheets is not None:
        sheets.write("Theme", (
            [ids[i], fi, en,
             f"Teemaryhmä: {fi.lower()}." if broader < 0 else "", f"Theme group: {en.lower()}." if broader < 0 else "",
             ids[broader] if broader >= 0 else ""]
            for i, (fi, en, _nfi, _nen, _g, broader) in enumerate(rows)))
    return result


def funding(w, sheets) -> Funding:
    """Draw the funding sources (programmes, then their calls at larger scales) and write their sheet."""
    rng, n = w.rng, w.s.funding
    rows = []
    ids, fis, ens = [], [], []
    for i in range(n):
        fi, en, kind = _FUNDING[i % len(_FUNDING)]
        base_en = en
        if i >= len(_FUNDING):  # larger scales: the programmes' calls
            call = i // len(_FUNDING)
            year = 2014 + 3 * call + int(rng.integers(3))
            fi, en = f"{fi} – haku {year}/{call}", f"{en} – call {year}/{call}"
        ident = f"F-{i + 1:0{_width(n)}d}"
        ids.append(ident)
        fis.append(fi)
        ens.append(en)
        home = w.homepage(base_en) if rng.random() < 0.6 else ""
        rows.append([ident, fi, en, kind, f"Rahoituslähde: {fi}.", f"Funding source: {en}.", home])
    result = Funding(ids, fis, ens, _power_weights(rng, n, 1.1))
    sheets.write("FundingSource", rows)
    return result
