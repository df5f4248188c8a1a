"""Push the embedded store into Neo4j, batched, as one owner's data; remove an owner's data.

:func:`push` writes the rows of :mod:`graph_model.neo4j_mapping`: uniqueness constraints and indexes
first, then one ``UNWIND $rows ... MERGE`` statement per label set and relationship type, in batches,
each batch its own write transaction (nodes two batches at a time; relationships are created, two
batches at a time, when the owner has nothing in Neo4j yet, else found by their ends, type and key, and
updated or created, one batch at a time). Writing a node gives back its element id, and the
relationships' rows name their ends by it: a lookup by element id costs the server less than one through
the uniqueness index (issue 24). Each batch's rows are built while the server writes the ones before it.

The owner is always given (there is no default owner to write under), and the server must be one the
caller named (:func:`graph_model.neo4j_connection.check_named`): a dev server merely found running may
hold someone else's data.

Labels: a node carries its schema classes' labels only (``Other`` when it has none; no label is shared by
every node, so Browser's legend and Bloom's categories show the schema's classes). Its first label keys
it: per key label, nodes are unique on ``(_sg_owner, iri)``. Nodes an older push also labelled
``Resource`` lose that label when pushed again.

Ownership: every node it writes carries ``_sg_owner`` (who pushed it) and ``_sg_sync`` (which push); a
relationship carries ``_sg_sync`` only (and ``_sg_key`` when it has a key): its owner is its end nodes'.
After the last batch the push deletes the owner's relationships (with a ``_sg_sync``, between two of the
owner's nodes) and nodes whose ``_sg_sync`` is not this push's, and nothing else: another owner's data,
and data without ``_sg_owner`` or ``_sg_sync``, is never touched, and an owned node that someone else's
relationship still points at is kept (and reported). A marker node ``(:StratgraphSync {owner})``
records the last completed push; a push that dies half-way leaves it "pending", and the next push
MERGEs everything again and then cleans up, completing the sync.

Example::

    from graph_model.neo4j_connection import Neo4jConnection
    from graph_model.store import GraphStore

    conn = Neo4jConnection("bolt://127.0.0.1:7687", "neo4j", password)   # a server you name
    with GraphStore("stratgraph.db", read_only=True) as store:
        report = push(store, conn, owner="city")
    print(report.nodes, report.relationships, f"{report.elements_per_second:,.0f}/s")
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass
from itertools import islice
from operator import attrgetter
from typing import Any

import neo4j

from graph_model.captions import with_name
from graph_model.neo4j_connection import GraphDatabaseError, Neo4jConnection, Neo4jUnavailable, check_named, \
    neo4j_errors, open_driver, safe_uri
from graph_model.neo4j_mapping import (
    GENERIC_REL,
    LEGACY_LABEL,
    SYNC_LABEL,
    NodeRow,
    PropertyGraph,
    PropertyGraphMapping,
    RelRow,
    build_mapping,
    node_labels,
    store_quads,
    to_property_graph,
)
from ontologies.errors import UsageError

__all__ = [
    "DEFAULT_OWNER",
    "DEFAULT_BATCH_SIZE",
    "PushReport",
    "schema_statements",
    "ensure_schema",
    "owned_nodes",
    "push",
    "push_graph",
    "remove_owned",
]

DEFAULT_OWNER = "stratgraph"
DEFAULT_BATCH_SIZE = 5_000
Progress = Callable[[int, int], None]


# -- schema -----------------------------------------------------------------------------------------

def schema_statements(mapping: PropertyGraphMapping | None = None) -> list[str]:
    """The constraints and indexes push creates first (all ``IF NOT EXISTS``), from the schema: per key
    label (see :func:`~graph_model.neo4j_keys.node_labels`) nodes are unique on ``(_sg_owner, iri)``, and
    per schema label ``id`` is indexed.

    >>> statements = schema_statements()
    >>> statements[0]
    'CREATE CONSTRAINT stratgraph_sync_owner IF NOT EXISTS FOR (n:StratgraphSync) REQUIRE n.owner IS UNIQUE'
    >>> statements[1]
    'CREATE CONSTRAINT stratgraph_strategy_owner_iri IF NOT EXISTS FOR (n:Strategy) REQUIRE (n._sg_owner, n.iri) IS UNIQUE'
    >>> any("FOR (n:Project) ON (n.id)" in s for s in statements), any("Resource" in s for s in statements)
    (True, False)
    """
    m = mapping or build_mapping()
    out = [f"CREATE CONSTRAINT stratgraph_sync_owner IF NOT EXISTS FOR (n:{SYNC_LABEL}) REQUIRE n.owner IS UNIQUE"]
    out += [f"CREATE CONSTRAINT stratgraph_{label.lower()}_owner_iri IF NOT EXISTS FOR (n:{label}) "
            "REQUIRE (n._sg_owner, n.iri) IS UNIQUE" for label in m.key_labels]
    out += [f"CREATE INDEX stratgraph_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) ON (n.id)"
            for label in m.all_labels]
    return out


def owned_nodes(var: str, mapping: PropertyGraphMapping | None = None, legacy: bool = False) -> str:
    """A Cypher subquery giving ``var``: each node ``$owner`` pushed, once (a ``UNION`` of one lookup per
    key label, each through its ``(_sg_owner, iri)`` constraint); ``legacy`` adds nodes labelled
    ``Resource`` by an older push.

    >>> print(owned_nodes("n").split(" UNION ")[0])
    CALL { MATCH (n:Strategy) WHERE n._sg_owner = $owner AND n.iri IS NOT NULL RETURN n
    """
    m = mapping or build_mapping()
    labels = (*m.key_labels, LEGACY_LABEL) if legacy else m.key_labels
    return ("CALL { " + " UNION ".join(f"MATCH ({var}:{label}) WHERE {var}._sg_owner = $owner AND {var}.iri IS "
                                       f"NOT NULL RETURN {var}" for label in labels) + " }")


def ensure_schema(driver: neo4j.Driver, database: str, mapping: PropertyGraphMapping | None = None) -> None:
    """Create the constraints and indexes of :func:`schema_statements` and wait until they are online.

    Example::

        with open_driver(conn) as driver:
            ensure_schema(driver, conn.database)
    """
    with driver.session(database=database) as session:
        existing = {r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name RETURN name")}
        existing |= {r["name"] for r in session.run("SHOW INDEXES YIELD name RETURN name")}
        missing = [s for s in schema_statements(mapping) if s.split()[2] not in existing]
        for statement in missing:
            session.run(statement).consume()
        if missing:
            session.run("CALL db.awaitIndexes(300)").consume()


# -- push -------------------------------------------------------------------------------------------

@dataclass
class PushReport:
    """What a push did: elements written and removed, how long it took."""

    owner: str
    sync: int
    nodes: int
    relationships: int
    deleted_nodes: int
    deleted_relationships: int
    kept_stale_nodes: int
    seconds: float
    write_seconds: float

    @property
    def elements(self) -> int:
        """Nodes plus relationships written.

        >>> PushReport("o", 1, 2, 3, 0, 0, 0, 1.0, 0.5).elements
        5
        """
        return self.nodes + self.relationships

    @property
    def elements_per_second(self) -> float:
        """Elements written per second of the whole push (reading the store and mapping included in
        :func:`push`, schema, writes and cleanup always).

        >>> PushReport("o", 1, 200, 300, 0, 0, 0, 2.0, 1.5).elements_per_second
        250.0
        """
        return self.elements / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The report as a plain dict (for JSON output).

        >>> PushReport("o", 1, 200, 300, 0, 0, 0, 2.0, 1.5).as_dict()["elements_per_second"]
        250
        """
        return {**asdict(self), "elements": self.elements, "elements_per_second": round(self.elements_per_second)}


def _node_query(labels: Sequence[str], mapping: PropertyGraphMapping, create: bool = False) -> str:
    # Labels come from the schema only (checked to be plain identifiers in build_mapping); ``labels`` are a
    # node_labels() tuple, whose first label keys the node. Each row gives back the node's element id, which
    # the relationships' rows then name: a lookup by element id is cheaper than one through an index. The
    # [iri, id] pairs come as one list: the driver reads one record of a list faster than a record a row.
    returns = " RETURN collect([row[0], elementId(n)]) AS ids"
    if create:
        # Nothing of the owner's is there: no lookup of the unique key, no lock on it, no labels to remove.
        # The uniqueness constraint still refuses a second node with the same (owner, iri).
        return (f"UNWIND $rows AS row CREATE (n:{':'.join(labels)}) "
                "SET n = row[1], n._sg_owner = $owner, n.iri = row[0], n._sg_sync = $sync" + returns)
    others = [label for label in (*mapping.key_labels, LEGACY_LABEL) if label not in labels]
    # Rows are [iri, props] lists: the driver packs a list faster than a map. A node an older push keyed by
    # another of its labels (it had fewer classes then) is given this key label first, so that the MERGE
    # finds it instead of making a second node that its other labels' constraints would refuse.
    text = "UNWIND $rows AS row "
    text += "".join(f"CALL (row) {{ MATCH (o:{label} {{_sg_owner: $owner, iri: row[0]}}) WHERE NOT o:{labels[0]} "
                    f"SET o:{labels[0]} }} " for label in labels[1:])
    text += (f"MERGE (n:{labels[0]} {{_sg_owner: $owner, iri: row[0]}}) "
             "SET n = row[1], n._sg_owner = $owner, n.iri = row[0], n._sg_sync = $sync")
    if labels[1:]:
        text += " SET n:" + ":".join(labels[1:])
    if others:
        text += " REMOVE n:" + ":".join(others)
    return text + returns


def _rel_query(rel_type: str, create: bool = False) -> str:
    # Rows are [start element id, end element id, props]; the type comes from the schema (or is RDF_TRIPLE).
    # A relationship carries its props and _sg_sync only: its owner is its end nodes' (a push only links
    # the owner's own nodes), and its key is kept in _sg_key only when it has one (a statement's or a
    # generic triple's). Two properties fewer on every plain relationship: one property record instead of
    # two (issue 24). The count lets the caller check that every row found both its ends.
    ends = "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row[0] MATCH (b) WHERE elementId(b) = row[1] "
    created = f"CREATE (a)-[r:{rel_type}]->(b) SET r = row[2], r._sg_sync = $sync"
    if create:
        return f"{ends}{created} RETURN count(*) AS written"
    # Not MERGE: a MERGE on the key would need the key (and the owner) on every relationship. Ours are the
    # relationships with a _sg_sync between the owner's nodes; another's (without it) is never taken over.
    return (f"{ends}OPTIONAL MATCH (a)-[old:{rel_type}]->(b) WHERE old._sg_sync IS NOT NULL "
            "AND coalesce(old._sg_key, '') = coalesce(row[2]._sg_key, '') "
            f"CALL (a, b, row, old) {{ WITH * WHERE old IS NULL {created} }} "
            "SET old = row[2], old._sg_sync = $sync RETURN count(*) AS written")


def _node_param(row: NodeRow, captions: bool = True) -> list:
    # ``name``, a caption for Browser (pull ignores it), is one more string on every node: about a third
    # more server CPU per element at region scale (issue 24), so it can be left out.
    return [row.iri, with_name(dict(row.props), None, row.iri) if captions else row.props]


def _rel_param(row: RelRow, ids: dict[str, str]) -> list:
    return [ids[row.s], ids[row.o], {**row.props, "_sg_key": row.key} if row.key else row.props]


def _write(tx: neo4j.ManagedTransaction, query: str, params: dict[str, Any]) -> None:
    tx.run(query, params).consume()


def _write_all(tx: neo4j.ManagedTransaction, statements: list[tuple[str, dict[str, Any], int]]) -> list[list]:
    return [tx.run(query, params).values() for query, params, _ in statements]


def _begin(session: neo4j.Session, owner: str, sync: int) -> None:
    session.execute_write(_write, f"MERGE (m:{SYNC_LABEL} {{owner: $owner}}) "
                                  "SET m.pending = $sync, m.pending_since = datetime()",
                          {"owner": owner, "sync": sync})


def _finish(session: neo4j.Session, owner: str, sync: int, nodes: int, rels: int) -> None:
    session.execute_write(_write, f"MATCH (m:{SYNC_LABEL} {{owner: $owner}}) "
                                  "SET m.sync = $sync, m.finished = datetime(), m.nodes = $nodes, "
                                  "m.relationships = $rels REMOVE m.pending, m.pending_since",
                          {"owner": owner, "sync": sync, "nodes": nodes, "rels": rels})


def _count(session: neo4j.Session, query: str, params: dict[str, Any]) -> int:
    record = session.run(query, params).single()
    return int(record[0]) if record else 0


#: A relationship of ``n`` that the owner's pushes did not write: one without ``_sg_sync``, or one to a node
#: that is not the owner's (a push only links the owner's own nodes, and marks each link with its sync).
_FOREIGN = "(n)-[r]-(m) WHERE r._sg_sync IS NULL OR m._sg_owner IS NULL OR m._sg_owner <> $owner"


def _cleanup(session: neo4j.Session, owner: str, sync: int, batch_size: int) -> tuple[int, int, int]:
    """Delete what the owner has and this push did not write; keep nodes others' relationships hold."""
    params = {"owner": owner, "sync": sync}
    owned = owned_nodes("n", legacy=True)
    rels = _count(session, f"""
        {owned} MATCH (n)-[r]->(b) WHERE r._sg_sync <> $sync AND b._sg_owner = $owner
        CALL (r) {{ DELETE r }} IN TRANSACTIONS OF {int(batch_size)} ROWS
        RETURN count(*)""", params)
    nodes = _count(session, f"""
        {owned} WITH n WHERE n._sg_sync <> $sync
          AND NOT EXISTS {{ {_FOREIGN} }}
        CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF {int(batch_size)} ROWS
        RETURN count(*)""", params)
    kept = _count(session, f"{owned} WITH n WHERE n._sg_sync <> $sync RETURN count(n)", params)
    return nodes, rels, kept


def _batches(rows: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _check_owner(owner: str) -> None:
    if not owner or not owner.strip():
        raise UsageError("the owner name must not be empty")


Job = tuple[str, dict[str, Any], int]  # a statement, its parameters and how many rows it writes


def _transactions(jobs: Iterable[Job], batch_size: int) -> Iterator[list[Job]]:
    """Consecutive jobs packed into transactions of at most ``batch_size`` rows (a small group, such as
    the 20 agreements of a city, shares its transaction with the next ones instead of paying a commit).
    Lazily: a job's rows are built only when the transaction before it is ready to go.

    >>> [[job[2] for job in tx] for tx in _transactions(iter([("q", {}, 3), ("q", {}, 2), ("q", {}, 4)]), 5)]
    [[3, 2], [4]]
    """
    out: list[Job] = []
    rows = 0
    for job in jobs:
        if out and rows + job[2] > batch_size:
            yield out
            out, rows = [], 0
        out.append(job)
        rows += job[2]
    if out:
        yield out


def _run_batches(driver: neo4j.Driver, database: str, jobs: Iterable[Job], batch_size: int, workers: int,
                 advance: Callable[[list[Job], list[list]], None]) -> None:
    """Run the jobs in write transactions of at most ``batch_size`` rows, ``workers`` transactions at a time;
    ``advance(jobs, results)`` gets each transaction's jobs and their result rows, in the caller's thread.
    ``jobs`` is consumed as the transactions go: the caller's thread builds the next batch's rows while the
    server writes the ones before it (building all rows first left the server idle for seconds, issue 24)."""
    transactions = _transactions(jobs, batch_size)  # one worker runs them in order, still overlapped

    def run(statements: list[Job]) -> tuple[list[Job], list[list]]:
        with driver.session(database=database) as session:
            return statements, session.execute_write(_write_all, statements)

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="stratgraph-push")
    try:
        pending = {pool.submit(run, tx) for tx in islice(transactions, workers * 2)}
        queued = transactions
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                advance(*future.result())  # re-raises a batch's error here, in the caller's thread
                statements = next(queued, None)
                if statements is not None:
                    pending.add(pool.submit(run, statements))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _owner_is_empty(session: neo4j.Session, owner: str) -> bool:
    record = session.run(f"{owned_nodes('n', legacy=True)} RETURN n LIMIT 1", {"owner": owner}).peek()
    return record is None


def push_graph(graph: PropertyGraph, conn: Neo4jConnection, *, owner: str,
               batch_size: int = DEFAULT_BATCH_SIZE, progress: Progress | None = None,
               retry_seconds: float = 15.0, workers: int = 2, mapping: PropertyGraphMapping | None = None,
               started: float | None = None, captions: bool = True) -> PushReport:
    """Write ``graph`` to Neo4j as ``owner``'s data and remove what ``owner`` has there and ``graph`` lacks.

    Nodes are MERGEd on (owner, IRI), ``workers`` batches at a time (their node sets are disjoint).
    Relationships are found by their ends, type and key (``_sg_key``, stored only when not empty) and
    updated, or else created, one batch at a time. When the owner has nothing in Neo4j
    yet, nodes and relationships are created instead, ``workers`` batches at a time (nothing to merge
    with: a MERGE looks up and locks its key first, and parallel MERGEs on shared hub nodes would wait
    for each other's locks). ``progress(done, total)`` is called
    after every batch. The push is idempotent: pushing the same graph twice leaves the same nodes,
    relationships and properties. ``captions`` gives every node a ``name`` for Neo4j Browser's captions
    (the label in the first language; it costs about a third more server CPU per element).

    Raises
    ------
    Neo4jUnavailable
        When the server cannot be reached or goes away (a re-run completes the sync).
    Neo4jAuthFailed
        When the credentials are refused.

    Example::

        graph = to_property_graph(quads)
        report = push_graph(graph, conn, owner="test-1", progress=lambda done, total: None)
    """
    _check_owner(owner)
    check_named(conn, "push")
    if batch_size < 1 or workers < 1:
        raise UsageError("the batch size and the number of workers must be at least 1")
    m = mapping or build_mapping()
    started = time.perf_counter() if started is None else started
    total = len(graph)
    # An integer of at most 35 bits takes one property block, a longer one two (issue 24).
    sync = secrets.randbits(34)
    done = 0

    rel_groups = graph.relationship_groups()
    unknown = sorted(t for t in rel_groups if t != GENERIC_REL and t not in m.rel_iris)
    if unknown:  # before anything is written
        raise UsageError(f"relationship type {unknown[0]!r} is not in the schema")
    ids: dict[str, str] = {}  # iri -> element id of the node written

    def nodes_written(jobs: list[Job], results: list[list]) -> None:
        for rows in results:
            ids.update(rows[0][0])
        advance(sum(job[2] for job in jobs))

    def relationships_written(jobs: list[Job], results: list[list]) -> None:
        missing = sum(job[2] for job in jobs) - sum(rows[0][0] for rows in results)
        if missing:  # an end node was deleted by someone else since this push wrote it
            raise GraphDatabaseError(f"{missing:,} relationships of a batch lost an end node during the push; "
                                     "run the push again")
        advance(sum(job[2] for job in jobs))

    def advance(size: int) -> None:
        nonlocal done
        done += size
        if progress:
            progress(done, total)

    try:
        with open_driver(conn, retry_seconds=retry_seconds) as driver, \
                neo4j_errors(conn), driver.session(database=conn.database) as session:
            ensure_schema(driver, conn.database, m)
            fresh = _owner_is_empty(session, owner)
            _begin(session, owner, sync)
            write_started = time.perf_counter()
            params = {"owner": owner, "sync": sync}
            # Generators: each batch's rows are built while the server writes the batches before it.
            node_jobs = ((_node_query(node_labels(labels), m, create=fresh),
                          {**params, "rows": [_node_param(r, captions) for r in batch]}, len(batch))
                         for labels, rows in graph.node_groups().items() for batch in _batches(rows, batch_size))
            _run_batches(driver, conn.database, node_jobs, batch_size, workers, nodes_written)
            # A type's rows sorted by start node, so that a node's relationships mostly share a transaction:
            # about 5% less server CPU per element, measured (issue 24).
            rel_jobs = ((_rel_query(rel_type, create=fresh), {**params, "rows": [_rel_param(r, ids) for r in batch]},
                         len(batch)) for rel_type, rows in rel_groups.items()
                        for batch in _batches(sorted(rows, key=attrgetter("s", "o")), batch_size))
            _run_batches(driver, conn.database, rel_jobs, batch_size, workers if fresh else 1, relationships_written)
            write_seconds = time.perf_counter() - write_started
            # Nothing of the owner's was there before a fresh push, so nothing can be stale.
            deleted_nodes, deleted_rels, kept = (0, 0, 0) if fresh else _cleanup(session, owner, sync, batch_size)
            _finish(session, owner, sync, len(graph.nodes), len(graph.relationships))
    except Neo4jUnavailable as exc:
        if done == 0:
            raise
        raise Neo4jUnavailable(f"Neo4j at {safe_uri(conn.uri)} went away during the push ({done:,} of {total:,} "
                               "elements written). What was written is consistent batch by batch; run the "
                               "push again to complete the sync.") from exc
    return PushReport(owner, sync, len(graph.nodes), len(graph.relationships), deleted_nodes, deleted_rels, kept,
                      time.perf_counter() - started, write_seconds)


def push(store: Any, conn: Neo4jConnection, *, owner: str, batch_size: int = DEFAULT_BATCH_SIZE,
         progress: Progress | None = None, retry_seconds: float = 15.0, workers: int = 2,
         captions: bool = True) -> PushReport:
    """Project the live sources of ``store`` (a :class:`~graph_model.store.GraphStore`) into Neo4j.

    See :func:`push_graph`; the time in the report includes reading the store and the mapping.

    Example::

        with GraphStore("stratgraph.db", read_only=True) as store:
            report = push(store, conn, owner="stratgraph")
    """
    started = time.perf_counter()
    graph = to_property_graph(store_quads(store))
    return push_graph(graph, conn, owner=owner, batch_size=batch_size, progress=progress,
                      retry_seconds=retry_seconds, workers=workers, started=started, captions=captions)


# -- pull -------------------------------------------------------------------------------------------


def remove_owned(conn: Neo4jConnection, owner: str, *, batch_size: int = DEFAULT_BATCH_SIZE) -> tuple[int, int]:
    """Delete everything ``owner`` pushed (nodes, relationships, its sync marker); return (nodes, relationships).

    A node that someone else's relationship still touches is kept (its owner's relationships go).

    Example::

        remove_owned(conn, "test-1234")
    """
    _check_owner(owner)
    check_named(conn, "remove data")
    params = {"owner": owner}
    with open_driver(conn) as driver, neo4j_errors(conn), driver.session(database=conn.database) as session:
        owned = owned_nodes("n", legacy=True)
        rels = _count(session, f"""
            {owned} MATCH (n)-[r]->(b) WHERE r._sg_sync IS NOT NULL AND b._sg_owner = $owner
            CALL (r) {{ DELETE r }} IN TRANSACTIONS OF {int(batch_size)} ROWS RETURN count(*)""", params)
        nodes = _count(session, f"""
            {owned} WITH n
            WHERE NOT EXISTS {{ {_FOREIGN} }}
            CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF {int(batch_size)} ROWS RETURN count(*)""", params)
        session.run(f"MATCH (m:{SYNC_LABEL} {{owner: $owner}}) DELETE m", params).consume()
    return nodes, rels
