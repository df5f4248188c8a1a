"""The served ranking of `related` on a sixth fresh sample, scored once (issue 21, twelfth round).

The eleventh round wired the frozen learned re-ranker (``logistic-1+u``) into the library: `related <project>`
re-ranks the shipped ranker's top 30 where words carry the score, as on the real list. fresh5, the only sample
the model never saw, has been read twice (scored in round 10, and again in round 11 to check fidelity), so this
round draws a sixth one to test what users now get.

``fresh6`` is drawn like fresh5 (:func:`bench.relevance_fresh.fresh_samples`, a new seed :data:`FRESH6_SEED`,
:data:`FRESH6` queries of each kind) but from an earlier period: projects started **before**
:data:`FRESH6_BEFORE` (2010-01-01). Why that period (chosen before the draw): the five earlier fresh samples were
all drawn from 2010-01-01 on (fresh5 from 2011-01-01 on), so the period before 2010 (10,355 of the list's 19,940
projects) is the one slice no fresh sample touched; and the re-ranker was fitted on 460 queries of which 340 are
fresh ones from 2010 on, so a pre-2010 sample tests it where its fit saw least. None is a query of any earlier
judged file or fresh sample (fresh to fresh5), no distinct title one an earlier query had, the two kinds disjoint.

The pool (``--pool FILE``, titles only, in code order, no ranker or rank): the top 10 of character n-grams,
plain-word BM25, the shipped ranker without re-ranking (``rerank=False``, as every bench's "shipped" since round
11) and the served ranking (:func:`served`: the library's index built with its defaults, written to a related
cache and read back, then ``ranked(q, top=10)``, as bench/relevance_learned.py's ``--served``).
``judgements_fresh6.csv`` holds the grades (1,283 pairs, one judge, blind to the ranker), committed before any
ranker was scored on it.

The default run scores once (``RESULT name=relevance_fresh6 split=frozen kind=... ranker=...``): nDCG@10 and
P@5 of each ranker, nDCG@10 against n-grams and P@5 against the ceiling with 95% paired bootstrap intervals
(bench/relevance_split.py's :func:`compare`), and the gain of the served ranking over the shipped one
(``RESULT name=relevance_fresh6_gain``). ``--detail`` (a reading added after the one scoring, no ranker changed)
also prints on how many queries the served top 10 differs from the shipped one, every query whose nDCG@10 it moves,
and the figures without the queries whose title :data:`REPEATED` or more other projects share word for word (there
every ranker's top 10 can be that same title: the generic *Investointi ja kehittäminen* repeats).

Outcome (2026-12-08, bench/relevance/README.md, twelfth round): nDCG@10 of the served ranking 1.41x n-grams
[1.17, 1.83] on distinct titles and 1.36x [1.15, 1.72] on projects; P@5 0.74 and 0.93 of the ceiling; served -
shipped +0.0005 [-0.0387, +0.0379] and +0.0116 [-0.0076, +0.0328] nDCG@10.

Run: ``.venv/bin/python bench/relevance_fresh6.py [--sample] [--pool FILE] [--detail]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, result_line, shared_data  # noqa: E402
from bench.relevance import CORPUS, DEPTH, read_judgements  # noqa: E402
from bench.relevance_fresh import earlier_queries, fresh_samples, print_rankers, print_sample, write_fresh_pool  # noqa: E402
from bench.relevance_fresh4 import FRESH4_JUDGEMENTS, JUDGED, rankings  # noqa: E402
from bench.relevance_fresh5 import FRESH5_JUDGEMENTS, fresh5_samples  # noqa: E402
from bench.relevance_learned import samples  # noqa: E402
from bench.relevance_split import best_p5, compare, gain, per_query, split_queries, start_dates  # noqa: E402
from graph_model.schema_types import NodeType  # noqa: E402
from queries.duplicates import title_key  # noqa: E402
from queries.related import RelatedIndex  # noqa: E402
from queries.related_cache import load_index, save_index  # noqa: E402

FRESH6, FRESH6_SEED = 30, 3112
#: An earlier period than every earlier fresh sample's (2010-01-01 on; fresh5 2011-01-01 on): started before it.
FRESH6_BEFORE = date(2010, 1, 1)
FRESH6_JUDGEMENTS = ROOT / "bench" / "relevance" / "judgements_fresh6.csv"
#: The rankers scored, in the order printed.
RANKERS = ("ngram-tfidf", "plain-bm25", "shipped", "served")
#: ``--detail``: a query whose title this many other projects share (word for word) is a repeat.
REPEATED = 10


def fresh6_samples(graph, earlier: list[dict[str, list[str]]]) -> dict[str, list[str]]:
    """Kind -> the sixth fresh sample's queries; ``earlier``: the fresh to fresh5 samples (kind -> queries)."""
    used = earlier_queries() | {q for sample in earlier for qs in sample.values() for q in qs}
    return fresh_samples(graph, start_dates(shared_data() / CORPUS), used, seed=FRESH6_SEED, size=FRESH6,
                         cutoff=date.min, until=FRESH6_BEFORE)


def served(graph, queries: list[str]) -> dict[str, list[str]]:
    """Query -> the top 10 `related <project>` serves: the library's index with its defaults (the re-ranker on),
    written to a related cache and read back, as a user's second call reads it."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        stem = Path(folder) / "related-served"
        save_index(RelatedIndex.build(graph), stem)
        loaded = load_index(stem, graph)
    print(f"  served index built, cached and read back in {time.perf_counter() - started:.1f} s; "
          f"re-ranks: {loaded.reranker is not None}", file=sys.stderr)
    assert loaded.reranker is not None, "the served index does not re-rank: not the ranking users get"
    return {q: [r.id for r in loaded.ranked(q, top=DEPTH)] for q in queries}


def report(found: dict[str, dict[str, list[str]]], judged: dict, fresh6: dict[str, list[str]]) -> None:
    """Each ranker's figures on each kind (against n-grams and the ceiling), and served - shipped."""
    scores = {name: per_query(results, judged) for name, results in found.items()}
    for kind, queries in fresh6.items():
        print_rankers("fresh6", kind, queries, scores, judged, RANKERS, "relevance_fresh6")
        g = gain(scores["served"], scores["shipped"], queries)
        print(f"  served - shipped: nDCG@10 {g['ndcg10_gain']:+.4f} [{g['ndcg10_gain_low']:+.4f}, "
              f"{g['ndcg10_gain_high']:+.4f}], P@5 {g['p5_gain']:+.4f} [{g['p5_gain_low']:+.4f}, "
              f"{g['p5_gain_high']:+.4f}]")
        print(result_line("relevance_fresh6_gain", split="frozen", kind=kind, ranker="served", base="shipped", **g))


def detail(graph, found: dict[str, dict[str, list[str]]], judged: dict, fresh6: dict[str, list[str]]) -> None:
    """Where the served ranking moves from the shipped one, and the figures without the repeated titles."""
    scores = {name: per_query(results, judged) for name, results in found.items()}
    keys = Counter(title_key(graph.label(p)) for p in graph.ids_of(NodeType.PROJECT.value) if graph.labels.get(p))
    for kind, queries in fresh6.items():
        moved = [q for q in queries if found["served"][q] != found["shipped"][q]]
        print(f"fresh6 {kind}: the served top 10 differs from the shipped one on {len(moved)} of {len(queries)}")
        for q in queries:
            change = scores["served"][q][1] - scores["shipped"][q][1]
            if abs(change) > 1e-9:
                print(f"  {q:<11}{graph.label(q)[:60]:<62}nDCG@10 {scores['shipped'][q][1]:.3f} -> "
                      f"{scores['served'][q][1]:.3f} ({change:+.3f})")
        rest = [q for q in queries if keys[title_key(graph.label(q))] - 1 < REPEATED]
        top = best_p5(rest, judged).mean()
        base = np.mean([scores["ngram-tfidf"][q][1] for q in rest])
        for name in RANKERS:
            ndcg, p5 = (np.mean([scores[name][q][at] for q in rest]) for at in (1, 0))
            print(f"  without {len(queries) - len(rest)} repeated titles ({len(rest)} queries): {name:<12} nDCG@10 "
                  f"{ndcg:.3f} ({ndcg / base:.2f}x n-grams), P@5 {p5:.3f} ({p5 / top:.2f} of the ceiling {top:.3f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", action="store_true", help="Print the fresh6 sample (codes and titles).")
    parser.add_argument("--pool", type=Path, help="Write fresh6's unjudged pooled pairs to this CSV.")
    parser.add_argument("--detail", action="store_true", help="After the one scoring: per-query moves of the served "
                        "ranking, and the figures without repeated generic titles.")
    args = parser.parse_args()
    clock = time.perf_counter()
    graph, _, _, old, _ = split_queries()
    earlier = samples(graph, old)
    before = [earlier[s] for s in ("fresh", "fresh2", "fresh3", "fresh4")]
    fresh6 = fresh6_samples(graph, [*before, fresh5_samples(graph, before)])
    if args.sample:
        print_sample(graph, fresh6)
        return
    queries = sorted({q for qs in fresh6.values() for q in qs})
    found = rankings(graph, queries) | {"served": served(graph, queries)}
    if args.pool:
        write_fresh_pool(args.pool, graph, found, read_judgements(*JUDGED, FRESH4_JUDGEMENTS, FRESH5_JUDGEMENTS))
        return
    judged = read_judgements(*JUDGED, FRESH4_JUDGEMENTS, FRESH5_JUDGEMENTS, FRESH6_JUDGEMENTS)
    report(found, judged, fresh6)
    if args.detail:
        detail(graph, found, judged, fresh6)
    print(f"run {time.perf_counter() - clock:.0f} s")


if __name__ == "__main__":
    main()
