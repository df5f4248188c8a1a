"""Shared helpers of the benchmarks: run a child process and measure its wall time and peak RSS; compare a
headline figure with the committed reference.

Each benchmark prints human-readable figures and, for scripts, lines ``RESULT name=value ...``.
``bench/reference.json`` holds each benchmark's headline figure (updated only on purpose, in a commit of
its own that says which run measured it); :func:`against_reference` prints a run's figure as a ratio to
it and warns below :data:`WARN_BELOW`, and :func:`reference_table` is the README's benchmark table.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["ROOT", "OUT", "REFERENCE", "WARN_BELOW", "shared_data", "measure", "result_line", "median",
           "python_child", "load_reference", "reference_ratio", "against_reference", "reference_table"]

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
REFERENCE = ROOT / "bench" / "reference.json"
WARN_BELOW = 0.8  # a run below 0.8 of the reference is a regression worth a look


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
    """``RESULT name=<name> key=value ...`` for scripts; a figure that does not exist (None: the precision of an
    empty list) is written ``none``, never a number.

    >>> result_line("x", precision=0.91234, review_precision=None, use="frozen")
    'RESULT name=x precision=0.9123 review_precision=none use=frozen'
    """
    parts = " ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}=none" if v is None else f"{k}={v}"
                     for k, v in figures.items())
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



# -- the committed reference figures ------------------------------------------------------------------

def load_reference(path: Path = REFERENCE) -> dict[str, dict]:
    """The headline figures of ``bench/reference.json``, by name (each: bench, figure, value, unit,
    better ``higher`` or ``lower``, measured).

    >>> sorted(load_reference())[:2]
    ['followup_region', 'ingest_region']
    """
    return json.loads(Path(path).read_text(encoding="utf-8"))["figures"]


def reference_ratio(value: float, reference: dict) -> float:
    """How this run compares with the reference, as a ratio where 1 is as good and below 1 is worse
    (``value / reference`` for a figure where higher is better, ``reference / value`` otherwise).

    >>> reference_ratio(24_800, {"value": 31_000, "better": "higher"})
    0.8
    >>> reference_ratio(20.0, {"value": 10.0, "better": "lower"})
    0.5
    """
    if reference["better"] == "higher":
        return value / reference["value"]
    return reference["value"] / value if value else float("inf")


def against_reference(name: str, value: float, references: dict[str, dict] | None = None) -> str:
    """The lines a bench prints for headline figure ``name``: the ratio to the reference, a warning below
    :data:`WARN_BELOW`, and a ``RESULT name=reference ...`` line.

    >>> refs = {"x": {"value": 100, "better": "higher", "unit": "/s", "figure": "rate"}}
    >>> print(against_reference("x", 70, refs))
    x: 70 /s is 0.70 of the reference (100 /s)
    WARNING: x fell below 0.8 of bench/reference.json (0.70)
    RESULT name=reference figure=x value=70 reference=100 ratio=0.7 ok=False
    """
    ref = (references if references is not None else load_reference())[name]
    ratio = reference_ratio(value, ref)
    lines = [f"{name}: {_figure(value)} {ref['unit']} is {ratio:.2f} of the reference ({_figure(ref['value'])} {ref['unit']})"]
    if ratio < WARN_BELOW:
        lines.append(f"WARNING: {name} fell below {WARN_BELOW} of bench/reference.json ({ratio:.2f})")
    lines.append(result_line("reference", figure=name, value=value, reference=ref["value"], ratio=round(ratio, 3),
                             ok=ratio >= WARN_BELOW))
    return "\n".join(lines)


def _figure(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def reference_table(references: dict[str, dict] | None = None) -> str:
    """The README's benchmark table (Markdown), one row per headline figure of ``bench/reference.json``.

    >>> print(reference_table({"x": {"bench": "bench/x.py", "figure": "rate", "value": 31000, "unit": "/s",
    ...                               "better": "higher", "measured": "run of 2026-12-07"}}))
    | figure | value | better | bench | measured |
    |---|---|---|---|---|
    | rate | 31,000 /s | higher | `bench/x.py` | run of 2026-12-07 |
    """
    refs = references if references is not None else load_reference()
    rows = ["| figure | value | better | bench | measured |", "|---|---|---|---|---|"]
    for ref in refs.values():
        rows.append(f"| {ref['figure']} | {_figure(ref['value'])} {ref['unit']} | {ref['better']} | `{ref['bench']}` "
                    f"| {ref['measured']} |")
    return "\n".join(rows)
