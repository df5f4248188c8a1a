"""Benchmark: organisation-name matching, quality on labelled real pairs and speed on 20,000 x 20,000 names.

1. Quality: every pair of ``bench/matching/labelled-pairs.csv`` (real implementer names of the
   structural-funds list, labelled by reading; see the README beside it) goes through
   :func:`ingest.matching.match_names`; precision and recall of the matches it accepts without review
   (``auto``), and recall of the review list (score >= REVIEW_FROM). Target: precision >= 0.98 at
   recall >= 0.90 for the automatic ones.
2. Speed: the implementer names of 20,000 rows against those of 20,000 other rows (the list read
   backwards, half of them upper-cased, as another export might spell them), with blocking. Baseline in
   the same run: all pairs of a 2,000 x 2,000 sample scored by rapidfuzz's cdist (C, all cores),
   scaled to 20,000 x 20,000. Target: <= 30 s.

Usage: python bench/matching.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, median, result_line, shared_data  # noqa: E402

sys.path.insert(0, str(ROOT))
from ingest.matching import REVIEW_FROM, match_key, match_names  # noqa: E402

LABELLED = ROOT / "bench" / "matching" / "labelled-pairs.csv"


def quality() -> dict:
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        pairs = list(csv.DictReader(handle))
    tp = fp = fn = review_tp = 0
    for pair in pairs:
        found = match_names([pair["name_a"]], [pair["name_b"]], min_score=REVIEW_FROM)
        auto = bool(found) and found[0].auto
        same = pair["same"] == "1"
        tp += auto and same
        fp += auto and not same
        fn += same and not auto
        review_tp += same and bool(found)
        if auto != same and "-v" in sys.argv:
            print(f"  {'FP' if auto else 'FN'} {found[0].score if found else '-':>5} {pair['name_a']} | {pair['name_b']}")
    positives = sum(p["same"] == "1" for p in pairs)
    return {"pairs": len(pairs), "positives": positives, "precision": tp / max(tp + fp, 1),
            "recall": tp / max(positives, 1), "review_recall": review_tp / max(positives, 1)}


def speed(repeat: int) -> dict:
    path = shared_data() / "fi-structural-funds-2007-2013" / "projektilista-2007-2013.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        names = [row["Toteuttajan nimi"] for row in csv.DictReader(handle)]
    left = (names * 2)[:20_000]
    right = [n.upper() if i % 2 else n for i, n in enumerate(reversed((names * 2)[:20_000]))]
    times, found = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        found = len(match_names(left, right))
        times.append(time.perf_counter() - started)
    from rapidfuzz import fuzz, process

    sample_l, sample_r = [match_key(n) for n in left[:2000]], [match_key(n) for n in right[:2000]]
    started = time.perf_counter()
    process.cdist(sample_l, sample_r, scorer=fuzz.token_sort_ratio, workers=-1)
    all_pairs = (time.perf_counter() - started) * 100  # 100x the pairs
    return {"seconds": median(times), "candidates": found, "all_pairs_estimate_s": all_pairs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("-v", action="store_true", help="List the labelled pairs it gets wrong.")
    args = parser.parse_args()
    q = quality()
    print(f"labelled set: {q['pairs']} pairs, {q['positives']} the same organisation")
    print(f"automatic matches: precision {q['precision']:.3f}, recall {q['recall']:.3f} "
          f"(target precision >= 0.98 at recall >= 0.90); review list recall {q['review_recall']:.3f}")
    print(result_line("matching_quality", pairs=q["pairs"], precision=q["precision"], recall=q["recall"],
                      review_recall=q["review_recall"]))
    s = speed(args.repeat)
    print(f"20,000 x 20,000 names with blocking: median {s['seconds']:.1f} s over {args.repeat}, "
          f"{s['candidates']:,} candidates; all pairs by rapidfuzz cdist would take ~{s['all_pairs_estimate_s']:.0f} s")
    print(result_line("matching_speed", names=20000, seconds=s["seconds"], candidates=s["candidates"],
                      all_pairs_s=s["all_pairs_estimate_s"], speedup=s["all_pairs_estimate_s"] / s["seconds"],
                      target_s=30))


if __name__ == "__main__":
    main()
