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
        elif kind == "university":
            fi, en = [(f"{rgen} yliopisto", f"University of {ren}"),
                      (f"{mgen} ammattikorkeakoulu", f"{mfi} University of Applied Sciences"),
                      (f"{rgen} ammattikorkeakoulu", f"{ren} University of Applied Sciences"),
                      (f"{mgen} yliopisto", f"University of {mfi}")][v]
        elif kind == "research":
            fi, en = [(f"{rgen} tutkimuskeskus", f"{ren} Research Centre"),
                      (f"{mgen} tutkimuskeskus", f"{mfi} Research Centre"),
                      (_cap(_compound(nfi, "tutkimuslaitos")), f"{_cap(nen)} Research Institute"),
                      (_cap(_compound(nfi, "tutkimuslaitos")), f"{_cap(nen)} Research Institute")][v]
        elif kind == "business_network":
            fi, en = [(f"{mgen} yrittäjät ry", f"{mfi} Entrepreneurs"),
                      (f"{rgen} kauppakamari", f"{ren} Chamber of Commerce"),
                      (f"{_cap(_compound(nfi, 'klusteri'))} {rfi}", f"{ren} {nen} cluster"),
                      (f"{pgen} yrittäjät ry", f"{pfi} Entrepreneurs")][v]
        elif kind == "association":
            tfi, ten = _ASSOCIATION_TOPICS[int(rng.integers(len(_ASSOCIATION_TOPICS)))]
            where_fi, where_en = (mgen, mfi) if v < 2 else (pgen, pfi)
            fi, en = f"{where_fi} {_compound(tfi, 'yhdistys')} ry", f"{where_en} {ten} Association"
        elif kind == "public_body":
            fi, en = [(f"{rgen} ELY-keskus", f"{ren} ELY Centre"),
                      (f"{rgen} liitto", f"Regional Council of {ren}"),
                      (f"{mgen} seurakuntayhtymä", f"{mfi} Parish Union"),
                      (f"{rgen} pelastuslaitos", f"{ren} Rescue Department")][v]
        elif kind == "wellbeing_county":
            fi, en = f"{rgen} hyvinvointialue", f"{ren} Wellbeing Services County"
        elif kind == "tourism":
            fi, en = [(f"Visit {mfi}", f"Visit {mfi}"), (f"{mgen} matkailu ry", f"{mfi} Tourism Association"),
                      (f"Visit {pfi}", f"Visit {pfi}"), (f"{pgen} matkailu ry", f"{pfi} Tourism Association")][v]
        elif kind == "village":
            fi, en = f"{pgen} kyläyhdistys ry", f"{pfi} Village Association"
        elif kind == "city_company":
            fi, en = [(f"{mgen} Energia Oy", f"{mfi} Energy Ltd"),
                      (f"{mgen} Vuokra-asunnot Oy", f"{mfi} Rental Housing Ltd"),
                      (f"{mgen} Vesi Oy", f"{mfi} Water Ltd"), (f"{mgen} Kehitys Oy", f"{mfi} Development Ltd")][v]
        else:
            fi, en = [(f"{pgen} säätiö", f"{pfi} Foundation"), (f"{mgen} säätiö", f"{mfi} Foundation"),
                      (f"{_cap(_compound(nfi, 'foorumi'))} {rfi}", f"{ren} {nen} forum"),
                      (f"{pgen} osuuskunta", f"{pfi} Cooperative")][v]
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
