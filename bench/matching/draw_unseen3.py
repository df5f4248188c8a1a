"""Draw the candidate pairs of the third fresh frozen set (``unseen3-pairs.csv``), without the matcher.

Issue 21, fourth round: the first two fresh sets were read for errors, so they became fit sets. This
draw takes names in no earlier labelled or drawn file (``pairs.csv``, ``hand-labels.csv``,
``labelled-pairs.csv``, ``second-judge.csv``, ``unseen-candidates.csv``, ``unseen2-candidates.csv``) and
pairs them in ways never used before:

- ``same title``: two rows of the 2007-2013 list whose project titles are the same once case, accents
  and punctuation are set aside (a project run again, or by several partners), implemented under two
  different names: the pair of implementer names. The pair is found by the titles, never by the names,
  so it holds whatever variation a real export has, and partners that are other organisations.
- ``close title``: the same with titles that plain rapidfuzz ``token_set_ratio`` puts at 90 or more
  (continuation projects: ``... II``, ``... 2011-2013``).
- ``authority``: the managing-authority column (``Viranomainen``, never used for pairs) against the
  implementer names: for a seeded sample of authority spellings, the implementer name with the highest
  plain ``token_set_ratio``.
- ``rare word``: two implementer names sharing a word that at most four names of the list have (a rare
  token: blocking must never lose such a pair), drawn at random.
- a second round, appended after the first was read (it held 17 pairs of one organisation, too few
  to measure recall; seed 2129): ``title, alike names``, two implementer names of one title at
  ``token_set_ratio`` 50-99 once folded; ``wide band``, a random implementer name and its nearest
  other name at 70-99.

Only rapidfuzz's own ``default_process`` folds case. The output has no scores: pairs are shuffled and
labelled blind by the rule in README.md ("Third fresh frozen set"), before anything scores them.

Usage: python bench/matching/draw_unseen3.py > bench/matching/unseen3-candidates.csv
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from drawing import list_rows, seen_names, write_candidates  # noqa: E402

SEED = 2128
EARLIER = ("pairs.csv", "hand-labels.csv", "labelled-pairs.csv", "second-judge.csv", "unseen-candidates.csv",
           "unseen2-candidates.csv")
DRAWS = (("same title", 110), ("close title", 60), ("authority", 30), ("rare word", 60))
#: the second round: implementer names of one title that plain token_set_ratio puts at 50-99 once
#: folded, and names whose nearest other name is at 70-99 (a wide band, never the matcher)
MORE = (("title, alike names", 50), ("wide band", 50))


def by_title(table: list[dict], seen: set[str]) -> dict[str, set[str]]:
    """Folded project title -> the unseen implementer names of its rows."""
    from rapidfuzz import utils

    out: dict[str, set[str]] = defaultdict(set)
    for row in table:
        name = row["Toteuttajan nimi"].strip()
        title = utils.default_process(row["Projektin nimi"])
        if name and name not in seen and len(title) >= 8:
            out[title].add(name)
    return out


def main() -> None:
    from rapidfuzz import fuzz, process, utils

    rng = random.Random(SEED)
    seen = seen_names(EARLIER)
    table = list_rows()
    titles = by_title(table, seen)
    pairs: list[tuple[str, str, str, str]] = []
    used: set[frozenset[str]] = set()

    def take(a: str, b: str, drawn: str) -> bool:
        if a and b and a != b and frozenset((a, b)) not in used:
            used.add(frozenset((a, b)))
            pairs.append((a, b, "fi-structural-funds-2007-2013", drawn))
            return True
        return False

    # same title: titles with two or more implementer names, one random pair of names per title
    shared = sorted(t for t, names in titles.items() if len(names) >= 2)
    got = 0
    for title in rng.sample(shared, len(shared)):
        if got >= dict(DRAWS)["same title"]:
            break
        a, b = rng.sample(sorted(titles[title]), 2)
        got += take(a, b, "same title")
    # close title: a title's nearest other title by token_set_ratio >= 90, names of both differ
    keys = sorted(titles)
    got, tries = 0, 0
    for title in rng.sample(keys, len(keys)):
        if got >= dict(DRAWS)["close title"] or tries > 4000:
            break
        tries += 1
        best = process.extract(title, keys, scorer=fuzz.token_set_ratio, limit=3, score_cutoff=90)
        other = next((keys[k] for _, _, k in best if keys[k] != title), None)
        if other is None:
            continue
        a, b = rng.choice(sorted(titles[title])), rng.choice(sorted(titles[other]))
        got += take(a, b, "close title")
    # authority: a managing authority spelling against its top implementer by token_set_ratio
    implementers = sorted({r["Toteuttajan nimi"].strip() for r in table} - seen - {""})
    folded = [utils.default_process(n) for n in implementers]
    authorities = sorted({r["Viranomainen"].strip() for r in table} - seen - {""})
    got = 0
    for a in rng.sample(authorities, len(authorities)):
        if got >= dict(DRAWS)["authority"]:
            break
        best = process.extract(utils.default_process(a), folded, scorer=fuzz.token_set_ratio, limit=1)
        got += take(a, implementers[best[0][2]], "authority")
    # rare word: two names sharing a word of 4+ letters that at most four names have
    holders: dict[str, list[str]] = defaultdict(list)
    for name, f in zip(implementers, folded):
        for word in set(f.split()):
            if len(word) >= 4 and not word.isdigit():
                holders[word].append(name)
    rare = sorted(w for w, names in holders.items() if 2 <= len(names) <= 4)
    got = 0
    for word in rng.sample(rare, len(rare)):
        if got >= dict(DRAWS)["rare word"]:
            break
        a, b = rng.sample(holders[word], 2)
        got += take(a, b, "rare word")
    rng.shuffle(pairs)
    # a second round, appended (the first 251 pairs stay as they were read): the first held only 17
    # pairs of one organisation, too few to measure recall, so it draws where names of one body meet
    first = len(pairs)
    more = random.Random(SEED + 1)
    alike = sorted((a, b) for t in shared for a in sorted(titles[t]) for b in sorted(titles[t])
                   if a < b and utils.default_process(a) != utils.default_process(b)
                   and 50 <= fuzz.token_set_ratio(utils.default_process(a), utils.default_process(b)) < 100)
    got = 0
    for a, b in more.sample(alike, len(alike)):
        if got >= dict(MORE)["title, alike names"]:
            break
        got += take(a, b, "title, alike names")
    got = 0
    for k in more.sample(range(len(implementers)), len(implementers)):
        if got >= dict(MORE)["wide band"]:
            break
        best = process.extract(folded[k], folded, scorer=fuzz.token_set_ratio, limit=3, score_cutoff=70)
        other = next((j for _, s, j in best if folded[j] != folded[k] and s < 100), None)
        if other is not None:
            got += take(implementers[k], implementers[other], "wide band")
    tail = pairs[first:]
    more.shuffle(tail)
    write_candidates(pairs[:first] + tail)


if __name__ == "__main__":
    main()
