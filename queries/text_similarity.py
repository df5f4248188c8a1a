"""Text similarity that copes with Finnish inflection: character n-gram TF-IDF, no downloads.

Finnish inflects and compounds heavily (*ilmasto*, *ilmaston*, *ilmastotyö*, *ilmastohankkeiden*), so
word-level TF-IDF misses most matches and a stemmer would have to be downloaded. Character 3-5-grams
inside words match the shared stems instead, and work the same for Swedish and English text (a
project's labels and descriptions in every language go into one document, so an English or Swedish
query meets the English or Swedish text).

Up to :data:`EXACT_LIMIT` documents the similarities are exact cosines of the TF-IDF vectors. Above
that, the vectors are reduced to :data:`DIMS` dimensions (latent semantic analysis with a truncated
SVD), so that one query is a dense matrix-vector product (a few ms at 200,000 documents).

:meth:`TextIndex.neighbours` gives documents their most similar documents: exactly for a few
thousand documents at a time, and beyond that from an approximate nearest-neighbour search (a faiss
HNSW graph over the reduced vectors, close to ``n log n``) instead of comparing all pairs.

:func:`shared_words` explains a similarity with the words of the other text that share a rare
5-character stem (or are equal) with words of the first one.

Examples
--------
>>> index = TextIndex.build(["a", "b", "c"], ["Ilmastotyö ja päästöt", "Ilmaston lämpeneminen",
...                                          "Koulujen ruokapalvelu"])
>>> sims = index.similarities(text="ilmastohankkeet")
>>> [index.ids[i] for i in sims.argsort()[::-1]]
['a', 'b', 'c']
>>> shared_words("Ilmastotyö ja päästöt", "Ilmaston lämpeneminen")
['ilmaston']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from ontologies.errors import InputError

__all__ = ["TextIndex", "shared_words", "normalise_text", "MAX_TEXT_CHARS", "EXACT_LIMIT", "DIMS",
           "EXACT_NEIGHBOUR_CELLS", "HNSW"]

#: Free text longer than this is cut (a 1 MB paste would otherwise take seconds to vectorise).
MAX_TEXT_CHARS = 20_000
#: Up to this many documents, similarities are exact; above it they go through a truncated SVD.
EXACT_LIMIT = 3_000
#: Dimensions of the reduced vectors above :data:`EXACT_LIMIT` documents.
DIMS = 192
#: N-grams in more than this share of the documents are dropped (generic, and slow to multiply).
MAX_DF = 0.5
#: :meth:`TextIndex.neighbours` is exact up to this many similarities (rows asked x documents).
EXACT_NEIGHBOUR_CELLS = 500_000_000
#: The HNSW graph of :meth:`TextIndex.neighbours` beyond that: links per node,
#: candidates kept while building, candidates kept while searching (more: slower, finds more).
HNSW = {"links": 16, "ef_construction": 80, "ef_search": 64}
_PAIR_CHUNK = 8192
_NON_WORD = re.compile(r"[\W\d_]+", re.UNICODE)
_STOP = frozenset("""
ja sekä tai on ovat oli ei että joka jotka jonka mikä kuin myös sen sitä siitä ne niiden tämä tämän
nämä hanke hankkeen hankkeessa hankkeet kanssa osaksi yhdessä uusia uusi eri
och eller är som att det den de ett en för med till från av på projekt projektet
and or the a an of to in for on with by from is are was were this that these it its as at be
project projects new
""".split())
_STEM = 5
_BLOCK_ROWS = 1024


def normalise_text(text: str) -> str:
    """Lower case, letters only (digits and punctuation become spaces), no stop words; cut at
    :data:`MAX_TEXT_CHARS`.

    >>> normalise_text("Hiilineutraali Rovaniemi 2030 – ilmasto-ohjelma ja the climate!")
    'hiilineutraali rovaniemi ilmasto ohjelma climate'
    """
    return " ".join(_words(text))


def _words(text: str) -> list[str]:
    return [w for w in _NON_WORD.sub(" ", text[:MAX_TEXT_CHARS].lower()).split() if len(w) >= 3 and w not in _STOP]


def _ngrams(text: str) -> list[str]:
    """The character 3-5-grams of the words of ``text``, each word padded with a space (scikit-learn's
    ``char_wb`` analyser after :func:`normalise_text`, with each word's n-grams made once).

    >>> _ngrams("Ilmasto")[:6]
    [' il', 'ilm', 'lma', 'mas', 'ast', 'sto']
    """
    return [gram for word in _words(text) for gram in _word_ngrams(word)]


@lru_cache(maxsize=1 << 17)
def _word_ngrams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(padded[i:i + n] for n in range(3, 6) for i in range(len(padded) - n + 1))


def _vectorizer(n_docs: int) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=_ngrams, sublinear_tf=True, min_df=1 if n_docs <= EXACT_LIMIT else 2,
                           max_df=MAX_DF if n_docs >= 20 else 1.0, dtype=np.float32)


@dataclass
class TextIndex:
    """TF-IDF character n-gram vectors of documents (rows L2-normalised), built once, queried often."""

    ids: list[str]
    vectorizer: TfidfVectorizer | None = None
    svd: TruncatedSVD | None = None
    vectors: sp.csr_matrix | np.ndarray | None = None
    _transposed: sp.csr_matrix | None = field(default=None, repr=False)
    _idf: dict[str, float] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, ids: Sequence[str], texts: Sequence[str]) -> TextIndex:
        """Vectorise ``texts`` (one per id); texts without any word give zero vectors.

        Examples
        --------
        >>> TextIndex.build(["x"], [""]).similarities(text="ilmasto").tolist()
        [0.0]
        """
        index = cls(list(ids))
        if not any(_words(t) for t in texts):
            return index
        index.vectorizer = _vectorizer(len(texts))
        try:
            matrix = index.vectorizer.fit_transform(texts).tocsr()
        except ValueError:  # every n-gram pruned (e.g. identical short texts with max_df)
            index.vectorizer = None
            return index
        if len(texts) > EXACT_LIMIT and matrix.shape[1] > DIMS:
            index.svd = TruncatedSVD(DIMS, algorithm="randomized", n_iter=4, random_state=0)
            index.vectors = normalize(index.svd.fit_transform(matrix)).astype(np.float32)
        else:
            index.vectors = matrix
            index._transposed = matrix.T.tocsr()
        index._idf = {g: float(index.vectorizer.idf_[i]) for g, i in index.vectorizer.vocabulary_.items()
                      if len(g) == _STEM and " " not in g}
        return index

    def vector(self, text: str):
        """The (normalised) vector of a free text, in the index's space; None without a vocabulary."""
        if self.vectorizer is None:
            return None
        row = self.vectorizer.transform([text])
        if self.svd is not None:
            return normalize(self.svd.transform(row)).astype(np.float32)
        return row

    def similarities(self, row: int | None = None, text: str | None = None) -> np.ndarray:
        """Cosine similarity of document ``row`` (or of the free ``text``) to every document.

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
        return np.asarray((vec @ self._transposed).todense(), dtype=np.float32).ravel()

    def block(self, rows: slice | np.ndarray) -> np.ndarray:
        """Similarities of documents ``rows`` to every document, as a dense array (rows x documents)."""
        if self.vectors is None:
            return np.zeros((len(np.arange(len(self.ids))[rows]), len(self.ids)), dtype=np.float32)
        if self.svd is not None:
            return self.vectors[rows] @ self.vectors.T
        return np.asarray((self.vectors[rows] @ self._transposed).todense(), dtype=np.float32)

    def pair_similarities(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Cosine similarity of document ``rows[i]`` to document ``cols[i]``, for every ``i``.

        Examples
        --------
        >>> index = TextIndex.build(["a", "b", "c"], ["ilmasto", "ilmaston", "koulu"])
        >>> [round(float(s), 2) for s in index.pair_similarities(np.array([0, 0]), np.array([1, 2]))]
        [0.66, 0.0]
        """
        if self.vectors is None:
            return np.zeros(len(rows), dtype=np.float32)
        if self.svd is None:
            return np.asarray(self.vectors[rows].multiply(self.vectors[cols]).sum(axis=1), dtype=np.float32).ravel()
        out = np.empty(len(rows), dtype=np.float32)
        for start in range(0, len(rows), _PAIR_CHUNK):  # small chunks stay in the cache: 5x faster
            part = slice(start, start + _PAIR_CHUNK)
            out[part] = np.einsum("ij,ij->i", self.vectors[rows[part]], self.vectors[cols[part]])
        return out

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
        if len(self.ids) <= EXACT_LIMIT:
            return self._exact_neighbours(k, rows)
        return self._searched_neighbours(k, rows, exact=len(rows) * len(self.ids) <= EXACT_NEIGHBOUR_CELLS)

    def _exact_neighbours(self, k: int, rows: np.ndarray) -> np.ndarray:
        out = np.full((len(rows), k), -1, dtype=np.int64)
        for start in range(0, len(rows), _BLOCK_ROWS):
            part = rows[start:start + _BLOCK_ROWS]
            sims = self.block(part)
            sims[np.arange(len(part)), part] = 0.0
            best = _top_columns(sims, k)
            out[start:start + len(part), :best.shape[1]] = best
        return out

    def _searched_neighbours(self, k: int, rows: np.ndarray, exact: bool) -> np.ndarray:
        import faiss  # here, not at the top: only the all-pairs search at scale needs it

        # Above EXACT_LIMIT documents the vectors are reduced (dense), or have at most DIMS columns.
        vectors = self.vectors if self.svd is not None else self.vectors.toarray()
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
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

    def stem_weight(self, stem: str) -> float:
        """The IDF of a 5-character stem in the corpus (rarer stems explain more); 1.0 when unseen."""
        return self._idf.get(stem, 1.0)


def _top_columns(sims: np.ndarray, k: int) -> np.ndarray:
    """Each row's ``k`` columns of highest positive value, highest first (ties by column), else ``-1``.

    >>> _top_columns(np.array([[0.2, 0.9, 0.0, 0.2], [0.0, 0.0, 0.0, 0.1]]), 3).tolist()
    [[1, 0, 3], [3, -1, -1]]
    """
    best = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    return np.where(np.take_along_axis(sims, best, axis=1) > 0, best, -1)


def _first_found(found: np.ndarray, k: int) -> np.ndarray:
    """The first ``k`` non-negative entries of each row, in order, padded with ``-1``.

    >>> _first_found(np.array([[3, -1, 4, 5], [-1, -1, 2, -1]]), 2).tolist()
    [[3, 4], [2, -1]]
    """
    order = np.argsort(found < 0, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(found, order, axis=1)


def _stems(word: str) -> set[str]:
    return {word[i:i + _STEM] for i in range(len(word) - _STEM + 1)}


def shared_words(text: str, other: str, limit: int = 6, index: TextIndex | None = None) -> list[str]:
    """Words of ``other`` that share a 5-letter stem (or, when shorter, are equal) with words of ``text``.

    The words are given as they appear in ``other`` (the matched project's wording), rarest stem
    first when ``index`` is given, then in text order.

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
    found: dict[str, float] = {}
    for word in _words(other):
        if word in found:
            continue
        common = _stems(word) & stems
        if common or word in exact:
            weight = max((index.stem_weight(s) for s in common), default=1.0) if index else 1.0
            found[word] = weight
    ranked = sorted(found, key=lambda w: -found[w]) if index else list(found)
    return ranked[:limit]
