"""Find an entity by its name: the search box of the web app, word by word, Finnish inflections included.

Each entity's names (labels in every language, a goal's code, the id) are cut into words; each word
gives its terms through the same analyser as :mod:`queries.related` (:mod:`queries.text_analysis`:
lemmas and compound parts), so *ilmastohankkeiden* finds *Ilmasto-ohjelma* and *kouluissa* finds
*Koulu*. A query matches an entity when every query word matches one of its words, by term or as it
is written; the last word also matches as the start of a word, so suggestions appear while a person
types (*kierto* finds *Kiertotalous*). A word that no name holds in any form is read as its kin, as the
related-projects ranker reads it (:func:`queries.term_weights.kin_terms`: the words and terms sharing
its first letters), so *digitalisaatio* finds *digitalisointi* and *digitaaliset*; such a word counts
:data:`KIN_WEIGHT` of a word found as it is. A compound query word is read whole before its parts: a
name holding *kiertotalous* (any inflection, or inside a longer compound) comes before one holding only
*talous* or *kierto*, whose parts count :data:`PART_WEIGHT` together at most, divided by the number of
names holding the whole word (the related ranker's rule: a compound the names use is a concept, not
its parts). Rare words count more (``1 / log(2 + df)``); ties go to
the shorter name. An id typed exactly comes first.

Examples
--------
>>> from queries.projection import GraphData
>>> g = GraphData(types={"P1": "Project", "G1": "Goal", "U1": "Unit"},
...               labels={"P1": {"fi": "Ilmastohankkeet kouluissa"}, "G1": {"fi": "Kiertotalous"},
...                       "U1": {"fi": "Koulutuspalvelut"}}, props={"G1": {"code": "G11"}})
>>> index = SearchIndex.build(g)
>>> [h.id for h in index.query("ilmastohanke koulu")]
['P1']
>>> [(h.id, h.type) for h in index.query("kierto")]
[('G1', 'Goal')]
>>> [h.id for h in index.query("g11")], index.query("<script>")
(['G1'], [])
>>> g = GraphData(types={"P3": "Stakeholder", "P4": "Project"},
...               labels={"P3": {"fi": "Taloustieto Oy"}, "P4": {"fi": "Kiertotalouden vientiosaamisen keskus"}})
>>> whole, part = SearchIndex.build(g).query("kiertotalous")
>>> whole.label, part.label, part.score / whole.score <= PART_WEIGHT / 2  # one of two parts
('Kiertotalouden vientiosaamisen keskus', 'Taloustieto Oy', True)
>>> g = GraphData(types={"P2": "Project"}, labels={"P2": {"fi": "Työohjeiden digitalisointi"}})
>>> [h.id for h in SearchIndex.build(g).query("digitalisaatio ")]
['P2']
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from graph_model.schema_types import NodeType
from queries.projection import GraphData
from queries.term_weights import kin_terms
from queries.text_analysis import STOP_WORDS, Analyser, load_analyser

__all__ = ["SearchHit", "SearchIndex", "SEARCH_KINDS", "MAX_QUERY_CHARS", "KIN_WEIGHT", "PART_WEIGHT"]

#: The kinds of entity the search box finds, in the order their ties are listed.
SEARCH_KINDS = (NodeType.PROJECT, NodeType.SECTOR, NodeType.UNIT, NodeType.STAKEHOLDER, NodeType.GOAL,
                NodeType.METRIC, NodeType.GOVERNING_BODY, NodeType.NETWORK, NodeType.PERSON)
#: A query longer than this is cut (names are short; a pasted page would only cost time).
MAX_QUERY_CHARS = 200
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_MAX_PREFIX_WORDS = 400  # a one-letter prefix would otherwise union half the vocabulary
#: What a query word found only through its kin counts, beside a word found as it is (so names holding
#: the word itself, in any form, come first).
KIN_WEIGHT = 0.5
#: What the parts of a compound query word count together in a name that does not hold the word itself,
#: when no name holds it; divided by the number of names that do (the related ranker's rule: a compound
#: the corpus uses is a concept, *kierto* and *talous* are not *kiertotalous*).
PART_WEIGHT = 0.25


@dataclass(frozen=True)
class SearchHit:
    """One entity found: its id, node type, name in the asked language and score."""

    id: str
    type: str
    label: str
    score: float

    def as_dict(self) -> dict:
        """The hit as a plain dict (for JSON)."""
        return dict(self.__dict__)


class SearchIndex:
    """Words and terms of every searchable entity's names; build once with :meth:`build`, query often."""

    def __init__(self, graph: GraphData, analyser: Analyser):
        self.graph = graph
        self.analyser = analyser
        self.ids: list[str] = []
        self.postings: dict[str, set[int]] = defaultdict(set)  # a written word or a term -> entity rows
        self.vocabulary: list[str] = []  # written words, sorted, for prefixes
        self.keys: list[str] = []  # written words and terms, sorted, for a word's kin
        self._joined = ""  # the vocabulary joined by newlines, for the words holding a compound
        self._starts: list[int] = []  # where each word starts in it

    @classmethod
    def build(cls, graph: GraphData, analyser: Analyser | None = None) -> SearchIndex:
        """Index the names of every entity of :data:`SEARCH_KINDS` in ``graph``.

        ``analyser`` defaults to the best that loads (as :meth:`queries.related.RelatedIndex.build`).
        """
        index = cls(graph, analyser or load_analyser())
        written: set[str] = set()
        for kind in SEARCH_KINDS:
            for ident in graph.ids_of(kind):
                row = len(index.ids)
                index.ids.append(ident)
                names = [*graph.labels.get(ident, {}).values(), graph.props.get(ident, {}).get("code", ""), ident]
                for word in _WORD.findall(" ".join(names).lower()):
                    written.add(word)
                    index.postings[word].add(row)
                    for term in index._terms(word):
                        index.postings[term].add(row)
        index.vocabulary = sorted(written)
        index._joined = "\n".join(index.vocabulary)
        index._starts = list(itertools.accumulate((len(w) + 1 for w in index.vocabulary[:-1]), initial=0))
        index.keys = sorted(index.postings)
        return index

    def _terms(self, word: str) -> tuple[str, ...]:
        return self.analyser.word_terms(word) if len(word) >= 3 else ()

    def __len__(self) -> int:
        return len(self.ids)

    def query(self, text: str, *, top: int = 10, kinds: tuple[str, ...] | None = None,
              lang: str = "fi") -> list[SearchHit]:
        """The ``top`` entities whose names match every word of ``text``, best first.

        ``kinds`` keeps only those node types; ``lang`` is the language of the returned names. A text
        without words (punctuation, markup, only stop words) finds nothing.
        """
        tokens = _WORD.findall(text[:MAX_QUERY_CHARS].lower())
        open_end = bool(text) and not text[:MAX_QUERY_CHARS][-1:].isspace()
        scores: dict[int, float] | None = None
        for i, token in enumerate(tokens):
            rows = self._rows(token, prefix=open_end and i == len(tokens) - 1)
            if not rows:
                if token in STOP_WORDS:
                    continue
                return []
            weight = 1.0 / math.log(2 + sum(rows.values()))  # a part or kin match is a fraction of a name
            scores = ({r: weight * share for r, share in rows.items()} if scores is None
                      else {r: s + weight * rows[r] for r, s in scores.items() if r in rows})
        if not scores:
            return []
        exact = text.strip().casefold()
        hits = []
        for row, score in scores.items():
            ident = self.ids[row]
            kind = self.graph.type_of(ident)
            if kinds and kind not in kinds:
                continue
            label = self.graph.label(ident, lang)
            bonus = 10.0 if ident.casefold() == exact else 0.0
            hits.append(SearchHit(ident, kind, label, round(score + bonus, 4)))
        # among equal scores the name written as searched first (not a shorter misspelt one), then shorter
        hits.sort(key=lambda h: (-h.score, h.label.casefold() != exact, len(h.label), h.label.casefold(), h.id))
        return hits[:top]

    def _kin(self, token: str) -> dict[int, float]:
        """The rows of the words and terms that ``token`` (or its own terms) is read as when no name holds
        it, each with what it counts: :data:`KIN_WEIGHT` for the kin sharing the most letters, less for
        the others in proportion (*digitalisointi* before *digital* for *digitalisaatio*)."""
        for form in dict.fromkeys((token, *self._terms(token))):
            kin = kin_terms(form, self.keys)
            rows: dict[int, float] = {}
            for term, share in kin:
                for row in self.postings[term]:
                    rows[row] = max(rows.get(row, 0.0), KIN_WEIGHT * share / kin[0][1])
            if rows:
                return rows
        return {}

    def _rows(self, token: str, prefix: bool) -> dict[int, float]:
        """The rows ``token`` matches, each with its share: 1 for a name holding the word whole (as
        written, inflected, inside a longer compound, or as its start while typing), :data:`PART_WEIGHT`
        at most for one holding only parts of the compound it splits into (the rarer part more), less the
        more names hold it whole, and the kin's share (:meth:`_kin`) for a word no name holds whole."""
        terms = self._terms(token)
        whole = dict.fromkeys(self._matches(token, terms[:1], prefix, inside=len(terms) > 1), 1.0)
        parts = [p for p in dict.fromkeys(terms[1:]) if p not in STOP_WORDS]
        rows: dict[int, float] = {}
        if parts:  # "kierto" of *kiertotalous* is not the word: its parts count only where it is rare
            rarity = {part: 1.0 / math.log(2 + len(self.postings.get(part, ()))) for part in parts}
            for part, weight in rarity.items():  # the rarer part says more (kierto- before talous-)
                share = PART_WEIGHT * weight / sum(rarity.values()) / max(1, len(whole))
                for row in self.postings.get(part, ()):
                    rows[row] = rows.get(row, 0.0) + share
        if not whole and token not in STOP_WORDS:
            for row, share in self._kin(token).items():
                rows[row] = max(rows.get(row, 0.0), share)
        return rows | whole

    def _matches(self, token: str, lemma: tuple[str, ...], prefix: bool, inside: bool) -> set[int]:
        """Rows holding ``token`` whole: as written or as its ``lemma``, at the start of a word while
        typing (``prefix``), and, for a compound (``inside``), inside a longer written word
        (*kiertotalous* in *kiertotalousyhteistyö*, which splits into kierto, talous, yhteistyö)."""
        rows = set(self.postings.get(token, ()))
        for term in lemma:
            rows |= self.postings.get(term, set())
        if prefix and len(token) >= 2:
            start = bisect.bisect_left(self.vocabulary, token)
            for word in self.vocabulary[start:start + _MAX_PREFIX_WORDS]:
                if not word.startswith(token):
                    break
                rows |= self.postings[word]
        if inside:
            for needle in {token, *lemma}:
                for word in self._words_holding(needle):
                    rows |= self.postings[word]
        return rows

    def _words_holding(self, needle: str):
        """The written words that hold ``needle`` (one search of the joined vocabulary, not a loop)."""
        at = self._joined.find(needle) if needle else -1
        while at >= 0:
            i = bisect.bisect_right(self._starts, at) - 1
            yield self.vocabulary[i]
            at = self._joined.find(needle, self._starts[i] + len(self.vocabulary[i]) + 1)  # the next word
