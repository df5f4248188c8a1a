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
- ``close``: pairs of the 2007-2013 list at ``token_set_ratio`` 85-100 once folded whose folded names
  differ, at least one name in no earlier file and the pair in none (sampled);
- ``nearest``: an unused name of the list against its nearest other name at ``token_set_ratio`` 78-100;
- ``case``: random pairs of the list whose names are equal once folded (case, spacing, punctuation only),
  at least one name unused.

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
from drawing import LIST, earlier, implementers, write_candidates  # noqa: E402

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

    rng = random.Random(SEED)
    seen_names, seen_pairs = earlier(EARLIER)
    everyone = implementers(set())
    folded = [utils.default_process(n) for n in everyone]
    unused = [i for i, n in enumerate(everyone) if n not in seen_names]
    pairs: list[tuple[str, str, str, str]] = []
    used = set(seen_pairs)

    def take(a: str, b: str, source: str, kind: str) -> bool:
        key = frozenset((a, b))
        if a == b or key in used:
            return False
        used.add(key)
        pairs.append((a, b, source, kind))
        return True

    register = [n for n in register_names() if n not in seen_names]
    city = {i: f for i, f in enumerate(folded) if f.startswith(CITY)}
    for kind, among in (("register", dict(enumerate(folded))), ("register-city", city)):
        got = 0
        for name in rng.sample(register, len(register)):
            if got >= DRAWS[kind]:
                break
            found = process.extractOne(utils.default_process(name), among, scorer=fuzz.token_set_ratio,
                                       score_cutoff=LOW[kind])
            if found and take(name, everyone[found[2]], f"{REGISTER} x {LIST}", kind):
                got += 1

    close = process.cdist([folded[i] for i in unused], folded, scorer=fuzz.token_set_ratio, score_cutoff=85,
                          workers=1)
    found = sorted({tuple(sorted((everyone[unused[i]], everyone[j])))
                    for i, j in zip(*close.nonzero()) if folded[unused[i]] != folded[j]})
    got = 0
    for a, b in rng.sample(found, len(found)):
        if got >= DRAWS["close"]:
            break
        got += take(a, b, LIST, "close")

    got = 0
    for i in rng.sample(unused, len(unused)):
        if got >= DRAWS["nearest"]:
            break
        choices = {j: f for j, f in enumerate(folded) if f != folded[i]}
        hit = process.extractOne(folded[i], choices, scorer=fuzz.token_set_ratio, score_cutoff=78)
        if hit:
            got += take(everyone[i], everyone[hit[2]], LIST, "nearest")

    groups: dict[str, list[str]] = {}
    for name, key in zip(everyone, folded):
        groups.setdefault(key, []).append(name)
    alike = [g for _, g in sorted(groups.items()) if len(g) > 1 and any(n not in seen_names for n in g)]
    got = 0
    for group in rng.sample(alike, len(alike)):
        if got >= DRAWS["case"]:
            break
        got += take(*rng.sample(group, 2), LIST, "case")

    rng.shuffle(pairs)
    write_candidates(pairs)


if __name__ == "__main__":
    main()
