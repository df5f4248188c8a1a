"""Relevance of `related` on a second fresh sample, and queries whose title says little (issue 21, sixth round).

The fifth round's fresh sample (bench/relevance_fresh.py) has been scored, so it joins the *fitted* data:
every candidate here is chosen on the old 120 queries (bench/relevance_split.py's fit and frozen parts)
and the first fresh sample's 100. ``fresh2`` is drawn the same way (:func:`bench.relevance_fresh.fresh_samples`,
seed :data:`FRESH2_SEED`): 50 distinct titles and 50 projects started on or after 2010-01-01, none a query
of any earlier judged file nor, for the distinct titles, a title one had. Its pooled top 10s (n-grams, the
shipped ranker, the ranker without feedback and every candidate) were judged blind and committed
(``judgements_fresh2.csv``) before any ranker was scored on it.

Candidates (the mechanisms of the sixth round, each a general fact about text):

- ``profile-S-P``: a query whose words say little leans on what else its project has. A title's
  *information* is the sum of its terms' inverse document frequencies (the words' rarity); a title below
  the ``P``-th percentile of the distinct titles' information (a title repeated hundreds of times, "Investointi ja
  kehittäminen", or a bare "Laatuhanke") is added ``S x (1 - information / threshold)`` times the mean
  word vector of the implementer's other projects (the implementer's profile: what that organisation
  works on), scaled to the query vector's length, before the words are compared (and fed back);
  ``-alone``: only when no other project has the same title (a repeated title's twins are its best
  matches, whatever its words say);
- ``prf-K-T-W``: pseudo-relevance feedback refitted on every judged query so far (shipped: 10, 30, 0.25).

The rule: a candidate is kept if it gains nDCG@10 over the shipped ranker on both fitted samples (old and
fresh together, per sample kind) and loses on neither fresh2 sample (``RESULT name=relevance_keep``).

Outcome (2026-12-07, bench/relevance/README.md, sixth round): the profile candidate lost on fresh2's distinct
titles (-0.0053 nDCG@10) and was not kept; the shipped feedback lost on both fresh2 samples (``shipped-4``,
the ranker without it, +0.0026 / +0.0134).

Run: ``.venv/bin/python bench/relevance_fresh2.py [--fit] [--sample] [--pool FILE]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, result_line, shared_data  # noqa: E402
from bench.relevance import CORPUS, DEEP_JUDGEMENTS, DEPTH, JUDGEMENTS, read_judgements  # noqa: E402
from bench.relevance_fresh import (FRESH_JUDGEMENTS, build, decide, earlier_queries, fit_gains,  # noqa: E402
                                   fresh_samples, print_sample, write_fresh_pool)
from bench.relevance_split import best_p5, compare, gain, per_query, show, split_queries, start_dates  # noqa: E402
from graph_model.schema_types import RelType  # noqa: E402
from queries.related import FEEDBACK  # noqa: E402
from queries.related_candidates import informed  # noqa: E402
from queries.text_analysis import load_analyser  # noqa: E402
from queries.text_similarity import Feedback  # noqa: E402
from queries.topk import top_indices  # noqa: E402

FRESH2_SEED = 2206
FRESH2_JUDGEMENTS = ROOT / "bench" / "relevance" / "judgements_fresh2.csv"
#: Profile grid (fitted data only): (strength S, percentile P of the titles' information, only for a title
#: that no other project has).
PROFILE_GRID = [(s, p, alone) for alone in (False, True) for s in (0.25, 0.5, 1.0) for p in (10, 25, 50)]
#: Feedback grid (fitted data only): (docs, terms, weight).
PRF_GRID = [(k, t, w) for k in (5, 10, 20) for t in (10, 30) for w in (0.1, 0.25, 0.5)]
#: The candidates chosen on the fitted data (``--fit``, 2026-12-07; unjudged places counted as not
#: relevant): the implementer's profile for a title below the median information that no other project
#: has, at strength 0.25 (+0.0028 / +0.0007 nDCG@10, distinct titles / projects; 7 of its 2,200 top-10
#: places unjudged), the best of the three profile points that gain on both samples (every point that
#: leans for a repeated title too loses on projects, -0.004 to -0.057). No feedback point beat the shipped
#: one (10, 30, 0.25) on both; (10, 30, 0.5), the only one gaining on one sample (projects +0.0009,
#: distinct -0.0096, 15 unjudged), is pooled and scored beside it, not as a candidate.
CANDIDATES: dict[str, dict] = {"profile-0.25-50-alone": {"profile": (0.25, 50, True)}}
BESIDE: dict[str, dict] = {"prf-10-30-0.5": {"prf": (10, 30, 0.5)}}


class Scorer:
    """The shipped ranker's score of a project query with its words vector replaced (bench/relevance_fresh2.py).

    Reproduces :meth:`queries.related.RelatedIndex.ranked` (``by="all"``, feedback applied where words
    carry the score) for a query vector ``q``; with ``q`` the project's own vector it is the shipped ranker.
    """

    def __init__(self, index, graph):
        self.index, self.text = index, index.text
        vectors = self.text.vectors
        idf = self.text.idf
        # a title's information: the sum of its terms' idf (the rarity of what it says)
        self.information = np.asarray((vectors > 0).astype(np.float64) @ idf.astype(np.float64)).ravel()
        leader = {}
        for s, o in graph.edges.get(RelType.LED_BY.value, ()):
            leader.setdefault(s, o)
        rows_of: dict[str, list[int]] = {}
        for i, p in enumerate(index.ids):
            if p in leader:
                rows_of.setdefault(leader[p], []).append(i)
        self.peers = {i: rows for rows in rows_of.values() for i in rows}
        titles: dict[str, int] = {}
        for text in index.texts:
            key = " ".join(text.lower().split())
            titles[key] = titles.get(key, 0) + 1
        #: per row: another project has the same title (its twins are then its best matches, whatever they say)
        self.twinned = np.array([titles[" ".join(t.lower().split())] > 1 for t in index.texts])

    def threshold(self, percentile: float) -> float:
        """The ``percentile``-th percentile of the distinct titles' information (a title repeated hundreds
        of times counts once, or it would be the percentile)."""
        first = {}
        for i, text in enumerate(self.index.texts):
            first.setdefault(" ".join(text.lower().split()), i)
        titled = self.information[list(first.values())]
        return float(np.percentile(titled[titled > 0], percentile))

    def profile(self, own: int, strength: float, threshold: float, alone: bool = False):
        """The query vector of project row ``own`` leaning on its implementer's profile when it says little
        (``alone``: only when no other project has the same title)."""
        q = self.text.vectors[own]
        info = self.information[own]
        if info >= threshold or threshold <= 0 or (alone and self.twinned[own]):
            return q
        others = [r for r in self.peers.get(own, ()) if r != own]
        if not others:
            return q
        mean = sp.csr_matrix(self.text.vectors[others].mean(axis=0))
        size, norm = float(np.linalg.norm(mean.data)), float(np.linalg.norm(q.data))
        if size == 0 or norm == 0:
            return q
        lean = strength * (1 - info / threshold)
        return ((q + mean * (lean * norm / size)) / (1 + lean)).tocsr()

    def top(self, own: int, q, feedback: Feedback | None) -> list[int]:
        """The top 10 rows for project row ``own`` with words vector ``q``."""
        return [int(i) for i in top_indices(self.scores(own, q, feedback), DEPTH)]

    def scores(self, own: int, q, feedback: Feedback | None) -> np.ndarray:
        """Every project's score for project row ``own`` with words vector ``q`` (its own row 0)."""
        index = self.index
        words = np.asarray((q @ self.text._transposed).todense(), dtype=np.float64).ravel()
        overlap = (index.structure[[own]] @ index.structure_t).toarray()[0]
        weight = index.text_weight
        scores = (1 - weight) * informed(overlap, index.mass[own] + index.mass, index.info_mass) + weight * words
        if feedback is not None and weight > 0.5:
            expanded, _ = self.text.expanded(q, scores, feedback, exclude=own)
            if expanded is not None:
                scores = scores + weight * (expanded - words)
        scores[own] = 0.0
        return scores


def rankings(graph, queries: list[str], profiles=(), prfs=()) -> dict[str, dict[str, list[str]]]:
    """Ranker -> query -> top 10: n-grams, the shipped ranker (feedback), without feedback, the candidates."""
    out: dict[str, dict[str, list[str]]] = {}
    ngram = build(graph, analyser=load_analyser("ngram"), weighting="tfidf", emphasis=None, feedback=None)
    out["ngram-tfidf"] = {q: [r.id for r in ngram.query(q, top=DEPTH, by="topic")] for q in queries}
    del ngram
    index = build(graph)
    out["shipped"] = {q: [r.id for r in index.ranked(q, top=DEPTH)] for q in queries}
    scorer = Scorer(index, graph)
    ids = index.ids
    out["shipped-4"] = {q: [ids[i] for i in scorer.top(index.row[q], index.text.vectors[index.row[q]], None)]
                        for q in queries}
    for strength, percentile, alone in profiles:
        limit = scorer.threshold(percentile)
        out[f"profile-{strength:g}-{percentile:g}{'-alone' if alone else ''}"] = {
            q: [ids[i] for i in scorer.top(index.row[q], scorer.profile(index.row[q], strength, limit, alone),
                                           FEEDBACK)]
            for q in queries}
    for k, t, w in prfs:
        fb = Feedback(docs=k, terms=t, weight=w)
        out[f"prf-{k}-{t}-{w:g}"] = {q: [ids[i] for i in scorer.top(index.row[q], index.text.vectors[index.row[q]], fb)]
                                     for q in queries}
    return out


def fitted_samples(graph, old: dict) -> dict[str, list[str]]:
    """The fitted data per sample kind: the old fit + frozen parts and the first fresh sample."""
    fresh = fresh_samples(graph, start_dates(shared_data() / CORPUS), earlier_queries())
    return {s: split["fit"] + split["frozen"] + fresh[s] for s, split in old.items()}, fresh


def fresh2_samples(graph, fresh: dict[str, list[str]]) -> dict[str, list[str]]:
    used = earlier_queries() | {q for qs in fresh.values() for q in qs}
    return fresh_samples(graph, start_dates(shared_data() / CORPUS), used, seed=FRESH2_SEED)


def fit(found, judged, fitted) -> None:
    scores = {name: per_query(results, judged) for name, results in found.items()}
    print("fitted data: old 120 + fresh 100 queries; nDCG@10 gain over the shipped ranker [95%], per sample")
    fit_gains(scores, fitted, [q for qs in fitted.values() for q in qs])


def score(found, judged, parts) -> None:
    """Each ranker's figures on each part, and its gain over the shipped one (as bench/relevance_fresh.py)."""
    scores = {name: per_query(results, judged) for name, results in found.items()}
    for part, samples in parts.items():
        for sample, queries in samples.items():
            print(f"sample {sample}")
            top = best_p5(queries, judged)
            for name in found:
                show(sample, part, name, compare(scores[name], scores["ngram-tfidf"], top, queries))
                if name not in ("shipped", "ngram-tfidf"):
                    g = gain(scores[name], scores["shipped"], queries)
                    print(f"  {'':<7}{'  - shipped':<26}    nDCG@10 {g['ndcg10_gain']:+.4f} "
                          f"[{g['ndcg10_gain_low']:+.4f}, {g['ndcg10_gain_high']:+.4f}], P@5 {g['p5_gain']:+.4f}")
                    print(result_line("relevance_gain", split=part, sample=sample, ranker=name, base="shipped", **g))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="The grids on the fitted data (old + first fresh).")
    parser.add_argument("--sample", action="store_true", help="Print the fresh2 sample (codes and titles).")
    parser.add_argument("--pool", type=Path, help="Write fresh2's unjudged pooled pairs to this CSV.")
    args = parser.parse_args()
    graph, _, _, old, _ = split_queries()
    fitted, fresh = fitted_samples(graph, old)
    judged = read_judgements(JUDGEMENTS, DEEP_JUDGEMENTS, FRESH_JUDGEMENTS)
    every = sorted({q for qs in fitted.values() for q in qs})
    if args.fit:
        fit(rankings(graph, every, PROFILE_GRID, PRF_GRID), judged, fitted)
        return
    fresh2 = fresh2_samples(graph, fresh)
    if args.sample:
        print_sample(graph, fresh2)
        return
    queries = sorted({q for qs in fresh2.values() for q in qs})
    pooled = list(CANDIDATES.values()) + list(BESIDE.values())
    profiles = [c["profile"] for c in pooled if "profile" in c]
    prfs = [c["prf"] for c in pooled if "prf" in c]
    if args.pool:
        write_fresh_pool(args.pool, graph, rankings(graph, queries, profiles, prfs), judged)
        return
    judged = read_judgements(JUDGEMENTS, DEEP_JUDGEMENTS, FRESH_JUDGEMENTS, FRESH2_JUDGEMENTS)
    found = rankings(graph, queries + every, profiles, prfs)
    parts = {part: {s: split[part] for s, split in old.items()} for part in ("fit", "frozen")}
    score(found, judged, parts | {"fresh": fresh, "fresh2": fresh2})
    decide(found, judged, fitted, fresh2, CANDIDATES, "fresh2")


if __name__ == "__main__":
    main()
