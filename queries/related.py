"""Related projects: for a project or a free-text idea, the projects that work on the same things.

The score of a candidate ``q`` for a project ``p`` adds two parts:

- **structure** (weight ``1 - TEXT_WEIGHT``): a weighted Dice overlap of the projects' goals, themes,
  partners (the leading unit and the partners) and funding sources. A shared neighbour ``t`` counts
  ``w(t) = alpha_f / (df(t) + DF_SMOOTHING)``, where ``df(t)`` is the number of projects linked to
  ``t`` and ``alpha_f`` the weight of its facet (:data:`FACET_WEIGHTS`: goals and themes 1, partners
  0.5, funding 0.25), so rare shared neighbours count more than common ones (optionally, an
  organisation or fund of more than ``common_share`` of the projects not at all; see
  :data:`COMMON_SHARE`)::

      structure(p, q) = 2 * sum(w(t) for t shared) / (S(p) + S(q))
      S(p) = sum(w(t) for t of p with df(t) > 1)

  (a neighbour no other project has can never be shared, so it does not dilute ``S``). The same
  number is computed by ``queries/sparql/related_projects.rq`` and
  ``queries/cypher/analysis_related_projects.cypher``; SPARQL has no logarithm or square root, hence
  a rational rarity weight and Dice rather than log-IDF and cosine.
- **words** (weight ``text_weight``): the similarity of the projects' BM25 vectors over lemmas and
  compound parts, in [0, 1]: the rare terms two texts share, each text divided by only part of its
  length, so that a title sharing two rare words is not outranked by a one-word title sharing one,
  times the share of the query's term weight the other text holds to the power
  :data:`~queries.text_similarity.COORDINATION` (a title sharing only a generic part of a long query
  counts less; issue 21, seventh round) (labels and descriptions in every language; see :mod:`queries.text_similarity`, and
  :mod:`queries.text_analysis` for the analyser used, which :attr:`RelatedIndex.analyser` names).
  Where words carry the score (a free text, or a store whose projects lack informative goals and
  themes), an index built with ``feedback=FEEDBACK`` first expands the query's words with those of its
  best matches (pseudo-relevance feedback; off by default, as it did not hold on a second fresh sample);
  a project found only through them is explained by "words of the closest matches".

The score adapts to what the store holds:

- the text weight is :data:`TEXT_WEIGHT` (0.1) when every project has an informative goal or theme
  (one of at most about :data:`INFO_DF` projects), and moves to :data:`WORDS_WEIGHT` in proportion to
  the projects that have none: when the store holds no goals or themes (a flat project list), or only
  themes of thousands of projects each (a programme part), words carry the ranking. In the example
  city, words break ties (a larger weight let generic wording outrank shared goals there);
- the structural score is multiplied by ``overlap / (overlap + info_mass)``, ``info_mass`` being the
  rarity weight of a goal shared by :data:`INFO_DF` projects: a pair that shares only common
  neighbours (a fund of half the projects, an organisation leading hundreds) counts little, however
  much of the two projects' structure that is. :data:`WORDS_WEIGHT` and :data:`INFO_DF` were fitted on
  the judged relevance set of 19,940 real Finnish project titles (bench/relevance.py), not on the
  example city.

``by="topic"`` ranks by words, goals and themes only; ``by="partners"`` by shared organisations and
funding only (Dice over those facets, with the same information factor). Every result gives both
parts (``topic``, ``partners``), the reasons of each (``same_topic``, ``same_organisation``) and
whether it is a possible duplicate (near-identical title; see :mod:`queries.duplicates`).

A free-text idea has no structure, so its score is the text similarity alone.

Where words carry the score (a flat project list), a project's top 30 (``by="all"``) are then ordered by a
frozen learned re-ranker over named features of each candidate (:mod:`queries.rerank`; issue 21, rounds 9-11);
each row keeps its score and reasons. Free texts, ``by="topic"`` and ``by="partners"`` are not re-ranked.

:meth:`RelatedIndex.build` does the work once (sparse incidence matrices and text vectors); one
:meth:`RelatedIndex.query` is then a sparse row product and a vector product (a few ms at 20,000
projects).

:meth:`RelatedIndex.top_k_all` gives every project its best ``k``. Up to :data:`EXACT_ALL_LIMIT`
projects it scores every pair. Above, that would grow with the square of the projects, so it scores
only *candidates*, in time close to linear in the edges:

- every pair that shares a neighbour linked to at most :data:`HUB_DF` projects (a sparse product
  over those neighbours: goals, most partners, rare themes);
- for each *hub* (a neighbour linked to more projects, such as a national funding programme), its
  :data:`HUB_LEADERS` projects of least mass ``S``, which the hub alone relates most strongly to any
  of its projects (``2 w / (S(p) + S(q))`` grows as ``S(q)`` shrinks);
- for a project whose ``k``-th best candidate scores at most the text weight (the most that words
  alone can score), its ``k`` most similar texts (see
  :meth:`queries.text_similarity.TextIndex.neighbours`). Elsewhere no pair that shares nothing can
  reach the top ``k``.

Candidates are scored exactly as by :meth:`~RelatedIndex.query` (see :mod:`queries.related_candidates`),
except those whose structure could not reach the ``k``-th best score even with identical texts. A pair is missed only when it shares
nothing but hubs and leads none of them, or (beyond a few thousand text searches) when the approximate
text search misses it: on the synthetic region (20,000 projects) 99.96% of the exact top 10 is found,
on the nation (200,000) 99.9% of a sample of 500 projects.

Examples
--------
>>> index = RelatedIndex.build(example_graph)  # the example city (the doctests' namespace)
>>> best = index.query("P-KIERTO", top=3)
>>> [r.id for r in best]
['P-KIERTORAK', 'P-KOULUKIERTO', 'P-RUOKAHAVIKKI']
>>> best[1].shared["goals"], best[1].reasons[0]
(['G11', 'G11.2'], 'shared themes: T-CIRCULAR Kiertotalous; T-SUST Kestävä kehitys')
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from graph_model.schema_types import NodeType, ProjectStatus, RelType
from graph_model.store import GraphStore
from ontologies.errors import InputError, NotFoundError, UsageError
from queries.duplicates import near_identical
from queries.projection import GraphData, load_graph
from queries.related_candidates import HUB_DF, HUB_LEADERS, CandidateSearch, informed
from queries.rerank import K, Reranker
from queries.term_weights import Emphasis
from queries.text_analysis import Analyser, words as _words
from queries.text_similarity import COORDINATION, NORM_POWER, Feedback, TextIndex
from queries.topk import top_indices as _top_indices

__all__ = ["RelatedProject", "RelatedIndex", "Ranked", "related_projects", "FACETS", "FACET_WEIGHTS", "TEXT_WEIGHT",
           "WORDS_WEIGHT", "INFO_DF", "EMPHASIS", "FEEDBACK", "DEFAULT_FEEDBACK", "CLOSEST_REASON", "COMMON_SHARE", "COMMON_MIN", "BY",
           "TOPIC_FACETS", "PARTNER_FACETS", "EMPTY_STORE", "EXACT_ALL_LIMIT", "HUB_DF", "HUB_LEADERS", "unknown_id",
           "require_project", "project_text"]

#: Facet -> the project relations whose targets form it.
FACETS: dict[str, tuple[str, ...]] = {
    "goals": (RelType.CONTRIBUTES_TO.value,), "themes": (RelType.HAS_THEME.value,),
    "partners": (RelType.LED_BY.value, RelType.HAS_PARTNER.value), "funding": (RelType.FUNDED_BY.value,)}
#: The facets of "same topic" and of "same organisation".
TOPIC_FACETS, PARTNER_FACETS = ("goals", "themes"), ("partners", "funding")
#: How much a shared neighbour of each facet counts (before the ``1/df`` rarity weight).
FACET_WEIGHTS: dict[str, float] = {"goals": 1.0, "themes": 1.0, "partners": 0.5, "funding": 0.25}
#: The share of text similarity in the score when every project has goals or themes.
TEXT_WEIGHT = 0.1
#: The share of text similarity when no project has goals or themes (fitted on bench/relevance.py).
WORDS_WEIGHT = 0.95
#: How much place names, boilerplate words and compound parts count: as much as any word (none of the
#: three weights held on the later projects of bench/relevance_split.py; see :mod:`queries.term_weights`).
EMPHASIS = Emphasis()
#: Pseudo-relevance feedback on the words where they carry the score (a text, or a store whose projects
#: lack informative goals and themes): the query's words expanded with those of its 10 best matches.
#: Chosen on the 120 judged queries of bench/relevance_split.py (+0.013 / +0.006 nDCG@10, distinct titles
#: / projects), it gained on a fresh sample of 100 later projects (bench/relevance_fresh.py: +0.014 /
#: +0.014) and lost on a second one (bench/relevance_fresh2.py: -0.003 / -0.013, the projects loss outside
#: its interval): about nothing over the 200 fresh queries, so it is off by default
#: (:data:`DEFAULT_FEEDBACK`) and kept as an option (``RelatedIndex.build(..., feedback=FEEDBACK)``);
#: see bench/relevance/README.md, fifth and sixth rounds.
FEEDBACK = Feedback(docs=10, terms=30, weight=0.25)
#: The feedback an index uses unless told otherwise: none (see :data:`FEEDBACK`).
DEFAULT_FEEDBACK: Feedback | None = None
#: The reason given for a project found only through the words of the query's best matches (feedback).
CLOSEST_REASON = "words of the closest matches"
#: A shared neighbour counts fully once its rarity weight outweighs that of a goal of this many projects.
INFO_DF = 100.0
#: What to rank by: everything, words + goals + themes, or shared organisations + funding.
BY = ("all", "topic", "partners")
#: An organisation or funding source linked to more than this share of the projects (and to more than
#: :data:`COMMON_MIN`) counts for nothing when ``common_share`` is below 1 (a funding authority leading
#: 3% of the projects is not what makes two of them partners). Off by default: on the judged queries
#: (bench/relevance_split.py) it changed nothing at 0.3%, 1% or 3%, and the SPARQL and Cypher
#: versions of the structural score do not apply it.
COMMON_SHARE, COMMON_MIN = 1.0, 50
#: Added to a neighbour's project count before dividing, so that the rarity weight is not too steep.
DF_SMOOTHING = 5.0
EMPTY_STORE = "the store holds no projects; run `stratgraph demo` or `stratgraph ingest`"
#: Up to this many projects, :meth:`RelatedIndex.top_k_all` scores every pair (exact); above, candidates.
EXACT_ALL_LIMIT = 5_000
_CHUNK = 512
_BLOCK_CELLS = 20_000_000


@dataclass
class RelatedProject:
    """One related project: its score and why (``shared`` holds ids, ``reasons`` readable sentences; a
    theme or fund most projects share is left out of both when something else says why: see
    :meth:`RelatedIndex._telling`)."""

    id: str
    label: str
    sector: str | None
    status: str | None
    score: float
    reasons: list[str] = field(default_factory=list)
    shared: dict[str, list[str]] = field(default_factory=dict)
    topic: float = 0.0
    partners: float = 0.0
    same_topic: list[str] = field(default_factory=list)
    same_organisation: list[str] = field(default_factory=list)
    possible_duplicate: bool = False

    def as_dict(self) -> dict:
        """The result as a plain dict (for JSON and tables)."""
        return dict(self.__dict__)


class Ranked(NamedTuple):
    """A place in :meth:`RelatedIndex.ranked`: the project and what :meth:`RelatedIndex.explain` needs."""

    id: str
    row: int
    own: int | None  # the row of the project asked about (None for a text)
    text: str | None
    score: float
    topic: float
    partners: float
    expansion: tuple[str, ...] = ()  # the feedback terms the query's words were expanded with


def unknown_id(ident: str, known: list[str], what: str = "project") -> NotFoundError:
    """A NotFoundError naming the closest known ids.

    >>> str(unknown_id("P-HNRR", ["P-HNR", "P-NEB"]))
    "no project 'P-HNRR'; closest ids: P-HNR, P-NEB"
    >>> str(unknown_id("A30808", ["SF-A30808", "SF-A30809"]))
    "no project 'A30808'; closest ids: SF-A30808"
    """
    prefixed = [k for k in known if k.endswith("-" + ident)]  # "A70808" for "SF-A70808": a source's prefix
    pool = known if len(known) <= 20_000 else [k for k in known if k[:2].lower() == ident[:2].lower()]
    close = prefixed[:3] or difflib.get_close_matches(ident, pool, n=3, cutoff=0.5)
    if not close:
        close = difflib.get_close_matches(ident.upper(), pool, n=3, cutoff=0.3)
    hint = f"; closest ids: {', '.join(close)}" if close else ""
    return NotFoundError(f"no {what} {ident!r}{hint}")


#: English function words (scikit-learn's list, kept as a file so that a call need not import scikit-learn).
ENGLISH_FUNCTION_WORDS = Path(__file__).with_name("stopwords_en.txt")

#: Words that are never a reason, beyond the analysers' stop words: English function words, Finnish and
#: Swedish numerals, pronouns and verbs of being that the analysers keep, and "the city".
_NOT_REASONS = frozenset(
    line.strip() for line in ENGLISH_FUNCTION_WORDS.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")) | frozenset("""
yksi yhden yhtä yhteen kaksi kahden kolme neljä viisi olla olevat oleva olevan voi voida voidaan tulee
ovat ollut kaikki kaikkien muiden muut muita jossa joissa jotta mutta vain noin yli alle kuten mukaan
välillä kautta osana sekä lisäksi myös tämän näiden niiden heidän meidän
ett två tre fyra fem vara kan ska alla andra inom genom under över mellan också samt
kaupunki kaupungin kaupungissa kaupungille kaupunkia kunta kunnan city stad staden kommun kommunen
""".split())  # and the city itself: every project is the city's
_MIN_REASON = 4  # letters: "one", "för" and word fragments say nothing
_MIN_IDF_DOCS = 20  # below this many projects a word's rarity says little


def _informative(word: str) -> bool:
    return len(word) >= _MIN_REASON and word.lower() not in _NOT_REASONS and not word.isdigit()


_COMPOUND = re.compile(r"\w+(?:-\w+)+")


def _fragments(text: str) -> set[str]:
    """Parts of hyphenated words that lean on a function word ("stop" of "one-stop"): alone they say
    something else.

    >>> sorted(_fragments("One-stop centre; ilmasto-ohjelma"))
    ['stop']
    """
    out = set()
    for compound in _COMPOUND.findall(text.lower()):
        parts = compound.split("-")
        if any(not _informative(p) for p in parts):
            out.update(p for p in parts if _informative(p))
    return out


def require_project(graph: GraphData, ident: str | None) -> None:
    """Raise :func:`unknown_id`'s NotFoundError unless ``ident`` (if given) is a project: callers check
    before :meth:`RelatedIndex.build`, which takes seconds on a national project list.

    >>> require_project(GraphData(types={"SF-A70808": "Project"}), "A70808")
    Traceback (most recent call last):
    ...
    ontologies.errors.NotFoundError: no project 'A70808'; closest ids: SF-A70808
    """
    projects = graph.ids_of(NodeType.PROJECT)
    if ident is not None and projects and graph.type_of(ident) != NodeType.PROJECT:  # none: the build says so
        raise unknown_id(ident, projects)


def project_text(graph: GraphData, ident: str) -> str:
    """A project's labels and descriptions in every language, as one text.

    >>> project_text(GraphData(labels={"P": {"fi": "Ilmasto", "en": "Climate"}}), "P").split()
    ['Ilmasto', 'Climate']
    """
    parts = list(graph.labels.get(ident, {}).values()) + list(graph.descriptions.get(ident, {}).values())
    return "\n".join(parts)


def _text_weight(topics: sp.csr_matrix, info_df: float, words_weight: float) -> float:
    """The share of words in the score: :data:`TEXT_WEIGHT` when every project (row of ``topics``, its
    goals and themes) has an informative goal or theme, moving to ``words_weight`` in proportion to the
    projects that have none.

    A goal or theme is informative when at most ``info_df`` projects have it (any, when ``info_df`` is
    0): a theme that a whole programme part of thousands of projects shares (the structural-funds list's
    ``Ohjelma / osio``, read as a theme by the shipped mapping) says nothing about the topic, and letting
    it hold the text weight at :data:`TEXT_WEIGHT` made a shared programme part and implementer outrank
    every project on the same subject.

    >>> few = sp.csr_matrix(np.array([[1, 0], [0, 1], [1, 1]]))  # goals of a few projects each
    >>> round(_text_weight(few, 100, 0.95), 3)
    0.1
    >>> one_theme = sp.csr_matrix(np.ones((300, 1)))  # one theme of every project
    >>> round(_text_weight(one_theme, 100, 0.95), 3), round(_text_weight(one_theme, 0, 0.95), 3)
    (0.95, 0.1)
    """
    incidence = (topics > 0).astype(np.float64).tocsr()
    df = np.bincount(incidence.indices, minlength=incidence.shape[1])
    informative = df <= info_df if info_df > 0 else df > 0
    with_topic = float(np.mean(incidence @ informative.astype(np.float64) > 0)) if incidence.shape[0] else 1.0
    return with_topic * TEXT_WEIGHT + (1 - with_topic) * words_weight


def _facet_matrix(graph: GraphData, facet: str, rows: list[str]) -> tuple[sp.csr_matrix, list[str]]:
    row = {p: i for i, p in enumerate(rows)}
    links = {(s, o) for r in FACETS[facet] for s, o in graph.edges.get(r, ()) if s in row}
    targets = sorted({t for _, t in links})
    col = {t: i for i, t in enumerate(targets)}
    pairs = {(row[s], col[t]) for s, t in links}
    r = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
    c = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=len(pairs))
    data = np.ones(len(pairs), dtype=np.float64)
    return sp.csr_matrix((data, (r, c)), shape=(len(rows), len(targets))), targets


class RelatedIndex:
    """Projects as weighted incidence rows and text vectors, built once for many queries.

    Use :meth:`build`; the attributes are read-only by convention. ``analyser`` names the text
    analyser in use and ``notes`` say why a better one could not be loaded.
    """

    def __init__(self, graph: GraphData, ids: list[str]):
        self.graph = graph
        self.ids = ids
        self.row = {p: i for i, p in enumerate(ids)}
        self.sectors = np.array([graph.sector_of(p) or "" for p in ids], dtype=object)
        self.statuses = np.array([graph.props.get(p, {}).get("status", "") for p in ids], dtype=object)
        self.columns: list[tuple[str, str]] = []
        self.structure = sp.csr_matrix((len(ids), 0))
        self.structure_t = sp.csr_matrix((0, len(ids)))
        self.topical = np.zeros(0, dtype=bool)  # per column: a goal or theme
        self.topic_structure = sp.csr_matrix((len(ids), 0))
        self.topic_structure_t = sp.csr_matrix((0, len(ids)))
        self.mass = np.zeros(len(ids))
        self.topic_mass = np.zeros(len(ids))
        self.texts: list[str] = []
        self.text = TextIndex(ids)
        self.text_weight = TEXT_WEIGHT
        self.feedback: Feedback | None = DEFAULT_FEEDBACK
        self.info_mass = FACET_WEIGHTS["goals"] / (INFO_DF + DF_SMOOTHING)
        self.loaded_from: str | None = None  # the cache file it was read from (queries.related_cache)
        self.rerank = True  # re-rank a project's top 30 (queries.rerank); built with rerank=False: not
        self._reranker: Reranker | None = None
        self._reranker_ready = False
        #: An index of the same projects and texts whose re-ranker, when built, lends its n-gram and plain
        #: vectors to this one's (:meth:`Reranker.build`'s ``like``): the web app's index after an
        #: accepted organisation match. Dropped once this index's re-ranker is built.
        self.like: RelatedIndex | None = None

    @property
    def analyser(self) -> str:
        """The text analyser in use (voikko, simplemma, snowball, plain or ngram)."""
        return self.text.analyser_name

    @property
    def notes(self) -> list[str]:
        """Why better analysers could not be loaded (empty when the best one was)."""
        return list(self.text.analyser.notes) if self.text.analyser else []

    @classmethod
    def build(cls, graph: GraphData, analyser: Analyser | None = None, weighting: str = "bm25",
              words_weight: float = WORDS_WEIGHT, info_df: float = INFO_DF,
              norm_power: float = NORM_POWER, emphasis: Emphasis | None = EMPHASIS,
              common_share: float = COMMON_SHARE,
              feedback: Feedback | None = DEFAULT_FEEDBACK, coordination: float = COORDINATION,
              rerank: bool = True) -> RelatedIndex:
        """Index every project of ``graph``.

        Parameters
        ----------
        analyser
            The text analyser (default: the best that loads, see :func:`queries.text_analysis.load_analyser`).
        weighting
            ``"bm25"`` or ``"tfidf"`` for the words.
        words_weight, info_df, norm_power
            See :data:`WORDS_WEIGHT`, :data:`INFO_DF` and :data:`queries.text_similarity.NORM_POWER` (for
            fitting them; ``info_df=0``: no information factor).
        common_share
            See :data:`COMMON_SHARE` (``1.0``, the default: every shared organisation and fund counts).
        emphasis
            How much place names, boilerplate words and compound parts count (see
            :mod:`queries.term_weights` and :data:`EMPHASIS`; None: as much as any word).
        feedback
            Pseudo-relevance feedback where words carry the score (:data:`FEEDBACK`; the default, None: none).
        coordination
            The words part times the share of the query's term weight a project holds, to this power
            (:data:`queries.text_similarity.COORDINATION`; 0: none).
        rerank
            Order a project's top :data:`queries.rerank.K` (``by="all"``) by the learned re-ranker
            (:mod:`queries.rerank`; its indexes are built at the first such query, or loaded by
            :mod:`queries.related_cache`). Only with ``feedback=None`` and where words carry the score (a
            text weight above 0.5: a flat project list), as the model was fitted.

        Raises
        ------
        InputError
            When the graph holds no project.

        Examples
        --------
        >>> from queries.projection import GraphData
        >>> RelatedIndex.build(GraphData())
        Traceback (most recent call last):
        ...
        ontologies.errors.InputError: the store holds no projects; run `stratgraph demo` or `stratgraph ingest`
        """
        ids = graph.ids_of(NodeType.PROJECT.value)
        if not ids:
            raise InputError(EMPTY_STORE)
        index = cls(graph, ids)
        index.rerank = rerank and feedback is None
        blocks, topical = [], []
        for facet, alpha in FACET_WEIGHTS.items():
            matrix, targets = _facet_matrix(graph, facet, ids)
            df = np.asarray(matrix.sum(axis=0)).ravel()
            weight = np.where(df > 0, alpha / (df + DF_SMOOTHING), 0.0)
            if facet in PARTNER_FACETS:  # an organisation or fund of a large share of the projects is no partner
                weight[df > max(common_share * len(ids), COMMON_MIN)] = 0.0
            mass = matrix @ np.where(df > 1, weight, 0.0)
            index.mass += mass
            if facet in TOPIC_FACETS:
                index.topic_mass += mass
            blocks.append(matrix @ sp.diags(np.sqrt(weight)))
            index.columns += [(facet, t) for t in targets]
            topical += [facet in TOPIC_FACETS] * len(targets)
        index.structure = sp.hstack(blocks, format="csr") if blocks else index.structure
        index.structure_t = index.structure.T.tocsr()
        index.topical = np.array(topical, dtype=bool)
        index.topic_structure = index.structure[:, index.topical].tocsr()
        index.topic_structure_t = index.topic_structure.T.tocsr()
        index.info_mass = FACET_WEIGHTS["goals"] / (info_df + DF_SMOOTHING) if info_df > 0 else 0.0
        index.text_weight = _text_weight(index.topic_structure, info_df, words_weight)
        index.feedback = feedback
        index.texts = [project_text(graph, p) for p in ids]
        index.text = TextIndex.build(ids, index.texts, analyser, weighting, norm_power, emphasis, coordination)
        return index

    # -- scores ------------------------------------------------------------------------------------------
    def _overlaps(self, rows: slice | list[int]) -> tuple[np.ndarray, np.ndarray]:
        """(topic overlap, partner overlap) of ``rows`` with every project (dense rows x projects)."""
        topic = (self.topic_structure[rows] @ self.topic_structure_t).toarray()
        return topic, (self.structure[rows] @ self.structure_t).toarray() - topic

    def _structure_rows(self, rows: slice | list[int]) -> np.ndarray:
        overlap = (self.structure[rows] @ self.structure_t).toarray()
        mass = self.mass[rows][:, None] + self.mass[None, :]
        return informed(overlap, mass, self.info_mass)

    def _scores(self, own: int, by: str = "all") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(score by ``by``, topic part, partner part) of project row ``own`` against every project."""
        topic_overlap, partner_overlap = (o[0] for o in self._overlaps([own]))
        words = self.text.similarities(row=own).astype(np.float64)
        topic_mass = self.topic_mass[own] + self.topic_mass
        partner_mass = (self.mass[own] - self.topic_mass[own]) + (self.mass - self.topic_mass)
        weight = self.text_weight
        topic = (1 - weight) * informed(topic_overlap, topic_mass, self.info_mass) + weight * words
        topic = np.where(self.topic_mass[own] > 0, topic, words)
        partners = informed(partner_overlap, partner_mass, self.info_mass)
        overall = (1 - self.text_weight) * informed(topic_overlap + partner_overlap, self.mass[own] + self.mass,
                                                    self.info_mass) + self.text_weight * words
        return {"all": overall, "topic": topic, "partners": partners}[by], topic, partners

    def structural(self, project_id: str) -> dict[str, float]:
        """The structural score (weighted Dice, see the module) of every project that shares something.

        This is the part of the score that the SPARQL and Cypher versions compute too (before the
        information factor).

        Examples
        --------
        >>> from queries.projection import GraphData
        >>> g = GraphData(types={"P1": "Project", "P2": "Project", "G": "Goal"},
        ...               edges={"contributes_to": [("P1", "G"), ("P2", "G")]})
        >>> {p: round(score, 9) for p, score in RelatedIndex.build(g).structural("P1").items()}
        {'P2': 1.0}
        """
        row = self._row_of(project_id)
        scores = informed((self.structure[[row]] @ self.structure_t).toarray(),
                          self.mass[row] + self.mass[None, :], 0.0)[0]
        scores[row] = 0.0
        return {self.ids[i]: float(scores[i]) for i in np.flatnonzero(scores > 1e-12)}

    def _row_of(self, project_id: str) -> int:
        if project_id not in self.row:
            raise unknown_id(project_id, self.ids)
        return self.row[project_id]

    def _mask(self, own: int | None, other_sectors: bool, status: str | None) -> np.ndarray:
        keep = np.ones(len(self.ids), dtype=bool)
        if own is not None:
            keep[own] = False
            if other_sectors:
                keep &= self.sectors != self.sectors[own]
        if status is not None:
            keep &= self.statuses == status
        return keep

    # -- queries -----------------------------------------------------------------------------------------
    def query(self, project_id: str | None = None, text: str | None = None, *, other_sectors: bool = False,
              status: str | None = None, top: int = 10, by: str = "all", lang: str | None = None) -> list[RelatedProject]:
        """The ``top`` projects most related to ``project_id`` or to the free ``text``, best first.

        Parameters
        ----------
        project_id, text
            Exactly one of them: a project's id, or a free-text idea (any of fi, sv, en).
        other_sectors
            Only projects led from another sector than the project's own (not with ``text``).
        status
            Only projects with this status (idea, planned, ongoing, completed, cancelled).
        lang
            The language of the similar words given as a reason (``fi``, ``sv``, ``en``; default any):
            a page shows the words of its own language (:meth:`reason_words`).
        top
            How many to return (at least 1).
        by
            ``"all"``, ``"topic"`` (words, goals, themes) or ``"partners"`` (organisations, funding;
            not with ``text``).

        Returns
        -------
        list of RelatedProject
            Only projects that share something (score > 0); ties broken by id.

        Raises
        ------
        NotFoundError
            For an unknown project id (the message names the closest ids).
        InputError
            For a text without words.
        UsageError
            For both or neither of ``project_id`` and ``text``, ``other_sectors`` or ``by="partners"``
            with ``text``, an unknown status or ``by``, or ``top < 1``.

        Examples
        --------
        >>> from queries.projection import GraphData
        >>> g = GraphData(types={"P1": "Project", "P2": "Project"},
        ...               labels={"P1": {"fi": "Kiertotalous kouluissa"}, "P2": {"fi": "Kiertotalouden yritykset"}})
        >>> [(r.id, r.same_topic) for r in RelatedIndex.build(g).query(text="kiertotaloutta koulussa")]
        [('P1', ['similar words: kiertotalous, kouluissa']), ('P2', ['similar words: kiertotalouden'])]
        """
        return [self.explain(ranked, lang) for ranked in self.ranked(project_id, text, other_sectors=other_sectors,
                                                                      status=status, top=top, by=by)]

    def ranked(self, project_id: str | None = None, text: str | None = None, *, other_sectors: bool = False,
               status: str | None = None, top: int = 10, by: str = "all", rerank: bool = True) -> list[Ranked]:
        """:meth:`query`'s ranking without the reasons, which cost most of a query (about 1 ms a project):
        a caller that shows a page of a long ranking explains only that page (:meth:`explain`).

        For a project (``by="all"``) in a store where words carry the score (see :attr:`reranker`), the top
        :data:`queries.rerank.K` after the status and sector masks are ordered by the learned re-ranker
        (:mod:`queries.rerank`; ``rerank=False``: the ranker's own order), so the scores shown need not
        fall down the list; a free text and ``by="topic"`` / ``"partners"`` are ranked by score alone.

        >>> from queries.projection import GraphData
        >>> g = GraphData(types={"P1": "Project", "P2": "Project"},
        ...               labels={"P1": {"fi": "Kiertotalous kouluissa"}, "P2": {"fi": "Kiertotalouden yritykset"}})
        >>> index = RelatedIndex.build(g)
        >>> [r.id for r in index.ranked(text="kiertotaloutta koulussa")]
        ['P1', 'P2']
        >>> index.explain(index.ranked(text="kiertotaloutta koulussa")[0]).same_topic
        ['similar words: kiertotalous, kouluissa']
        """
        self._check_options(project_id, text, other_sectors, status, top, by)
        if text is not None:
            scores = self.text.similarities(text=text).astype(np.float64)
            topic, partners, own = scores, np.zeros(len(self.ids)), None
        else:
            own = self._row_of(project_id)
            scores, topic, partners = self._scores(own, by)
        scores, topic, expansion = self._fed_back(own, text, by, scores, topic)
        scores = np.where(self._mask(own, other_sectors, status), scores, 0.0)
        # as the model was fitted: a project, by everything, no feedback (an option a caller may set later)
        reranker = self.reranker if rerank and own is not None and by == "all" and self.feedback is None else None
        found = [Ranked(self.ids[i], int(i), own, text, float(scores[i]), float(topic[i]), float(partners[i]),
                        expansion) for i in _top_indices(scores, max(top, K) if reranker else top)]
        return reranker.order(own, found)[:top] if reranker else found

    def reranks(self, by: str = "all") -> bool:
        """Whether a project's related list asked ``by`` is ordered by the learned re-ranker (:attr:`reranker`),
        so that its scores (the ranker's) need not fall down the list: a page says so beside it.

        >>> RelatedIndex.build(example_graph).reranks()  # goals and themes carry the example city's score
        False
        """
        return by == "all" and self.feedback is None and self.reranker is not None

    @property
    def reranker(self) -> Reranker | None:
        """The learned re-ranker of project queries (:mod:`queries.rerank`), built at first use (seconds on a
        list of 20,000 projects; :mod:`queries.related_cache` keeps it); None when this index does not
        re-rank (:meth:`build`'s ``rerank``), where goals and themes carry the score (text weight 0.5 or
        less: the model was fitted on a flat list) or where the projects have no words."""
        if not self._reranker_ready:
            # only where words carry the score (a flat list, as the model was fitted on): where goals and
            # themes explain, it never saw a pair related by a goal alone, and would put it down
            like = self.like._reranker if self.like is not None and self.like._reranker_ready else None
            self._reranker = Reranker.build(self, like=like) if self.rerank and self.text_weight > 0.5 else None
            self._reranker_ready, self.like = True, None
        return self._reranker

    def _fed_back(self, own: int | None, text: str | None, by: str, scores: np.ndarray,
                  topic: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
        """(scores, topic part, feedback terms) with the words part computed against the query's words
        expanded by :attr:`feedback` (see :data:`FEEDBACK`), where words carry the score: a text, or a
        store where they weigh more than the structure. Elsewhere (goals and themes explain, words break
        ties), and for ``by="partners"``, as they were."""
        if (self.feedback is None or self.text.vectors is None or by == "partners"
                or (text is None and self.text_weight <= 0.5)):
            return scores, topic, ()
        query = self.text.vector(text) if text is not None else self.text.vectors[own]
        if query is None:
            return scores, topic, ()
        expanded, terms = self.text.expanded(query, scores, self.feedback, exclude=own)
        if expanded is None:
            return scores, topic, ()
        if text is not None:
            return expanded, expanded, tuple(terms)
        change = expanded - self.text.similarities(row=own).astype(np.float64)
        topic = topic + np.where(self.topic_mass[own] > 0, self.text_weight, 1.0) * change
        return (topic if by == "topic" else scores + self.text_weight * change), topic, tuple(terms)

    def explain(self, ranked: Ranked, lang: str | None = None) -> RelatedProject:
        """The related project ``ranked`` (from :meth:`ranked`) with its reasons."""
        return self._result(ranked.own, ranked.text, ranked.row, ranked.score, ranked.topic, ranked.partners, lang,
                            ranked.expansion)

    def _check_options(self, project_id, text, other_sectors, status, top, by) -> None:
        if (project_id is None) == (text is None):
            raise UsageError("give a project id or --text, not both and not neither")
        if other_sectors and text is not None:
            raise UsageError("--other-sectors needs a project id (a free-text idea has no sector)")
        if by not in BY:
            raise UsageError(f"unknown --by {by!r}; use one of {', '.join(BY)}")
        if by == "partners" and text is not None:
            raise UsageError("--by partners needs a project id (a free-text idea has no partners)")
        if status is not None and status not in {s.value for s in ProjectStatus}:
            raise UsageError(f"unknown status {status!r}; use one of {', '.join(s.value for s in ProjectStatus)}")
        if top < 1:
            raise UsageError("--top must be at least 1")

    def top_k_all(self, k: int = 10, *, exact: bool | None = None) -> dict[str, list[tuple[str, float]]]:
        """Every project's ``k`` most related projects with their scores (the same score as :meth:`query`,
        except that no pseudo-relevance feedback expands the words: it depends on each query's best matches).

        Parameters
        ----------
        k
            How many per project (only projects that share something: score > 0).
        exact
            Score every pair (time grows with the square of the projects), or only candidates (close to
            linear in the edges; see the module). By default exact up to :data:`EXACT_ALL_LIMIT` projects.

        Examples
        --------
        >>> from queries.projection import GraphData
        >>> g = GraphData(types={"P1": "Project", "P2": "Project", "P3": "Project", "G": "Goal"},
        ...               edges={"contributes_to": [("P1", "G"), ("P2", "G")]})
        >>> RelatedIndex.build(g, info_df=0).top_k_all(2)
        {'P1': [('P2', 0.616667)], 'P2': [('P1', 0.616667)], 'P3': []}
        >>> RelatedIndex.build(g, info_df=0).top_k_all(2, exact=False)
        {'P1': [('P2', 0.616667)], 'P2': [('P1', 0.616667)], 'P3': []}
        """
        if exact is None:
            exact = len(self.ids) <= EXACT_ALL_LIMIT
        row, col, score = self._all_pairs_best(k) if exact else CandidateSearch(self, k).best()
        pairs = list(zip([self.ids[c] for c in col.tolist()], [round(v, 6) for v in score.tolist()]))
        ends = np.cumsum(np.bincount(row, minlength=len(self.ids))).tolist()
        return {p: pairs[start:end] for p, start, end in zip(self.ids, [0] + ends, ends)}

    def _all_pairs_best(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(project, related project, score) of every project's best ``k``, by project, best first."""
        rows: list[int] = []
        cols: list[int] = []
        scores: list[float] = []
        chunk = max(1, min(_CHUNK, _BLOCK_CELLS // len(self.ids)))  # a block of ~20 M scores at a time
        weight = self.text_weight
        for start in range(0, len(self.ids), chunk):
            block_rows = slice(start, min(start + chunk, len(self.ids)))
            block = (1 - weight) * self._structure_rows(block_rows) + weight * self.text.block(block_rows)
            for row, row_scores in enumerate(block, start):
                row_scores[row] = 0.0
                best = _top_indices(row_scores, k)
                rows += [row] * len(best)
                cols += best
                scores += row_scores[best].tolist()
        return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64), np.asarray(scores)

    # -- explanations ------------------------------------------------------------------------------------
    def _result(self, own: int | None, text: str | None, i: int, score: float, topic: float,
                partners: float, lang: str | None = None, expansion: tuple[str, ...] = ()) -> RelatedProject:
        graph, pid = self.graph, self.ids[i]
        shared: dict[str, list[str]] = {f: [] for f in FACETS}
        weights: dict[str, float] = {}
        shared["words"] = self.reason_words(own if text is None else text, i, lang)
        closest = [] if shared["words"] else self._expansion_words(i, expansion, lang)
        if own is not None:
            found = sorted(self._shared_columns(own, i), key=lambda cv: self.columns[cv[0]])
            telling = [(col, value) for col, value in found if self._telling(self.columns[col][0], value)]
            # nothing else to say why it ranks: what is shared, however common
            for col, value in telling or ([] if shared["words"] or closest else found):
                facet, target = self.columns[col]
                shared[facet].append(target)
                weights[facet] = weights.get(facet, 0.0) + value
        if shared["words"] or closest:
            # words come last where they support and the structure explains (text weight 0.1), first where
            # they carry the score (a list without informative goals or themes)
            weights["words"] = -1.0 if self.text_weight <= 0.5 else np.inf
        order = sorted(weights, key=lambda f: -weights[f])
        reasons = {f: self._reason(f, shared[f]) for f in order}
        if closest:  # brought in by the words of the best matches only (pseudo-relevance feedback)
            reasons["words"] = f"{CLOSEST_REASON}: " + ", ".join(closest)
        duplicate = near_identical(text if text is not None else graph.label(self.ids[own]), graph.label(pid))
        return RelatedProject(pid, graph.label(pid), graph.sector_of(pid), graph.props.get(pid, {}).get("status"),
                              round(score, 6), list(reasons.values()), shared, round(topic, 6), round(partners, 6),
                              [r for f, r in reasons.items() if f not in PARTNER_FACETS],
                              [r for f, r in reasons.items() if f in PARTNER_FACETS], duplicate is not None)

    def reason_words(self, mine: int | str, other: int, lang: str | None = None, limit: int = 6) -> list[str]:
        """The topic words that carried the text score between project row ``mine`` (or a free text) and
        row ``other``: words of ``other``'s text (in ``lang`` when it has text in it) that match
        ``mine``'s, without function words, numerals and short fragments, the ``limit`` most
        informative (highest inverse document frequency; with 20 projects or more, only those at least
        half as informative as the best) in the order the text has them.

        >>> from queries.projection import GraphData
        >>> g = GraphData(types={"P1": "Project", "P2": "Project", "P3": "Project"},
        ...               labels={"P1": {"fi": "Yhden luukun palvelu nuorille", "en": "One-stop centre for the young"},
        ...                       "P2": {"fi": "Yhden luukun palvelu maahanmuuttajille", "en": "One-stop centre for migrants"},
        ...                       "P3": {"fi": "Nuorten palvelu", "en": "Youth service"}})
        >>> index = RelatedIndex.build(g)
        >>> index.reason_words(0, 1, "fi"), index.reason_words(0, 1, "en")
        (['luukun', 'palvelu'], ['centre'])
        """
        mine_text = mine if isinstance(mine, str) else self._text_in(mine, lang)
        other_text = self._text_in(other, lang)
        fragments = _fragments(other_text)
        found = [w for w in self.text.matching_words(mine_text, other_text, limit=50)
                 if _informative(w) and w not in fragments]
        weight = {w: self._weight_of(w) for w in found}
        if len(self.ids) >= _MIN_IDF_DOCS:  # the words that carried the score: at least half the best's weight
            best = max(weight.values(), default=0.0)
            found = [w for w in found if weight[w] > 0 and weight[w] >= best / 2]  # 0: too common to count
        keep = set(sorted(found, key=lambda w: -weight[w])[:limit])
        return [w for w in found if w in keep]

    def _expansion_words(self, row: int, expansion: tuple[str, ...], lang: str | None, limit: int = 6) -> list[str]:
        """Words of row ``row``'s text (in ``lang`` if it has some; lower case) whose terms are among the
        feedback terms ``expansion`` (see :meth:`_fed_back`), at most ``limit``."""
        if not expansion or self.text.analyser is None:
            return []
        wanted = set(expansion)
        found = [w for w in dict.fromkeys(_words(self._text_in(row, lang)))
                 if _informative(w) and wanted & {t.lower() for t in self.text.analyser.word_terms(w)}]
        return found[:limit]

    def _text_in(self, row: int, lang: str | None) -> str:
        ident = self.ids[row]
        if lang is None:
            return self.texts[row]
        own = " ".join(t for t in (self.graph.labels.get(ident, {}).get(lang),
                                   self.graph.descriptions.get(ident, {}).get(lang)) if t)
        return own or self.texts[row]

    def _weight_of(self, word: str) -> float:
        """The highest inverse document frequency among ``word``'s terms (0 when unknown)."""
        index = self.text
        if index.vectorizer is None or index.idf is None or index.analyser is None:
            return 0.0
        vocabulary = index.vectorizer.vocabulary_
        cols = [vocabulary[term] for term in index.analyser.word_terms(word) if term in vocabulary]
        return float(max(index.idf[cols])) if cols else 0.0

    def _shared_columns(self, own: int, other: int) -> list[tuple[int, float]]:
        """(column, product of the weights) of the neighbours two projects share (straight from CSR)."""
        m = self.structure
        a, b = slice(m.indptr[own], m.indptr[own + 1]), slice(m.indptr[other], m.indptr[other + 1])
        common, at_a, at_b = np.intersect1d(m.indices[a], m.indices[b], assume_unique=True, return_indices=True)
        return list(zip(common.tolist(), (m.data[a][at_a] * m.data[b][at_b]).tolist()))

    def _telling(self, facet: str, weight: float) -> bool:
        """Whether a shared theme or fund of rarity ``weight`` is worth giving as a reason: as a goal or
        theme is informative (:func:`_text_weight`), when at most ``info_df`` projects have it. On the
        real 2007-2013 list "shared themes: Etelä-Suomen suuralueosio" (a programme part) and "shared
        funding: ESR" stood on most rows, telling nothing. Goals and organisations are always given.

        >>> from queries.projection import GraphData
        >>> projects = {f"P{n}": "Project" for n in range(120)}
        >>> g = GraphData(types={**projects, "T1": "Theme", "T2": "Theme"},
        ...               edges={"has_theme": [(p, "T1") for p in projects] + [("P0", "T2"), ("P1", "T2")]})
        >>> RelatedIndex.build(g).query("P0", top=1)[0].shared["themes"]  # T1: every project's
        ['T2']
        """
        if facet not in ("themes", "funding") or self.info_mass <= 0 or weight <= 0:
            return True
        info_df = FACET_WEIGHTS["goals"] / self.info_mass - DF_SMOOTHING
        return FACET_WEIGHTS[facet] / weight - DF_SMOOTHING <= info_df + 0.5

    def _reason(self, facet: str, ids: list[str]) -> str:
        if facet == "words":
            return "similar words: " + ", ".join(ids)
        return f"shared {facet}: " + "; ".join(f"{t} {self.graph.label(t)}".strip() for t in ids)


def related_projects(store: GraphStore, project_id: str | None = None, text: str | None = None,
                     **options) -> list[RelatedProject]:
    """Related projects straight from a store (builds a :class:`RelatedIndex`; options as in ``query``).

    Examples
    --------
    >>> from graph_model.store import GraphStore
    >>> with GraphStore(None) as store:
    ...     related_projects(store, "P-1")
    Traceback (most recent call last):
    ...
    ontologies.errors.InputError: the store holds no projects; run `stratgraph demo` or `stratgraph ingest`
    """
    return RelatedIndex.build(load_graph(store)).query(project_id, text, **options)
