"""Text similarity that copes with Finnish inflection and compounds: BM25 over lemmas and compound parts.

A document's terms come from an :class:`~queries.text_analysis.Analyser` (the best available: Voikko,
else simplemma, ...; see :mod:`queries.text_analysis`): the lemma of each word and the lemmas of a
compound's parts, so *ilmastohankkeiden* meets *ilmasto*. Terms are weighted by BM25 (``k1`` =
:data:`BM25_K1`, ``b`` = :data:`BM25_B`) and a similarity is the sum, over the terms two texts share,
of the products of their weights, each text's vector divided by only part of its length
(:data:`NORM_POWER`) and the rest by ``R``, the length of a long text (the
:data:`REFERENCE_PERCENTILE` th percentile of the corpus); a text longer than ``R`` is divided by its
whole length (as for a cosine), so that a long description cannot match everything. The score stays
in [0, 1] and is the same for both directions of a pair, but, unlike a cosine, a title sharing two rare
words is not outranked by a one-word title sharing one of them. ``weighting="tfidf"`` gives
L2-normalised TF-IDF rows (a cosine). With ``coordination`` (:data:`COORDINATION` for `related`), a
similarity is multiplied by the share of the query's term weight the other text holds, to that power
(Lucene's classic *coord*): a title sharing only the generic head word of a long query gives way to
one sharing its subject; the score then depends on which text is the query.
A project's labels and descriptions in every language go into one document, so an English or Swedish
query meets the English or Swedish text. Measured on 19,940 real Finnish project titles
(bench/relevance.py), lemmas with compound parts beat character n-grams clearly; the character n-gram
analyser (``analyser=load_analyser("ngram")``) is kept to compare against.

Word vectors are sparse (a few terms per title), so similarities are exact sparse products at any
size. With the n-gram analyser, above :data:`EXACT_LIMIT` documents the vectors are reduced to
:data:`DIMS` dimensions (a truncated SVD), so that one query is a dense matrix-vector product.

:meth:`TextIndex.neighbours` gives documents their most similar documents: exactly for a few
thousand documents at a time, and beyond that (reduced n-gram vectors) from an approximate
nearest-neighbour search (a faiss HNSW graph, close to ``n log n``) instead of comparing all pairs.

:func:`shared_words` explains a similarity with the words of the other text that share a rare
5-character stem (or are equal) with words of the first one.

Examples
--------
>>> index = TextIndex.build(["a", "b", "c"], ["Ilmastotyö ja päästöt", "Ilmaston lämpeneminen",
...                                          "Koulujen ruokapalvelu"])
>>> sims = index.similarities(text="päästöjen vähentäminen ilmastossa")
>>> [index.ids[i] for i in sims.argsort()[::-1]]
['a', 'b', 'c']
>>> shared_words("Ilmastotyö ja päästöt", "Ilmaston lämpeneminen")
['ilmaston']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp


from ontologies.errors import InputError
from queries.term_weights import Emphasis, TermCounter, term_factors
from queries.text_analysis import MAX_TEXT_CHARS, Analyser, load_analyser, words as _words
from queries.topk import first_found as _first_found, top_columns as _top_columns, top_indices as _top_indices

if TYPE_CHECKING:  # scikit-learn is imported where an index is built: a cached index needs none of it
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import CountVectorizer

__all__ = ["TextIndex", "Feedback", "shared_words", "normalise_text", "MAX_TEXT_CHARS", "EXACT_LIMIT", "DIMS",
           "EXACT_NEIGHBOUR_CELLS", "HNSW", "BM25_K1", "BM25_B", "REFERENCE_PERCENTILE", "NORM_POWER",
           "WEIGHTINGS", "COORDINATION"]

#: Up to this many documents, n-gram similarities are exact; above it they go through a truncated SVD.
EXACT_LIMIT = 3_000
#: Dimensions of the reduced n-gram vectors above :data:`EXACT_LIMIT` documents.
DIMS = 192
#: Terms in more than this share of the documents are dropped (generic, and slow to multiply).
MAX_DF = 0.5
#: BM25's term-frequency saturation and length normalisation (none: long texts are normalised by
#: :data:`REFERENCE_PERCENTILE` instead).
BM25_K1, BM25_B = 1.2, 0.0
#: With BM25, a vector of length ``n`` is divided by ``n ** NORM_POWER * R ** (1 - NORM_POWER)``, ``R``
#: the length of this percentile of the corpus's vectors (a longer one by ``n``, as for a cosine).
#: Fitted with :data:`BM25_B` on bench/relevance.py.
REFERENCE_PERCENTILE, NORM_POWER = 90, 0.5
#: The power of the coordination factor `related` uses (:attr:`TextIndex.coordination`; 0: none). Chosen
#: on 320 judged queries (bench/relevance_fresh3.py --fit: 0.25 gains on both samples, 1 and 2 lose on
#: both), kept after a third fresh sample (bench/relevance/README.md, seventh round).
COORDINATION = 0.25
WEIGHTINGS = ("bm25", "tfidf")
#: :meth:`TextIndex.neighbours` is exact up to this many similarities (rows asked x documents).
EXACT_NEIGHBOUR_CELLS = 500_000_000
#: The HNSW graph of :meth:`TextIndex.neighbours` beyond that: links per node,
#: candidates kept while building, candidates kept while searching (more: slower, finds more).
HNSW = {"links": 16, "ef_construction": 80, "ef_search": 64}
_PAIR_CHUNK = 8192
_STEM = 5
_BLOCK_CELLS = 20_000_000


def normalise_text(text: str) -> str:
    """Lower case, letters only (digits and punctuation become spaces), no stop words; cut at
    :data:`MAX_TEXT_CHARS`.

    >>> normalise_text("Hiilineutraali Rovaniemi 2030 – ilmasto-ohjelma ja the climate!")
    'hiilineutraali rovaniemi ilmasto ohjelma climate'
    """
    return " ".join(_words(text))


@dataclass(frozen=True)
class Feedback:
    """Pseudo-relevance feedback (RM3-style): a query's vector interpolated with those of its best matches.

    The vectors of the ``docs`` best-scoring documents, weighted by their scores, are summed; the ``terms``
    heaviest terms of that sum are kept and scaled to the query vector's length, and the query becomes
    ``(query + weight * feedback) / (1 + weight)`` (see :meth:`TextIndex.expanded`). Terms that the
    best matches share, and the query lacks, then count: for *Orbis Systemsin Oulun toimipisteen
    kehittäminen* (a firm's Oulu branch) the best matches bring in *perustaminen* (founding), and
    *Oulun yksikön perustaminen* enters the top 10. Fitted on the judged queries of
    bench/relevance_split.py, confirmed on those of bench/relevance_fresh.py.

    >>> Feedback().docs, Feedback().terms, Feedback().weight
    (10, 30, 0.25)
    """

    docs: int = 10
    terms: int = 30
    weight: float = 0.25


@dataclass
class TextIndex:
    """Weighted term vectors of documents (rows L2-normalised), built once, queried often.

    ``analyser`` gives the terms (its ``name`` says which analyser is in use), ``weighting`` is
    ``"bm25"`` or ``"tfidf"``.
    """

    ids: list[str]
    analyser: Analyser | None = None
    weighting: str = "bm25"
    vectorizer: CountVectorizer | TermCounter | None = None
    svd: TruncatedSVD | None = None
    vectors: sp.csr_matrix | np.ndarray | None = None
    idf: np.ndarray | None = field(default=None, repr=False)
    avg_length: float = 1.0
    reference_norm: float = 1.0
    norm_power: float = NORM_POWER
    coordination: float = 0.0
    _transposed: sp.csr_matrix | None = field(default=None, repr=False)
    _held: sp.csr_matrix | None = field(default=None, repr=False)
    _terms: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def build(cls, ids: Sequence[str], texts: Sequence[str], analyser: Analyser | None = None,
              weighting: str = "bm25", norm_power: float = NORM_POWER,
              emphasis: Emphasis | None = None, coordination: float = 0.0) -> TextIndex:
        """Vectorise ``texts`` (one per id) with ``analyser`` (default: the best that loads); texts
        without any word give zero vectors. ``norm_power``: see :data:`NORM_POWER` (BM25 only).
        ``coordination``: see the module and :data:`COORDINATION` (sparse word vectors only).
        ``emphasis``: weigh place names, boilerplate and compound parts down (see
        :mod:`queries.term_weights`; words analysers only, not n-grams).

        Examples
        --------
        >>> TextIndex.build(["x"], [""]).similarities(text="ilmasto").tolist()
        [0.0]
        >>> TextIndex.build(["x"], ["koulu"], weighting="okapi")
        Traceback (most recent call last):
        ...
        ValueError: unknown weighting 'okapi'; use bm25 or tfidf
        """
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import CountVectorizer

        if weighting not in WEIGHTINGS:
            raise ValueError(f"unknown weighting {weighting!r}; use bm25 or tfidf")
        index = cls(list(ids), analyser or load_analyser(), weighting, norm_power=norm_power,
                    coordination=coordination)
        if not any(_words(t) for t in texts):
            return index
        ngrams = index.analyser.name == "ngram"
        index.coordination = 0.0 if ngrams else coordination  # a share of character n-grams says little
        max_df = MAX_DF if len(texts) >= 20 else 1.0
        if emphasis is not None and not ngrams:
            index.vectorizer = TermCounter(index.analyser, emphasis.part_support, max_df)
        else:
            index.vectorizer = CountVectorizer(analyzer=index.analyser, dtype=np.float32,
                                               min_df=2 if ngrams and len(texts) > EXACT_LIMIT else 1, max_df=max_df)
        try:
            counts = index.vectorizer.fit_transform(texts).tocsr()
        except ValueError:  # every term pruned (e.g. identical short texts with max_df)
            index.vectorizer = None
            return index
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        n = len(texts)
        if emphasis is not None and emphasis.distinct_df and not ngrams:
            first = np.unique(np.asarray([normalise_text(t) for t in texts], dtype=object), return_index=True)[1]
            df, n = np.bincount(counts[np.sort(first)].indices, minlength=counts.shape[1]), len(first)
        if weighting == "bm25":
            index.idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        else:
            index.idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
        if isinstance(index.vectorizer, TermCounter):
            whole = index.vectorizer.whole_counts(texts) if emphasis.whole_coherence else None
            factors = term_factors(index.vectorizer.get_feature_names_out(), counts, index.analyser, emphasis, whole)
            index.idf = (index.idf * factors).astype(np.float32)
        index.avg_length = max(float(counts.sum()) / max(1, int((counts.getnnz(axis=1) > 0).sum())), 1.0)
        weights = index._weights(counts)
        if weighting == "bm25":
            norms = _row_norms(weights)
            index.reference_norm = float(np.percentile(norms[norms > 0], REFERENCE_PERCENTILE)) if norms.any() else 1.0
        matrix = index._normalised(weights)
        if ngrams and len(texts) > EXACT_LIMIT and matrix.shape[1] > DIMS:
            index.svd = TruncatedSVD(DIMS, algorithm="randomized", n_iter=4, random_state=0)
            index.vectors = _normalize(index.svd.fit_transform(matrix)).astype(np.float32)
        else:
            index.vectors = matrix
            index._transposed = matrix.T.tocsr()
        return index

    def _weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Counts -> BM25 weights divided by the longer of the row's length and the reference length
        (or sublinear TF-IDF weights, rows L2-normalised)."""
        return self._normalised(self._weights(counts))

    def _weights(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Counts -> BM25 (or sublinear TF-IDF) weights, not yet normalised."""
        weights = counts.astype(np.float32, copy=True)
        if self.weighting == "bm25":
            length = np.asarray(counts.sum(axis=1)).ravel()
            norm = BM25_K1 * (1 - BM25_B + BM25_B * length / self.avg_length)
            tf = weights.data
            weights.data = tf * (BM25_K1 + 1) / (tf + np.repeat(norm, np.diff(weights.indptr)))
        else:
            weights.data = 1.0 + np.log(weights.data)
        return (weights @ sp.diags(self.idf)).tocsr()

    def _normalised(self, weights: sp.csr_matrix) -> sp.csr_matrix:
        """Weights divided by their length (see :data:`NORM_POWER`; a cosine's with TF-IDF)."""
        if self.weighting == "bm25":
            norms, reference = _row_norms(weights), self.reference_norm
            power = self.norm_power
            lengths = np.where(norms < reference, norms ** power * reference ** (1 - power), norms)
            lengths[lengths == 0] = 1.0
            # float64: a few terms per text, and every way of summing a pair gives the same float32 score
            return (sp.diags(1.0 / lengths) @ weights.astype(np.float64)).tocsr()
        return _normalize(weights).astype(np.float32)

    @property
    def analyser_name(self) -> str:
        """The name of the analyser the index uses (voikko, simplemma, snowball, plain or ngram)."""
        return self.analyser.name if self.analyser else "none"

    def vector(self, text: str):
        """The (normalised) vector of a free text, in the index's space; None without a vocabulary."""
        if self.vectorizer is None:
            return None
        row = self._weigh(self.vectorizer.transform([text[:MAX_TEXT_CHARS]]).tocsr())
        if self.svd is not None:
            return _normalize(self.svd.transform(row)).astype(np.float32)
        return row

    def matching_words(self, text: str, other: str, limit: int = 6) -> list[str]:
        """Words of ``other`` that match words of ``text``: a shared lemma or compound part (a shared
        5-letter stem with the n-gram analyser), as written in ``other``.

        >>> from queries.text_analysis import load_analyser
        >>> index = TextIndex.build(["a"], ["x"], analyser=load_analyser("simplemma"))
        >>> index.matching_words("ilmastotyö", "Maalinnoitus ja ilmaston muutos")
        ['ilmaston']
        """
        if self.analyser is None or self.analyser.name == "ngram":
            return shared_words(text, other, limit)
        found = self.analyser.word_matches(text, other, limit)
        if isinstance(self.vectorizer, TermCounter) and len(found) < limit:
            found += [w for w in self.vectorizer.kin_words(text, other) if w not in found]
        return found[:limit]

    def similarities(self, row: int | None = None, text: str | None = None) -> np.ndarray:
        """Similarity of document ``row`` (or of the free ``text``) to every document (see the module).

        Raises
        ------
        InputError
            When ``text`` holds no word.
        """
        if text is not None and not _words(text):
            raise InputError("the text holds no words to compare; write a few words about the idea")
        if self.vectors is None:
            return np.zeros(len(self.ids), dtype=np.float32)
        vec = self.vectors[row:row + 1] if row is not None else self.vector(text)
        if self.svd is not None:
            return (self.vectors @ vec.ravel()).astype(np.float32)
        return self._coordinated(vec, np.asarray((vec @ self._transposed).todense(), dtype=np.float32)).ravel()

    def expanded(self, query, scores: np.ndarray, feedback: Feedback,
                 exclude: int | None = None) -> tuple[np.ndarray | None, list[str]]:
        """Similarities of every document to ``query`` (a row of :attr:`vectors` or :meth:`vector`'s
        result) expanded by pseudo-relevance feedback from the documents that ``scores`` ranks best
        (``exclude``: a row never used, the query's own), and the feedback terms the query lacks, most
        weighty first.

        None (and no terms) without sparse word vectors (the reduced n-gram ones) or when nothing scores
        above 0: the plain similarities stand.

        Examples
        --------
        >>> from queries.text_analysis import load_analyser
        >>> index = TextIndex.build(list("abcd"), ["veneristeily Perämerellä", "Tervasaaren risteily",
        ...     "risteily ja veneristeily", "koulun ruoka"], analyser=load_analyser("simplemma"))
        >>> plain = index.similarities(row=1)
        >>> sims, terms = index.expanded(index.vectors[1], plain, Feedback(docs=1, terms=5), exclude=1)
        >>> [round(float(s), 2) for s in plain]  # "Tervasaaren risteily" against each
        [0.02, 0.93, 0.05, 0.0]
        >>> [round(float(s), 2) for s in sims], terms  # its best match brings in the boat cruise
        ([0.11, 0.76, 0.17, 0.0], ['vene', 'veneristeily'])
        """
        vectors = self.vectors
        if not sp.issparse(vectors) or self.vectorizer is None or self._transposed is None:
            return None, []
        if exclude is not None:
            scores = scores.copy()
            scores[exclude] = 0.0
        best = np.asarray(_top_indices(scores, feedback.docs), dtype=np.int64)
        norm = float(np.linalg.norm(query.data))  # (scipy.sparse.linalg would cost a cached CLI call its import)
        if not len(best) or norm == 0:
            return None, []
        model = (sp.csr_matrix(scores[best] / scores[best].sum()) @ vectors[best]).tocsr()
        model.sum_duplicates()
        heaviest = np.lexsort((model.indices, -model.data))[:feedback.terms]  # ties by column: reproducible
        cols, weights = model.indices[heaviest], model.data[heaviest]
        model = sp.csr_matrix((weights * (feedback.weight * norm / np.linalg.norm(weights)),
                               (np.zeros(len(cols), dtype=np.int64), cols)), shape=query.shape)
        expansion = (query + model) / (1.0 + feedback.weight)
        sims = np.asarray((expansion @ self._transposed).todense(), dtype=np.float64)
        sims = self._coordinated(expansion, sims).astype(np.float64).ravel()
        own = set(query.indices.tolist())
        return sims, [self._term(c) for c in cols if c not in own]

    def _term(self, col: int) -> str:
        """The term of column ``col`` (the inverse of the vocabulary, built once)."""
        if self._terms is None:
            self._terms = self.vectorizer.get_feature_names_out()
        return str(self._terms[col])

    def block(self, rows: slice | np.ndarray) -> np.ndarray:
        """Similarities of documents ``rows`` to every document, as a dense array (rows x documents)."""
        if self.vectors is None:
            return np.zeros((len(np.arange(len(self.ids))[rows]), len(self.ids)), dtype=np.float32)
        if self.svd is not None:
            return self.vectors[rows] @ self.vectors.T
        queries = self.vectors[rows]
        return self._coordinated(queries, np.asarray((queries @ self._transposed).todense(), dtype=np.float32))

    def pair_similarities(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Similarity of document ``rows[i]`` to document ``cols[i]``, for every ``i``.

        Two texts that share one word that a third of the texts have score low even when identical
        (with ``weighting="tfidf"``, a cosine: 1):

        Examples
        --------
        >>> index = TextIndex.build(["a", "b", "c"], ["ilmasto", "ilmaston", "koulu"])
        >>> [round(float(s), 2) for s in index.pair_similarities(np.array([0, 0]), np.array([1, 2]))]
        [0.53, 0.0]
        >>> index = TextIndex.build(["a", "b", "c"], ["ilmasto", "ilmaston", "koulu"], weighting="tfidf")
        >>> [round(float(s), 2) for s in index.pair_similarities(np.array([0, 0]), np.array([1, 2]))]
        [1.0, 0.0]
        """
        if self.vectors is None:
            return np.zeros(len(rows), dtype=np.float32)
        if self.svd is None:
            queries, others = self.vectors[rows], self.vectors[cols]
            sims = np.asarray(queries.multiply(others).sum(axis=1), dtype=np.float32).ravel()
            if not self.coordination:
                return sims
            held = np.asarray(queries.multiply(others.sign()).sum(axis=1), dtype=np.float32).ravel()
            return sims * self._share_power(held, _row_sums(queries))
        out = np.empty(len(rows), dtype=np.float32)
        for start in range(0, len(rows), _PAIR_CHUNK):  # small chunks stay in the cache: 5x faster
            part = slice(start, start + _PAIR_CHUNK)
            out[part] = np.einsum("ij,ij->i", self.vectors[rows[part]], self.vectors[cols[part]])
        return out

    def _coordinated(self, queries: sp.csr_matrix, sims: np.ndarray) -> np.ndarray:
        """``sims`` (queries x documents) times the share of each query's term weight each document holds,
        to the power :attr:`coordination` (unchanged when it is 0).

        >>> texts = ["vanhusten kotihoidon uusi malli", "uusi malli", "vanhusten kotihoito", "koulun ruoka"]
        >>> [round(float(s), 2) for s in TextIndex.build(list("abcd"), texts).similarities(row=0)]
        [0.94, 0.28, 0.79, 0.0]
        >>> index = TextIndex.build(list("abcd"), texts, coordination=1.0)  # the generic half weighs little
        >>> [round(float(s), 2) for s in index.similarities(row=0)]
        [0.94, 0.06, 0.63, 0.0]
        """
        if not self.coordination:
            return sims
        if self._held is None:
            self._held = self._transposed.sign().tocsr()
        held = np.asarray((queries @ self._held).todense(), dtype=np.float32)
        sims *= self._share_power(held, _row_sums(queries)[:, None])  # in place: a block is 20 M cells
        return sims

    def _share_power(self, held: np.ndarray, total: np.ndarray) -> np.ndarray:
        """``(held / total) ** coordination``, in place in ``held`` (float32); 0 where ``total`` is 0."""
        np.divide(held, total.astype(np.float32), out=held, where=total > 0)
        np.minimum(held, np.float32(1.0), out=held)
        return np.power(held, np.float32(self.coordination), out=held)

    def neighbours(self, k: int, rows: np.ndarray | None = None) -> np.ndarray:
        """The ``k`` documents most similar to each of ``rows`` (all by default), most similar first.

        One row of document indices per row asked, ``-1`` where fewer documents are similar at all.
        Exact up to :data:`EXACT_LIMIT` documents (ties by position), and above it while ``len(rows)``
        times the documents stays below :data:`EXACT_NEIGHBOUR_CELLS`; beyond, approximate: a search
        of an HNSW graph (see :data:`HNSW`), in time close to linear in the documents.

        Examples
        --------
        >>> index = TextIndex.build(["a", "b", "c"], ["ilmasto", "ilmaston", "koulu"])
        >>> index.neighbours(1).tolist()
        [[1], [0], [-1]]
        >>> index.neighbours(2, rows=np.array([1])).tolist()
        [[0, -1]]
        """
        rows = np.arange(len(self.ids)) if rows is None else np.asarray(rows, dtype=np.int64)
        if self.vectors is None:
            return np.full((len(rows), k), -1, dtype=np.int64)
        if len(self.ids) <= EXACT_LIMIT or self.svd is None:
            return self._exact_neighbours(k, rows)
        return self._searched_neighbours(k, rows, exact=len(rows) * len(self.ids) <= EXACT_NEIGHBOUR_CELLS)

    def _exact_neighbours(self, k: int, rows: np.ndarray) -> np.ndarray:
        out = np.full((len(rows), k), -1, dtype=np.int64)
        block_rows = max(1, _BLOCK_CELLS // len(self.ids))
        for start in range(0, len(rows), block_rows):
            part = rows[start:start + block_rows]
            sims = self.block(part)
            sims[np.arange(len(part)), part] = 0.0
            best = _top_columns(sims, k)
            out[start:start + len(part), :best.shape[1]] = best
        return out

    def _searched_neighbours(self, k: int, rows: np.ndarray, exact: bool) -> np.ndarray:
        import faiss  # here, not at the top: only the all-pairs search at scale needs it

        vectors = np.ascontiguousarray(self.vectors, dtype=np.float32)  # reduced n-gram vectors (dense)
        if exact:
            search = faiss.IndexFlatIP(vectors.shape[1])
        else:
            search = faiss.IndexHNSWFlat(vectors.shape[1], HNSW["links"], faiss.METRIC_INNER_PRODUCT)
            search.hnsw.efConstruction = HNSW["ef_construction"]
            search.hnsw.efSearch = max(HNSW["ef_search"], k + 1)
        search.add(vectors)
        sims, found = search.search(vectors[rows], k + 1)
        found[(found == rows[:, None]) | (sims <= 0)] = -1  # itself, and the unrelated
        return _first_found(found, k)


def _normalize(matrix):
    from sklearn.preprocessing import normalize

    return normalize(matrix)


def _row_sums(matrix: sp.csr_matrix) -> np.ndarray:
    return np.asarray(matrix.sum(axis=1), dtype=np.float64).ravel()


def _row_norms(matrix: sp.csr_matrix) -> np.ndarray:
    return np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1), dtype=np.float64).ravel())


def _stems(word: str) -> set[str]:
    return {word[i:i + _STEM] for i in range(len(word) - _STEM + 1)}


def shared_words(text: str, other: str, limit: int = 6) -> list[str]:
    """Words of ``other`` that share a 5-letter stem (or, when shorter, are equal) with words of ``text``.

    The words are given as they appear in ``other`` (the matched project's wording), in text order.
    This explains a character n-gram similarity (see :meth:`TextIndex.matching_words` for lemmas).

    Examples
    --------
    >>> shared_words("kiertotalous ja jätteet", "Kiertotalouden yritysverkosto, jätteiden kierto")
    ['kiertotalouden', 'jätteiden', 'kierto']
    >>> shared_words("", "anything")
    []
    """
    mine = _words(text)
    exact = {w for w in mine if len(w) < _STEM}
    stems: set[str] = set().union(*(_stems(w) for w in mine)) if mine else set()
    found: list[str] = []
    for word in _words(other):
        if word not in found and (_stems(word) & stems or word in exact):
            found.append(word)
    return found[:limit]
