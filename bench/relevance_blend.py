"""Learned associations as a blended signal of `related`: the shipped score plus LSA or co-occurrence.

Issue 21 asks whether associations learned from the titles themselves ("digitalisaatio" ~ "sähköinen",
"mobiili") help the ranking once words are matched. The candidate signal is latent semantic analysis of
the titles (bench/relevance_latent.py: TF-IDF of the shipped analyser's terms in at least two titles,
truncated SVD, cosine), blended as

    blended = shipped / max(shipped) + weight * max(cosine, 0)

over every other project (the shipped score scaled to its best candidate, so the weight means the same
for every query). ``--signal cooc`` blends first-order associations instead: the query title's terms
expanded to the terms that co-occur with them in the titles (positive PMI, at least
:data:`MIN_TOGETHER` titles together, the :data:`ASSOCIATES` strongest per term, the term itself left
out), cosine against the titles' TF-IDF: a project that shares no word but words that go with them. The protocol of bench/relevance_split.py: the weight is chosen on the fit part
(projects started before 2010) of both judged samples, as the grid point with the best mean nDCG@10
there that gains on each sample; the frozen part (later projects) is scored once, with that weight.
A weight is kept only if the frozen part gains on both samples too. Figures per sample and part:
nDCG@10 and its ratio to character n-grams with a 95% paired bootstrap interval, P@5 against the
ceiling, the paired difference blended - shipped (bootstrap interval), and how many of the top 10s
nobody judged (they count as not relevant, which works against a ranker that finds new things).

Run: ``.venv/bin/python bench/relevance_blend.py [--fit] [--dimensions 200]``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import result_line  # noqa: E402
from bench.relevance import DEPTH  # noqa: E402
from bench.relevance_latent import LatentIndex  # noqa: E402
from bench.relevance_split import (BOOTSTRAP, CUTOFF, SEED, best_p5, compare, interval, per_query,  # noqa: E402
                                   show, split_queries)
from queries.related import RelatedIndex  # noqa: E402
from queries.text_analysis import load_analyser  # noqa: E402

#: Co-occurrence signal: the least number of titles two terms share, and the associates kept per term.
MIN_TOGETHER, ASSOCIATES = 3, 10
#: The weights tried on the fit part (0: the shipped ranker).
GRID = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0)
#: The weight the fit part chose (``--fit``); None when no weight gained on both samples of the fit part.
#: None: on the fit part every weight lowered mean nDCG@10 (0.7635 shipped; 0.7617 at 0.05 down to 0.7126
#: at 1.0), on each sample, with few unjudged pairs (0-9 of 570 top-10 places), so the blend is not
#: shipped and the frozen part was not scored for it. Co-occurrence (``--signal cooc``): every weight from
#: 0.05 to 0.3 gained a little on both samples of the fit part (mean nDCG@10 0.7635 -> 0.7696 at 0.1, the
#: best; distinct +0.0105 [-0.0013, +0.0230], projects +0.0021 [-0.0045, +0.0107]), so 0.1 was chosen and
#: the frozen part scored once with it.
CHOSEN: dict[str, float | None] = {"lsa": None, "cooc": 0.1}


class CooccurrenceIndex:
    """Titles as TF-IDF rows and, per term, its strongest co-occurring terms (positive PMI)."""

    def __init__(self, graph, analyser):
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import normalize

        from graph_model.schema_types import NodeType

        self.ids = sorted(p for p in graph.ids_of(NodeType.PROJECT.value) if graph.labels.get(p))
        self.row = {p: i for i, p in enumerate(self.ids)}
        self.tfidf = TfidfVectorizer(analyzer=analyser.terms, min_df=2, sublinear_tf=True).fit_transform(
            [graph.label(p) for p in self.ids]).tocsr()
        binary = (self.tfidf > 0).astype(np.float64)
        together = (binary.T @ binary).tocoo()
        df = np.asarray(binary.sum(axis=0)).ravel()
        keep = (together.row != together.col) & (together.data >= MIN_TOGETHER)
        rows, cols, counts = together.row[keep], together.col[keep], together.data[keep]
        pmi = np.log(counts * binary.shape[0] / (df[rows] * df[cols]))
        positive = pmi > 0
        assoc = sp.csr_matrix((pmi[positive], (rows[positive], cols[positive])), shape=together.shape)
        self.assoc = normalize(_strongest(assoc, ASSOCIATES))

    def similarities(self, query: str) -> np.ndarray:
        from sklearn.preprocessing import normalize

        expanded = normalize(self.tfidf[self.row[query]] @ self.assoc)
        return np.asarray((self.tfidf @ expanded.T).todense()).ravel()


def _strongest(matrix, k: int):
    """The ``k`` largest entries of each row of a CSR matrix."""
    import scipy.sparse as sp

    matrix = matrix.tocsr()
    data, indices, indptr = [], [], [0]
    for i in range(matrix.shape[0]):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        order = np.argsort(-matrix.data[start:end])[:k]
        data.extend(matrix.data[start:end][order])
        indices.extend(matrix.indices[start:end][order])
        indptr.append(len(data))
    return sp.csr_matrix((data, indices, indptr), shape=matrix.shape)


def blended_top(index: RelatedIndex, latent, query: str, weight: float) -> list[str]:
    """The top 10 of the blend for one project query (``by="all"``, the shipped default)."""
    own = index.row[query]
    scores = index._scores(own, "all")[0].astype(np.float64)
    scores[own] = 0.0
    best = scores.max()
    scores = scores / best if best > 0 else scores
    if weight:
        cosine = np.zeros(len(index.ids))
        near = (latent.similarities(query) if isinstance(latent, CooccurrenceIndex)
                else latent.vectors @ latent.vectors[latent.row[query]])
        cosine[[index.row[p] for p in latent.ids]] = np.maximum(near, 0.0)
        scores = scores + weight * cosine
    scores[own] = -np.inf
    order = np.lexsort((np.array(index.ids), -scores))[:DEPTH]
    return [index.ids[i] for i in order if scores[i] > 0]


def paired_gain(new: dict, old: dict, queries: list[str]) -> tuple[float, float, float]:
    """Mean nDCG@10 difference new - old and its 95% paired bootstrap interval."""
    diff = np.array([new[q][1] - old[q][1] for q in queries])
    picks = np.random.default_rng(SEED).integers(0, len(queries), size=(BOOTSTRAP, len(queries)))
    low, high = interval(diff[picks].mean(axis=1))
    return float(diff.mean()), low, high


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="Choose the weight on the fit part (nothing frozen).")
    parser.add_argument("--dimensions", type=int, default=200)
    parser.add_argument("--signal", choices=("lsa", "cooc"), default="lsa")
    args = parser.parse_args()
    graph, judged, samples, parts, every = split_queries()
    clock = time.perf_counter()
    ngram = RelatedIndex.build(graph, analyser=load_analyser("ngram"), weighting="tfidf", emphasis=None, rerank=False)
    shipped = RelatedIndex.build(graph, feedback=None, rerank=False)  # the blend adds to the score without feedback (_scores)
    latent = (LatentIndex(graph, shipped.text.analyser, args.dimensions) if args.signal == "lsa"
              else CooccurrenceIndex(graph, shipped.text.analyser))
    print(f"built n-grams, shipped ({shipped.analyser}) and {args.signal} in "
          f"{time.perf_counter() - clock:.0f} s", file=sys.stderr)
    base = per_query({q: [r.id for r in ngram.query(q, top=DEPTH, by="topic")] for q in every}, judged)
    weights = GRID if args.fit else tuple(w for w in (0.0, CHOSEN[args.signal]) if w is not None)
    scores = {w: per_query({q: blended_top(shipped, latent, q, w) for q in every}, judged) for w in weights}
    print(f"{BOOTSTRAP} paired bootstrap resamples of the queries (95% intervals); fit = projects started "
          f"before {CUTOFF}, frozen = later")
    for sample, split in parts.items():
        print(f"sample {sample}")
        for part, queries in split.items():
            if args.fit and part == "frozen":
                continue
            top = best_p5(queries, judged)
            for w in weights:
                name = "shipped" if w == 0 else f"blend-{args.signal}-{w:g}"
                show(sample, part, name, compare(scores[w], base, top, queries))
                if w:
                    gain, low, high = paired_gain(scores[w], scores[0.0], queries)
                    print(f"    nDCG@10 blended - shipped: {gain:+.4f} [{low:+.4f}, {high:+.4f}]")
                    print("    " + result_line("relevance_blend", split=part, sample=sample, signal=args.signal, weight=w,
                                               ndcg_gain=gain, ndcg_gain_low=low, ndcg_gain_high=high))
    if args.fit:
        fit_mean = {w: np.mean([scores[w][q][1] for qs in parts.values() for q in qs["fit"]]) for w in GRID}
        both = [w for w in GRID[1:] if all(np.mean([scores[w][q][1] - scores[0.0][q][1] for q in qs["fit"]]) > 0
                                            for qs in parts.values())]
        chosen = max(both, key=lambda w: fit_mean[w]) if both else None
        print(f"fit part: mean nDCG@10 per weight {', '.join(f'{w:g}: {m:.4f}' for w, m in fit_mean.items())}; "
              f"gains on both samples: {both or 'none'}; chosen: {chosen}")
        print(result_line("relevance_blend_choice", signal=args.signal, chosen=chosen if chosen is not None else "none"))


if __name__ == "__main__":
    main()
