"""Refit the score on the real fresh parts, each part's figure left out: does a refit beat the shipped model?

Issue 21, eighth round. The shipped coefficients were fitted on the fit part (mostly synthetic
transformations and constructions); the fresh parts ``unseen`` .. ``unseen6`` are real pairs drawn without
the matcher. For each fresh part S left out, each candidate is fitted on the fit part and the other fresh
parts, its automatic threshold (precision 0.99) and review threshold (0.5) chosen on the other fresh parts'
probabilities (never on S, never on the synthetic part), and S is scored with them. Candidates:

- ``shipped``: the shipped coefficients and thresholds (nothing fitted here; the reference);
- ``shipped+real-thresholds``: the shipped score, its two thresholds chosen on the other fresh parts;
- ``refit-w{w}``: L2 logistic regression over the same named features, every real pair weighing ``w``
  times a pair of the fit part (``w`` = 1, 3, 10), thresholds on the other fresh parts;
- ``refit-balanced``: as ``refit-w3`` with class weights balancing the same and different pairs;
- ``real-only``: fitted on the other fresh parts alone, the shipped coefficients as a prior (L2 towards
  them, not towards 0);
- ``shipped+{feature}``: the shipped model with one coefficient refitted on the other fresh parts (the
  rest and both thresholds held: logistic regression with the shipped log-odds as an offset), for the
  features of the largest causes of loss (``parent_lost``, ``part_only``, ``rare_both``).

A pair the blocking never proposes scores 0 for every candidate (blocking is not refitted). Features are
computed as ``bench/matching.py`` scores a part: each part's names counted in the rarity weights.
Prints each part's left-out figure and the pooled one (``RESULT name=matching_refit``).

``--write W OUT`` instead fits ``refit-wW`` on the fit part and all six fresh parts (thresholds on the six
fresh parts' probabilities) and writes it as a model file (the shipped counts, places and calibration kept),
for the whole-list guard (``guard.py``) to read.

``--write-one FEATURE OUT`` writes the shipped model with ``FEATURE``'s coefficient refitted on all six
fresh parts, the rest held (how this round's ``parent_lost`` was made).

Usage: python bench/matching/refit_real.py [--write W OUT.json | --write-one FEATURE OUT.json]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from _common import ROOT, result_line  # noqa: E402

sys.path.insert(0, str(ROOT))  # the checkout's ingest package, not bench/ingest.py

FRESH = ("unseen", "unseen2", "unseen3", "unseen4", "unseen5", "unseen6")


def part_rows(part: str) -> tuple[list[dict], list[int], list[bool]]:
    """Features, labels and whether the blocking proposes the pair, for one part, scored as the bench does."""
    from ingest.matcheval import best_scores
    from ingest.matchscore import load_model

    path = HERE / (f"{part}-pairs.csv" if part != "fit" else "pairs.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        pairs = [r for r in csv.DictReader(handle) if r["split"] == part]
    labelled = [(p["name_a"], p["name_b"], p["same"] == "1") for p in pairs]
    model = load_model().with_names({n for a, b, _ in labelled for n in (a, b)})
    rows = [model.features(a, b) for a, b, _ in labelled]
    proposed = [best is not None for best in best_scores([(a, b, s) for a, b, s in labelled])]
    return rows, [int(s) for *_, s in labelled], proposed


def fit(rows, labels, weights, prior=None, balanced=False):
    """Coefficients and intercept of a weighted L2 logistic regression (towards ``prior`` when given)."""
    import numpy as np
    from scipy.optimize import minimize

    from ingest.matchscore import FEATURES

    x = np.array([[r[n] for n in FEATURES] for r in rows])
    y = np.array(labels, dtype=float)
    w = np.array(weights, dtype=float)
    if balanced:
        w = w * np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
    centre = np.zeros(len(FEATURES) + 1) if prior is None else np.array(
        [prior.coef[n] for n in FEATURES] + [prior.intercept])

    def loss(c):
        z = x @ c[:-1] + c[-1]
        return float(np.sum(w * (np.logaddexp(0.0, z) - y * z)) + 0.05 * np.sum((c[:-1] - centre[:-1]) ** 2))

    c = minimize(loss, centre.copy(), method="L-BFGS-B").x
    return {n: float(v) for n, v in zip(FEATURES, c[:-1])}, float(c[-1])


def one_coefficient(base, feature, rows, labels):
    """``base``'s coefficients with ``feature``'s refitted on these pairs, the rest held (an offset)."""
    from dataclasses import replace

    from ingest.matchscore import FEATURES, Model, extend_model

    held = Model({n: c for n, c in base.coef.items() if n != feature}, base.intercept, base.auto, base.review)
    refitted = extend_model(held, rows, labels)
    assert set(refitted.coef) == set(FEATURES)
    return replace(refitted).coef


def probabilities(coef, intercept, rows, proposed):
    import math

    from ingest.matchscore import FEATURES

    out = []
    for r, p in zip(rows, proposed):
        z = intercept + sum(coef[n] * r[n] for n in FEATURES)
        out.append(round(1 / (1 + math.exp(-z)), 3) if p else 0.0)
    return out


def figures(probs, labels, auto, review):
    tp = sum(p >= auto and y for p, y in zip(probs, labels))
    fp = sum(p >= auto and not y for p, y in zip(probs, labels))
    rtp = sum(review <= p < auto and y for p, y in zip(probs, labels))
    rfp = sum(review <= p < auto and not y for p, y in zip(probs, labels))
    return tp, fp, rtp, rfp, sum(labels)


def main() -> None:
    from ingest.matcheval import wilson
    from ingest.matchscore import _lowest_threshold, load_model

    shipped = load_model()
    data = {part: part_rows(part) for part in ("fit", *FRESH)}
    candidates = ["shipped", "shipped+real-thresholds", "refit-w1", "refit-w3", "refit-w10", "refit-balanced",
                  "real-only", "shipped+parent_lost", "shipped+part_only", "shipped+rare_both"]
    pooled = {c: [0, 0, 0, 0, 0] for c in candidates}
    for left in FRESH:
        others = [p for p in FRESH if p != left]
        rows_o = [r for p in others for r in data[p][0]]
        labels_o = [y for p in others for y in data[p][1]]
        proposed_o = [b for p in others for b in data[p][2]]
        rows_s, labels_s, proposed_s = data[left]
        for name in candidates:
            if name.startswith("shipped+") and name != "shipped+real-thresholds":
                coef, intercept = one_coefficient(shipped, name.split("+")[1], rows_o, labels_o), shipped.intercept
            elif name.startswith("shipped"):
                coef, intercept = shipped.coef, shipped.intercept
            elif name == "real-only":
                coef, intercept = fit(rows_o, labels_o, [1.0] * len(rows_o), prior=shipped)
            else:
                w = 3.0 if name == "refit-balanced" else float(name.split("-w")[1])
                rows = data["fit"][0] + rows_o
                weights = [1.0] * len(data["fit"][0]) + [w] * len(rows_o)
                coef, intercept = fit(rows, data["fit"][1] + labels_o, weights, balanced=name == "refit-balanced")
            if name.startswith("shipped") and name != "shipped+real-thresholds":
                auto, review = shipped.auto, shipped.review
            else:
                probs_o = probabilities(coef, intercept, rows_o, proposed_o)
                auto = _lowest_threshold(probs_o, labels_o, 0.99, upper=1.01)
                review = _lowest_threshold(probs_o, labels_o, 0.5, upper=auto)
            got = figures(probabilities(coef, intercept, rows_s, proposed_s), labels_s, auto, review)
            pooled[name] = [a + b for a, b in zip(pooled[name], got)]
            tp, fp, rtp, rfp, pos = got
            print(f"{left:8} {name:24} auto >= {auto:.3f}: precision {tp}/{tp + fp}, recall {tp}/{pos}; "
                  f"review {rtp}/{rtp + rfp}")
    for name, (tp, fp, rtp, rfp, pos) in pooled.items():
        (plo, phi), (rlo, rhi) = wilson(tp, tp + fp), wilson(tp, pos)
        print(f"pooled {name:24} precision {tp / max(tp + fp, 1):.3f} [{plo}, {phi}] ({tp}/{tp + fp}) at recall "
              f"{tp / pos:.3f} [{rlo}, {rhi}]; review {rtp}/{rtp + rfp}, recall with it {(tp + rtp) / pos:.3f}")
        print(result_line("matching_refit", candidate=name, precision=tp / max(tp + fp, 1), recall=tp / pos,
                          precision_lo=plo, precision_hi=phi, recall_lo=rlo, recall_hi=rhi, auto_right=tp,
                          auto_wrong=fp, review_precision=rtp / max(rtp + rfp, 1),
                          review_recall=(tp + rtp) / pos))


def write(weight: float, out: Path) -> None:
    """Fit ``refit-w{weight}`` on the fit part and every fresh part and write it as a model file."""
    from dataclasses import replace

    from ingest.matchscore import _lowest_threshold, load_model

    data = {part: part_rows(part) for part in ("fit", *FRESH)}
    rows = [r for p in FRESH for r in data[p][0]]
    labels = [y for p in FRESH for y in data[p][1]]
    proposed = [b for p in FRESH for b in data[p][2]]
    coef, intercept = fit(data["fit"][0] + rows, data["fit"][1] + labels,
                          [1.0] * len(data["fit"][0]) + [weight] * len(rows))
    probs = probabilities(coef, intercept, rows, proposed)
    auto = _lowest_threshold(probs, labels, 0.99, upper=1.01)
    model = replace(load_model(), coef={n: round(c, 4) for n, c in coef.items()}, intercept=round(intercept, 4),
                    auto=auto, review=_lowest_threshold(probs, labels, 0.5, upper=auto),
                    fitted_on=f"the fit part and unseen .. unseen6, real pairs weighing {weight:g}")
    out.write_text(model.as_json(), encoding="utf-8")
    print(f"auto >= {model.auto}, review >= {model.review}; {model.coef}, intercept {model.intercept} -> {out}")


def write_one(feature: str, out: Path) -> None:
    """Write the shipped model with ``feature``'s coefficient refitted on every fresh part, the rest held."""
    from dataclasses import replace

    from ingest.matchscore import load_model

    shipped = load_model()
    rows = [r for p in FRESH for r in part_rows(p)[0]]
    labels = [y for p in FRESH for y in part_rows(p)[1]]
    coef = one_coefficient(shipped, feature, rows, labels)
    note = f"; {feature} refitted on the {len(rows):,} real pairs of unseen .. unseen6, the rest held"
    model = replace(shipped, coef=coef, fitted_on=shipped.fitted_on.split(f"; {feature} refitted")[0] + note)
    out.write_text(model.as_json(), encoding="utf-8")
    print(f"{feature}: {shipped.coef[feature]} -> {coef[feature]} -> {out}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write"]:
        write(float(sys.argv[2]), Path(sys.argv[3]))
    elif sys.argv[1:2] == ["--write-one"]:
        write_one(sys.argv[2], Path(sys.argv[3]))
    else:
        main()
