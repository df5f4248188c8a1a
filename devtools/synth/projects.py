"""Projects, the bulk of the data: each led by a unit (or its sector), with partners drawn by the hub
weights (a fifth city units, the rest stakeholders, half of them local), goals of the lead's strategy,
themes, funding and a steering body; names and descriptions built from the first themes' nouns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np

from devtools.synth.catalogue import Funding, Themes
from devtools.synth.draw import _cap, _compound, _iso, _pick_local, _width
from devtools.synth.organisation import Organisation
from devtools.synth.stakeholders import Stakeholders
from devtools.synth.strategy import Goals
from devtools.synth.words import (
    _ACRONYM_LETTERS,
    _CHUNK,
    _DESC_A,
    _MODIFIERS,
    _P_FUNDING,
    _P_GOALS,
    _P_PARTNERS,
    _P_PATTERN,
    _P_THEMES,
    _PROJECT_FIRST_DAY,
    _PROJECT_KINDS,
    _PROJECT_LAST_DAY,
    _REFERENCE_DAY,
    _REGIONS,
    _SEP,
)
from devtools.synth.world import World

__all__ = ["project_rows"]


def project_rows(w: World, theme_set: Themes, funding: Funding, org: Organisation, stakes: Stakeholders,
                 strategy: Goals) -> Iterator[list[str]]:
    """The Project sheet's rows, drawn in chunks of vectors (so the nation scale needs little memory)."""
    rng, n = w.rng, w.s.projects
    width = _width(n)
    unit_muni = np.asarray(org.units.kind.muni)
    unit_sector = org.units.sector
    goal_start, body_start = np.asarray(strategy.kind.start), np.asarray(org.bodies.kind.start)
    stake_local = stakes.starts[1:] > stakes.starts[:-1]
    unit_ids, sector_ids, stake_ids = org.units.kind.ids, org.sectors.kind.ids, stakes.kind.ids
    goal_ids, body_ids, theme_ids, fund_ids = strategy.kind.ids, org.bodies.kind.ids, theme_set.ids, funding.ids
    themes = theme_set.rows
    places = [(w.muni[m], w.muni_gen[m], w.muni[m]) for m in range(w.s.municipalities)]
    region_places = [_REGIONS[w.muni_region[m]] for m in range(w.s.municipalities)]
    for c0 in range(0, n, _CHUNK):
        size = min(_CHUNK, n - c0)
        lead_u = rng.choice(len(unit_ids), size=size, p=org.units.w)
        muni = unit_muni[lead_u]
        lead_is_sector = rng.random(size) < 0.08
        start = rng.integers(_PROJECT_FIRST_DAY, _PROJECT_LAST_DAY, size=size)
        length = (rng.gamma(2.0, 330.0, size=size) + 120).astype(np.int64)
        status_u = rng.random(size)
        budget = np.round(np.exp(rng.normal(11.8, 1.2, size=size)), -2)
        no_budget = rng.random(size) < 0.1
        n_part = rng.choice(len(_P_PARTNERS), size=size, p=_P_PARTNERS)
        # partners: 20 % city units of the lead's municipality, the rest stakeholders, half
        # of them from the same municipality; all drawn by the hub weights
        part_unit = _pick_local(org.units.cum, org.units.starts, muni, rng.random((size, 6)))
        part_is_unit = rng.random((size, 6)) < 0.2
        local = _pick_local(stakes.cum, stakes.starts, muni, rng.random((size, 6)))
        far = rng.choice(len(stake_ids), size=(size, 6), p=stakes.w)
        use_local = (rng.random((size, 6)) < 0.5) & stake_local[muni][:, None]
        part_stake = np.where(use_local, local, far)
        n_goal = rng.choice(len(_P_GOALS), size=size, p=_P_GOALS)
        g_count = goal_start[muni + 1] - goal_start[muni]
        goal = goal_start[muni][:, None] + (rng.random((size, 3)) * g_count[:, None]).astype(np.int64)
        n_theme = 1 + rng.choice(len(_P_THEMES), size=size, p=_P_THEMES)
        theme = np.searchsorted(theme_set.cum, rng.random((size, 3)) * theme_set.cum[-1], side="right")
        theme = np.minimum(theme, len(themes) - 1)
        n_fund = rng.choice(len(_P_FUNDING), size=size, p=_P_FUNDING)
        fund = rng.choice(len(fund_ids), size=(size, 2), p=funding.w)
        steer = rng.random(size) < 0.3
        b_count = body_start[muni + 1] - body_start[muni]
        steer_b = body_start[muni] + (rng.random(size) * b_count).astype(np.int64)
        pattern = rng.choice(len(_P_PATTERN), size=size, p=_P_PATTERN)
        mod = rng.integers(0, len(_MODIFIERS), size=size)
        use_region = rng.random(size) < 0.5
        acr = rng.integers(0, len(_ACRONYM_LETTERS), size=(size, 5))
        acr_len = rng.integers(3, 6, size=size)
        kind = rng.integers(0, len(_PROJECT_KINDS), size=size)
        phase = rng.random(size) < 0.06
        desc_a = rng.integers(0, len(_DESC_A), size=size)
        desc_b = rng.random(size)
        home = rng.random(size) < 0.3
        columns = [x.tolist() for x in (
            lead_u, lead_is_sector, muni, start, length, status_u, budget, no_budget, n_part, part_stake,
            part_is_unit, part_unit, n_goal, goal, n_theme, theme, n_fund, fund, steer, steer_b, pattern, mod,
            use_region, acr, acr_len, kind, phase, desc_a, desc_b, home)]
        for r, (lu, lsec, m, st, ln, su, bud, nob, npart, pst, piu, pun, ng, gl, nt, th, nf, fu, ste, stb,
                pat, md, ureg, ac, al, kd, ph, da, db, hp) in enumerate(zip(*columns)):
            i = c0 + r
            ident = f"P-{i + 1:0{width}d}"
            lead = sector_ids[unit_sector[lu]] if lsec else unit_ids[lu]
            partners: list[str] = []
            for j in range(npart):
                pid = unit_ids[pun[j]] if piu[j] else stake_ids[pst[j]]
                if pid != lead and pid not in partners:
                    partners.append(pid)
            goals: list[str] = []
            for g in gl[:ng]:
                if goal_ids[g] not in goals:
                    goals.append(goal_ids[g])
            th_idx: list[int] = []
            for t in th[:nt]:
                if t not in th_idx:
                    th_idx.append(t)
            funds: list[int] = []
            for f in fu[:nf]:
                if f not in funds:
                    funds.append(f)
            end = st + ln
            if st > _REFERENCE_DAY:
                status = "idea" if su < 0.3 else "planned"
            elif end < _REFERENCE_DAY:
                status = "cancelled" if su < 0.07 else "completed"
            else:
                status = "cancelled" if su < 0.03 else "ongoing"
            year = dt.date.fromordinal(st).year
            # the name is built from the first theme's noun (and the second's)
            a_fi, a_en = themes[th_idx[0]][2], themes[th_idx[0]][3]
            b_fi, b_en = (themes[th_idx[1]][2], themes[th_idx[1]][3]) if len(th_idx) > 1 else (a_fi, a_en)
            pfi, pgen, pen = region_places[m] if ureg else places[m]
            mfi, men = _MODIFIERS[md]
            if pat == 1 and b_fi == a_fi:
                pat = 0
            if pat == 0:
                fi, en = f"{mfi} {a_fi} {pfi} {year}", f"{men} {a_en} {pen} {year}"
            elif pat == 1:
                fi, en = f"{_cap(a_fi)} ja {b_fi} {pfi}", f"{_cap(a_en)} and {b_en} in {pen}"
            elif pat == 2:
                word = "".join(_ACRONYM_LETTERS[x] for x in ac[:al])
                fi, en = f"{word} – {mfi.lower()} {a_fi}", f"{word} – {men.lower()} {a_en}"
            elif pat == 3:
                kfi, ken = _PROJECT_KINDS[kd]
                fi, en = f"{mfi} {a_fi} -{kfi}", f"{men} {a_en} {ken}"
            else:
                kfi, ken = _PROJECT_KINDS[kd]
                span = f"{year}–{dt.date.fromordinal(end).year}" if status != "idea" else str(year)
                if span.endswith(f"–{year}"):
                    span = str(year)
                fi, en = f"{_cap(_compound(a_fi, kfi))} {span}", f"{_cap(a_en)} {ken} {span}"
            if ph:
                fi, en = f"{fi}, vaihe 2", f"{en}, phase 2"
            if da == 3 and b_fi == a_fi:  # "teemoihin X ja Y" needs two themes
                da = 0
            tfi, ten = _DESC_A[da]
            d_fi = tfi.format(a=a_fi, b=b_fi, pg=pgen, a_osaaminen=_compound(a_fi, "osaamista"),
                              a_ratkaisut=_compound(a_fi, "ratkaisuja"))
            d_en = ten.format(a=a_en, b=b_en, p=pen)
            if db < 0.4:
                k = len(partners)
                if k == 0:
                    d_fi += " Hanke toteutetaan kaupungin omana työnä."
                    d_en += " The project is carried out by the city itself."
                elif k == 1:
                    d_fi += " Hanke toteutetaan yhdessä yhden kumppanin kanssa."
                    d_en += " It is carried out with one partner."
                else:
                    d_fi += f" Hanke toteutetaan yhdessä {k} kumppanin kanssa."
                    d_en += f" It is carried out with {k} partners."
            elif db < 0.7 and funds:
                d_fi += f" Rahoittajana on {funding.fi[funds[0]]}."
                d_en += f" It is funded by {funding.en[funds[0]]}."
            yield [ident, fi, en, f"H{year}-{i + 1:0{width}d}", d_fi, d_en, status, _iso(st),
                   "" if status == "idea" else _iso(end), "" if nob else f"{bud:.2f}",
                   f"https://www.example.org/hankkeet/{ident.lower()}" if hp else "", lead,
                   _SEP.join(partners), _SEP.join(goals), _SEP.join(theme_ids[x] for x in th_idx),
                   _SEP.join(fund_ids[x] for x in funds), body_ids[stb] if ste else ""]

# ---- all ---------------------------------------------------------------------------------
