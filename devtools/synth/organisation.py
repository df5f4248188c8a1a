"""The city organisation: sectors, units under them, governing bodies, roles and persons, and who sits in
which body. Each stage returns what the next needs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from devtools.synth.draw import _cap, _compound, _iso, _Kind, _pick_local, _power_weights, _split, _width
from devtools.synth.stakeholders import Stakeholders
from devtools.synth.words import (
    _COMMITTEES,
    _FIRST_NAMES,
    _INFLUENCE_BODIES,
    _LAST_NAMES,
    _MEMBER_ROLES,
    _SECTORS,
    _SEP,
    _THEME_NOUNS,
    _TITLES,
    _UNITS,
)
from devtools.synth.world import _BODY_END, _BODY_MEMBERS, _BODY_START, Sheets, World
from ontologies.schema import load_schema

__all__ = ["Bodies", "Organisation", "People", "Sectors", "Units", "body_members", "bodies", "roles_and_persons",
           "sectors", "units"]


@dataclass(frozen=True)
class Sectors:
    """The sectors (per municipality blocks in ``kind.start``) and their codes."""

    kind: _Kind
    code: list[str]


@dataclass(frozen=True)
class Units:
    """The units, the sector and top-level unit of each one's chain, and the hub weights."""

    kind: _Kind
    sector: list[int]
    top: list[int]
    w: np.ndarray
    cum: np.ndarray
    starts: np.ndarray

    def draw_in(self, rng: np.random.Generator, m: int) -> int:
        """A unit of municipality ``m``, drawn by the hub weights."""
        return int(_pick_local(self.cum, self.starts, np.array([m]), np.array([rng.random()]))[0])


@dataclass(frozen=True)
class Bodies:
    """The governing bodies, their kinds and their sheet rows (has_member still empty)."""

    kind: _Kind
    kinds: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class People:
    """Roles, persons, each role's kind (mayor, director, head, staff) and the dated held_by rows."""

    role: _Kind
    person: _Kind
    role_kinds: list[str]
    held_by: list[list[str]]


@dataclass(frozen=True)
class Organisation:
    """Who can be responsible for a goal, metric or service: sectors, units, bodies and roles."""

    sectors: Sectors
    units: Units
    bodies: Bodies
    people: People

    def responsible(self, w: World, m: int) -> str:
        """A sector, unit, body or role of municipality ``m``."""
        v = w.rng.random()
        if v < 0.35:
            return self.sectors.kind.ids[w.pick(self.sectors.kind.start, m)]
        if v < 0.65:
            return self.units.kind.ids[self.units.draw_in(w.rng, m)]
        if v < 0.8:
            return self.bodies.kind.ids[w.pick(self.bodies.kind.start, m)]
        return self.people.role.ids[w.pick(self.people.role.start, m)]


def sectors(w: World, sheets: Sheets) -> Sectors:
    """One to thirteen sectors per municipality (the executive office in each); write their sheet."""
    rng, s = w.rng, w.s
    per = _split(s.sectors, w.muni_weight ** 0.3, low=min(4, len(_SECTORS)), high=len(_SECTORS))
    k = _Kind("SEC")
    codes: list[str] = []
    rows = []
    for m, count in enumerate(per):
        k.start.append(len(k.ids))
        chosen = [0] + (1 + rng.permutation(len(_SECTORS) - 1)).tolist()[: count - 1]
        for v in chosen:
            base_fi, base_en, code = _SECTORS[v]
            ident = k.new_id(_width(s.sectors))
            fi, en = base_fi + w.suffix(m), base_en + w.suffix(m)
            k.fi.append(fi)
            k.en.append(en)
            k.muni.append(m)
            code = f"{m + 1:03d}-{code}" if s.municipalities > 1 else code
            codes.append(code)
            home = w.homepage(f"{w.muni[m]} {base_fi}") if rng.random() < 0.7 else ""
            rows.append([ident, fi, en, code, f"{base_fi} vastaa alansa palveluista.",
                         f"The {base_en.lower()} is responsible for its services.", home])
    k.start.append(len(k.ids))
    sheets.write("Sector", rows)
    return Sectors(k, codes)


def units(w: World, sheets: Sheets, sectors: Sectors) -> Units:
    """Units in a forest under the sectors, at most three levels deep; parents come first."""
    rng, s = w.rng, w.s
    per = _split(s.units, w.muni_weight, low=5)
    k = _Kind("U")
    unit_sector: list[int] = []  # the sector at the top of the unit's chain
    unit_top: list[int] = []  # the top-level unit of the unit's chain
    depth: list[int] = []
    parent_unit: list[int] = []
    rows = []
    for m, count in enumerate(per):
        k.start.append(len(k.ids))
        first = len(k.ids)
        s0, n_sec = sectors.kind.start[m], sectors.kind.start[m + 1] - sectors.kind.start[m]
        n_top = min(count, max(n_sec, round(count * 0.4)))
        labels = w.labels()
        vocab = rng.permutation(len(_UNITS)).tolist()
        for j in range(count):
            ident = k.new_id(_width(s.units))
            i = first + j
            if j < n_top:
                sec = s0 + (j if j < n_sec else int(rng.integers(n_sec)))
                parent_unit.append(-1)
                depth.append(1)
                parent = sectors.kind.ids[sec]
                unit_sector.append(sec)
                unit_top.append(i)
                fi, en = _UNITS[vocab[j % len(vocab)]]
            else:
                p = first + int(rng.integers(j))
                while depth[p] >= 3:
                    p = parent_unit[p]
                parent_unit.append(p)
                depth.append(depth[p] + 1)
                parent = k.ids[p]
                unit_sector.append(unit_sector[p])
                unit_top.append(unit_top[p])
                fi, en = _UNITS[int(rng.integers(len(_UNITS)))]
                area = w.shuffled_places[w.any_place()]
                fi, en = f"{fi}, {area}", f"{en}, {area}"
            fi, en = labels(fi, en, w.any_place())
            fi, en = fi + w.suffix(m), en + w.suffix(m)
            k.fi.append(fi)
            k.en.append(en)
            k.muni.append(m)
            sec = unit_sector[i]
            code = f"{sectors.code[sec]}-{j + 1:03d}"
            home = w.homepage(f"{w.muni[m]} {fi}") if rng.random() < 0.3 else ""
            described = rng.random() < 0.5
            rows.append([ident, fi, en, code,
                         f"Yksikkö kuuluu organisaatioon {sectors.kind.fi[sec]}." if described else "",
                         f"The unit belongs to the {sectors.kind.en[sec]}." if described else "", home, parent])
    k.start.append(len(k.ids))
    # hub units: a power law within each municipality; municipalities weigh by size
    weight = _power_weights(rng, len(k.ids), 0.9)
    for m in range(s.municipalities):
        block = slice(k.start[m], k.start[m + 1])
        weight[block] *= w.muni_weight[m] / weight[block].sum()
    weight = weight / weight.sum()
    sheets.write("Unit", rows)
    return Units(k, unit_sector, unit_top, weight, np.cumsum(weight), np.asarray(k.start))


def bodies(w: World, sectors: Sectors) -> Bodies:
    """Council, board, committees, management team, influence bodies, steering and working groups.

    Each reports to an earlier body of its municipality, so reports_to has no cycles. The sheet is written
    by :func:`body_members`, which fills the has_member cells.
    """
    rng, s = w.rng, w.s
    per = _split(s.bodies, w.muni_weight, low=6)
    k = _Kind("B")
    kinds: list[str] = []
    rows: list[list[str]] = []
    for m, count in enumerate(per):
        k.start.append(len(k.ids))
        first = len(k.ids)
        n_sec = sectors.kind.start[m + 1] - sectors.kind.start[m]
        plan = [("council", "Kaupunginvaltuusto", "City Council"), ("board", "Kaupunginhallitus", "City Board")]
        plan += [("committee", fi, en) for fi, en in _COMMITTEES[: min(len(_COMMITTEES), max(2, n_sec), count - 4)]]
        plan.append(("management_team", "Kaupungin johtoryhmä", "City Management Team"))
        plan += [("influence_body", fi, en) for fi, en in _INFLUENCE_BODIES]
        while len(plan) < count:
            nfi, nen, _g = _THEME_NOUNS[int(rng.integers(len(_THEME_NOUNS)))]
            if rng.random() < 0.55:
                plan.append(("steering_group", _cap(_compound(nfi, "ohjausryhmä")), f"{_cap(nen)} steering group"))
            else:
                plan.append(("working_group", _cap(_compound(nfi, "työryhmä")), f"{_cap(nen)} working group"))
        labels = w.labels()
        for j, (kind, fi, en) in enumerate(plan[:count]):
            ident = k.new_id(_width(s.bodies))
            fi, en = labels(fi, en, w.any_place())
            fi, en = fi + w.suffix(m), en + w.suffix(m)
            k.fi.append(fi)
            k.en.append(en)
            k.muni.append(m)
            kinds.append(kind)
            if kind == "council":
                rep = -1
            elif kind == "board":
                rep = first
            elif kind in ("committee", "management_team", "influence_body"):
                rep = first + 1
            else:
                rep = first + 2 + int(rng.integers(j - 2))
            if kind in ("council", "board", "committee"):
                start, end = dt.date(2021, 8, 1).toordinal(), None
            elif kind in ("steering_group", "working_group"):
                start = dt.date(2019, 1, 1).toordinal() + int(rng.integers(6 * 365))
                end = start + 365 * int(rng.integers(1, 5)) if rng.random() < 0.5 else None
            else:
                start, end = dt.date(2017, 1, 1).toordinal() + int(rng.integers(4 * 365)), None
            kind_fi = load_schema().enumerations["BodyKind"].values[kind]["fi"]
            kind_en = load_schema().enumerations["BodyKind"].values[kind]["en"]
            rows.append([ident, fi, en, kind, f"{m + 1:03d}-{j + 1:02d}",
                     f"{_cap(kind_fi)}, {w.muni[m]}.", f"{_cap(kind_en)}, {w.muni[m]}.",
                     _iso(start), _iso(end) if end else "", k.ids[rep] if rep >= 0 else "", ""])
    k.start.append(len(k.ids))
    return Bodies(k, kinds, rows)


def roles_and_persons(w: World, sheets: Sheets, sectors: Sectors, units: Units, bodies: Bodies) -> People:
    """Roles (post_in, reports_to a role or body earlier in the chain) and persons; dated held_by."""
    rng, s = w.rng, w.s
    per_r = _split(s.roles, w.muni_weight, low=1)
    per_p = _split(s.persons, w.muni_weight, low=1)
    r = _Kind("R")
    p = _Kind("PER")
    held_by: list[list[str]] = []
    role_rows, person_rows = [], []
    role_kinds: list[str] = []
    for m in range(s.municipalities):
        r.start.append(len(r.ids))
        p.start.append(len(p.ids))
        s0, s1 = sectors.kind.start[m], sectors.kind.start[m + 1]
        u0, u1 = units.kind.start[m], units.kind.start[m + 1]
        first = len(r.ids)
        # (fi, en, post_in id, kind, sector or unit index); planned in reporting order
        plan = [("Kaupunginjohtaja" + w.suffix(m), "Mayor" + w.suffix(m), sectors.kind.ids[s0], "mayor", -1)]
        director: dict[int, int] = {}
        for sec in range(s0, s1):
            director[sec] = len(plan)
            plan.append((f"Toimialajohtaja, {sectors.kind.fi[sec]}", f"Sector Director, {sectors.kind.en[sec]}",
                         sectors.kind.ids[sec], "director", sec))
        head: dict[int, int] = {}
        for u in range(u0, u1):
            if units.top[u] == u:
                head[u] = len(plan)
                plan.append((f"Palvelujohtaja, {units.kind.fi[u]}", f"Head of Service, {units.kind.en[u]}",
                             units.kind.ids[u], "head", u))
        plan = plan[: per_r[m]]
        seen: dict[tuple[int, int], int] = {}
        while len(plan) < per_r[m]:
            u = u0 + int(rng.integers(u1 - u0))
            t = int(rng.integers(len(_TITLES)))
            seen[t, u] = seen.get((t, u), 0) + 1
            no = f" {seen[t, u]}" if seen[t, u] > 1 else ""
            plan.append((f"{_TITLES[t][0]}{no}, {units.kind.fi[u]}", f"{_TITLES[t][1]}{no}, {units.kind.en[u]}",
                         units.kind.ids[u], "staff", u))
        for j, (fi, en, post, kind, ref) in enumerate(plan):
            ident = r.new_id(_width(s.roles))
            if kind == "mayor":
                rep = bodies.kind.ids[bodies.kind.start[m] + 1]  # the board
            else:
                boss = 0
                if kind == "head":
                    boss = director.get(units.sector[ref], 0)
                elif kind == "staff":
                    boss = head.get(units.top[ref], director.get(units.sector[ref], 0))
                rep = r.ids[first + boss] if boss < j else r.ids[first]
            r.fi.append(fi)
            r.en.append(en)
            r.muni.append(m)
            role_kinds.append(kind)
            role_rows.append([ident, fi, en, rep, post])
        for _ in range(per_p[m]):
            ident = p.new_id(_width(s.persons))
            name = (f"{_FIRST_NAMES[int(rng.integers(len(_FIRST_NAMES)))]} "
                    f"{_LAST_NAMES[int(rng.integers(len(_LAST_NAMES)))]}")
            p.fi.append(name)
            p.en.append(name)
            p.muni.append(m)
            person_rows.append([ident, name, name])
        # held_by (dated): role j is held by person j (wrapping); some had an earlier holder
        n_p, pstart = per_p[m], p.start[m]
        for j in range(len(plan)):
            start = dt.date(2016, 1, 1).toordinal() + int(rng.integers(9 * 365))
            held_by.append([r.ids[first + j], "held_by", p.ids[pstart + j % n_p], _iso(start), "", "", ""])
            if n_p > 1 and rng.random() < 0.2:
                prev = pstart + (j + 1 + int(rng.integers(n_p - 1))) % n_p
                held_by.append([r.ids[first + j], "held_by", p.ids[prev],
                                _iso(start - 365 * int(rng.integers(2, 8))), _iso(start - 1), "", "edeltäjä"])
    r.start.append(len(r.ids))
    p.start.append(len(p.ids))
    sheets.write("Role", role_rows)
    sheets.write("Person", person_rows)
    return People(r, p, role_kinds, held_by)


def body_members(w: World, sheets: Sheets, units: Units, bodies: Bodies, people: People,
                 stakes: Stakeholders) -> list[list[str]]:
    """The bodies' has_member: roles in the cell (undated), dated rows for the rest; write the bodies' sheet
    and return the dated member rows."""
    rng = w.rng
    relationships: list[list[str]] = []
    rows = [list(row) for row in bodies.rows]
    for i, row in enumerate(rows):
        m, kind = bodies.kind.muni[i], bodies.kinds[i]
        start = dt.date.fromisoformat(row[_BODY_START]).toordinal()
        p0, p1 = people.person.start[m], people.person.start[m + 1]
        r0, r1 = people.role.start[m], people.role.start[m + 1]
        u0, u1 = units.kind.start[m], units.kind.start[m + 1]
        # elected members are the persons who hold no role (when there are enough of them)
        pool = p0 + (r1 - r0) if p1 - p0 > (r1 - r0) + 5 else p0
        members: list[str] = []
        cell: list[str] = []
        size = {"council": 27, "board": 11, "committee": 9, "influence_body": 7}.get(kind, 0)
        if size:
            members += [people.person.ids[pool + x] for x in rng.permutation(p1 - pool)[:size].tolist()]
        if kind == "influence_body":
            members += [stakes.kind.ids[x] for x in sorted({stakes.draw(w.rng) for _ in range(3)})]
        elif kind == "management_team":
            cell = [people.role.ids[x] for x in range(r0, r1) if people.role_kinds[x] in ("mayor", "director")]
        elif kind in ("steering_group", "working_group"):
            members += [units.kind.ids[u0 + x] for x in rng.permutation(u1 - u0)[: int(rng.integers(1, 5))].tolist()]
            n_stake, n_roles = int(rng.integers(4)), int(rng.integers(1, 4))
            members += [stakes.kind.ids[x] for x in sorted({stakes.draw(w.rng) for _ in range(n_stake)})]
            cell = [people.role.ids[r0 + x] for x in sorted(rng.permutation(r1 - r0)[:n_roles].tolist())]
        for j, target in enumerate(members):
            role = _MEMBER_ROLES[j] if j < len(_MEMBER_ROLES) else "jäsen"
            begin = start if j < 2 else start + int(rng.integers(0, 120))
            end = row[_BODY_END]
            if not end and j >= 2 and rng.random() < 0.1:
                end = _iso(begin + int(rng.integers(200, 900)))
            relationships.append([bodies.kind.ids[i], "has_member", target, _iso(begin), end, role, ""])
        row[_BODY_MEMBERS] = _SEP.join(cell)
    sheets.write("GoverningBody", rows)
    return relationships

