"""Draw the candidate pairs of the tenth fresh frozen set (``unseen10-pairs.csv``), without the matcher.

Issue 21, fourteenth round: unseen9 was scored and read, and rounds 11-13 measured only by leaving each set
out, saying no fresh set was left. That held for the Helsinki register (used up by unseen8 and unseen9), not
for the 2007-2013 list: about 7,200 of its 13,439 names are in no earlier file. Only rapidfuzz's
``token_set_ratio`` on ``default_process``-folded names and plain string operations pick a pair, never the
matcher:

- ``subset`` (new): an unused name against a name whose folded words are a proper subset or superset of its
  own, the smaller keeping a word that is no legal form: the loss shapes still open (a parent or level on
  one side only, a co-implementer or site added, a word added to a firm);
- ``glued`` (new): names equal once folded and their spaces dropped whose words differ (``4 EVENT OY`` /
  ``4EVENT OY``; all there are);
- ``close``, ``nearest``, ``case``: the list's draws of unseen8 and unseen9 (``drawing.ListDraws``: pairs at
  85-100 whose folded names differ, an unused name against its nearest at 78-100, names equal once folded).

Earlier files (names in them are used, their pairs never drawn again): unseen9's, ``unseen9-candidates.csv``,
``unseen9-pairs.csv``, every ``guard-candidate*.csv`` and ``loso-losses12.csv``.

The output has no scores: pairs are shuffled and labelled blind by the rule in README.md ("Tenth fresh
frozen set"), before anything scores them.

Usage: python bench/matching/draw_unseen10.py > bench/matching/unseen10-candidates.csv
       python bench/matching/draw_unseen10.py --count   (how many pairs each draw could take, on stderr)
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from draw_unseen9 import EARLIER as EARLIER9  # noqa: E402
from drawing import run_list_draws  # noqa: E402

SEED = 2139
EARLIER = EARLIER9 + ("unseen9-candidates.csv", "unseen9-pairs.csv", "guard-candidate9.csv",
                      "guard-candidate10.csv", "guard-candidate10-share07.csv", "guard-candidate11.csv",
                      "guard-candidate11-levels-first.csv", "guard-candidate12.csv", "loso-losses12.csv")
DRAWS = {"subset": 40, "glued": 10, "close": 80, "nearest": 55, "case": 45}


def main(count: bool = False) -> None:
    run_list_draws(SEED, EARLIER, DRAWS, count)


if __name__ == "__main__":
    main("--count" in sys.argv[1:])
