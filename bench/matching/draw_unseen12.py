"""Draw the candidate pairs of the twelfth fresh frozen set (``unseen12-pairs.csv``), without the matcher.

Issue 21, sixteenth round: unseen11 was scored and read, so it is fitted data. Rounds 14 and 15 designed
their mechanisms after their fresh set was scored, so none got a fresh score; this round seals unseen12
first, builds on the eleven read sets, and scores main and the candidate once on unseen12. The strata follow
unseen10's realistic mix (unseen11 leaned to hard pairs) with ``case`` at most 30. Only rapidfuzz's
``token_set_ratio`` on ``default_process``-folded names and plain string operations pick a pair, never the
matcher:

- ``subset``, ``glued``, ``formless``: whatever is left of the earlier draws (unseen10 and unseen11 took
  nearly all of them);
- ``close``: pairs at 85-100 whose folded names differ (100);
- ``nearest``: an unused name against its nearest at 78-100 (70);
- ``case``: names equal once folded (30).

Earlier files (names in them are used, their pairs never drawn again): unseen11's, ``unseen11-candidates.csv``,
``unseen11-pairs.csv``.

The output has no scores: pairs are shuffled and labelled blind by the rule in README.md ("Twelfth fresh
frozen set"), before anything scores them.

Usage: python bench/matching/draw_unseen12.py > bench/matching/unseen12-candidates.csv
       python bench/matching/draw_unseen12.py --count   (how many pairs each draw could take, on stderr)
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from draw_unseen11 import EARLIER as EARLIER11  # noqa: E402
from drawing import run_list_draws  # noqa: E402

SEED = 2153
EARLIER = EARLIER11 + ("unseen11-candidates.csv", "unseen11-pairs.csv")
DRAWS = {"subset": 40, "glued": 7, "formless": 40, "close": 100, "nearest": 70, "case": 30}


def main(count: bool = False) -> None:
    run_list_draws(SEED, EARLIER, DRAWS, count)


if __name__ == "__main__":
    main("--count" in sys.argv[1:])
