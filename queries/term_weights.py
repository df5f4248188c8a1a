"""Which words name a topic: place names, boilerplate and compound parts weigh less than topic words.

On a later project list than the one the ranker was tuned on, related projects were ranked by what the
titles *also* said: a place ("Itä-Suomen", "Pohjois-Pohjanmaa", "Lapissa"), a generic head word
("toimintamalli", "palvelut", "kehittäminen") or a literal compound part ("kierto" of *kiertotalous*
meeting *kiertoliittymä*). Three general mechanisms, learned from facts and from the corpus itself, not
from judged pairs (:class:`Emphasis` holds their weights):

- **places**: a gazetteer of Finnish municipalities and regions (``graph_model/places_fi.txt``, facts written out)
  is put through the analyser, so inflected forms meet it (*Lapissa* -> *lappi*), with the
  demonyms (*lappilainen*); a place term's weight is multiplied by ``Emphasis.place`` and a place name
  is never split into parts (*Rovaniemi* is not *niemi*);
- **boilerplate**: a word that many unrelated projects use is spread evenly across topics. Its
  *coherence* is the mean cosine between the texts holding it (the word itself left out), divided by
  that of random pairs (:func:`coherence`). A topic word's texts resemble each other (matkailu: tourism
  words), a boilerplate word's do not (kehittäminen). Words in at least :data:`BOILERPLATE_MIN_DF`
  texts are multiplied by ``log(coherence) / log(Emphasis.coherent)``, clipped to
  [``Emphasis.boilerplate``, 1];
- **compound parts** count only when the corpus supports them: a compound that is a word of its own
  in many texts (*kiertotalous*) is a concept, not its parts; its parts count
  ``min(1, part_support / df(compound))`` of an occurrence (a rare compound,
  *betonituoteyhteenliittymäselvitys*, keeps its parts whole).

:class:`TermCounter` counts terms that way (a drop-in for the ``CountVectorizer`` of
:class:`queries.text_similarity.TextIndex`; terms lower-cased, place names never split, and a query
word no text uses read as the known words sharing its first letters, those sharing more counting more,
*digitalisaatio* -> *digitalisointi*, *digitaalinen*, *digitointi*), and :func:`term_factors` gives the weight of each term.

What is shipped (``Emphasis()``): the counter only; the three weights are 1. Each was fitted on the
projects that started before 2010 and kept only if it helped there on both judged samples and then on
the later projects too (bench/relevance_split.py, bench/relevance/README.md): the place weight helped
on the earlier projects and lost on the later ones; boilerplate and compound-part weights did not help
on the earlier ones. They stay here, measured, for a list where those failures show.

Examples
--------
>>> from queries.text_analysis import load_analyser
>>> analyser = load_analyser("simplemma")
>>> sorted({"lappi", "itä", "suomi", "pohjanmaa"} <= place_terms(analyser) for _ in [0])
[True]
>>> "kiertotalous" in place_terms(analyser)
False
"""

from __future__ import annotations

import bisect
import math
import os
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from graph_model.places import GAZETTEER, gazetteer  # the gazetteer, one reader for every layer
from queries.text_analysis import MAX_TEXT_CHARS, STOP_WORDS, Analyser, words

__all__ = ["Emphasis", "TermCounter", "kin_terms", "place_terms", "coherence", "term_factors", "GAZETTEER",
           "BOILERPLATE_MIN_DF", "COHERENCE_SHARE", "KIN_PREFIX", "KIN_TERMS"]

#: Only words in at least this many texts are judged boilerplate or not (fewer: too little evidence).
BOILERPLATE_MIN_DF = 20
#: Coherence compares texts over their less common words only: words in at most this share of the
#: texts (otherwise two titles of the repeated "Investointi ja kehittäminen" kind make every pair alike).
COHERENCE_SHARE = 0.02
#: A word the texts never use is read as the known terms sharing at least this many of its first
#: letters, at most :data:`KIN_TERMS` of them (those sharing the most).
KIN_PREFIX, KIN_TERMS = 5, 8
_DEMONYM = ("lainen", "läinen")


def kin_terms(word: str, terms: list[str]) -> list[tuple[str, float]]:
    """The terms of ``terms`` (sorted) that a word they lack is read as: those sharing at least its first
    :data:`KIN_PREFIX` letters, the :data:`KIN_TERMS` sharing the most (shorter first among equals), each
    with its share of one occurrence (in proportion to the letters shared beyond the first
    ``KIN_PREFIX - 1``). The related-projects ranker (:meth:`TermCounter._kin`) and the search box
    (:mod:`queries.search`) read an unknown word so.

    >>> kin_terms("digitalisaatio", sorted(["digitalisointi", "digitaalinen", "digitointi", "diginet"]))
    [('digitalisointi', 0.625), ('digitaalinen', 0.25), ('digitointi', 0.125)]
    """
    stem = word[:KIN_PREFIX]
    at = bisect.bisect_left(terms, stem)
    shared: dict[str, int] = {}
    while len(stem) == KIN_PREFIX and at < len(terms) and terms[at].startswith(stem):
        term = terms[at]
        common = len(os.path.commonprefix([term, word]))
        if common >= KIN_PREFIX:
            shared[term] = common
        at += 1
    best = sorted(shared, key=lambda t: (-shared[t], len(t), t))[:KIN_TERMS]
    weights = {t: shared[t] - KIN_PREFIX + 1 for t in best}
    total = sum(weights.values())
    return [(t, w / total) for t, w in weights.items()]


@dataclass(frozen=True)
class Emphasis:
    """The weights of :mod:`queries.term_weights` (1: off; see the module for why all are off by default).

    ``place``: multiplies the weight of a place term; ``distinct_df``: a term's document frequency counts each distinct
    text once (a title repeated 500 times is one use); ``whole_coherence``: coherence is measured over
    whole words only (a compound's own parts, always beside it, are no sign that it names a topic:
    *toimintamalli* with *toiminta* and *malli*); ``boilerplate``: the least a boilerplate word is
    multiplied by; ``part_support``: a compound's parts count fully up to this many texts holding the
    compound, then less (``min(1, part_support / df)``); ``coherent``: a word whose texts are this many
    times as alike as random pairs counts fully (see :func:`coherence`).

    >>> Emphasis(place=0.5).place
    0.5
    """

    place: float = 1.0
    boilerplate: float = 1.0
    part_support: float = math.inf
    coherent: float = 5.0
    distinct_df: bool = False
    whole_coherence: bool = False


def _gazetteer() -> tuple[str, ...]:
    return gazetteer()


_PLACES: dict[str, frozenset[str]] = {}  # analyser name -> its place terms


def place_terms(analyser: Analyser) -> frozenset[str]:
    """The terms (lower case) of the gazetteer's names: each word of a name and its demonyms
    (*lappi*, *lappilainen*), never a compound's parts. A name counts when ``analyser`` reads it as
    itself: inflected forms in texts then meet it (*Lapissa* -> *lappi*).

    >>> from queries.text_analysis import load_analyser
    >>> terms = place_terms(load_analyser("plain"))
    >>> "rovaniemi" in terms, "niemi" in terms
    (True, False)
    """
    if analyser.name in _PLACES:
        return _PLACES[analyser.name]
    found: set[str] = set()
    for name in _gazetteer():
        for word in words(name):
            # the analyser's lemma only when it is the name itself: unknown names get rule-based
            # lemmas that are common words (Haukivuori -> hauki, Kesälahti -> kesä)
            found.update((word, *(word + ending for ending in _DEMONYM)))
    found = {t for t in found if analyser.word_terms(t)[0].lower() == t or t.endswith(_DEMONYM)}
    _PLACES[analyser.name] = frozenset(found)
    return _PLACES[analyser.name]


class TermCounter:
    """Counts terms of texts as :class:`~sklearn.feature_extraction.text.CountVectorizer` would, except
    that a compound's parts count ``min(1, part_support / df(compound))`` and a place name's none.

    ``fit_transform(texts)`` learns the vocabulary (terms in more than ``max_df`` of the texts dropped)
    and the compounds' document frequencies; ``transform(texts)`` counts new texts with them.

    >>> from queries.text_analysis import load_analyser
    >>> counter = TermCounter(load_analyser("simplemma"), part_support=1.0)
    >>> counts = counter.fit_transform(["kiertotalous", "kiertotalous koulussa", "talous"])
    >>> row = counter.transform(["kiertotalouden koulu"]).toarray()[0]
    >>> {t: round(float(row[i]), 2) for t, i in sorted(counter.vocabulary_.items()) if row[i]}
    {'kierto': 0.5, 'kiertotalous': 1.0, 'koulu': 1.0, 'talous': 0.5}
    """

    def __init__(self, analyser: Analyser, part_support: float = Emphasis.part_support, max_df: float = 1.0):
        self.analyser, self.part_support, self.max_df = analyser, part_support, max_df
        self.vocabulary_: dict[str, int] = {}
        self.compound_df: dict[str, int] = {}
        self._sorted: list[str] = []
        self._places = place_terms(analyser)

    def _words(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        out = []
        for word in words(text[:MAX_TEXT_CHARS]):
            # lower case: the dictionary capitalises a name's lemma from some forms only (Rovaniemen, rovaniemi)
            whole, *parts = (t.lower() for t in self.analyser.word_terms(word))
            out.append((whole, tuple(p for p in parts if p not in STOP_WORDS)))
        return out

    def _part_weight(self, whole: str) -> float:
        if whole in self._places:
            return 0.0
        return min(1.0, self.part_support / max(1, self.compound_df.get(whole, 1)))

    def _count(self, analysed: list[list[tuple[str, tuple[str, ...]]]], grow: bool) -> sp.csr_matrix:
        rows, cols, data = [], [], []
        for r, text in enumerate(analysed):
            counts: dict[int, float] = {}
            for whole, parts in text:
                weight = self._part_weight(whole)
                found = [(whole, 1.0), *((p, weight) for p in parts)]
                if not grow and not any(t in self.vocabulary_ for t, w in found if w > 0):
                    found = self._kin(whole)
                for term, w in found:
                    if term in STOP_WORDS or w <= 0:
                        continue
                    col = self.vocabulary_.setdefault(term, len(self.vocabulary_)) if grow else self.vocabulary_.get(term)
                    if col is not None:
                        counts[col] = counts.get(col, 0.0) + w
            rows += [r] * len(counts)
            cols += list(counts)
            data += list(counts.values())
        return sp.csr_matrix((np.asarray(data, dtype=np.float32), (rows, cols)),
                             shape=(len(analysed), len(self.vocabulary_)))

    def whole_counts(self, texts) -> sp.csr_matrix:
        """The counts of ``texts`` over the learnt vocabulary, whole words only (no compound parts, no kin).

        >>> from queries.text_analysis import load_analyser
        >>> counter = TermCounter(load_analyser("simplemma"))
        >>> _ = counter.fit_transform(["kiertotalous", "talous"])
        >>> row = counter.whole_counts(["kiertotalouden talous"]).toarray()[0]
        >>> {t: float(row[i]) for t, i in sorted(counter.vocabulary_.items()) if row[i]}
        {'kiertotalous': 1.0, 'talous': 1.0}
        """
        rows, cols = [], []
        for r, text in enumerate(texts):
            found = {self.vocabulary_[w] for w, _ in self._words(text) if w in self.vocabulary_ and w not in STOP_WORDS}
            rows += [r] * len(found)
            cols += sorted(found)
        return sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                             shape=(len(texts), len(self.vocabulary_)))

    def kin_words(self, text: str, other: str) -> list[str]:
        """Words of ``other`` (as written there) that a word of ``text`` unknown to the vocabulary was
        read as (see :meth:`_kin`), to explain a match.

        >>> from queries.text_analysis import load_analyser
        >>> counter = TermCounter(load_analyser("simplemma"))
        >>> _ = counter.fit_transform(["Työohjeiden digitalisointi", "Koulut"])
        >>> counter.kin_words("digitalisaatio kouluissa", "Työohjeiden digitalisointi")
        ['digitalisointi']
        """
        kin = {term for whole, parts in self._words(text)
               if whole not in self.vocabulary_ and not any(p in self.vocabulary_ for p in parts)
               for term, _ in self._kin(whole)}
        if not kin:
            return []
        return list(dict.fromkeys(w for w in words(other) if kin & {t.lower() for t in self.analyser.word_terms(w)}))

    def _kin(self, word: str) -> list[tuple[str, float]]:
        """An unknown word as the known terms that share at least its first :data:`KIN_PREFIX` letters
        (*digitalisaatio*: *digitalisointi*, *digital*, *digitaalinen*, *digitointi*), the
        :data:`KIN_TERMS` that share the most letters (shorter terms first among equals), sharing one
        occurrence in proportion to the letters they share beyond the first ``KIN_PREFIX - 1``.

        Only the longest shared stem was read before: *digitalisaatio* met the two titles holding
        *digitalisointi* and none of the forty holding *digitaalinen*.

        >>> from queries.text_analysis import load_analyser
        >>> counter = TermCounter(load_analyser("plain"))
        >>> _ = counter.fit_transform(["digitalisointi", "digitaalinen", "digitointi", "diginet", "kierto"])
        >>> [(t, round(w, 3)) for t, w in counter._kin("digitalisaatio")]  # diginet shares four letters only
        [('digitalisointi', 0.625), ('digitaalinen', 0.25), ('digitointi', 0.125)]
        """
        return kin_terms(word, self._sorted)

    def fit_transform(self, texts) -> sp.csr_matrix:
        """Learn the vocabulary and the compounds' document frequencies; the counts of ``texts``."""
        analysed = [self._words(t) for t in texts]
        df: dict[str, int] = {}
        for text in analysed:
            for whole in {w for w, parts in text if parts}:
                df[whole] = df.get(whole, 0) + 1
        self.compound_df, self.vocabulary_ = df, {}
        counts = self._count(analysed, grow=True)
        kept = np.flatnonzero(np.bincount(counts.indices, minlength=counts.shape[1]) <= self.max_df * len(texts))
        if not len(kept):
            raise ValueError("every term pruned")
        terms = sorted(self.vocabulary_, key=self.vocabulary_.get)
        self.vocabulary_ = {terms[c]: i for i, c in enumerate(kept)}
        self._sorted = sorted(self.vocabulary_)
        return counts[:, kept].tocsr()

    def transform(self, texts) -> sp.csr_matrix:
        """The counts of ``texts`` over the learnt vocabulary (unknown terms dropped)."""
        return self._count([self._words(t) for t in texts], grow=False)

    def get_feature_names_out(self) -> np.ndarray:
        """The terms, by column."""
        return np.array(sorted(self.vocabulary_, key=self.vocabulary_.get), dtype=object)


def coherence(counts: sp.csr_matrix, max_share: float = 1.0) -> np.ndarray:
    """Per term: the mean cosine between the texts holding it, the term itself left out, divided by
    the mean cosine of random pairs of texts (1: spread like chance; higher: a topic).

    Texts are TF-IDF vectors (binary, smoothed IDF); a term in fewer than two texts gets 0.

    >>> counts = sp.csr_matrix(np.array([[1, 1, 0, 1], [1, 1, 0, 0], [1, 0, 1, 0], [0, 0, 1, 1.0]]))
    >>> [round(float(c), 2) for c in coherence(counts)]
    [0.38, 0.76, 0.0, 0.0]
    """
    binary = (counts > 0).astype(np.float64).tocsr()
    n = binary.shape[0]
    df = np.asarray(binary.sum(axis=0)).ravel()
    idf = np.where(df <= max_share * n, np.log((1.0 + n) / (1.0 + df)) + 1.0, 0.0)
    x = binary @ sp.diags(idf)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = (sp.diags(1.0 / norms) @ x).tocsr()
    total = np.asarray(x.sum(axis=0)).ravel()
    self_norms = np.asarray(x.multiply(x).sum(axis=1)).ravel()
    baseline = (total @ total - self_norms.sum()) / max(1, n * (n - 1))
    sums = (binary.T @ x).tocsr()  # row t: the sum of the vectors of the texts holding t
    xx = x.multiply(x).tocsc()
    squares = np.asarray(sums.multiply(sums).sum(axis=1)).ravel()
    diagonal = sums.diagonal()
    own_squares = np.asarray(xx.sum(axis=0)).ravel()  # sum over texts of the term's own squared weight
    text_squares = binary.T @ self_norms  # sum over texts holding t of their squared norms
    pairs = df * (df - 1)
    within = (squares - diagonal ** 2 - (text_squares - own_squares)) / np.maximum(pairs, 1)
    return np.maximum(np.where(pairs > 0, within / baseline if baseline > 0 else 0.0, 0.0), 0.0)


def term_factors(terms: np.ndarray, counts: sp.csr_matrix, analyser: Analyser,
                 emphasis: Emphasis, whole: sp.csr_matrix | None = None) -> np.ndarray:
    """The weight multiplier of each term (column of ``counts``): place, boilerplate or 1. ``whole``: the
    same texts' whole-word counts: when given, coherence is measured over them for the terms written
    whole in at least :data:`BOILERPLATE_MIN_DF` texts.

    >>> from queries.text_analysis import load_analyser
    >>> counts = sp.csr_matrix(np.ones((2, 2)))
    >>> term_factors(np.array(["lappi", "koulu"]), counts, load_analyser("simplemma"), Emphasis(place=0.2)).tolist()
    [0.2, 1.0]
    """
    places = place_terms(analyser)
    factors = np.array([emphasis.place if str(t).lower() in places else 1.0 for t in terms])
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    frequent = df >= BOILERPLATE_MIN_DF
    if frequent.any() and emphasis.boilerplate < 1.0:  # (1: boilerplate weighs as much as any word)
        ratio = coherence(counts, COHERENCE_SHARE)
        if whole is not None:  # a term written whole often enough is judged by the whole words beside it
            written = np.bincount(whole.indices, minlength=whole.shape[1]) >= BOILERPLATE_MIN_DF
            ratio = np.where(written, coherence(whole, COHERENCE_SHARE), ratio)
        topical = np.clip(np.log(np.maximum(ratio, 1.0)) / np.log(emphasis.coherent), emphasis.boilerplate, 1.0)
        factors = np.where(frequent, np.minimum(factors, topical), factors)
    return factors
