"""Where recall is lost on the real fresh parts: every true pair the matcher does not accept, and why.

Issue 21, eighth round. For each fresh part read for errors (``unseen`` .. ``unseen6``, real pairs drawn
without the matcher), every true pair not accepted automatically is scored as ``bench/matching.py`` scores
it (the part's names as the corpus), and sorted by where it lands (``review``: on the review list;
``below``: under the review threshold; ``never``: never proposed by the blocking) and by the feature that
pulls it down most (the most negative term of :meth:`ingest.matchscore.Model.explain`; ``words`` when no
term is negative: too few words shared). Prints the table of causes and writes every pair with its score
and terms to ``OUT`` (``--out``), so the table can be read back to the names.

Usage: python bench/matching/losses.py [--out /tmp/losses.csv] [--parts unseen,unseen2,...]
"""

from __future__ import annotations

import argparse
import collections
import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from _common import ROOT, result_line  # noqa: E402

sys.path.insert(0, str(ROOT))  # the checkout's ingest package, not bench/ingest.py

PARTS = ("unseen", "unseen2", "unseen3", "unseen4", "unseen5", "unseen6")
TERM = re.compile(r"(\w+)=([\d.]+) \(([+-][\d.]+)\)")


def cause(explanation: str) -> str:
    """The feature whose term lowers the log-odds most, or ``words`` when none lowers it.

    >>> cause("words=0.62 (+3.81), rare_only=0.90 (-3.07), lookalike=0.10 (-1.24)")
    'rare_only'
    >>> cause("words=0.40 (+2.46)")
    'words'
    """
    terms = [(float(effect), name) for name, _, effect in TERM.findall(explanation)]
    negative = [t for t in terms if t[0] < 0]
    return min(negative)[1] if negative else "words"


def losses(parts: tuple[str, ...]) -> list[dict]:
    """Every true pair of ``parts`` not accepted automatically, with its part, score, band and cause."""
    from ingest.matcheval import best_scores
    from ingest.matching import REVIEW_FROM

    out = []
    for part in parts:
        with (HERE / f"{part}-pairs.csv").open(encoding="utf-8", newline="") as handle:
            pairs = [(r["name_a"], r["name_b"], r["same"] == "1") for r in csv.DictReader(handle)]
        for (a, b, same), best in zip(pairs, best_scores(pairs)):
            if not same or (best and best.auto):
                continue
            band = "never" if best is None else "review" if best.score >= REVIEW_FROM else "below"
            out.append({"part": part, "name_a": a, "name_b": b, "score": best.score if best else "",
                        "band": band, "cause": cause(best.explanation) if best else "blocking",
                        "terms": best.explanation if best else ""})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/matching-losses.csv"))
    parser.add_argument("--parts", default=",".join(PARTS))
    args = parser.parse_args()
    found = losses(tuple(args.parts.split(",")))
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(found[0]) if found else ["part"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(found)
    table = collections.Counter((f["cause"], f["band"]) for f in found)
    print(f"{len(found)} true pairs not accepted automatically -> {args.out}")
    print(f"{'cause':16} {'review':>7} {'below':>7} {'never':>7} {'all':>7}")
    for name in sorted({c for c, _ in table}, key=lambda c: -sum(n for (k, _), n in table.items() if k == c)):
        row = [table[(name, band)] for band in ("review", "below", "never")]
        print(f"{name:16} {row[0]:7} {row[1]:7} {row[2]:7} {sum(row):7}")
        print(result_line("matching_loss", cause=name, review=row[0], below=row[1], never=row[2]))


if __name__ == "__main__":
    main()
