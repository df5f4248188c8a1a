"""The collaboration graph: who works with whom, on what, at one level (units, sectors, stakeholders, projects).

Who works together is read from *contexts*, the participation of :data:`queries.projection.PARTICIPATION`:
projects (leader and partners), governing bodies and networks (members, leader), services (involved,
responsible) and agreements (parties). Two entities that share a context already work together. The
entities are units, sectors, stakeholders or projects (``level``); a role counts for the unit (or
stakeholder) it is posted in, and at sector level everything counts for its sector. At project level,
projects work together when one body steers both or one unit leads both, and their partners are the
organisations taking part. An entity's interests are the goals and themes of its contexts
(``INTEREST_RELATIONS``) and the goals it is responsible for.

A drawn map's connection (Kumu, :mod:`ingest.kumu`) between two graph entities is a context of its own
(:func:`map_links`): its two ends work together, so they are never suggested, and an organisation drawn
connected to two others is a partner they share. A connection with a map's own element at an end (a
phenomenon, an outcome) says nothing about who works with whom and is not counted. At project level a
connection between two projects joins them, and one between a project and an organisation makes the
organisation one of the project's partners.

Examples
--------
>>> cg = collaboration_graph(example_graph, "unit")
>>> cg.entities.index("U-LIIKENNE") < len(cg.entities), "G11" in cg.interest_ids
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import scipy.sparse as sp

from graph_model.schema_types import NodeType, RelType
from ontologies.errors import UsageError
from queries.projection import PARTICIPATION, GraphData

__all__ = ["CollaborationGraph", "collaboration_graph", "binary", "map_links", "LEVELS", "INTEREST_RELATIONS",
           "MAP_ENDS"]

LEVELS = ("unit", "sector", "stakeholder", "project")
#: Relations that give a context (or a goal) its interests.
INTEREST_RELATIONS = (RelType.CONTRIBUTES_TO, RelType.HAS_THEME, RelType.ADVANCES)
#: The relations from a drawn map's connection to its two ends.
MAP_ENDS = (RelType.CONNECTS_FROM, RelType.CONNECTS_TO)
_ENTITY_TYPES = {"unit": NodeType.UNIT, "sector": NodeType.SECTOR, "stakeholder": NodeType.STAKEHOLDER}


@dataclass
class CollaborationGraph:
    """Entities (rows) with the actors they work with, their interests, sectors and activity.

    ``works_with[e, x]`` counts the contexts ``e`` shares with actor ``x``; ``together[e, f] > 0``
    when ``e`` and ``f`` work together (default: ``e`` works with an actor that is ``f``);
    ``actor_degree[x]`` is the number of entities ``x`` works with (default: counted in ``works_with``;
    a :meth:`subset` keeps the whole graph's; see :meth:`degrees`).
    """

    entities: list[str]
    actors: list[str]
    works_with: sp.csr_matrix
    interests: sp.csr_matrix
    interest_ids: list[str]
    sectors: np.ndarray
    activity: np.ndarray
    together: sp.csr_matrix | None = None
    actor_degree: np.ndarray | None = None

    def subset(self, keep: np.ndarray) -> CollaborationGraph:
        """The same graph with only the entities where ``keep`` is true (actors and degrees unchanged)."""
        rows = np.flatnonzero(keep)
        return CollaborationGraph([self.entities[i] for i in rows], self.actors, self.works_with[rows],
                                  self.interests[rows], self.interest_ids, self.sectors[rows], self.activity[rows],
                                  self.together[rows][:, rows], self.degrees())

    def degrees(self) -> np.ndarray:
        """For every actor, the number of entities it works with (``actor_degree`` when given)."""
        if self.actor_degree is not None:
            return self.actor_degree
        return np.asarray((self.works_with > 0).sum(axis=0), dtype=np.float64).ravel()

    def __post_init__(self) -> None:
        if self.together is None:
            col = {x: i for i, x in enumerate(self.actors)}
            own = [(col[e], i) for i, e in enumerate(self.entities) if e in col]
            pick = sp.csr_matrix((np.ones(len(own)), ([o[0] for o in own], [o[1] for o in own])),
                                 shape=(len(self.actors), len(self.entities)))
            self.together = (self.works_with @ pick).tocsr()


def binary(matrix: sp.spmatrix) -> sp.csr_matrix:
    """``matrix`` as a float64 CSR matrix with a one wherever it holds a non-zero.

    >>> binary(sp.csr_matrix([[0, 2], [3, 0]])).toarray().tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    """
    out = sp.csr_matrix(matrix, dtype=np.float64, copy=True)
    out.eliminate_zeros()
    out.data[:] = 1.0
    return out


class _Nodes:
    """The graph's node ids as integer codes (typed nodes first, then other ids as they are met), so that
    each edge is read once, into arrays, rather than into sets of string pairs."""

    def __init__(self, graph: GraphData):
        self.graph = graph
        self.ids = list(graph.types)
        self.code = {x: i for i, x in enumerate(self.ids)}
        self.kinds = sorted(set(graph.types.values()))
        kind_code = {k: i for i, k in enumerate(self.kinds)}
        self.kind = np.fromiter(map(kind_code.__getitem__, graph.types.values()), dtype=np.intp,
                                count=len(self.ids))

    def codes(self, ids: Sequence[str]) -> np.ndarray:
        """The codes of ``ids`` (new codes for ids the graph does not type)."""
        out = np.fromiter(map(self.code.get, ids, repeat(-1)), dtype=np.intp, count=len(ids))
        for at in np.flatnonzero(out < 0):
            out[at] = self.code.setdefault(ids[at], len(self.ids))
            if out[at] == len(self.ids):
                self.ids.append(ids[at])
        return out

    def of_kind(self, codes: np.ndarray, *kinds: str) -> np.ndarray:
        """Which ``codes`` are typed nodes of one of ``kinds``."""
        wanted = np.isin(self.kinds, kinds)
        typed = codes < len(self.kind)
        out = np.zeros(len(codes), dtype=bool)
        out[typed] = wanted[self.kind[codes[typed]]]
        return out

    def encoded(self, pairs: Sequence[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
        """The (source, target) codes of ``pairs``."""
        if not pairs:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
        return self.codes([s for s, _ in pairs]), self.codes([t for _, t in pairs])

    def numbered(self, codes: np.ndarray) -> tuple[int, np.ndarray]:
        """How many distinct ``codes`` there are, and for every code its rank among them (-1 for others)."""
        distinct = np.flatnonzero(np.bincount(codes, minlength=len(self.ids)))
        return len(distinct), self._position(distinct)

    def sorted_ids(self, codes: np.ndarray) -> tuple[list[str], np.ndarray]:
        """The distinct ids of ``codes``, sorted, and for every code its position among them (-1 for others)."""
        ranked = sorted(np.flatnonzero(np.bincount(codes, minlength=len(self.ids))), key=self.ids.__getitem__)
        return [self.ids[c] for c in ranked], self._position(np.array(ranked, dtype=np.intp))

    def position(self, ids: list[str]) -> np.ndarray:
        """For every code, its position in ``ids`` (-1 when not there)."""
        return self._position(self.codes(ids))

    def _position(self, codes: np.ndarray) -> np.ndarray:
        out = np.full(len(self.ids), -1)
        out[codes] = np.arange(len(codes))
        return out


def _incidence(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    """The 0/1 matrix with a one at each ``(rows[i], cols[i])`` where both are positions (not -1)."""
    keep = (rows >= 0) & (cols >= 0)
    return binary(sp.csr_matrix((np.ones(int(keep.sum())), (rows[keep], cols[keep])), shape=shape))


def _matrix(pairs: set[tuple[str, str]], rows: list[str], cols: list[str]) -> sp.csr_matrix:
    r_ix, c_ix = {x: i for i, x in enumerate(rows)}, {x: i for i, x in enumerate(cols)}
    kept = [(r_ix[r], c_ix[c]) for r, c in pairs if r in r_ix and c in c_ix]
    data = np.ones(len(kept))
    return sp.csr_matrix((data, ([k[0] for k in kept], [k[1] for k in kept])), shape=(len(rows), len(cols)))


def map_links(graph: GraphData) -> list[tuple[str, str]]:
    """The ``(connection, end)`` pairs of the drawn map connections between graph entities (neither end a
    ``MapElement``): contexts that their two ends share, like the members of a project.

    >>> g = GraphData(types={"U1": "Unit", "U2": "Unit", "E": "MapElement", "C1": "MapConnection",
    ...                      "C2": "MapConnection"},
    ...               edges={"connects_from": [("C1", "U1"), ("C2", "U1")], "connects_to": [("C1", "U2"), ("C2", "E")]})
    >>> map_links(g)
    [('C1', 'U1'), ('C1', 'U2')]
    """
    ends = graph.participation(NodeType.MAP_CONNECTION, MAP_ENDS)
    drawn_only = {c for c, end in ends if graph.types.get(end) == NodeType.MAP_ELEMENT}
    return [(c, end) for c, end in ends if c not in drawn_only]


def _owner(graph: GraphData, level: str):
    post_in = dict(graph.edges.get(RelType.POST_IN, ()))
    own_type = {"unit": NodeType.UNIT, "stakeholder": NodeType.STAKEHOLDER}.get(level)

    def owner(actor: str) -> str | None:
        kind = graph.types.get(actor)
        if level == "sector":
            return graph.sector_of(actor) if kind in (NodeType.SECTOR, NodeType.UNIT, NodeType.ROLE) else None
        if kind == own_type:
            return actor
        if kind == NodeType.ROLE and graph.types.get(post_in.get(actor)) == own_type:
            return post_in[actor]
        return None
    return owner


def _sector_key(graph: GraphData, level: str, entity: str) -> str:
    if level == "stakeholder":
        return graph.props.get(entity, {}).get("stakeholder_kind", "")
    return graph.sector_of(entity) or ""


def _interest_edges(nodes: _Nodes) -> tuple[np.ndarray, np.ndarray]:
    """The (source, goal or theme) codes of the edges that give their source an interest."""
    sources, targets = nodes.encoded([pair for r in INTEREST_RELATIONS for pair in nodes.graph.edges.get(r, ())])
    keep = nodes.of_kind(targets, NodeType.GOAL, NodeType.THEME)
    return sources[keep], targets[keep]


def _organisation_graph(graph: GraphData, level: str) -> CollaborationGraph:
    nodes = _Nodes(graph)
    context, member = nodes.encoded([pair for kind in PARTICIPATION for pair in graph.participation(kind)] +
                                    map_links(graph))
    source, interest = _interest_edges(nodes)
    contexts, row = nodes.numbered(context)  # once every edge is read; the order of contexts does not matter
    actors, column = nodes.sorted_ids(member)
    owner = _owner(graph, level)
    entities = graph.ids_of(_ENTITY_TYPES[level])
    m = _incidence(row[context], column[member], (contexts, len(actors)))
    owned = _matrix({(x, owner(x)) for x in actors if owner(x)}, actors, entities)
    me = binary(m @ owned)
    works = me.T @ m
    works = (works - works.multiply(owned.T)).tocsr()  # an entity does not work with itself or its roles
    works.eliminate_zeros()
    responsible = {(owner(x), g) for g, x in graph.edges.get(RelType.RESPONSIBLE, ()) if owner(x) and
                   graph.types.get(g) == NodeType.GOAL}
    interests = sorted(set(nodes.sorted_ids(interest[row[source] >= 0])[0]) | {g for _, g in responsible})
    held = _incidence(row[source], nodes.position(interests)[interest], (contexts, len(interests)))
    inter = binary(me.T @ held + _matrix(responsible, entities, interests))
    sectors = np.array([_sector_key(graph, level, e) for e in entities], dtype=object)
    activity = np.asarray(me.sum(axis=0), dtype=np.float64).ravel()
    return CollaborationGraph(entities, actors, works, inter, interests, sectors, activity,
                              (me.T @ me).tocsr())


def _project_map_links(graph: GraphData) -> dict[str, list[tuple[str, str]]]:
    """The map connections of projects: ``partners`` (project, organisation it is connected to) and
    ``joint`` (project, connection) for the connections between two projects."""
    ends: dict[str, list[str]] = {}
    for connection, end in map_links(graph):
        ends.setdefault(connection, []).append(end)
    out: dict[str, list[tuple[str, str]]] = {"partners": [], "joint": []}
    for connection, (one, other) in ((c, e) for c, e in ends.items() if len(e) == 2):
        projects = [graph.types.get(x) == NodeType.PROJECT for x in (one, other)]
        if all(projects):
            out["joint"] += [(one, connection), (other, connection)]
        elif projects[0] or projects[1]:
            out["partners"].append((one, other) if projects[0] else (other, one))
    return out


def _project_graph(graph: GraphData) -> CollaborationGraph:
    nodes = _Nodes(graph)
    projects = graph.ids_of(NodeType.PROJECT)
    drawn = _project_map_links(graph)
    project, actor = nodes.encoded(graph.participation(NodeType.PROJECT) + drawn["partners"])
    # projects work together when one body steers both, one unit leads both or a map connects them
    steered, body = nodes.encoded(graph.participation(NodeType.PROJECT, (RelType.STEERED_BY, RelType.LED_BY)) +
                                  drawn["joint"])
    source, interest = _interest_edges(nodes)
    row = nodes.position(projects)  # once every edge is read
    actors, column = nodes.sorted_ids(actor)
    interests, interest_column = nodes.sorted_ids(interest[row[source] >= 0])
    works = _incidence(row[project], column[actor], (len(projects), len(actors)))
    held = _incidence(row[source], interest_column[interest], (len(projects), len(interests)))
    joint = _incidence(row[steered], body, (len(projects), len(nodes.ids)))
    sectors = np.array([graph.sector_of(p) or "" for p in projects], dtype=object)
    activity = np.asarray(works.sum(axis=1), dtype=np.float64).ravel()
    return CollaborationGraph(projects, actors, works, held, interests, sectors, activity, (joint @ joint.T).tocsr())


def collaboration_graph(graph: GraphData, level: str = "unit") -> CollaborationGraph:
    """The entities of ``level`` with whom they work, their interests, sectors and activity.

    Examples
    --------
    >>> g = GraphData(types={"P1": "Project", "U1": "Unit", "U2": "Unit", "S": "Sector"},
    ...               edges={"led_by": [("P1", "U1")], "has_partner": [("P1", "U2")]})
    >>> cg = collaboration_graph(g, "unit")
    >>> cg.entities, cg.actors, cg.works_with.toarray().tolist()
    (['U1', 'U2'], ['U1', 'U2'], [[0.0, 1.0], [1.0, 0.0]])
    """
    if level not in LEVELS:
        raise UsageError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    return _project_graph(graph) if level == "project" else _organisation_graph(graph, level)
