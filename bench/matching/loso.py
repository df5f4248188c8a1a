"""Leave one fresh set out: each fresh set scored with thresholds (and a mechanism's parameter)
fitted on the fit part and the other sets, main's model beside it in the same run.

Issue 21, eleventh round, when no real name source seemed left for a tenth fresh set (the Helsinki register
is used up; the fourteenth round found 7,249 names of the 2007-2013 list still unused and drew unseen10 from
them), so this was the round's substitute for a frozen part.
It is a weaker one: **every set but the one of ``bench.FROZEN`` has been read before**, its errors read and the matcher changed after
reading them, so a left-out figure here tells how well a threshold or parameter carries from the other sets to
the one left out, not what a user will see on a list nobody has read.

For each fresh set S (``unseen`` .. ``unseen12``: ``bench.FRESH``) left out, and each setting of the look-alike share
(:func:`ingest.matchscore._typo_share`; ``0``: main's model), the automatic threshold is the lowest score
at which the training pairs (the fit part of ``pairs.csv`` and the other sets) keep precision 0.99,
the review threshold the lowest at which the band below it keeps 0.5; the candidate's share is the
setting whose automatic recall on the training pairs is highest (ties: the smaller change). S is scored
with them. Printed per set and pooled, with 95% Wilson intervals:

- ``main-shipped``: main's model with its shipped thresholds (nothing fitted here; the reference);
- ``main-loso``: main's model, its two thresholds fitted without S;
- ``share-loso``: the look-alike share and both thresholds fitted without S.

Every pair is scored once per setting as ``stratgraph match`` scores a store's names: the names of the
list and the register (``bench/matching.py``'s :func:`store_corpus`) and all the labelled names count in
the rarity weights (the part's own names only, with a note, when the shared data folder is absent).
A pair that a known parent makes two bodies is never automatic, whatever the threshold.

``--write`` then ships a share: the setting whose automatic recall over all ten parts (the fit part and the
nine sets) is highest at the shipped thresholds while their precision stays at 0.99 or more (ties: the
smaller change), written into ``ingest/matching_model.json`` (coefficients, thresholds and calibration as
shipped). The grid stops at 0.5 by design: a word pair holding half the names' weight or more is the word
that tells two names apart (``ABC`` / ``ABD``, ``Juvan`` / ``Juuan``), and its look-alike counts in full.

``--unit-kinds`` (issue 21, twelfth round) compares instead, at the shipped share, main's reading with two
unit kind words read as one (``kinds``: :func:`ingest.matchscore._unit_kinds`) and with that and a level
between a body and its unit set aside (``levels``: :func:`ingest.matchscore._middle_level`, as shipped),
each with the shipped thresholds and with both thresholds fitted without the set.

``--unit-after-body`` (issue 21, thirteenth round) compares, at the shipped share, main's reading with a unit
written after its body without a separator read as a unit part lost (``units``:
:func:`ingest.matchscore._unit_after_body`), each with the shipped thresholds and fitted without the set.

``--firm-word`` (issue 21, fourteenth round) compares, at the shipped share, main's reading with a word added
inside a firm's name, before its legal form, read as another firm (``firms``:
:func:`ingest.matchscore._firm_word_added`: kept below the review threshold).

Usage: python bench/matching/loso.py [--shares 0,0.2,0.3,0.4,0.5] [--write] [--unit-kinds] [--unit-after-body]
       [--firm-word]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from _common import ROOT, result_line  # noqa: E402

sys.path.insert(0, str(ROOT))  # the checkout's ingest package, not bench/ingest.py
import matching as bench  # noqa: E402  (bench/matching.py: the labelled parts, the store corpus)

SETS = bench.FRESH
from ingest.matchscore import LEVELS as SHIPPED_LEVELS, UNIT_KINDS as SHIPPED_KINDS  # noqa: E402  (emptied for main's reading)
from ingest.matchscore import _unit_after_body as SHIPPED_UNITS  # noqa: E402  (switched off for main's reading)
from ingest.matchscore import _firm_word_added as SHIPPED_FIRMS  # noqa: E402  (switched off for main's reading)
PRECISION, REVIEW_PRECISION = 0.99, 0.5


def scored(pairs: list[dict], corpus: list[str], share: float, kinds: bool = True,
           levels: bool = True, units: bool = True, firms: bool = True) -> list[tuple[float, bool, bool]]:
    """(score 0..100, may be automatic, the same) of each pair with the look-alike share ``share``, with
    two unit kind words read as one (``kinds``; :func:`ingest.matchscore._unit_kinds`) or not (main's), and
    with a level between a body and its unit set aside (``levels``; :func:`ingest.matchscore._middle_level`)
    or not, and with a unit written after its body read as a unit part (``units``;
    :func:`ingest.matchscore._unit_after_body`) or not, and with a word added inside a firm's name read as
    another firm (``firms``; :func:`ingest.matchscore._firm_word_added`) or not."""
    from ingest import matchscore
    from ingest.matcheval import best_scores
    from ingest.matching import _weighted
    from ingest.matchscore import load_model

    load_model().share = share
    matchscore.UNIT_KINDS = SHIPPED_KINDS if kinds else frozenset()
    matchscore.LEVELS = SHIPPED_LEVELS if levels else frozenset()
    matchscore._unit_after_body = SHIPPED_UNITS if units else (lambda *args: False)
    matchscore._firm_word_added = SHIPPED_FIRMS if firms else (lambda *args: False)
    _weighted.cache_clear()
    labelled = [(p["name_a"], p["name_b"], p["same"] == "1") for p in pairs]
    out = []
    for c, (*_, same) in zip(best_scores(labelled, bench.parents_of(pairs), corpus), labelled):
        two_bodies = bool(c) and c.explanation.startswith("parent:") and \
            (": another body; " in c.explanation or ": two bodies; " in c.explanation)
        out.append((c.score if c else 0.0, not two_bodies, same))
    return out


def thresholds(rows: list[tuple[float, bool, bool]]) -> tuple[float, float]:
    """The automatic and review thresholds (0..100) fitted on ``rows``.

    >>> thresholds([(95.0, True, True), (90.0, True, True), (80.0, True, False), (70.0, True, True), (60.0, True, False)])
    (90.0, 70.0)
    """
    from ingest.matchscore import _lowest_threshold

    probs = [round(s / 100, 3) if ok else 0.0 for s, ok, _ in rows]
    labels = [int(y) for *_, y in rows]
    auto = _lowest_threshold(probs, labels, PRECISION, upper=1.01)
    review = _lowest_threshold([round(s / 100, 3) for s, _, _ in rows], labels, REVIEW_PRECISION, upper=auto)
    return round(100 * auto, 1), round(100 * review, 1)


def counts(rows: list[tuple[float, bool, bool]], auto: float, review: float) -> dict:
    """Automatic right and wrong, review right and wrong, and the true pairs, at these thresholds; a pair that
    may not be automatic (two bodies) goes to review at most.

    >>> counts([(95.0, True, True), (95.0, False, False), (70.0, True, True)], 90.0, 60.0)
    {'tp': 1, 'fp': 0, 'rtp': 1, 'rfp': 1, 'positives': 2}
    """
    out = dict(tp=0, fp=0, rtp=0, rfp=0, positives=0)
    for score, ok, same in rows:
        state = "auto" if score >= auto and ok else "review" if score >= review else "no"
        out["tp"] += state == "auto" and same
        out["fp"] += state == "auto" and not same
        out["rtp"] += state == "review" and same
        out["rfp"] += state == "review" and not same
        out["positives"] += same
    return out


def line(name: str, c: dict) -> str:
    from ingest.matcheval import wilson

    p, r = c["tp"] / max(c["tp"] + c["fp"], 1), c["tp"] / max(c["positives"], 1)
    (plo, phi), (rlo, rhi) = wilson(c["tp"], c["tp"] + c["fp"]), wilson(c["tp"], c["positives"])
    listed = c["rtp"] + c["rfp"]
    review = f"{c['rtp']}/{listed} ({bench.shown(bench.review_precision(c['rtp'], listed), 2)})" if listed else "no list"
    return (f"{name:13} automatic {c['tp']}/{c['tp'] + c['fp']} right: precision {p:.3f} [{plo:.3f}, {phi:.3f}] at "
            f"recall {r:.3f} [{rlo:.3f}, {rhi:.3f}] of {c['positives']}; review {review}, "
            f"recall with it {(c['tp'] + c['rtp']) / max(c['positives'], 1):.3f}")


def print_pooled(pooled: dict[str, dict]) -> None:
    """Each model's counts pooled over the sets (:data:`SETS`), each left out: a line and a ``RESULT`` line."""
    print(f"pooled over the {len(SETS)} sets, each left out (read before, but for a set of bench.FROZEN "
          "scored here first):")
    for name, c in pooled.items():
        print("  " + line(name, c))
        print(result_line("matching_loso_pooled", model=name, auto=c["tp"] + c["fp"], right=c["tp"],
                          positives=c["positives"], precision=c["tp"] / max(c["tp"] + c["fp"], 1),
                          recall=c["tp"] / max(c["positives"], 1), review_precision=bench.review_precision(c["rtp"], c["rtp"] + c["rfp"]),
                          review_pairs=c["rtp"] + c["rfp"]))


def add(total: dict, c: dict) -> dict:
    return {k: total.get(k, 0) + v for k, v in c.items()}


def main() -> None:
    from ingest.matching import REVIEW_FROM
    from ingest.matchscore import load_model

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shares", default="0,0.2,0.3,0.4,0.5", help="Look-alike share settings (0: main's).")
    parser.add_argument("--write", action="store_true", help="Ship the best share on all parts into the model file.")
    parser.add_argument("--unit-kinds", action="store_true",
                        help="Compare main's reading with two unit kind words read as one (round 12), at the shipped share.")
    parser.add_argument("--unit-after-body", action="store_true",
                        help="Compare main's reading with a unit written after its body read as a unit part (round 13).")
    parser.add_argument("--firm-word", action="store_true",
                        help="Compare main's reading with a word added inside a firm's name read as another firm (round 14).")
    args = parser.parse_args()
    shares = [float(s) for s in args.shares.split(",")]
    parts = {part: bench.read_pairs(part) for part in ("fit", *SETS)}
    corpus = bench.store_corpus()
    print(f"corpus: {'the list and the register, ' + str(len(corpus)) + ' names' if corpus else 'the labelled names only'}"
          "; every set below has been read before but those of bench.FROZEN")
    shipped = load_model()
    ship_auto, ship_review = round(100 * shipped.auto, 1), REVIEW_FROM
    if args.unit_kinds:
        compare_kinds(parts, corpus, shipped.share, ship_auto, ship_review)
        return
    if args.unit_after_body:
        compare_kinds(parts, corpus, shipped.share, ship_auto, ship_review,
                      (("main", True, True, False, False), ("units", True, True, True, False)))
        return
    if args.firm_word:
        compare_kinds(parts, corpus, shipped.share, ship_auto, ship_review,
                      (("main", True, True, True, False), ("firms", True, True, True, True)))
        return
    everything = [p for part in parts.values() for p in part]
    rows = {}
    for share in shares:  # one scoring of every pair per setting, one corpus for all
        flat = scored(everything, corpus, share)
        rows[share], k = {}, 0
        for part, pairs in parts.items():
            rows[share][part], k = flat[k:k + len(pairs)], k + len(pairs)
    load_model().share = 0.0
    pooled: dict[str, dict] = {}
    for left in SETS:
        train = {s: [r for part in parts if part != left for r in rows[s][part]] for s in shares}
        fitted = {s: thresholds(train[s]) for s in shares}
        recall = {s: counts(train[s], *fitted[s])["tp"] for s in shares}
        best = max(shares, key=lambda s: (recall[s], -s if s else 1))  # ties: main's, then the smaller share
        figures = {"main-shipped": counts(rows[0.0][left], ship_auto, ship_review),
                   "main-loso": counts(rows[0.0][left], *fitted[0.0]),
                   "share-loso": counts(rows[best][left], *fitted[best])}
        print(f"{left} left out: main's thresholds fitted without it {fitted[0.0]}; share {best} chosen "
              f"(training recall {', '.join(f'{s}: {recall[s]}' for s in shares)}), thresholds {fitted[best]}")
        for name, c in figures.items():
            print("  " + line(name, c))
            print("  " + result_line("matching_loso", left_out=left, use=bench.use(left), model=name, share=best if name == "share-loso" else 0,
                                     auto=c["tp"] + c["fp"], right=c["tp"], positives=c["positives"],
                                     review=c["rtp"] + c["rfp"], review_right=c["rtp"]))
            pooled[name] = add(pooled.get(name, {}), c)
    print_pooled(pooled)
    for share in shares:  # the fit part with the shipped thresholds: what a setting does where it was fitted
        c = counts(rows[share]["fit"], ship_auto, ship_review)
        print(line(f"fit, {share}", c))
        print(result_line("matching_loso_fit", share=share, auto=c["tp"] + c["fp"], right=c["tp"], positives=c["positives"]))
    if args.write:
        write(shares, rows, ship_auto, ship_review)


def compare_kinds(parts: dict, corpus: list[str], share: float, ship_auto: float, ship_review: float,
                  readings: tuple = (("main", False, False, False, False), ("kinds", True, False, False, False),
                                     ("levels", True, True, False, False))) -> None:
    """Each set left out, the ``readings`` ((name, unit kinds, levels, units after their body, a word added
    inside a firm's name); round 12's
    by default: main's, the unit-kind reading, and the unit-kind and level reading), all at the shipped
    share, each with the shipped thresholds and with both thresholds fitted without the set; pooled."""
    everything = [p for part in parts.values() for p in part]
    rows = {}
    for name, kinds, levels, units, firms in readings:
        flat, k, rows[name] = scored(everything, corpus, share, kinds, levels, units, firms), 0, {}
        for part, pairs in parts.items():
            rows[name][part], k = flat[k:k + len(pairs)], k + len(pairs)
    scored([], corpus, share)  # as shipped again
    pooled: dict[str, dict] = {}
    for left in SETS:
        fitted = {name: thresholds([r for part in parts if part != left for r in rows[name][part]]) for name in rows}
        print(f"{left} left out: thresholds fitted without it: " + ", ".join(f"{n} {t}" for n, t in fitted.items()))
        for name in rows:
            for how, cut in (("shipped", (ship_auto, ship_review)), ("loso", fitted[name])):
                c = counts(rows[name][left], *cut)
                print("  " + line(f"{name}-{how}", c))
                print("  " + result_line("matching_loso", left_out=left, use=bench.use(left), model=f"{name}-{how}", auto=c["tp"] + c["fp"],
                                         right=c["tp"], positives=c["positives"], review=c["rtp"] + c["rfp"],
                                         review_right=c["rtp"]))
                pooled[f"{name}-{how}"] = add(pooled.get(f"{name}-{how}", {}), c)
    print_pooled(pooled)
    for name in rows:  # where nothing of the sets is used: the fit part at the shipped thresholds
        c = counts(rows[name]["fit"], ship_auto, ship_review)
        print(line(f"fit, {name}", c))
        print(result_line("matching_loso_fit", model=name, auto=c["tp"] + c["fp"], right=c["tp"], positives=c["positives"]))


def write(shares: list[float], rows: dict, auto: float, review: float) -> None:
    """Ship the share with the most automatic matches over all parts at the shipped thresholds, precision
    0.99 or more (ties: the smaller), into the model file."""
    from ingest.matchscore import MODEL_FILE, _stored, load_model

    every = {s: counts([r for part in rows[s].values() for r in part], auto, review) for s in shares}
    fine = [s for s in shares if every[s]["tp"] / max(every[s]["tp"] + every[s]["fp"], 1) >= PRECISION]
    best = max(fine, key=lambda s: (every[s]["tp"], -s if s else 1))
    _stored.cache_clear()
    model = load_model()
    model.share = best
    model.fitted_on = (f"{model.fitted_on}; look-alike share {best} chosen on the fit part and unseen .. unseen9 at "
                       "these thresholds (bench/matching/loso.py --write)")
    MODEL_FILE.write_text(model.as_json(), encoding="utf-8")
    tried = ", ".join(f"{s}: {c['tp']} right of {c['tp'] + c['fp']}" for s, c in every.items())
    print(f"shipped share {best} ({tried}) -> {MODEL_FILE}")


if __name__ == "__main__":
    main()
