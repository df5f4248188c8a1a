"""Draw the candidate pairs of the second fresh frozen set (``unseen2-pairs.csv``), without the matcher.

Issue 21, third round: the first fresh set (``unseen-pairs.csv``) was read for errors, so it became a
fit set. This draw takes names in no earlier labelled or drawn file (``pairs.csv``, ``hand-labels.csv``,
``labelled-pairs.csv``, ``second-judge.csv``, ``unseen-candidates.csv``) and pairs the list with itself
by time, both funds together, a pairing never used before:

- ``2011-2013 x 2007-2010``: implementer names of projects starting 2011 or later against the other
  names of projects starting before 2011 (a string never against itself). For a seeded sample of the
  first, the second's name with the highest plain rapidfuzz ``token_set_ratio`` (``token-set top``),
  for another sample the highest plain ``ratio`` (``ratio top``: whole-string edits, typos and
  look-alikes), and for a third a random name sharing a random word of four letters or more
  (``shared word``). Only rapidfuzz's own ``default_process`` folds case.

The output has no scores: pairs are shuffled and labelled blind by the rule in README.md ("Fresh frozen
set"), before anything scores them.

Usage: python bench/matching/draw_unseen2.py > bench/matching/unseen2-candidates.csv
"""

from __future__ import annotations

import csv
import gzip
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from drawing import list_path, seen_names, write_candidates  # noqa: E402

SEED = 2127
EARLIER = ("pairs.csv", "hand-labels.csv", "labelled-pairs.csv", "second-judge.csv", "unseen-candidates.csv")
DRAWS = (("token-set top", 150), ("ratio top", 40), ("shared word", 40))


def by_time() -> tuple[set[str], set[str]]:
    """Names of projects starting 2011 or later, and of projects starting before."""
    path = list_path()
    later, earlier = set(), set()
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            year = int(row["Aloituspvm"].rsplit(".", 1)[-1])
            (later if year >= 2011 else earlier).add(row["Toteuttajan nimi"].strip())
    return later, earlier


def main() -> None:
    from rapidfuzz import fuzz, process, utils

    rng = random.Random(SEED)
    seen = seen_names(EARLIER)
    later, earlier = by_time()
    left = sorted(n for n in later if n and n not in seen)
    right = sorted(n for n in earlier if n and n not in seen)
    right_folded = [utils.default_process(n) for n in right]
    pairs: list[tuple[str, str, str, str]] = []
    used: set[frozenset[str]] = set()
    queries = iter(rng.sample(left, 1000))
    index: dict[str, list[int]] = {}
    for k, folded in enumerate(right_folded):
        for word in set(folded.split()):
            if len(word) >= 4:
                index.setdefault(word, []).append(k)
    for drawn, wanted in DRAWS:
        got = 0
        while got < wanted:
            a = next(queries)
            if drawn == "shared word":
                words = sorted(w for w in set(utils.default_process(a).split()) if len(w) >= 4 and w in index)
                b = right[rng.choice(index[rng.choice(words)])] if words else None
            else:
                scorer = fuzz.token_set_ratio if drawn == "token-set top" else fuzz.ratio
                best = process.extract(utils.default_process(a), right_folded, scorer=scorer, limit=2)
                b = next((right[k] for _, _, k in best if right[k] != a), None)
            if b and a != b and frozenset((a, b)) not in used:
                used.add(frozenset((a, b)))
                pairs.append((a, b, "2011-2013 x 2007-2010", drawn))
                got += 1
    rng.shuffle(pairs)
    write_candidates(pairs)


if __name__ == "__main__":
    main()
