"""A body's known parent is part of its identity: a bare unit name read with the parent it is known to have.

A register lists its units by their bare names (``Kulttuurikeskus``), and another list writes a unit with
the body that holds it (``Vaasan kaupunki Kulttuurikeskus``, ``Oulun kaupunki / Liikuntavirasto``). From
the names alone a bare unit name reads as the unit written without its parent, which is right only when
the parent is its own. Where the matcher knows whose unit a name is (the store's ``part_of`` chain and
the city its sectors belong to, or a list's ``parent_a`` / ``parent_b``), it uses it:

- a name with a known parent against a name that writes a parent (:func:`written_parent`), or a place
  before its own words (:func:`written_place`: ``Suomen ympäristökeskus``, whose the body is): when the
  written parent is one of the known ones (:func:`same_body`), the two are compared as the parent's name
  (as the other name writes it) plus its own (``helsingin kaupunki / Kaupunginkirjasto``), the better of
  that and the bare reading counting; when it is another body, the pair is compared that way and is never automatic;
- two names with known parents: as today when one's parent is among the other's; otherwise two units of
  different bodies (never automatic);
- a name with a known parent against a bare name that writes none, or a name that writes its parent
  itself: as today.

Examples
--------
>>> from ingest.matchscore import load_model
>>> reading = read_with_parents("Kulttuurikeskus", "Vaasan kaupunki Kulttuurikeskus", ("Helsingin kaupunki",), (),
...                             same=lambda p, q: same_body(load_model(), p, q))
>>> reading.a, reading.b, reading.automatic
('Helsingin kaupunki / Kulttuurikeskus', 'Vaasan kaupunki Kulttuurikeskus', False)
>>> read_with_parents("Kulttuurikeskus", "Kulttuurikeskus", ("Helsingin kaupunki",), (), same=None) is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from graph_model.orgnames import ParsedName
from graph_model.places import place_of
from ingest.matchscore import CONTAINERS, Model, parsed

__all__ = ["ParentReading", "written_parent", "written_place", "same_body", "read_with_parents", "chain"]

#: The genitive of a body that holds units, and its nominative (``Helsingin kaupungin X`` writes the
#: parent ``Helsingin kaupunki``), folded.
_NOMINATIVE = {"kaupungin": "kaupunki", "kunnan": "kunta", "yliopiston": "yliopisto", "stads": "stad",
               "kommuns": "kommun", "universitets": "universitet", "kuntayhtyman": "kuntayhtyma"}
#: How many words a parent written at the head of a name takes at most (``Pohjois-Pohjanmaan kunta``).
_HEAD = 3


def _holds_units(word: str) -> bool:
    return word in CONTAINERS or word in _NOMINATIVE or word.endswith(("yliopisto", "yliopiston"))


def written_parent(name: str | ParsedName) -> tuple[str, ...]:
    """The folded words of the body a name writes with its unit, () when it writes none: a first part
    (before ``/ , ;``) that is a municipality, joint authority or university, or a head of up to three words
    ending in such a word (its genitive too), with the unit's words after it.

    >>> written_parent("Oulun kaupunki / Liikuntavirasto"), written_parent("Vaasan kaupunki Kulttuurikeskus")
    (('oulun', 'kaupunki'), ('vaasan', 'kaupunki'))
    >>> written_parent("Helsingin kaupungin nuorisoasiainkeskus"), written_parent("Kulttuurikeskus")
    (('helsingin', 'kaupungin'), ())
    >>> written_parent("Helsingin kaupunki")
    ()
    """
    p = name if isinstance(name, ParsedName) else parsed(name)
    if len(p.parts) >= 2 and p.parts[0] and any(p.parts[1:]):
        forms = p.part_forms[0] if p.part_forms else frozenset()
        if _holds_units(p.parts[0][-1]) or "joint municipal authority" in forms:
            return tuple(p.parts[0])
    words = p.words
    for k, word in enumerate(words[:_HEAD]):
        if _holds_units(word) and k < len(words) - 1:
            return tuple(words[:k + 1])
    return ()


def written_place(name: str | ParsedName) -> tuple[str, ...]:
    """The folded first word of a name when it is a place of the gazetteer, in any case, and more words follow
    (``Suomen ympäristökeskus``, ``Espoon kaupunginkirjasto``: whose the body is, as a parent says); () else.

    >>> written_place("Suomen ympäristökeskus"), written_place("Ympäristökeskus"), written_place("Lappi")
    (('suomen',), (), ())
    """
    words = (name if isinstance(name, ParsedName) else parsed(name)).words
    return words[:1] if len(words) >= 2 and place_of(words[0]) else ()


def _nominative(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(_NOMINATIVE.get(w, w) for w in words)


def same_body(model: Model, parent: str, written: Sequence[str]) -> bool:
    """Whether a known ``parent`` (a name) and the ``written`` parent words of another name are one body:
    equal once a genitive container is read in the nominative, or an automatic match of the model.

    >>> from ingest.matchscore import load_model
    >>> same_body(load_model(), "Helsingin kaupunki", ("helsingin", "kaupungin"))
    True
    >>> same_body(load_model(), "Helsingin kaupunki", ("vaasan", "kaupunki"))
    False
    >>> [same_body(load_model(), "Helsingin kaupunki", (place,)) for place in ("helsingin", "suomen")]
    [True, False]
    """
    known = _nominative(parsed(parent).words)
    other = _nominative(written)
    if known == other:
        return True
    if len(other) == 1 and place_of(other[0]):  # a place written before the unit: the parent's own place?
        return any(place_of(other[0]) & place_of(w) for w in known)
    return model.probability(model.features(" ".join(known), " ".join(other))) >= model.auto


@dataclass(frozen=True)
class ParentReading:
    """How a pair is read with its known parents: the two names to score (``a``, ``b``), whether the pair
    may be automatic (False: the parents are two bodies), and the note for the explanation."""

    a: str
    b: str
    automatic: bool
    note: str


def read_with_parents(a: str, b: str, parents_a: Sequence[str], parents_b: Sequence[str],
                      same: Callable[[str, Sequence[str]], bool] | None) -> ParentReading | None:
    """The reading of names ``a`` and ``b`` with their known parents (names, the nearest first; empty when
    unknown), or None when the parents change nothing (read as today). ``same(parent, words)`` says whether
    a known parent is the body of some written parent words (:func:`same_body`).

    >>> same = lambda p, q: p.lower().split() == list(q)
    >>> read_with_parents("Kirjasto", "Turun kaupunki / Kirjasto", ("Turun kaupunki",), (), same).note
    "parent: 'Kirjasto' read as a unit of 'Turun kaupunki', which the other name writes"
    >>> read_with_parents("Osasto", "Osasto", ("Talouskeskus", "Kaupunki"), ("Hallintokeskus", "Kaupunki"), same).automatic
    False
    """
    if parents_a and parents_b:
        if parents_a[0] in parents_b or parents_b[0] in parents_a:
            return None
        return ParentReading(f"{parents_a[0]} / {a}", f"{parents_b[0]} / {b}", False,
                             f"parent: {a!r} is a unit of {parents_a[0]!r}, {b!r} of {parents_b[0]!r}: two bodies")
    if not (parents_a or parents_b):
        return None
    flip = not parents_a
    known, other, parents = (b, a, parents_b) if flip else (a, b, parents_a)
    written = written_parent(other) or written_place(other)
    if not written or written_parent(known) or written_place(known):
        return None
    mine = next((p for p in parents if same(p, written)), None)
    if mine is not None:
        qualified = f"{' '.join(written)} / {known}"  # the parent as the other name writes it (its case)
        note = f"parent: {known!r} read as a unit of {mine!r}, which the other name writes"
        automatic = True
    else:
        qualified = f"{parents[0]} / {known}"
        note = f"parent: {known!r} is a unit of {parents[0]!r}, the other name writes {' '.join(written)!r}: another body"
        automatic = False
    return ParentReading(other if flip else qualified, qualified if flip else other, automatic, note)


def chain(ident: str, parent_of: dict[str, str], names: dict[str, str], root: str = "") -> tuple[str, ...]:
    """The names of ``ident``'s parents, the nearest first, by the ``parent_of`` links (cycles stop), then
    ``root`` (the body the top ones belong to) when given.

    >>> chain("U", {"U": "S"}, {"S": "Talouskeskus"}, "Helsingin kaupunki")
    ('Talouskeskus', 'Helsingin kaupunki')
    """
    out, seen = [], {ident}
    while ident in parent_of and parent_of[ident] not in seen:
        ident = parent_of[ident]
        seen.add(ident)
        if names.get(ident):
            out.append(names[ident])
    return (*out, root) if root else tuple(out)
