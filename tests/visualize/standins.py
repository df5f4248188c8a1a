"""Small stand-ins for analyses that may not be merged yet (queries.links, queries.related).

:func:`install` puts them in ``sys.modules`` only when the real module cannot be imported, so the
tests run against the real analyses as soon as they exist.
"""

from __future__ import annotations

import importlib
import sys
import types
from dataclasses import dataclass, field

__all__ = ["install"]


@dataclass(frozen=True)
class MissingLink:
    a: str
    a_label: str
    b: str
    b_label: str
    level: str
    score: float
    evidence: list[str] = field(default_factory=list)
    shared: dict = field(default_factory=dict)
    broker: str | None = None
    broker_label: str | None = None


def missing_links(graph, level="unit", top=20):
    """Pairs of units that share a goal through projects but lead no project together (stand-in)."""
    goals_of: dict[str, set[str]] = {}
    for project, unit in graph.edges.get("led_by", ()):
        for p, goal in graph.edges.get("contributes_to", ()):
            if p == project and graph.type_of(unit) == "Unit":
                goals_of.setdefault(unit, set()).add(goal)
    units = sorted(goals_of)
    out = []
    for i, a in enumerate(units):
        for b in units[i + 1:]:
            shared = goals_of[a] & goals_of[b]
            if shared:
                out.append(MissingLink(a, graph.label(a), b, graph.label(b), level, float(len(shared)),
                                       [f"both work on {g}" for g in sorted(shared)], {"goals": sorted(shared)},
                                       None, None))
    return sorted(out, key=lambda m: (-m.score, m.a, m.b))[:top]


@dataclass(frozen=True)
class RelatedProject:
    id: str
    label: str
    sector: str | None
    status: str | None
    score: float
    reasons: list[str] = field(default_factory=list)
    shared: dict = field(default_factory=dict)


class RelatedIndex:
    """Projects ranked by shared goals and themes (stand-in)."""

    def __init__(self, graph):
        self.graph = graph
        self.features: dict[str, set[str]] = {}
        for relation in ("contributes_to", "has_theme"):
            for s, o in graph.edges.get(relation, ()):
                if graph.type_of(s) == "Project":
                    self.features.setdefault(s, set()).add(o)

    @classmethod
    def build(cls, graph):
        return cls(graph)

    def query(self, project_id=None, text=None, top=10):
        mine = self.features.get(project_id, set())
        rows = []
        for other, feats in self.features.items():
            if other == project_id or not mine & feats:
                continue
            shared = sorted(mine & feats)
            rows.append(RelatedProject(other, self.graph.label(other), self.graph.sector_of(other),
                                       self.graph.props.get(other, {}).get("status"), len(shared) / len(mine | feats),
                                       [f"shares {x}" for x in shared], {"features": shared}))
        return sorted(rows, key=lambda r: (-r.score, r.id))[:top]


def install() -> list[str]:
    """Register the stand-ins for the analyses that are missing; return their module names."""
    installed = []
    for name, attrs in (("queries.links", {"missing_links": missing_links, "MissingLink": MissingLink}),
                        ("queries.related", {"RelatedIndex": RelatedIndex, "RelatedProject": RelatedProject})):
        try:
            importlib.import_module(name)
        except ImportError:
            module = types.ModuleType(name)
            module.__dict__.update(attrs)
            sys.modules[name] = module
            installed.append(name)
    return installed
