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

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from draw_unseen10 import EARLIER as EARLIER10  # noqa: E402
from drawing import run_list_draws  # noqa: E402

SEED = 2141
EARLIER = EARLIER10 + ("unseen10-candidates.csv", "unseen10-pairs.csv", "guard-candidate14.csv")
DRAWS = {"subset": 40, "formless": 40, "close": 135, "nearest": 40, "case": 15}


def main(count: bool = False) -> None:
    run_list_draws(SEED, EARLIER, DRAWS, count)


if __name__ == "__main__":
    main("--count" in sys.argv[1:])
