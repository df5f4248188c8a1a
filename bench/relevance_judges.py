"""Do the relevance figures depend on who judged? Agreement of two judges and each ranker under each.

``bench/relevance/second_judge.csv`` holds a second judge's grades (judge B) for every pair judged in
``judgements.csv`` (judge A) for 30 of the 120 query projects of bench/relevance.py: 15 drawn from each
sample with a fixed seed (2026). Judge B graded blind: titles only, by the same written rule
(bench/relevance/README.md), with no earlier grade, no ranker and no rank shown, candidates shuffled.

Printed: the agreement (exact, Cohen's kappa unweighted and linearly weighted, the confusion matrix),
then for every ranker of bench/relevance.py its P@5 and nDCG@10 on those 30 queries under A and under
B, and its nDCG ratio to character n-grams under each. If the ranking of the rankers and the ratio hold
under both judges, the figures are not one judge's taste.

Run: ``.venv/bin/python bench/relevance_judges.py``
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sklearn.metrics import cohen_kappa_score, confusion_matrix  # noqa: E402

from bench._common import ROOT, result_line, shared_data  # noqa: E402
from bench.relevance import CORPUS, JUDGEMENTS, evaluate, load_corpus, rankers, ranked, read_judgements  # noqa: E402

SECOND_JUDGE = ROOT / "bench" / "relevance" / "second_judge.csv"


def agreement(first: dict[tuple[str, str], int], second: dict[tuple[str, str], int]) -> dict[str, float]:
    """Exact agreement and Cohen's kappa (plain and linear) over the pairs both judges graded.

    >>> agreement({("q", "a"): 2, ("q", "b"): 0, ("q", "c"): 1}, {("q", "a"): 2, ("q", "b"): 0, ("q", "c"): 0})["exact"]
    0.6667
    """
    pairs = sorted(set(first) & set(second))
    a, b = [first[p] for p in pairs], [second[p] for p in pairs]
    return {"pairs": len(pairs), "exact": round(sum(x == y for x, y in zip(a, b)) / len(pairs), 4),
            "kappa": round(cohen_kappa_score(a, b), 4),
            "kappa_linear": round(cohen_kappa_score(a, b, weights="linear"), 4)}


def main() -> None:
    judge_a, judge_b = read_judgements(JUDGEMENTS), read_judgements(SECOND_JUDGE)
    if not judge_b:
        sys.exit(f"no second judge's grades at {SECOND_JUDGE}")
    queries = sorted({q for q, _ in judge_b})
    figures = agreement(judge_a, judge_b)
    print(f"{figures['pairs']} pairs of {len(queries)} queries graded by both judges: exact agreement "
          f"{figures['exact']:.3f}, Cohen's kappa {figures['kappa']:.3f}, linear-weighted {figures['kappa_linear']:.3f}")
    shared = sorted(set(judge_a) & set(judge_b))
    matrix = confusion_matrix([judge_a[p] for p in shared], [judge_b[p] for p in shared], labels=[0, 1, 2])
    print("           B=0   B=1   B=2")
    for grade, row in zip((0, 1, 2), matrix):
        print(f"  A={grade}  " + "".join(f"{n:6d}" for n in row))
    print(result_line("relevance_judges", **figures))
    # Judge B graded exactly judge A's pool for these queries: compare on that pool only.
    only_a = {p: g for p, g in judge_a.items() if p in judge_b}
    graph = load_corpus(shared_data() / CORPUS)
    print(f"\n{'ranker':<36}{'P@5 A':>7}{'P@5 B':>7}{'nDCG A':>8}{'nDCG B':>8}{'vs ngram A':>11}{'vs ngram B':>11}")
    rows = {}
    for name, (index, by) in rankers(graph).items():
        results = ranked(index, by, queries)
        rows[name] = (evaluate(results, only_a), evaluate(results, judge_b))
    base_a, base_b = rows["ngram-tfidf"][0]["ndcg10"], rows["ngram-tfidf"][1]["ndcg10"]
    for name, (a, b) in rows.items():
        print(f"{name:<36}{a['p5']:7.3f}{b['p5']:7.3f}{a['ndcg10']:8.3f}{b['ndcg10']:8.3f}"
              f"{a['ndcg10'] / base_a:10.2f}x{b['ndcg10'] / base_b:10.2f}x")
        print(result_line(f"relevance_judges_{name}", p_at_5_a=round(a["p5"], 4), p_at_5_b=round(b["p5"], 4),
                          ndcg_a=round(a["ndcg10"], 4), ndcg_b=round(b["ndcg10"], 4),
                          vs_ngram_a=round(a["ndcg10"] / base_a, 3), vs_ngram_b=round(b["ndcg10"] / base_b, 3)))


if __name__ == "__main__":
    main()
