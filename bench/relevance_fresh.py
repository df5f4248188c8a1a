"""Relevance of `related` on a fresh frozen sample: later projects that no earlier round judged or looked at.

Issue 21, fifth round. The frozen part of bench/relevance_split.py (33 distinct-title and 30 project
queries) was scored in four rounds, so it is no longer frozen, and with 30 queries a part it cannot tell
a small gain from noise. This bench draws a *fresh* sample the way the first ones were drawn
(bench/relevance.py: a fixed-seed sample of distinct titles, each title's first project, and one of
projects, repeats included), but only from projects that started on or after
:data:`~bench.relevance_split.CUTOFF` and that are in no earlier judged query (nor share a title with
one): :data:`FRESH` queries of each kind, seed :data:`FRESH_SEED`, the two samples disjoint.

The old fit and frozen parts together are now the *fitted* data: every candidate is chosen there
(``--fit``: the grid, old queries only), and the fresh sample is scored once per candidate (the default
run), beside n-grams and the shipped ranker, with 95% paired bootstrap intervals and P@5 against the
ceiling (``RESULT name=relevance split=fit|frozen|fresh ...``, ``RESULT name=relevance_gain ...`` against
the shipped ranker). ``--pool FILE`` writes the fresh sample's pooled top 10s nobody judged
(bench/relevance/judgements_fresh.csv holds their grades).

Candidates (:data:`CANDIDATES`):

- ``prf-...``: pseudo-relevance feedback (RM3-style): the query's text vector interpolated with the
  score-weighted mean of its top ``k`` results' vectors, cut to its ``terms`` heaviest terms and scaled
  to the query vector's length, ``q' = q + weight * feedback``; the words part of the score is then the
  similarity to ``q'`` (:meth:`queries.text_similarity.TextIndex.expanded`; kept, and shipped since
  this round as :data:`queries.related.FEEDBACK`: ``shipped`` here is the ranker before it, without feedback);
- ``bm25-k1-...-b-...``: BM25's saturation ``k1`` and length normalisation ``b`` (shipped 1.2 and 0:
  titles are normalised by :data:`queries.text_similarity.NORM_POWER` instead); ``k1`` also sets how much
  a compound part counting half an occurrence weighs against a whole word;
- ``fitted-4``, ``distinct-df`` (bench/relevance_split.py) and ``cooc-0.1`` (bench/relevance_blend.py).

``RESULT name=relevance_keep``: whether a candidate gains on both samples of the fitted data and loses on
neither fresh sample (the rule for wiring it into `related`).

Run: ``.venv/bin/python bench/relevance_fresh.py [--fit] [--pool unjudged.csv] [--sample]``
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, result_line, shared_data  # noqa: E402
from bench.relevance import CORPUS, DEPTH, DEEP_JUDGEMENTS, JUDGEMENTS, load_corpus, read_judgements  # noqa: E402
from bench.relevance_judges import SECOND_JUDGE  # noqa: E402
from bench.relevance_split import (CUTOFF, FITTED_4, TARGET_RATIO, TARGET_SHARE, best_p5, compare,  # noqa: E402
                                   gain, per_query, show, split_queries, start_dates)
from graph_model.schema_types import NodeType  # noqa: E402
from queries import text_similarity  # noqa: E402
from queries.duplicates import title_key  # noqa: E402
from queries.related import RelatedIndex  # noqa: E402
from queries.term_weights import Emphasis  # noqa: E402
from queries.text_analysis import load_analyser  # noqa: E402
from queries.text_similarity import Feedback  # noqa: E402

#: The fresh sample: this many queries of each kind, drawn with this seed.
FRESH, FRESH_SEED = 50, 2105
FRESH_JUDGEMENTS = ROOT / "bench" / "relevance" / "judgements_fresh.csv"
#: Pseudo-relevance feedback grid (fitted data only): (top k results, terms kept, weight).
PRF_GRID = [(k, terms, weight) for k in (3, 5, 10) for terms in (10, 30) for weight in (0.1, 0.25, 0.5, 1.0)]
#: BM25 grid (fitted data only): (k1, b).
BM25_GRID = [(k1, b) for k1 in (0.5, 1.2, 2.0) for b in (0.0, 0.3, 0.75)]


def earlier_queries() -> set[str]:
    """Every query any earlier round judged (judgements.csv, judgements_deep.csv, second_judge.csv)."""
    return {q for q, _ in read_judgements(JUDGEMENTS, DEEP_JUDGEMENTS, SECOND_JUDGE)}


def fresh_samples(graph, started: dict, used: set[str], seed: int = FRESH_SEED,
                  size: int = FRESH, cutoff=CUTOFF, until=None) -> dict[str, list[str]]:
    """The fresh samples, both of projects started on or after ``cutoff`` (and before ``until``, when given)
    that were no earlier query, seeded like bench/relevance.py's: distinct titles (each title's first project
    of the period; no title an earlier query had) and projects (repeats included, as the first projects
    sample: a generic title repeated hundreds of times is a third of the list's projects), disjoint from the
    distinct sample.
    """
    used_keys = {title_key(graph.label(q)) for q in used if graph.labels.get(q)}
    later = [p for p in graph.ids_of(NodeType.PROJECT.value)
             if graph.labels.get(p) and title_key(graph.label(p)) and started[p] >= cutoff
             and (until is None or started[p] < until) and p not in used]
    first: dict[str, str] = {}
    for p in later:
        if title_key(graph.label(p)) not in used_keys:
            first.setdefault(title_key(graph.label(p)), p)
    rng = random.Random(seed)
    distinct = sorted(rng.sample(sorted(first.values()), size))
    taken = set(distinct)
    projects = sorted(rng.sample(sorted(p for p in later if p not in taken), size))
    return {"distinct": distinct, "projects": projects}


def with_feedback(index: RelatedIndex, queries: list[str], k: int, terms: int, weight: float) -> dict[str, list[str]]:
    """Query -> top 10 of ``index`` with pseudo-relevance feedback ``(k, terms, weight)`` (the library's
    :meth:`queries.related.RelatedIndex.ranked`, as shipped since this round with :data:`~queries.related.FEEDBACK`)."""
    kept = index.feedback
    index.feedback = Feedback(docs=k, terms=terms, weight=weight)
    try:
        return {q: [r.id for r in index.ranked(q, top=DEPTH)] for q in queries}
    finally:
        index.feedback = kept


@contextmanager
def bm25(k1: float, b: float):
    """BM25's ``k1`` and ``b`` set for an index built inside (project queries use the built vectors)."""
    old = text_similarity.BM25_K1, text_similarity.BM25_B
    text_similarity.BM25_K1, text_similarity.BM25_B = k1, b
    try:
        yield
    finally:
        text_similarity.BM25_K1, text_similarity.BM25_B = old


def build(graph, **options) -> RelatedIndex:
    """``RelatedIndex.build(graph, **options)``, timed; not re-ranked unless ``rerank=True`` is given: every
    bench's "shipped" is the ranker before the learned re-ranker (issue 21, round 11)."""
    clock = time.perf_counter()
    index = RelatedIndex.build(graph, **({"rerank": False} | options))
    print(f"  built {options or 'shipped'} in {time.perf_counter() - clock:.1f} s", file=sys.stderr)
    return index


#: The candidates of the fifth round, chosen on the fitted data (``--fit``, 2026-12-07): of the points that
#: gain nDCG@10 on both old samples, the best of each mechanism by mean gain (distinct / projects):
#: pseudo-relevance feedback from the top 10, 30 terms, weight 0.25 (+0.0132 / +0.0062; 16 of its 1,140
#: top-10 places unjudged, counted as not relevant), FITTED_4 (+0.0098 / +0.0064) and BM25 ``k1`` = 2
#: (+0.0071 / +0.0010). The co-occurrence blend (+0.0076 / +0.0018) and distinct_df (+0.0082 / +0.0004)
#: are scored beside them (round 2 and 4's candidates), not as candidates; no ``b`` > 0 gained.
CANDIDATES: dict[str, dict] = {"prf-10-30-0.25": {"prf": (10, 30, 0.25)}, "fitted-4": {},
                               "bm25-k1-2-b-0": {"bm25": (2.0, 0.0)}}


def rankings(graph, queries: list[str], prf=(), bm25s=(), extra: bool = True) -> dict[str, dict[str, list[str]]]:
    """Ranker -> query -> its top 10: n-grams, plain-word BM25, the shipped ranker and the candidates."""
    from bench.relevance_blend import CooccurrenceIndex, blended_top

    out: dict[str, dict[str, list[str]]] = {}
    ngram = build(graph, analyser=load_analyser("ngram"), weighting="tfidf", emphasis=None, feedback=None)
    out["ngram-tfidf"] = {q: [r.id for r in ngram.query(q, top=DEPTH, by="topic")] for q in queries}
    del ngram
    # "shipped": the ranker as shipped before this round (no feedback), the base every candidate is compared with
    shipped = build(graph, feedback=None)
    out["shipped"] = {q: [r.id for r in shipped.query(q, top=DEPTH)] for q in queries}
    for k, terms, weight in prf:
        out[f"prf-{k}-{terms}-{weight:g}"] = with_feedback(shipped, queries, k, terms, weight)
    if extra:
        cooc = CooccurrenceIndex(graph, shipped.text.analyser)
        out["cooc-0.1"] = {q: blended_top(shipped, cooc, q, 0.1) for q in queries}
        del cooc
        plain = build(graph, analyser=load_analyser("plain"), emphasis=None, feedback=None, coordination=0.0)
        out["plain-bm25"] = {q: [r.id for r in plain.query(q, top=DEPTH, by="topic")] for q in queries}
        for name, emphasis in (("distinct-df", Emphasis(distinct_df=True)), ("fitted-4", FITTED_4)):
            index = build(graph, emphasis=emphasis, feedback=None)
            out[name] = {q: [r.id for r in index.query(q, top=DEPTH)] for q in queries}
    for k1, b in bm25s:
        with bm25(k1, b):
            index = build(graph, feedback=None)
        out[f"bm25-k1-{k1:g}-b-{b:g}"] = {q: [r.id for r in index.query(q, top=DEPTH)] for q in queries}
    return out


def fit(graph, judged, parts, every) -> None:
    """The grids on the fitted data (the old fit and frozen parts): each point's nDCG@10 gain over the
    shipped ranker per old sample, and the points that gain on both."""
    found = rankings(graph, every, PRF_GRID, BM25_GRID)
    scores = {name: per_query(results, judged) for name, results in found.items()}
    old = {sample: split["fit"] + split["frozen"] for sample, split in parts.items()}
    print(f"fitted data: the old fit + frozen parts ({', '.join(f'{s} {len(q)}' for s, q in old.items())} queries); "
          "nDCG@10 gain over the shipped ranker [95%], per sample")
    fit_gains(scores, old, every)


def fit_gains(scores: dict, fitted: dict[str, list[str]], every) -> None:
    """Each ranker's nDCG@10 gain over the shipped one on each sample of the fitted data (a RESULT line
    each, and a line with its unjudged places among ``every``), then the rankers that gain on both."""
    winners = []
    for name in scores:
        if name in ("shipped", "ngram-tfidf"):
            continue
        cells, gains = [], []
        for sample, queries in fitted.items():
            g = gain(scores[name], scores["shipped"], queries)
            gains.append(g["ndcg10_gain"])
            cells.append(f"{sample} {g['ndcg10_gain']:+.4f} [{g['ndcg10_gain_low']:+.4f}, {g['ndcg10_gain_high']:+.4f}]"
                         f" P@5 {g['p5_gain']:+.4f}")
            print(result_line("relevance_gain", split="fitted", sample=sample, ranker=name, base="shipped", **g))
        unjudged = sum(scores[name][q][2] for q in every)
        print(f"  {name:<22}{'; '.join(cells)}; unjudged {unjudged}")
        if all(g > 0 for g in gains):
            winners.append((float(np.mean(gains)), name))
    print("gain on both samples:", ", ".join(f"{n} {g:+.4f}" for g, n in sorted(winners, reverse=True)) or "none")


def fresh_queries(graph) -> dict[str, list[str]]:
    return fresh_samples(graph, start_dates(shared_data() / CORPUS), earlier_queries())


def print_sample(graph, samples: dict[str, list[str]]) -> None:
    """A sample's queries, one a line: sample kind, code, title (``--sample``)."""
    for sample, queries in samples.items():
        for q in queries:
            print(sample, q, graph.label(q))


def write_fresh_pool(path: Path, graph, found: dict[str, dict[str, list[str]]], judged: dict) -> None:
    """The pooled pairs nobody judged, in code order per query, titles only (no ranker, no rank)."""
    pooled = {(q, c) for results in found.values() for q, cs in results.items() for c in cs} - set(judged)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["query", "candidate", "query_title", "candidate_title", "grade"])
        writer.writeheader()
        for q, c in sorted(pooled):
            writer.writerow({"query": q, "candidate": c, "query_title": graph.label(q),
                             "candidate_title": graph.label(c), "grade": ""})
    print(f"wrote {len(pooled)} unjudged pairs to {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="The grids on the fitted data (old queries only).")
    parser.add_argument("--sample", action="store_true", help="Print the fresh sample (codes and titles).")
    parser.add_argument("--pool", type=Path, help="Write the fresh sample's unjudged pooled pairs to this CSV.")
    args = parser.parse_args()
    if args.fit:
        graph, judged, _, parts, every = split_queries()
        fit(graph, judged, parts, every)
        return
    graph, _, _, old, every = split_queries()
    fresh = fresh_queries(graph)
    if args.sample:
        print_sample(graph, fresh)
        return
    queries = sorted({q for qs in fresh.values() for q in qs})
    judged = read_judgements(JUDGEMENTS, DEEP_JUDGEMENTS, FRESH_JUDGEMENTS)
    prf = [c["prf"] for c in CANDIDATES.values() if "prf" in c]
    bm25s = [c["bm25"] for c in CANDIDATES.values() if "bm25" in c]
    if args.pool:
        write_fresh_pool(args.pool, graph, rankings(graph, queries, prf, bm25s), judged)
        return
    found = rankings(graph, queries + every, prf, bm25s)
    parts = {part: {s: split[part] for s, split in old.items()} for part in ("fit", "frozen")}
    score(found, judged, parts | {"fresh": fresh})
    decide(found, judged, {s: split["fit"] + split["frozen"] for s, split in old.items()}, fresh)


def score(found: dict[str, dict[str, list[str]]], judged: dict, parts: dict[str, dict[str, list[str]]]) -> None:
    """Each ranker's figures on each part (part -> sample -> queries), and its gain over the shipped one."""
    scores = {name: per_query(results, judged) for name, results in found.items()}
    print(f"  {'part':<7}{'ranker':<26}{'n':>4}{'P@5':>7}{'/ceil':>7} {'[95%]':<13}{'nDCG@10':>9}{'vs ng':>8} "
          f"{'[95%]':<13}{'unjud':>6}")
    for part, samples in parts.items():
        for sample, queries in samples.items():
            print(f"sample {sample}")
            top = best_p5(queries, judged)
            for name in found:
                show(sample, part, name, compare(scores[name], scores["ngram-tfidf"], top, queries))
                if name == "shipped":
                    m = compare(scores[name], scores["ngram-tfidf"], top, queries)
                    print(result_line("relevance_target", split=part, sample=sample,
                                      ndcg_vs_ngram_ok=m["ndcg_vs_ngram"] >= TARGET_RATIO,
                                      ndcg_vs_ngram_low_ok=m["ndcg_vs_ngram_low"] >= TARGET_RATIO,
                                      p5_vs_ceiling_ok=m["p5_vs_ceiling"] >= TARGET_SHARE))
                if name not in ("shipped", "ngram-tfidf"):
                    g = gain(scores[name], scores["shipped"], queries)
                    print(f"  {'':<7}{'  - shipped':<26}    nDCG@10 {g['ndcg10_gain']:+.4f} "
                          f"[{g['ndcg10_gain_low']:+.4f}, {g['ndcg10_gain_high']:+.4f}], P@5 {g['p5_gain']:+.4f} [{g['p5_gain_low']:+.4f}, "
                          f"{g['p5_gain_high']:+.4f}]")
                    print(result_line("relevance_gain", split=part, sample=sample, ranker=name, base="shipped", **g))


def decide(found: dict, judged: dict, fitted: dict[str, list[str]], fresh: dict[str, list[str]],
           candidates=CANDIDATES, label: str = "fresh") -> None:
    """Each candidate kept or not: it must gain nDCG@10 over the shipped ranker on both samples of the fitted
    data (here the old fit + frozen parts) and lose on neither sample of ``fresh`` (named ``label``;
    ``RESULT name=relevance_keep``)."""
    scores = {name: per_query(results, judged) for name, results in found.items()}
    for name in candidates:
        on_fitted = {s: gain(scores[name], scores["shipped"], qs)["ndcg10_gain"] for s, qs in fitted.items()}
        on_fresh = {s: gain(scores[name], scores["shipped"], qs)["ndcg10_gain"] for s, qs in fresh.items()}
        keep = all(g > 0 for g in on_fitted.values()) and all(g >= 0 for g in on_fresh.values())
        print(f"{name}: fitted {', '.join(f'{s} {g:+.4f}' for s, g in on_fitted.items())}; {label} "
              f"{', '.join(f'{s} {g:+.4f}' for s, g in on_fresh.items())}: {'keep' if keep else 'not kept'}")
        print(result_line("relevance_keep", ranker=name, keep=keep, **{f"fitted_{s}": g for s, g in on_fitted.items()},
                          **{f"{label}_{s}": g for s, g in on_fresh.items()}))


if __name__ == "__main__":
    main()


def print_rankers(sample: str, kind: str, queries: list[str], scores: dict, judged: dict, rankers,
                  result: str) -> None:
    """One kind of a fresh sample: each of ``rankers``' nDCG@10 against character n-grams and P@5 against the
    ceiling the judgements allow (95% paired bootstrap), as a table and as ``RESULT name=<result>
    split=frozen kind=<kind> ranker=...`` lines; ``scores`` are :func:`bench.relevance_split.per_query`'s."""
    top = best_p5(queries, judged)
    print(f"{sample} {kind} ({len(queries)} queries), P@5 ceiling {top.mean():.3f}")
    print(f"  {'ranker':<13}{'nDCG@10':>8}{'x n-grams [95%]':>24}{'P@5':>7}{'of ceiling [95%]':>24}{'unjudged':>9}")
    for ranker in rankers:
        m = compare(scores[ranker], scores["ngram-tfidf"], top, queries)
        print(f"  {ranker:<13}{m['ndcg10']:8.3f}{m['ndcg_vs_ngram']:8.2f}x [{m['ndcg_vs_ngram_low']:.2f}, "
              f"{m['ndcg_vs_ngram_high']:.2f}]{m['p5']:10.3f}{m['p5_vs_ceiling']:8.2f} "
              f"[{m['p5_vs_ceiling_low']:.2f}, {m['p5_vs_ceiling_high']:.2f}]{m['unjudged']:8d}")
        print(result_line(result, split="frozen", kind=kind, ranker=ranker,
                          **{k: round(float(v), 4) if isinstance(v, float) else v for k, v in m.items()}))
