"""Draw the candidate pairs of the eleventh fresh frozen set (``unseen11-pairs.csv``), without the matcher.

Issue 21, fifteenth round: unseen10 was scored and read, and the fourteenth round's ``_firm_word_added``
(a word added inside a firm's name before its legal form) has never met a fresh set. The automatic target
held on unseen10; the review list (0.13) is the open one, and unseen10's ``case`` draw was 43 of 43 the same
and easy. So this draw leans to pairs that are hard to tell apart and drops most of ``case``. Only
rapidfuzz's ``token_set_ratio`` on ``default_process``-folded names and plain string operations pick a pair,
never the matcher:

- ``subset``: unseen10's draw (words on one side only, the smaller keeping a word that is no legal form),
  all that is left (7 pairs);
- ``formless`` (new): the same once legal forms are set aside on both sides, where the words with their
  forms are no subset of each other (``X Group Oy`` / ``X Oyj``, ``X ry`` / ``X Y Oy``): a word added and
  the form changed (all 29 there are);
- ``close``: pairs at 85-100 whose folded names differ (more than unseen10: 135 against 80);
- ``nearest``: an unused name against its nearest at 78-100 (40 against 55);
- ``case``: names equal once folded (15 against 45: a check that nothing easy broke, not a recall figure).

Earlier files (names in them are used, their pairs never drawn again): unseen10's, ``unseen10-candidates.csv``,
``unseen10-pairs.csv``, ``guard-candidate14.csv``.

The output has no scores: pairs are shuffled and labelled blind by the rule in README.md ("Eleventh fresh
frozen set"), before anything scores them.

Usage: python bench/matching/draw_unseen11.py > bench/matching/unseen11-candidates.csv
       python bench/matching/draw_unseen11.py --count   (how many pairs each draw could take, on stderr)
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from draw_unseen10 import EARLIER as EARLIER10, nearest_takers  # noqa: E402
from drawing import FORMS, ListDraws, write_candidates  # noqa: E402

SEED = 2141
EARLIER = EARLIER10 + ("unseen10-candidates.csv", "unseen10-pairs.csv", "guard-candidate14.csv")
DRAWS = {"subset": 40, "formless": 40, "close": 135, "nearest": 40, "case": 15}


def formless(draws: ListDraws, wanted: int) -> None:
    """``formless``: an unused name against a name whose folded words, legal forms set aside, are a proper
    subset or superset of its own (the smaller keeping a word), the words with their forms not
    (``Polartherm Group Oy`` / ``Polartherm Oyj``)."""
    words = [frozenset(f.split()) for f in draws.folded]
    bare = [w - FORMS for w in words]
    seen_in: dict[str, int] = {}
    index: dict[str, list[int]] = {}
    for j, ws in enumerate(bare):
        for w in ws:
            seen_in[w] = seen_in.get(w, 0) + 1
            index.setdefault(w, []).append(j)
    unused = set(draws.unused)
    found = set()
    for k, small in enumerate(bare):
        if not small:
            continue
        for m in index[min(sorted(small), key=seen_in.get)]:
            if (k in unused or m in unused) and small < bare[m] and not words[k] <= words[m]:
                found.add(tuple(sorted((draws.everyone[k], draws.everyone[m]))))
    draws._sample("formless", found, wanted)


def main(count: bool = False) -> None:
    draws = ListDraws(random.Random(SEED), EARLIER)
    draws.subset(DRAWS["subset"])
    formless(draws, DRAWS["formless"])
    draws.close(DRAWS["close"])
    draws.nearest(DRAWS["nearest"])
    draws.case(DRAWS["case"])
    print(f"available {draws.available}", file=sys.stderr)
    if count:
        print(f"names {len(draws.everyone)} unused {len(draws.unused)} available {draws.available} "
              f"nearest takers {nearest_takers(draws)}", file=sys.stderr)
        return
    draws.rng.shuffle(draws.pairs)
    write_candidates(draws.pairs)


if __name__ == "__main__":
    main("--count" in sys.argv[1:])
