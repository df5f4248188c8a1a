"""Do the relevance figures depend on who judged? Agreement of two judges and each ranker under each.

``bench/relevance/second_judge.csv`` holds a second judge's grades (judge B) for every pair judged in
``judgements.csv`` (judge A) for 30 of the 120 query projects of bench/relevance.py: 15 drawn from each
sample with a fixed seed (2026). Judge B graded blind: titles only, by the same written rule
(bench/relevance/README.md), with no earlier grade, no ranker and no rank shown, candidates shuffled.

Printed: the agreement (exact, Cohen's kappa unweighted with a 95% interval by a bootstrap over queries and
linearly weighted, the confusion matrix),
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
before the agreement was computed. Both second readings also print their agreement without the pairs whose
titles are the same text (``..._different_titles``), which the rule grades 2 whoever reads them.

``--fresh7``: the same for the seventh fresh sample (issue 21, fourteenth round): ``second_judge_fresh7.csv`` holds
a second reading of :data:`FRESH7_SECOND` pooled pairs of ``judgements_fresh7.csv`` drawn with seed
:data:`FRESH7_SECOND_SEED`, graded blind the same way (``--fresh7-sheet FILE``) and committed before the agreement
was computed. It also prints which judge is the stricter (the off-diagonal counts) and each judge's share of
pairs graded relevant or partly, as the first reading of fresh7 scored n-grams lower than any earlier sample.

Run: ``.venv/bin/python bench/relevance_judges.py [--fresh | --fresh6 | --fresh7] [--fresh-sheet FILE]
[--fresh6-sheet FILE] [--fresh7-sheet FILE]``
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
SECOND_JUDGE_FRESH7 = ROOT / "bench" / "relevance" / "second_judge_fresh7.csv"
#: The fresh sample's second reading: this many pooled pairs drawn with this seed from judgements_fresh.csv as
#: committed here (2,266 pairs; later rounds judged more pairs into it).
FRESH_SECOND, FRESH_SECOND_SEED, FRESH_COMMIT = 320, 2106, "2a2b7df"
#: The sixth fresh sample's second reading, drawn the same way from judgements_fresh6.csv as committed here.
FRESH6_SECOND, FRESH6_SECOND_SEED, FRESH6_COMMIT = 320, 6006, "774428e"
#: The seventh fresh sample's second reading, drawn the same way from judgements_fresh7.csv as committed here.
FRESH7_SECOND, FRESH7_SECOND_SEED, FRESH7_COMMIT = 320, 7007, "7e19310"


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


def kappa_interval(first: dict, second: dict, resamples: int = 1000, seed: int = 0) -> tuple[float, float]:
    """95% interval of Cohen's kappa by a bootstrap over queries (a query's pairs are drawn together, as they
    share a reader's view of that query), over the pairs both judges graded.

    >>> low, high = kappa_interval({("q", "a"): 2, ("r", "b"): 0, ("s", "c"): 1}, {("q", "a"): 2, ("r", "b"): 0, ("s", "c"): 1})
    >>> low == high == 1.0
    True
    """
    import random

    import numpy as np
    shared = sorted(set(first) & set(second))
    by_query: dict[str, list] = {}
    for pair in shared:
        by_query.setdefault(pair[0], []).append(pair)
    queries, draw, kappas = sorted(by_query), random.Random(seed), []
    for _ in range(resamples):
        pairs = [p for q in draw.choices(queries, k=len(queries)) for p in by_query[q]]
        a, b = [first[p] for p in pairs], [second[p] for p in pairs]
        if len(set(a) | set(b)) > 1:
            kappas.append(cohen_kappa_score(a, b))
    low, high = np.nanpercentile(kappas, [2.5, 97.5])
    return round(float(low), 4), round(float(high), 4)


def print_agreement(first: dict, second: dict, name: str) -> None:
    """Print the agreement, the confusion matrix (rows the first judge) and its RESULT line."""
    figures = agreement(first, second)
    queries = {q for q, _ in set(first) & set(second)}
    figures["kappa_low"], figures["kappa_high"] = kappa_interval(first, second)
    print(f"{figures['pairs']} pairs of {len(queries)} queries graded by both judges: exact agreement "
          f"{figures['exact']:.3f}, Cohen's kappa {figures['kappa']:.3f} [95% over queries "
          f"{figures['kappa_low']:.2f}, {figures['kappa_high']:.2f}], linear-weighted {figures['kappa_linear']:.3f}")
    shared = sorted(set(first) & set(second))
    matrix = confusion_matrix([first[p] for p in shared], [second[p] for p in shared], labels=[0, 1, 2])
    print("           B=0   B=1   B=2")
    for grade, row in zip((0, 1, 2), matrix):
        print(f"  A={grade}  " + "".join(f"{n:6d}" for n in row))
    print(result_line(name, **figures))


def blind_sheet(rows: list[dict[str, str]], path: Path, n: int, seed: int) -> int:
    """Write a second reading's blind sheet: ``n`` of the judged ``rows`` drawn with ``seed``, titles only,
    sorted by query title (no stored grade), as ``index, query, candidate, query_title, candidate_title``.

    Returns the number of pairs written. The rows' grades are never written or shown.

    >>> import tempfile
    >>> rows = [{"query": "q", "candidate": c, "query_title": "Q", "candidate_title": c.upper(), "grade": "2"}
    ...         for c in "ab"]
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     sheet = Path(tmp) / "sheet.csv"
    ...     blind_sheet(rows, sheet, 1, 1), "grade" in sheet.read_text()
    (1, False)
    """
    import csv
    import random

    sample = sorted(random.Random(seed).sample(rows, n), key=lambda r: (r["query_title"], r["candidate"]))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["index", "query", "candidate", "query_title", "candidate_title"])
        for i, r in enumerate(sample):
            out.writerow([i, r["query"], r["candidate"], r["query_title"], r["candidate_title"]])
    return len(sample)


def _committed_rows(path: Path, commit: str) -> list[dict[str, str]]:
    """The rows of a judged file as first committed: pairs judged into it later (as into judgements_fresh.csv
    in later rounds) would change a seeded draw, so a sheet is drawn from the file its reading was drawn from."""
    import csv
    import io
    import subprocess

    text = subprocess.run(["git", "show", f"{commit}:{path.relative_to(ROOT).as_posix()}"], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", check=True).stdout
    return list(csv.DictReader(io.StringIO(text)))


def fresh_sheet(path: Path) -> None:
    """Write the fresh second reading's blind sheet (seed :data:`FRESH_SECOND_SEED`, from the 2,266 pairs of
    judgements_fresh.csv as first committed)."""
    from bench.relevance_fresh import FRESH_JUDGEMENTS
    blind_sheet(_committed_rows(FRESH_JUDGEMENTS, FRESH_COMMIT), path, FRESH_SECOND, FRESH_SECOND_SEED)


def fresh6_sheet(path: Path) -> None:
    """Write the sixth fresh sample's second reading's blind sheet (seed :data:`FRESH6_SECOND_SEED`, from the
    1,283 pairs of judgements_fresh6.csv as first committed)."""
    from bench.relevance_fresh6 import FRESH6_JUDGEMENTS
    blind_sheet(_committed_rows(FRESH6_JUDGEMENTS, FRESH6_COMMIT), path, FRESH6_SECOND, FRESH6_SECOND_SEED)


def fresh7_sheet(path: Path) -> None:
    """Write the seventh fresh sample's second reading's blind sheet (seed :data:`FRESH7_SECOND_SEED`, from the
    1,418 pairs of judgements_fresh7.csv as first committed)."""
    from bench.relevance_fresh7 import FRESH7_JUDGEMENTS
    blind_sheet(_committed_rows(FRESH7_JUDGEMENTS, FRESH7_COMMIT), path, FRESH7_SECOND, FRESH7_SECOND_SEED)


def same_text(title: str, other: str) -> bool:
    """Whether two titles are the same text, case, spaces and a final full stop aside (graded 2 by the rule).

    >>> same_text("Kone- ja laitehankinnat.", "kone-  ja laitehankinnat"), same_text("Investointi", "Investointihanke")
    (True, False)
    """
    def key(text: str) -> str:
        return " ".join(text.casefold().split()).rstrip(".").strip()
    return key(title) == key(other)


def second_reading(first_path: Path, second_path: Path, name: str) -> None:
    """Print the agreement of a first judgement file and its second reading (a sample of its pairs), then
    the same without the pairs whose titles are the same text (``<name>_different_titles``): those the rule
    grades 2 whoever reads them, so they lift the agreement of a sample that holds many of them."""
    import csv

    first, second = read_judgements(first_path), read_judgements(second_path)
    if not second:
        sys.exit(f"no second reading at {second_path}")
    print_agreement(first, second, name)
    with open(second_path, newline="", encoding="utf-8") as handle:
        same = {(r["query"], r["candidate"]) for r in csv.DictReader(handle)
                if same_text(r["query_title"], r["candidate_title"])}
    print(f"\nwithout the {len(same)} pairs whose titles are the same text:")
    print_agreement(first, {p: g for p, g in second.items() if p not in same}, f"{name}_different_titles")


def fresh() -> None:
    """The fresh sample's agreement: judgements_fresh.csv against its second reading."""
    from bench.relevance_fresh import FRESH_JUDGEMENTS
    second_reading(FRESH_JUDGEMENTS, SECOND_JUDGE_FRESH, "relevance_judges_fresh")


def fresh6() -> None:
    """The sixth fresh sample's agreement: judgements_fresh6.csv against its second reading."""
    from bench.relevance_fresh6 import FRESH6_JUDGEMENTS
    second_reading(FRESH6_JUDGEMENTS, SECOND_JUDGE_FRESH6, "relevance_judges_fresh6")


def strictness(first: dict[tuple[str, str], int], second: dict[tuple[str, str], int]) -> dict[str, float]:
    """Which judge grades lower, over the pairs both graded: the pairs each graded above the other (the
    confusion matrix's two off-diagonal triangles) and each judge's share graded relevant or partly (>= 1)
    and relevant (2).

    >>> s = strictness({("q", "a"): 2, ("q", "b"): 1, ("q", "c"): 0}, {("q", "a"): 1, ("q", "b"): 1, ("q", "c"): 0})
    >>> s["first_higher"], s["second_higher"], s["first_share_1plus"], s["first_share_2"], s["second_share_2"]
    (1, 0, 0.6667, 0.3333, 0.0)
    """
    pairs = sorted(set(first) & set(second))
    a, b = [first[p] for p in pairs], [second[p] for p in pairs]

    def share(grades: list[int], least: int) -> float:
        return round(sum(g >= least for g in grades) / len(grades), 4)
    return {"pairs": len(pairs), "first_higher": sum(x > y for x, y in zip(a, b)),
            "second_higher": sum(y > x for x, y in zip(a, b)),
            "first_share_1plus": share(a, 1), "second_share_1plus": share(b, 1),
            "first_share_2": share(a, 2), "second_share_2": share(b, 2)}


def fresh7() -> None:
    """The seventh fresh sample's agreement: judgements_fresh7.csv against its second reading, then which judge
    is the stricter on the pairs both graded (the first reading scored n-grams lower than any earlier sample)."""
    from bench.relevance_fresh7 import FRESH7_JUDGEMENTS
    second_reading(FRESH7_JUDGEMENTS, SECOND_JUDGE_FRESH7, "relevance_judges_fresh7")
    figures = strictness(read_judgements(FRESH7_JUDGEMENTS), read_judgements(SECOND_JUDGE_FRESH7))
    print(f"\non the {figures['pairs']} pairs both graded: A above B on {figures['first_higher']}, B above A on "
          f"{figures['second_higher']}; graded relevant or partly by A {figures['first_share_1plus']:.1%}, by B "
          f"{figures['second_share_1plus']:.1%}; relevant by A {figures['first_share_2']:.1%}, by B "
          f"{figures['second_share_2']:.1%}")
    print(result_line("relevance_judges_fresh7_strictness", **figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="the fresh sample's second reading only")
    parser.add_argument("--fresh-sheet", type=Path, help="write the fresh second reading's blind sheet here")
    parser.add_argument("--fresh6", action="store_true", help="the sixth fresh sample's second reading only")
    parser.add_argument("--fresh6-sheet", type=Path, help="write the fresh6 second reading's blind sheet here")
    parser.add_argument("--fresh7", action="store_true", help="the seventh fresh sample's second reading only")
    parser.add_argument("--fresh7-sheet", type=Path, help="write the fresh7 second reading's blind sheet here")
    args = parser.parse_args()
    if args.fresh_sheet or args.fresh6_sheet or args.fresh7_sheet:
        if args.fresh_sheet:
            fresh_sheet(args.fresh_sheet)
        if args.fresh6_sheet:
            fresh6_sheet(args.fresh6_sheet)
        if args.fresh7_sheet:
            fresh7_sheet(args.fresh7_sheet)
        return
    if args.fresh or args.fresh6 or args.fresh7:
        if args.fresh:
            fresh()
        if args.fresh6:
            fresh6()
        if args.fresh7:
            fresh7()
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
