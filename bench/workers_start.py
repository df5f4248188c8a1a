"""Benchmark: what `stratgraph serve --workers 2` spends on a store version it has not seen, on the real list.

Each worker of the app reads the store's projection and works the review queue out when it meets a new
version (at start, or after an accepted match). On the real 2007-2013 list that is 7-9 s and about 20 s of
a core, and each worker used to do it itself. This starts a real ``stratgraph serve --workers 2`` child on
a copy of the store with an empty cache folder and samples the CPU time of the app's processes
(``/proc``) until they have been idle for 3 s: the CPU seconds spent and the wall time until idle.

``--against REF`` measures the app at git REF (``git archive`` into bench/out/, served with
``PYTHONPATH``) in the same run, alternating with this checkout, and prints the ratio of the medians.
The wall time depends on the machine's load; the CPU seconds are the figure to compare.

The store: ``--db PATH``, else bench/out/decide-real.db (made once by bench/decide.py's recipe).

Usage: python bench/workers_start.py [--db PATH] [--runs 3] [--against REF]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, ROOT, median, result_line  # noqa: E402
from decide import _real_store  # noqa: E402
from serve import _free_port, _source_of  # noqa: E402

IDLE_S = 3  # seconds without CPU use that count as done
LIMIT_S = 400


def _cpu_seconds(root: int) -> float:
    """CPU seconds (user + system, with reaped children) of ``root`` and its direct children."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == root or int(fields[1]) == root:
            total += sum(int(v) for v in fields[11:15]) / tick
    return total


def start_once(db: Path, source: Path | None) -> tuple[float, float]:
    """Serve a fresh copy of ``db`` with two workers; (CPU seconds, wall seconds) until the app is idle."""
    copy = OUT / f"workers-{'before' if source else 'after'}.db"
    for old in (copy, Path(f"{copy}.cache")):
        shutil.rmtree(old, ignore_errors=True)
    shutil.copytree(db, copy)
    # the source at REF first on the path (``python -m`` puts the working folder before PYTHONPATH)
    env = dict(os.environ, PYTHONPATH=str(source)) if source else dict(os.environ)
    started = time.monotonic()
    app = subprocess.Popen([sys.executable, "-m", "stratgraph", "serve", str(copy), "--port", str(_free_port()),
                            "--workers", "2", "--insecure-cookies"], env=env, cwd=source or ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        spent, still = -1.0, 0
        while time.monotonic() - started < LIMIT_S:
            time.sleep(1)
            now = _cpu_seconds(app.pid)
            still = still + 1 if now - spent < 0.05 and now > 1 else 0
            spent = now
            if still >= IDLE_S:
                return spent, time.monotonic() - started - IDLE_S
        raise SystemExit(f"the app did not settle within {LIMIT_S} s")
    finally:
        app.terminate()
        app.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="the store to serve (a copy); default: the real list")
    parser.add_argument("--runs", type=int, default=3, help="starts of each checkout (medians)")
    parser.add_argument("--against", metavar="REF", help="also measure the app at git REF (before)")
    args = parser.parse_args()
    db = args.db or _real_store()
    OUT.mkdir(parents=True, exist_ok=True)
    sides = {"after": None} if not args.against else {"before": _source_of(args.against), "after": None}
    figures: dict[str, list[tuple[float, float]]] = {side: [] for side in sides}
    for run in range(args.runs):
        for side, source in sides.items():  # alternating, so that both meet the same load
            cpu, wall = start_once(db, source)
            figures[side].append((cpu, wall))
            print(f"run {run + 1} {side}: {cpu:.1f} s CPU, idle after {wall:.1f} s", flush=True)
    after = figures["after"]
    line = {"cpu_s": median([c for c, _ in after]), "wall_s": median([w for _, w in after]), "runs": args.runs}
    if "before" in figures:
        line["before_cpu_s"] = median([c for c, _ in figures["before"]])
        line["before_wall_s"] = median([w for _, w in figures["before"]])
        line["cpu_ratio"] = line["before_cpu_s"] / line["cpu_s"]
    print(result_line("workers_start", **line))


if __name__ == "__main__":
    main()
