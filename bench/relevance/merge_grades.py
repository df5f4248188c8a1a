"""Add grades typed per query (``CODE: 2100 ...`` in the order of a pool file) to judgements.csv.

Run: python bench/relevance/merge_grades.py POOL.csv GRADES.txt [JUDGEMENTS.csv]
(the third argument: another judgements file, such as judgements_fresh.csv of bench/relevance_fresh.py)
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

JUDGEMENTS = Path(__file__).resolve().parent / "judgements.csv"
FIELDS = ["query", "candidate", "query_title", "candidate_title", "grade"]


def main(pool: Path, grades: Path, target: Path = JUDGEMENTS) -> None:
    by_query: dict[str, list[dict]] = defaultdict(list)
    with pool.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_query[row["query"]].append(row)
    rows = []
    if target.exists():
        with target.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    problems = []
    for line in grades.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        query, digits = line.split(":", 1)
        digits = "".join(digits.split())
        pairs = by_query.get(query.strip(), [])
        if len(digits) != len(pairs):
            problems.append(f"{query}: {len(digits)} grades for {len(pairs)} pairs")
            continue
        for pair, grade in zip(pairs, digits):
            rows.append({**pair, "grade": grade})
    if problems:
        sys.exit("\n".join(problems))
    rows.sort(key=lambda r: (r["query"], r["candidate"]))
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} judgements in {target}")


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:4]))
