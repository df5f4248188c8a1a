"""Benchmark: one web edit (an observation, opening the store for writing included) on the example city,
when the store already holds ``--prior`` web edits, next to the baseline measured in the same run:
rewriting the whole web-edits source once (what an edit cost when each edit swapped the source whole).

An edit is one SPARQL update the size of the change (graph_model/store.py ``amend_source``), so its time
should not grow with the number of edits so far, while the rewrite does. Target: median edit <= 1 s.

Usage: python bench/edits.py [--prior 1000] [--edits 30]
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
import time
from pathlib import Path

_BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _BENCH]
_spec = importlib.util.spec_from_file_location("bench_common", _BENCH / "_common.py")
_common = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_common)
median, result_line = _common.median, _common.result_line

TARGET_EDIT_S = 1.0


def main() -> None:
    import pyoxigraph as ox

    from examples import EXAMPLE_DIR
    from graph_model.edits import EDITS_SOURCE, open_for_edit
    from graph_model.store import GraphStore, SourceDraft
    from ingest.pipeline import ingest
    from ingest.updates import observe

    parser = argparse.ArgumentParser()
    parser.add_argument("--prior", type=int, default=1000, help="Web edits in the store before timing.")
    parser.add_argument("--edits", type=int, default=30, help="Edits timed.")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-edits-"))
    try:
        db = folder / "db"
        with GraphStore(db) as store:
            ingest(EXAMPLE_DIR, store, source="city")
            started = time.perf_counter()
            for n in range(args.prior):  # in one opening: the set-up, not the figure
                observe(store, "M-VAKILUKU", 60000 + n, on="2024-06-30", author="bench")
            print(f"{args.prior} prior edits in {time.perf_counter() - started:.1f} s", flush=True)
        times = []
        for n in range(args.edits):
            started = time.perf_counter()
            with open_for_edit(db) as store:
                observe(store, "M-TYOTTOMYYS", 9 + n / 100, on="2025-06-30", author="bench")
            times.append(time.perf_counter() - started)
        with GraphStore(db) as store:
            info = store.source(EDITS_SOURCE)
            lines = [f"{q.subject} {q.predicate} {q.object} .".encode() for q in
                     store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(info.graph))]
            started = time.perf_counter()
            store.replace_source(SourceDraft("bench-rewrite", "bench", "x", "edits"), b"\n".join(lines) + b"\n")
            rewrite = time.perf_counter() - started
            triples = info.triples
        edit = median(times)
        print(f"one edit: median {edit * 1000:.0f} ms (max {max(times) * 1000:.0f} ms) with {args.prior} prior edits "
              f"({triples:,} triples in {EDITS_SOURCE}); baseline, rewriting that source once: {rewrite * 1000:.0f} ms "
              f"(ratio {edit / rewrite:.2f}); target <= {TARGET_EDIT_S:g} s: {'met' if edit <= TARGET_EDIT_S else 'MISSED'}")
        print(result_line("edit_latency", median_s=edit, max_s=max(times), prior_edits=args.prior,
                          source_triples=triples, rewrite_baseline_s=rewrite, ratio=edit / rewrite))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
