"""The analyst's handle on a store: :func:`open` and the :class:`Stratgraph` methods that mirror the commands.

Each method computes what its command computes, with the same library functions (and the same
:mod:`stratgraph.api.tables` shaping), and returns :class:`~stratgraph.api.rows.Rows`; errors are the
project's exceptions (:class:`ontologies.errors.StratgraphError`) with the CLI's messages.

Reading and writing: an on-disk store is opened for each call, as a command would open it, and
closed again: read-only for queries, writable only inside :meth:`Stratgraph.ingest` and
:meth:`Stratgraph.remove_source`. So a notebook never holds the store's lock between calls, the CLI
can ingest while the notebook is open, and every call sees the store as it is now. Pass
``read_only=True`` to refuse writes altogether. ``":memory:"`` is a store in memory that lives as long
as the handle (for trying things out, and for the examples below).

Examples
--------
>>> import stratgraph
>>> from examples import EXAMPLE_DIR
>>> with stratgraph.open(":memory:") as city:
...     report = city.ingest(EXAMPLE_DIR)
...     top = city.related("P-HNR", top=3)
>>> report.status, sorted(r.id for r in top[:2])  # two climate projects, 0.42 and 0.41: either may lead
('stored', ['P-ENERGIA', 'P-ILMASTO-OHJELMA'])
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph_model.store import GraphStore
from ontologies.errors import UsageError
from stratgraph.api import tables
from stratgraph.api.arguments import check, check_as_of, check_top
from stratgraph.api.edits import EditMethods
from stratgraph.api.followup import FollowupMethods
from stratgraph.api.related import RelatedMethods
from stratgraph.api.review import ReviewMethods
from stratgraph.api.rows import Rows

__all__ = ["Stratgraph", "open", "MEMORY"]

#: The path that names a store in memory.
MEMORY = ":memory:"
_CLOSED = "this stratgraph handle is closed; open the store again with stratgraph.open(...)"


def open(path: str | os.PathLike | None = None, *, read_only: bool = False) -> Stratgraph:  # noqa: A001
    """Open the store at ``path`` (default: ``$STRATGRAPH_DB`` or ``./stratgraph.db``, as the CLI).

    Parameters
    ----------
    path : str or path-like, optional
        The store's folder, or ``":memory:"`` for a store in memory.
    read_only : bool
        Refuse :meth:`Stratgraph.ingest` and :meth:`Stratgraph.remove_source`.

    Returns
    -------
    Stratgraph
        A handle; use it as a context manager or call :meth:`Stratgraph.close`.

    Examples
    --------
    >>> import stratgraph
    >>> with stratgraph.open(":memory:") as city:
    ...     len(city.sources())
    0
    >>> stratgraph.open(42)
    Traceback (most recent call last):
    ...
    ontologies.errors.UsageError: path must be str or PathLike, not int (42)
    """
    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise UsageError(f"path must be str or PathLike, not {type(path).__name__} ({path!r})")
    check("read_only", read_only, bool)
    if path is None:
        from stratgraph.settings import Settings

        path = Settings.from_env().db
    return Stratgraph(path, read_only=read_only)


class Stratgraph(FollowupMethods, RelatedMethods, ReviewMethods, EditMethods):
    """A handle on one store; its methods mirror the ``stratgraph`` commands (see :func:`open`)."""

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False):
        self.memory = str(path) == MEMORY
        self.path: Path | None = None if self.memory else Path(path)
        self.read_only = read_only
        self._memory_store: GraphStore | None = GraphStore(None) if self.memory else None
        self._graph_cache: Any = None
        self._closed = False

    # -- life cycle ----------------------------------------------------------------------------------
    def __enter__(self) -> Stratgraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = " closed" if self._closed else ""
        return f"<Stratgraph {MEMORY if self.memory else str(self.path)!r}{state}>"

    def close(self) -> None:
        """Release the handle (an in-memory store is dropped); later calls raise UsageError.

        >>> import stratgraph
        >>> city = stratgraph.open(":memory:")
        >>> city.close()
        >>> city.sources()
        Traceback (most recent call last):
        ...
        ontologies.errors.UsageError: this stratgraph handle is closed; open the store again with stratgraph.open(...)
        """
        if self._memory_store is not None:
            self._memory_store.close()
            self._memory_store = None
        self._graph_cache = None
        self._closed = True

    def store(self, *, write: bool = False) -> GraphStore:
        """The store, opened for one piece of work: use it in a ``with`` block (read-only unless ``write``).

        For the library functions the handle has no method for (see :mod:`queries`).

        >>> import stratgraph
        >>> from queries.stats import summary
        >>> with stratgraph.open(":memory:") as city, city.store() as store:
        ...     summary(store)["nodes"]
        0
        """
        if self._closed:
            raise UsageError(_CLOSED)
        if write and self.read_only:
            raise UsageError("this handle is read-only: open it with stratgraph.open(path) to ingest")
        if self._memory_store is not None:
            return _Borrowed(self._memory_store)
        return GraphStore(self.path, read_only=not write)

    def graph(self, as_of: datetime.date | None = None):
        """The store's projection (:class:`queries.projection.GraphData`) that the analyses run on; with
        ``as_of``, as it was on that date (:func:`queries.as_of.graph_as_of`).

        >>> import datetime, stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     city.graph().type_of("P-HNR"), city.graph(as_of=datetime.date(2023, 1, 1)).type_of("P-LUMO")
        ('Project', None)
        """
        from queries.projection import load_graph

        as_of = check_as_of(as_of)
        if as_of is not None:
            from queries.as_of import graph_as_of, read_all_dated

            graph = self.graph()
            with self.store() as store:
                return graph_as_of(graph, read_all_dated(store), as_of)
        if self._memory_store is not None and self._graph_cache is not None:
            return self._graph_cache
        with self.store() as store:
            graph = load_graph(store)  # an on-disk store keeps its own cache, keyed by its sources
        if self._memory_store is not None:
            self._graph_cache = graph
        return graph

    # -- the store -----------------------------------------------------------------------------------
    def ingest(self, path: str | os.PathLike, *, source: str | None = None, dry_run: bool = False):
        """Ingest a workbook, a folder of CSV files or an RDF file as one source (``stratgraph ingest``).

        All or nothing: bad input raises :class:`ingest.problems.InvalidInput` listing every problem
        (``exc.problems``, each with file, sheet, row and column) and stores nothing.

        Returns
        -------
        ingest.pipeline.IngestReport
            ``status`` is ``stored``, ``unchanged`` or (``dry_run``) ``valid``.

        Examples
        --------
        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     first, again = city.ingest(EXAMPLE_DIR), city.ingest(EXAMPLE_DIR)
        >>> first.status, again.status
        ('stored', 'unchanged')
        """
        from ingest.pipeline import ingest

        if not isinstance(path, (str, os.PathLike)):
            raise UsageError(f"path must be str or PathLike, not {type(path).__name__} ({path!r})")
        check("source", source, str, optional=True)
        check("dry_run", dry_run, bool)
        if dry_run and not self.memory and not self.path.exists():  # as `stratgraph validate`: no store needed
            with GraphStore(None) as scratch:
                return ingest(Path(path), scratch, source=source, dry_run=True)
        with self.store(write=not dry_run) as store:
            report = ingest(Path(path), store, source=source, dry_run=dry_run)
        self._graph_cache = None
        return report

    def remove_source(self, name: str):
        """Remove a source and everything it brought (``stratgraph sources remove``); returns its info.

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR, source="city")
        ...     city.remove_source("city").name, len(city.sources())
        ('city', 0)
        """
        check("name", name, str)
        with self.store(write=True) as store:
            info = store.remove_source(name)
        self._graph_cache = None
        return info

    def sources(self) -> Rows:
        """The sources: name, format, triples, when ingested, location, checksum (``stratgraph sources``), and
        the graph, the importer's account and what the source says of what it describes (``about``: a
        register's own city).

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     [s.name for s in city.sources()]
        ['rovaniemi']
        """
        with self.store() as store:
            return Rows(store.sources(), [*tables.SOURCE_COLUMNS, "graph", "account", "about"])

    def stats(self, by: str = "type") -> Rows:
        """Nodes per type (``by="type"``), per source and type (``"source"``) or relationships per type
        (``"relation"``), as ``stratgraph stats --by``.

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     counts = {r["type"]: r["count"] for r in city.stats()}
        >>> counts["Sector"]
        5
        """
        check("by", by, str)
        with self.store() as store:
            return Rows(*tables.stats_rows(store, by))

    def sparql(self, query: str, **params: str | int | float | bool) -> Rows:
        """Run a SPARQL SELECT (``stratgraph sparql``); ``params`` bind ``?name`` variables as RDF terms.

        A string that starts with ``http://``, ``https://`` or ``urn:`` binds an IRI, other strings a
        literal, int and bool typed literals: values are never pasted into the query text. The prefixes
        sg, id, skos, dct, org, prov, rdf, rdfs and xsd are predeclared.

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     rows = city.sparql("SELECT ?p ?status WHERE { ?p a sg:Project ; sg:status ?status }",
        ...                        status="completed")
        >>> rows.columns, all(r["status"] == "completed" for r in rows), len(rows) > 0
        (['p', 'status'], True, True)
        """
        from queries.sparql import run_select

        check("query", query, str)
        for key, value in params.items():
            check(f"parameter {key}", value, (str, int, float, bool))
        with self.store() as store:
            names, values = run_select(store, query, params)
        return Rows([dict(zip(names, v)) for v in values], names)

    # -- the analyses (the follow-up and the strategy crosswalk join here when queries/ has them) -------
    def related(self, project: str | None = None, *, text: str | None = None, other_sectors: bool = False,
                status: str | None = None, top: int = 10, by: str = "all") -> Rows:
        """Projects related to ``project`` (an id) or to a free-text idea, best first (``stratgraph related``).

        Each row is a :class:`queries.related.RelatedProject` (``id``, ``label``, ``sector``,
        ``status``, ``score``, ``reasons``, ``shared``). An unknown id raises NotFoundError naming the
        closest ids.

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     best = city.related("P-HNR", other_sectors=True, top=2)
        ...     city.related("P-HNRR")
        Traceback (most recent call last):
        ...
        ontologies.errors.NotFoundError: no project 'P-HNRR'; closest ids: P-HNR, ...
        >>> len(best), best[0].score > 0
        (2, True)
        """
        from queries.related import require_project

        check("project", project, str, optional=True)
        check("text", text, str, optional=True)
        check("other_sectors", other_sectors, bool)
        check("status", status, str, optional=True)
        check_top(top)
        check("by", by, str)
        if by not in ("all", "topic", "partners"):
            raise UsageError(f"by must be one of all, topic, partners, not {by!r}")
        require_project(self.graph(), project)  # before the index: it takes seconds on a national list
        results = self.related_index().query(project, text, other_sectors=other_sectors, status=status, top=top,
                                             by=by)
        return Rows(results, tables.RELATED_COLUMNS, tables.related_row)

    def links(self, level: str = "unit", *, goal: str | None = None, theme: str | None = None,
              top: int = 20) -> Rows:
        """Missing cross-sector links: pairs that share goals, themes or partners but do not work
        together, with evidence and a possible broker (``stratgraph links``).

        Each row is a :class:`queries.links.MissingLink`.

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     pairs = city.links(top=5)
        >>> len(pairs), pairs[0].a != pairs[0].b
        (5, True)
        """
        from queries.links import missing_links

        check("level", level, str)
        check("goal", goal, str, optional=True)
        check("theme", theme, str, optional=True)
        check_top(top)
        return Rows(missing_links(self.graph(), level, goal=goal, theme=theme, top=top,
                                  decided=self.pair_decisions().get("link", {})), tables.LINK_COLUMNS)

    def silos(self, *, goal: str | None = None, via: Sequence[str] | None = None, only_silos: bool = False,
              as_of: datetime.date | None = None) -> Rows:
        """Per goal: the sectors that serve it, a cross-sector index (0..1) and whether one sector serves
        it alone (``stratgraph silos``); ``via`` is the channels (projects, services, networks, bodies);
        ``as_of`` counts only what held on that date (each row then has its ``as_of`` column).

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     [s.goal for s in city.silos(only_silos=True)]
        ['G4', 'G11.3', 'G13']
        """
        check("goal", goal, str, optional=True)
        check("only_silos", only_silos, bool)
        if via is not None and (isinstance(via, str) or not all(isinstance(v, str) for v in via)):
            raise UsageError(f"via must be a list of channel names, not {via!r}")
        as_of = check_as_of(as_of)
        spreads, columns = tables.silo_rows(self.graph(as_of), goal, via, only_silos)
        to_row, columns = tables.stamp_as_of(lambda s: s.as_row(), columns, as_of)
        return Rows(spreads, columns, to_row)

    def gaps(self, *rules: str) -> Rows:
        """Governance gaps, each naming the node and the rule it breaks (``stratgraph gaps``); give rule
        names to keep only those (:data:`queries.gaps.RULES`).

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     found = city.gaps("goal_without_metric")
        >>> {g.rule for g in found}
        {'goal_without_metric'}
        """
        from queries.gaps import governance_gaps

        for rule in rules:
            check("rule", rule, str)
        return Rows(governance_gaps(self.graph(), rules=list(rules) or None), tables.GAP_COLUMNS)

    def coverage(self, measure: str = "projects") -> Rows:
        """The goals x sectors matrix: one row per goal, one column per sector id, and ``total``
        (``stratgraph coverage``); ``measure`` is ``projects`` (a count) or ``budget`` (EUR).

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     matrix = city.coverage()
        >>> matrix.columns[:2], matrix.columns[-1]
        (['goal', 'label'], 'total')
        """
        from queries.coverage import coverage

        check("measure", measure, str)
        cov = coverage(self.graph())
        return Rows(cov.as_rows(measure), ["goal", "label", *cov.sectors, "total"])

    def network(self, level: str = "organisation", *, show: str = "centrality",
                as_of: datetime.date | None = None) -> Rows:
        """Who works with whom (``stratgraph network``): ``show`` is ``centrality`` (brokers first),
        ``edges`` or ``communities``; ``level`` rolls nodes up (organisation, unit, sector); ``as_of``
        gives the network as it was on that date (each row then has its ``as_of`` column).

        For the graph itself see :meth:`to_networkx`.

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     brokers = city.network()
        >>> brokers.columns[:3], brokers[0]["betweenness"] >= brokers[1]["betweenness"]
        (['id', 'label', 'type'], True)
        """
        from queries.network import collaboration_network

        check("level", level, str)
        check("show", show, str)
        as_of = check_as_of(as_of)
        rows, columns = tables.network_rows(collaboration_network(self.graph(as_of), level=level), show)
        to_row, columns = tables.stamp_as_of(dict, columns, as_of)
        return Rows(rows, columns, to_row)

    # -- graphs and maps -------------------------------------------------------------------------------
    def to_networkx(self, kind: str = "collaboration", *, level: str = "unit", lang: str = "fi"):
        """The ``collaboration`` network, the ``goals`` network or the ``whole`` graph as networkx.

        See :func:`stratgraph.api.graphs.to_networkx` for the node and edge attributes.

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     net = city.to_networkx("collaboration")
        >>> net.nodes["U-YMPARISTO"]["type"], "weight" in next(iter(net.edges(data=True)))[2]
        ('Unit', True)
        """
        from stratgraph.api.graphs import to_networkx

        return to_networkx(self.graph(), kind, level=level, lang=lang)

    def to_igraph(self, kind: str = "collaboration", *, level: str = "unit", lang: str = "fi"):
        """As :meth:`to_networkx`, as an ``igraph.Graph`` (vertex attribute ``name`` is the id).

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     fast = city.to_igraph("goals")
        >>> fast.vs.find(name="G11")["type"]
        'Goal'
        """
        from stratgraph.api.graphs import to_igraph

        return to_igraph(self.to_networkx(kind, level=level, lang=lang))

    def map(self, kind: str = "collaboration", *, focus: str | None = None, depth: int = 1, level: str = "unit",
            lang: str = "fi", aggregate: str = "auto", links: bool = True, as_of: datetime.date | None = None):
        """A network map (``stratgraph map``) that shows itself in a notebook and saves as HTML, PNG or SVG;
        with ``as_of``, as things were on that date (named in the title).

        >>> import stratgraph
        >>> from examples import EXAMPLE_DIR
        >>> with stratgraph.open(":memory:") as city:
        ...     _ = city.ingest(EXAMPLE_DIR)
        ...     hnr = city.map("neighbourhood", focus="P-HNR", lang="en")
        >>> hnr
        <Map neighbourhood: ... nodes, ... edges>
        """
        from stratgraph.api.maps import Map
        from visualize.maps import build_map

        for name, value in (("kind", kind), ("level", level), ("lang", lang), ("aggregate", aggregate)):
            check(name, value, str)
        check("focus", focus, str, optional=True)
        check("depth", depth, int)
        check("links", links, bool)
        as_of = check_as_of(as_of)
        return Map(build_map(self.graph(as_of), kind, lang=lang, focus=focus, depth=depth, level=level,
                             aggregate=aggregate, links=links, as_of=as_of))


class _Borrowed:
    """The in-memory store as a context manager that does not close it (the handle owns it)."""

    def __init__(self, store: GraphStore):
        self._store = store

    def __enter__(self) -> GraphStore:
        return self._store

    def __exit__(self, *exc: object) -> None:
        return None
