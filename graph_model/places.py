"""The gazetteer of Finnish municipalities and regions (``places_fi.txt`` beside this module, facts
written out), read in one place for the layers that use it: the ranking of related projects
(:mod:`queries.term_weights`, place names carry no ranking) and organisation-name matching
(:mod:`ingest.matchscore`, a hyphenated region is one place, different from its last part).

Examples
--------
>>> "Päijät-Häme" in gazetteer(), "Rovaniemi" in gazetteer()
(True, True)
>>> "paijat" in region_prefixes()["hame"], "varsinais" in region_prefixes()["suomi"]
(True, True)
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

__all__ = ["GAZETTEER", "FORMS", "gazetteer", "region_prefixes", "place_words", "place_of", "fold"]

#: The gazetteer: Finnish municipalities and regions, one a line; ``#`` starts a comment.
GAZETTEER = Path(__file__).with_name("places_fi.txt")
#: The case forms of the gazetteer's one-word places (``lapin``, ``lapissa`` -> ``lappi``), folded, written
#: from simplemma's Finnish dictionary by ``python -m devtools.place_forms``; one ``form<TAB>place`` a line.
FORMS = Path(__file__).with_name("places_fi_forms.txt")


@lru_cache(maxsize=1)
def gazetteer() -> tuple[str, ...]:
    """The place names of :data:`GAZETTEER`, as written there, in its order."""
    lines = (line.split("#", 1)[0].strip() for line in GAZETTEER.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line)


@lru_cache(maxsize=1)
def region_prefixes() -> dict[str, frozenset[str]]:
    """The hyphenated names of the gazetteer taken apart: last part -> the first parts written before it
    (``Päijät-Häme``, ``Kanta-Häme``: ``hame`` -> ``{kanta, paijat}``), case and accents folded. Each such
    name is one place, different from its last part alone.

    >>> sorted(region_prefixes()["hame"])
    ['kanta', 'paijat']
    """
    out: dict[str, set[str]] = {}
    for name in gazetteer():
        parts = fold(name).split("-")
        if len(parts) == 2 and all(parts):
            out.setdefault(parts[1], set()).add(parts[0])
    return {last: frozenset(firsts) for last, firsts in out.items()}


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """The places of the gazetteer written as one word (``Rauma``, ``Päijät-Häme``), case and accents
    folded, in the nominative as written there.

    >>> "rauma" in place_words(), "kotka" in place_words(), "oy" in place_words()
    (True, True, False)
    """
    return frozenset(fold(name) for name in gazetteer() if " " not in name)


@lru_cache(maxsize=1)
def _forms() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    if FORMS.exists():
        for line in FORMS.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                form, place = line.split("\t")
                out.setdefault(form, set()).add(place)
    for place in place_words():
        out.setdefault(place, set()).add(place)
    return {form: frozenset(places) for form, places in out.items()}


def place_of(word: str) -> frozenset[str]:
    """The places of the gazetteer a folded word is a case form of (``lapin``: Lappi; ``muhoksen``:
    Muhos), folded; empty for a word that names no place. Two words name one place when these meet.

    >>> sorted(place_of("lapin")), sorted(place_of("muhoksen")), sorted(place_of("lappi"))
    (['lappi'], ['muhos'], ['lappi'])
    >>> sorted(place_of("jalasjarvella")), place_of("oy")
    (['jalasjarvi'], frozenset())
    """
    return _forms().get(word, frozenset())


def fold(text: str) -> str:
    """Case and accents folded, as exports lose or add them (ÄÄNEKOSKEN / aanekosken); the one folding of
    names (:func:`graph_model.orgnames.fold` is this function).

    >>> fold("Päijät-Häme"), fold("ÄÄNEKOSKEN Kaupunki"), fold("Åländsk Center")
    ('paijat-hame', 'aanekosken kaupunki', 'alandsk center')
    """
    # compatibility forms first (fullwidth and mathematical letters have no case of their own), then case
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
