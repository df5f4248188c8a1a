"""The served ranking of `related` and a refit of its re-ranker on a seventh fresh sample, scored once (issue 21,
fourteenth round).

The thirteenth round suggested a plain refit of the shipped re-ranker (``logistic-1+u``, C = 0.1, the 18
:data:`queries.rerank.BASE_FEATURES`, the top 30 with the unjudged as grade 0) on all seven judged samples, frozen
before a seventh fresh sample. It was fitted and committed first (``bench/relevance_learned.py --refit``,
bench/relevance/learned_model2.json), before this sample was drawn.

``fresh7`` is drawn like fresh6 (:func:`bench.relevance_fresh.fresh_samples`, seed :data:`FRESH7_SEED` 4242,
:data:`FRESH7` queries of each kind) from projects started **on or after** :data:`FRESH7_FROM` (2012-01-01). Why
that period (chosen and written here before the draw): issue 21 worries about a *later* list; 2012 on is the latest
slice of the list (fresh5 was drawn from 2011 on, fresh to fresh4 from 2010 on, fresh6 before 2010), so it is the
closest to a later list the data hold. Excluded: every query of every judged file (judgements.csv, the deep pool,
fresh to fresh6, the three second-judge files) and of the seven samples, and, for distinct titles, every title one
of those queries had; the two kinds disjoint. Should fewer than enough projects remain, the rule was to take
2011-07-01 on and say so (not needed when the draw succeeds).

The pool (``--pool FILE``, titles only, in code order, no ranker or rank): the top 10 of character n-grams,
plain-word BM25, the shipped ranker without re-ranking (``rerank=False``), the served ranking with the current model
(queries/rerank_model.json, as users get it now) and the same with the refit (learned_model2.json).
``judgements_fresh7.csv`` holds the grades, committed before any ranker was scored on it.

The default run scores once (``RESULT name=relevance_fresh7 split=frozen kind=... ranker=...``): nDCG@10 and P@5 of
each ranker, nDCG@10 against n-grams and P@5 against the ceiling with 95% paired bootstrap intervals, and the gains
(``RESULT name=relevance_fresh7_gain``): served(current) - shipped, served(refit) - shipped and refit - current.

The keep rule (written before scoring, :func:`decide`): ship the refit (copy learned_model2.json to
queries/rerank_model.json) only if ``refit - current`` nDCG@10 on fresh7 is above 0 on both kinds and its 95% paired
bootstrap interval is wholly below 0 on neither; otherwise the current model stays (``RESULT
name=relevance_fresh7_keep``).

Outcome (2026-12-08, bench/relevance/README.md, fourteenth round): the draw took 2012 on (4,406 of the list's 19,940
projects; no fallback). 1,418 pooled pairs, graded by one judge. nDCG@10 of the served ranking (current model)
2.26x n-grams [1.62, 3.52] on distinct titles and 1.71x [1.30, 2.58] on projects; P@5 0.76 and 0.82 of the ceiling.
Refit - current: -0.0022 [-0.0066, +0.0015] and -0.0045 [-0.0134, +0.0021] nDCG@10: ``keep=False``, the current
model stays (learned_model2.json is not shipped).

``--second-reading``: the same scoring with the second reading's grades (bench/relevance/second_judge_fresh7.csv,
320 random pooled pairs, bench/relevance_judges.py ``--fresh7``) in place of the first judge's on those pairs
(``RESULT name=relevance_fresh7_second ...``): whether the ratios to n-grams hold under a more generous reader.
The pairs are a random sample of the pool, not whole queries, so this is a sensitivity check, not a second score.

Run: ``.venv/bin/python bench/relevance_fresh7.py [--sample] [--pool FILE] [--second-reading]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, result_line, shared_data  # noqa: E402
from bench.relevance import CORPUS, DEPTH, read_judgements  # noqa: E402
from bench.relevance_fresh import earlier_queries, fresh_samples, print_rankers, print_sample, write_fresh_pool  # noqa: E402
from bench.relevance_fresh4 import FRESH4_JUDGEMENTS, JUDGED, rankings  # noqa: E402
from bench.relevance_fresh5 import FRESH5_JUDGEMENTS  # noqa: E402
from bench.relevance_fresh6 import FRESH6_JUDGEMENTS  # noqa: E402
from bench.relevance_learned import FROZEN2, more_samples, samples  # noqa: E402
from bench.relevance_split import best_p5, compare, gain, per_query, split_queries, start_dates  # noqa: E402
from queries.related import RelatedIndex  # noqa: E402
from queries.related_cache import load_index, save_index  # noqa: E402
from queries.rerank import load_model  # noqa: E402

FRESH7, FRESH7_SEED = 30, 4242
#: The latest slice of the list: projects started on or after it.
FRESH7_FROM = date(2012, 1, 1)
FRESH7_JUDGEMENTS = ROOT / "bench" / "relevance" / "judgements_fresh7.csv"
RELEVANCE = ROOT / "bench" / "relevance"
#: Every file whose queries an earlier round read (judged or second-judged).
EARLIER_FILES = (*JUDGED, FRESH4_JUDGEMENTS, FRESH5_JUDGEMENTS, FRESH6_JUDGEMENTS,
                 RELEVANCE / "second_judge_fresh.csv", RELEVANCE / "second_judge_fresh6.csv")
RANKERS = ("ngram-tfidf", "plain-bm25", "shipped", "served", "served-refit")


def fresh7_samples(graph, earlier: dict[str, dict[str, list[str]]]) -> dict[str, list[str]]:
    """Kind -> the seventh fresh sample's queries; ``earlier``: the seven judged samples (sample -> kind -> queries)."""
    used = (earlier_queries() | {q for q, _ in read_judgements(*EARLIER_FILES)}
            | {q for kinds in earlier.values() for qs in kinds.values() for q in qs})
    return fresh_samples(graph, start_dates(shared_data() / CORPUS), used, seed=FRESH7_SEED, size=FRESH7,
                         cutoff=FRESH7_FROM)


def served(graph, queries: list[str]) -> dict[str, dict[str, list[str]]]:
    """"served" and "served-refit": query -> the top 10 `related <project>` serves (the library's index with its
    defaults, cached and read back) with the current model, and the same index with the refit model."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        stem = Path(folder) / "related-served"
        save_index(RelatedIndex.build(graph), stem)
        loaded = load_index(stem, graph)
    assert loaded.reranker is not None, "the served index does not re-rank: not the ranking users get"
    out = {"served": {q: [r.id for r in loaded.ranked(q, top=DEPTH)] for q in queries}}
    loaded.reranker.model = load_model(FROZEN2)
    out["served-refit"] = {q: [r.id for r in loaded.ranked(q, top=DEPTH)] for q in queries}
    print(f"  served rankings in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return out


def decide(gains: dict[str, dict]) -> bool:
    """The keep rule, fixed before scoring: ship the refit only if its nDCG@10 gain over the current model is above 0
    on both kinds and no 95% interval of it is wholly below 0.

    >>> decide({"distinct": {"ndcg10_gain": 0.01, "ndcg10_gain_high": 0.02},
    ...         "projects": {"ndcg10_gain": 0.002, "ndcg10_gain_high": 0.01}})
    True
    >>> decide({"distinct": {"ndcg10_gain": 0.01, "ndcg10_gain_high": 0.02},
    ...         "projects": {"ndcg10_gain": -0.001, "ndcg10_gain_high": 0.01}})
    False
    """
    return all(g["ndcg10_gain"] > 0 and g["ndcg10_gain_high"] >= 0 for g in gains.values())


def report(found: dict[str, dict[str, list[str]]], judged: dict, fresh7: dict[str, list[str]],
           name: str = "relevance_fresh7") -> None:
    """Each ranker's figures on each kind (against n-grams and the ceiling), the gains, and the keep rule; the
    RESULT lines are named ``name``, ``name_gain`` and ``name_keep``."""
    scores = {ranker: per_query(results, judged) for ranker, results in found.items()}
    refit_gains = {}
    for kind, queries in fresh7.items():
        print_rankers("fresh7", kind, queries, scores, judged, RANKERS, name)
        for ranker, base in (("served", "shipped"), ("served-refit", "shipped"), ("served-refit", "served")):
            g = gain(scores[ranker], scores[base], queries)
            if (ranker, base) == ("served-refit", "served"):
                refit_gains[kind] = g
            print(f"  {ranker} - {base}: nDCG@10 {g['ndcg10_gain']:+.4f} [{g['ndcg10_gain_low']:+.4f}, "
                  f"{g['ndcg10_gain_high']:+.4f}], P@5 {g['p5_gain']:+.4f} [{g['p5_gain_low']:+.4f}, "
                  f"{g['p5_gain_high']:+.4f}]")
            print(result_line(f"{name}_gain", split="frozen", kind=kind, ranker=ranker, base=base, **g))
    keep = decide(refit_gains)
    print(f"keep rule (refit - current > 0 on both kinds, no interval wholly below 0): ship the refit: {keep}")
    print(result_line(f"{name}_keep", keep=keep,
                      **{f"gain_{k}": round(g["ndcg10_gain"], 4) for k, g in refit_gains.items()}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", action="store_true", help="Print the fresh7 sample (codes and titles).")
    parser.add_argument("--pool", type=Path, help="Write fresh7's unjudged pooled pairs to this CSV.")
    parser.add_argument("--second-reading", action="store_true",
                        help="Score with the second judge's grades in place of the first's on the pairs both read.")
    args = parser.parse_args()
    clock = time.perf_counter()
    graph, _, _, old, _ = split_queries()
    fresh7 = fresh7_samples(graph, more_samples(graph, samples(graph, old)))
    if args.sample:
        print_sample(graph, fresh7)
        return
    queries = sorted({q for qs in fresh7.values() for q in qs})
    found = rankings(graph, queries) | served(graph, queries)
    earlier = read_judgements(*JUDGED, FRESH4_JUDGEMENTS, FRESH5_JUDGEMENTS, FRESH6_JUDGEMENTS)
    if args.pool:
        write_fresh_pool(args.pool, graph, found, earlier)
        return
    if args.second_reading:
        from bench.relevance_judges import SECOND_JUDGE_FRESH7
        second = read_judgements(SECOND_JUDGE_FRESH7)
        print(f"the second judge's grades in place of the first's on {len(second)} of the fresh7 pairs")
        report(found, earlier | read_judgements(FRESH7_JUDGEMENTS) | second, fresh7, "relevance_fresh7_second")
    else:
        report(found, earlier | read_judgements(FRESH7_JUDGEMENTS), fresh7)
    print(f"run {time.perf_counter() - clock:.0f} s")


if __name__ == "__main__":
    main()
