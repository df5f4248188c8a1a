"""Relevance of `related` on a third fresh sample, and two mechanisms fitted on everything judged so far (issue 21, seventh round).

Both earlier fresh samples (bench/relevance_fresh.py, bench/relevance_fresh2.py) have been scored, so they
join the *fitted* data: every candidate here is chosen on the old 120 queries (bench/relevance_split.py's
fit and frozen parts), the first fresh sample's 100 and fresh2's 100. ``fresh3`` is drawn the same way
(:func:`bench.relevance_fresh.fresh_samples`, seed :data:`FRESH3_SEED`, :data:`FRESH3` queries of each
kind): projects started on or after 2010-01-01, none a query of any earlier judged file nor, for the
distinct titles, a title one had. Its pooled top 10s (n-grams, the shipped ranker, plain-word BM25 and every
candidate) were judged blind and committed (``judgements_fresh3.csv``) before any ranker was scored on it.

Candidates (general facts about text; none is one the README's rounds tried on this ranker):

- ``ngram-F``: the shipped score plus ``F`` x the character n-gram cosine (a near-duplicate or inflected
  title the words miss still scores; fusion was tried in issue 13 on a ranker since replaced, at
  n-gram shares 0.1-0.3 of a convex blend);
- ``coord-P``: coordination (Lucene's classic ``coord``): the words part multiplied by the share of the
  query's term weight the candidate holds, to the power ``P``, so a candidate sharing one generic head
  word of a long query ("... uusi toimintamalli") gives way to one sharing its subject.

- ``idf-A``: the query's terms weighted by their idf to the power ``A`` (each text's weights carry the idf
  once, so a shared term counts idf squared; ``A`` < 1 flattens, > 1 sharpens).

The rule: a candidate is kept if it gains nDCG@10 over the shipped ranker on both fitted samples (old and
fresh ones together, per sample kind) and loses on neither fresh3 sample (``RESULT name=relevance_keep``).
``shipped`` is the ranker before this round (no coordination), the base of every comparison; ``today`` is
the library's ranker now (coordination 0.25, :data:`queries.text_similarity.COORDINATION`), the same
rankings as ``coord-0.25``.

Outcome (2026-12-07, bench/relevance/README.md, seventh round): coordination 0.25 kept (fresh3 +0.0044 /
+0.0111 nDCG@10), idf 0.75 and n-grams 0.02 not (each lost on fresh3's distinct titles).

Run: ``.venv/bin/python bench/relevance_fresh3.py [--fit] [--sample] [--pool FILE]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, shared_data  # noqa: E402
from bench.relevance import CORPUS, DEEP_JUDGEMENTS, DEPTH, JUDGEMENTS, read_judgements  # noqa: E402
from bench.relevance_fresh import (FRESH_JUDGEMENTS, build, decide, earlier_queries, fit_gains,  # noqa: E402
                                   fresh_samples, print_sample, score, write_fresh_pool)
from bench.relevance_fresh2 import FRESH2_JUDGEMENTS, Scorer, fitted_samples, fresh2_samples  # noqa: E402
from bench.relevance_split import per_query, split_queries, start_dates  # noqa: E402
from queries.text_analysis import load_analyser  # noqa: E402
from queries.topk import top_indices  # noqa: E402

FRESH3, FRESH3_SEED = 40, 2307
FRESH3_JUDGEMENTS = ROOT / "bench" / "relevance" / "judgements_fresh3.csv"
#: Grids (fitted data only): the n-gram cosine's weight added to the shipped score; coordination's power.
NGRAM_GRID = (0.02, 0.05, 0.1, 0.2, 0.4)
COORD_GRID = (0.25, 0.5, 1.0, 2.0)
#: The query terms' idf to this power (shipped 1: each text's weights carry the idf once).
IDF_GRID = (0.5, 0.75, 1.25, 1.5, 2.0)
#: The rankers every run scores beside the candidates.
BASE = ("ngram-tfidf", "plain-bm25", "shipped", "today")
#: The points of each grid nearest a gain on both fitted samples with unjudged places counted as not relevant
#: (n-grams 0.02 and 0.05, coordination 0.25, idf 0.75): their unjudged places were judged before choosing.
NEAR = ((0.02, 0.05), (0.25,), (0.75,))
#: The candidates chosen on the fitted data (``--fit``, 2026-12-07, after the NEAR points' unjudged places were
#: judged): the best point of each mechanism among those gaining nDCG@10 on both fitted samples (distinct /
#: projects): coordination 0.25 (+0.0073 / +0.0055), idf to the power 0.75 (+0.0019 / +0.0040), n-grams 0.02
#: (+0.0037 / +0.0010; 0.05: +0.0101 / -0.0004).
CANDIDATES: dict[str, dict] = {"coord-0.25": {"coord": 0.25}, "idf-0.75": {"idf": 0.75}, "ngram-0.02": {"ngram": 0.02}}


class Fused(Scorer):
    """The shipped score of a project query (feedback off, as shipped), with n-gram fusion or coordination."""

    def __init__(self, index, graph, ngram):
        super().__init__(index, graph)
        assert list(ngram.ids) == list(index.ids)
        self.ngram = ngram.text
        #: which terms each project holds (for the share of the query's weight a candidate holds)
        self.holds = (index.text.vectors > 0).astype(np.float64).tocsr()

    def top(self, own: int, ngram: float = 0.0, coord: float = 0.0, idf: float = 1.0) -> list[int]:
        """The top 10 rows for project row ``own``: the shipped score, ``+ ngram x`` the n-gram cosine, its
        words part times the query weight's share held to the power ``coord``, the query's terms weighted
        by their idf to the power ``idf`` (1: as shipped)."""
        index, q = self.index, self.text.vectors[own]
        if idf != 1.0:
            q = q.multiply(np.power(self.text.idf.astype(np.float64), idf - 1.0)).tocsr()
        scores = self.scores(own, q, None)
        if coord:
            words = np.asarray((q @ self.text._transposed).todense(), dtype=np.float64).ravel()
            total = float(q.sum())
            share = np.asarray((self.holds @ q.T).todense()).ravel() / total if total else np.zeros(len(words))
            scores = scores + index.text_weight * words * (np.power(share, coord) - 1)
        if ngram:
            scores = scores + ngram * self.ngram.similarities(row=own).astype(np.float64)
        scores[own] = 0.0
        return [int(i) for i in top_indices(scores, DEPTH)]


def rankings(graph, queries: list[str], ngrams=(), coords=(), idfs=()) -> dict[str, dict[str, list[str]]]:
    """Ranker -> query -> top 10: n-grams, the shipped ranker, plain-word BM25 and the candidates."""
    out: dict[str, dict[str, list[str]]] = {}
    ngram = build(graph, analyser=load_analyser("ngram"), weighting="tfidf", emphasis=None, feedback=None)
    out["ngram-tfidf"] = {q: [r.id for r in ngram.query(q, top=DEPTH, by="topic")] for q in queries}
    plain = build(graph, analyser=load_analyser("plain"), emphasis=None, feedback=None, coordination=0.0)
    out["plain-bm25"] = {q: [r.id for r in plain.query(q, top=DEPTH, by="topic")] for q in queries}
    del plain
    # "shipped": the ranker before this round (no coordination), the base every candidate is compared with
    index = build(graph, coordination=0.0)
    out["shipped"] = {q: [r.id for r in index.ranked(q, top=DEPTH)] for q in queries}
    today = build(graph)
    out["today"] = {q: [r.id for r in today.ranked(q, top=DEPTH)] for q in queries}
    del today
    fused = Fused(index, graph, ngram)
    ids, row = index.ids, index.row
    for f in ngrams:
        out[f"ngram-{f:g}"] = {q: [ids[i] for i in fused.top(row[q], ngram=f)] for q in queries}
    for p in coords:
        out[f"coord-{p:g}"] = {q: [ids[i] for i in fused.top(row[q], coord=p)] for q in queries}
    for a in idfs:
        out[f"idf-{a:g}"] = {q: [ids[i] for i in fused.top(row[q], idf=a)] for q in queries}
    return out


def fresh3_samples(graph, fresh: dict[str, list[str]], fresh2: dict[str, list[str]]) -> dict[str, list[str]]:
    used = earlier_queries() | {q for sample in (fresh, fresh2) for qs in sample.values() for q in qs}
    return fresh_samples(graph, start_dates(shared_data() / CORPUS), used, seed=FRESH3_SEED, size=FRESH3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="The grids on the fitted data (old + fresh + fresh2).")
    parser.add_argument("--sample", action="store_true", help="Print the fresh3 sample (codes and titles).")
    parser.add_argument("--pool", type=Path, help="Write fresh3's unjudged pooled pairs to this CSV.")
    parser.add_argument("--fit-pool", type=Path, help="Write the unjudged pairs the points nearest a gain "
                        "(NEAR) bring into the fitted data's top 10s to this CSV.")
    args = parser.parse_args()
    graph, _, _, old, _ = split_queries()
    fitted, fresh = fitted_samples(graph, old)
    fresh2 = fresh2_samples(graph, fresh)
    fitted = {s: qs + fresh2[s] for s, qs in fitted.items()}
    judged = read_judgements(JUDGEMENTS, DEEP_JUDGEMENTS, FRESH_JUDGEMENTS, FRESH2_JUDGEMENTS)
    every = sorted({q for qs in fitted.values() for q in qs})
    if args.fit_pool:
        found = rankings(graph, every, *NEAR)
        write_fresh_pool(args.fit_pool, graph, {n: r for n, r in found.items() if n not in BASE}, judged)
        return
    if args.fit:
        found = rankings(graph, every, NGRAM_GRID, COORD_GRID, IDF_GRID)
        print("fitted data: old 120 + fresh 100 + fresh2 100 queries; nDCG@10 gain over the shipped ranker [95%]")
        fit_gains({name: per_query(results, judged) for name, results in found.items()}, fitted, every)
        return
    fresh3 = fresh3_samples(graph, fresh, fresh2)
    if args.sample:
        print_sample(graph, fresh3)
        return
    queries = sorted({q for qs in fresh3.values() for q in qs})
    chosen = [[c[k] for c in CANDIDATES.values() if k in c] for k in ("ngram", "coord", "idf")]
    if args.pool:
        judged = read_judgements(JUDGEMENTS, DEEP_JUDGEMENTS, FRESH_JUDGEMENTS, FRESH2_JUDGEMENTS, FRESH3_JUDGEMENTS)
        write_fresh_pool(args.pool, graph, rankings(graph, queries, *chosen), judged)
        return
    judged = read_judgements(JUDGEMENTS, DEEP_JUDGEMENTS, FRESH_JUDGEMENTS, FRESH2_JUDGEMENTS, FRESH3_JUDGEMENTS)
    found = rankings(graph, queries + every, *chosen)
    parts = {part: {s: split[part] for s, split in old.items()} for part in ("fit", "frozen")}
    score(found, judged, parts | {"fresh": fresh, "fresh2": fresh2, "fresh3": fresh3})
    decide(found, judged, fitted, fresh3, CANDIDATES, "fresh3")


if __name__ == "__main__":
    main()
