"""Draw the candidate pairs of the eighth fresh frozen set (``unseen8-pairs.csv``), without the matcher.

Issue 21, ninth round: unseen7 was scored and its errors read, so it became fitted data. The eighth round
found the 2007-2013 list nearly out of unused pairs of one organisation, so this draw adds a second real
source: the Helsinki register's unit names (``helsinki-organisations``, Finnish and Swedish) set against the
2007-2013 list, the way a city matches its own register against a funding list. Only rapidfuzz's scorers
on ``default_process``-folded names pick a partner, never the matcher:

- ``register``: a Helsinki register name (Finnish or Swedish; posts, types 10 and 12, left out) against its
  nearest name of the 2007-2013 list at ``token_set_ratio`` 80-100 (the same unit written with its city,
  another city's unit of that name, or another body);
- ``close``: pairs of the 2007-2013 list at ``token_set_ratio`` 85-100 once folded whose folded names differ,
  at least one name in no earlier file and the pair in none (sampled);
- ``nearest``: an unused name of the list against its nearest other name at ``token_set_ratio`` 78-100;
- ``case``: random pairs of the list whose names are equal once folded (case, spacing, punctuation only),
  at least one name unused.

The output has no scores: pairs are shuffled and labelled blind by the rule in README.md ("Eighth fresh
frozen set"), before anything scores them.

Usage: python bench/matching/draw_unseen8.py > bench/matching/unseen8-candidates.csv
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from _common import shared_data  # noqa: E402
from draw_unseen7 import EARLIER as EARLIER7  # noqa: E402
from drawing import LIST, ListDraws, write_candidates  # noqa: E402

SEED = 2137
EARLIER = EARLIER7 + ("unseen7-candidates.csv", "guard-candidate7.csv", "guard-candidate7-refit.csv")
DRAWS = {"register": 70, "close": 110, "nearest": 50, "case": 35}
REGISTER = "helsinki-organisations"


def register_names() -> list[str]:
    path = shared_data() / REGISTER / "organisaatiokoodit.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["type"] not in ("10", "12", "type", "NULL")]
    return sorted({n.strip() for r in rows for n in (r["nameFIN"], r["nameSWE"]) if n and n.strip()})


def main() -> None:
    from rapidfuzz import fuzz, process, utils

    draws = ListDraws(random.Random(SEED), EARLIER)
    register = register_names()
    got = 0
    for name in draws.rng.sample(register, len(register)):
        if got >= DRAWS["register"]:
            break
        found = process.extractOne(utils.default_process(name), draws.folded, scorer=fuzz.token_set_ratio,
                                   score_cutoff=80)
        if found and draws.take(name, draws.everyone[found[2]], f"{REGISTER} x {LIST}", "register"):
            got += 1
    draws.close(DRAWS["close"])
    draws.nearest(DRAWS["nearest"])
    draws.case(DRAWS["case"])
    draws.rng.shuffle(draws.pairs)
    write_candidates(draws.pairs)


if __name__ == "__main__":
    main()
