"""What the city wants and does together: strategies and goals, metrics and observations, networks,
services and agreements. Each stage gets what it draws from as arguments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from devtools.synth.catalogue import Themes
from devtools.synth.draw import _cap, _compound, _iso, _Kind, _Labels, _split, _width
from devtools.synth.organisation import Organisation
from devtools.synth.stakeholders import Stakeholders
from devtools.synth.words import (
    _AGREEMENT_KINDS,
    _DATA_SOURCES,
    _INDICATORS,
    _MODIFIERS,
    _REGIONS,
    _SEP,
    _SERVICES,
    _THEME_GROUPS,
)
from devtools.synth.world import Sheets, World

__all__ = ["Goals", "agreements", "metrics_and_observations", "networks", "services", "strategies_and_goals"]


@dataclass(frozen=True)
class Goals:
    """The strategies (one per municipality), the goals and each goal's theme."""

    strategy_ids: list[str]
    kind: _Kind
    theme: list[int]


def strategies_and_goals(w: World, sheets: Sheets, th: Themes, org: Organisation) -> Goals:
    """One strategy per municipality and its goals (main goals on theme groups, sub-goals under them)."""
    rng, s = w.rng, w.s
    rows = []
    strategy_ids: list[str] = []
    for m in range(s.municipalities):
        ident = f"STR-{m + 1:0{_width(s.municipalities)}d}"
        strategy_ids.append(ident)
        y0 = 2021 + int(rng.integers(4))
        y1 = y0 + [4, 5, 9][int(rng.integers(3))]
        rows.append([ident, f"{w.muni_gen[m]} kaupunkistrategia {y0}–{y1}",
                     f"{w.muni[m]} City Strategy {y0}–{y1}", f"STRAT-{y0}",
                     f"Valtuuston hyväksymä strategia vuosille {y0}–{y1}.",
                     f"The strategy for {y0}–{y1} approved by the council.",
                     dt.date(y0, 1, 1).isoformat(), dt.date(y1, 12, 31).isoformat()])
    sheets.write("Strategy", rows)

    per = _split(s.goals, w.muni_weight, low=5)
    k = _Kind("G")
    goal_theme: list[int] = []
    rows = []
    sub_templates = [("{N} vahvistuu", "Stronger {n}"), ("{N} uudistuu", "Renewing {n}"),
                     ("{M} {n} vuoteen {y}", "{M} {n} by {y}"), ("{N} kuuluu kaikille", "{N} for everyone"),
                     ("{N} on kaupungin vahvuus", "{N} as the city's strength")]
    for m, count in enumerate(per):
        k.start.append(len(k.ids))
        first = len(k.ids)
        n_top = min(count, max(3, round(count * 0.2)))
        labels = _Labels([str(y) for y in range(2030, 2060)])
        sub_no = [0] * n_top
        for j in range(count):
            ident = k.new_id(_width(s.goals))
            mfi, men = _MODIFIERS[int(rng.integers(len(_MODIFIERS)))]
            if j < n_top:  # the strategy's main goals, on the theme groups
                t = th.top[int(rng.integers(len(th.top)))]
                broader = -1
                fi, en = f"{mfi} {th.rows[t][2]}", f"{men} {th.rows[t][3]}"
                code = str(j + 1)
            else:  # sub-goals under a main goal, on a theme of its group
                parent = int(rng.integers(n_top))
                broader = first + parent
                cands = th.of_group[th.rows[goal_theme[broader]][4]]
                t = cands[int(rng.integers(len(cands)))]
                nfi, nen = th.rows[t][2], th.rows[t][3]
                tfi, ten = sub_templates[int(rng.integers(len(sub_templates)))]
                year = 2030 + 5 * int(rng.integers(3))
                fi = tfi.format(N=_cap(nfi), n=nfi, M=mfi, y=year)
                en = ten.format(N=_cap(nen), n=nen, M=men, y=year)
                sub_no[parent] += 1
                code = f"{parent + 1}.{sub_no[parent]}"
            fi, en = labels(fi, en, int(rng.integers(30)))
            k.fi.append(fi)
            k.en.append(en)
            k.muni.append(m)
            goal_theme.append(t)
            sdg = f"{_THEME_GROUPS[th.rows[t][4]][4]}.{int(rng.integers(1, 6))}" if rng.random() < 0.6 else ""
            resp = org.responsible(w, m) if rng.random() < 0.7 else ""
            chosen = [t]
            if rng.random() < 0.3:
                extra = th.draw(w.rng)
                if extra != t:
                    chosen.append(extra)
            described = rng.random() < 0.6
            rows.append([ident, fi, en, code,
                         f"Strategian tavoite teemassa {th.rows[t][2]}." if described else "",
                         f"A strategy goal on {th.rows[t][3]}." if described else "", sdg,
                         strategy_ids[m], k.ids[broader] if broader >= 0 else "", resp,
                         _SEP.join(th.ids[x] for x in chosen)])
    k.start.append(len(k.ids))
    sheets.write("Goal", rows)
    return Goals(strategy_ids, k, goal_theme)


def metrics_and_observations(w: World, sheets: Sheets, th: Themes, org: Organisation, goals: Goals) -> None:
    """Metrics of the goals (indicators of the goal's theme group) and yearly observations towards the target."""
    rng, s = w.rng, w.s
    per = _split(s.metrics, w.muni_weight, low=2)
    metric_rows = []
    obs: list[tuple[str, str, str, int, str]] = []  # metric id, label fi, label en, year, value
    for m, count in enumerate(per):
        labels = w.labels()
        for _ in range(count):
            ident = f"M-{len(metric_rows) + 1:0{_width(s.metrics)}d}"
            g = w.pick(goals.kind.start, m)
            measured = [g]
            if rng.random() < 0.25:
                other = w.pick(goals.kind.start, m)
                if other != g:
                    measured.append(other)
            t = goals.theme[g]
            cands = [i for i, ind in enumerate(_INDICATORS) if ind[4] == th.rows[t][4]]
            ind_fi, ind_en, unit, direction, _group, lo, hi = _INDICATORS[cands[int(rng.integers(len(cands)))]]
            fi, en = labels(f"{ind_fi} ({th.rows[t][2]})", f"{ind_en} ({th.rows[t][3]})", w.any_place())
            fi, en = fi + w.suffix(m), en + w.suffix(m)
            baseline = float(rng.uniform(lo, hi))
            change = float(rng.uniform(0.1, 0.5))
            target = baseline * {"increase": 1 + change, "decrease": 1 - change}.get(direction, 1.0)
            if unit == "%":
                target = min(target, 99.0)
            decimals = 1 if unit in ("%", "asteikko 1-10") else 0 if baseline >= 100 else 2
            y0 = s.first_year + int(rng.integers(6))  # region, nation: ~10 observations a metric
            y1 = 2025 + 5 * int(rng.integers(3))
            metric_rows.append([ident, fi, en, f"{ind_fi} mitattuna vuosittain.", f"{ind_en}, measured yearly.",
                                unit, f"{baseline:.{decimals}f}", str(y0), f"{target:.{decimals}f}", str(y1),
                                direction, _DATA_SOURCES[int(rng.integers(len(_DATA_SOURCES)))],
                                _SEP.join(goals.kind.ids[x] for x in measured),
                                org.responsible(w, m) if rng.random() < 0.8 else ""])
            years = list(range(y0, min(2024, y1) + 1))
            if len(years) > 3 and rng.random() < 0.3:  # a missing year now and then
                years.pop(int(rng.integers(1, len(years) - 1)))
            noise = rng.normal(0, 0.03, size=len(years)).tolist()
            for yi, year in enumerate(years):
                progress = (year - y0) / (y1 - y0) * float(rng.uniform(0.3, 1.2))
                value = max(0.0, (baseline + (target - baseline) * progress) * (1 + noise[yi]))
                obs.append((ident, fi, en, year, f"{value:.{decimals}f}"))
    sheets.write("Metric", metric_rows)
    width = _width(len(obs))
    sheets.write("Observation", ([f"OBS-{i + 1:0{width}d}", f"{fi} {year}", f"{en} {year}", str(year), value, mid]
                               for i, (mid, fi, en, year, value) in enumerate(obs)))


def networks(w: World, sheets: Sheets, th: Themes, org: Organisation, stakes: Stakeholders,
             goals: Goals) -> list[list[str]]:
    """Networks at four levels, led by a unit, sector, role or stakeholder; write their sheet and return
    the dated member rows (stakeholders and bodies)."""
    relationships: list[list[str]] = []
    rng, n = w.rng, w.s.networks
    levels = ["international", "national", "regional", "local"]
    level_of = rng.choice(4, size=n, p=[0.15, 0.3, 0.3, 0.25]).tolist()
    munis = rng.choice(w.s.municipalities, size=n, p=w.muni_weight).tolist()
    labels = w.labels()
    rows = []
    for i in range(n):
        level, m = levels[level_of[i]], munis[i]
        t = th.draw(w.rng)
        nfi, nen = th.rows[t][2], th.rows[t][3]
        _rfi, rgen, ren = _REGIONS[w.muni_region[m]]
        net = _compound(nfi, "foorumi" if nfi.endswith("verkko") else "verkosto")
        net_en = "forum" if nen.endswith("network") else "network"
        fi, en = {"international": (f"Kansainvälinen {net}", f"International {nen} {net_en}"),
                  "national": (f"Kansallinen {net}", f"National {nen} {net_en}"),
                  "regional": (f"{rgen} {net}", f"{ren} {nen} {net_en}"),
                  "local": (f"{w.muni_gen[m]} {_compound(nfi, 'foorumi')}", f"{w.muni[m]} {nen} forum"),
                  }[level]
        fi, en = labels(fi, en, w.any_place())
        ident = f"N-{i + 1:0{_width(n)}d}"
        v = rng.random()
        if v < 0.45:
            lead = org.units.kind.ids[org.units.draw_in(w.rng, m)]
        elif v < 0.6:
            lead = org.sectors.kind.ids[w.pick(org.sectors.kind.start, m)]
        elif v < 0.75:
            lead = org.people.role.ids[w.pick(org.people.role.start, m)]
        else:
            lead = stakes.kind.ids[stakes.draw(w.rng)]
        chosen = [t]
        if rng.random() < 0.4:
            extra = th.draw(w.rng)
            if extra != t:
                chosen.append(extra)
        advances = sorted({w.pick(goals.kind.start, m) for _ in range(int(rng.integers(0, 3)))})
        # undated members in the cell: city units; dated member rows: stakeholders and bodies
        cell = sorted({org.units.draw_in(w.rng, m) for _ in range(int(rng.integers(0, 4)))})
        size = int(min(60, 2 + rng.pareto(1.5) * 4))
        members = sorted({stakes.draw(w.rng) for _ in range(size)})
        start0 = dt.date(2012, 1, 1).toordinal() + int(rng.integers(12 * 365))
        for j, x in enumerate(members):
            begin = start0 + int(rng.integers(0, 3 * 365))
            end = _iso(begin + int(rng.integers(365, 6 * 365))) if rng.random() < 0.15 else ""
            relationships.append([ident, "has_member", stakes.kind.ids[x], _iso(begin), end,
                                  "koordinaattori" if j == 0 else "jäsen", ""])
        if rng.random() < 0.2:
            relationships.append([ident, "has_member", org.bodies.kind.ids[w.pick(org.bodies.kind.start, m)],
                                  _iso(start0), "", "jäsen", ""])
        home = w.homepage(en) if rng.random() < 0.6 else ""
        rows.append([ident, fi, en, level,
                     f"Verkosto edistää teemaa {nfi} ja kokoaa yhteen {len(members)} jäsentä.",
                     f"The network advances {nen} and brings together {len(members)} members.", home, lead,
                     _SEP.join(th.ids[x] for x in chosen), _SEP.join(org.units.kind.ids[u] for u in cell),
                     _SEP.join(goals.kind.ids[g] for g in advances)])
    sheets.write("Network", rows)
    return relationships



def services(w: World, sheets: Sheets, th: Themes, org: Organisation, stakes: Stakeholders, goals: Goals) -> None:
    """Customer services that span sectors (and some units and a stakeholder)."""
    rng, s = w.rng, w.s
    per = _split(s.services, w.muni_weight, low=1)
    rows = []
    for m, count in enumerate(per):
        labels = w.labels()
        s0, s1 = org.sectors.kind.start[m], org.sectors.kind.start[m + 1]
        for _ in range(count):
            ident = f"SRV-{len(rows) + 1:0{_width(s.services)}d}"
            fi, en = _SERVICES[int(rng.integers(len(_SERVICES)))]
            fi, en = labels(fi, en, w.any_place())
            fi, en = fi + w.suffix(m), en + w.suffix(m)
            n_sec = int(rng.integers(1, 3))
            involved = [org.sectors.kind.ids[s0 + x] for x in rng.permutation(s1 - s0)[:n_sec].tolist()]
            for _ in range(int(rng.integers(0, 3))):
                uid = org.units.kind.ids[org.units.draw_in(w.rng, m)]
                if uid not in involved:
                    involved.append(uid)
            if rng.random() < 0.3:
                involved.append(stakes.kind.ids[stakes.draw(w.rng)])
            goal_ix = sorted({w.pick(goals.kind.start, m) for _ in range(int(rng.integers(0, 3)))})
            theme_ix = sorted({th.draw(w.rng) for _ in range(int(rng.integers(1, 3)))})
            rows.append([ident, fi, en, f"Asiakkaan palvelu: {fi}.", f"Customer service: {en}.",
                         org.responsible(w, m), _SEP.join(goals.kind.ids[g] for g in goal_ix),
                         _SEP.join(th.ids[t] for t in theme_ix), _SEP.join(involved)])
    sheets.write("Service", rows)


def agreements(w: World, sheets: Sheets, org: Organisation, stakes: Stakeholders, goals: Goals) -> None:
    """Cooperation agreements between a part of the city and one to three stakeholders."""
    rng, s = w.rng, w.s
    per = _split(s.agreements, w.muni_weight, low=1)
    statuses = ["planned", "ongoing", "ongoing", "ongoing", "completed", "completed", "cancelled"]
    rows = []
    for m, count in enumerate(per):
        labels = w.labels()
        for _ in range(count):
            ident = f"A-{len(rows) + 1:0{_width(s.agreements)}d}"
            v = rng.random()
            if v < 0.4:
                city = org.sectors.kind.ids[w.pick(org.sectors.kind.start, m)]
            elif v < 0.85:
                city = org.units.kind.ids[org.units.draw_in(w.rng, m)]
            else:
                city = org.bodies.kind.ids[org.bodies.kind.start[m] + 1]  # the board
            picked = [stakes.draw(w.rng) for _ in range(int(rng.integers(1, 4)))]
            main = picked[0]
            parties = [city] + [stakes.kind.ids[x] for x in sorted(set(picked))]
            kfi, ken = _AGREEMENT_KINDS[int(rng.integers(len(_AGREEMENT_KINDS)))]
            fi, en = labels(f"{kfi}: {stakes.kind.fi[main]}", f"{ken}: {stakes.kind.en[main]}", w.any_place())
            fi, en = fi + w.suffix(m), en + w.suffix(m)
            start = dt.date(2016, 1, 1).toordinal() + int(rng.integers(10 * 365))
            end = start + 365 * int(rng.integers(1, 6)) if rng.random() < 0.7 else None
            goal_ix = sorted({w.pick(goals.kind.start, m) for _ in range(int(rng.integers(0, 3)))})
            rows.append([ident, fi, en, f"Yhteistyösopimus, {len(parties)} osapuolta.",
                         f"A cooperation agreement between {len(parties)} parties.", _iso(start),
                         _iso(end) if end else "", statuses[int(rng.integers(len(statuses)))],
                         _SEP.join(goals.kind.ids[g] for g in goal_ix), _SEP.join(parties)])
    sheets.write("Agreement", rows)

