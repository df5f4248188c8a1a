"""Benchmark: `stratgraph ingest` of synthetic input against Oxigraph's raw bulk load of the same triples.

For each scale, synthetic CSV input is written once (cached in bench/out/), then in the same run:
- ours: `stratgraph ingest DIR` into a new store (reading, every check, SHACL rules, provenance, swap);
- baseline: the same triples exported as N-Triples, bulk-loaded by pyoxigraph into a new store.
Each in its own process, so peak RSS is that process's. Prints triples/s, peak RSS and the ratio
ours/baseline (target >= 0.5; nation under 3 GB RSS).

Usage: python bench/ingest.py [--scales region,nation] [--repeat 1] [--seed 1]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, ROOT, against_reference, measure, median, python_child, result_line  # noqa: E402


def synth_input(scale: str, seed: int) -> Path:
    folder = OUT / f"synth-{scale}-{seed}"
    if not (folder / "projects.csv").exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "stratgraph", "synth", "--scale", scale, "--seed", str(seed),
                        str(folder)], check=True, cwd=ROOT)
    return folder


def run_scale(scale: str, seed: int, repeat: int) -> dict:
    folder = synth_input(scale, seed)
    ours, ours_rss, base, base_rss = [], [], [], []
    triples = 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(dir=OUT) as tmp:
            db = Path(tmp) / "ours.db"
            seconds, rss, _ = measure(python_child("stratgraph", "--db", str(db), "ingest", str(folder), "-q",
                                                   "--format", "json"))
            ours.append(seconds)
            ours_rss.append(rss)
            nt = Path(tmp) / "same.nt"
            subprocess.run([sys.executable, "-m", "stratgraph", "--db", str(db), "export", "--format", "ntriples",
                            "-o", str(nt)], check=True, capture_output=True)
            seconds, rss, out = measure(python_child(str(ROOT / "bench" / "_bulk_load.py"),
                                                     str(Path(tmp) / "raw.db"), str(nt)))
            triples = int(out.strip().splitlines()[-1])
            base.append(seconds)
            base_rss.append(rss)
    ours_tps, base_tps = triples / median(ours), triples / median(base)
    return {"scale": scale, "triples": triples, "ours_s": median(ours), "ours_tps": ours_tps,
            "ours_rss_mb": max(ours_rss), "raw_s": median(base), "raw_tps": base_tps,
            "raw_rss_mb": max(base_rss), "ratio": ours_tps / base_tps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="region,nation")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"{'scale':<8} {'triples':>10} {'ingest s':>9} {'triples/s':>10} {'RSS MB':>7} | "
          f"{'raw s':>7} {'triples/s':>10} {'RSS MB':>7} | ratio")
    for scale in args.scales.split(","):
        r = run_scale(scale, args.seed, args.repeat)
        print(f"{r['scale']:<8} {r['triples']:>10,} {r['ours_s']:>9.1f} {r['ours_tps']:>10,.0f} "
              f"{r['ours_rss_mb']:>7.0f} | {r['raw_s']:>7.1f} {r['raw_tps']:>10,.0f} {r['raw_rss_mb']:>7.0f} | "
              f"{r['ratio']:.2f}", flush=True)
        print(result_line(f"ingest_{scale}", **{k: v for k, v in r.items() if k != "scale"}), flush=True)
        if scale == "region":
            print(against_reference("ingest_region", r["ratio"]), flush=True)


if __name__ == "__main__":
    main()
