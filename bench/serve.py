"""Benchmark: the web app (`stratgraph serve`) under load, with locust, against 127.0.0.1 only.

A synthetic store (`stratgraph synth --scale SCALE` ingested once into bench/out/, plus a small source
``serve-extra-a`` of 5 projects) is served by a real ``stratgraph serve STORE --port P`` child process.
In the same run:

- start: seconds from starting ``serve`` to the first ``/healthz`` that answers 200 with status
  ``ready`` (target <= 10 s at region scale), and to the search and related indexes being warm;
- baseline: the CLI's time for the same my-idea query (``stratgraph related --text ... --format json``,
  median of 3 calls after one that writes the index cache beside the store), measured before the load,
  and its ratio to the same query over HTTP (one request, no load) and to the idea p50 under load;
- load: locust, headless, ``--users`` concurrent users (default 50) for ``--seconds`` (default 60), each
  request kind equally often, no wait between requests: search (``/search.json?q=``, Finnish words and
  inflections), my-idea text (``/idea.json?text=``), related to a project (``/idea.json?project=``), an
  entity page (``/projects/<id>.html``), the scorecard (``/followup.json``) and map data
  (``/maps/collaboration.json``). Per kind: requests, failures, p50/p95 ms, requests/s;
- churn: a third into the load, a new small source (``serve-extra-b``) is ingested into the served
  store with the CLI, then ``serve-extra-a`` is removed; seconds from the ingest's exit to
  ``/search.json`` finding a new project, and from the removal's exit to its project being gone (from
  search and its page), without a restart; failed requests are counted;
- restart: after the load, ``serve`` again on the store as the churn left it: seconds to ready and warm
  (public mode keeps its last read beside the store, so an unchanged store is not read again).

Targets (issue 18): p95 <= 200 ms for search, my-idea and entity pages; p95 <= 1 s for map data;
0 failed requests. The issue asks for the nation store; by default region runs (it builds in a couple
of minutes on a shared machine); pass ``--scale nation`` to measure it.

By default each user sends its next request as soon as the last is answered (``--think 0``): the heaviest
reading of "50 concurrent users"; ``--think 2`` gives each a pause of 1-3 s, as a person reading pages.
Beside each kind, its time alone (one request, no load) tells the cost of a request from the queueing.

``--workers N`` serves with ``stratgraph serve --workers N`` (each worker holds its own snapshot: the
memory of the server's processes, RSS summed, is reported after the load). Before the load, each kind is
asked a few times at once so that every worker has built its indexes and maps; the run also reports the
load average (the machine is shared: the figures are only comparable within one run).

Usage: python bench/serve.py [--scale city|region|nation] [--users 50] [--seconds 60] [--think 0] [--seed 1]
                             [--workers 1] [--kinds search,idea_text,...]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, median, result_line  # noqa: E402

HOST = "127.0.0.1"  # never anything else: the load stays on this machine
IDEA_TEXT = "Hiilineutraali pyöräily ja osallisuus: asukkaiden kanssa kokeillaan uusia ratkaisuja kouluissa"
SEARCH_WORDS = ["hiilineutraali", "pyöräilyn", "osallisuutta", "kouluille", "liikunta", "ilmasto",
                "asukkaiden", "digitaalinen", "kestävä", "nuorten"]
IDEA_TEXTS = [IDEA_TEXT, "Nuorten liikuntapaikkojen kehittäminen yhdessä yritysten kanssa",
              "Digitaaliset palvelut ikääntyneille asukkaille", "Kiertotalous ja kestävä rakentaminen"]
KINDS = ["search", "idea_text", "idea_project", "entity", "scorecard", "map"]  # the task names in LOCUSTFILE
#: The p95 target per kind in ms (the scorecard has none in the issue; it is reported only).
TARGETS_MS = {"search": 200, "idea_text": 200, "idea_project": 200, "entity": 200, "map": 1000}
EXTRA_ROWS = 5
#: Seconds locust lets the requests in flight at the end finish: each is counted with its real time, not
#: as a failure of a request cut at the stop.
STOP_TIMEOUT_S = 180
SEEN_LIMIT_S = 240  # how long the churn waits for the app to serve the changed store

LOCUSTFILE = r'''
import json, random
from locust import HttpUser, between, constant, task
from urllib.parse import quote

DATA = json.loads(%r)


class Reader(HttpUser):
    """One person using the app: each kind of request equally often, a pause of about DATA["think"] s
    between them (none when 0)."""

    wait_time = between(DATA["think"] / 2, DATA["think"] * 1.5) if DATA["think"] else constant(0)

    def _get(self, url, name):
        with self.client.get(url, name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}: {r.error!r}" if r.status_code == 0 else f"{r.status_code}: {r.text[:200]}")
            elif name != "entity":
                try:
                    r.json()
                except ValueError:
                    r.failure("not JSON")

    @task
    def search(self):
        self._get("/search.json?q=" + quote(random.choice(DATA["words"])), "search")

    @task
    def idea_text(self):
        self._get("/idea.json?text=" + quote(random.choice(DATA["texts"])), "idea_text")

    @task
    def idea_project(self):
        self._get("/idea.json?project=" + quote(random.choice(DATA["projects"])), "idea_project")

    @task
    def entity(self):
        self._get("/projects/" + quote(random.choice(DATA["projects"])) + ".html", "entity")

    @task
    def scorecard(self):
        self._get("/followup.json", "scorecard")

    @task
    def map(self):
        self._get("/maps/collaboration.json", "map")


Reader.tasks = [t for t in Reader.tasks if t.__name__ in DATA["kinds"]]  # --kinds
'''


def _cli(db: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "stratgraph", "--db", str(db), *args], capture_output=True,
                          text=True, check=check)


def _store(scale: str, seed: int) -> tuple[Path, Path]:
    """(the store, the synth folder): written and ingested once, found again by a re-run."""
    folder = OUT / f"synth-{scale}-{seed}"
    if not (folder / "projects.csv").exists():
        print(f"writing synthetic {scale} data to {folder} ...", flush=True)
        _cli(OUT / "unused.db", "synth", "--scale", scale, "--seed", str(seed), str(folder))
    db = OUT / f"serve-{scale}-{seed}.db"
    if not db.exists():
        started = time.perf_counter()
        print(f"ingesting {folder} into {db} ...", flush=True)
        _cli(db, "ingest", str(folder), "--source", f"synth-{scale}", "-q")
        print(f"{scale}: ingest in {time.perf_counter() - started:.1f} s", flush=True)
    return db, folder


def _extra_source(folder: Path, out: Path, prefix: str) -> list[str]:
    """A small source of EXTRA_ROWS projects copied from the synth ones under new ids; their ids."""
    with (folder / "projects.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))[:EXTRA_ROWS]
    out.mkdir(parents=True, exist_ok=True)
    for n, row in enumerate(rows):
        row["id"], row["code"] = f"P-{prefix}{n:03d}", f"{prefix}-{n}"
        row["label_fi"] = f"{row['label_fi']} {_word(prefix)}"  # a word only this source has: /search.json finds it
    with (out / "projects.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return [row["id"] for row in rows]


def _word(prefix: str) -> str:
    """The word every project of the extra source ``prefix`` has in its Finnish name."""
    return f"{prefix.lower()}kokeilu"


def _found(base: str, word: str, ident: str) -> bool:
    """Whether ``/search.json?q=word`` lists ``ident``."""
    status, body = _get(f"{base}/search.json?q={urllib.parse.quote(word)}")
    return status == 200 and ident in {row.get("id") for row in json.loads(body)["rows"]}


def _until(check) -> float | None:
    """Seconds until ``check()`` holds (looked at every 0.2 s), None when not within SEEN_LIMIT_S."""
    started = time.perf_counter()
    while time.perf_counter() - started < SEEN_LIMIT_S:
        if check():
            return time.perf_counter() - started
        time.sleep(0.2)
    return None


def _project_ids(folder: Path, n: int = 200) -> list[str]:
    with (folder / "projects.csv").open(encoding="utf-8", newline="") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    return ids[:: max(1, len(ids) // n)][:n]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 30.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def _wait_ready(base: str, started: float, limit_s: float) -> tuple[float, float]:
    """(seconds to the first /healthz 200 with status ready, seconds to both indexes warm)."""
    ready_s = None
    while time.perf_counter() - started < limit_s:
        status, body = _get(base + "/healthz", timeout=5)
        if status == 200:
            health = json.loads(body)
            if health["status"] == "ready" and ready_s is None:
                ready_s = time.perf_counter() - started
            if ready_s is not None and all(health["warm"].values()):
                return ready_s, time.perf_counter() - started
        time.sleep(0.05)
    sys.exit(f"serve was not ready within {limit_s:.0f} s")


def _churn(db: Path, base: str, new_dir: Path, new_ids: list[str], old_ids: list[str], delay: float,
           out: dict) -> None:
    """During the load: ingest ``new_dir`` with the CLI and time from its exit to ``/search.json`` finding
    a new project; then remove ``serve-extra-a`` and time from its exit to its project being gone (from
    search and its page)."""
    time.sleep(delay)
    started = time.perf_counter()
    ingest = _cli(db, "ingest", str(new_dir), "--source", "serve-extra-b", "-q", check=False)
    out["ingest_s"], out["ingest_rc"] = time.perf_counter() - started, ingest.returncode
    out["added_s"] = _until(lambda: _found(base, _word("XB"), new_ids[0])) if not ingest.returncode else None
    started = time.perf_counter()
    remove = _cli(db, "sources", "remove", "serve-extra-a", check=False)
    out["remove_s"], out["remove_rc"] = time.perf_counter() - started, remove.returncode

    def gone() -> bool:
        return not _found(base, _word("XA"), old_ids[0]) and _get(f"{base}/projects/{old_ids[0]}.json")[0] == 404

    out["removed_s"] = _until(gone) if not remove.returncode else None
    out["errors"] = [p.stderr.strip()[-500:] for p in (ingest, remove) if p.returncode]


def _locust(base: str, data: dict, users: int, seconds: int, folder: Path) -> dict[str, dict]:
    """Run locust headless; per request kind (and ``Aggregated``): its row of locust's stats CSV."""
    locustfile = folder / "locustfile.py"
    locustfile.write_text(LOCUSTFILE % json.dumps(data), encoding="utf-8")
    spawn = max(1, users // 5)
    argv = [sys.executable, "-m", "locust", "-f", str(locustfile), "--headless", "-u", str(users), "-r", str(spawn),
            "-t", f"{seconds}s", "--host", base, "--csv", str(folder / "load"), "--only-summary",
            "--stop-timeout", str(STOP_TIMEOUT_S), "--loglevel", "WARNING"]
    done = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    stats = folder / "load_stats.csv"
    if not stats.exists():
        sys.exit(f"locust failed ({done.returncode}):\n{done.stderr[-2000:]}")
    with stats.open(encoding="utf-8", newline="") as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    with (folder / "load_failures.csv").open(encoding="utf-8", newline="") as f:
        failures = list(csv.DictReader(f))
    for row in failures[:10]:
        print(f"  failure: {row['Name']}: {row['Error'][:200]} ({row['Occurrences']}x)")
    return rows


def run(scale: str, seed: int, users: int, seconds: int, think: float, workers: int = 1,
        kinds: tuple[str, ...] = tuple(KINDS)) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    db, folder = _store(scale, seed)
    extra = OUT / f"serve-extra-{scale}-{seed}"
    old_ids = _extra_source(folder, extra / "a", "XA")
    new_ids = _extra_source(folder, extra / "b", "XB")
    _cli(db, "sources", "remove", "serve-extra-b", check=False)  # left by an earlier run
    _cli(db, "ingest", str(extra / "a"), "--source", "serve-extra-a", "-q")

    # Baseline: the CLI's time for the same my-idea query (the first call writes the index cache).
    related = ["related", "--text", IDEA_TEXT, "--format", "json"]
    _cli(db, *related)
    cli_s = median([_timed(lambda: _cli(db, *related)) for _ in range(3)])

    port = _free_port()
    base = f"http://{HOST}:{port}"
    log = (OUT / f"serve-{scale}.log").open("w")
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "stratgraph", "serve", str(db), "--host", HOST,  # anonymous
                               "--port", str(port), "--public", "--workers", str(workers)],  # readers
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        ready_s, warm_s = _wait_ready(base, started, limit_s=600)
        url = f"{base}/idea.json?text={urllib.parse.quote(IDEA_TEXT)}"
        _get(url)
        one_s = median([_timed(lambda: _get(url)) for _ in range(3)])
        data = {"words": SEARCH_WORDS, "texts": IDEA_TEXTS, "projects": _project_ids(folder),
                "think": think, "kinds": list(kinds)}
        warmup_s = _warm_workers(base, data, workers)
        alone = _alone(base, data)
        load_before = os.getloadavg()
        churn: dict = {"found_before": _found(base, _word("XA"), old_ids[0])}
        churner = threading.Thread(target=_churn, args=(db, base, extra / "b", new_ids, old_ids, seconds / 3,
                                                        churn))
        churner.start()
        with tempfile.TemporaryDirectory(dir=OUT) as tmp:
            stats = _locust(base, data, users, seconds, Path(tmp))
        churner.join()
        load_after = os.getloadavg()
        rss_mb = _tree_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    started = time.perf_counter()  # again, on the store as the churn left it: what a restart costs
    server = subprocess.Popen([sys.executable, "-m", "stratgraph", "serve", str(db), "--host", HOST,
                               "--port", str(port), "--public", "--workers", str(workers)],
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        restart_ready_s, restart_warm_s = _wait_ready(base, started, limit_s=600)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    _cli(db, "sources", "remove", "serve-extra-b", check=False)  # the store as it was, for a re-run
    return {"scale": scale, "users": users, "seconds": seconds, "think": think, "ready_s": ready_s, "warm_s": warm_s,
            "cli_s": cli_s, "http_one_s": one_s, "alone": alone, "stats": stats, "churn": churn, "workers": workers,
            "warmup_s": warmup_s, "load_before": load_before, "load_after": load_after, "rss_mb": rss_mb,
            "restart_ready_s": restart_ready_s, "restart_warm_s": restart_warm_s}


def _urls(data: dict) -> dict[str, str]:
    q = urllib.parse.quote
    urls = {"search": f"/search.json?q={q(data['words'][0])}", "idea_text": f"/idea.json?text={q(data['texts'][1])}",
            "idea_project": f"/idea.json?project={q(data['projects'][0])}",
            "entity": f"/projects/{q(data['projects'][0])}.html", "scorecard": "/followup.json",
            "map": "/maps/collaboration.json"}
    return {kind: url for kind, url in urls.items() if kind in data["kinds"]}


def _warm_workers(base: str, data: dict, workers: int) -> float:
    """Ask each kind 3 x ``workers`` times at once, so that every worker (the kernel spreads connections
    over them) builds its indexes, scorecard and map before the load; the seconds it took."""
    started = time.perf_counter()
    for path in _urls(data).values():
        callers = [threading.Thread(target=_get, args=(base + path, 900)) for _ in range(3 * workers)]
        for caller in callers:
            caller.start()
        for caller in callers:
            caller.join()
    return time.perf_counter() - started


def _tree_rss_mb(pid: int) -> float:
    """The resident memory of process ``pid`` and its children (the workers), in MB, from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def _alone(base: str, data: dict) -> dict[str, float]:
    """Seconds per request kind with no other load (the second of two calls: the first may fill a cache)."""
    out = {}
    for kind, path in _urls(data).items():
        _get(base + path, timeout=300)
        out[kind] = _timed(lambda: _get(base + path, timeout=300))
    return out


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


#: The stats row of a kind locust never saw answered (every request still open when the load stopped).
_NONE = {"Request Count": "0", "Failure Count": "0", "50%": "nan", "95%": "nan", "Requests/s": "0"}


def report(r: dict) -> None:
    stats, churn = r["stats"], r["churn"]
    print(f"\nserve at {r['scale']} scale: ready {r['ready_s']:.1f} s after start (the version read last, when one "
          f"is kept), the store as it is now served with its indexes warm at {r['warm_s']:.1f} s")
    print(f"load: {r['users']} users for {r['seconds']} s on {HOST}, "
          f"{'a pause of %.1f s on average between requests' % r['think'] if r['think'] else 'no pause between requests'}")
    print(f"{'kind':<14} {'requests':>9} {'failures':>9} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'target':>8} "
          f"{'alone ms':>9}")
    for kind in [*(k for k in KINDS if k in r["alone"]), "Aggregated"]:
        row = stats.get(kind) or _NONE
        target = TARGETS_MS.get(kind)
        alone = r["alone"].get(kind)
        print(f"{kind:<14} {int(row['Request Count']):>9,} {int(row['Failure Count']):>9,} {row['50%']:>8} "
              f"{row['95%']:>8} {float(row['Requests/s']):>7.1f} {f'<={target}' if target else '':>8} "
              f"{f'{alone * 1000:.0f}' if alone is not None else '':>9}")
    if any(kind not in stats for kind in r["alone"]):
        print("  (a kind with no requests had none answered before the load stopped: every one took longer)")
    idea = stats.get("idea_text")
    idea_p50_s = float(idea["50%"]) / 1000 if idea else float("nan")
    print(f"my-idea baseline: CLI `related --text` {r['cli_s']:.2f} s per call; the app answers the same query in "
          f"{r['http_one_s'] * 1000:.0f} ms alone ({r['cli_s'] / r['http_one_s']:.0f}x) and "
          f"{idea_p50_s * 1000:.0f} ms at p50 under load ({r['cli_s'] / idea_p50_s:.0f}x)")
    added, removed = churn.get("added_s"), churn.get("removed_s")

    def _after(seconds):
        return "after %.1f s" % seconds if seconds is not None else f"NOT within {SEEN_LIMIT_S} s"

    print(f"churn during the load: ingest {churn.get('ingest_s', float('nan')):.1f} s (exit {churn.get('ingest_rc')}); "
          f"/search.json found its project {_after(added)} after the CLI exited; remove "
          f"{churn.get('remove_s', float('nan')):.1f} s (exit {churn.get('remove_rc')}), its project gone "
          f"{_after(removed)} (it was found before: {churn.get('found_before')})")
    print(f"restart on the unchanged store: ready {r['restart_ready_s']:.1f} s, "
          f"indexes warm at {r['restart_warm_s']:.1f} s")
    for error in churn.get("errors", []):
        print(f"  churn error: {error}")

    total = stats["Aggregated"]
    failures = int(total["Failure Count"])
    for kind in (k for k in KINDS if k in r["alone"]):
        row = stats.get(kind) or _NONE
        figures = {"requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                   "p50_ms": float(row["50%"]), "p95_ms": float(row["95%"]), "rps": float(row["Requests/s"])}
        if kind in TARGETS_MS:
            figures["target_ms"] = TARGETS_MS[kind]
            figures["ok"] = figures["requests"] > 0 and figures["p95_ms"] <= TARGETS_MS[kind]
        figures["alone_ms"] = r["alone"][kind] * 1000
        print(result_line(f"serve_{r['scale']}_{kind}", **figures))
    print(f"server: {r['workers']} worker(s), {r['rss_mb']:.0f} MB resident after the load (all processes); "
          f"warm-up {r['warmup_s']:.1f} s; load average {r['load_before'][0]:.1f} before, {r['load_after'][0]:.1f} "
          f"after ({os.cpu_count()} cores)")
    print(result_line(f"serve_{r['scale']}_load", users=r["users"], seconds=r["seconds"], think_s=r["think"],
                      workers=r["workers"], requests=int(total["Request Count"]), failures=failures,
                      rps=float(total["Requests/s"]), rss_mb=r["rss_mb"], loadavg_before=r["load_before"][0],
                      loadavg_after=r["load_after"][0], ok=failures == 0))
    print(result_line(f"serve_{r['scale']}_start", ready_s=r["ready_s"], warm_s=r["warm_s"],
                      target_s=10, ok=r["ready_s"] <= 10))
    print(result_line(f"serve_{r['scale']}_idea_baseline", cli_s=r["cli_s"], http_s=r["http_one_s"],
                      ratio=r["cli_s"] / r["http_one_s"], load_p50_s=idea_p50_s, load_ratio=r["cli_s"] / idea_p50_s))
    print(result_line(f"serve_{r['scale']}_churn", ingest_rc=churn.get("ingest_rc"), remove_rc=churn.get("remove_rc"),
                      added_s=added if added is not None else "never",
                      removed_s=removed if removed is not None else "never", found_before=churn.get("found_before"),
                      failures=failures,
                      ok=churn.get("ingest_rc") == 0 and churn.get("remove_rc") == 0 and added is not None
                      and removed is not None and bool(churn.get("found_before")) and failures == 0))
    print(result_line(f"serve_{r['scale']}_restart", ready_s=r["restart_ready_s"], warm_s=r["restart_warm_s"],
                      target_s=10, ok=r["restart_ready_s"] <= 10))


def main() -> None:
    """Run the benchmark and print the figures and RESULT lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["city", "region", "nation"], default="region")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1, help="stratgraph serve --workers N")
    parser.add_argument("--kinds", default=",".join(KINDS),
                        help="the request kinds of the load, comma-separated (default: all)")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a user pauses between requests (0: none, the heaviest load)")
    args = parser.parse_args()
    if not 1 <= args.users <= 200 or not 5 <= args.seconds <= 600:
        sys.exit("--users must be 1..200 and --seconds 5..600 (the load is bounded)")
    if not 1 <= args.workers <= 8:
        sys.exit("--workers must be 1..8")
    kinds = tuple(k for k in args.kinds.split(",") if k)
    if not kinds or set(kinds) - set(KINDS):
        sys.exit(f"--kinds must name some of {', '.join(KINDS)}")
    report(run(args.scale, args.seed, args.users, args.seconds, args.think, args.workers, kinds))


if __name__ == "__main__":
    main()
