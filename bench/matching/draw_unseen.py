"""Draw the candidate pairs of the fresh frozen set (``unseen-pairs.csv``), without the matcher.

Names never in any earlier labelled pair (``pairs.csv``, ``hand-labels.csv``, ``labelled-pairs.csv``):

- ``esf-erdf``: implementer names of the ESF (``ESR``) projects of the 2007-2013 list against those of
  the ERDF (``EAKR``) projects. For a seeded sample of ESF names, the ERDF name with the highest plain
  rapidfuzz ``token_set_ratio`` (case folded by rapidfuzz's ``default_process``, nothing of ours), and
  for another sample a random ERDF name sharing a random word of four letters or more with it.
- ``helsinki-x-funds``: structural-funds implementers naming Helsinki against the Helsinki register
  (``nameFIN``), top token-set candidate: two sources never paired before.

The CORDIS folder has no organisation names (only PIC codes), so it could not be used.

The output has no scores: pairs are shuffled and labelled blind (see README.md, "Fresh frozen set").

Usage: python bench/matching/draw_unseen.py > bench/matching/unseen-candidates.csv
"""

from __future__ import annotations

import csv
import gzip
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from _common import shared_data  # noqa: E402
from drawing import list_path, seen_names, write_candidates  # noqa: E402

SEED = 2126
EARLIER = ("pairs.csv", "hand-labels.csv", "labelled-pairs.csv", "second-judge.csv")


def by_fund() -> dict[str, set[str]]:
    path = list_path()
    funds: dict[str, set[str]] = {"ESR": set(), "EAKR": set()}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            funds[row["Rahasto"]].add(row["Toteuttajan nimi"].strip())
    return funds


def main() -> None:
    from rapidfuzz import fuzz, process, utils

    rng = random.Random(SEED)
    seen = seen_names(EARLIER)
    funds = by_fund()
    esf = sorted(n for n in funds["ESR"] if n and n not in seen)
    erdf = sorted(n for n in funds["EAKR"] if n and n not in seen)
    erdf_folded = [utils.default_process(n) for n in erdf]
    pairs: list[tuple[str, str, str, str]] = []
    used: set[frozenset[str]] = set()

    def add(a: str, b: str, source: str, drawn: str) -> None:
        key = frozenset((a, b))
        if a != b and key not in used:
            used.add(key)
            pairs.append((a, b, source, drawn))

    queries = rng.sample(esf, 400)
    for a in queries[:160]:
        best = process.extract(utils.default_process(a), erdf_folded, scorer=fuzz.token_set_ratio, limit=2)
        b = next((erdf[k] for _, _, k in best if erdf[k] != a), None)
        if b:
            add(a, b, "esf-erdf", "token-set top")
    index: dict[str, list[int]] = {}
    for k, folded in enumerate(erdf_folded):
        for word in set(folded.split()):
            if len(word) >= 4:
                index.setdefault(word, []).append(k)
    for a in queries[160:]:
        words = sorted(w for w in set(utils.default_process(a).split()) if len(w) >= 4 and w in index)
        if words and len([p for p in pairs if p[3] == "shared word"]) < 60:
            add(a, erdf[rng.choice(index[rng.choice(words)])], "esf-erdf", "shared word")
    with (shared_data() / "helsinki-organisations" / "organisaatiokoodit.csv").open(encoding="utf-8") as handle:
        register = sorted({r["nameFIN"].strip() for r in csv.DictReader(handle) if r["type"] not in ("10", "12")})
    folded_register = [utils.default_process(n) for n in register]
    helsinki = sorted(n for n in funds["ESR"] | funds["EAKR"] if "helsin" in n.casefold() and n not in seen)
    for a in helsinki:
        (_, score, k), = process.extract(utils.default_process(a), folded_register, scorer=fuzz.token_set_ratio,
                                         limit=1)
        if score >= 60:
            add(a, register[k], "helsinki-x-funds", "token-set top")
    rng.shuffle(pairs)
    write_candidates(pairs)


if __name__ == "__main__":
    main()
