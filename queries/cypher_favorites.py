"""The Cypher query library as Neo4j Browser favorites: a zip of ``.cypher`` files the analyst drops on
Browser's Favorites drawer (the star), one saved script per library query.

Each script starts with a one-line name (Browser shows a favorite by its first line), then the
``:param`` lines to run first (parameters with defaults filled in, required ones as a placeholder),
then the query as it is in ``queries/cypher/``.

>>> print(favorite_text(find_query("network_members_by_level")).splitlines()[0])
// stratgraph: network_members_by_level
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from pathlib import Path

from queries.cypher import LibraryQuery, find_query, list_queries

__all__ = ["favorite_text", "write_favorites"]


def favorite_text(query: LibraryQuery) -> str:
    """The saved-script text of one library query."""
    lines = [f"// stratgraph: {query.name}"]
    for param in query.params:
        value = json.dumps(param.default) if not param.required else '"..."'
        lines.append(f"// first run  :param {param.name} => {value}   ({param.description})")
    return "\n".join(lines) + "\n" + query.text.strip() + "\n"


def write_favorites(path: Path, queries: Sequence[LibraryQuery] | None = None) -> int:
    """Write the library (or ``queries``) to the zip ``path``; returns how many scripts it holds.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "favorites.zip"
    >>> write_favorites(out) == len(list_queries()) and zipfile.is_zipfile(out)
    True
    """
    queries = list_queries() if queries is None else queries
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for query in queries:
            archive.writestr(f"stratgraph/{query.name}.cypher", favorite_text(query))
    return len(queries)
