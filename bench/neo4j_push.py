"""Benchmark: pushing synthetic city and region data into Neo4j, batched vs a naive one-MERGE-per-row loop.

For each scale the synthetic input is written and ingested into an in-memory store, mapped to the
property graph once (timed), and pushed with the batched path into an empty owner (``--repeats``
times, median) and once more onto itself (the idempotent update). On a sample of the city graph the
same run also pushes with a naive loop (one auto-commit ``MERGE`` per node or relationship) and with
the batched path (median of at least 3), so that the ratios are measured on one server in one run: the
batched rate at full scale over the naive rate (the headline), and both on the same small sample, where
the batched path's fixed cost (schema check, marker, one statement per label and type) weighs most.

One untimed push and removal of each scale come first: a freshly started Neo4j runs its first pushes
far slower while its JIT compiles the write path, and the figures are for a server that has been running.

Elements are nodes plus relationships. Targets: batched >= 20,000 elements/s, >= 10x the naive loop.
At region scale the first push, the re-push and the ratio to the naive loop are also printed as ratios
to bench/reference.json, with a warning below 0.8 of it. On a shared machine read the ratio to the naive
loop (both measured in this run) before the absolute rates.

Without NEO4J_URI the dev server is used (started, and stopped at the end, when it is not running).
Everything pushed is removed at the end (owners ``bench-*``).

Usage: python bench/neo4j_push.py [--scales city,region] [--sample 2000] [--repeats 3] [--batch-size 10000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from devtools.neo4j_server import DevServer  # noqa: E402
from graph_model.neo4j_mapping import PropertyGraph, node_labels, store_quads, to_property_graph  # noqa: E402
from graph_model.neo4j_sync import (  # noqa: E402
    DEFAULT_BATCH_SIZE,
    open_driver,
    push_graph,
    remove_owned,
    resolve_connection,
)
from graph_model.store import GraphStore  # noqa: E402
from ingest.pipeline import ingest  # noqa: E402
from devtools.synth import write_synth  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from _common import against_reference  # noqa: E402

TARGET_EPS, TARGET_RATIO = 20_000, 10.0


def result(name: str, **values) -> None:
    """One machine-readable line: ``RESULT name=<name> key=value ...``."""
    parts = " ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in values.items())
    print(f"RESULT name={name} {parts}", flush=True)


def connection():
    """The benchmark's Neo4j and whether we started the dev server for it."""
    if os.environ.get("NEO4J_URI"):
        return resolve_connection(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USERNAME", "neo4j"),
                                  os.environ.get("NEO4J_PASSWORD"), os.environ.get("NEO4J_DATABASE", "neo4j")), None
    server = DevServer()
    started = not server.status()["running"]
    conn = server.start()
    return conn, (server if started else None)


def load_graph(scale: str, seed: int, work: Path) -> tuple[PropertyGraph, float, int]:
    """The scale's property graph, the seconds the mapping took (median of 3 for city) and the quads."""
    folder = work / scale
    write_synth(scale, seed, folder)
    with GraphStore(None) as store:
        ingest(folder, store)
        quads = list(store_quads(store))
        times = []
        for _ in range(3 if scale == "city" else 1):
            started = time.perf_counter()
            graph = to_property_graph(iter(quads))
            times.append(time.perf_counter() - started)
        read_started = time.perf_counter()
        n = sum(1 for _ in store_quads(store))
        read_seconds = time.perf_counter() - read_started
    return graph, statistics.median(times) + read_seconds, n


def server_cpu_seconds() -> float | None:
    """CPU seconds the local dev server has used so far (None when Neo4j is elsewhere)."""
    if os.environ.get("NEO4J_URI"):
        return None
    pid = DevServer().status()["pid"]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def batched(graph: PropertyGraph, conn, owner: str, repeats: int, batch_size: int) -> tuple[float, float, float]:
    """Median seconds of a push into an empty owner, its write phase, and one re-push onto itself."""
    totals, writes = [], []
    for _ in range(repeats):
        remove_owned(conn, owner)
        report = push_graph(graph, conn, owner=owner, batch_size=batch_size)
        totals.append(report.seconds)
        writes.append(report.write_seconds)
    again = push_graph(graph, conn, owner=owner, batch_size=batch_size)
    return statistics.median(totals), statistics.median(writes), again.seconds


def warm_up(graph: PropertyGraph, conn, owner: str, batch_size: int) -> float:
    """One untimed push and removal, so that the timed pushes meet a server whose JIT has compiled the
    write path (as a server that has been running has); the seconds it took, printed."""
    started = time.perf_counter()
    push_graph(graph, conn, owner=owner, batch_size=batch_size)
    remove_owned(conn, owner)
    seconds = time.perf_counter() - started
    print(f"warm-up: one push and removal, untimed, {seconds:.1f} s", flush=True)
    return seconds


def cpu_per_push(graph: PropertyGraph, conn, owner: str, batch_size: int) -> tuple[float, float | None]:
    """Client and (local) server CPU seconds of one push into an empty owner: less noisy than wall time
    on a busy machine."""
    remove_owned(conn, owner)
    client, server = time.process_time(), server_cpu_seconds()
    push_graph(graph, conn, owner=owner, batch_size=batch_size)
    after = server_cpu_seconds()
    return time.process_time() - client, (after - server if server is not None and after is not None else None)


def sample_graph(graph: PropertyGraph, size: int, seed: int) -> PropertyGraph:
    """About ``size`` elements: random relationships with their end nodes, until the size is reached."""
    rng = random.Random(seed)
    by_iri = {n.iri: n for n in graph.nodes}
    rels, ends = [], {}
    for rel in rng.sample(graph.relationships, len(graph.relationships)):
        if len(rels) + len(ends) >= size:
            break
        rels.append(rel)
        for iri in (rel.s, rel.o):
            ends.setdefault(iri, by_iri[iri])
    return PropertyGraph(list(ends.values()), rels)


def naive(graph: PropertyGraph, conn, owner: str) -> float:
    """Seconds for one auto-commit MERGE per node and per relationship (the loop people write first): each
    node MERGEd on its key label, each relationship's ends found through their key labels' constraints."""
    key = {row.iri: node_labels(row.labels)[0] for row in graph.nodes}
    started = time.perf_counter()
    with open_driver(conn) as driver, driver.session(database=conn.database) as session:
        for row in graph.nodes:
            labels = node_labels(row.labels)  # schema labels only
            session.run(f"MERGE (n:{labels[0]} {{_sg_owner: $owner, iri: $iri}}) "
                        "SET n = $props, n._sg_owner = $owner, n.iri = $iri, n._sg_sync = $sync"
                        + "".join(f" SET n:{label}" for label in labels[1:]),
                        {"owner": owner, "iri": row.iri, "props": row.props, "sync": "naive"}).consume()
        for row in graph.relationships:
            session.run(f"MATCH (a:{key[row.s]} {{_sg_owner: $owner, iri: $s}}) "
                        f"MATCH (b:{key[row.o]} {{_sg_owner: $owner, iri: $o}}) "
                        f"MERGE (a)-[r:{row.type} {{_sg_owner: $owner, _sg_key: $key}}]->(b) "
                        "SET r = $props, r._sg_owner = $owner, r._sg_key = $key, r._sg_sync = $sync",
                        {"owner": owner, "s": row.s, "o": row.o, "key": row.key, "props": row.props,
                         "sync": "naive"}).consume()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="city,region", help="comma-separated synth scales")
    parser.add_argument("--sample", type=int, default=2000, help="elements in the naive-vs-batched sample")
    parser.add_argument("--repeats", type=int, default=3, help="batched pushes per scale (median)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    conn, started_server = connection()
    run_id = uuid.uuid4().hex[:8]
    owners: list[str] = []
    print(f"Neo4j at {conn.uri} (database {conn.database}); load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs", flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="stratgraph-bench-neo4j-") as tmp:
            graphs: dict[str, PropertyGraph] = {}
            eps_by_scale: dict[str, float] = {}
            for scale in [s.strip() for s in args.scales.split(",") if s.strip()]:
                graph, map_seconds, quads = load_graph(scale, args.seed, Path(tmp))
                graphs[scale] = graph
                owners.append(f"bench-{scale}-{run_id}")
                warm_up(graph, conn, owners[-1], args.batch_size)
                push_s, write_s, repush_s = batched(graph, conn, owners[-1], args.repeats, args.batch_size)
                n = len(graph)
                eps, write_eps, e2e_eps = n / push_s, n / write_s, n / (push_s + map_seconds)
                eps_by_scale[scale] = eps
                client_cpu, server_cpu = cpu_per_push(graph, conn, owners[-1], args.batch_size)
                print(f"{scale}: {quads:,} quads -> {len(graph.nodes):,} nodes + {len(graph.relationships):,} "
                      f"relationships = {n:,} elements; store->rows {map_seconds:.2f} s; push {push_s:.2f} s "
                      f"({eps:,.0f} elements/s; writes alone {write_eps:,.0f}/s; with reading and mapping "
                      f"{e2e_eps:,.0f}/s); re-push {repush_s:.2f} s ({n / repush_s:,.0f}/s); CPU of one push: "
                      f"client {client_cpu:.1f} s, server "
                      + (f"{server_cpu:.1f} s" if server_cpu is not None else "(not local)"), flush=True)
                result(f"neo4j_push_{scale}", quads=quads, nodes=len(graph.nodes),
                       relationships=len(graph.relationships), elements=n, map_s=map_seconds, push_s=push_s,
                       elements_per_s=round(eps), write_elements_per_s=round(write_eps),
                       end_to_end_elements_per_s=round(e2e_eps), repush_s=repush_s,
                       repush_elements_per_s=round(n / repush_s), client_cpu_s=client_cpu,
                       server_cpu_s=server_cpu if server_cpu is not None else "na", target_met=eps >= TARGET_EPS)
                if scale == "region":
                    print(against_reference("neo4j_push_region", eps), flush=True)
                    print(against_reference("neo4j_repush_region", n / repush_s), flush=True)
            if not graphs:
                return 0
            sample = sample_graph(graphs.get("city") or next(iter(graphs.values())), args.sample, args.seed)
            owners += [f"bench-naive-{run_id}", f"bench-sample-{run_id}"]
            naive_s = naive(sample, conn, owners[-2])
            sample_s = batched(sample, conn, owners[-1], max(3, args.repeats), args.batch_size)[0]
            naive_eps, sample_eps = len(sample) / naive_s, len(sample) / sample_s
            print(f"naive loop on a sample of {len(sample):,} elements: {naive_s:.2f} s ({naive_eps:,.0f} "
                  f"elements/s); batched on the same sample: {sample_s:.2f} s ({sample_eps:,.0f}/s, "
                  f"{sample_eps / naive_eps:,.1f}x)", flush=True)
            ratios = {f"ratio_{scale}": eps / naive_eps for scale, eps in eps_by_scale.items()}
            print("batched vs naive: " + ", ".join(f"{k[6:]} {v:,.0f}x" for k, v in ratios.items()), flush=True)
            result("neo4j_push_naive", sample=len(sample), naive_s=naive_s, naive_elements_per_s=round(naive_eps),
                   batched_sample_elements_per_s=round(sample_eps), ratio_same_sample=sample_eps / naive_eps,
                   **ratios, target_met=min(ratios.values()) >= TARGET_RATIO)
            if "ratio_region" in ratios:  # the load-robust headline: both rates measured in this run
                print(against_reference("neo4j_push_vs_naive", ratios["ratio_region"]), flush=True)
    finally:
        for owner in owners:
            remove_owned(conn, owner)
        if started_server is not None:
            started_server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
