"""Relevance of `related` on a fourth fresh sample, with phrases and a head-word discount (issue 21, eighth round).

The three earlier fresh samples have been scored, so they join the *fitted* data: every candidate here is
chosen on the old 120 queries (bench/relevance_split.py's fit and frozen parts) and the fresh, fresh2 and
fresh3 samples (420 queries). ``fresh4`` is drawn the same way (:func:`bench.relevance_fresh.fresh_samples`,
seed :data:`FRESH4_SEED`, :data:`FRESH4` queries of each kind): projects started on or after 2010-01-01, none
a query of any earlier judged file nor, for the distinct titles, a title one had. Its pooled top 10s
(n-grams, the shipped ranker, plain-word BM25 and every candidate) were judged blind and committed
(``judgements_fresh4.csv``) before any ranker was scored on it.

The failure class these candidates aim at: a generic head word or a place carries the query (*Ikääntyneiden
palvelujen uusi toimintamalli* ranks *toimintamalli* and *palvelu* titles above the one on the elderly).
Coordination (shipped since the seventh round) rewards sharing more of the query, not its rarer words
together. Candidates (general facts about text; none one of the README's rounds tried):

- ``phrase-W``: two adjacent content words (the analyser's whole-word lemmas, stop words left out) are also
  a term of their own, counted ``W`` times, with their own document frequency and idf (*ikääntynyt palvelu*
  is rarer and more topical than either word). A pair only one text holds can never be shared, so only
  pairs of at least two texts become terms;
- ``head-D``: a word's *head share* is how often it is the last content word of a title of two or more
  words (each distinct title once), smoothed toward 0 for rare words (``final / (titles + 5)``); its weight
  is multiplied by ``1 - D x head share``. A phrase's head (*toimintamalli*, *kehittäminen*, *hankinta*,
  a place in a local case) then weighs less than its modifiers. Learned from where words stand, not from
  which titles resemble which: the README's *coherence* weight (rounds 1 and 4) measured how alike the
  titles holding a word are, and lost on projects; a head share does not look at the other words at all;
- ``square-P``: coordination measured on the query's *squared* term weights (its rarer words count more in
  the share a candidate holds), to the power ``P``.

The rule: a candidate is kept if it gains nDCG@10 over the shipped ranker (coordination 0.25) on both fitted
samples (per sample kind) and loses on neither fresh4 sample (``RESULT name=relevance_keep``).

Outcome (2026-12-07, bench/relevance/README.md, eighth round): no point of any mechanism gained on both fitted
samples (phrases 0.1: +0.0045 / 0.0000), so none could be kept; scored on fresh4 beside the shipped ranker,
phrases 0.1 gained +0.0034 / +0.0020, the head discount 0.1 +0.0061 / +0.0015 (it changes sign from part to
part), squared coordination 0.25 lost (-0.0011 / -0.0065). The shipped ranker on fresh4: 1.30x / 1.19x n-grams,
P@5 0.70 / 0.82 of the ceiling.

Run: ``.venv/bin/python bench/relevance_fresh4.py [--fit [--phrases W,.. --heads D,.. --squares P,..]] [--sample]
[--pool FILE [--base]] [--fit-pool FILE]``
"""

from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, shared_data  # noqa: E402
from bench.relevance import CORPUS, DEEP_JUDGEMENTS, DEPTH, JUDGEMENTS, read_judgements  # noqa: E402
from bench.relevance_fresh import (FRESH_JUDGEMENTS, build, decide, earlier_queries, fit_gains,  # noqa: E402
                                   fresh_samples, print_sample, write_fresh_pool)
from bench.relevance_fresh2 import FRESH2_JUDGEMENTS, fitted_samples, fresh2_samples, score  # noqa: E402
from bench.relevance_fresh3 import FRESH3_JUDGEMENTS, Fused, fresh3_samples  # noqa: E402
from bench.relevance_split import per_query, split_queries, start_dates  # noqa: E402
from queries import text_similarity  # noqa: E402
from queries.term_weights import TermCounter  # noqa: E402
from queries.text_analysis import STOP_WORDS, load_analyser  # noqa: E402
from queries.text_similarity import normalise_text  # noqa: E402
from queries.topk import top_indices  # noqa: E402

FRESH4, FRESH4_SEED = 30, 2408
FRESH4_JUDGEMENTS = ROOT / "bench" / "relevance" / "judgements_fresh4.csv"
JUDGED = (JUDGEMENTS, DEEP_JUDGEMENTS, FRESH_JUDGEMENTS, FRESH2_JUDGEMENTS, FRESH3_JUDGEMENTS)
#: Grids (fitted data only): a phrase's count; the head-word discount.
PHRASE_GRID = (0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.0)
HEAD_GRID = (0.05, 0.1, 0.25, 0.5, 0.75, 0.9)
#: Coordination by the share of the query's *squared* term weights (its rarer words count more): powers.
SQUARE_GRID = (0.25, 0.5, 1.0)
#: A word's head share is smoothed toward 0 as ``final / (titles + HEAD_PRIOR)``.
HEAD_PRIOR = 5
BASE = ("ngram-tfidf", "plain-bm25", "shipped")
#: The points of each grid nearest a gain on both fitted samples (phrases 0.1, head 0.1, squared share 0.25):
#: their unjudged places in the fitted queries' top 10s were judged before choosing.
NEAR = ((0.1,), (0.1,), (0.25,))
#: The candidates, the point of each mechanism nearest a gain on both fitted samples (``--fit``, 2026-12-07, after
#: the NEAR points' 32 unjudged places were judged; nDCG@10 gain over shipped, distinct / projects): phrases 0.1
#: (+0.0045 [+0.0001, +0.0101] / 0.0000 [-0.0032, +0.0022]; 0.05: +0.0005 / 0.0000, 0.15: +0.0057 / -0.0009,
#: 0.25 and above lose on projects), head discount 0.1 (+0.0002 / -0.0009; 0.05: -0.0005 / +0.0001, 0.25 and
#: above lose on projects), squared-share coordination 0.25 (-0.0028 / -0.0041; 0.5 and 1 lose more). None
#: gains on both fitted samples, so none can be kept; they are pooled and scored on fresh4 to see whether that
#: holds on a sample none of them was chosen on.
CANDIDATES: dict[str, dict] = {"phrase-0.1": {"phrase": 0.1}, "head-0.1": {"head": 0.1}, "square-0.25": {"square": 0.25}}


class RoundCounter(TermCounter):
    """The shipped term counter plus adjacent-word phrases (``phrase`` > 0) and the head share of each word."""

    phrase = 0.0
    last: RoundCounter | None = None

    def _count(self, analysed, grow: bool) -> sp.csr_matrix:
        counts = super()._count(analysed, grow)
        if not self.phrase:
            return counts
        pairs = [[f"{a} {b}" for (a, _), (b, _) in zip(text, text[1:]) if a not in STOP_WORDS and b not in STOP_WORDS]
                 for text in analysed]
        if grow:  # a pair only one text holds can never be shared
            df: dict[str, int] = {}
            for text in pairs:
                for p in set(text):
                    df[p] = df.get(p, 0) + 1
            for p in sorted(p for p, n in df.items() if n >= 2):
                self.vocabulary_.setdefault(p, len(self.vocabulary_))
        rows, cols, data = [], [], []
        for r, text in enumerate(pairs):
            found: dict[int, float] = {}
            for p in text:
                col = self.vocabulary_.get(p)
                if col is not None:
                    found[col] = found.get(col, 0.0) + self.phrase
            rows += [r] * len(found)
            cols += list(found)
            data += list(found.values())
        extra = sp.csr_matrix((np.asarray(data, dtype=np.float32), (rows, cols)),
                              shape=(len(analysed), len(self.vocabulary_)))
        counts = sp.csr_matrix((counts.data, counts.indices, counts.indptr), shape=extra.shape)
        return (counts + extra).tocsr()

    def fit_transform(self, texts) -> sp.csr_matrix:
        RoundCounter.last = self
        distinct = {normalise_text(t): t for t in texts}
        final: dict[str, int] = {}
        seen: dict[str, int] = {}
        for text in distinct.values():
            wholes = [w for w, _ in self._words(text) if w not in STOP_WORDS]
            if len(wholes) < 2:
                continue
            for w in set(wholes):
                seen[w] = seen.get(w, 0) + 1
            final[wholes[-1]] = final.get(wholes[-1], 0) + 1
        self.head_share = {w: final.get(w, 0) / (n + HEAD_PRIOR) for w, n in seen.items()}
        return super().fit_transform(texts)


@contextmanager
def counting(phrase: float = 0.0, head: float = 0.0):
    """Indexes built inside count phrases (``phrase``) and discount head words (``head``)."""
    factors = text_similarity.term_factors

    def discounted(terms, counts, analyser, emphasis, whole=None):
        out = factors(terms, counts, analyser, emphasis, whole)
        share = RoundCounter.last.head_share
        return out * np.array([1.0 - head * share.get(str(t), 0.0) for t in terms])

    RoundCounter.phrase = phrase
    text_similarity.TermCounter = RoundCounter
    if head:
        text_similarity.term_factors = discounted
    try:
        yield
    finally:
        text_similarity.TermCounter, text_similarity.term_factors = TermCounter, factors
        RoundCounter.phrase = 0.0


class Squared(Fused):
    """The shipped score with coordination measured on the query's squared term weights."""

    def top(self, own: int, coord: float = 0.25, **_) -> list[int]:
        q = self.text.vectors[own]
        scores = self.scores(own, q, None)
        words = np.asarray((q @ self.text._transposed).todense(), dtype=np.float64).ravel()
        q2 = q.multiply(q).tocsr()
        total = float(q2.sum())
        share = np.asarray((self.holds @ q2.T).todense()).ravel() / total if total else np.zeros(len(words))
        scores = scores + self.index.text_weight * words * (np.power(np.minimum(share, 1.0), coord) - 1)
        scores[own] = 0.0
        return [int(i) for i in top_indices(scores, DEPTH)]


def rankings(graph, queries: list[str], phrases=(), heads=(), squares=(), base: bool = True) -> dict[str, dict[str, list[str]]]:
    """Ranker -> query -> top 10: n-grams, plain-word BM25 and the shipped ranker (unless not ``base``), and the
    candidates (``phrases``: phrase counts; ``heads``: head discounts; ``squares``: squared-share powers)."""
    out: dict[str, dict[str, list[str]]] = {}
    if base:
        ngram = build(graph, analyser=load_analyser("ngram"), weighting="tfidf", emphasis=None, feedback=None)
        out["ngram-tfidf"] = {q: [r.id for r in ngram.query(q, top=DEPTH, by="topic")] for q in queries}
        del ngram
        plain = build(graph, analyser=load_analyser("plain"), emphasis=None, feedback=None, coordination=0.0)
        out["plain-bm25"] = {q: [r.id for r in plain.query(q, top=DEPTH, by="topic")] for q in queries}
        del plain
        shipped = build(graph)
        out["shipped"] = {q: [r.id for r in shipped.ranked(q, top=DEPTH)] for q in queries}
        del shipped
    points = [(f"phrase-{w:g}", w, 0.0) for w in phrases] + [(f"head-{d:g}", 0.0, d) for d in heads]
    for name, w, d in points:
        with counting(w, d):
            index = build(graph)
        out[name] = {q: [r.id for r in index.ranked(q, top=DEPTH)] for q in queries}
        del index
    if squares:
        plain = build(graph, coordination=0.0)
        ngram = build(graph, analyser=load_analyser("ngram"), weighting="tfidf", emphasis=None, feedback=None)
        squared = Squared(plain, graph, ngram)
        for p in squares:
            out[f"square-{p:g}"] = {q: [plain.ids[i] for i in squared.top(plain.row[q], coord=p)] for q in queries}
    return out


def fresh4_samples(graph, earlier: list[dict[str, list[str]]]) -> dict[str, list[str]]:
    used = earlier_queries() | {q for sample in earlier for qs in sample.values() for q in qs}
    return fresh_samples(graph, start_dates(shared_data() / CORPUS), used, seed=FRESH4_SEED, size=FRESH4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="The grids on the fitted data (old + fresh 1-3).")
    parser.add_argument("--sample", action="store_true", help="Print the fresh4 sample (codes and titles).")
    parser.add_argument("--pool", type=Path, help="Write fresh4's unjudged pooled pairs to this CSV.")
    parser.add_argument("--base", action="store_true", help="With --pool: n-grams, shipped, BM25 only.")
    parser.add_argument("--phrases", type=lambda s: [float(x) for x in s.split(",") if x], default=PHRASE_GRID,
                        help="With --fit: the phrase counts to try (comma-separated).")
    parser.add_argument("--heads", type=lambda s: [float(x) for x in s.split(",") if x], default=HEAD_GRID,
                        help="With --fit: the head discounts to try (comma-separated).")
    parser.add_argument("--squares", type=lambda s: [float(x) for x in s.split(",") if x], default=SQUARE_GRID,
                        help="With --fit: the squared-share coordination powers to try (comma-separated).")
    parser.add_argument("--fit-pool", type=Path, help="Write the unjudged pairs the points nearest a gain "
                        "(NEAR) bring into the fitted data's top 10s to this CSV.")
    args = parser.parse_args()
    graph, _, _, old, _ = split_queries()
    fitted, fresh = fitted_samples(graph, old)
    fresh2 = fresh2_samples(graph, fresh)
    fresh3 = fresh3_samples(graph, fresh, fresh2)
    fitted = {s: qs + fresh2[s] + fresh3[s] for s, qs in fitted.items()}
    judged = read_judgements(*JUDGED)
    every = sorted({q for qs in fitted.values() for q in qs})
    if args.fit_pool:
        found = rankings(graph, every, *NEAR, base=False)
        write_fresh_pool(args.fit_pool, graph, found, judged)
        return
    if args.fit:
        found = rankings(graph, every, args.phrases, args.heads, args.squares)
        print("fitted data: old 120 + fresh 100 + fresh2 100 + fresh3 80 queries; nDCG@10 gain over shipped [95%]")
        fit_gains({name: per_query(results, judged) for name, results in found.items()}, fitted, every)
        return
    fresh4 = fresh4_samples(graph, [fresh, fresh2, fresh3])
    if args.sample:
        print_sample(graph, fresh4)
        return
    queries = sorted({q for qs in fresh4.values() for q in qs})
    chosen = [[c[k] for c in CANDIDATES.values() if k in c] for k in ("phrase", "head", "square")]
    judged = read_judgements(*JUDGED, FRESH4_JUDGEMENTS) if FRESH4_JUDGEMENTS.exists() else judged
    if args.pool:
        found = rankings(graph, queries) if args.base else rankings(graph, queries, *chosen)
        write_fresh_pool(args.pool, graph, found, judged)
        return
    found = rankings(graph, queries + every, *chosen)
    parts = {part: {s: split[part] for s, split in old.items()} for part in ("fit", "frozen")}
    score(found, judged, parts | {"fresh": fresh, "fresh2": fresh2, "fresh3": fresh3, "fresh4": fresh4})
    decide(found, judged, fitted, fresh4, CANDIDATES, "fresh4")


if __name__ == "__main__":
    main()
