"""Benchmark: follow-up of every goal once the graph is loaded, and the follow-up and goal report pages.

Synthetic input (devtools/synth/; region: 2,000 metrics, ~20,000 observations; nation: 20,000 metrics,
~200,000 observations) is written and ingested once into bench/out/ (a re-run finds the store
unchanged). Then, in this process: the projection is loaded; ``followup`` for every goal is timed as the
median of 3 runs (wall and this process's CPU time: on a shared machine the wall time includes waiting
for the cores), next to the baseline measured in the same run: ``goal_spread`` (silos), which the
follow-up calls once; the ``--as-of`` filter of the projection (queries/as_of.py) is timed once; and the follow-up and goal pages of the report (scorecard in its three orders, a
page per goal with an SVG chart per metric, the crosswalk page) are written once and timed.

Targets: followup of every goal <= 10 s at nation scale; the pages <= 30 s at region scale. Nation data
takes long to generate and ingest on a shared machine: by default only region runs, and the nation
figure is extrapolated linearly from it by the number of metrics, goals and projects (10x) and
reported as ``followup_nation_est_s``; pass ``--scales region,nation`` to measure it.

Usage: python bench/followup.py [--scales region] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

_BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _BENCH]
_spec = importlib.util.spec_from_file_location("bench_common", _BENCH / "_common.py")
_common = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_common)
OUT, median, result_line = _common.OUT, _common.median, _common.result_line
against_reference = _common.against_reference

TARGET_FOLLOWUP_NATION_S = 10.0
TARGET_PAGES_REGION_S = 30.0


def _store(scale: str, seed: int) -> Path:
    from graph_model.store import GraphStore
    from ingest.pipeline import ingest
    from devtools.synth import write_synth

    folder = OUT / f"synth-{scale}-{seed}"
    if not (folder / "metrics.csv").exists():
        print(f"writing synthetic {scale} data to {folder} ...", flush=True)
        write_synth(scale, seed, folder)
    db = OUT / f"followup-{scale}-{seed}.db"
    started = time.perf_counter()
    with GraphStore(db) as store:
        report = ingest(folder, store, source=f"synth-{scale}")
    print(f"{scale}: ingest {report.status} in {time.perf_counter() - started:.1f} s", flush=True)
    return db


def _timed(func, runs: int = 3) -> tuple[float, float, object]:
    """Median wall and CPU seconds of ``runs`` calls, and the last result. The CPU time is this process's
    own: on a shared machine the wall time also counts the time other jobs held the cores."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = func()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return median(times), median(cpu), result


def run_scale(scale: str, seed: int) -> dict:
    from graph_model.store import GraphStore
    from queries.as_of import graph_as_of, read_all_dated
    from queries.followup import followup, read_dated
    from queries.projection import load_graph
    from queries.silos import goal_spread
    from visualize.followup_pages import write_followup_pages
    from visualize.i18n import translator
    from visualize.report import _Site

    db = _store(scale, seed)
    with GraphStore(db, read_only=True) as store:
        started = time.perf_counter()
        graph, dated = load_graph(store), read_dated(store)
        load_s = time.perf_counter() - started
        silos_s, silos_cpu_s, _ = _timed(lambda: goal_spread(graph))
        followup_s, followup_cpu_s, card = _timed(lambda: followup(graph, dated))
        all_dated = read_all_dated(store)
        as_of_s, _, _ = _timed(lambda: graph_as_of(graph, all_dated, datetime.date(2020, 1, 1)), runs=1)
        with tempfile.TemporaryDirectory() as out:
            site = _Site(Path(out), graph, translator("fi"))
            started = time.perf_counter()
            write_followup_pages(site, graph, dated)
            pages_s = time.perf_counter() - started
            pages = site.pages
    metrics = len(graph.ids_of("Metric"))
    observations = len(graph.ids_of("Observation"))
    statuses = {}
    for goal in card:
        statuses[goal.status] = statuses.get(goal.status, 0) + 1
    print(f"{scale}: {len(card):,} goals, {metrics:,} metrics, {observations:,} observations; load {load_s:.1f} s; "
          f"followup (median of 3) {followup_s:.2f} s (CPU {followup_cpu_s:.2f} s) = {followup_s / silos_s:.1f}x silos "
          f"({silos_s:.2f} s, CPU {silos_cpu_s:.2f} s); as-of filter {as_of_s:.2f} s; "
          f"{pages} follow-up pages in {pages_s:.1f} s; statuses {statuses}")
    return {"scale": scale, "goals": len(card), "metrics": metrics, "observations": observations,
            "load_s": load_s, "silos_s": silos_s, "followup_s": followup_s, "ratio_to_silos": followup_s / silos_s,
            "silos_cpu_s": silos_cpu_s, "followup_cpu_s": followup_cpu_s, "as_of_filter_s": as_of_s,
            "pages": pages, "pages_s": pages_s}


def main() -> None:
    """Run the scales given and print the figures and RESULT lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="region")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = {scale: run_scale(scale, args.seed) for scale in args.scales.split(",")}
    for row in rows.values():
        print(result_line(f"followup_{row['scale']}", goals=row["goals"], metrics=row["metrics"],
                          observations=row["observations"], load_s=row["load_s"], followup_s=row["followup_s"],
                          followup_cpu_s=row["followup_cpu_s"], silos_s=row["silos_s"], silos_cpu_s=row["silos_cpu_s"],
                          ratio_to_silos=row["ratio_to_silos"], as_of_filter_s=row["as_of_filter_s"], pages=row["pages"],
                          pages_s=row["pages_s"]))
    if "region" in rows:
        region = rows["region"]
        print(against_reference("followup_region", region["followup_s"]))
        ok = region["pages_s"] <= TARGET_PAGES_REGION_S
        print(result_line("followup_pages_region", pages_s=region["pages_s"], target_s=TARGET_PAGES_REGION_S,
                          ok=ok))
    source = rows.get("nation") or rows["region"]
    factor, how = (1, "measured") if "nation" in rows else (10, "extrapolated_linear_10x_from_region")
    nation_s, nation_cpu_s = source["followup_s"] * factor, source["followup_cpu_s"] * factor
    print(result_line("followup_nation", followup_s=nation_s, followup_cpu_s=nation_cpu_s,
                      target_s=TARGET_FOLLOWUP_NATION_S, how=how, ok=nation_s <= TARGET_FOLLOWUP_NATION_S,
                      ok_cpu=nation_cpu_s <= TARGET_FOLLOWUP_NATION_S))


if __name__ == "__main__":
    main()
