"""Shared helpers of the benchmarks: run a child process and measure its wall time and peak RSS.

Each benchmark prints human-readable figures and, for scripts, lines ``RESULT name=value ...``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["ROOT", "OUT", "shared_data", "measure", "result_line", "median", "python_child"]

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def shared_data(root: Path = ROOT) -> Path:
    """The team's ``shared/data`` folder (real input files): ``$STRATGRAPH_SHARED_DATA``, else the
    ``shared/data`` beside this checkout or beside the checkout it was cloned from (``git clone``
    into another folder keeps working). Raises FileNotFoundError saying where it looked.

    >>> (shared_data() / "cordis-h2020").is_dir()
    True
    """
    places = [Path(os.environ["STRATGRAPH_SHARED_DATA"])] if os.environ.get("STRATGRAPH_SHARED_DATA") else []
    places.append(root.parent / "shared" / "data")
    origin = subprocess.run(["git", "-C", str(root), "config", "--get", "remote.origin.url"],
                            capture_output=True, text=True).stdout.strip()
    if origin and Path(origin).is_dir():
        places.append(Path(origin).resolve().parent / "shared" / "data")
    for place in places:
        if place.is_dir():
            return place
    raise FileNotFoundError(f"no shared data folder; looked in {', '.join(map(str, places))}; "
                            "set STRATGRAPH_SHARED_DATA")


def measure(argv: list[str], **kwargs) -> tuple[float, float, str]:
    """Run ``argv``; return (wall seconds, peak RSS in MB, stdout). Fails loudly.

    The peak RSS is what the child reports itself (see :func:`python_child`)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(argv)}\n{err[-2000:]}")
    rss_mb = _peak_rss_from(err)
    return seconds, rss_mb, out


def _peak_rss_from(stderr: str) -> float:
    for line in stderr.splitlines():
        if line.startswith("PEAK_RSS_KB="):
            return int(line.split("=", 1)[1]) / 1024
    return float("nan")


def result_line(name: str, **figures: object) -> str:
    """``RESULT name=<name> key=value ...`` for scripts."""
    parts = " ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items())
    return f"RESULT name={name} {parts}"


def median(values: list[float]) -> float:
    """The median (the machines are noisy)."""
    return statistics.median(values)


PEAK_RSS_WRAPPER = (
    "import resource, runpy, sys;"
    "sys.argv = sys.argv[1:];"
    "code = 0\n"
    "try:\n"
    "    runpy.run_module(sys.argv[0], run_name='__main__') if not sys.argv[0].endswith('.py') "
    "else runpy.run_path(sys.argv[0], run_name='__main__')\n"
    "except SystemExit as exc:\n"
    "    code = exc.code or 0\n"
    "print('PEAK_RSS_KB=%d' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def python_child(module_or_script: str, *args: str) -> list[str]:
    """argv that runs a module or script in a child Python which reports its own peak RSS."""
    return [sys.executable, "-c", PEAK_RSS_WRAPPER, module_or_script, *args]

