"""Stakeholders outside the city organisation (companies, universities, associations, villages, ...),
grouped by home municipality, with a few hubs that take part in much.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from devtools.synth.draw import _cap, _compound, _Kind, _pick_local, _power_weights, _width
from devtools.synth.words import (
    _ASSOCIATION_TOPICS,
    _COMPANY_NAMES,
    _HUB_BOOST,
    _INDUSTRIES,
    _P_STAKE_KINDS,
    _REGIONS,
    _STAKE_KINDS,
    _STAKEHOLDER_NAMES,
    _THEME_NOUNS,
)
from devtools.synth.world import Sheets, World
from ontologies.schema import load_schema

__all__ = ["Stakeholders", "stakeholders"]


@dataclass(frozen=True)
class Stakeholders:
    """The stakeholders (per municipality blocks in ``starts``) and their hub weights."""

    kind: _Kind
    w: np.ndarray
    cum: np.ndarray
    starts: np.ndarray

    def draw(self, rng: np.random.Generator) -> int:
        """A stakeholder drawn by the hub weights."""
        return int(np.searchsorted(self.cum, rng.random() * self.cum[-1], side="right").clip(0, len(self.cum) - 1))

    def draw_local(self, cum_muni: np.ndarray, u: np.ndarray) -> np.ndarray:
        """Stakeholders of the municipalities ``cum_muni``, drawn by the hub weights (``u`` uniform)."""
        return _pick_local(self.cum, self.starts, cum_muni, u)


def stakeholders(w: World, sheets: Sheets) -> Stakeholders:
    """Stakeholders of all kinds, grouped by home municipality; hubs by a power law."""
    rng, n = w.rng, w.s.stakeholders
    k = _Kind("S")
    kinds = rng.choice(len(_STAKE_KINDS), size=n, p=_P_STAKE_KINDS).tolist()
    munis = np.sort(rng.choice(w.s.municipalities, size=n, p=w.muni_weight)).tolist()
    variant = rng.integers(4, size=n).tolist()
    enum = load_schema().enumerations["StakeholderKind"].values
    labels = w.labels()
    rows = []
    boost = np.ones(n)
    for i in range(n):
        kind, m, v = _STAKE_KINDS[kinds[i]], munis[i], variant[i]
        boost[i] = _HUB_BOOST.get(kind, 1.0)
        rfi, rgen, ren = _REGIONS[w.muni_region[m]]
        pl = w.any_place()
        pfi, pgen = w.places[pl], w.place_gen[pl]
        mfi, mgen = w.muni[m], w.muni_gen[m]
        nfi, nen, _g = _THEME_NOUNS[int(rng.integers(len(_THEME_NOUNS)))]
        if kind == "company":
            name = _COMPANY_NAMES[int(rng.integers(len(_COMPANY_NAMES)))]
            ifi, ien = _INDUSTRIES[int(rng.integers(len(_INDUSTRIES)))]
            fi, en = f"{name} {ifi} Oy", f"{name} {ien} Ltd"
        elif kind == "association":
            tfi, ten = _ASSOCIATION_TOPICS[int(rng.integers(len(_ASSOCIATION_TOPICS)))]
            where_fi, where_en = (mgen, mfi) if v < 2 else (pgen, pfi)
            fi, en = f"{where_fi} {_compound(tfi, 'yhdistys')} ry", f"{where_en} {ten} Association"
        else:  # a name from the kind's templates, variant v
            names = _STAKEHOLDER_NAMES.get(kind, _STAKEHOLDER_NAMES["other"])
            tfi, ten = names[v % len(names)]
            words = {"rfi": rfi, "rgen": rgen, "ren": ren, "pfi": pfi, "pgen": pgen, "mfi": mfi, "mgen": mgen,
                     "nen": nen, "Nen": _cap(nen), "institute": _cap(_compound(nfi, "tutkimuslaitos")),
                     "cluster": _cap(_compound(nfi, "klusteri")), "forum": _cap(_compound(nfi, "foorumi"))}
            fi, en = tfi.format(**words), ten.format(**words)
        fi, en = labels(fi, en, w.any_place())
        ident = k.new_id(_width(n))
        k.fi.append(fi)
        k.en.append(en)
        k.muni.append(m)
        code = _business_id(w.rng) if rng.random() < 0.6 else ""
        home = w.homepage(fi) if rng.random() < 0.5 else ""
        rows.append([ident, fi, en, kind, code, f"{_cap(enum[kind]['fi'])}, {rfi}.",
                     f"{_cap(enum[kind]['en'])}, {ren}.", home])
    k.start = np.searchsorted(np.asarray(munis), np.arange(w.s.municipalities + 1)).tolist()
    weight = _power_weights(rng, n, 0.8) * boost
    weight = weight / weight.sum()
    sheets.write("Stakeholder", rows)
    return Stakeholders(k, weight, np.cumsum(weight), np.asarray(k.start))


def _business_id(rng: np.random.Generator) -> str:
    """A Finnish business id (Y-tunnus) with a valid check digit.

    >>> _business_id(np.random.default_rng(1))[-2:-1]
    '-'
    """
    weights = (7, 9, 10, 5, 8, 4, 2)
    while True:
        digits = rng.integers(0, 10, size=7).tolist()
        rem = sum(d * x for d, x in zip(digits, weights)) % 11
        if rem != 1:
            return "".join(map(str, digits)) + "-" + str(0 if rem == 0 else 11 - rem)
