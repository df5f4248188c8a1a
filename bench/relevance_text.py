"""The `related --text` path measured: each judged query's title asked as a new idea, its own words unknown.

A project's words are all in the index (its own title put them there), so the judged queries of
bench/relevance_split.py never meet what `related --text` meets on a new idea: a word no project uses
(*digitalisaatio*). Here each query's title is asked as free text with the terms that only its own
title holds taken out of the vocabulary for that call, so that such a word is unknown as it would be
in an idea, and the query project itself is left out of its results. The fit and frozen parts are
those of bench/relevance_split.py.

Rankers: ``kin-longest`` (an unknown word read as the known terms sharing its longest prefix of at
least 5 letters, as before issue 21's third round) and ``kin-stem`` (as shipped: every known term
sharing its first 5 letters, the closer the more; :meth:`queries.term_weights.TermCounter._kin`).
``kin-stem-feedback`` is ``kin-stem`` with the pseudo-relevance feedback of issue 21's fifth round
(:data:`queries.related.FEEDBACK`, shipped for texts too). ``kin-stem`` is coordinated as shipped since the
seventh round (:data:`queries.text_similarity.COORDINATION`); ``kin-stem-no-coord`` is the same without.
``RESULT name=relevance_text`` lines carry each one's figures, ``RESULT name=relevance_gain`` the
difference with paired bootstrap intervals; ``unknown`` says how many queries held a word read that way.

Run: ``.venv/bin/python bench/relevance_text.py [--only fit] [--fresh | --fresh3] [--pool unjudged.csv]``
"""

from __future__ import annotations

import argparse
import bisect
import sys
import types
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import result_line  # noqa: E402
from bench.relevance import DEPTH, write_pool  # noqa: E402
from bench.relevance_split import best_p5, compare, gain, per_query, split_queries  # noqa: E402
from queries.related import FEEDBACK, RelatedIndex  # noqa: E402
from queries.term_weights import KIN_PREFIX, KIN_TERMS, TermCounter  # noqa: E402


def longest_kin(self: TermCounter, word: str) -> list[tuple[str, float]]:
    """The reading of an unknown word before: the known terms sharing its longest prefix of at least
    ``KIN_PREFIX`` letters (the first ``KIN_TERMS`` of them in alphabetical order)."""
    for end in range(len(word) - 1, KIN_PREFIX - 1, -1):
        prefix = word[:end]
        at = bisect.bisect_left(self._sorted, prefix)
        kin = []
        while at < len(self._sorted) and self._sorted[at].startswith(prefix) and len(kin) < KIN_TERMS:
            kin.append(self._sorted[at])
            at += 1
        if kin:
            return [(k, 1.0 / len(kin)) for k in kin]
    return []


class _Hidden(dict):
    """A vocabulary without some terms that keeps its size (the columns stay where they are)."""

    def __init__(self, full: dict[str, int], hidden: set[int]):
        super().__init__((t, i) for t, i in full.items() if i not in hidden)
        self.size = len(full)

    def __len__(self) -> int:
        return self.size


def as_new_idea(index: RelatedIndex, query: str, df: np.ndarray) -> tuple[list[str], bool]:
    """The top ``DEPTH`` for ``query``'s title asked as free text, the terms only it holds unknown, and
    whether any of its words was read through its stem."""
    counter = index.text.vectorizer
    vectors = index.text.vectors
    row = index.row[query]
    own = vectors.indices[vectors.indptr[row]:vectors.indptr[row + 1]]
    alone = {int(c) for c in own if df[c] == 1}
    vocabulary, ordered = counter.vocabulary_, counter._sorted
    counter.vocabulary_ = _Hidden(vocabulary, alone)
    counter._sorted = [t for t in ordered if vocabulary[t] not in alone]
    # nor can the idea's own project feed its words back (pseudo-relevance feedback): a new idea has none
    span = slice(vectors.indptr[row], vectors.indptr[row + 1])
    weights, vectors.data[span] = vectors.data[span].copy(), 0.0
    try:
        title = index.graph.label(query)
        unknown = any(whole not in counter.vocabulary_ and not any(p in counter.vocabulary_ for p in parts)
                      for whole, parts in counter._words(title))
        found = [r.id for r in index.query(text=title, top=DEPTH + 1) if r.id != query][:DEPTH]
    finally:
        counter.vocabulary_, counter._sorted = vocabulary, ordered
        vectors.data[span] = weights
    return found, unknown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("fit", "frozen"), help="Print one part only.")
    parser.add_argument("--fresh", action="store_true",
                        help="The fresh sample of bench/relevance_fresh.py instead (its pairs judged for project queries).")
    parser.add_argument("--fresh3", action="store_true",
                        help="The sample of bench/relevance_fresh3.py instead (its pairs judged for project queries).")
    parser.add_argument("--pool", type=Path, help="Write the unjudged pooled pairs to this CSV.")
    args = parser.parse_args()
    graph, judged, samples, parts, every = split_queries()
    if args.fresh:
        from bench.relevance import DEEP_JUDGEMENTS, JUDGEMENTS, read_judgements
        from bench.relevance_fresh import FRESH_JUDGEMENTS, fresh_queries

        judged = read_judgements(JUDGEMENTS, DEEP_JUDGEMENTS, FRESH_JUDGEMENTS)
        parts = {sample: {"fresh": queries} for sample, queries in fresh_queries(graph).items()}
        every = sorted({q for split in parts.values() for q in split["fresh"]})
    if args.fresh3:
        from bench.relevance import DEEP_JUDGEMENTS, JUDGEMENTS, read_judgements
        from bench.relevance_fresh import FRESH_JUDGEMENTS
        from bench.relevance_fresh2 import FRESH2_JUDGEMENTS, fitted_samples, fresh2_samples
        from bench.relevance_fresh3 import FRESH3_JUDGEMENTS, fresh3_samples

        judged = read_judgements(JUDGEMENTS, DEEP_JUDGEMENTS, FRESH_JUDGEMENTS, FRESH2_JUDGEMENTS, FRESH3_JUDGEMENTS)
        _, fresh = fitted_samples(graph, parts)
        sampled = fresh3_samples(graph, fresh, fresh2_samples(graph, fresh))
        parts = {sample: {"fresh3": queries} for sample, queries in sampled.items()}
        every = sorted({q for split in parts.values() for q in split["fresh3"]})
    index = RelatedIndex.build(graph)
    shipped_coordination = index.text.coordination
    df = np.bincount(index.text.vectors.indices, minlength=index.text.vectors.shape[1])
    found, unknown = {}, {}
    for name, kin, feedback, coordination in (
            ("kin-longest", longest_kin, None, shipped_coordination), ("kin-stem", None, None, shipped_coordination),
            ("kin-stem-feedback", None, FEEDBACK, shipped_coordination), ("kin-stem-no-coord", None, None, 0.0)):
        index.feedback, index.text.coordination = feedback, coordination
        if kin is not None:
            index.text.vectorizer._kin = types.MethodType(kin, index.text.vectorizer)
        answers = {q: as_new_idea(index, q, df) for q in every}
        found[name] = {q: a[0] for q, a in answers.items()}
        unknown[name] = {q for q, a in answers.items() if a[1]}
        if kin is not None:
            del index.text.vectorizer._kin
    scores = {name: per_query(results, judged) for name, results in found.items()}
    print(f"  {'part':<7}{'ranker':<14}{'n':>4}{'unknown':>8}{'P@5':>7}{'nDCG@10':>9}{'unjud':>6}")
    for sample, split in parts.items():
        print(f"sample {sample}")
        for part, queries in split.items():
            if args.only and part != args.only:
                continue
            top = best_p5(queries, judged)
            for name in found:
                m = compare(scores[name], scores["kin-longest"], top, queries)
                held = sum(q in unknown[name] for q in queries)
                print(f"  {part:<7}{name:<14}{m['queries']:4d}{held:8d}{m['p5']:7.3f}{m['ndcg10']:9.3f}{m['unjudged']:6d}")
                print(result_line("relevance_text", split=part, sample=sample, ranker=name, unknown=held,
                                  p5=round(m["p5"], 4), ndcg10=round(m["ndcg10"], 4), unjudged=m["unjudged"]))
            for name, base in (("kin-stem", "kin-longest"), ("kin-stem-feedback", "kin-stem"),
                               ("kin-stem", "kin-stem-no-coord")):
                difference = gain(scores[name], scores[base], queries)
                print(f"  {part:<7}{name[4:] + ' - ' + base[4:]:<30}    nDCG@10 {difference['ndcg10_gain']:+.4f} "
                      f"[{difference['ndcg10_gain_low']:+.4f}, {difference['ndcg10_gain_high']:+.4f}], P@5 "
                      f"{difference['p5_gain']:+.4f}")
                print(result_line("relevance_gain", split=part, sample=sample, ranker=name, base=base, **difference))
    if args.pool:
        write_pool(args.pool, graph, {(q, c) for results in found.values() for q, cs in results.items() for c in cs},
                   judged)


if __name__ == "__main__":
    main()
