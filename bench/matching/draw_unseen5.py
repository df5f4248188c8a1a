"""Draw the candidate pairs of the fifth fresh frozen set (``unseen5-pairs.csv``), without the matcher.

Issue 21, sixth round: unseen4 was scored and its errors read, so it became fitted data. This draw takes
names of the 2007-2013 list in no earlier labelled or drawn file (the files of :data:`EARLIER`,
``unseen4-candidates.csv`` included) and aims at the mix a user's list meets, mostly names against their
nearest other name, each pair found by a plain fact of the names, never by the matcher (only rapidfuzz's
scorers on ``default_process``-folded names pick a partner):

- ``nearest``: a random name against its nearest other name at ``token_set_ratio`` 85-100 once folded;
- ``typo``: a random name against its nearest other name by plain ``ratio`` 88-99 once folded (a letter
  or two apart: a typo, an inflection, or a look-alike firm);
- ``unit``: a name with a part after a slash, in brackets or after `` - `` against the nearest name to its
  first part (a unit against its parent, the same unit written otherwise, a former name, a co-implementer);
- ``region``: a name with a prefixed region (``Päijät-Hämeen``, ``Varsinais-Suomen``, ``Etelä-Savon``)
  against its nearest name that has the bare region word or another prefix (bodies of two regions);
- ``acronym``: a name with a capitals token (``ELY``, ``JAMK``) against its nearest name whose word
  initials, or initials of the word's parts, spell it (its words written out, or another body).

The output has no scores: pairs are shuffled and labelled blind by the rule in README.md ("Fifth fresh
frozen set"), before anything scores them.

Usage: python bench/matching/draw_unseen5.py > bench/matching/unseen5-candidates.csv
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from drawing import (REGION, Drawer, acronym, implementers, initials, other_region, seen_names,  # noqa: E402
                     write_candidates)

SEED = 2133
EARLIER = ("pairs.csv", "hand-labels.csv", "labelled-pairs.csv", "second-judge.csv", "unseen-candidates.csv",
           "unseen2-candidates.csv", "unseen3-candidates.csv", "unseen4-candidates.csv",
           "guard-candidate1.csv", "guard-candidate2.csv", "guard-candidate3.csv", "guard-candidate4.csv")
DRAWS = (("nearest", 130), ("typo", 30), ("unit", 35), ("region", 20), ("acronym", 25))


def main() -> None:
    from rapidfuzz import fuzz

    drawer = Drawer(implementers(seen_names(EARLIER)), random.Random(SEED))
    names, draw = drawer.names, drawer.draw
    everyone = list(range(len(names)))
    wanted = dict(DRAWS)
    draw("nearest", wanted["nearest"], everyone, lambda k: everyone, 85)
    draw("typo", wanted["typo"], everyone, lambda k: everyone, 88, scorer=fuzz.ratio, high=100)
    units = [k for k in everyone if re.search(r"/|\(| - ", names[k])]
    draw("unit", wanted["unit"], units, lambda k: everyone, 70, lambda name: re.split(r"/|\(| - ", name)[0])
    regional = [k for k in everyone if REGION.search(names[k])]
    draw("region", wanted["region"], regional, lambda k: other_region(names, k), 60)
    short = [k for k in everyone if acronym(names[k])]
    draw("acronym", wanted["acronym"], short,
         lambda k: [j for j in everyone if acronym(names[k]) in initials(names[j])], 40)
    drawer.rng.shuffle(drawer.pairs)
    write_candidates(drawer.pairs)


if __name__ == "__main__":
    main()
