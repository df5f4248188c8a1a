"""Precision guard: the automatic matches a changed matcher adds on the whole 2007-2013 list, sampled to read.

A change to the matcher may raise recall on labelled pairs and still accept wrong pairs on a real list
(the refit of stop 26: 19 of 63 new automatic matches were wrong). This script matches the list's
distinct implementer names within itself, as ``stratgraph match`` would, and writes every automatic
pair (``auto``); ``compare`` takes two such files (the shipped matcher's and the changed one's) and
writes a seeded sample of the pairs only the changed one accepts (``new``) and of those it no longer
accepts (``dropped``), with an empty ``right`` column to fill by reading (1: the pair is one
organisation, by the labelling rule of README.md). A change ships only if >= 0.98 of its new automatic
matches are right.

With ``--register``, ``auto`` matches the Helsinki register's unit names (posts left out) against the
list's instead, the register's names read as units of the City of Helsinki where the checkout's matcher
takes known parents (:mod:`ingest.matchparents`; issue 21, tenth round): what a city meets matching its
register against a funding list.

With ``--review``, ``auto`` writes the review list instead (the pairs listed for review, not automatic:
issue 21, thirteenth round), to count how a change moves it on the whole list.

With ``--share S``, ``auto`` sets the model's look-alike share (:func:`ingest.matchscore._typo_share`; issue
21, eleventh round) before matching, to guard a setting before it ships.

Usage:
  python bench/matching/guard.py auto OUT.csv [--register] [--share S] [--review]   # with the matcher of this checkout
  python bench/matching/guard.py compare OLD.csv NEW.csv SAMPLE.csv [--n 80]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from _common import ROOT, shared_data  # noqa: E402

sys.path.insert(0, str(ROOT))  # the checkout's ingest package, not bench/ingest.py

SEED = 2130


def names() -> list[str]:
    path = shared_data() / "fi-structural-funds-2007-2013" / "projektilista-2007-2013.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return sorted({row["Toteuttajan nimi"].strip() for row in csv.DictReader(handle)} - {""})


def register_names() -> list[str]:
    """The Helsinki register's names, Finnish and Swedish, posts (types 10 and 12) and the city left out."""
    path = shared_data() / "helsinki-organisations" / "organisaatiokoodit.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["type"] not in ("10", "12", "13", "NULL")]
    return sorted({n.strip() for r in rows for n in (r["nameFIN"], r["nameSWE"]) if n and n.strip()})


def auto(out: Path, register: bool = False, share: float | None = None, review: bool = False) -> None:
    import inspect

    from ingest.matching import match_names
    from ingest.matchscore import load_model

    if share is not None:
        load_model().share = share

    listed = names()
    if register:
        units = register_names()
        known = "parents" in inspect.signature(match_names).parameters
        extra = {"parents": (["Helsingin kaupunki"] * len(units), [""] * len(listed))} if known else {}
        found = [c for c in match_names(units, listed, **extra) if c.auto != review]
        rows = [(units[c.a], listed[c.b], c.score, c.reason) for c in found]
    else:
        rows = [(*sorted((listed[c.a], listed[c.b])), c.score, c.reason) for c in match_names(listed) if c.auto != review]
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name_a", "name_b", "score", "reason"])
        writer.writerows(rows)
    print(f"{len(listed)} names, {len(rows)} {'review' if review else 'automatic'} pairs -> {out}")


def read(path: Path) -> dict[tuple[str, str], str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {(r["name_a"], r["name_b"]): r["score"] for r in csv.DictReader(handle)}


def compare(old: Path, new: Path, sample: Path, n: int) -> None:
    before, after = read(old), read(new)
    added = sorted(set(after) - set(before))
    dropped = sorted(set(before) - set(after))
    drawn = random.Random(SEED).sample(added, min(n, len(added)))
    gone = random.Random(SEED).sample(dropped, min(n, len(dropped)))
    with sample.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name_a", "name_b", "score", "change", "right"])
        writer.writerows([a, b, after[(a, b)], "new", ""] for a, b in drawn)
        writer.writerows([a, b, before[(a, b)], "dropped", ""] for a, b in gone)
    print(f"automatic pairs: {len(before)} before, {len(after)} after; {len(added)} new, {len(dropped)} no "
          f"longer automatic; {len(drawn)} new and {len(gone)} dropped ones sampled -> {sample}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("auto")
    one.add_argument("out", type=Path)
    one.add_argument("--register", action="store_true", help="The Helsinki register's names against the list.")
    one.add_argument("--share", type=float, help="The model's look-alike share (default: as shipped).")
    one.add_argument("--review", action="store_true", help="Write the review list instead of the automatic pairs.")
    two = sub.add_parser("compare")
    two.add_argument("old", type=Path)
    two.add_argument("new", type=Path)
    two.add_argument("sample", type=Path)
    two.add_argument("--n", type=int, default=80)
    args = parser.parse_args()
    if args.command == "auto":
        auto(args.out, args.register, args.share, args.review)
    else:
        compare(args.old, args.new, args.sample, args.n)


if __name__ == "__main__":
    main()
