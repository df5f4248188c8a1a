"""The projection as it was on a date: one filter, so every analysis and map can look back in time.

:func:`graph_as_of` keeps what held on the day and drops the rest:

- a project, governing body or agreement whose own period (``start_date`` .. ``end_date``, both
  inclusive, an open end allowed) does not contain the day is gone, with every edge that touches it
  (a project that had finished, a body not yet set up);
- a dated relationship (from the relationships sheet: who sat in which body, who held which role,
  who answered for what, :func:`queries.followup.dated.read_dated`) is kept only when one of its
  periods contains the day;
- everything undated (nodes without dates, relation columns) always holds.

A dated relationship of an organisation merged into another by an accepted ``owl:sameAs`` match is
dated on the node the projection keeps (:meth:`~queries.followup.dated.DatedEdges.folded`).

Strategies, goals and metrics are not filtered: they are what the work is measured against. The
analyses (``silos``, ``network``, the maps) take the filtered graph as they take any other.

Examples
--------
>>> import datetime
>>> before = load_graph_as_of(example_store, datetime.date(2024, 1, 1))
>>> after = load_graph_as_of(example_store, datetime.date(2025, 6, 1))
>>> ("B-KH", "PER-E") in before.edges["has_member"], ("B-KH", "PER-E") in after.edges["has_member"]
(True, False)
>>> "P-ILMASTO-OHJELMA" in load_graph_as_of(example_store, datetime.date(2022, 6, 1)).types
True
>>> "P-ILMASTO-OHJELMA" in after.types
False
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

from graph_model.schema_types import NodeType, RelType
from graph_model.store import GraphStore
from ontologies.errors import UsageError
from queries.followup.dated import DatedEdges, in_period, parse_date, read_dated
from queries.projection import GraphData, load_graph

__all__ = ["DATED_TYPES", "graph_as_of", "load_graph_as_of", "load_with_dated", "read_all_dated", "parse_years",
           "runs_in"]

#: The node types whose own start and end dates say whether they existed on a day.
DATED_TYPES = (NodeType.PROJECT.value, NodeType.GOVERNING_BODY.value, NodeType.AGREEMENT.value)


def _exists(props: dict[str, str], day: datetime.date) -> bool:
    try:
        start, end = parse_date(props.get("start_date")), parse_date(props.get("end_date"))
    except ValueError:  # a date the store accepted but we cannot read: keep the node rather than guess
        return True
    return in_period(day, start, end)


_YEARS = re.compile(r"\s*(\d{4})?\s*(?:([-\u2013])\s*(\d{4})?)?\s*")


def parse_years(text: str) -> tuple[int | None, int | None]:
    """Years as a person writes them: ``2021``, ``2019-2023``, ``2019-`` (from) or ``-2023`` (until); the
    first and last year, None for an open end. Raises UsageError saying what is wrong.

    >>> parse_years("2021"), parse_years("2019 - 2023"), parse_years("2019-"), parse_years("-2023")
    ((2021, 2021), (2019, 2023), (2019, None), (None, 2023))
    >>> parse_years("2023-2019")
    Traceback (most recent call last):
    ...
    ontologies.errors.UsageError: years: 2023 is after 2019; write the earlier year first (2019-2023)
    """
    match = _YEARS.fullmatch(text)
    if not match or not (match[1] or match[3]):
        raise UsageError(f"years must be a year or a range of years (2021, 2019-2023, 2019- or -2023), "
                         f"not {text[:40]!r}")
    first = int(match[1]) if match[1] else None
    last = int(match[3]) if match[3] else first if not match[2] else None
    if first is not None and last is not None and first > last:
        raise UsageError(f"years: {first} is after {last}; write the earlier year first ({last}-{first})")
    return first, last


def runs_in(props: dict[str, str], first: int | None, last: int | None) -> bool:
    """Whether a node's own period (``start_date`` .. ``end_date``, an open end allowed) overlaps the
    years ``first`` .. ``last`` (both inclusive, None: open). A node with neither date is not known to
    run then (False); one with a date that cannot be read is kept (True), as :func:`graph_as_of` does.

    >>> runs_in({"start_date": "2018-03-01", "end_date": "2020-02-29"}, 2020, 2021)
    True
    >>> runs_in({"start_date": "2021-01-01"}, 2019, 2020), runs_in({}, 2019, 2020)
    (False, False)
    """
    try:
        start, end = parse_date(props.get("start_date")), parse_date(props.get("end_date"))
    except ValueError:
        return True
    if start is None and end is None:
        return False
    return ((last is None or start is None or start.year <= last)
            and (first is None or end is None or end.year >= first))


def graph_as_of(graph: GraphData, dated: DatedEdges, day: datetime.date | None) -> GraphData:
    """A new projection of ``graph`` as it was on ``day`` (``graph`` itself when ``day`` is None).

    Parameters
    ----------
    graph : GraphData
        The store's projection (:func:`queries.projection.load_graph`); not changed.
    dated : DatedEdges
        The periods of the dated relationships (:func:`queries.followup.dated.read_dated`).
    day : datetime.date or None
        The day to look at.

    Returns
    -------
    GraphData
        The nodes that existed and the edges that held on ``day``.

    Examples
    --------
    >>> g = GraphData(types={"B": "GoverningBody", "P1": "Person", "P2": "Person", "X": "Project"},
    ...               props={"X": {"start_date": "2024-01-01", "end_date": "2024-12-31"}},
    ...               edges={"has_member": [("B", "P1"), ("B", "P2")], "steered_by": [("X", "B")]})
    >>> dated = DatedEdges()
    >>> dated.periods[("B", "has_member", "P1")].append((datetime.date(2020, 1, 1), datetime.date(2023, 5, 31)))
    >>> then = graph_as_of(g, dated, datetime.date(2025, 1, 1))
    >>> sorted(then.types), dict(then.edges)
    (['B', 'P1', 'P2'], {'has_member': [('B', 'P2')]})
    """
    if day is None:
        return graph
    dated = dated.folded(graph.merged)  # a matched organisation's dated rows are on its canonical node now
    dated_types = set(DATED_TYPES)
    kept = {ident: kind for ident, kind in graph.types.items()
            if kind not in dated_types or _exists(graph.props.get(ident, {}), day)}
    edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for relation, pairs in graph.edges.items():
        held = [(s, o) for s, o in pairs if s in kept and o in kept and dated.holds(s, relation, o, day)]
        if held:
            edges[relation] = held
    return GraphData(types=kept,
                     labels={i: v for i, v in graph.labels.items() if i in kept},
                     descriptions={i: v for i, v in graph.descriptions.items() if i in kept},
                     props={i: v for i, v in graph.props.items() if i in kept},
                     edges=edges, merged=dict(graph.merged))


def load_graph_as_of(store: GraphStore, day: datetime.date | None = None) -> GraphData:
    """The store's projection (:func:`~queries.projection.load_graph`), as it was on ``day`` if given.

    >>> import datetime
    >>> len(load_graph_as_of(example_store).types) > len(load_graph_as_of(example_store, datetime.date(2021, 1, 1)).types)
    True
    """
    graph = load_graph(store)
    if day is None:
        return graph
    return graph_as_of(graph, read_all_dated(store), day)


def load_with_dated(store: GraphStore, day: datetime.date | None = None) -> tuple[GraphData, DatedEdges]:
    """The projection as it was on ``day`` (if given) and the dated relationships, each read once: every
    relation's when filtering by ``day`` (the filter needs them all), else the follow-up's
    (:func:`~queries.followup.dated.read_dated`). For the follow-up, which needs both.

    >>> import datetime
    >>> graph, dated = load_with_dated(example_store, datetime.date(2025, 6, 1))
    >>> ("B-KH", "PER-E") in graph.edges["has_member"], dated.holds("B-KH", "has_member", "PER-E", datetime.date(2024, 1, 1))
    (False, True)
    """
    dated = read_all_dated(store) if day else read_dated(store)
    return graph_as_of(load_graph(store), dated, day), dated


def read_all_dated(store: GraphStore) -> DatedEdges:
    """The periods of every dated relationship in the store, whatever its relation.

    >>> import datetime
    >>> read_all_dated(example_store).holds("B-STRATEGIARYHMA", "reports_to", "B-JOHTORYHMA", datetime.date(2025, 1, 1))
    False
    """
    return read_dated(store, tuple(r.value for r in RelType))
