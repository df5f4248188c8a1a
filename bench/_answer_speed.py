"""The speed of one command, as a user meets it (bench/queries.py --speed): a whole CLI process each time.

- ``related --text`` and ``related --text --partners``: with the index cached beside the store
  (queries/related_cache.py; median of 3 calls after one that writes the cache) against the old path
  in the same run: the index built in every call (the cache files deleted before each of 2 calls).
  A query of words the projects have, and one with a word they do not (it loads the analyser's
  dictionaries, once per call). Target: <= 2 s per cached call at region scale.
- ``related <project>`` (re-ranked), cold and cached, and the size of the cache, with this checkout's code and,
  with ``--against DIR``, with another checkout's (its own ``.venv``) on a copy of the store, in the same run
  (:func:`related_project_speed`).
- ``duplicates`` on the real structural-funds list (19,940 projects; skipped without the shared data):
  the present code against the old candidate search (every pair of projects that share a title, 13.9
  million on that list), run in a child process cut at ``--old-limit`` seconds. Target: <= 30 s.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

#: The seconds the old duplicates search may run before it is cut (it took 6 minutes on a quiet machine).
OLD_LIMIT_S = 900.0
_OLD_DUPLICATES = r"""
import sys, time
from graph_model.store import GraphStore
from queries.duplicates import near_identical, title_key
from queries.projection import load_graph
from queries.text_analysis import load_analyser
from queries.text_similarity import TextIndex
with GraphStore(sys.argv[1], read_only=True) as store:
    graph = load_graph(store)
started = time.perf_counter()
ids = graph.ids_of("Project")
titles = [graph.labels.get(p, {}).get("fi") or graph.label(p) if graph.labels.get(p) else "" for p in ids]
keys = [title_key(t) for t in titles]
by_key = {}
for i, key in enumerate(keys):
    if key:
        by_key.setdefault(key, []).append(i)
pairs = set()
for rows in by_key.values():  # the old code: every pair of projects with one title
    pairs.update((a, b) for n, a in enumerate(rows) for b in rows[n + 1:])
found = TextIndex.build(ids, titles, load_analyser("plain")).neighbours(5)
for i, row in enumerate(found.tolist()):
    pairs.update((min(i, j), max(i, j)) for j in row if j >= 0)
leaders = dict(graph.edges.get("led_by", ()))
out = []
for a, b in pairs:
    similarity = 1.0 if keys[a] == keys[b] and keys[a] else near_identical(titles[a], titles[b])
    if similarity is not None:
        out.append((ids[a], ids[b], similarity, leaders.get(ids[a]) == leaders.get(ids[b])))
out.sort(key=lambda d: (-d[2], d[0], d[1]))
print(time.perf_counter() - started, len(out))
"""


def _cli(root: Path, db: Path, *args: str, python: str = sys.executable) -> float:
    started = time.perf_counter()
    subprocess.run([python, "-m", "stratgraph", "--db", str(db), *args], cwd=root, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _drop_cache(db: Path) -> None:
    for file in Path(f"{db}.cache").glob("related-*"):
        file.unlink()


def related_speed(root: Path, db: Path, queries: dict[str, str], median) -> dict:
    """Seconds per ``related --text`` call, cached and uncached, for each named query (see the module)."""
    out: dict = {}
    for name, text in queries.items():
        for partners in (False, True):
            args = ["related", "--text", text, "--format", "json", *(["--partners"] if partners else [])]
            label = f"{name}{'_partners' if partners else ''}"
            uncached = []
            for _ in range(2):
                _drop_cache(db)
                uncached.append(_cli(root, db, *args))
            _cli(root, db, *args)  # the cache is there from the last call; this one reads it
            out[f"{label}_cached_s"] = median([_cli(root, db, *args) for _ in range(3)])
            out[f"{label}_uncached_s"] = median(uncached)
            out[f"{label}_ratio"] = out[f"{label}_uncached_s"] / out[f"{label}_cached_s"]
    return out


def related_project_speed(root: Path, db: Path, project: str, median, python: str = sys.executable) -> dict:
    """Seconds per ``related <project>`` call (re-ranked since issue 21's eleventh round) with the code of the
    checkout ``root`` run by ``python``: cold (the cache files deleted before each of 2 calls: the index, and
    its re-ranker, built and written) and cached (median of 3 calls after one that writes the cache), and the
    size of the cache files in MB."""
    args = ["related", project, "--format", "json"]
    cold = []
    for _ in range(2):
        _drop_cache(db)
        cold.append(_cli(root, db, *args, python=python))
    _cli(root, db, *args, python=python)
    cached = median([_cli(root, db, *args, python=python) for _ in range(3)])
    size = sum(f.stat().st_size for f in Path(f"{db}.cache").glob("related-*")) / 1e6
    return {"project_cold_s": median(cold), "project_cached_s": cached, "cache_mb": size}


def duplicates_speed(root: Path, db: Path, old_limit_s: float = OLD_LIMIT_S) -> dict:
    """Seconds of ``possible_duplicates`` now and with the old candidate search (cut at ``old_limit_s``)."""
    new = subprocess.run([sys.executable, "-c", (
        "import sys, time\nfrom graph_model.store import GraphStore\nfrom queries.projection import load_graph\n"
        "from queries.duplicates import possible_duplicates\n"
        "with GraphStore(sys.argv[1], read_only=True) as store:\n    graph = load_graph(store)\n"
        "started = time.perf_counter()\nfound = possible_duplicates(graph)\n"
        "print(time.perf_counter() - started, len(found))"), str(db)],
        cwd=root, check=True, capture_output=True, text=True).stdout.split()
    out = {"duplicates_s": float(new[0]), "duplicates_pairs": int(new[1]),
           "duplicates_cli_s": _cli(root, db, "duplicates", "--format", "json")}
    try:
        old = subprocess.run([sys.executable, "-c", _OLD_DUPLICATES, str(db)], cwd=root, check=True,
                             capture_output=True, text=True, timeout=old_limit_s).stdout.split()
        out["duplicates_old_s"], out["duplicates_old_pairs"], out["duplicates_old_cut"] = (
            float(old[0]), int(old[1]), False)
    except subprocess.TimeoutExpired:
        out["duplicates_old_s"], out["duplicates_old_cut"] = old_limit_s, True
    out["duplicates_ratio"] = out["duplicates_old_s"] / out["duplicates_s"]
    return out
