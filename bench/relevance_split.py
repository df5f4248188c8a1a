"""Relevance of `related` measured the way it will be used: weights fitted on earlier projects, scored on later ones.

The judged queries of bench/relevance.py (two samples of 60) are split by time, not at random: queries
whose project started before :data:`CUTOFF` form the *fit* part, the later ones the *frozen* part (the
stand-in for "the next list": later projects of the same kind). Every weight and threshold of the
ranker is chosen on the fit part only (``--fit`` prints the grid, fit part only); the frozen part is
scored with what was chosen.

For each sample and part the bench prints, beside character n-grams and the ranker before issue 21:

- nDCG@10 and its ratio to character n-grams, with a 95% paired bootstrap interval (queries resampled,
  :data:`BOOTSTRAP` times, the same resample for both rankers);
- P@5 and its ratio to the best P@5 the judgements allow (the ceiling), with its bootstrap interval;
- the agreement of the two judges (Cohen's kappa) on the pairs of each part (``RESULT name=relevance_judges``);
- ``RESULT name=relevance_target ...``: whether the shipped ranker reaches nDCG@10 >= 1.3x n-grams (the
  ratio, and the low end of its interval) and P@5 >= 0.9 x the ceiling.

Rankers: ``ngram-tfidf`` (the baseline), ``issue-13`` (the ranker before issue 21: no
:class:`~queries.term_weights.Emphasis`), ``shipped`` (today's defaults, with the pseudo-relevance feedback
of issue 21's fifth round, :data:`queries.related.FEEDBACK`), ``shipped-4`` (the same without it) and ``places-0.2`` (place names
weighted 0.2, the fit part's choice that the frozen part did not confirm) ``distinct-df`` (each
distinct title counted once in a term's document frequency) and ``fitted-4`` (:data:`FITTED_4`, the fourth
round's choice on the fit part). ``mapping`` is today's
ranker on the list as ``stratgraph ingest --mapping examples/structural-funds/mapping.yaml`` stores it
(the programme part a theme of every project), ``mapping-before`` the same before words were given the
weight they have without goals or themes. ``RESULT name=relevance_gain`` gives a ranker's nDCG@10 and
P@5 minus those of the ranker it replaces (:data:`GAINS`), with paired bootstrap intervals.

``RESULT name=relevance split=fit|frozen sample=... ...`` lines carry the same figures. Pairs nobody
judged count as not relevant (``unjudged`` says how many each ranker brought; ``--pool FILE`` writes
them out for judging, as in bench/relevance.py).

Run: ``.venv/bin/python bench/relevance_split.py [--fit] [--only fit] [--pool unjudged.csv]``
"""

from __future__ import annotations

import argparse
import csv
import gzip
import math
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import result_line, shared_data  # noqa: E402
from bench.relevance import (CORPUS, DEPTH, JUDGEMENTS, ceiling, load_corpus, ranked,  # noqa: E402
                             read_judgements, sample_projects, sample_queries, write_pool)
from bench.relevance_judges import SECOND_JUDGE, agreement  # noqa: E402
from queries.related import FEEDBACK, TEXT_WEIGHT, RelatedIndex  # noqa: E402
from queries.term_weights import Emphasis  # noqa: E402
from queries.text_analysis import load_analyser  # noqa: E402

#: Projects that started before this day are the fit part; later ones the frozen part.
CUTOFF = date(2010, 1, 1)
BOOTSTRAP, SEED = 2000, 21
#: The place weight the fit part chose; the frozen part did not confirm it, so it is not shipped.
PLACE_FITTED = 0.2
#: The fourth round's choice on the fit part (the best mean nDCG@10 gain of the points of :data:`GRID` that
#: gain on both samples there): each distinct title counted once in document frequency, places and
#: boilerplate weighed 0.7 at least.
FITTED_4 = Emphasis(distinct_df=True, place=0.7, boilerplate=0.7, coherent=2.5)
#: Targets on the frozen part: nDCG@10 at least this ratio to n-grams, P@5 at least this share of the ceiling.
TARGET_RATIO, TARGET_SHARE = 1.3, 0.9
GAIN_P5 = {2: 1.0, 1: 0.5}
#: The grid the issue-21 weights were chosen on (fit part only): each mechanism alone, then the share of
#: projects above which an organisation or fund is no partner.
GRID = ([{"emphasis": Emphasis(place=place)} for place in (1.0, 0.0, 0.5)]
        + [{"emphasis": Emphasis(part_support=support)} for support in (10.0, 30.0, 100.0)]
        + [{"emphasis": Emphasis(boilerplate=floor, coherent=coherent)} for floor, coherent in ((0.3, 5.0), (0.5, 2.5))]
        + [{"common_share": share} for share in (0.003, 0.01, 0.03)]
        # fourth round: each distinct title once in document frequency, alone and with the weights above
        + [{"emphasis": Emphasis(distinct_df=True, place=place, boilerplate=floor, coherent=coherent)}
           for place, floor, coherent in ((1.0, 1.0, 5.0), (0.5, 1.0, 5.0), (0.2, 1.0, 5.0), (1.0, 0.5, 2.5),
                                          (1.0, 0.3, 5.0), (0.5, 0.5, 2.5), (0.2, 0.5, 2.5), (0.5, 0.3, 5.0),
                                          (0.7, 0.7, 2.5))]
        # then coherence over whole words only (after fitted-4's frozen run; not scored frozen)
        + [{"emphasis": Emphasis(distinct_df=distinct, whole_coherence=True, place=place, boilerplate=floor,
                                 coherent=coherent)}
           for distinct, place, floor, coherent in ((False, 1.0, 0.5, 2.5), (False, 1.0, 0.3, 5.0), (True, 1.0, 0.5, 2.5),
                                                    (True, 1.0, 0.3, 5.0), (True, 0.7, 0.7, 2.5))])


def start_dates(path: Path) -> dict[str, date]:
    """Project code -> start day (``Aloituspvm``, written 1.4.2008)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        out = {}
        for row in csv.DictReader(handle):
            day, month, year = (int(p) for p in row["Aloituspvm"].strip().split("."))
            out[row["Koodi"].strip()] = date(year, month, day)
    return out


def per_query(results: dict[str, list[str]], judged: dict[tuple[str, str], int]) -> dict[str, tuple[float, float, int]]:
    """Query -> (P@5, nDCG@10, unjudged in the top 10), as in bench/relevance.py."""
    out = {}
    for query, found in results.items():
        grades = [judged.get((query, c)) for c in found[:DEPTH]]
        unjudged = sum(g is None for g in grades)
        grades = [g or 0 for g in grades]
        ideal = sorted((g for (q, _), g in judged.items() if q == query), reverse=True)[:DEPTH]
        dcg = sum(g / math.log2(i + 2) for i, g in enumerate(grades))
        best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
        out[query] = (sum(GAIN_P5.get(g, 0.0) for g in grades[:5]) / 5, dcg / best if best else 0.0, unjudged)
    return out


def best_p5(queries: list[str], judged: dict[tuple[str, str], int]) -> np.ndarray:
    return np.array([ceiling([q], judged) for q in queries])


def interval(values: np.ndarray) -> tuple[float, float]:
    low, high = np.percentile(values, [2.5, 97.5])
    return float(low), float(high)


def compare(ranker: dict, base: dict, top: np.ndarray, queries: list[str]) -> dict[str, float]:
    """Figures of one ranker on ``queries`` against the n-gram ``base`` and the ceiling ``top``, with
    paired bootstrap intervals (the same resampled queries for every figure)."""
    p5 = np.array([ranker[q][0] for q in queries])
    ndcg = np.array([ranker[q][1] for q in queries])
    base_ndcg = np.array([base[q][1] for q in queries])
    picks = np.random.default_rng(SEED).integers(0, len(queries), size=(BOOTSTRAP, len(queries)))
    ratios = ndcg[picks].mean(axis=1) / np.maximum(base_ndcg[picks].mean(axis=1), 1e-12)
    shares = p5[picks].mean(axis=1) / np.maximum(top[picks].mean(axis=1), 1e-12)
    ratio_ci, share_ci = interval(ratios), interval(shares)
    return {"queries": len(queries), "p5": p5.mean(), "ndcg10": ndcg.mean(),
            "ndcg_vs_ngram": ndcg.mean() / base_ndcg.mean(), "ndcg_vs_ngram_low": ratio_ci[0],
            "ndcg_vs_ngram_high": ratio_ci[1], "p5_ceiling": top.mean(), "p5_vs_ceiling": p5.mean() / top.mean(),
            "p5_vs_ceiling_low": share_ci[0], "p5_vs_ceiling_high": share_ci[1],
            "unjudged": sum(ranker[q][2] for q in queries)}


def gain(ranker: dict, base: dict, queries: list[str]) -> dict[str, float]:
    """nDCG@10 and P@5 of ``ranker`` minus ``base`` on ``queries``, with 95% paired bootstrap intervals."""
    out = {}
    for figure, at in (("ndcg10", 1), ("p5", 0)):
        diff = np.array([ranker[q][at] - base[q][at] for q in queries])
        picks = np.random.default_rng(SEED).integers(0, len(queries), size=(BOOTSTRAP, len(queries)))
        low, high = interval(diff[picks].mean(axis=1))
        out |= {f"{figure}_gain": round(float(diff.mean()), 4), f"{figure}_gain_low": round(low, 4),
                f"{figure}_gain_high": round(high, 4)}
    return out


#: Rankers compared with another than n-grams: ranker -> the one it replaces.
GAINS = {"mapping": "mapping-before", "shipped": "shipped-4", "places-0.2": "shipped-4", "distinct-df": "shipped-4",
         "fitted-4": "shipped-4"}


def show(sample: str, part: str, name: str, m: dict[str, float]) -> None:
    print(f"  {part:<7}{name:<26}{m['queries']:4d}{m['p5']:7.3f}{m['p5_vs_ceiling']:7.2f} "
          f"[{m['p5_vs_ceiling_low']:.2f}, {m['p5_vs_ceiling_high']:.2f}]{m['ndcg10']:9.3f}{m['ndcg_vs_ngram']:7.2f}x "
          f"[{m['ndcg_vs_ngram_low']:.2f}, {m['ndcg_vs_ngram_high']:.2f}]{m['unjudged']:6d}")
    print(result_line("relevance", split=part, sample=sample, ranker=name, **{
        k: (round(v, 4) if isinstance(v, float) else v) for k, v in m.items()}))


def judges(started: dict[str, date], only: str | None) -> None:
    """Agreement of the two judges (bench/relevance_judges.py) on the pairs of each part."""
    first, second = read_judgements(JUDGEMENTS), read_judgements(SECOND_JUDGE)
    print("two judges on the same pairs (judgements.csv, second_judge.csv):")
    for part in ("fit", "frozen"):
        if only and part != only:
            continue
        late = part == "frozen"
        mine = {pair: g for pair, g in second.items() if (started[pair[0]] >= CUTOFF) == late}
        figures = agreement(first, mine)
        print(f"  {part:<7}{figures['pairs']:5d} pairs: exact {figures['exact']:.3f}, Cohen's kappa "
              f"{figures['kappa']:.3f}, linear-weighted {figures['kappa_linear']:.3f}")
        print(result_line("relevance_judges", split=part, **figures))


def build(graph, emphasis: Emphasis | None, **options) -> RelatedIndex:
    options.setdefault("feedback", None)  # pseudo-relevance feedback only where asked (the shipped ranker)
    started = time.perf_counter()
    index = RelatedIndex.build(graph, emphasis=emphasis, **({"rerank": False} | options))  # before round 11
    print(f"  built {('emphasis ' + str(emphasis)) if emphasis else 'without emphasis'} "
          f"{options or ''} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return index


def split_queries():
    """The real list's graph, the judgements, the two query samples, each split by start date into fit
    (before CUTOFF) and frozen parts, and every query of both: what each split bench starts from."""
    path = shared_data() / CORPUS
    graph, started = load_corpus(path), start_dates(path)
    samples = {"distinct": sample_queries(graph), "projects": sample_projects(graph)}
    parts = {s: {"fit": [q for q in qs if started[q] < CUTOFF], "frozen": [q for q in qs if started[q] >= CUTOFF]}
             for s, qs in samples.items()}
    return graph, read_judgements(), samples, parts, sorted({q for qs in samples.values() for q in qs})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="Print the grid on the fit part (nothing frozen).")
    parser.add_argument("--only", choices=("fit", "frozen"), help="Print one part only.")
    parser.add_argument("--pool", type=Path, help="Write the unjudged pooled pairs to this CSV.")
    args = parser.parse_args()
    graph, judged, samples, parts, every = split_queries()
    mapped = load_corpus(shared_data() / CORPUS, programme="theme")
    rankers = {"ngram-tfidf": (build(graph, None, analyser=load_analyser("ngram"), weighting="tfidf"), "topic"),
               "issue-13": (build(graph, None), "all"),
               # the ranker shipped before issue 21's fifth round, and today's (pseudo-relevance feedback)
               "shipped-4": (build(graph, Emphasis()), "all"),
               "shipped": (build(graph, Emphasis(), feedback=FEEDBACK), "all"),
               "places-0.2": (build(graph, Emphasis(place=PLACE_FITTED)), "all"),
               # a title repeated hundreds of times ("Investointi ja kehittäminen") counts once in a term's
               # document frequency (issue 21, fourth round)
               "distinct-df": (build(graph, Emphasis(distinct_df=True)), "all"),
               "fitted-4": (build(graph, FITTED_4), "all"),
               # the list as `stratgraph ingest --mapping examples/structural-funds/mapping.yaml` stores it
               # (the programme part a theme): before issue 21's third round every project had a theme, so
               # words weighed TEXT_WEIGHT; the words weight is now WORDS_WEIGHT, as without themes
               "mapping-before": (build(mapped, Emphasis(), words_weight=TEXT_WEIGHT), "all"),
               "mapping": (build(mapped, Emphasis(), feedback=FEEDBACK), "all")}
    if args.fit:
        rankers |= {f"grid-{i}": (build(graph, **({"emphasis": Emphasis()} | point)), "all")
                    for i, point in enumerate(GRID)}
    found = {name: ranked(index, by, every) for name, (index, by) in rankers.items()}
    scores = {name: per_query(results, judged) for name, results in found.items()}
    print(f"split: fit = projects started before {CUTOFF}, frozen = from then on; {BOOTSTRAP} paired bootstrap "
          f"resamples of the queries (95% intervals)")
    print(f"  {'part':<7}{'ranker':<26}{'n':>4}{'P@5':>7}{'/ceil':>7} {'[95%]':<13}{'nDCG@10':>9}{'vs ng':>8} "
          f"{'[95%]':<13}{'unjud':>6}")
    for sample, split in parts.items():
        print(f"sample {sample}")
        for part, queries in split.items():
            if args.only and part != args.only or args.fit and part == "frozen":
                continue
            top = best_p5(queries, judged)
            for name in rankers:
                figures = compare(scores[name], scores["ngram-tfidf"], top, queries)
                show(sample, part, name, figures)
                if GAINS.get(name) in rankers:
                    difference = gain(scores[name], scores[GAINS[name]], queries)
                    print(f"  {'':<7}{'  - ' + GAINS[name]:<26}    nDCG@10 {difference['ndcg10_gain']:+.4f} "
                          f"[{difference['ndcg10_gain_low']:+.4f}, {difference['ndcg10_gain_high']:+.4f}], P@5 "
                          f"{difference['p5_gain']:+.4f} [{difference['p5_gain_low']:+.4f}, {difference['p5_gain_high']:+.4f}]")
                    print(result_line("relevance_gain", split=part, sample=sample, ranker=name, base=GAINS[name],
                                      **difference))
                if name == "shipped":
                    print(result_line("relevance_target", split=part, sample=sample,
                                      ndcg_vs_ngram_ok=figures["ndcg_vs_ngram"] >= TARGET_RATIO,
                                      ndcg_vs_ngram_low_ok=figures["ndcg_vs_ngram_low"] >= TARGET_RATIO,
                                      p5_vs_ceiling_ok=figures["p5_vs_ceiling"] >= TARGET_SHARE))
    judges(start_dates(shared_data() / CORPUS), "fit" if args.fit else args.only)
    if args.fit:
        for i, point in enumerate(GRID):
            print(f"grid-{i}: {point}")
    if args.pool:
        write_pool(args.pool, graph, {(q, c) for results in found.values() for q, cs in results.items() for c in cs},
                   judged)


if __name__ == "__main__":
    main()
