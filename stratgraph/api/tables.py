"""The shape of each command's result, shared by the CLI commands and the Python API so they cannot drift.

Each function takes what the library computed and returns ``(items, columns)``: the items a command
prints (and :class:`stratgraph.api.rows.Rows` holds) and the columns it prints them with. Only light
modules are imported here: ``stratgraph stats`` uses it from the CLI's start-up path.

Examples
--------
>>> from graph_model.store import GraphStore
>>> with GraphStore(None) as store:
...     stats_rows(store, "type")
([], ['type', 'count'])
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from graph_model.store import GraphStore
from ontologies.errors import UsageError
from queries.stats import node_counts, relationship_counts

if TYPE_CHECKING:  # imported for annotations only: the CLI must not pay for them at start-up
    from queries.network import CollaborationNetwork
    from queries.projection import GraphData

__all__ = ["STATS_BY", "NETWORK_SHOWS", "SOURCE_COLUMNS", "SILO_COLUMNS", "GAP_COLUMNS", "RELATED_COLUMNS",
           "LINK_COLUMNS", "PARTNER_COLUMNS", "related_row", "stats_rows", "silo_rows", "network_rows", "as_of_title", "stamp_as_of"]

STATS_BY = ("type", "source", "relation")
NETWORK_SHOWS = ("centrality", "edges", "communities")
SOURCE_COLUMNS = ["name", "format", "triples", "ingested_at", "location", "checksum"]
SILO_COLUMNS = ["goal", "label", "n_sectors", "sectors", "index", "silo"]
GAP_COLUMNS = ["rule", "node", "node_type", "label", "problem", "detail"]
RELATED_COLUMNS = ["id", "label", "sector", "status", "score", "topic", "partners", "same_topic", "same_organisation",
                   "duplicate", "reasons", "shared"]


def related_row(item) -> dict:
    """A related project as the row `stratgraph related --format json` prints: the duplicate flag in words.

    >>> from queries.related import RelatedProject
    >>> related_row(RelatedProject("P-1", "Hanke", None, None, 0.5, possible_duplicate=True))["duplicate"]
    'possible duplicate'
    """
    row = item.as_dict()
    row["duplicate"] = "possible duplicate" if row.pop("possible_duplicate", False) else ""
    return row
#: The columns of the partners behind related projects (:class:`queries.partners.Partner`).
PARTNER_COLUMNS = ["id", "label", "type", "sector", "kind", "score", "projects", "leads", "in_store", "project_ids",
                   "evidence"]
LINK_COLUMNS = ["a", "a_label", "b", "b_label", "level", "score", "broker", "broker_label", "evidence", "shared"]
_NETWORK_COLUMNS = {
    "centrality": ["id", "label", "type", "sector", "degree", "strength", "betweenness", "community", "memberships"],
    "edges": ["a", "a_label", "b", "b_label", "weight", "kinds"],
    "communities": ["community", "size", "members"],
}


def _choice(name: str, value: Any, choices: Sequence[str]) -> None:
    if value not in choices:
        raise UsageError(f"unknown {name} {value!r}; choose from {', '.join(choices)}")


def stats_rows(store: GraphStore, by: str = "type") -> tuple[list[dict], list[str]]:
    """Node counts per type (all sources), per source and type, or relationship counts per type.

    >>> from graph_model.store import GraphStore
    >>> with GraphStore(None) as store:
    ...     stats_rows(store, "colour")
    Traceback (most recent call last):
    ...
    ontologies.errors.UsageError: unknown by 'colour'; choose from type, source, relation
    """
    _choice("by", by, STATS_BY)
    if by == "relation":
        return relationship_counts(store), ["source", "relation", "count"]
    rows = node_counts(store)
    if by == "source":
        return rows, ["source", "type", "count"]
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["type"]] = totals.get(row["type"], 0) + row["count"]
    return [{"type": t, "count": n} for t, n in sorted(totals.items())], ["type", "count"]


def silo_rows(graph: GraphData, goal: str | None = None, channels: Sequence[str] | None = None,
              only_silos: bool = False) -> tuple[list, list[str]]:
    """The goals' spreads (:func:`queries.silos.goal_spread`), only the silo goals when ``only_silos``.

    >>> from queries.projection import GraphData
    >>> graph = GraphData(types={"G1": "Goal", "P1": "Project", "U1": "Unit", "S1": "Sector"},
    ...                   edges={"contributes_to": [("P1", "G1")], "led_by": [("P1", "U1")],
    ...                          "part_of": [("U1", "S1")]})
    >>> [s.goal for s in silo_rows(graph, only_silos=True)[0]]
    ['G1']
    """
    from queries.silos import DEFAULT_CHANNELS, goal_spread

    spreads = goal_spread(graph, goal=goal, channels=tuple(channels or DEFAULT_CHANNELS))
    return [s for s in spreads if s.silo or not only_silos], SILO_COLUMNS


def network_rows(net: CollaborationNetwork, show: str = "centrality") -> tuple[list[dict], list[str]]:
    """One table of a collaboration network: ``centrality`` (brokers first), ``edges`` or ``communities``.

    >>> from queries.network import collaboration_network
    >>> from queries.projection import GraphData
    >>> graph = GraphData(types={"P1": "Project", "U1": "Unit", "U2": "Unit"},
    ...                   edges={"led_by": [("P1", "U1")], "has_partner": [("P1", "U2")]})
    >>> rows, columns = network_rows(collaboration_network(graph), "edges")
    >>> rows[0]["a"], rows[0]["b"], columns[-1]
    ('U1', 'U2', 'kinds')
    """
    _choice("show", show, NETWORK_SHOWS)
    if show == "edges":
        return net.edge_rows(), _NETWORK_COLUMNS["edges"]
    if show == "communities":
        return net.community_rows(), _NETWORK_COLUMNS["communities"]
    return net.centrality, _NETWORK_COLUMNS["centrality"]


def as_of_title(as_of: datetime.date | None) -> str | None:
    """The title of a table of things as they were on ``as_of`` (None without a date).

    >>> as_of_title(datetime.date(2025, 6, 1)), as_of_title(None)
    ('as of 2025-06-01', None)
    """
    return f"as of {as_of.isoformat()}" if as_of is not None else None


def stamp_as_of(to_row: Callable[[Any], dict], columns: Sequence[str], as_of: datetime.date | None
                ) -> tuple[Callable[[Any], dict], list[str]]:
    """``to_row`` and ``columns`` that also give the ``as_of`` date in every row (unchanged without a date),
    so that a JSON, CSV or xlsx file says which day it describes.

    >>> to_row, columns = stamp_as_of(dict, ["goal"], datetime.date(2025, 6, 1))
    >>> to_row({"goal": "G1"}), columns
    ({'goal': 'G1', 'as_of': '2025-06-01'}, ['goal', 'as_of'])
    """
    if as_of is None:
        return to_row, list(columns)
    day = as_of.isoformat()
    return (lambda item: {**to_row(item), "as_of": day}), [*columns, "as_of"]
