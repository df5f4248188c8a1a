"""Coverage: the goals x sectors matrix of projects and budget.

A project counts once, in the sector of the unit that leads it (up the ``part_of`` chain), for every
goal it contributes to (:mod:`queries.contribution`: linked to the goal, or to a goal the goal continues,
merges or replaces); its whole budget goes to that cell (projects without a budget add 0 EUR).
Partners are not counted here: how many sectors take part in a goal's work is what
:mod:`queries.silos` measures. Projects linked to no goal do not appear (see :mod:`queries.gaps`).

Examples
--------
>>> cov = coverage(example_graph)
>>> cov.cell("G4", "SEC-ELVO"), cov.cell("G4", "SEC-ELVO", "budget")
(2, 2250000.0)
>>> int(cov.matrix()[cov.goals.index("N1")].sum())  # the draft 2026 goal N1 carries G1, G2 and G3's work
9
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from graph_model.schema_types import NodeType
from ontologies.errors import UsageError
from queries.contribution import contribution_matrix
from queries.projection import GraphData
from queries.silos import natural_key, require_nodes

__all__ = ["Coverage", "MEASURES", "coverage"]

#: What a cell can hold.
MEASURES = ("projects", "budget")


@dataclass
class Coverage:
    """``projects[i, j]`` / ``budget[i, j]``: projects (count, EUR) contributing to ``goals[i]`` led
    from ``sectors[j]``; ``labels`` maps every goal and sector id to its label."""

    goals: list[str]
    sectors: list[str]
    projects: np.ndarray
    budget: np.ndarray
    labels: dict[str, str] = field(default_factory=dict)

    def matrix(self, measure: str = "projects") -> np.ndarray:
        """The matrix of one measure (``projects`` or ``budget``)."""
        if measure not in MEASURES:
            raise UsageError(f"unknown measure {measure!r}; choose from {', '.join(MEASURES)}")
        return self.projects if measure == "projects" else self.budget

    def cell(self, goal: str, sector: str, measure: str = "projects") -> int | float:
        """One cell: an int for ``projects``, a float (EUR) for ``budget``."""
        value = self.matrix(measure)[self.goals.index(goal), self.sectors.index(sector)]
        return int(value) if measure == "projects" else float(value)

    def as_rows(self, measure: str = "projects") -> list[dict]:
        """One row per goal: ``goal``, ``label``, one column per sector id, and ``total``.

        >>> cov = Coverage(["G1"], ["S1", "S2"], np.array([[1, 0]]), np.array([[5.0, 0.0]]))
        >>> cov.as_rows("budget")
        [{'goal': 'G1', 'label': 'G1', 'S1': 5.0, 'S2': 0.0, 'total': 5.0}]
        """
        data = self.matrix(measure)
        cast = int if measure == "projects" else float
        rows = []
        for i, goal in enumerate(self.goals):
            row = {"goal": goal, "label": self.labels.get(goal, goal)}
            row.update({s: cast(data[i, j]) for j, s in enumerate(self.sectors)})
            row["total"] = cast(data[i].sum())
            rows.append(row)
        return rows


def _budgets(graph: GraphData, projects: list[str]) -> np.ndarray:
    out = np.zeros(len(projects))
    for n, project in enumerate(projects):
        value = graph.props.get(project, {}).get("budget")
        try:
            out[n] = float(value) if value else 0.0
        except ValueError:  # a budget the store kept as text; leave it out of the sums
            out[n] = 0.0
    return out


def coverage(graph: GraphData) -> Coverage:
    """The goals x sectors matrix: number of projects and their budget (EUR).

    Parameters
    ----------
    graph : GraphData
        The store's projection (:func:`queries.projection.load_graph`).

    Returns
    -------
    Coverage
        Rows: every goal in id order (G2 before G10); columns: every sector in id order.

    Raises
    ------
    InputError
        The store holds no goals.

    Examples
    --------
    >>> graph = GraphData(types={"G1": "Goal", "P1": "Project", "U1": "Unit", "S1": "Sector"},
    ...                   props={"P1": {"budget": "1000"}},
    ...                   edges={"contributes_to": [("P1", "G1")], "led_by": [("P1", "U1")],
    ...                          "part_of": [("U1", "S1")]})
    >>> cov = coverage(graph)
    >>> cov.projects.tolist(), cov.budget.tolist()
    ([[1]], [[1000.0]])
    """
    goals = require_nodes(graph, NodeType.GOAL, "goals")
    sectors, projects = graph.ids_of(NodeType.SECTOR), graph.ids_of(NodeType.PROJECT)
    column = {s: j for j, s in enumerate(sectors)}
    lead = np.array([column.get(graph.sector_of(p), -1) for p in projects], dtype=np.int64)
    contributes = contribution_matrix(graph, NodeType.PROJECT).tocoo()  # the one meaning of "contributes"
    keep = lead[contributes.row] >= 0
    rows, cols = contributes.col[keep], lead[contributes.row[keep]]
    count = np.zeros((len(goals), len(sectors)), dtype=np.int64)
    money = np.zeros((len(goals), len(sectors)))
    np.add.at(count, (rows, cols), 1)
    np.add.at(money, (rows, cols), _budgets(graph, projects)[contributes.row[keep]])
    order = sorted(range(len(goals)), key=lambda i: natural_key(goals[i]))  # G2 before G10
    labels = {i: graph.label(i) for i in goals + sectors}
    return Coverage([goals[i] for i in order], sectors, count[order], money[order], labels)
