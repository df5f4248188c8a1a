"""Pull an owner's graph back from Neo4j as quads (graph per source), and write them as RDF.

:func:`pull` reads the owner's nodes and relationships of the last completed push (see
:mod:`graph_model.neo4j_push`) and gives the quads back; :func:`write_rdf` serialises them.

Example::

    quads = pull(conn)
    with open("city.nq", "wb") as out:
        write_rdf(quads, "nquads", out)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, BinaryIO

import neo4j
import pyoxigraph as ox

from graph_model.export import EXPORT_FORMATS, serialize
from graph_model.neo4j_connection import GraphDatabaseError, Neo4jConnection, neo4j_errors, open_driver, safe_uri
from graph_model.neo4j_mapping import SYNC_LABEL, build_mapping, to_quads
from graph_model.neo4j_push import DEFAULT_OWNER, _check_owner, owned_nodes

__all__ = ["pull", "sync_state", "write_rdf"]

_PULL_FORMATS = {name: EXPORT_FORMATS[name] for name in ("turtle", "nquads", "ntriples", "trig")}


def sync_state(conn: Neo4jConnection, owner: str = DEFAULT_OWNER) -> dict[str, Any] | None:
    """The owner's sync marker: ``sync`` (last completed push), ``pending`` (one running or interrupted),
    ``finished``, ``nodes``, ``relationships``; None when the owner never pushed.

    Example::

        state = sync_state(conn)
        if state and state.get("pending"):
            print("a push is running or was interrupted")
    """
    with open_driver(conn) as driver, neo4j_errors(conn), \
            driver.session(database=conn.database, default_access_mode=neo4j.READ_ACCESS) as session:
        record = session.run(f"MATCH (m:{SYNC_LABEL} {{owner: $owner}}) RETURN properties(m) AS m",
                             {"owner": owner}).single()
    if record is None:
        return None
    return {k: (v.iso_format() if hasattr(v, "iso_format") else v) for k, v in record["m"].items()}


def pull(conn: Neo4jConnection, *, owner: str = DEFAULT_OWNER, allow_pending: bool = False) -> list[ox.Quad]:
    """Read ``owner``'s graph of the last completed push back from Neo4j as quads (graph per source).

    Raises
    ------
    GraphDatabaseError
        When ``owner`` never pushed, or (unless ``allow_pending``) its last push did not complete.

    Example::

        quads = pull(conn)
        with open("city.nq", "wb") as out:
            write_rdf(quads, "nquads", out)
    """
    _check_owner(owner)
    m = build_mapping()
    with open_driver(conn) as driver, neo4j_errors(conn), \
            driver.session(database=conn.database, default_access_mode=neo4j.READ_ACCESS) as session:
        marker = session.run(f"MATCH (m:{SYNC_LABEL} {{owner: $owner}}) RETURN m.sync AS sync, m.pending AS pending",
                             {"owner": owner}).single()
        if marker is None or (marker["sync"] is None and marker["pending"] is None):
            raise GraphDatabaseError(f"nothing pushed by owner {owner!r} in Neo4j at {safe_uri(conn.uri)} "
                                     f"(database {conn.database!r}): run `stratgraph neo4j push` first")
        if marker["pending"] is not None and not allow_pending:
            raise GraphDatabaseError(f"the last push by owner {owner!r} has not completed (it is running or was "
                                     "interrupted): run `stratgraph neo4j push` again, then pull")
        params = {"owner": owner, "sync": marker["sync"] if not allow_pending else None}
        sync_filter = "($sync IS NULL OR {v}._sg_sync = $sync)"
        nodes = [(r["iri"], r["labels"], r["props"]) for r in session.run(
            f"{owned_nodes('n', m, legacy=True)} WITH n WHERE {sync_filter.format(v='n')} "
            "RETURN n.iri AS iri, labels(n) AS labels, properties(n) AS props", params)]
        rels = [(r["type"], r["s"], r["o"], r["props"]) for r in session.run(
            f"{owned_nodes('a', m, legacy=True)} MATCH (a)-[r]->(b) "
            f"WHERE r._sg_sync IS NOT NULL AND b._sg_owner = $owner AND b.iri IS NOT NULL "
            f"AND {sync_filter.format(v='r')} "
            "RETURN type(r) AS type, a.iri AS s, b.iri AS o, properties(r) AS props", params)]
    return list(to_quads(nodes, rels, m))



def write_rdf(quads: Sequence[ox.Quad], fmt: str, output: BinaryIO) -> None:
    """Serialise pulled quads: ``turtle``/``ntriples`` (the union of the sources), ``nquads``/``trig``.

    >>> import io
    >>> out = io.BytesIO()
    >>> write_rdf([ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("1"))], "ntriples", out)
    >>> out.getvalue()
    b'<urn:a> <urn:p> "1" .\\n'
    """
    serialize(quads, fmt, output, formats=_PULL_FORMATS, what="RDF format", sort_triples=True)
