"""A synthetic city graph of a chosen size, for the map benchmark and the scale tests.

:func:`synthetic_graph` builds a :class:`queries.projection.GraphData` in memory (no ingest), shaped
like a city's: sectors, units under them, goals, themes and projects led by units (a few units lead
many projects), each project contributing to one to three goals with a few partners. Its goals map
(:func:`visualize.maps.goals_map`) has exactly ``n`` nodes: goals + sectors + projects.

>>> graph = synthetic_graph(500, seed=1)
>>> sum(1 for t in graph.types.values() if t in ("Goal", "Sector", "Project"))
500
"""

from __future__ import annotations

import numpy as np

from queries.projection import GraphData

__all__ = ["synthetic_graph"]


def synthetic_graph(n: int, seed: int = 1) -> GraphData:
    """A graph whose goals map has ``n`` nodes (at least 50)."""
    rng = np.random.default_rng(seed)
    n = max(50, n)
    sectors = [f"SEC-{i:02d}" for i in range(min(12, max(4, n // 2000)))]
    goals = [f"G{i}" for i in range(1, min(120, 15 + n // 400) + 1)]
    themes = [f"T{i}" for i in range(1, 31)]
    n_units = max(len(sectors) * 3, n // 60)
    units = [f"U-{i:04d}" for i in range(n_units)]
    projects = [f"P-{i:06d}" for i in range(n - len(sectors) - len(goals))]
    graph = GraphData()
    for ident, kind in ([(s, "Sector") for s in sectors] + [(u, "Unit") for u in units]
                        + [(g, "Goal") for g in goals] + [(t, "Theme") for t in themes]
                        + [(p, "Project") for p in projects]):
        graph.types[ident] = kind
        graph.labels[ident] = {"fi": f"{kind} {ident}", "en": f"{kind} {ident}"}
    unit_sector = rng.integers(0, len(sectors), len(units))
    graph.edges["part_of"] = [(u, sectors[s]) for u, s in zip(units, unit_sector)]
    weight = 1.0 / np.arange(1, len(units) + 1) ** 0.8          # a few units lead many projects
    weight /= weight.sum()
    leader = rng.choice(len(units), size=len(projects), p=weight)
    # Goals are each served mostly by one or two sectors, as in a city working in silos.
    home = rng.integers(0, len(sectors), len(goals))
    by_sector = [np.flatnonzero(home == s) for s in range(len(sectors))]
    led, partners, contributes, has_theme = [], [], [], []
    for i, p in enumerate(projects):
        unit = leader[i]
        led.append((p, units[unit]))
        own = by_sector[unit_sector[unit]]
        for _ in range(rng.integers(1, 4)):
            g = rng.choice(own) if len(own) and rng.random() < 0.8 else rng.integers(len(goals))
            contributes.append((p, goals[g]))
        for _ in range(rng.integers(0, 3)):
            partners.append((p, units[rng.choice(len(units), p=weight)]))
        has_theme.append((p, themes[rng.integers(len(themes))]))
        graph.props[p] = {"status": "ongoing", "budget": str(int(rng.integers(10, 500)) * 1000)}
    graph.edges["led_by"] = sorted(set(led))
    graph.edges["has_partner"] = sorted(set(partners) - set(led))
    graph.edges["contributes_to"] = sorted(set(contributes))
    graph.edges["has_theme"] = sorted(set(has_theme))
    return graph
