"""Do the relevance figures depend on who judged? Agreement of two judges and each ranker under each.

``bench/relevance/second_judge.csv`` holds a second judge's grades (judge B) for every pair judged in
``judgements.csv`` (judge A) for 30 of the 120 query projects of bench/relevance.py: 15 drawn from each
sample with a fixed seed (2026). Judge B graded blind: titles only, by the same written rule
(bench/relevance/README.md), with no earlier grade, no ranker and no rank shown, candidates shuffled.

Printed: the agreement (exact, Cohen's kappa unweighted and linearly weighted, the confusion matrix),
then for every ranker of bench/relevance.py its P@5 and nDCG@10 on those 30 queries under A and under
B, and its nDCG ratio to character n-grams under each. If the ranking of the rankers and the ratio hold
under both judges, the figures are not one judge's taste.

``--fresh``: the agreement on the fresh sample (issue 21, sixth round). ``second_judge_fresh.csv`` holds a
second reading of a seeded random sample (seed :data:`FRESH_SECOND_SEED`) of :data:`FRESH_SECOND` pooled
pairs of ``judgements_fresh.csv``, graded blind (titles only, no stored grade, no ranker, in query order)
by the rule, by another engineer than the first (the engineer of that round), not an independent person.
A random sample of pairs, not of queries, so only the agreement is printed, not each ranker.

``--fresh6``: the same for the sixth fresh sample (issue 21, twelfth round): ``second_judge_fresh6.csv`` holds a
second reading of :data:`FRESH6_SECOND` pooled pairs of ``judgements_fresh6.csv`` drawn with seed
:data:`FRESH6_SECOND_SEED`, graded blind the same way (``--fresh6-sheet FILE`` writes its sheet) and committed
before the agreement was computed.

Run: ``.venv/bin/python bench/relevance_judges.py [--fresh | --fresh6] [--fresh-sheet FILE] [--fresh6-sheet FILE]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sklearn.metrics import cohen_kappa_score, confusion_matrix  # noqa: E402

from bench._common import ROOT, result_line, shared_data  # noqa: E402
from bench.relevance import CORPUS, JUDGEMENTS, evaluate, load_corpus, rankers, ranked, read_judgements  # noqa: E402

SECOND_JUDGE = ROOT / "bench" / "relevance" / "second_judge.csv"
SECOND_JUDGE_FRESH = ROOT / "bench" / "relevance" / "second_judge_fresh.csv"
SECOND_JUDGE_FRESH6 = ROOT / "bench" / "relevance" / "second_judge_fresh6.csv"
#: The fresh sample's second reading: this many pooled pairs drawn with this seed.
FRESH_SECOND, FRESH_SECOND_SEED = 320, 2106
#: The sixth fresh sample's second reading: this many pooled pairs drawn with this seed from the
#: :data:`FRESH6_POOLED` pairs of judgements_fresh6.csv as first committed (774428e).
FRESH6_SECOND, FRESH6_SECOND_SEED, FRESH6_POOLED = 320, 6006, 1283


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


def print_agreement(first: dict, second: dict, name: str) -> None:
    """Print the agreement, the confusion matrix (rows the first judge) and its RESULT line."""
    figures = agreement(first, second)
    queries = {q for q, _ in set(first) & set(second)}
    print(f"{figures['pairs']} pairs of {len(queries)} queries graded by both judges: exact agreement "
          f"{figures['exact']:.3f}, Cohen's kappa {figures['kappa']:.3f}, linear-weighted {figures['kappa_linear']:.3f}")
    shared = sorted(set(first) & set(second))
    matrix = confusion_matrix([first[p] for p in shared], [second[p] for p in shared], labels=[0, 1, 2])
    print("           B=0   B=1   B=2")
    for grade, row in zip((0, 1, 2), matrix):
        print(f"  A={grade}  " + "".join(f"{n:6d}" for n in row))
    print(result_line(name, **figures))


def blind_sheet(judged: Path, path: Path, n: int, seed: int) -> int:
    """Write a second reading's blind sheet: ``n`` pooled pairs of ``judged`` drawn with ``seed``, titles only,
    sorted by query title (no stored grade), as ``index, query, candidate, query_title, candidate_title``.

    Returns the number of pairs written. The grade column is read with the rows but never written or shown.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     judged, sheet = Path(tmp) / "j.csv", Path(tmp) / "s.csv"
    ...     _ = judged.write_text("query,candidate,query_title,candidate_title,grade\\nq,a,Q,A,2\\nq,b,Q,B,0\\n")
    ...     blind_sheet(judged, sheet, 1, 1), "grade" in sheet.read_text()
    (1, False)
    """
    import csv
    import random

    with open(judged, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    sample = sorted(random.Random(seed).sample(rows, n), key=lambda r: (r["query_title"], r["candidate"]))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["index", "query", "candidate", "query_title", "candidate_title"])
        for i, r in enumerate(sample):
            out.writerow([i, r["query"], r["candidate"], r["query_title"], r["candidate_title"]])
    return len(sample)


def fresh_sheet(path: Path) -> None:
    """Write the fresh second reading's blind sheet (seed :data:`FRESH_SECOND_SEED`)."""
    from bench.relevance_fresh import FRESH_JUDGEMENTS
    blind_sheet(FRESH_JUDGEMENTS, path, FRESH_SECOND, FRESH_SECOND_SEED)


def fresh6_sheet(path: Path) -> None:
    """Write the sixth fresh sample's second reading's blind sheet (seed :data:`FRESH6_SECOND_SEED`).

    The draw depends on the file's rows: pairs judged into it later would change the sample (as they did for the
    fresh sample's sheet), so it refuses a file of another size than the one the sheet was drawn from."""
    import csv

    from bench.relevance_fresh6 import FRESH6_JUDGEMENTS
    with open(FRESH6_JUDGEMENTS, newline="", encoding="utf-8") as handle:
        pooled = sum(1 for _ in csv.DictReader(handle))
    if pooled != FRESH6_POOLED:
        sys.exit(f"{FRESH6_JUDGEMENTS.name} holds {pooled} pairs, the sheet was drawn from {FRESH6_POOLED}: "
                 f"draw from `git show 774428e:bench/relevance/{FRESH6_JUDGEMENTS.name}`")
    blind_sheet(FRESH6_JUDGEMENTS, path, FRESH6_SECOND, FRESH6_SECOND_SEED)


def second_reading(first_path: Path, second_path: Path, name: str) -> None:
    """Print the agreement of a first judgement file and its second reading (a sample of its pairs)."""
    first, second = read_judgements(first_path), read_judgements(second_path)
    if not second:
        sys.exit(f"no second reading at {second_path}")
    print_agreement(first, second, name)


def fresh() -> None:
    """The fresh sample's agreement: judgements_fresh.csv against its second reading."""
    from bench.relevance_fresh import FRESH_JUDGEMENTS
    second_reading(FRESH_JUDGEMENTS, SECOND_JUDGE_FRESH, "relevance_judges_fresh")


def fresh6() -> None:
    """The sixth fresh sample's agreement: judgements_fresh6.csv against its second reading."""
    from bench.relevance_fresh6 import FRESH6_JUDGEMENTS
    second_reading(FRESH6_JUDGEMENTS, SECOND_JUDGE_FRESH6, "relevance_judges_fresh6")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="the fresh sample's second reading only")
    parser.add_argument("--fresh-sheet", type=Path, help="write the fresh second reading's blind sheet here")
    parser.add_argument("--fresh6", action="store_true", help="the sixth fresh sample's second reading only")
    parser.add_argument("--fresh6-sheet", type=Path, help="write the fresh6 second reading's blind sheet here")
    args = parser.parse_args()
    if args.fresh_sheet or args.fresh6_sheet:
        if args.fresh_sheet:
            fresh_sheet(args.fresh_sheet)
        if args.fresh6_sheet:
            fresh6_sheet(args.fresh6_sheet)
        return
    if args.fresh or args.fresh6:
        if args.fresh:
            fresh()
        if args.fresh6:
            fresh6()
        return
    judge_a, judge_b = read_judgements(JUDGEMENTS), read_judgements(SECOND_JUDGE)
    if not judge_b:
        sys.exit(f"no second judge's grades at {SECOND_JUDGE}")
    queries = sorted({q for q, _ in judge_b})
    print_agreement(judge_a, judge_b, "relevance_judges")
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
