"""stratgraph: a knowledge graph of a city's strategy, organisation, projects, bodies and networks.

This package is the composition root: the CLI (``stratgraph.cli``) and the public Python API.
Nothing imports it.

From Python
-----------
``stratgraph.open(path=None)``
    A handle on the store the CLI uses (``$STRATGRAPH_DB`` or ``./stratgraph.db``; ``":memory:"`` for
    one in memory), a context manager, whose methods mirror the commands and return typed rows
    (:class:`stratgraph.api.rows.Rows`, with ``.to_pandas()``):

    ``related(project, text=, other_sectors=, status=, top=)``, ``links(level, goal=, theme=, top=)``,
    ``silos(goal=, via=, only_silos=)``, ``gaps(*rules)``, ``coverage(measure)``,
    ``network(level, show=)``, ``sparql(query, **params)``, ``sources()``, ``stats(by)``,
    ``ingest(path, source=, dry_run=)``, ``remove_source(name)``; graphs and maps:
    ``to_networkx(kind)``, ``to_igraph(kind)`` (kind: collaboration, goals, bodies, networks, whole),
    ``map(kind, focus=, ...)`` (shows inline in a notebook; ``.save("map.html" | ".png" | ".svg")``).
``stratgraph.connect(uri=None, ...)`` (also ``stratgraph.neo4j.connect``)
    Neo4j with the NEO4J_* settings or the dev server: ``cypher(query, write=False, **params)``,
    ``library()``, ``push(handle, owner=)``, ``remove(owner)``.

Errors are subclasses of ``stratgraph.StratgraphError`` (:mod:`ontologies.errors`) with the CLI's
messages. The walkthrough is ``docs/notebook.py`` (a Jupyter notebook in jupytext percent format).

Examples
--------
>>> import stratgraph
>>> from examples import EXAMPLE_DIR
>>> with stratgraph.open(":memory:") as city:
...     _ = city.ingest(EXAMPLE_DIR)
...     city.links(level="unit", top=3).to_pandas().shape[0]
3
"""

from ontologies.errors import StratgraphError  # the one exception root (a tiny module)

__version__ = "0.1.0"

__all__ = ["open", "connect", "StratgraphError", "__version__"]


# Thin wrappers: `import stratgraph` (and so the CLI's start) imports none of the API's modules.
def open(path=None, *, read_only: bool = False):  # noqa: A001 - stratgraph.open mirrors the builtin on purpose
    """Open the store at ``path`` (default: ``$STRATGRAPH_DB`` or ``./stratgraph.db``); see
    :func:`stratgraph.api.handle.open`.

    >>> import stratgraph
    >>> with stratgraph.open(":memory:") as city:
    ...     city.stats().to_dicts()
    []
    """
    from stratgraph.api.handle import open as open_handle

    return open_handle(path, read_only=read_only)


def connect(uri=None, *, username=None, password=None, database=None):
    """Connect to Neo4j (NEO4J_* settings, else the dev server); see :func:`stratgraph.neo4j.connect`.

    Example::

        db = stratgraph.connect()
        db.cypher("MATCH (p:Project) RETURN count(p) AS projects")
    """
    from stratgraph.neo4j import connect as connect_neo4j

    return connect_neo4j(uri, username=username, password=password, database=database)


def __getattr__(name: str):
    """``stratgraph.neo4j`` and ``stratgraph.api`` without importing them first (loaded on first use)."""
    if name in ("neo4j", "api"):
        import importlib

        return importlib.import_module(f"stratgraph.{name}")
    raise AttributeError(f"module 'stratgraph' has no attribute {name!r}")
