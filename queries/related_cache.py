"""The related-projects index kept beside an on-disk store, so that a command does not rebuild it.

Building a :class:`~queries.related.RelatedIndex` analyses every project's text (lemmas and compound
parts): 15-25 s for 19,940 real titles, on every ``stratgraph related`` call. :func:`cached_index`
keeps what the rankers need in ``<db>.cache/related-<key>.npz`` (numbers: the incidence and word
matrices, weights, masses) and ``related-<key>.json`` (strings: ids, columns, vocabulary, settings),
and loads them instead of building. Nothing is pickled: ``numpy.load(allow_pickle=False)`` and JSON
read data only.

The key covers everything the index is made of, so a stale index is never read:

- the store's projection (:func:`queries.projection.projection_key`: the live sources, every ingest or
  removal makes new graphs; of the reviewers' sources only what the projection reads, so a decision on a
  link, a duplicate or a rejected match keeps the index);
- the analyser asked for (default: the best that loads), whether Voikko can be imported, and the
  versions of the analysers' packages and of scikit-learn;
- the code: a digest of the modules that build the index (:data:`CODE`), and :data:`FORMAT`.

The terms of every word of the projects' texts are kept too, so a query whose words all occur in
the projects is answered without loading the analyser's dictionaries; a new word loads them once
(simplemma's, from tries in the cache folder: about 0.01 s once built, see :mod:`queries.text_analysis`).

The learned re-ranker's indexes (:class:`queries.rerank.Reranker`: every project's character n-gram
vector, reduced by an SVD above 3,000 projects, and its plain-word BM25 vector) are built with the index
and kept beside it (format 3), so a cached call re-ranks without the seconds of that SVD.

An in-memory store, or an index the cache cannot hold (the n-gram analyser's reduced vectors), is
built as before. A cache that cannot be written (a read-only place) or read (damaged) costs only
the time to build.

Examples
--------
>>> with GraphStore(example_db()) as store:  # a new on-disk store holding the example city (conftest.py)
...     first, again = cached_index(store), cached_index(store)
>>> first.loaded_from, again.loaded_from is not None
(None, True)
>>> [r.id for r in again.query("P-KIERTO", top=3)] == [r.id for r in first.query("P-KIERTO", top=3)]
True
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from importlib import metadata
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from graph_model.build_once import build_once
from graph_model.schema_types import NodeType
from graph_model.store import GraphStore
from queries import related, related_candidates, rerank, term_weights, text_analysis, text_similarity
from queries.projection import GraphData, load_graph, projection_key
from queries.related import RelatedIndex, project_text
from queries.rerank import Reranker
from queries.text_analysis import Analyser, load_analyser, words
from queries.term_weights import TermCounter
from queries.text_similarity import TextIndex

__all__ = ["cached_index", "cached_index_of", "cache_key", "save_index", "load_index", "FORMAT", "CODE"]

#: The layout of the cache files; bump when it changes.
FORMAT = 3
#: The modules whose code makes the index: a change to any of them makes a new key.
CODE = (related, related_candidates, rerank, text_analysis, text_similarity, term_weights)
_PACKAGES = ("simplemma", "libvoikko", "snowballstemmer", "scikit-learn", "numpy", "scipy")


def _code_digest() -> str:
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for module in CODE:
        digest.update(Path(module.__file__).read_bytes())
    for package in _PACKAGES:
        try:
            digest.update(f"|{package} {metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"|{package} -".encode())
    return digest.hexdigest()


def cache_key(store: GraphStore, preferred: str | None = None) -> str:
    """The key of the index of ``store``'s present sources with the analyser ``preferred`` (see the module).

    >>> with GraphStore(None) as store:
    ...     len(cache_key(store)), cache_key(store) != cache_key(store, "plain")
    (32, True)
    """
    return _key(projection_key(store), preferred)  # the index is the projection's: a decision keeps it


def _key(projection: str, preferred: str | None) -> str:
    voikko = importlib.util.find_spec("libvoikko") is not None
    key = hashlib.sha256(f"{_code_digest()}|{preferred}|voikko {voikko}".encode())
    key.update(projection.encode())
    return key.hexdigest()[:32]


def cached_index(store: GraphStore, graph: GraphData | None = None, preferred: str | None = None
                 ) -> RelatedIndex:
    """The related-projects index of ``store``: loaded from its cache, else built (and cached).

    ``graph`` is the store's projection when the caller has it already (else it is loaded);
    ``preferred`` the analyser (:func:`queries.text_analysis.load_analyser`). The index's
    ``loaded_from`` is the cache file it came from (None when built).
    """
    graph = graph if graph is not None else load_graph(store)
    if store.path is None:
        return RelatedIndex.build(graph, load_analyser(preferred))
    return cached_index_of(store.path, projection_key(store), graph, preferred)


def cached_index_of(path: Path | str | None, projection: str | None, graph: GraphData,
                    preferred: str | None = None, folder: str = "", like: RelatedIndex | None = None) -> RelatedIndex:
    """As :func:`cached_index`, for a caller that holds the store's path, its projection key
    (:func:`queries.projection.projection_key`) and ``graph`` but not the store: the web app. Without a path
    or a key the index is built, with its re-ranker (:attr:`queries.related.RelatedIndex.reranker`).
    ``folder``: a sub-folder of the cache folder, for an index of another graph than the store's projection
    (the web app's pseudonymised one), which must not replace the store's own. ``like``: an index of the
    same projects and texts (the version before an accepted organisation match) whose re-ranker's vectors a
    new index's re-ranker takes over (:attr:`queries.related.RelatedIndex.like`).

    >>> with GraphStore(example_db()) as store:
    ...     path, key, graph = store.path, projection_key(store), load_graph(store)
    >>> cached_index_of(path, key, graph).loaded_from is None, cached_index_of(path, key, graph).loaded_from is None
    (True, False)
    """
    if path is None or projection is None:
        index = RelatedIndex.build(graph, load_analyser(preferred))
        index.like = like
        index.reranker  # noqa: B018  built now, not at the first query
        return index
    stem = Path(f"{path}.cache") / folder / f"related-{_key(projection, preferred)}"
    index = load_index(stem, graph)
    if index is None:
        # the web app's workers see a new projection at once: one builds (the re-ranker's SVD: seconds of a
        # core), the others wait for its files and read them
        with build_once(stem.parent / ".related.lock") as held:
            index = load_index(stem, graph) if held else None
            if index is None:
                index = RelatedIndex.build(graph, load_analyser(preferred))
                index.like = like
                save_index(index, stem)  # builds the re-ranker too
    return index


def save_index(index: RelatedIndex, stem: Path) -> bool:
    """Write ``index`` to ``stem``.npz and ``stem``.json (older ``related-*`` files of the folder go);
    False when it cannot be cached (reduced n-gram vectors) or written."""
    text = index.text
    if text.svd is not None:
        return False
    arrays = {"structure_data": index.structure.data, "structure_indices": index.structure.indices,
              "structure_indptr": index.structure.indptr, "topical": index.topical, "mass": index.mass,
              "topic_mass": index.topic_mass}
    meta = {"format": FORMAT, "ids": index.ids, "columns": index.columns, "structure_shape": index.structure.shape,
            "text_weight": index.text_weight, "info_mass": index.info_mass, "analyser": text.analyser_name,
            "weighting": text.weighting, "avg_length": text.avg_length, "reference_norm": text.reference_norm,
            "norm_power": text.norm_power, "coordination": text.coordination, "notes": index.notes, "vocabulary": None,
            "word_terms": _word_terms(index)}
    if text.vectorizer is not None:
        vocabulary = text.vectorizer.vocabulary_
        meta["vocabulary"] = sorted(vocabulary, key=vocabulary.__getitem__)
        if isinstance(text.vectorizer, TermCounter):  # its compounds, places and unknown-word reading too
            counter = text.vectorizer
            meta["counter"] = {"part_support": counter.part_support, "max_df": counter.max_df,
                               "compound_df": counter.compound_df, "places": sorted(counter._places)}
        meta["vectors_shape"] = text.vectors.shape
        arrays |= {"idf": text.idf, "vectors_data": text.vectors.data, "vectors_indices": text.vectors.indices,
                   "vectors_indptr": text.vectors.indptr}
    reranker = index.reranker  # built now when it was not: the cache holds it
    meta["rerank"] = None if reranker is None else _rerank_arrays(reranker, arrays)
    try:
        stem.parent.mkdir(parents=True, exist_ok=True)
        for old in stem.parent.glob("related-*"):
            old.unlink(missing_ok=True)
        for suffix, write in ((".npz", lambda f: np.savez(f, **arrays)),
                              (".json", lambda f: f.write(json.dumps(meta, ensure_ascii=False).encode()))):
            tmp = stem.with_name(stem.name + suffix + ".tmp")
            with tmp.open("wb") as handle:
                write(handle)
            tmp.replace(stem.with_name(stem.name + suffix))
    except OSError:
        return False
    return True


def _word_terms(index: RelatedIndex) -> dict[str, list[str]]:
    """Every word of the projects' texts -> its terms (memoised by the analyser while building)."""
    analyser = index.text.analyser
    if analyser is None:
        return {}
    seen = {w for text in index.texts for w in words(text)}
    return {w: list(analyser.word_terms(w)) for w in sorted(seen)}


def load_index(stem: Path, graph: GraphData) -> RelatedIndex | None:
    """The index saved at ``stem`` for ``graph`` (None when absent, damaged or not of this graph)."""
    try:
        meta = json.loads(stem.with_name(stem.name + ".json").read_text(encoding="utf-8"))
        with np.load(stem.with_name(stem.name + ".npz"), allow_pickle=False) as saved:
            arrays = {name: saved[name] for name in saved.files}
        if meta.get("format") != FORMAT:
            return None
        index = _restored(meta, arrays, graph)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if index is not None:
        index.loaded_from = str(stem.with_name(stem.name + ".npz"))
    return index


def _memo_analyser(name: str, notes: list[str], memo: dict[str, list[str]]) -> Analyser:
    """The analyser ``name`` answering from ``memo`` (word -> terms), loaded only for a word not in it."""
    known = {word: tuple(terms) for word, terms in memo.items()}
    loaded: list[Analyser] = []

    def word_terms(word: str) -> tuple[str, ...]:
        found = known.get(word)
        if found is None:
            if not loaded:
                loaded.append(load_analyser(name))
            found = known[word] = tuple(loaded[0].word_terms(word))
        return found
    return Analyser(name, word_terms, list(notes))


class _Vocabulary:
    """Term counts of texts over a fixed vocabulary: what the index's query path asks of a
    ``CountVectorizer`` (``transform``), without loading scikit-learn."""

    def __init__(self, analyser: Analyser, terms: list[str]):
        self.analyser = analyser
        self.vocabulary_ = {term: i for i, term in enumerate(terms)}

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        rows, cols = [], []
        for row, text in enumerate(texts):
            found = [self.vocabulary_[t] for t in self.analyser(text) if t in self.vocabulary_]
            rows += [row] * len(found)
            cols += found
        data = np.ones(len(cols), dtype=np.float32)
        counts = sp.csr_matrix((data, (rows, cols)), shape=(len(texts), len(self.vocabulary_)), dtype=np.float32)
        counts.sum_duplicates()
        return counts


def _counter(analyser: Analyser, terms: list[str], saved: dict) -> TermCounter:
    """The index's :class:`~queries.term_weights.TermCounter` as it was built (its place names saved,
    so that restoring it loads no dictionary)."""
    counter = TermCounter.__new__(TermCounter)
    counter.analyser, counter.part_support, counter.max_df = analyser, saved["part_support"], saved["max_df"]
    counter.vocabulary_ = {term: i for i, term in enumerate(terms)}
    counter.compound_df = dict(saved["compound_df"])
    counter._sorted = sorted(counter.vocabulary_)
    counter._places = frozenset(saved["places"])
    return counter


def _restored(meta: dict, arrays: dict, graph: GraphData) -> RelatedIndex | None:
    ids = meta["ids"]
    if ids != graph.ids_of(NodeType.PROJECT.value):
        return None  # not this graph's projects (cannot happen with the key, but costs nothing to check)
    index = RelatedIndex(graph, ids)
    index.columns = [tuple(c) for c in meta["columns"]]
    index.structure = sp.csr_matrix((arrays["structure_data"], arrays["structure_indices"],
                                     arrays["structure_indptr"]), shape=tuple(meta["structure_shape"]))
    index.structure_t = index.structure.T.tocsr()
    index.topical = arrays["topical"]
    index.topic_structure = index.structure[:, index.topical].tocsr()
    index.topic_structure_t = index.topic_structure.T.tocsr()
    index.mass, index.topic_mass = arrays["mass"], arrays["topic_mass"]
    index.text_weight, index.info_mass = meta["text_weight"], meta["info_mass"]
    index.texts = [project_text(graph, p) for p in ids]
    analyser = _memo_analyser(meta["analyser"], meta["notes"], meta["word_terms"])
    text = TextIndex(list(ids), analyser, meta["weighting"], avg_length=meta["avg_length"],
                     reference_norm=meta["reference_norm"], norm_power=meta["norm_power"],
                     coordination=meta.get("coordination", 0.0))
    if meta["vocabulary"] is not None:
        text.vectorizer = (_counter(analyser, meta["vocabulary"], meta["counter"]) if meta.get("counter")
                           else _Vocabulary(analyser, meta["vocabulary"]))
        text.idf = arrays["idf"]
        text.vectors = sp.csr_matrix((arrays["vectors_data"], arrays["vectors_indices"], arrays["vectors_indptr"]),
                                     shape=tuple(meta["vectors_shape"]))
        text._transposed = text.vectors.T.tocsr()
    index.text = text
    index.rerank = True
    index._reranker = _restored_reranker(index, meta["rerank"], arrays)
    index._reranker_ready = True
    return index


def _rerank_arrays(reranker: Reranker, arrays: dict) -> dict:
    """Add the re-ranker's arrays to ``arrays`` (``rerank_*``); its shapes and kinds, for the JSON file."""
    out = {}
    for name, vectors in (("ngram", reranker.ngram), ("plain", reranker.plain)):
        if vectors is None:
            out[name] = None
        elif sp.issparse(vectors):
            arrays |= {f"rerank_{name}_data": vectors.data, f"rerank_{name}_indices": vectors.indices,
                       f"rerank_{name}_indptr": vectors.indptr}
            out[name] = {"sparse": True, "shape": vectors.shape}
        else:
            arrays[f"rerank_{name}"] = vectors
            out[name] = {"sparse": False, "shape": vectors.shape}
    arrays |= {"rerank_place": reranker.place, "rerank_titles": reranker.titles}
    return out


def _restored_reranker(index: RelatedIndex, saved: dict | None, arrays: dict) -> Reranker | None:
    if saved is None:
        return None
    vectors = {}
    for name, kind in saved.items():
        if kind is None:
            vectors[name] = None
        elif kind["sparse"]:
            vectors[name] = sp.csr_matrix((arrays[f"rerank_{name}_data"], arrays[f"rerank_{name}_indices"],
                                           arrays[f"rerank_{name}_indptr"]), shape=tuple(kind["shape"]))
        else:
            vectors[name] = arrays[f"rerank_{name}"]
    return Reranker(index, vectors["ngram"], vectors["plain"], arrays["rerank_place"], arrays["rerank_titles"])
