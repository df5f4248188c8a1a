"""The public Python API: a handle on the store whose methods mirror the commands.

- :mod:`stratgraph.api.handle`: :func:`~stratgraph.api.handle.open` and the
  :class:`~stratgraph.api.handle.Stratgraph` handle (related, links, silos, gaps, coverage, network,
  sparql, ingest, sources, stats, map, to_networkx, to_igraph);
- :mod:`stratgraph.api.related`: the related-projects index (cached beside the store) and
  ``partners`` (the organisations behind related projects), mixed into the handle;
- :mod:`stratgraph.api.rows`: :class:`~stratgraph.api.rows.Rows`, the typed results (``to_pandas()``);
- :mod:`stratgraph.api.tables`: the shape of each result, shared with the CLI commands;
- :mod:`stratgraph.api.graphs`: networkx / igraph graphs with the maps' attributes;
- :mod:`stratgraph.api.maps`: :class:`~stratgraph.api.maps.Map`, shown inline in a notebook.

Neo4j is in :mod:`stratgraph.neo4j`. Where the follow-up and crosswalk analyses land, their methods
join the others in :class:`~stratgraph.api.handle.Stratgraph` (section "the analyses").

Only light modules are imported here (the CLI imports :mod:`stratgraph.api.tables` at start-up).

>>> from stratgraph.api import Rows
>>> Rows([]).to_dicts()
[]
"""

from stratgraph.api.rows import Rows

__all__ = ["Rows"]
