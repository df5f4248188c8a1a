"""Benchmark: the whole-graph analyses on synthetic region and nation data, once the graph is loaded.

For each scale, synthetic input is written once and ingested once (both cached in bench/out/; a re-run
finds the store unchanged), then one child process per scale loads the graph and times:
related projects (index build; one project's top 10 over random projects: p50 / p95; every project's
top 10), missing links (level unit, top 20), silos, gaps, coverage and the collaboration network
(organisation level: degree, betweenness, communities); its peak RSS is the process's. Related and
links run when their modules (queries/related.py, queries/links.py) can be imported. Links, silos,
gaps and coverage take well under a second at region scale, where one run is noisy: each of them and
the network is timed as the median of 5 runs (3 when its first run takes 2 s or more).

Targets: related p95 <= 50 ms per query at nation scale; links <= 60 s at nation scale; growth from
region to nation close to linear in edges: exponent = log(t_nation / t_region) / log(E_nation / E_region).

With ``--speed`` (the default), the speed of single commands as a user meets them (see
bench/_answer_speed.py): ``related --text`` (and ``--partners``) at region scale and on the real
structural-funds list, cached against rebuilt in the same run (target <= 2 s at region scale), and
``duplicates`` on the real list against the old candidate search (target <= 30 s).

``--against DIR`` times ``related <project>`` (cold and cached, and the cache's size) with another checkout's code
as well, on a copy of each store, and prints this checkout's figures over that baseline's (``*_vs_against``).

Usage: python bench/queries.py [--scales region,nation] [--seed 1] [--queries 200] [--speed on|off] [--against DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

# This file is called queries.py: keep its folder off sys.path so that `queries` is the package.
_BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _BENCH]
_spec = importlib.util.spec_from_file_location("bench_common", _BENCH / "_common.py")
_common = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_common)
OUT, ROOT, measure, median, python_child, result_line = (_common.OUT, _common.ROOT, _common.measure, _common.median,
                                                         _common.python_child, _common.result_line)
against_reference = _common.against_reference
_speed_spec = importlib.util.spec_from_file_location("bench_answer_speed", _BENCH / "_answer_speed.py")
_speed = importlib.util.module_from_spec(_speed_spec)
_speed_spec.loader.exec_module(_speed)
#: The real list and its mapping (bench/_answer_speed.py times it when the shared data is there).
REAL_LIST = ("fi-structural-funds-2007-2013/projektilista-2007-2013.csv.gz", "examples/structural-funds/mapping.yaml")
#: Targets of single commands: seconds per cached ``related --text`` at region scale, ``duplicates`` on the real list.
SPEED_TARGETS = {"related_cli_s": 2.0, "duplicates_s": 30.0}

TIMED = ["load_s", "related_build_ngram_s", "related_build_s", "related_p50_ms", "related_p95_ms", "related_all_s", "links_s",
         "silos_s", "gaps_s", "coverage_s", "network_s"]
TARGETS = {"related_p95_ms": 50.0, "links_s": 60.0}
#: Runs of the operations timed by their median: more when a run is quick (and noisy).
RUNS_QUICK, RUNS_SLOW, QUICK_S = 5, 3, 2.0


def synth_input(scale: str, seed: int) -> Path:
    """The synthetic input folder (written once)."""
    folder = OUT / f"synth-{scale}-{seed}"
    if not (folder / "projects.csv").exists():
        subprocess.run([sys.executable, "-m", "stratgraph", "synth", "--scale", scale, "--seed", str(seed),
                        str(folder)], check=True, cwd=ROOT)
    return folder


def ingested(scale: str, seed: int) -> Path:
    """A store holding the synthetic input (ingested once; unchanged input is not ingested again)."""
    db = OUT / f"queries-{scale}-{seed}.db"
    subprocess.run([sys.executable, "-m", "stratgraph", "--db", str(db), "ingest", str(synth_input(scale, seed)),
                    "-q", "--source", f"synth-{scale}"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return db


def _timed(func, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    value = func(*args, **kwargs)
    return time.perf_counter() - started, value


def _median_timed(out: dict, key: str, func: Callable, *args, **kwargs) -> None:
    """``out[key]``: the median seconds of ``func(*args, **kwargs)`` over RUNS_QUICK runs (RUNS_SLOW when the
    first takes QUICK_S or more); ``out["runs"][key]``: how many runs."""
    times = [_timed(func, *args, **kwargs)[0]]
    times += [_timed(func, *args, **kwargs)[0] for _ in range((RUNS_QUICK if times[0] < QUICK_S else RUNS_SLOW) - 1)]
    out[key], out["runs"][key] = median(times), len(times)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def _rss_mb() -> float:
    """The process's resident memory now (Linux), in MB."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * 4096 / 2**20


def _related(graph, queries: int, seed: int, out: dict) -> None:
    try:
        from queries.related import RelatedIndex
    except ImportError:
        out["skipped"].append("related")
        return
    from queries.text_analysis import load_analyser

    # Today's baseline in the same run: the index with character n-gram TF-IDF words (before lemmas).
    rss = _rss_mb()
    load_analyser().terms("avfall waste kiertotalous xqzw")  # dictionaries: once per process, every language
    out["analyser_dictionaries_mb"] = _rss_mb() - rss
    rss = _rss_mb()
    out["related_build_ngram_s"], ngram = _timed(RelatedIndex.build, graph, analyser=load_analyser("ngram"),
                                                 weighting="tfidf")
    out["related_index_ngram_mb"] = _rss_mb() - rss
    del ngram
    rss = _rss_mb()
    out["related_build_s"], index = _timed(RelatedIndex.build, graph)
    out["related_index_mb"] = _rss_mb() - rss
    out["related_analyser"] = index.analyser
    projects = graph.ids_of("Project")
    sample = random.Random(seed).sample(projects, min(queries, len(projects)))
    index.query(project_id=sample[0], top=10)  # warm-up
    times = [_timed(index.query, project_id=p, top=10)[0] * 1000 for p in sample]
    out["related_p50_ms"], out["related_p95_ms"] = _percentile(times, 0.5), _percentile(times, 0.95)
    out["related_all_s"], _ = _timed(index.top_k_all, 10)


def _links(graph, out: dict) -> None:
    try:
        from queries.links import missing_links
    except ImportError:
        out["skipped"].append("links")
        return
    _median_timed(out, "links_s", missing_links, graph, level="unit", top=20)


def child(db: Path, queries: int, seed: int) -> None:
    """Load the graph from ``db`` and time every analysis; print the figures as JSON."""
    from graph_model.store import GraphStore
    from queries.coverage import coverage
    from queries.gaps import governance_gaps
    from queries.network import collaboration_network
    from queries.projection import load_graph
    from queries.silos import goal_spread

    out: dict = {"skipped": [], "runs": {}}
    with GraphStore(db, read_only=True) as store:
        out["load_s"], graph = _timed(load_graph, store)
    out["nodes"] = len(graph.types)
    out["edges"] = sum(len(pairs) for pairs in graph.edges.values())
    out["projects"] = len(graph.ids_of("Project"))
    _related(graph, queries, seed, out)
    _links(graph, out)
    _median_timed(out, "silos_s", goal_spread, graph)
    _median_timed(out, "gaps_s", governance_gaps, graph)
    _median_timed(out, "coverage_s", coverage, graph)
    _median_timed(out, "network_s", collaboration_network, graph, "organisation")
    print(json.dumps(out))


def run_scale(scale: str, seed: int, queries: int) -> dict:
    db = ingested(scale, seed)
    _, rss_mb, stdout = measure(python_child(str(Path(__file__).resolve()), "--child", str(db),
                                             "--queries", str(queries), "--seed", str(seed)), cwd=ROOT)
    return {"scale": scale, **json.loads(stdout.strip().splitlines()[-1]), "rss_mb": rss_mb}


def _cell(value: object) -> str:
    return "-" if value is None else f"{value:.3g}" if isinstance(value, float) else str(value)


def _runs(result: dict, key: str) -> str:
    runs = result["runs"].get(key)
    return f"median of {runs}" if runs else ""


def report(results: list[dict]) -> None:
    print(f"links, silos, gaps, coverage, network: median of {RUNS_QUICK} runs ({RUNS_SLOW} when a run takes {QUICK_S:g} s "
          "or more); the other figures: one run")
    print(f"{'scale':<8} {'edges':>10} " + " ".join(f"{k:>15}" for k in TIMED) + f" {'RSS MB':>8}")
    for r in results:
        print(f"{r['scale']:<8} {r['edges']:>10,} " + " ".join(f"{_cell(r.get(k)):>15}" for k in TIMED)
              + f" {r['rss_mb']:>8.0f}")
        print(f"{'':<8} {'':>10} " + " ".join(f"{_runs(r, k):>15}" for k in TIMED))
        figures = {k: r[k] for k in ("nodes", "edges", "projects", *TIMED, "related_index_ngram_mb",
                                     "related_index_mb", "analyser_dictionaries_mb", "related_analyser", "rss_mb") if k in r}
        if "related_build_s" in r:
            print(f"{'':<8} related index: {r['related_build_s']:.3g} s, {r['related_index_mb']:.0f} MB with "
                  f"{r['related_analyser']} words (+{r['analyser_dictionaries_mb']:.0f} MB of dictionaries, once per "
                  f"process); today's (character n-grams): {r['related_build_ngram_s']:.3g} s, "
                  f"{r['related_index_ngram_mb']:.0f} MB")
        print(result_line(f"queries_{r['scale']}", **figures, skipped=",".join(r["skipped"]) or "none",
                          runs=",".join(f"{k}:{n}" for k, n in r["runs"].items()) or "none"))
    by_scale = {r["scale"]: r for r in results}
    region = by_scale.get("region", {})
    if region.get("related_p95_ms") is not None:
        print(against_reference("related_p95_region", region["related_p95_ms"]))
    if region.get("links_s") is not None:
        print(against_reference("links_region", region["links_s"]))
    if "region" in by_scale and "nation" in by_scale:
        small, large = by_scale["region"], by_scale["nation"]
        edge_ratio = math.log(large["edges"] / small["edges"])
        for key in TIMED:
            if small.get(key) and large.get(key):
                exponent = math.log(large[key] / small[key]) / edge_ratio
                print(f"growth {key:<16} exponent {exponent:.2f} (region -> nation, in edges)")
                print(result_line("queries_growth", op=key, exponent=exponent))
    for key, limit in TARGETS.items():
        for r in results:
            if r["scale"] == "region" and key == "related_p95_ms" and r.get(key) is not None:
                print(f"target {key} <= {limit:g} (at nation; here region): {r[key]:.3g}")
                print(result_line("queries_target_region", op=key, value=r[key], limit=limit, met=r[key] <= limit))
            if r["scale"] == "nation" and r.get(key) is not None:
                verdict = "ok" if r[key] <= limit else "MISSED"
                print(f"target {key} <= {limit:g} at nation: {r[key]:.3g} {verdict}")
                print(result_line("queries_target", op=key, value=r[key], limit=limit, met=verdict == "ok"))


def _real_store() -> Path | None:
    """The real structural-funds list in a store (ingested once), or None without the shared data."""
    try:
        source = _common.shared_data() / REAL_LIST[0]
    except FileNotFoundError:
        return None
    db = OUT / "queries-structural-funds.db"
    subprocess.run([sys.executable, "-m", "stratgraph", "--db", str(db), "ingest", str(source), "--mapping",
                    str(ROOT / REAL_LIST[1]), "-q"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return db


def _seen_words(db: Path, seed: int) -> str:
    """A query of three words from a random project's title (words the index has seen)."""
    from graph_model.store import GraphStore
    from queries.projection import load_graph
    from queries.text_analysis import words

    with GraphStore(db, read_only=True) as store:
        graph = load_graph(store)
    titles = [graph.label(p) for p in graph.ids_of("Project")]
    return " ".join(words(random.Random(seed).choice([t for t in titles if len(words(t)) >= 3]))[:3])


def _a_project(db: Path, seed: int) -> str:
    """A random project of the store (the query of ``related <project>``)."""
    from graph_model.store import GraphStore
    from queries.projection import load_graph

    with GraphStore(db, read_only=True) as store:
        return random.Random(seed).choice(load_graph(store).ids_of("Project"))


def speed(seed: int, old_limit_s: float, against: Path | None = None) -> None:
    """Time single commands (see bench/_answer_speed.py) and print them with ``RESULT`` lines."""
    stores = {"region": ingested("region", seed), "structural_funds": _real_store()}
    for name, db in stores.items():
        if db is None:
            print(f"speed: {name} skipped (no shared data)")
            print(result_line("queries_speed", store=name, skipped=True))
            continue
        figures = _speed.related_speed(ROOT, db, {"seen": _seen_words(db, seed),
                                                  "new_word": "kiertotaloudellisimmillaan ruokahävikittömyys"}, median)
        project = _a_project(db, seed)
        figures |= _speed.related_project_speed(ROOT, db, project, median)
        if against is not None:  # the baseline checkout's code on a copy of the store (its cache files its own)
            copy = OUT / f"against-{db.name}"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.rmtree(Path(f"{copy}.cache"), ignore_errors=True)
            shutil.copytree(db, copy)
            python = str(against / ".venv" / "bin" / "python") if (against / ".venv").is_dir() else sys.executable
            base = _speed.related_project_speed(against, copy, project, median, python=python)
            figures |= {f"against_{k}": v for k, v in base.items()}
            figures |= {f"{k}_vs_against": figures[k] / max(v, 1e-9) for k, v in base.items()}
        if name == "structural_funds":
            figures |= _speed.duplicates_speed(ROOT, db, old_limit_s)
        for key, value in figures.items():
            print(f"speed {name:<17} {key:<28} {value:.3g}" if isinstance(value, float) else
                  f"speed {name:<17} {key:<28} {value}")
        print(result_line("queries_speed", store=name, **figures))
        if name == "region":
            value, limit = figures["seen_cached_s"], SPEED_TARGETS["related_cli_s"]
            print(result_line("queries_speed_target", op="related_cli_s", value=value, limit=limit, met=value <= limit))
        else:
            value, limit = figures["duplicates_s"], SPEED_TARGETS["duplicates_s"]
            print(result_line("queries_speed_target", op="duplicates_s", value=value, limit=limit, met=value <= limit))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="region,nation")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=200, help="random projects for the one-project query")
    parser.add_argument("--speed", choices=("on", "off"), default="on", help="time single commands too")
    parser.add_argument("--old-limit", type=float, default=_speed.OLD_LIMIT_S,
                        help="seconds before the old duplicates search is cut")
    parser.add_argument("--against", type=Path, help="a checkout of the baseline (e.g. main's): `related <project>` "
                        "is timed with its code too, on a copy of each store, in the same run")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.queries, args.seed)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    for scale in [s for s in args.scales.split(",") if s != "none"]:  # --scales none: only --speed
        results.append(run_scale(scale, args.seed, args.queries))
        print(f"{scale}: done ({', '.join(results[-1]['skipped']) or 'nothing'} skipped)", file=sys.stderr,
              flush=True)
    report(results)
    if args.speed == "on":
        speed(args.seed, args.old_limit, args.against)


if __name__ == "__main__":
    main()
