"""Draw the candidate pairs of the ninth fresh frozen set (``unseen9-pairs.csv``), without the matcher.

Issue 21, tenth round: unseen8 was scored and its errors read, so it became fitted data. As in unseen8,
the Helsinki register's unit names (``helsinki-organisations``, Finnish and Swedish) are set against the
2007-2013 list, the way a city matches its own register against a funding list, beside the list's own
pairs. Only rapidfuzz's scorers on ``default_process``-folded names pick a partner, never the matcher:

- ``register``: a Helsinki register name in no earlier file (posts, types 10 and 12, left out) against its
  nearest name of the 2007-2013 list at ``token_set_ratio`` 70-100 (the same unit written with its city,
  another city's unit of that name, or another body; unseen8 took every unused register name reaching 80);
- ``register-city``: a register name in no earlier file against its nearest name among the list's names
  of the City of Helsinki (``Helsingin kaupunki``, ``Helsingin kaupungin ...``, ``Helsingfors stad``) at
  ``token_set_ratio`` 55-100: the pairs where a register unit meets its own city's spelling;
- ``close``, ``nearest``, ``case``: the list's own draws, as in unseen8 (``drawing.ListDraws``: pairs at
  85-100 whose folded names differ, an unused name against its nearest at 78-100, names equal once folded).

The output has no scores: pairs are shuffled and labelled blind by the rule in README.md ("Ninth fresh
frozen set"), before anything scores them.

Usage: python bench/matching/draw_unseen9.py > bench/matching/unseen9-candidates.csv
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from draw_unseen8 import EARLIER as EARLIER8, REGISTER, register_names  # noqa: E402
from drawing import LIST, ListDraws, write_candidates  # noqa: E402

SEED = 2138
EARLIER = EARLIER8 + ("unseen8-candidates.csv", "guard-candidate8.csv")
DRAWS = {"register": 70, "register-city": 25, "close": 100, "nearest": 60, "case": 45}
#: the lowest ``token_set_ratio`` of a register draw: unseen8 took every unused register name reaching 80
#: (185 register names are left, none of them reaches 80 against the list)
LOW = {"register": 70, "register-city": 55}
#: how the list writes the City of Helsinki at the start of a name (folded)
CITY = ("helsingin kaupunki", "helsingin kaupungin", "helsingfors stad")


def main() -> None:
    from rapidfuzz import fuzz, process, utils

    draws = ListDraws(random.Random(SEED), EARLIER)
    register = [n for n in register_names() if n not in draws.seen_names]
    city = {i: f for i, f in enumerate(draws.folded) if f.startswith(CITY)}
    for kind, among in (("register", dict(enumerate(draws.folded))), ("register-city", city)):
        got = 0
        for name in draws.rng.sample(register, len(register)):
            if got >= DRAWS[kind]:
                break
            found = process.extractOne(utils.default_process(name), among, scorer=fuzz.token_set_ratio,
                                       score_cutoff=LOW[kind])
            if found and draws.take(name, draws.everyone[found[2]], f"{REGISTER} x {LIST}", kind):
                got += 1
    draws.close(DRAWS["close"])
    draws.nearest(DRAWS["nearest"])
    draws.case(DRAWS["case"])
    draws.rng.shuffle(draws.pairs)
    write_candidates(draws.pairs)


if __name__ == "__main__":
    main()
