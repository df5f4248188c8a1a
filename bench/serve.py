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
``--think 0,2`` runs both loads one after the other on the same server (one start, one CLI baseline;
the second load's churn adds back the source the first removed). Beside each kind: its time alone (one
request with no load, never asked before, then the same again: the app keeps finished answers per
store version, ``stratgraph.web.answers``), and the share of the load's requests the app worked out
rather than sent as kept (the ``x-stratgraph-answer`` header).

The readers are anonymous (``serve --public``) unless ``--login``: then each locust user has a session
of its own of a reader account (``serve --insecure-cookies``, plain http on 127.0.0.1), as the city's
staff use the app. A public app pseudonymises the whole store as it starts, which at nation scale took
longer than the bench's 15 min wait, so nation runs use ``--login``.

``--against REF`` first runs the same loads against the app at git REF (``git archive`` into bench/out/,
served with ``PYTHONPATH``), then against this checkout, and prints the ratios of their p95s and
requests/s: a before/after measured in the same run.

``--workers N`` serves with ``stratgraph serve --workers N`` (each worker holds its own snapshot: the
memory of the server's processes, RSS summed, is reported after the load). Before the load, each kind is
asked a few times at once so that every worker has built its indexes and maps; the run also reports the
load average (the machine is shared: the figures are only comparable within one run).

Usage: python bench/serve.py [--scale city|region|nation] [--users 50] [--seconds 60] [--think 0[,2]] [--seed 1]
                             [--workers 1] [--kinds search,idea_text,...] [--login] [--against REF]
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
from _common import OUT, ROOT, median, result_line  # noqa: E402

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
import collections, json, random
from locust import FastHttpUser, between, constant, events, task
from urllib.parse import quote

DATA = json.loads(%r)
HOW = collections.Counter()  # (kind, how the app says it came: kept, new or not said)


@events.quitting.add_listener
def _write_how(environment, **kwargs):
    with open(DATA["how_path"], "w") as f:
        json.dump([[kind, how, n] for (kind, how), n in HOW.items()], f)


class Reader(FastHttpUser):
    """One person using the app: each kind of request equally often, a pause of about DATA["think"] s
    between them (none when 0). FastHttpUser: the load generator shares the machine's cores with the app,
    and this client needs a fraction of the CPU of the requests-based one."""

    wait_time = between(DATA["think"] / 2, DATA["think"] * 1.5) if DATA["think"] else constant(0)

    def on_start(self):  # logged in (each user a session of its own) unless the app is public
        self.headers = {"Cookie": DATA["cookies"].pop()} if DATA["cookies"] else {}

    def _get(self, url, name):
        with self.client.get(url, name=name, headers=self.headers, catch_response=True) as r:
            HOW[name, (r.headers or {}).get("x-stratgraph-answer", "not said")] += 1
            if r.status_code != 200:
                r.failure(f"{r.status_code}: {getattr(r, 'error', None)!r}" if r.status_code == 0
                          else f"{r.status_code}: {(r.text or '')[:200]}")
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


def _sessions(db: Path, n: int) -> list[str]:
    """``n`` sessions of a reader account of the bench (made once), as Cookie headers for plain http on
    127.0.0.1 (``serve --insecure-cookies``): staff readers, as the app serves a city without --public."""
    from graph_model.accounts import Accounts
    from ontologies.errors import NotFoundError

    accounts = Accounts(db)
    try:
        reader = accounts.get("bench-reader")
    except NotFoundError:
        reader = accounts.add("bench-reader", display_name="Bench Reader", roles=["reader"])
    name = "stratgraph"  # stratgraph.web.accounts.guard.cookie_names(False); not imported: bench/queries.py
    return [f"{name}={accounts.start_session(reader)[0]}" for _ in range(n)]  # shadows the package here


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


def _source_word(source: str) -> str:
    """The word of extra source ``serve-extra-a`` (its projects' prefix ``XA``)."""
    return _word("X" + source[-1].upper())


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


def _project_ids(folder: Path, n: int = 200) -> tuple[list[str], str]:
    """``n`` projects spread over the list (those the load asks for) and one that is not among them."""
    with (folder / "projects.csv").open(encoding="utf-8", newline="") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    asked = ids[:: max(1, len(ids) // n)][:n]
    return asked, next(i for i in reversed(ids) if i not in set(asked))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


#: The bench's own requests (warm-up, alone, churn): a reader's session cookie when the app needs a login.
COOKIE: dict[str, str] = {}


def _get(url: str, timeout: float = 30.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=COOKIE), timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def _wait_ready(base: str, started: float, limit_s: float, server: subprocess.Popen) -> tuple[float, float]:
    """(seconds to the first /healthz 200 with status ready, seconds to both indexes warm)."""
    ready_s = None
    while time.perf_counter() - started < limit_s:
        if server.poll() is not None:
            sys.exit(f"serve ended with exit code {server.returncode}: see its log in {OUT}")
        status, body = _get(base + "/healthz", timeout=5)
        if status == 200:
            health = json.loads(body)
            if health["status"] == "ready" and ready_s is None:
                ready_s = time.perf_counter() - started
            if ready_s is not None and all(health["warm"].values()):
                return ready_s, time.perf_counter() - started
        time.sleep(0.05)
    sys.exit(f"serve was not ready within {limit_s:.0f} s")


def _churn(db: Path, base: str, new: tuple[str, Path], old: str, new_ids: list[str], old_ids: list[str],
           delay: float, out: dict) -> None:
    """During the load: ingest ``new`` (source name, folder) with the CLI and time from its exit to
    ``/search.json`` finding a new project; then remove source ``old`` and time from its exit to its
    project being gone (from search and its page)."""
    time.sleep(delay)
    started = time.perf_counter()
    ingest = _cli(db, "ingest", str(new[1]), "--source", new[0], "-q", check=False)
    out["ingest_s"], out["ingest_rc"] = time.perf_counter() - started, ingest.returncode
    out["added_s"] = _until(lambda: _found(base, _source_word(new[0]), new_ids[0])) if not ingest.returncode else None
    started = time.perf_counter()
    remove = _cli(db, "sources", "remove", old, check=False)
    out["remove_s"], out["remove_rc"] = time.perf_counter() - started, remove.returncode

    def gone() -> bool:
        return not _found(base, _source_word(old), old_ids[0]) and _get(f"{base}/projects/{old_ids[0]}.json")[0] == 404

    out["removed_s"] = _until(gone) if not remove.returncode else None
    out["errors"] = [p.stderr.strip()[-500:] for p in (ingest, remove) if p.returncode]


def _locust(base: str, data: dict, users: int, seconds: int, folder: Path) -> dict[str, dict]:
    """Run locust headless; per request kind (and ``Aggregated``): its row of locust's stats CSV."""
    locustfile = folder / "locustfile.py"
    data = {**data, "how_path": str(folder / "how.json")}
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
    how = json.loads((folder / "how.json").read_text()) if (folder / "how.json").exists() else []
    for kind, came, n in how:
        rows.setdefault(kind, dict(_NONE)).setdefault("how", {})[came] = n
    return rows


def _source_of(ref: str) -> Path:
    """The package's source at git ``ref`` (``git archive``, once per commit), to serve it for a before/after."""
    sha = subprocess.run(["git", "rev-parse", "--verify", f"{ref}^{{commit}}"], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.strip()
    src = OUT / f"src-{sha[:12]}"
    if not (src / "stratgraph").exists():
        src.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha], capture_output=True, check=True, cwd=ROOT)
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive.stdout, check=True)
    return src


def _cli_baseline(db: Path) -> float:
    """The CLI's time for the my-idea query of the load (median of 3; the first call writes the index cache)."""
    related = ["related", "--text", IDEA_TEXT, "--format", "json"]
    _cli(db, *related)
    return median([_timed(lambda: _cli(db, *related)) for _ in range(3)])


def run(scale: str, seed: int, users: int, seconds: int, thinks: tuple[float, ...], workers: int = 1,
        kinds: tuple[str, ...] = tuple(KINDS), login: bool = False, src: Path | None = None,
        cli_s: float | None = None) -> list[dict]:
    """One server (from ``src``, a source tree; None: this checkout) under one load per pause in ``thinks``,
    one after the other (each with its churn); the figures of each load. ``login``: the readers are logged
    in (each user a session of its own), else the app is ``--public``."""
    OUT.mkdir(parents=True, exist_ok=True)
    db, folder = _store(scale, seed)
    extra = OUT / f"serve-extra-{scale}-{seed}"
    ids = {"serve-extra-a": _extra_source(folder, extra / "a", "XA"),
           "serve-extra-b": _extra_source(folder, extra / "b", "XB")}
    _cli(db, "sources", "remove", "serve-extra-b", check=False)  # left by an earlier run
    _cli(db, "sources", "remove", "serve-extra-a", check=False)
    _cli(db, "ingest", str(extra / "a"), "--source", "serve-extra-a", "-q")
    cli_s = cli_s if cli_s is not None else _cli_baseline(db)

    port = _free_port()
    base = f"http://{HOST}:{port}"
    log = (OUT / f"serve-{scale}.log").open("w")
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(src)} if src else None  # before the editable install's finder
    cookies = _sessions(db, users + 1) if login else []
    COOKIE.clear()
    COOKIE.update({"Cookie": cookies.pop()} if login else {})
    argv = [sys.executable, "-m", "stratgraph", "serve", str(db), "--host", HOST, "--port", str(port),
            "--insecure-cookies" if login else "--public", "--workers", str(workers)]
    server = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=src)
    runs = []
    try:
        ready_s, warm_s = _wait_ready(base, started, limit_s=900, server=server)
        url = f"{base}/idea.json?text={urllib.parse.quote(IDEA_TEXT)}"
        one_s = _timed(lambda: _get(url))  # worked out: the app has never been asked it
        again_s = median([_timed(lambda: _get(url)) for _ in range(3)])
        projects, unseen = _project_ids(folder)
        served, gone = "serve-extra-a", "serve-extra-b"
        for think in thinks:
            data = {"words": SEARCH_WORDS, "texts": IDEA_TEXTS, "projects": projects, "unseen_project": unseen,
                    "think": think, "kinds": list(kinds), "cookies": cookies}
            warmup_s = _warm_workers(base, data, workers)
            alone = _alone(base, data)
            load_before = os.getloadavg()
            churn: dict = {"found_before": _found(base, _source_word(served), ids[served][0])}
            churner = threading.Thread(target=_churn, args=(db, base, (gone, extra / gone[-1]), served, ids[gone],
                                                            ids[served], seconds / 3, churn))
            churner.start()
            with tempfile.TemporaryDirectory(dir=OUT) as tmp:
                stats = _locust(base, data, users, seconds, Path(tmp))
            churner.join()
            served, gone = gone, served
            runs.append({"src": src.name if src else "this checkout", "scale": scale, "users": users, "login": login,
                         "seconds": seconds, "think": think, "ready_s": ready_s, "warm_s": warm_s, "cli_s": cli_s,
                         "http_one_s": one_s, "http_again_s": again_s, "alone": alone, "stats": stats,
                         "churn": churn, "workers": workers, "warmup_s": warmup_s, "load_before": load_before,
                         "load_after": os.getloadavg(), "rss_mb": _tree_rss_mb(server.pid)})
            report(runs[-1])  # at once: a later load or the stop may fail
            sys.stdout.flush()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # busy reading a new version in a thread: the figures are kept
            server.kill()
            server.wait(timeout=30)
    started = time.perf_counter()  # again, on the store as the churn left it: what a restart costs
    server = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=src)
    try:
        report_restart(scale, *_wait_ready(base, started, limit_s=900, server=server))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)
        log.close()
    _cli(db, "sources", "remove", "serve-extra-b", check=False)  # the store as it was, for a re-run
    return runs


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
    """Seconds per request kind with no other load: a request not asked before (``<kind>`` : a search word,
    idea and project the load never asks, so that nothing is kept of it) and the same asked again
    (``<kind>_again``: the app may keep the answer). The scorecard and map have one answer per store
    version, which the warm-up asked already."""
    out = {}
    unseen = {**data, "words": ["kaupunkipyöräily"], "projects": [data["unseen_project"]],
              "texts": ["Uusi idea: kirjastojen ja koulujen yhteinen kesä"] * 2}
    for kind, path in _urls(unseen).items():
        out[kind] = _timed(lambda: _get(base + path, timeout=300))
        out[f"{kind}_again"] = _timed(lambda: _get(base + path, timeout=300))
    return out


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


#: The stats row of a kind locust never saw answered (every request still open when the load stopped).
_NONE = {"Request Count": "0", "Failure Count": "0", "50%": "nan", "95%": "nan", "Requests/s": "0"}


def _kinds(r: dict) -> list[str]:
    return [k for k in KINDS if k in r["alone"]]


def report(r: dict) -> None:
    """Print one run's figures and RESULT lines."""
    stats, churn = r["stats"], r["churn"]
    print(f"\nserve ({r['src']}) at {r['scale']} scale: ready {r['ready_s']:.1f} s after start (the version read "
          f"last, when one is kept), the store as it is now served with its indexes warm at {r['warm_s']:.1f} s")
    print(f"load: {r['users']} {'logged-in' if r.get('login') else 'anonymous'} users for {r['seconds']} s on {HOST}, "
          f"{'a pause of %.1f s on average between requests' % r['think'] if r['think'] else 'no pause between requests'}")
    print(f"{'kind':<14} {'requests':>9} {'failures':>9} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'target':>8} "
          f"{'new':>6} {'alone ms: new':>14} {'again':>6}")
    for kind in [*_kinds(r), "Aggregated"]:
        row = stats.get(kind) or _NONE
        target = TARGETS_MS.get(kind)
        alone, again = r["alone"].get(kind), r["alone"].get(f"{kind}_again")
        how = row.get("how", {})
        new = f"{how.get('new', 0) / sum(how.values()):.0%}" if "new" in how or "kept" in how else ""
        print(f"{kind:<14} {int(row['Request Count']):>9,} {int(row['Failure Count']):>9,} {row['50%']:>8} "
              f"{row['95%']:>8} {float(row['Requests/s']):>7.1f} {f'<={target}' if target else '':>8} {new:>6} "
              f"{f'{alone * 1000:.0f}' if alone is not None else '':>14} "
              f"{f'{again * 1000:.0f}' if again is not None else '':>6}")
    print("  (new: the share of the load's requests the app worked out rather than sent as kept; alone: one request "
          "with no load, never asked before, and the same again)")
    if any(kind not in stats for kind in _kinds(r)):
        print("  (a kind with no requests had none answered before the load stopped: every one took longer)")
    idea = stats.get("idea_text")
    idea_p50_s = float(idea["50%"]) / 1000 if idea else float("nan")
    print(f"my-idea baseline: CLI `related --text` {r['cli_s']:.2f} s per call; the app works out the same query in "
          f"{r['http_one_s'] * 1000:.0f} ms alone ({r['cli_s'] / r['http_one_s']:.0f}x), answers it again in "
          f"{r['http_again_s'] * 1000:.0f} ms, and in {idea_p50_s * 1000:.0f} ms at p50 under load "
          f"({r['cli_s'] / idea_p50_s:.0f}x)")
    added, removed = churn.get("added_s"), churn.get("removed_s")

    def _after(seconds):
        return "after %.1f s" % seconds if seconds is not None else f"NOT within {SEEN_LIMIT_S} s"

    print(f"churn during the load: ingest {churn.get('ingest_s', float('nan')):.1f} s (exit {churn.get('ingest_rc')}); "
          f"/search.json found its project {_after(added)} after the CLI exited; remove "
          f"{churn.get('remove_s', float('nan')):.1f} s (exit {churn.get('remove_rc')}), its project gone "
          f"{_after(removed)} (it was found before: {churn.get('found_before')})")
    for error in churn.get("errors", []):
        print(f"  churn error: {error}")

    total = stats["Aggregated"]
    failures = int(total["Failure Count"])
    name = f"serve_{r['scale']}" + (f"_think{r['think']:g}" if r["think"] else "")
    for kind in _kinds(r):
        row = stats.get(kind) or _NONE
        figures = {"requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                   "p50_ms": float(row["50%"]), "p95_ms": float(row["95%"]), "rps": float(row["Requests/s"])}
        if kind in TARGETS_MS:
            figures["target_ms"] = TARGETS_MS[kind]
            figures["ok"] = figures["requests"] > 0 and figures["p95_ms"] <= TARGETS_MS[kind]
        figures["new"] = row.get("how", {}).get("new", "not said")
        figures["alone_new_ms"] = r["alone"][kind] * 1000
        figures["alone_again_ms"] = r["alone"][f"{kind}_again"] * 1000
        print(result_line(f"{name}_{kind}", **figures))
    print(f"server: {r['workers']} worker(s), {r['rss_mb']:.0f} MB resident after the load (all processes); "
          f"warm-up {r['warmup_s']:.1f} s; load average {r['load_before'][0]:.1f} before, {r['load_after'][0]:.1f} "
          f"after ({os.cpu_count()} cores)")
    print(result_line(f"{name}_load", users=r["users"], seconds=r["seconds"], think_s=r["think"],
                      workers=r["workers"], requests=int(total["Request Count"]), failures=failures,
                      rps=float(total["Requests/s"]), rss_mb=r["rss_mb"], loadavg_before=r["load_before"][0],
                      loadavg_after=r["load_after"][0], ok=failures == 0))
    print(result_line(f"{name}_start", ready_s=r["ready_s"], warm_s=r["warm_s"],
                      target_s=10, ok=r["ready_s"] <= 10))
    print(result_line(f"{name}_idea_baseline", cli_s=r["cli_s"], http_s=r["http_one_s"],
                      ratio=r["cli_s"] / r["http_one_s"], load_p50_s=idea_p50_s, load_ratio=r["cli_s"] / idea_p50_s))
    print(result_line(f"{name}_churn", ingest_rc=churn.get("ingest_rc"), remove_rc=churn.get("remove_rc"),
                      added_s=added if added is not None else "never",
                      removed_s=removed if removed is not None else "never", found_before=churn.get("found_before"),
                      failures=failures,
                      ok=churn.get("ingest_rc") == 0 and churn.get("remove_rc") == 0 and added is not None
                      and removed is not None and bool(churn.get("found_before")) and failures == 0))


def report_restart(scale: str, ready_s: float, warm_s: float) -> None:
    """Print the figures of a restart on the store as the loads' churn left it."""
    print(f"\nrestart on the unchanged store: ready {ready_s:.1f} s, indexes warm at {warm_s:.1f} s")
    print(result_line(f"serve_{scale}_restart", ready_s=ready_s, warm_s=warm_s, target_s=10, ok=ready_s <= 10))


def compare(before: dict, after: dict) -> None:
    """Print the ratios of two runs of this invocation (the same load on the same machine)."""
    pause = f"a pause of {after['think']:g} s" if after["think"] else "no pause"
    print(f"\nbefore ({before['src']}) against after ({after['src']}), the same load ({pause}) in the same run:")
    print(f"{'kind':<14} {'p95 before':>11} {'p95 after':>10} {'ratio':>6} {'req/s before':>13} {'after':>7}")
    for kind in [*_kinds(after), "Aggregated"]:
        b, a = before["stats"].get(kind) or _NONE, after["stats"].get(kind) or _NONE
        ratio = float(b["95%"]) / float(a["95%"]) if float(a["95%"]) else float("nan")
        print(f"{kind:<14} {b['95%']:>11} {a['95%']:>10} {ratio:>5.1f}x {float(b['Requests/s']):>13.1f} "
              f"{float(a['Requests/s']):>7.1f}")
        name = f"serve_{after['scale']}" + (f"_think{after['think']:g}" if after["think"] else "")
        print(result_line(f"{name}_compare_{kind}", p95_before_ms=float(b["95%"]),
                          p95_after_ms=float(a["95%"]), p95_ratio=ratio, rps_before=float(b["Requests/s"]),
                          rps_after=float(a["Requests/s"]), think_s=after["think"]))


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
    parser.add_argument("--think", default="0",
                        help="mean seconds a user pauses between requests (0: none, the heaviest load); several, "
                             "comma-separated (0,2): one load after the other on the same server")
    parser.add_argument("--login", action="store_true",
                        help="logged-in readers (a session each) instead of a --public app, whose start pseudonymises "
                             "the whole store")
    parser.add_argument("--against", metavar="REF",
                        help="first run the same load against the app at git REF (before), then this checkout")
    args = parser.parse_args()
    if not 1 <= args.users <= 200 or not 5 <= args.seconds <= 600:
        sys.exit("--users must be 1..200 and --seconds 5..600 (the load is bounded)")
    if not 1 <= args.workers <= 8:
        sys.exit("--workers must be 1..8")
    kinds = tuple(k for k in args.kinds.split(",") if k)
    if not kinds or set(kinds) - set(KINDS):
        sys.exit(f"--kinds must name some of {', '.join(KINDS)}")
    try:
        thinks = tuple(float(t) for t in args.think.split(","))
    except ValueError:
        sys.exit(f"--think must be seconds, comma-separated: not {args.think!r}")
    if not thinks or not all(0 <= t <= 60 for t in thinks):
        sys.exit("--think must be 0..60 s")
    common = (args.scale, args.seed, args.users, args.seconds, thinks, args.workers, kinds, args.login)
    before = run(*common, src=_source_of(args.against)) if args.against else []
    after = run(*common, cli_s=before[0]["cli_s"] if before else None)
    for b, a in zip(before, after):
        compare(b, a)


if __name__ == "__main__":
    main()
