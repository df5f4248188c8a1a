"""What the draw scripts of the fresh frozen sets (``draw_unseen*.py``) share.

Each ``draw_unseenN.py`` keeps its own seed, its list of earlier files, its draws and their thresholds: it is
the record of how ``unseenN-candidates.csv`` was drawn. This module holds only the plumbing they had copied:
reading the 2007-2013 list and the earlier files, the nearest-name search on rapidfuzz's
``default_process``-folded names, the spotting of acronyms and region prefixes, and writing the candidates
CSV (no scores: it is labelled blind, README.md, "Fresh frozen set").
"""

from __future__ import annotations

import csv
import gzip
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from _common import shared_data  # noqa: E402

#: the source named in a pair drawn from the 2007-2013 list
LIST = "fi-structural-funds-2007-2013"
#: a prefixed region (``Päijät-Hämeen``, ``Varsinais-Suomen``): the prefix and the region word
REGION = re.compile(r"\b(etelä|pohjois|itä|länsi|keski|varsinais|kanta|päijät|kaakkois|lounais)-(\w+)", re.I)
#: a capitals token (``ELY``, ``JAMK``)
ACRONYM = re.compile(r"\b[A-ZÄÖÅ]{2,5}\b")
#: compound parts a reader spells in an acronym (``ammatti|korkea|koulu``: AKK or AMK); used only to pick
#: partners to read, never to label
PARTS = re.compile(r"ammatti|korkea|koulu|yliopisto|keskus|kunta|yhtymä|opisto|liitto|seutu|kehitys|yhdistys",
                   re.I)
#: legal forms that end a firm's or association's name (``head`` draw), folded
FORMS = {"oy", "oyj", "ab", "ry", "ky", "ay", "osk", "rf", "ltd"}


def list_path() -> Path:
    """The 2007-2013 project list of the structural funds (gzipped CSV)."""
    return shared_data() / LIST / "projektilista-2007-2013.csv.gz"


def list_rows() -> list[dict]:
    """Every row of the 2007-2013 list."""
    with gzip.open(list_path(), "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def earlier(files) -> tuple[set[str], set[frozenset[str]]]:
    """The names and the pairs (``name_a``, ``name_b``, stripped) of the earlier ``files`` of this folder."""
    names, pairs = set(), set()
    for file in files:
        with (HERE / file).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                a, b = row["name_a"].strip(), row["name_b"].strip()
                names.update((a, b))
                pairs.add(frozenset((a, b)))
    return names, pairs


def seen_names(files) -> set[str]:
    """The names of the earlier ``files`` of this folder (a fresh draw leaves them out)."""
    return earlier(files)[0]


def implementers(seen: set[str]) -> list[str]:
    """The implementer names of the 2007-2013 list not in ``seen``, stripped, sorted, no empty name."""
    with gzip.open(list_path(), "rt", encoding="utf-8", newline="") as handle:
        return sorted({row["Toteuttajan nimi"].strip() for row in csv.DictReader(handle)} - seen - {""})


def acronym(name: str, pattern: re.Pattern = ACRONYM) -> str | None:
    """A capitals token of a name that is not written all in capitals (``Lapin ELY-keskus``: ``ELY``)."""
    if name.upper() == name:
        return None
    found = pattern.search(name)
    return found.group(0).upper() if found else None


def initials(name: str) -> str:
    """Initials of a name's words and of their compound parts, upper case, with and without ``ja``."""
    words = re.findall(r"\w+", name)
    parts = [p for w in words for p in (PARTS.findall(w) if PARTS.match(w) or PARTS.search(w[1:]) else [w])]
    spell = lambda ws: "".join(w[0] for w in ws).upper()  # noqa: E731
    return " ".join((spell(words), spell(w for w in words if w.lower() != "ja"), spell(parts),
                     spell(w for w in re.findall(r"\w+", name) if not PARTS.fullmatch(w)) + "".join(
                         spell(PARTS.findall(w)) for w in words if PARTS.search(w))))


def other_region(names: list[str], k: int) -> list[int]:
    """Indices of the names with name ``k``'s region word bare or under another prefix (bodies of two regions)."""
    prefix, word = REGION.search(names[k]).groups()
    bare = re.compile(rf"(?<![-\w]){re.escape(word)}\b|\b(?!{re.escape(prefix)})\w+-{re.escape(word)}\b", re.I)
    return [j for j in range(len(names)) if bare.search(names[j])]


def tail_names(folded: list[str]):
    """For the ``head`` draw: the names with a legal form and two or more other words, and a function
    giving, for such a name ``k``, the names with a legal form whose other words are ``k``'s last words."""

    def core(k: int) -> tuple[str, ...]:
        return tuple(w for w in folded[k].split() if w not in FORMS)

    def formed(k: int) -> bool:
        return any(w in FORMS for w in folded[k].split())

    keys: dict[tuple[str, ...], list[int]] = {}
    for j in range(len(folded)):
        keys.setdefault(core(j), []).append(j)

    def tails(k: int) -> list[int]:
        words = core(k)
        return [j for n in range(1, len(words)) for j in keys.get(words[-n:], []) if formed(j)]

    headed = [k for k in range(len(folded)) if len(core(k)) >= 2 and formed(k)]
    return headed, tails


class Drawer:
    """Draws pairs of ``names``: a random taker against its nearest name among some, no pair twice.

    ``rng`` is the draw's seeded generator (a script may swap it for a second round); ``pairs`` gathers
    ``(name_a, name_b, source, drawn)``; ``one``: the partner is rapidfuzz's ``extractOne`` (the fourth
    round's way) rather than the first of ``extract``'s five best under ``high``.
    """

    def __init__(self, names: list[str], rng: random.Random, source: str = LIST, one: bool = False):
        from rapidfuzz import utils

        self.names, self.rng, self.source, self.one = names, rng, source, one
        self.folded = [utils.default_process(n) for n in names]
        self.pairs: list[tuple[str, str, str, str]] = []
        self.used: set[frozenset[str]] = set()

    def nearest(self, k: int, among, low: float, query=None, scorer=None, high: float = 101) -> int | None:
        """The name among ``among`` nearest name ``k`` (or ``query(name)``) at ``low`` <= score < ``high``,
        never one equal to it once folded; ``scorer`` defaults to ``token_set_ratio``."""
        from rapidfuzz import fuzz, process, utils

        scorer = scorer or fuzz.token_set_ratio
        folded = self.folded
        choices = {j: folded[j] for j in among if j != k and folded[j] != folded[k]}
        query = utils.default_process(query(self.names[k])) if query else folded[k]
        if self.one:
            best = process.extractOne(query, choices, scorer=scorer, score_cutoff=low)
            return best[2] if best else None
        found = process.extract(query, choices, scorer=scorer, score_cutoff=low, limit=5)
        found = [f for f in found if f[1] < high]
        return found[0][2] if found else None

    def draw(self, kind: str, wanted: int, takers: list[int], among, low: float, query=None, **how) -> None:
        """Up to ``wanted`` pairs ``kind``: takers in random order, each against its :meth:`nearest` among
        ``among(k)``."""
        got = 0
        for k in self.rng.sample(takers, len(takers)):
            if got >= wanted:
                return
            j = self.nearest(k, among(k), low, query, **how)
            if j is not None and frozenset((self.names[k], self.names[j])) not in self.used:
                self.used.add(frozenset((self.names[k], self.names[j])))
                self.pairs.append((self.names[k], self.names[j], self.source, kind))
                got += 1


def write_candidates(*parts) -> None:
    """The candidates CSV on stdout: the header, then each part's ``(name_a, name_b, source, drawn)`` rows."""
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["name_a", "name_b", "source", "drawn"])
    for rows in parts:
        writer.writerows(rows)


class ListDraws:
    """The list's own draws of the eighth and later fresh sets, sharing one seeded ``rng`` and one record of
    the pairs taken (``pairs``: ``(name_a, name_b, source, drawn)``), none twice nor one of ``earlier_files``.

    ``everyone``: every implementer name of the list; ``unused``: the indices of those in no earlier file.
    Only rapidfuzz's ``token_set_ratio`` on ``default_process``-folded names picks a partner.
    """

    def __init__(self, rng: random.Random, earlier_files):
        from rapidfuzz import utils

        self.rng = rng
        self.seen_names, seen_pairs = earlier(earlier_files)
        self.everyone = implementers(set())
        self.folded = [utils.default_process(n) for n in self.everyone]
        self.unused = [i for i, n in enumerate(self.everyone) if n not in self.seen_names]
        self.pairs: list[tuple[str, str, str, str]] = []
        self.used = set(seen_pairs)
        #: how many candidate pairs each draw had to sample from (``close``, ``case``, ``subset``, ``glued``)
        self.available: dict[str, int] = {}

    def take(self, a: str, b: str, source: str, kind: str) -> bool:
        """Keep the pair unless it is one name or was taken before; whether it was kept."""
        key = frozenset((a, b))
        if a == b or key in self.used:
            return False
        self.used.add(key)
        self.pairs.append((a, b, source, kind))
        return True

    def close(self, wanted: int, low: float = 85) -> None:
        """``close``: pairs at ``low``-100 whose folded names differ, at least one name unused (sampled)."""
        from rapidfuzz import fuzz, process

        everyone, folded, unused = self.everyone, self.folded, self.unused
        close = process.cdist([folded[i] for i in unused], folded, scorer=fuzz.token_set_ratio, score_cutoff=low,
                              workers=1)
        found = sorted({tuple(sorted((everyone[unused[i]], everyone[j])))
                        for i, j in zip(*close.nonzero()) if folded[unused[i]] != folded[j]})
        self.available["close"] = sum(frozenset(p) not in self.used for p in found)
        got = 0
        for a, b in self.rng.sample(found, len(found)):
            if got >= wanted:
                break
            got += self.take(a, b, LIST, "close")

    def nearest(self, wanted: int, low: float = 78) -> None:
        """``nearest``: an unused name against its nearest other name at ``low``-100."""
        from rapidfuzz import fuzz, process

        folded, got = self.folded, 0
        for i in self.rng.sample(self.unused, len(self.unused)):
            if got >= wanted:
                break
            choices = {j: f for j, f in enumerate(folded) if f != folded[i]}
            hit = process.extractOne(folded[i], choices, scorer=fuzz.token_set_ratio, score_cutoff=low)
            if hit:
                got += self.take(self.everyone[i], self.everyone[hit[2]], LIST, "nearest")

    def case(self, wanted: int) -> None:
        """``case``: two names equal once folded, at least one of the group unused."""
        groups: dict[str, list[str]] = {}
        for name, key in zip(self.everyone, self.folded):
            groups.setdefault(key, []).append(name)
        alike = [g for _, g in sorted(groups.items()) if len(g) > 1 and any(n not in self.seen_names for n in g)]
        self.available["case"] = len(alike)
        got = 0
        for group in self.rng.sample(alike, len(alike)):
            if got >= wanted:
                break
            got += self.take(*self.rng.sample(group, 2), LIST, "case")

    def _sample(self, kind: str, found: set[tuple[str, str]], wanted: int) -> None:
        """Up to ``wanted`` of the sorted pairs ``found`` (not taken before), in random order, as ``kind``."""
        found = sorted(p for p in found if frozenset(p) not in self.used)
        self.available[kind] = len(found)
        got = 0
        for a, b in self.rng.sample(found, len(found)):
            if got >= wanted:
                break
            got += self.take(a, b, LIST, kind)

    def subset(self, wanted: int) -> None:
        """``subset``: an unused name against a name whose folded words are a proper subset or superset of its
        own, the smaller keeping a word that is no legal form (a parent, level, site, co-implementer or word
        added on one side only: ``Stonel Oy`` / ``Stonel Oy / Oulaisten yksikkö``)."""
        words = [frozenset(f.split()) for f in self.folded]
        seen_in, index = _word_index(words)
        found = set()
        for i in self.unused:
            if not words[i]:
                continue
            for j in index[min(sorted(words[i]), key=seen_in.get)]:
                small = min(words[i], words[j], key=len)
                if words[i] != words[j] and (words[i] < words[j] or words[j] < words[i]) and small - FORMS:
                    found.add(tuple(sorted((self.everyone[i], self.everyone[j]))))
        self._sample("subset", found, wanted)

    def glued(self, wanted: int) -> None:
        """``glued``: two names equal once folded and their spaces dropped, their words not the same, at least
        one unused (``4 EVENT OY`` / ``4EVENT OY``)."""
        groups: dict[str, list[int]] = {}
        for j, f in enumerate(self.folded):
            groups.setdefault(f.replace(" ", ""), []).append(j)
        found = {tuple(sorted((self.everyone[a], self.everyone[b])))
                 for js in groups.values() for a in js for b in js
                 if a < b and set(self.folded[a].split()) != set(self.folded[b].split())
                 and (self.everyone[a] not in self.seen_names or self.everyone[b] not in self.seen_names)}
        self._sample("glued", found, wanted)

    def formless(self, wanted: int) -> None:
        """``formless``: an unused name against a name whose folded words, legal forms set aside, are a proper
        subset or superset of its own (the smaller keeping a word), the words with their forms not
        (``Polartherm Group Oy`` / ``Polartherm Oyj``)."""
        words = [frozenset(f.split()) for f in self.folded]
        bare = [w - FORMS for w in words]
        seen_in, index = _word_index(bare)
        unused = set(self.unused)
        found = set()
        for k, small in enumerate(bare):
            if not small:
                continue
            for m in index[min(sorted(small), key=seen_in.get)]:
                if (k in unused or m in unused) and small < bare[m] and not words[k] <= words[m]:
                    found.add(tuple(sorted((self.everyone[k], self.everyone[m]))))
        self._sample("formless", found, wanted)

    def nearest_takers(self, low: float = 78) -> int:
        """How many unused names have another name (not equal once folded) at ``token_set_ratio`` >= ``low``."""
        from rapidfuzz import fuzz, process

        folded, unused = self.folded, self.unused
        scores = process.cdist([folded[i] for i in unused], folded, scorer=fuzz.token_set_ratio, score_cutoff=low,
                               workers=1)
        return sum(any(folded[j] != folded[i] for j in row.nonzero()[0]) for i, row in zip(unused, scores))


def _word_index(word_sets: list[frozenset[str]]) -> tuple[dict[str, int], dict[str, list[int]]]:
    """How many of ``word_sets`` hold each word, and the indices of those that do.

    >>> _word_index([frozenset({"a", "b"}), frozenset({"a"})])[1]["a"]
    [0, 1]
    """
    seen_in: dict[str, int] = {}
    index: dict[str, list[int]] = {}
    for j, ws in enumerate(word_sets):
        for w in ws:
            seen_in[w] = seen_in.get(w, 0) + 1
            index.setdefault(w, []).append(j)
    return seen_in, index


def run_list_draws(seed: int, earlier_files, plan: dict[str, int], count: bool = False) -> None:
    """A fresh set's list draws: each of ``plan``'s draws (a :class:`ListDraws` method) in order, with the
    number it wants, from one ``random.Random(seed)``; the candidates CSV on stdout, shuffled (or, with
    ``count``, what each draw could take, on stderr)."""
    draws = ListDraws(random.Random(seed), earlier_files)
    for kind, wanted in plan.items():
        getattr(draws, kind)(wanted)
    print(f"available {draws.available}", file=sys.stderr)
    if count:
        print(f"names {len(draws.everyone)} unused {len(draws.unused)} available {draws.available} "
              f"nearest takers {draws.nearest_takers()}", file=sys.stderr)
        return
    draws.rng.shuffle(draws.pairs)
    write_candidates(draws.pairs)
