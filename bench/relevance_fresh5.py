"""The frozen learned re-ranker on a fifth fresh sample (issue 21, tenth round).

The ninth round (bench/relevance_learned.py) fitted linear re-rankers of the shipped ranker's top 30 and scored
them by leaving each judged sample out; the best, ``logistic-1+u``, gained on nine of ten left-out parts, but the
pairs that made it a gain were judged by its builder after seeing it. This round tests it honestly: the model was
fitted on all five judged samples and frozen (:data:`bench.relevance_learned.FROZEN`, committed) *before* this
sample was drawn, and is read back, never refitted.

``fresh5`` is drawn like fresh4 (:func:`bench.relevance_fresh.fresh_samples`, seed :data:`FRESH5_SEED`,
:data:`FRESH5` queries of each kind) from a later period (projects started on or after :data:`FRESH5_CUTOFF`),
none a query of any earlier judged file or fresh sample, no distinct title one an earlier query had. Its pool is
the top 10 of character n-grams, plain-word BM25, the shipped ranker and the frozen re-ranker, all together, so
the judge could not know which pairs the re-ranker brought (``--pool FILE`` writes them, titles only, in code
order); ``judgements_fresh5.csv`` holds the grades, committed before any ranker was scored on it.

The keep rule, fixed before scoring: ship the re-ranker only if it gains nDCG@10 over the shipped ranker on
average over the six samples (the five left-out figures of the ninth round and fresh5) on both kinds, and loses
beyond noise (a 95% interval wholly below 0) on neither kind of fresh5 (``RESULT name=relevance_keep``).

The grades (1,397 pairs, one judge, blind to the ranker) were committed before fresh5 was scored.

Outcome (2026-12-07, bench/relevance/README.md, tenth round): on fresh5 the frozen re-ranker gained +0.0045
[-0.0357, +0.0374] nDCG@10 on distinct titles and +0.0169 [-0.0220, +0.0630] on projects; over the six samples
+0.0209 / +0.0100: ``keep=True``. Not wired into `related` this round: its n-gram feature is the cosine of the
list's SVD-reduced n-gram vectors, which the persisted index does not hold (see the README).

``--exact-ngram`` (a diagnostic run after the one scoring, for the next round): the same frozen model fed the
cosine of whole n-gram TF-IDF vectors, which a library could compute for 31 titles from an idf table, instead of
the SVD-reduced ones it was fitted on.

Run: ``.venv/bin/python bench/relevance_fresh5.py [--sample] [--pool FILE] [--exact-ngram]``
"""

from __future__ import annotations

import argparse
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, result_line, shared_data  # noqa: E402
from bench.relevance import CORPUS, DEPTH, read_judgements  # noqa: E402
from bench.relevance_fresh import build, earlier_queries, fresh_samples, print_sample, write_fresh_pool  # noqa: E402
from bench.relevance_fresh2 import score  # noqa: E402
from bench.relevance_fresh4 import FRESH4_JUDGEMENTS, JUDGED, rankings  # noqa: E402
from bench.relevance_learned import FROZEN_MODEL, Featurer, load_frozen, reranked, samples, sliced  # noqa: E402
from bench.relevance_split import gain, per_query, split_queries, start_dates  # noqa: E402
from bench.relevance_learned import FEATURES  # noqa: E402
from queries import text_similarity  # noqa: E402
from queries.text_analysis import load_analyser  # noqa: E402

FRESH5, FRESH5_SEED = 30, 2712
#: A later period than the earlier fresh samples' (2010-01-01 on).
FRESH5_CUTOFF = date(2011, 1, 1)
FRESH5_JUDGEMENTS = ROOT / "bench" / "relevance" / "judgements_fresh5.csv"
#: The ninth round's nDCG@10 gains of ``logistic-1+u`` over the shipped ranker on the five left-out samples
#: (old, fresh, fresh2, fresh3, fresh4; bench/relevance/README.md), per kind: the rule averages them with fresh5's.
LEFT_OUT = {"distinct": (0.007, 0.022, 0.004, 0.064, 0.024), "projects": (0.007, 0.006, 0.020, 0.020, -0.010)}
LEARNED = f"learned-{FROZEN_MODEL}"


def fresh5_samples(graph, earlier: list[dict[str, list[str]]]) -> dict[str, list[str]]:
    used = earlier_queries() | {q for sample in earlier for qs in sample.values() for q in qs}
    return fresh_samples(graph, start_dates(shared_data() / CORPUS), used, seed=FRESH5_SEED, size=FRESH5,
                         cutoff=FRESH5_CUTOFF)


def learned(graph, queries: list[str], exact: bool = False) -> dict[str, list[str]]:
    """Query -> the shipped top 30 re-ranked by the frozen model (its features as bench/relevance_learned.py's;
    ``exact``: the n-gram cosine of unreduced n-gram vectors instead of the SVD-reduced ones it was fitted on)."""
    shipped = build(graph)
    with unreduced(exact):
        ngram = build(graph, analyser=load_analyser("ngram"), weighting="tfidf", emphasis=None, feedback=None)
    plain = build(graph, analyser=load_analyser("plain"), emphasis=None, feedback=None, coordination=0.0)
    featurer = Featurer(graph, shipped, ngram, plain)
    table = sliced({q: featurer.features(q) for q in queries})  # the ninth round's 18 features, as frozen
    at = FEATURES.index("ngram")
    cosines = np.concatenate([x[:, at] for _, x in table.values()])
    print(f"  n-gram feature ({'exact' if exact else 'reduced'}): mean {cosines.mean():.3f}, median "
          f"{np.median(cosines):.3f} over {len(cosines)} candidates (the frozen scaling's mean "
          f"{load_frozen()[0].mean_[at]:.3f})")
    return {q: order[:DEPTH] for q, order in reranked(load_frozen(), table, queries).items()}


@contextmanager
def unreduced(exact: bool):
    """Inside, when ``exact``, the n-gram index keeps its TF-IDF vectors whole (no SVD at any size)."""
    dims = text_similarity.DIMS
    text_similarity.DIMS = 10 ** 9 if exact else dims
    try:
        yield
    finally:
        text_similarity.DIMS = dims


def decide(found: dict, judged: dict, fresh5: dict[str, list[str]]) -> None:
    """The keep rule: a gain on average over the six samples on both kinds, no loss beyond noise on fresh5."""
    scores = {name: per_query(results, judged) for name, results in found.items()}
    means, beyond = {}, False
    for kind, queries in fresh5.items():
        g = gain(scores[LEARNED], scores["shipped"], queries)
        beyond |= g["ndcg10_gain_high"] < 0
        means[kind] = float(np.mean([*LEFT_OUT[kind], g["ndcg10_gain"]]))
        print(f"{LEARNED} on fresh5 {kind}: nDCG@10 {g['ndcg10_gain']:+.4f} [{g['ndcg10_gain_low']:+.4f}, "
              f"{g['ndcg10_gain_high']:+.4f}], P@5 {g['p5_gain']:+.4f} [{g['p5_gain_low']:+.4f}, "
              f"{g['p5_gain_high']:+.4f}]; mean over the six samples {means[kind]:+.4f}")
    keep = all(m > 0 for m in means.values()) and not beyond
    print(f"{LEARNED}: {'keep' if keep else 'not kept'}")
    print(result_line("relevance_keep", ranker=LEARNED, split="fresh5", keep=keep, beyond_noise=beyond,
                      **{f"mean6_{k}": round(m, 4) for k, m in means.items()}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", action="store_true", help="Print the fresh5 sample (codes and titles).")
    parser.add_argument("--pool", type=Path, help="Write fresh5's unjudged pooled pairs to this CSV.")
    parser.add_argument("--exact-ngram", action="store_true", help="After the one scoring: the frozen model fed "
                        "exact n-gram cosines (what a cheap library version could serve), beside the rest.")
    args = parser.parse_args()
    clock = time.perf_counter()
    graph, _, _, old, _ = split_queries()
    earlier = samples(graph, old)
    fresh5 = fresh5_samples(graph, [earlier[s] for s in ("fresh", "fresh2", "fresh3", "fresh4")])
    if args.sample:
        print_sample(graph, fresh5)
        return
    queries = sorted({q for qs in fresh5.values() for q in qs})
    found = rankings(graph, queries) | {LEARNED: learned(graph, queries)}
    if args.exact_ngram:
        found[f"{LEARNED}-exact-ngram"] = learned(graph, queries, exact=True)
    if args.pool:
        write_fresh_pool(args.pool, graph, found, read_judgements(*JUDGED, FRESH4_JUDGEMENTS))
        return
    judged = read_judgements(*JUDGED, FRESH4_JUDGEMENTS, FRESH5_JUDGEMENTS)
    score(found, judged, {"fresh5": fresh5})
    if not args.exact_ngram:
        decide(found, judged, fresh5)
    print(f"run {time.perf_counter() - clock:.0f} s")


if __name__ == "__main__":
    main()
