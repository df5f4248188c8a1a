"""Benchmark: a reviewer's decision in the review queue of `stratgraph serve`, on the real list.

On the real 2007-2013 list (19,940 projects) plus Helsinki's register, the POST of a decision took 5-9 s:
the app wrote it, then read the whole projection again. This serves a copy of the store with a real
``stratgraph serve`` child process on 127.0.0.1, logs a reviewer in (a session of the store's accounts),
waits for the queue and then, as a reviewer works through it, rejects ``--decisions`` pairs of each kind
(suggested links, organisation matches, possible duplicates) with a note, then accepts ``--decisions``
further matches, each undone (rejected again) after it is accepted. Per kind: the POST's median and the
queue after it (``/review.json`` until it answers 200: the page a reviewer sees next), in seconds; and,
after the rejections and again after the last match is accepted (before its undo), the first search and
*My idea* asked, until they answer 200 (the app kept its indexes, or builds them again: an accepted match
makes a new projection, whose search and related indexes are built when first asked).

``--against REF`` first runs the same decisions against the app at git REF (``git archive`` into
bench/out/, served with ``PYTHONPATH``) on its own copy of the same store, then against this checkout,
and prints the ratios: a before/after measured in the same run. The machine is shared: compare figures
within one run only.

The store: ``--db PATH`` (an existing store, e.g. the one the real-data recipe of
docs/walks/real-list-walk.md makes), else bench/out/decide-real.db, made once from the shared data
(``import-register`` of Helsinki's codes, ``ingest --mapping`` of the 2007-2013 list: a few minutes).

Usage: python bench/decide.py [--db PATH] [--decisions 5] [--against REF]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, ROOT, median, result_line, shared_data  # noqa: E402
from serve import HOST, _free_port, _source_of  # noqa: E402

KINDS = ("link", "match", "duplicate")
#: Pages a reader asks after the decisions (the first time: the search and related indexes kept or built).
READS = {"search after": "/search.json?q=digitalisaatio",
         "idea after": "/idea.json?text=" + urllib.parse.quote("Kiertotalous ja kestävä rakentaminen")}
COOKIE = "stratgraph"  # stratgraph.web.accounts.guard.cookie_names(False): plain http on 127.0.0.1


def _real_store() -> Path:
    """bench/out/decide-real.db: the real-data recipe, made once."""
    db = OUT / "decide-real.db"
    if db.exists():
        return db
    data, cli = shared_data(), [sys.executable, "-m", "stratgraph", "--db", str(db)]
    OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run([*cli, "import-register", str(data / "helsinki-organisations" / "organisaatiokoodit.csv")],
                   check=True, cwd=ROOT)
    subprocess.run([*cli, "ingest", "--mapping", str(ROOT / "examples" / "structural-funds" / "mapping.yaml"),
                    str(data / "fi-structural-funds-2007-2013" / "projektilista-2007-2013.csv.gz")],
                   check=True, cwd=ROOT)
    return db


def _copy(db: Path, label: str) -> Path:
    """A copy of ``db`` and its cache folder for one run (decisions write the store)."""
    copy = OUT / f"decide-{label}.db"
    for old in (copy, Path(f"{copy}.cache")):
        shutil.rmtree(old, ignore_errors=True)
    shutil.copytree(db, copy)
    if Path(f"{db}.cache").is_dir():
        shutil.copytree(f"{db}.cache", f"{copy}.cache")
    return copy


def _session(db: Path) -> dict[str, str]:
    """The headers of a new reviewer's session on ``db``."""
    from graph_model.accounts import Accounts

    accounts = Accounts(db)
    reviewer = accounts.add(f"bench-reviewer-{os.getpid()}", roles=["reviewer"])
    token, session = accounts.start_session(reviewer)
    return {"Cookie": f"{COOKIE}={token}", "X-CSRF-Token": session.csrf}


def _call(url: str, headers: dict, body: dict | None = None, timeout: float = 600) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={**headers, "Content-Type": "application/json"},
                                     method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text or b"{}")
        except ValueError:  # a page while the store is read, not JSON
            return error.code, {"text": text[:200].decode("utf-8", "replace")}
    except urllib.error.URLError:
        return 0, {}


def _timed(work) -> tuple[float, object]:
    started = time.perf_counter()
    out = work()
    return time.perf_counter() - started, out


def _queue(base: str, headers: dict) -> list[dict]:
    """The queue's rows once ``/review.json`` answers 200 (503 while it is worked out)."""
    return _answered(base + "/review.json", headers)["rows"]


def _answered(url: str, headers: dict, limit_s: float = 900) -> dict:
    """The JSON of ``url`` once it answers 200 (503 while an index is built)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        status, body = _call(url, headers)
        if status == 200:
            return body
        time.sleep(0.1)
    sys.exit(f"{url} did not answer within {limit_s:.0f} s")


def _decide(base: str, headers: dict, row: dict, verdict: str, note: str) -> tuple[float, float, list[dict]]:
    """(seconds of the POST, seconds of the queue after it, the queue's rows)."""
    post_s, (status, body) = _timed(lambda: _call(f"{base}/review/{row['kind']}", headers,
                                                  {"a": row["a"], "b": row["b"], "verdict": verdict, "note": note}))
    if status != 201:
        sys.exit(f"the decision on {row['id']} was refused ({status}): {body}")
    queue_s, rows = _timed(lambda: _queue(base, headers))
    return post_s, queue_s, rows


def _first_reads(base: str, headers: dict, reads: dict[str, str], out: dict) -> None:
    """The first reader of each of ``reads`` (indexes kept or built), seconds until it answers 200."""
    for kind, path in reads.items():
        out[kind]["post"].append(_timed(lambda: _answered(base + path, headers))[0])
        out[kind]["queue"].append(0.0)


def run(db: Path, decisions: int, label: str, src: Path | None = None) -> dict:
    """Serve a copy of ``db`` from ``src`` (None: this checkout) and decide; the figures by kind."""
    copy = _copy(db, label)
    headers = _session(copy)
    port = _free_port()
    base = f"http://{HOST}:{port}"
    env = {**os.environ, "PYTHONPATH": str(src)} if src else None  # before the editable install's finder
    argv = [sys.executable, "-m", "stratgraph", "serve", str(copy), "--host", HOST, "--port", str(port),
            "--insecure-cookies"]
    with (OUT / f"decide-{label}.log").open("w") as log:
        server = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=src or ROOT)
        try:
            start_s, rows = _timed(lambda: _queue(base, headers))
            after_accept = {f"{kind} accept": path for kind, path in READS.items()}
            out = {kind: {"post": [], "queue": []}
                   for kind in (*KINDS, *READS, "match accepted", "match undone", *after_accept)}
            for kind in KINDS:
                for n in range(decisions):
                    row = next((r for r in rows if r["kind"] == kind), None)
                    if row is None:
                        break
                    post_s, queue_s, rows = _decide(base, headers, row, "reject", f"bench: not the same ({n})")
                    out[kind]["post"].append(post_s)
                    out[kind]["queue"].append(queue_s)
            _first_reads(base, headers, READS, out)
            for n in range(decisions):  # a reviewer's accept, then its undo (the pair rejected again)
                row = next((r for r in rows if r["kind"] == "match"), None)
                if row is None:
                    break
                for kind, verdict in (("match accepted", "accept"), ("match undone", "reject")):
                    if verdict == "reject" and n == decisions - 1:  # the last accepted match is read first
                        _first_reads(base, headers, after_accept, out)
                    post_s, queue_s, rows = _decide(base, headers, row, verdict, f"bench: one and the same? ({n})")
                    out[kind]["post"].append(post_s)
                    out[kind]["queue"].append(queue_s)
        finally:
            server.terminate()
            server.wait(30)
    print(f"\n{label}: {src or 'this checkout'}; the queue first after {start_s:.1f} s")
    print(f"{'decision':<16} {'n':>3} {'POST median s':>14} {'max':>7} {'queue after s':>14}")
    for kind, figures in out.items():
        if figures["post"]:
            print(f"{kind:<16} {len(figures['post']):>3} {median(figures['post']):>14.3f} "
                  f"{max(figures['post']):>7.3f} {median(figures['queue']):>14.3f}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="the store to decide on (a copy is served); default: the real list")
    parser.add_argument("--decisions", type=int, default=5,
                        help="pairs rejected of each kind, and matches accepted (each then undone)")
    parser.add_argument("--against", metavar="REF", help="first decide with the app at git REF (before)")
    args = parser.parse_args()
    db = args.db or _real_store()
    OUT.mkdir(parents=True, exist_ok=True)
    before = run(db, args.decisions, "before", _source_of(args.against)) if args.against else None
    after = run(db, args.decisions, "after")
    for kind, figures in after.items():
        if not figures["post"]:
            continue
        name = "decide_" + kind.replace(" ", "_")
        line = {"post_s": median(figures["post"]), "queue_s": median(figures["queue"]), "n": len(figures["post"])}
        if before is not None and before[kind]["post"]:
            line["before_post_s"] = median(before[kind]["post"])
            line["ratio"] = line["before_post_s"] / line["post_s"]
        print(result_line(name, **line))


if __name__ == "__main__":
    main()
