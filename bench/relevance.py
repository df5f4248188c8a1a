"""Relevance of `related` on real Finnish project titles: P@5 and nDCG@10 per ranker, judged by hand.

Corpus: ../shared/data/fi-structural-funds-2007-2013 (19,940 ERDF/ESF projects, titles only). Each
project becomes a Project with its title, led by its implementer (a Stakeholder; names compared after
case and punctuation are folded) and funded by its fund (EAKR/ESR) and its programme part, loaded
straight into the ranker's index (no importer). The store has no goals or themes, so words must carry
the ranking.

:data:`QUERIES` query projects are sampled among distinct titles with a fixed seed. Every ranker's top 10 of each query is
pooled; each pooled pair was judged by reading both titles (bench/relevance/README.md gives the rule;
bench/relevance/judgements.csv the grades: 2 relevant, 1 partly, 0 not). A pair nobody judged counts as
not relevant; the bench prints how many each ranker brought (``unjudged``), and ``--pool FILE`` writes
them out for judging.

Metrics: P@5 = mean over queries of the gains of the top 5 / 5, a relevant pair gaining 1 and a partly
relevant one 0.5; nDCG@10 with gains 2/1/0, the ideal ranking made of every judged pair of the query.

The shipped ranker's fitted weights (``NORM_POWER``, ``WORDS_WEIGHT``) were chosen on a grid over both
samples. To show how much that flatters it, the bench also reports a *cross-fitted* ranker per sample:
the grid point that scores best (nDCG@10) on the *other* sample, evaluated on this one
(``RESULT name=..._crossfit``), beside the shipped one. The grid's rankers are pooled like the others.

Run: ``.venv/bin/python bench/relevance.py [--pool unjudged.csv] [--fit]``
"""

from __future__ import annotations

import argparse
import csv
import gzip
import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, result_line, shared_data  # noqa: E402
from bench.relevance_latent import LatentIndex  # noqa: E402
from graph_model.schema_types import NodeType, RelType  # noqa: E402
from queries.duplicates import title_key  # noqa: E402
from queries.projection import GraphData  # noqa: E402
from queries.related import INFO_DF, TEXT_WEIGHT, WORDS_WEIGHT, RelatedIndex  # noqa: E402
from queries.text_analysis import load_analyser  # noqa: E402
from queries.text_similarity import NORM_POWER  # noqa: E402

CORPUS = Path("fi-structural-funds-2007-2013") / "projektilista-2007-2013.csv.gz"
JUDGEMENTS = ROOT / "bench" / "relevance" / "judgements.csv"
#: Grades of the deeper pool (ranks 11-25 of four rankers, both samples), by four other judges, blind.
DEEP_JUDGEMENTS = ROOT / "bench" / "relevance" / "judgements_deep.csv"
QUERIES, SEED, DEPTH = 60, 13, 10
FIELDS = ["query", "candidate", "query_title", "candidate_title", "grade"]
#: The grid the shipped weights were fitted on: (NORM_POWER, WORDS_WEIGHT).
GRID = [(power, weight) for power in (0.5, 0.7, 1.0) for weight in (0.85, 0.9, 0.95)]


def load_corpus(path: Path, programme: str = "funding") -> GraphData:
    """The project list as a graph: titles, implementers (leaders), fund and programme part (funding, or
    with ``programme="theme"`` a theme, as examples/structural-funds/mapping.yaml reads it)."""
    graph = GraphData()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            pid = row["Koodi"].strip()
            graph.types[pid] = NodeType.PROJECT.value
            if row["Projektin nimi"].strip():
                graph.labels[pid] = {"fi": row["Projektin nimi"].strip()}
            implementer = "ORG-" + title_key(row["Toteuttajan nimi"]).replace(" ", "-")
            graph.types[implementer] = NodeType.STAKEHOLDER.value
            graph.labels[implementer] = {"fi": row["Toteuttajan nimi"].strip()}
            graph.edges[RelType.LED_BY.value].append((pid, implementer))
            graph.types["F-" + row["Rahasto"].strip()] = NodeType.FUNDING_SOURCE.value
            graph.edges[RelType.FUNDED_BY.value].append((pid, "F-" + row["Rahasto"].strip()))
            part = "PRG-" + title_key(row["Ohjelma / osio"]).replace(" ", "-")
            if programme == "theme":
                graph.types[part] = NodeType.THEME.value
                graph.edges[RelType.HAS_THEME.value].append((pid, part))
            else:
                graph.types[part] = NodeType.FUNDING_SOURCE.value
                graph.edges[RelType.FUNDED_BY.value].append((pid, part))
    return graph


def sample_projects(graph: GraphData) -> list[str]:
    """The first sample judged: a fixed-seed sample of projects with a title (repeats included)."""
    titled = [p for p in graph.ids_of(NodeType.PROJECT.value) if graph.labels.get(p)]
    return sorted(random.Random(SEED).sample(titled, QUERIES))


def sample_queries(graph: GraphData) -> list[str]:
    """The query projects: a fixed-seed sample of distinct titles (each title's first project).

    Distinct, because the list repeats a few generic titles hundreds of times ("Investointi ja
    kehittäminen"): a sample of projects was one third such titles, every ranker's easy case.
    """
    first: dict[str, str] = {}
    for p in graph.ids_of(NodeType.PROJECT.value):
        key = title_key(graph.label(p)) if graph.labels.get(p) else ""
        if key:
            first.setdefault(key, p)
    return sorted(random.Random(SEED).sample(sorted(first.values()), QUERIES))


def rankers(graph: GraphData) -> dict[str, tuple[RelatedIndex, str]]:
    """Ranker name -> (index, ``by``). Text-only rankers rank by topic (= words in this store)."""
    built: dict[str, tuple[RelatedIndex, str]] = {}

    def add(name: str, by: str, **options) -> None:
        started = time.perf_counter()
        if name != "shipped":  # the analysers as they are, without issue 21's term weights and feedback
            options.setdefault("emphasis", None)
            options.setdefault("feedback", None)
        built[name] = (RelatedIndex.build(graph, **({"rerank": False} | options)), by)  # before round 11
        index = built[name][0]
        print(f"  {name:<28} analyser={index.analyser:<10} build {time.perf_counter() - started:5.1f} s"
              + (f"  ({'; '.join(index.notes)})" if index.notes else ""))

    add("ngram-tfidf", "topic", analyser=load_analyser("ngram"), weighting="tfidf")
    add("today-related", "all", analyser=load_analyser("ngram"), weighting="tfidf", words_weight=TEXT_WEIGHT,
        info_df=0)
    for name in ("plain", "snowball", "simplemma", "voikko"):
        analyser = load_analyser(name)
        if analyser.name != name:
            print(f"  {name}: not available ({'; '.join(analyser.notes)})")
            continue
        add(f"{name}-bm25", "topic", analyser=analyser)
        if name in ("simplemma", "voikko"):
            add(f"{name}-tfidf", "topic", analyser=analyser, weighting="tfidf")
            add(f"{name}-bm25+structure", "all", analyser=analyser)
            add(f"{name}-bm25+structure-unweighted", "all", analyser=analyser, info_df=0)
            started = time.perf_counter()
            built[f"{name}-lsa"] = (LatentIndex(graph, analyser), "topic")
            print(f"  {name + '-lsa':<28} analyser=lsa        build {time.perf_counter() - started:5.1f} s")
    add("shipped", "all")
    return built


def read_judgements(*paths: Path) -> dict[tuple[str, str], int]:
    """(query, candidate) -> grade (2 relevant, 1 partly, 0 not); by default every judged pool."""
    grades: dict[tuple[str, str], int] = {}
    for path in paths or (JUDGEMENTS, DEEP_JUDGEMENTS):
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                grades.update({(r["query"], r["candidate"]): int(r["grade"]) for r in csv.DictReader(handle)})
    return grades


def evaluate(results: dict[str, list[str]], judged: dict[tuple[str, str], int]) -> dict[str, float]:
    """P@5 (gains 1 / 0.5 / 0), nDCG@10 (gains 2 / 1 / 0) and the unjudged pairs in the top 10."""
    p5, ndcg, unjudged = [], [], 0
    for query, found in results.items():
        grades = [judged.get((query, c)) for c in found[:DEPTH]]
        unjudged += sum(g is None for g in grades)
        grades = [g or 0 for g in grades]
        p5.append(sum({2: 1.0, 1: 0.5}.get(g, 0.0) for g in grades[:5]) / 5)
        ideal = sorted((g for (q, _), g in judged.items() if q == query), reverse=True)[:DEPTH]
        dcg = sum(g / math.log2(i + 2) for i, g in enumerate(grades))
        best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
        ndcg.append(dcg / best if best else 0.0)
    return {"p5": sum(p5) / len(p5), "ndcg10": sum(ndcg) / len(ndcg), "unjudged": unjudged}


def ceiling(queries: list[str], judged: dict[tuple[str, str], int]) -> float:
    """The best P@5 the judged pairs allow (the 5 best-graded candidates of each query)."""
    best = []
    for query in queries:
        grades = sorted((g for (q, _), g in judged.items() if q == query), reverse=True)[:5]
        best.append(sum({2: 1.0, 1: 0.5}.get(g, 0.0) for g in grades) / 5)
    return sum(best) / len(best)


def scarce(queries: list[str], judged: dict[tuple[str, str], int]) -> tuple[int, int]:
    """How many queries have fewer than five relevant candidates among all judged, and how many none."""
    relevant = {q: sum(1 for (j, _), g in judged.items() if j == q and g == 2) for q in queries}
    return sum(n < 5 for n in relevant.values()), sum(n == 0 for n in relevant.values())


def ranked(index: RelatedIndex, by: str, queries: list[str]) -> dict[str, list[str]]:
    return {q: [r.id for r in index.query(q, top=DEPTH, by=by)] for q in queries}


def write_pool(path: Path, graph: GraphData, pooled: set[tuple[str, str]], judged: dict) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS)
        writer.writeheader()
        for query, candidate in sorted(pooled - set(judged)):
            writer.writerow({"query": query, "candidate": candidate, "query_title": graph.label(query),
                             "candidate_title": graph.label(candidate), "grade": ""})
    print(f"wrote {len(pooled - set(judged))} unjudged pairs to {path}")


def grid(graph: GraphData, samples: dict[str, tuple[str, list[str]]], judged: dict,
         pooled: set[tuple[str, str]]) -> dict[str, dict[tuple[float, float], dict[str, float]]]:
    """Sample -> grid point -> figures (the grid's top 10s go into ``pooled``)."""
    figures: dict[str, dict[tuple[float, float], dict[str, float]]] = {name: {} for name in samples}
    for power, weight in GRID:
        index = RelatedIndex.build(graph, words_weight=weight, norm_power=power, emphasis=None, feedback=None,
                                   rerank=False)
        for sample, (_, queries) in samples.items():
            results = ranked(index, "all", queries)
            pooled |= {(q, c) for q, found in results.items() for c in found}
            figures[sample][(power, weight)] = evaluate(results, judged)
    return figures


def crossfit(prefix: str, own: dict, other: dict, base: float, shipped: dict[str, float]) -> None:
    """This sample's figures at the grid point that is best on the other sample, beside the shipped ones."""
    power, weight = max(other, key=lambda point: (other[point]["ndcg10"], other[point]["p5"]))
    m = own[(power, weight)]
    print(f"{'cross-fitted (on the other sample)':<36}{m['p5']:7.3f}{m['ndcg10']:9.3f}{m['ndcg10'] / base:9.2f}x"
          f"{m['unjudged']:10d}   norm_power {power}, words_weight {weight}")
    print(result_line(f"{prefix}crossfit", p_at_5=round(m["p5"], 4), ndcg_at_10=round(m["ndcg10"], 4),
                      ndcg_vs_ngram=round(m["ndcg10"] / base, 3), unjudged=m["unjudged"], norm_power=power,
                      words_weight=weight, shipped_p_at_5=round(shipped["p5"], 4),
                      shipped_ndcg_at_10=round(shipped["ndcg10"], 4)))


def print_grid(sample: str, figures: dict[tuple[float, float], dict[str, float]]) -> None:
    print(f"\nfit grid, {sample}: norm_power x words_weight (nDCG@10 / P@5 / unjudged)")
    for power in sorted({p for p, _ in GRID}):
        cells = [f"w={w}: {m['ndcg10']:.3f}/{m['p5']:.3f}/{m['unjudged']}"
                 for (p, w), m in sorted(figures.items()) if p == power]
        print(f"  p={power:<4} " + "  ".join(cells))


def report(title: str, prefix: str, figures: dict[str, dict[str, float]], best_p5: float,
           few: tuple[int, int]) -> None:
    base = figures["ngram-tfidf"]["ndcg10"]
    print(f"\n{title} (best P@5 the judgements allow: {best_p5:.3f}; {few[0]} of {QUERIES} queries have fewer "
          f"than 5 relevant candidates among all judged, {few[1]} have none)")
    print(f"{'ranker':<36}{'P@5':>7}{'nDCG@10':>9}{'vs ngram':>10}{'unjudged':>10}")
    for name, m in figures.items():
        ratio = m["ndcg10"] / base if base else float("nan")
        print(f"{name:<36}{m['p5']:7.3f}{m['ndcg10']:9.3f}{ratio:9.2f}x{m['unjudged']:10d}")
        print(result_line(f"{prefix}{name}", p_at_5=round(m["p5"], 4), ndcg_at_10=round(m["ndcg10"], 4),
                          ndcg_vs_ngram=round(ratio, 3), unjudged=m["unjudged"]))
    shipped = figures["shipped"]
    gain = shipped["ndcg10"] / base - 1 if base else float("nan")
    print(result_line(f"{prefix}target", p_at_5=round(shipped["p5"], 4), p_at_5_ok=shipped["p5"] >= 0.8,
                      p_at_5_ceiling=round(best_p5, 4), queries_under_5_relevant=few[0], ndcg_gain=round(gain, 3), ndcg_gain_ok=gain >= 0.2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=Path, help="Write the unjudged pooled pairs to this CSV.")
    parser.add_argument("--fit", action="store_true", help="Also print the grid the shipped weights were fitted on.")
    args = parser.parse_args()
    graph = load_corpus(shared_data() / CORPUS)
    samples = {"distinct titles": ("relevance_", sample_queries(graph)),
               "projects (generic titles repeat)": ("relevance_projects_", sample_projects(graph))}
    judged = read_judgements()
    print(f"corpus: {len(graph.ids_of(NodeType.PROJECT.value))} projects; {QUERIES} queries per sample (seed {SEED}); "
          f"{len(judged)} judged pairs; shipped weights: words {WORDS_WEIGHT}, info_df {INFO_DF}, "
          f"norm_power {NORM_POWER}")
    pooled: set[tuple[str, str]] = set()
    figures: dict[str, dict[str, dict[str, float]]] = {name: {} for name in samples}
    for name, (index, by) in rankers(graph).items():
        for sample, (_, queries) in samples.items():
            results = ranked(index, by, queries)
            pooled |= {(q, c) for q, found in results.items() for c in found}
            figures[sample][name] = evaluate(results, judged)
    fitted = grid(graph, samples, judged, pooled)
    if args.pool:
        write_pool(args.pool, graph, pooled, judged)
    for sample, (prefix, queries) in samples.items():
        report(f"queries: {sample}", prefix, figures[sample], ceiling(queries, judged), scarce(queries, judged))
        other = next(name for name in samples if name != sample)
        crossfit(prefix, fitted[sample], fitted[other], figures[sample]["ngram-tfidf"]["ndcg10"],
                 figures[sample]["shipped"])
    if args.fit:
        for sample, points in fitted.items():
            print_grid(sample, points)


if __name__ == "__main__":
    main()
