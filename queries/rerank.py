"""The learned re-ranker of `related`: named features of a project query's top 30, and a frozen linear model.

For a project query (``by="all"``) :meth:`queries.related.RelatedIndex.ranked` takes the ranker's top
:data:`K` and orders them by a linear model over :data:`FEATURES` (issue 21, rounds 9-11;
bench/relevance/README.md). Each feature is something a user could be shown: the ranker's own score and
rank, how much of the query's and the candidate's word weight the two share, the rarest shared word, the
character n-gram cosine of the titles, plain-word BM25, an identical title, the length ratio, the same
implementer, fund or programme part (weighted by how few projects share it), the partner score, and
whether the two share only place words, only generic or place words, or no word at all. Two more
(round 13, for a one- or two-word generic title the query holds whole, *Laajennus* for *Korjaamon
laajennus*): the share of the query's weight in its distinctive words (neither generic nor a place) that
the candidate lacks, and the candidate's share held by the query when it holds none of those words. They
are computed for the bench; the shipped model does not weigh them (it names :data:`BASE_FEATURES`: a refit
with them did not gain when each judged sample was left out, bench/relevance/README.md, thirteenth round).

The model (``rerank_model.json``, shipped beside this module) is ``logistic-1+u`` of the ninth round:
fitted on five judged samples, frozen before a sixth was drawn and judged blind, on which it gained
(+0.0045 / +0.017 nDCG@10, distinct titles / projects). It is read, never refitted here:
:func:`load_model`. bench/relevance_learned.py computes its features with this module's code.

The features need two indexes beside the ranker's words (:class:`Reranker`): the character n-gram
TF-IDF vectors of every project (above :data:`~queries.text_similarity.EXACT_LIMIT` projects reduced to
:data:`~queries.text_similarity.DIMS` dimensions, as the model was fitted on) and plain-word BM25
vectors. They take seconds to build on a list of 20,000 projects; :mod:`queries.related_cache` keeps them.

The free-text path (``related --text``) and ``by="topic"`` / ``"partners"`` are not re-ranked: the model
was fitted on project queries only, and on a free text four of its features would always be 0. Nor is a
store whose goals and themes carry the score (a city strategy; text weight 0.5 or less): the model was
fitted on a flat list and never saw a pair related by a shared goal alone.

Examples
--------
>>> model = load_model()
>>> model.features == BASE_FEATURES == FEATURES[:18], len(model.coef), model.k
(True, 18, 30)
>>> from queries.projection import GraphData
>>> from queries.related import RelatedIndex
>>> titles = ["Kiertotalous kouluissa", "Kiertotalouden yritykset", "Koulujen kiertotalous", "Lapin matkailu"]
>>> g = GraphData(types={f"P{i}": "Project" for i in range(4)},
...               labels={f"P{i}": {"fi": t} for i, t in enumerate(titles)})  # a flat list: words carry it
>>> index = RelatedIndex.build(g)
>>> x = index.reranker.features(0, index.ranked("P0", rerank=False))
>>> [(f, round(float(v), 2)) for f, v in zip(FEATURES, x[0]) if f in ("shipped", "identical", "no_shared_word")]
[('shipped', 1.0), ('identical', 0.0), ('no_shared_word', 0.0)]
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from graph_model.schema_types import RelType
from ontologies.errors import SchemaError
from queries.text_analysis import load_analyser
from queries.text_similarity import NORM_POWER, TextIndex, normalise_text

# queries.related imports this module: its RelatedIndex and Ranked are named in the docstrings, not imported

__all__ = ["FEATURES", "BASE_FEATURES", "K", "GENERIC_SHARE", "MODEL_FILE", "LinearModel", "load_model", "Reranker"]

#: How many of the ranker's candidates are re-ranked.
K = 30
#: A term held by more than this share of the projects is generic (*kehittäminen*, *investointi*, *hanke*).
GENERIC_SHARE = 0.005
#: Every named feature, in the order :meth:`Reranker.features` gives them; a model weighs some of them, in this order.
FEATURES = (
    "shipped", "shipped_rank", "words", "words_raw", "query_share", "candidate_share", "rarest_shared",
    "ngram", "bm25_plain", "identical", "length_ratio", "same_implementer", "same_fund", "same_programme",
    "partners", "place_only", "generic_only", "no_shared_word", "distinctive_missed", "generic_whole",
)
#: The ninth round's 18 features, the ones the shipped model (fitted in round 10, served since round 11) weighs.
BASE_FEATURES = FEATURES[:18]
#: The frozen model (a copy of bench/relevance/learned_model.json; a test keeps them equal).
MODEL_FILE = Path(__file__).with_name("rerank_model.json")


@dataclass(frozen=True)
class LinearModel:
    """A linear model on standardised features: ``score = ((x - mean) / scale) @ coef + intercept``."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    k: int = K

    @property
    def columns(self) -> list[int]:
        """Where the model's :attr:`features` stand in :data:`FEATURES` (what :meth:`Reranker.features` gives).

        >>> LinearModel(BASE_FEATURES, *[np.zeros(18)] * 3, 0.0).columns == list(range(18))
        True
        """
        return [FEATURES.index(f) for f in self.features]

    def scores(self, x: np.ndarray) -> np.ndarray:
        """The model's score of each row of ``x`` (candidates x :attr:`features`); higher ranks first.

        >>> m = LinearModel(("a", "b"), np.zeros(2), np.ones(2), np.array([1.0, -1.0]), 0.5)
        >>> m.scores(np.array([[1.0, 0.0], [0.0, 1.0]])).tolist()
        [1.5, -0.5]
        """
        return ((np.asarray(x, dtype=np.float64) - self.mean) / self.scale) @ self.coef + self.intercept


def load_model(path: Path = MODEL_FILE) -> LinearModel:
    """The frozen model at ``path`` (default: the shipped one).

    Raises
    ------
    SchemaError
        When its features are not some of :data:`FEATURES` in their order (the ninth round's model names
        :data:`BASE_FEATURES`).

    >>> round(load_model().intercept, 4)
    -1.0437
    """
    frozen = json.loads(Path(path).read_text(encoding="utf-8"))
    names = tuple(frozen["features"])
    if not set(names) <= set(FEATURES) or sorted(set(names), key=FEATURES.index) != list(names):
        raise SchemaError(f"{path}: features {list(names)} are not some of {list(FEATURES)} in that order")
    return LinearModel(names, np.array(frozen["mean"]), np.array(frozen["scale"]), np.array(frozen["coef"]),
                       float(frozen["intercept"]), int(frozen.get("k", K)))


def _row_similarities(vectors, transposed, row: int) -> np.ndarray:
    """Similarity of row ``row`` to every row, as :meth:`TextIndex.similarities` gives it without
    coordination (float32): dense (reduced) vectors by a matrix-vector product, sparse ones by a sparse one."""
    if vectors is None:
        return np.zeros(0, dtype=np.float32)
    if not sp.issparse(vectors):
        return (vectors @ vectors[row:row + 1].ravel()).astype(np.float32)
    return np.asarray((vectors[row:row + 1] @ transposed).todense(), dtype=np.float32).ravel()


def _vectors(index: TextIndex):
    """The document vectors of ``index``: dense float32 when reduced, else sparse CSR (None without words)."""
    return None if index.vectors is None else (index.vectors if index.svd is not None else index.vectors.tocsr())


class Reranker:
    """What the features need beyond the ranker's own index, and the model that weighs them.

    ``ngram``: every project's character n-gram TF-IDF vector (dense and reduced above
    :data:`~queries.text_similarity.EXACT_LIMIT` projects, else sparse), ``plain``: its plain-word BM25
    vector (sparse), ``place``: per column of the ranker's vocabulary, whether it is a place term,
    ``titles``: per project, the number of its normalised title (equal numbers: identical titles).
    ``index`` is the :class:`queries.related.RelatedIndex` it serves. Use :meth:`build`, or
    :mod:`queries.related_cache` to load one.
    """

    def __init__(self, index, ngram, plain, place: np.ndarray, titles: np.ndarray,
                 model: LinearModel | None = None):
        self.index, self.ngram, self.plain = index, ngram, plain
        self.place, self.titles = np.asarray(place, dtype=bool), np.asarray(titles)
        self.model = model or load_model()
        self._ngram_t = ngram.T.tocsr() if ngram is not None and sp.issparse(ngram) else None
        self._plain_t = plain.T.tocsr() if plain is not None else None
        text = index.text
        self.vectors = text.vectors.tocsr()
        self.held = (self.vectors > 0).astype(np.float64).tocsr()
        self.idf = np.asarray(text.idf, dtype=np.float64)
        self.max_idf = float(self.idf.max())
        df = np.asarray(self.held.sum(axis=0)).ravel()
        self.generic = df > GENERIC_SHARE * len(index.ids)
        self.sizes = np.diff(self.vectors.indptr)
        self.owner, self.informative = _owners(index)

    @classmethod
    def build(cls, index, ngram: TextIndex | None = None,
              plain: TextIndex | None = None, like: Reranker | None = None) -> Reranker | None:
        """The re-ranker of ``index`` (None when its projects have no words to compare): builds the
        n-gram and plain-word indexes of its texts as bench/relevance_learned.py did when fitting (or takes
        them as given: ``ngram``, ``plain``, the text indexes of ``RelatedIndex``es built with those analysers;
        or the vectors of ``like``, the re-ranker of an index of the same projects and texts: an accepted
        organisation match changes neither, and the n-gram SVD is 10-12 s of the real list's 14).

        >>> from queries.related import RelatedIndex
        >>> from queries.projection import GraphData
        >>> g = GraphData(types={"P1": "Project", "P2": "Project"}, labels={
        ...     "P1": {"fi": "Kiertotalous ja rakentaminen"}, "P2": {"fi": "Kiertotalouden rakentaminen"}})
        >>> first = Reranker.build(RelatedIndex.build(g))
        >>> again = Reranker.build(RelatedIndex.build(g), like=first)
        >>> again.ngram is first.ngram, again.titles.tolist() == first.titles.tolist()
        (True, True)
        """
        from queries.term_weights import place_terms

        text = index.text
        if text.vectorizer is None or text.vectors is None or not sp.issparse(text.vectors):
            return None
        if like is not None and like.index.ids == index.ids and like.index.texts == index.texts \
                and (ngram, plain) == (None, None):
            vectors = like.ngram, like.plain  # the same texts: the same vectors (read-only by convention)
        else:
            if ngram is None:
                ngram = TextIndex.build(index.ids, index.texts, load_analyser("ngram"), "tfidf", NORM_POWER, None, 0.0)
            if plain is None:
                plain = TextIndex.build(index.ids, index.texts, load_analyser("plain"), "bm25", NORM_POWER, None, 0.0)
            vectors = _vectors(ngram), _vectors(plain)
        places = place_terms(text.analyser)
        terms = text.vectorizer.get_feature_names_out()
        place = np.array([str(t) in places for t in terms], dtype=bool)
        _, titles = np.unique(np.array([normalise_text(t) for t in index.texts], dtype=object), return_inverse=True)
        return cls(index, *vectors, place, titles.astype(np.int64))

    def features(self, own: int, found: list) -> np.ndarray:
        """Candidates x :data:`FEATURES` for project row ``own`` and its ranked candidates ``found``
        (:class:`queries.related.Ranked`, the ranker's order, best first); a model reads its own
        :attr:`LinearModel.columns` of them.

        ``distinctive_missed``: the query's weight in its distinctive words (neither generic nor place
        terms) the candidate does not hold, over the query's whole weight; ``generic_whole``: the
        candidate's ``candidate_share`` when it holds none of the query's distinctive words (0 when it
        holds one, or the query has none)."""
        index = self.index
        rows = np.array([r.row for r in found], dtype=np.int64)
        out = np.zeros((len(found), len(FEATURES)))
        if not len(found):
            return out
        shipped = np.array([r.score for r in found])
        words = index.text.similarities(row=own).astype(np.float64)[rows]
        q = self.vectors[own]
        cand = self.vectors[rows]
        raw = np.asarray((cand @ q.T).todense()).ravel()
        qsum = float(q.sum()) or 1.0
        query_share = np.asarray((self.held[rows] @ q.T).todense()).ravel() / qsum
        qheld = sp.csr_matrix((np.ones(q.nnz), q.indices, [0, q.nnz]), shape=q.shape)
        csum = np.asarray(cand.sum(axis=1)).ravel()
        candidate_share = np.asarray((cand @ qheld.T).todense()).ravel() / np.maximum(csum, 1e-12)
        ngram, plain = (_row_similarities(v, t, own).astype(np.float64)[rows] if v is not None else np.zeros(len(rows))
                        for v, t in ((self.ngram, self._ngram_t), (self.plain, self._plain_t)))
        qterms = set(q.indices.tolist())
        # the query's distinctive words: neither generic nor a place (what a generic title held by it lacks)
        distinct = {t: float(w) for t, w in zip(q.indices.tolist(), q.data) if not (self.generic[t] or self.place[t])}
        for j, r in enumerate(found):
            shared = [t for t in self.held[r.row].indices if t in qterms]
            missed = sum(w for t, w in distinct.items() if t not in shared) / qsum
            generic_whole = candidate_share[j] if distinct and not any(t in distinct for t in shared) else 0.0
            rarest = max((self.idf[t] for t in shared), default=0.0) / self.max_idf
            sizes = self.sizes[own], self.sizes[r.row]
            same = [self._same(index.ids[own], r.id, kind) for kind in ("implementer", "fund", "programme")]
            out[j] = (
                shipped[j] / max(shipped[0], 1e-12), 1 / math.log2(j + 2), words[j], raw[j], query_share[j],
                candidate_share[j], rarest, ngram[j], plain[j] / max(plain.max(), 1e-12),
                float(self.titles[own] == self.titles[r.row]), min(sizes) / max(max(sizes), 1), *same, r.partners,
                float(bool(shared) and all(self.place[t] for t in shared)),
                float(bool(shared) and all(self.generic[t] or self.place[t] for t in shared)), float(not shared),
                missed, generic_whole,
            )
        return out

    def order(self, own: int, found: list) -> list:
        """``found`` (the ranker's order) with its first :attr:`LinearModel.k` ordered by the model's score
        (ties keep the ranker's order); the rest follow as they were."""
        head, tail = found[:self.model.k], found[self.model.k:]
        score = self.model.scores(self.features(own, head)[:, self.model.columns])
        return [head[i] for i in np.argsort(-score, kind="stable")] + tail

    def _same(self, a: str, b: str, kind: str) -> float:
        """The informativeness of the ``kind`` the two projects share (0 when they do not)."""
        mine = self.owner.get((a, kind))
        return self.informative[mine] if mine is not None and mine == self.owner.get((b, kind)) else 0.0


def _owners(index) -> tuple[dict[tuple[str, str], str], dict[str, float]]:
    """((project, implementer | fund | programme) -> its first such node, node -> informativeness): 1 for
    one project's, 0 for every project's (``log(N / df) / log N``)."""
    owner: dict[tuple[str, str], str] = {}
    for relation in (RelType.LED_BY.value, RelType.FUNDED_BY.value):
        for s, o in index.graph.edges.get(relation, ()):
            kind = ("implementer" if relation == RelType.LED_BY.value
                    else "programme" if o.startswith("PRG-") else "fund")
            owner.setdefault((s, kind), o)
    counts: dict[str, int] = {}
    for o in owner.values():
        counts[o] = counts.get(o, 0) + 1
    n = len(index.ids)
    informative = {o: (math.log(n / c) / math.log(n) if n > 1 else 0.0) for o, c in counts.items()}
    return owner, informative
