"""Draw the candidate pairs of the fourth fresh frozen set (``unseen4-pairs.csv``), without the matcher.

Issue 21, fifth round: unseen3 was scored and its errors read, so it became fitted data. This draw takes
names of the 2007-2013 list in no earlier labelled or drawn file (the files of :data:`EARLIER`) and aims
at the kinds of pair the earlier sets lacked, each found by a plain fact of the names, never by the
matcher (only rapidfuzz's ``token_set_ratio`` on ``default_process``-folded names picks a partner):

- ``nearest``: a random name against its nearest other name at 85-100 once folded (names of one body);
- ``region``: a name with a direction-prefixed region (``Etelä-Pohjanmaan``, ``Keski-Suomen`` ...)
  against its nearest name that has the bare region word or another prefix (bodies of two regions);
- ``unit``: a name with a part after a slash or in brackets against the nearest name to its first part
  (a unit against its parent, or the same unit written otherwise);
- ``property``: a housing or property company (``Kiinteistö Oy``, ``Asunto Oy``, ``Fastighets Ab`` ...)
  against its nearest name among names without such a legal form (the firm it is named after, or not);
- ``acronym``: a name with a capitals token (``ELY``, ``TE``, ``OAMK``, ``SYKE``) against its nearest
  name that lacks the token (its words written out, another body of the same words).
- a second round (seed 2132), appended after the first was read: a property company against the
  nearest name to what follows its legal form among names with no property word (``property, named
  after``, 30), and a name with a capitals token against its nearest name whose word initials spell
  the token (``acronym, written out``, 30).

The output has no scores: pairs are shuffled and labelled blind by the rule in README.md ("Fourth fresh
frozen set"), before anything scores them.

Usage: python bench/matching/draw_unseen4.py > bench/matching/unseen4-candidates.csv
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import drawing  # noqa: E402
from drawing import REGION, Drawer, implementers, other_region, seen_names, write_candidates  # noqa: E402

SEED = 2131
EARLIER = ("pairs.csv", "hand-labels.csv", "labelled-pairs.csv", "second-judge.csv", "unseen-candidates.csv",
           "unseen2-candidates.csv", "unseen3-candidates.csv")
DRAWS = (("nearest", 110), ("region", 45), ("unit", 50), ("property", 30), ("acronym", 45))
PROPERTY = re.compile(r"\b(kiinteistö|asunto)[ -]?(oy|osakeyhtiö)\b|\b(bostads|fastighets)[ -]?ab\b|"
                      r"\bas(unto)? oy\b|\bkoy\b", re.I)
#: the second round (seed 2132), appended after the first was read
MORE = {"property, named after": 30, "acronym, written out": 30}
ACRONYM = re.compile(r"\b[A-ZÄÖÅ]{2,5}\b|\bEly\b")


def acronym(name: str) -> str | None:
    """A capitals token (or ``Ely``) of a name that is not written all in capitals."""
    return drawing.acronym(name, ACRONYM)


def initials(name: str) -> str:
    """The first letters of a name's words and hyphenated parts, upper case (``Lapin elinkeino-, liikenne-
    ja ympäristökeskus``: ``LELJY``; ``ja`` kept, as a reader skips it when reading an acronym)."""
    parts = re.findall(r"\w+", name)
    return "".join(p[0] for p in parts).upper() + " " + "".join(p[0] for p in parts if p.lower() != "ja").upper()


def main() -> None:
    drawer = Drawer(implementers(seen_names(EARLIER)), random.Random(SEED), one=True)
    names, draw, pairs = drawer.names, drawer.draw, drawer.pairs
    everyone = list(range(len(names)))
    wanted = dict(DRAWS)
    draw("nearest", wanted["nearest"], everyone, lambda k: everyone, 85)
    regional = [k for k in everyone if REGION.search(names[k])]
    draw("region", wanted["region"], regional, lambda k: other_region(names, k), 60)
    units = [k for k in everyone if "/" in names[k] or "(" in names[k]]
    draw("unit", wanted["unit"], units, lambda k: everyone, 70, lambda name: re.split(r"[/(]", name)[0])
    property_ = [k for k in everyone if PROPERTY.search(names[k])]
    plain = [k for k in everyone if not PROPERTY.search(names[k])]
    draw("property", wanted["property"], property_, lambda k: plain, 50)
    short = [k for k in everyone if acronym(names[k])]
    draw("acronym", wanted["acronym"], short,
         lambda k: [j for j in everyone if acronym(names[k]) not in names[j].upper().split()], 60)
    drawer.rng.shuffle(pairs)
    # a second round, appended after the first was read: its property companies met another property
    # company (``Kiinteistö Primus Oy``, whose legal form is not at the head) and its acronyms mostly met
    # firms, so it draws the two kinds the way they meet their look-alikes in a list
    first = len(pairs)
    rng = drawer.rng = random.Random(SEED + 1)
    named = [k for k in property_ if PROPERTY.sub(" ", names[k]).strip()]
    bare = [k for k in everyone if not re.search(r"kiinteist|asunto|fastighet|bostad", names[k], re.I)]
    draw("property, named after", MORE["property, named after"], named, lambda k: bare, 60,
         lambda name: PROPERTY.sub(" ", name))
    draw("acronym, written out", MORE["acronym, written out"], short,
         lambda k: [j for j in everyone if acronym(names[k]) in initials(names[j])], 40)
    tail = pairs[first:]
    rng.shuffle(tail)
    pairs[first:] = tail
    write_candidates(pairs)


if __name__ == "__main__":
    main()
