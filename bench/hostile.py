"""Peak memory and time of `stratgraph ingest` on hostile files (issue 23): each must be refused within
10 s and 500 MB, with a message that quotes at most a few hundred characters of the input.

The files are made here (nothing big is committed): a CSV with one 50 MB cell, a CSV with one 50 MB
line, a workbook with one 50 MB cell, a workbook whose sheet unpacks to 300 MB at a compression ratio
of about 7 (under the zip-bomb ratio), and the 300 MB zip bomb of the hostile corpus. The baseline,
measured in the same run, is the ingest of the bundled example (a file that is accepted).

Usage::

    python bench/hostile.py            # every file
    python bench/hostile.py --keep     # keep the files in bench/out/hostile

Prints one ``RESULT name=hostile_rss file=... refused=... seconds=... peak_rss_mb=... stderr_chars=...``
line per file and ``RESULT name=hostile_rss_target ...`` with the worst figures.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import OUT, ROOT  # noqa: E402
from tests.hostile_corpus import workbook_with_sheet, xlsx_zip_bomb  # noqa: E402

TARGET_MB, TARGET_S = 500, 10


def csv_big_cell(folder: Path) -> Path:
    path = folder / "cell" / "sectors.csv"
    path.parent.mkdir()
    path.write_bytes(b'id;label_fi\nSEC-A;"' + b"x" * 50_000_000 + b'"\n')
    return path.parent


def csv_big_line(folder: Path) -> Path:
    path = folder / "line" / "sectors.csv"
    path.parent.mkdir()
    path.write_bytes(b"id;label_fi\nSEC-A;" + b"y;" * 25_000_000 + b"\n")
    return path.parent


def xlsx_big_cell(folder: Path) -> Path:
    def rows(stream):
        stream.write(b'<row r="2"><c r="A2" t="inlineStr"><is><t>')
        for _ in range(50):
            stream.write(bytes(random.Random(1).choices(b"abcdefghijklmnopqrstuvwxyz", k=1_000_000)))
        stream.write(b"</t></is></c></row>")
    return workbook_with_sheet(folder / "cell.xlsx", rows)


def xlsx_300mb_ratio_7(folder: Path) -> Path:
    rng = random.Random(7)
    words = [bytes(rng.choices(b"abcdefghijklmnopqrstuvwxyz", k=rng.randint(3, 9))) for _ in range(50_000)]

    texts = [b" ".join(rng.choices(words, k=6)) for _ in range(4096)]

    def rows(stream):
        written, n = 0, 2
        while written < 300 * 2**20:
            block = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>SEC-%d</t></is></c>'
                             b'<c r="B%d" t="inlineStr"><is><t>%s</t></is></c></row>'
                             % (k, k, k, k, texts[k % 4096]) for k in range(n, n + 4096))
            stream.write(block)
            written += len(block)
            n += 4096
    return workbook_with_sheet(folder / "ratio7.xlsx", rows)


def zip_bomb(folder: Path) -> Path:
    return xlsx_zip_bomb(folder, 300)


FILES = {"csv_50mb_cell": csv_big_cell, "csv_50mb_line": csv_big_line, "xlsx_50mb_cell": xlsx_big_cell,
         "xlsx_300mb_ratio_7": xlsx_300mb_ratio_7, "xlsx_zip_bomb": zip_bomb}


def run(path: Path, db: Path) -> tuple[int, float, float, int]:
    """Ingest ``path`` into ``db`` in a child; (exit code, seconds, peak RSS MB, stderr characters)."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "stratgraph", "--db", str(db), "ingest", str(path), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, time.perf_counter() - started, usage.ru_maxrss / 1024, len(err)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the generated files in bench/out/hostile")
    args = parser.parse_args()
    folder = OUT / "hostile" if args.keep else Path(tempfile.mkdtemp(prefix="hostile-"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    from examples import EXAMPLE_DIR

    code, base_s, rss, _ = run(EXAMPLE_DIR, folder / "baseline.db")
    seconds = base_s
    print(f"baseline: the example accepted (exit {code}) in {seconds:.2f} s, peak {rss:.0f} MB")
    print(f"RESULT name=hostile_rss_baseline seconds={seconds:.2f} peak_rss_mb={rss:.0f}")
    worst_mb = worst_s = 0.0
    all_refused = True
    for name, make in FILES.items():
        path = make(folder)
        code, seconds, rss, err_chars = run(path, folder / f"{name}.db")
        refused = code == 1
        all_refused &= refused
        worst_mb, worst_s = max(worst_mb, rss), max(worst_s, seconds)
        print(f"{name:>20}: exit {code}, {seconds:6.2f} s, peak {rss:6.0f} MB, "
              f"{err_chars:,} characters of message")
        print(f"RESULT name=hostile_rss file={name} refused={refused} seconds={seconds:.2f} "
              f"ratio_to_baseline={seconds / base_s:.2f} peak_rss_mb={rss:.0f} stderr_chars={err_chars}")
        leftovers = [p.name for p in (folder / f"{name}.db").glob("*") if p.name.startswith((".staging", "tmp", "bulk"))]
        if leftovers:
            print(f"  leftovers: {leftovers}")
            all_refused = False
    met = all_refused and worst_mb <= TARGET_MB and worst_s <= TARGET_S
    print(f"RESULT name=hostile_rss_target worst_peak_rss_mb={worst_mb:.0f} limit_mb={TARGET_MB} "
          f"worst_seconds={worst_s:.2f} limit_s={TARGET_S} all_refused={all_refused} met={met}")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
