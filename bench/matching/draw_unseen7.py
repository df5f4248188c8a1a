"""Draw the candidate pairs of the seventh fresh frozen set (``unseen7-pairs.csv``), without the matcher.

Issue 21, eighth round: unseen6 was scored and its errors read, so it became fitted data. This draw is
``draw_unseen6.py`` with another seed, ``unseen6-candidates.csv`` and ``guard-candidate6.csv`` added to
:data:`EARLIER`, and more weight on ``nearest`` (a user's list meets names mostly that way). It takes
names of the 2007-2013 list in no earlier labelled, drawn or guard-read file and aims at the mix a user's
list meets, mostly names against their nearest other name, each pair found by a plain fact of the names, never by the
matcher (only rapidfuzz's scorers on ``default_process``-folded names pick a partner):

- ``nearest``: a random name against its nearest other name at ``token_set_ratio`` 78-100 once folded (85
  in unseen6; the unused names held only 191 such pairs at 85);
- ``typo``: a random name against its nearest other name by plain ``ratio`` 85-99 once folded (a letter
  or two apart: a typo, an inflection, or a look-alike firm);
- ``unit``: a name with a part after a slash, in brackets or after `` - `` against the nearest name to its
  first part (a unit against its parent, the same unit written otherwise, a former name, a co-implementer);
- ``region``: a name with a prefixed region (``Päijät-Hämeen``, ``Varsinais-Suomen``, ``Etelä-Savon``)
  against its nearest name that has the bare region word or another prefix (bodies of two regions);
- ``acronym``: a name with a capitals token (``ELY``, ``JAMK``) against its nearest name whose word
  initials, or initials of the word's parts, spell it (its words written out, or another body);
- ``head``: a name with a legal form against a name with a legal form whose other words are its last words
  (``Mikkelin seudun elinkeinoyhtiö Miset Oy`` / ``Miset Oy``: a descriptive head, or another firm with a
  word added before the name; the list holds few such pairs outside the earlier files).

The output has no scores: pairs are shuffled and labelled blind by the rule in README.md ("Seventh fresh
frozen set"), before anything scores them.

Usage: python bench/matching/draw_unseen7.py > bench/matching/unseen7-candidates.csv
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from drawing import (REGION, Drawer, acronym, implementers, initials, other_region, seen_names,  # noqa: E402
                     tail_names, write_candidates)

SEED = 2135
EARLIER = ("pairs.csv", "hand-labels.csv", "labelled-pairs.csv", "second-judge.csv", "unseen-candidates.csv",
           "unseen2-candidates.csv", "unseen3-candidates.csv", "unseen4-candidates.csv",
           "unseen5-candidates.csv", "unseen6-candidates.csv",
           "guard-candidate1.csv", "guard-candidate2.csv", "guard-candidate3.csv", "guard-candidate4.csv",
           "guard-candidate5.csv", "guard-candidate6.csv")
DRAWS = (("nearest", 270), ("typo", 35), ("unit", 35), ("region", 10), ("acronym", 15), ("head", 15))
#: pairs of the second round's ``case`` draw
CASE = 35


def main() -> None:
    from rapidfuzz import fuzz

    drawer = Drawer(implementers(seen_names(EARLIER)), random.Random(SEED))
    names, draw = drawer.names, drawer.draw
    everyone = list(range(len(names)))
    wanted = dict(DRAWS)
    draw("nearest", wanted["nearest"], everyone, lambda k: everyone, 78)
    draw("typo", wanted["typo"], everyone, lambda k: everyone, 85, scorer=fuzz.ratio, high=100)
    units = [k for k in everyone if re.search(r"/|\(| - ", names[k])]
    draw("unit", wanted["unit"], units, lambda k: everyone, 70, lambda name: re.split(r"/|\(| - ", name)[0])
    regional = [k for k in everyone if REGION.search(names[k])]
    draw("region", wanted["region"], regional, lambda k: other_region(names, k), 60)
    short = [k for k in everyone if acronym(names[k])]
    draw("acronym", wanted["acronym"], short,
         lambda k: [j for j in everyone if acronym(names[k]) in initials(names[j])], 40)
    headed, tails = tail_names(drawer.folded)
    draw("head", wanted["head"], headed, tails, 0)
    drawer.rng.shuffle(drawer.pairs)
    pairs = drawer.pairs
    write_candidates(pairs, second_round({n for pair in pairs for n in pair[:2]}))


def second_round(drawn: set[str]) -> list[tuple[str, str, str, str]]:
    """The second round, appended: the first held too few pairs of one organisation to measure recall.

    Read blind, the first round held 11 pairs of one organisation in 365: the names left unused by the
    earlier files are mostly firms written once. So this round takes, from the names still unused (the
    first round's excluded), every pair at ``token_set_ratio`` 85-100 once folded whose folded names differ
    (``close``, not sampled: all the list has), and :data:`CASE` random pairs whose names are equal once
    folded by ``default_process`` (``case``: case, spacing or punctuation only; the earlier draws left
    these out, but a user's list meets them most often). Scored by draw, so recall reads with and without.
    """
    from rapidfuzz import fuzz, process, utils

    rng = random.Random(SEED + 1)
    names = sorted(set(implementers(seen_names(EARLIER))) - drawn)
    folded = [utils.default_process(n) for n in names]
    close = process.cdist(folded, folded, scorer=fuzz.token_set_ratio, score_cutoff=85, workers=1)
    pairs = [(names[i], names[j], "fi-structural-funds-2007-2013", "close")
             for i, j in zip(*close.nonzero()) if i < j and folded[i] != folded[j]]
    groups: dict[str, list[str]] = {}
    for name, key in zip(names, folded):
        groups.setdefault(key, []).append(name)
    alike = [tuple(rng.sample(g, 2)) for _, g in sorted(groups.items()) if len(g) > 1]
    pairs += [(a, b, "fi-structural-funds-2007-2013", "case") for a, b in rng.sample(alike, CASE)]
    rng.shuffle(pairs)
    return pairs


if __name__ == "__main__":
    main()
