"""What "a project contributes to a goal" means: the one definition every analysis, command and page uses.

A project (or service) contributes to a goal when it

- is linked to the goal itself (``contributes_to``), or
- is linked to a goal the goal takes over: one that the goal ``continues``, ``merges`` or ``replaces``
  (a new strategy's goal carries its predecessors' work), or a narrower goal of such a goal that has
  no successor of its own (it is carried with its parent, as in :mod:`queries.followup.crosswalk`).

Work on a narrower goal of the goal's own strategy does not count for the broader goal: the scorecard
rolls sub-goals up on their own rows. Every analysis counts by this definition: gaps, follow-up,
crosswalk, the goals x sectors matrices (:mod:`queries.coverage`, :mod:`queries.silos`), and their
SPARQL and Cypher twins (``queries/sparql/contributions.rq`` holds the rule as a SPARQL pattern; each
Cypher file that counts contributions spells the same pattern).

Examples
--------
>>> contributors(example_graph)["N1"]  # the draft 2026 goal merges G1, G2 and G3 of the 2021 strategy
['P-ARKTINEN-MATKAILU', 'P-KIERTO', 'P-KOTOUTUMINEN', 'P-MATKAILU', 'P-OHJAAMO', 'P-OUNASVAARA',
 'P-SIJOITTAUTUMINEN', 'P-TKI', 'P-TYOLLISYYS']
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import scipy.sparse as sp

from graph_model.schema_types import NodeType, RelType

__all__ = ["TAKE_OVER", "takes_over", "contributions", "contributors", "contribution_matrix"]

#: The relations by which a (new) goal takes over an (old) goal's work.
TAKE_OVER = (RelType.CONTINUES.value, RelType.MERGES.value, RelType.REPLACES.value)


def takes_over(graph) -> dict[str, set[str]]:
    """Goal -> the goals whose work it carries (linked ones and their sub-goals without a successor).

    >>> from queries.projection import GraphData
    >>> g = GraphData(types={"A": "Goal", "A1": "Goal", "B": "Goal"},
    ...               edges={"merges": [("B", "A")], "broader": [("A1", "A")]})
    >>> sorted(takes_over(g)["B"])
    ['A', 'A1']
    """
    successors: dict[str, list[str]] = defaultdict(list)  # old goal -> new goals that take it over
    for relation in TAKE_OVER:
        for new, old in graph.edges.get(relation, ()):
            successors[old].append(new)
    parent = dict(graph.edges.get(RelType.BROADER.value, ()))
    out: dict[str, set[str]] = defaultdict(set)
    for goal in graph.ids_of(NodeType.GOAL):
        node, seen = goal, set()
        while node is not None and node not in successors and node not in seen:
            seen.add(node)
            node = parent.get(node)
        for new in successors.get(node, ()) if node is not None else ():
            if new != goal:
                out[new].add(goal)
    return dict(out)


def contributions(graph, source_type: str = NodeType.PROJECT) -> list[tuple[str, str]]:
    """Every (work, goal) pair by the definition above, sorted; ``source_type`` is Project or Service.

    >>> from queries.projection import GraphData
    >>> g = GraphData(types={"A": "Goal", "B": "Goal", "P": "Project"},
    ...               edges={"merges": [("B", "A")], "contributes_to": [("P", "A")]})
    >>> contributions(g)
    [('P', 'A'), ('P', 'B')]
    """
    direct: dict[str, set[str]] = defaultdict(set)  # goal -> work linked to it
    for work, goal in graph.edges.get(RelType.CONTRIBUTES_TO.value, ()):
        if graph.type_of(work) == source_type:
            direct[goal].add(work)
    pairs = {(work, goal) for goal, works in direct.items() for work in works}
    for new, olds in takes_over(graph).items():
        pairs.update((work, new) for old in olds for work in direct.get(old, ()))
    return sorted(pairs)


def contributors(graph, source_type: str = NodeType.PROJECT) -> dict[str, list[str]]:
    """Goal -> the sorted ids of the work that contributes to it (goals without any are left out).

    >>> from queries.projection import GraphData
    >>> contributors(GraphData(types={"A": "Goal", "P": "Project"}, edges={"contributes_to": [("P", "A")]}))
    {'A': ['P']}
    """
    out: dict[str, list[str]] = defaultdict(list)
    for work, goal in contributions(graph, source_type):
        out[goal].append(work)
    return dict(out)


def contribution_matrix(graph, source_type: str = NodeType.PROJECT) -> sp.csr_matrix:
    """A 0/1 sparse matrix: rows = ``graph.ids_of(source_type)``, columns = ``graph.ids_of("Goal")``.

    >>> from queries.projection import GraphData
    >>> g = GraphData(types={"A": "Goal", "B": "Goal", "P": "Project"},
    ...               edges={"merges": [("B", "A")], "contributes_to": [("P", "A")]})
    >>> contribution_matrix(g).toarray().tolist()
    [[1.0, 1.0]]
    """
    rows_ids, cols_ids = graph.ids_of(source_type), graph.ids_of(NodeType.GOAL)
    row_index = {i: n for n, i in enumerate(rows_ids)}
    col_index = {i: n for n, i in enumerate(cols_ids)}
    pairs = [(row_index[w], col_index[g]) for w, g in contributions(graph, source_type)
             if w in row_index and g in col_index]
    r = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
    c = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=len(pairs))
    return sp.csr_matrix((np.ones(len(pairs), dtype=np.float32), (r, c)), shape=(len(rows_ids), len(cols_ids)))
