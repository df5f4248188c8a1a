"""Benchmark: organisation-name matching, quality on labelled pairs (fit and frozen parts side by side) and
speed on 20,000 x 20,000 names.

1. Quality: every pair of ``bench/matching/pairs.csv`` (real names from four sources, labelled by
   construction or by hand; see the README beside it) goes through :func:`ingest.matching.match_names`,
   blocking included. For each split (``fit``: the 2007-2009 names of the structural-funds list, the
   first hand-labelled set, Victorian councils; ``frozen``: names first seen 2010-2013, the Helsinki
   register, Åland parties) it prints the precision and recall of the matches accepted without review
   (``auto``), the precision of the review list (REVIEW_FROM <= score < AUTO_ACCEPT) and the recall of
   both together. Baseline in the same run: plain rapidfuzz (``token_sort_ratio`` of the name keys) with
   its two thresholds fitted on the fit part the same way. Target on the frozen part: precision >= 0.98
   at recall >= 0.90 for auto, review precision >= 0.5.
   The fresh frozen parts (``split=unseen`` .. ``unseen12``: ``bench/matching/unseen*-pairs.csv``):
   natural pairs of names in no earlier labelled file, drawn without the matcher and labelled blind;
   each scored once with the model shipped at the time. The first eleven have been read for errors since
   and count as fitted data (``--split fitted``: fit, unseen .. unseen11); ``unseen12`` is the frozen one.
   Every ``RESULT`` line says which (``use=fitted|frozen``; frozen: :data:`FROZEN`, never fitted on nor read
   for errors before it was first scored).
   A pair whose ``source`` names a register is read with the register's parent (:data:`REGISTER_PARENT`).
   ``--split pooled`` scores every fresh part (unseen .. unseen12) as one set with today's model (most of
   it fitted data by now; the first-scoring figures of each part are in the README beside the pairs).
   Each part also prints how well the calibrated chance shown beside a score holds
   (``RESULT name=matching_calibration``).
   ``--corpus``: which names count in the rarity weights besides the model's background. ``part`` (as
   before issue 21's eleventh round): the labelled part's own names; ``list``: the names a user's store
   holds (the 2007-2013 list's implementer names and the Helsinki register's Finnish names, as
   ``stratgraph match`` weighs a store's organisations: :func:`store_corpus`); ``both``: each part both
   ways. The ``RESULT name=matching`` lines say which (``corpus=part|list``).
2. Second judge: Cohen's kappa between the labels and a blind re-labelling of a sample
   (``bench/matching/second-judge.csv``).
3. Speed: the implementer names of 20,000 rows against those of 20,000 other rows (the list read
   backwards, half of them upper-cased), with blocking. Baseline in the same run: all pairs of a
   2,000 x 2,000 sample scored by rapidfuzz's cdist (C, all cores), scaled to 20,000 x 20,000.

``--fit`` refits the model (ingest/matching_model.json) on the fit part only: word counts from the
2007-2013 list, coefficients by logistic regression, thresholds for precision 0.99 (auto) and 0.5
(review). Score the frozen part after fitting, never while choosing features.

Usage: python bench/matching.py [--repeat 3] [--fit] [-v] [--no-speed] [--corpus part|list|both]
       [--split fit|both|fitted|unseen|unseen2|...|unseen12|pooled|all]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, median, result_line, shared_data  # noqa: E402

sys.path.insert(0, str(ROOT))
from graph_model.orgnames import name_key  # noqa: E402
from ingest.matcheval import best_scores, evaluate  # noqa: E402
from ingest.matching import _weighted, match_key, match_names  # noqa: E402
from ingest.matchscore import (FEATURES, MODEL_FILE, Model, _stored, extend_model, fit_calibration,  # noqa: E402
                               fit_model, load_model, parsed, word_counts)

PAIRS = ROOT / "bench" / "matching" / "pairs.csv"
SECOND = ROOT / "bench" / "matching" / "second-judge.csv"
#: The fresh frozen part (issue 21, second round): natural pairs of names in no other labelled file,
#: drawn without the matcher and labelled blind (see the README beside it).
UNSEEN = ROOT / "bench" / "matching" / "unseen-pairs.csv"
#: The second fresh frozen part (issue 21, third round): later names of the list against earlier ones.
UNSEEN2 = ROOT / "bench" / "matching" / "unseen2-pairs.csv"
#: The third fresh frozen part (issue 21, fourth round): implementers of projects with the same or a close
#: title, the authority column, rare shared words; drawn without the matcher and labelled blind.
UNSEEN3 = ROOT / "bench" / "matching" / "unseen3-pairs.csv"
#: The fourth fresh frozen part (issue 21, fifth round): nearest names, bodies of two regions, units with
#: their parents, property companies and acronyms; drawn without the matcher and labelled blind.
UNSEEN4 = ROOT / "bench" / "matching" / "unseen4-pairs.csv"
#: The fifth fresh frozen part (issue 21, sixth round): mostly nearest names, and typos, units, regions and
#: acronyms; drawn without the matcher and labelled blind.
UNSEEN5 = ROOT / "bench" / "matching" / "unseen5-pairs.csv"
#: The sixth fresh frozen part (issue 21, seventh round): mostly nearest names, and typos, units, regions,
#: acronyms and a descriptive head before a firm's name; drawn without the matcher and labelled blind.
UNSEEN6 = ROOT / "bench" / "matching" / "unseen6-pairs.csv"
#: The seventh fresh frozen part (issue 21, eighth round): mostly nearest names, and every remaining close
#: pair and case-only pairs of the unused names; drawn without the matcher and labelled blind.
UNSEEN7 = ROOT / "bench" / "matching" / "unseen7-pairs.csv"
#: The eighth fresh frozen part (issue 21, ninth round): the Helsinki register's names against the list, and
#: close, nearest and case-only pairs of the list; drawn without the matcher and labelled blind.
UNSEEN8 = ROOT / "bench" / "matching" / "unseen8-pairs.csv"
#: The ninth (issue 21, tenth round): the list's pairs and the rest of the Helsinki register against the list.
UNSEEN9 = ROOT / "bench" / "matching" / "unseen9-pairs.csv"
#: The tenth (issue 21, fourteenth round): the list's own pairs again (7,249 of its names were still unused),
#: with words on one side only (``subset``) and glued words (``glued``) drawn by string operations.
UNSEEN10 = ROOT / "bench" / "matching" / "unseen10-pairs.csv"
#: The eleventh (issue 21, fifteenth round): the list's pairs again, leaning to hard ones (``close``, words on
#: one side once legal forms are set aside: ``formless``) and few ``case`` pairs.
UNSEEN11 = ROOT / "bench" / "matching" / "unseen11-pairs.csv"
#: The twelfth (issue 21, sixteenth round): the list's pairs again, unseen10's mix (``close``, ``nearest``,
#: ``case`` 30), sealed before the round's mechanism was built.
UNSEEN12 = ROOT / "bench" / "matching" / "unseen12-pairs.csv"
SPLITS = {"fit": ("fit",), "both": ("fit", "frozen"), "unseen": ("unseen",), "unseen2": ("unseen2",),
          "unseen3": ("unseen3",), "unseen4": ("unseen4",), "unseen5": ("unseen5",), "unseen6": ("unseen6",),
          "unseen7": ("unseen7",), "unseen8": ("unseen8",), "unseen9": ("unseen9",), "unseen10": ("unseen10",),
          "unseen11": ("unseen11",), "unseen12": ("unseen12",),
          "fitted": ("fit", "unseen", "unseen2", "unseen3", "unseen4", "unseen5", "unseen6", "unseen7", "unseen8",
                     "unseen9", "unseen10", "unseen11"),
          "pooled": ("pooled",),
          "all": ("fit", "frozen", "unseen", "unseen2", "unseen3", "unseen4", "unseen5", "unseen6", "unseen7",
                  "unseen8", "unseen9", "unseen10", "unseen11", "unseen12")}
FILES = {"unseen": UNSEEN, "unseen2": UNSEEN2, "unseen3": UNSEEN3, "unseen4": UNSEEN4, "unseen5": UNSEEN5,
         "unseen6": UNSEEN6, "unseen7": UNSEEN7, "unseen8": UNSEEN8, "unseen9": UNSEEN9,
         "unseen10": UNSEEN10, "unseen11": UNSEEN11, "unseen12": UNSEEN12}
#: What the model is fitted on: the fit part and the first eight fresh parts, read for errors since (the
#: ninth fresh part and the first frozen part are never fitted on; the shipped coefficients were fitted on
#: fit .. unseen7).
FITTED = ("fit", "unseen", "unseen2", "unseen3", "unseen4", "unseen5", "unseen6", "unseen7", "unseen8")
#: The fresh parts, each scored once when it was fresh: pooled, the honest estimate for a new list.
FRESH = ("unseen", "unseen2", "unseen3", "unseen4", "unseen5", "unseen6", "unseen7", "unseen8", "unseen9",
         "unseen10", "unseen11", "unseen12")
#: The parts never fitted on nor read for errors before they were first scored (``use=frozen`` in the
#: ``RESULT`` lines; the rest, ``use=fitted``, are fitted data: fit, and unseen .. unseen11, read since).
FROZEN = ("frozen", "unseen12")


def use(split: str) -> str:
    """``frozen`` for a part of :data:`FROZEN`, else ``fitted``.

    >>> use("unseen12"), use("unseen11"), use("pooled")
    ('frozen', 'fitted', 'fitted')
    """
    return "frozen" if split in FROZEN else "fitted"


#: Whose units a register's names are (the register's own row, type 13, which the import leaves out): a
#: pair's ``source`` names the register (``helsinki-organisations``, or ``helsinki-organisations x <list>``
#: when ``name_a`` is the register's), and its names are read with that parent (:mod:`ingest.matchparents`).
REGISTER_PARENT = {"helsinki-organisations": "Helsingin kaupunki"}


def known_parents(pairs: list[dict]) -> dict:
    """``parents=`` for :func:`~ingest.matcheval.evaluate` and :func:`~ingest.matcheval.best_scores`, or nothing
    when the checkout's matcher takes no parents (main's before issue 21's tenth round, scored by this script
    in the same run)."""
    import inspect

    return {"parents": parents_of(pairs)} if "parents" in inspect.signature(evaluate).parameters else {}


def with_corpus(corpus) -> dict:
    """``corpus=`` for :func:`~ingest.matcheval.evaluate` when there is one (main's checkout before issue 21's
    eleventh round takes none, and scores with the part's own names)."""
    import inspect

    if not corpus:
        return {}
    if "corpus" not in inspect.signature(evaluate).parameters:
        sys.exit("this checkout's evaluate() takes no corpus: --corpus list needs issue 21's eleventh round")
    return {"corpus": corpus}


def parents_of(pairs: list[dict]) -> list[tuple[str, str]]:
    """The known parents of each pair's names, from its ``source`` (:data:`REGISTER_PARENT`).

    >>> parents_of([{"source": "helsinki-organisations x fi-structural-funds-2007-2013"}, {"source": "x"}])
    [('Helsingin kaupunki', ''), ('', '')]
    """
    out = []
    for p in pairs:
        sources = p["source"].split(" x ")
        left, right = sources[0], sources[-1]
        out.append((REGISTER_PARENT.get(left, ""), REGISTER_PARENT.get(right, "")))
    return out


def read_pairs(split: str) -> list[dict]:
    if split == "pooled":
        return [p for part in FRESH for p in read_pairs(part)]
    with FILES.get(split, PAIRS).open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["split"] == split]


def list_names() -> list[str]:
    path = shared_data() / "fi-structural-funds-2007-2013" / "projektilista-2007-2013.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        return [row["Toteuttajan nimi"] for row in csv.DictReader(handle)]


def store_corpus() -> list[str]:
    """The names a user's store holds when the labelled names are matched there: the 2007-2013 list's
    distinct implementer names and the Helsinki register's Finnish unit names (posts left out), the two
    real sources the labelled pairs come from. Empty, with a note, when the shared data folder is absent."""
    try:
        data = shared_data()
    except FileNotFoundError as exc:
        print(f"no list corpus: {exc}", file=sys.stderr)
        return []
    names = set(list_names())
    with (data / "helsinki-organisations" / "organisaatiokoodit.csv").open(encoding="utf-8", newline="") as handle:
        names |= {r["nameFIN"] for r in csv.DictReader(handle) if r["type"] not in ("10", "12", "NULL")}
    return sorted({n.strip() for n in names} - {""})


def gazetteer(names: list[str]) -> frozenset[str]:
    """Places named in the list, folded, genitive and lemma: municipalities (``Xn kunta``, ``Xn kaupunki``)
    and genitives that open names of at least five different bodies (``Seinäjoen ammattikorkeakoulu``,
    ``Seinäjoen koulutuskuntayhtymä`` ...: a town or region that names its institutions)."""
    import simplemma

    from graph_model.orgnames import fold, parse_name

    genitives, following = set(), {}
    for name in names:
        words = parse_name(name).words
        if len(words) >= 2 and words[0].endswith("n") and len(words[0]) >= 4 and words[0].isalpha():
            following.setdefault(words[0], set()).add(words[1])
            if len(words) == 2 and words[1] in ("kunta", "kaupunki"):
                genitives.add(words[0])
    genitives |= {w for w, nexts in following.items() if len(nexts) >= 5}
    return frozenset(genitives | {fold(simplemma.lemmatize(w, lang="fi")) for w in genitives})


def fit(extend: bool = False) -> Model:
    """Refit the model on the fitted parts (:data:`FITTED`); with ``extend``, fit only the coefficients of
    features the shipped model lacks, keeping its coefficients and thresholds (:func:`extend_model`)."""
    names = sorted(set(list_names()))
    counts = {w: n for w, n in word_counts(names).items() if n >= 2}
    places = gazetteer(names)
    background = load_model() if extend else Model({}, 0.0, 0.5, 0.5, counts, len(names), places=places,
                                                   share=load_model().share)
    pairs = [p for split in FITTED for p in read_pairs(split)]
    weights = background.with_names({name for p in pairs for name in (p["name_a"], p["name_b"])})
    rows = [weights.features(p["name_a"], p["name_b"]) for p in pairs]
    labels = [int(p["same"]) for p in pairs]
    if extend:
        base = load_model()
        left_out_thresholds(rows, labels, [p["split"] for p in pairs], base,
                            lambda r, y: extend_model(base, r, y))  # what each part scores when left out
        model = extend_model(load_model(), rows, labels, fitted_on=(
            f"{base.fitted_on}; {', '.join(c for c in FEATURES if c not in base.coef)} on "
            f"{len(pairs)} pairs of the fit part and unseen- .. unseen8-pairs.csv, the rest held"))
    else:
        model = fit_model(rows, labels, counts=counts, documents=len(names), places=places, review_precision=0.5,
                          fitted_on=f"{len(pairs)} pairs: the fit part of bench/matching/pairs.csv, "
                                    "unseen- .. unseen8-pairs.csv; thresholds by leaving one part out")
        model.auto, model.review = left_out_thresholds(rows, labels, [p["split"] for p in pairs], model)
        model.share = load_model().share  # the look-alike share is chosen by bench/matching/loso.py --write
    MODEL_FILE.write_text(model.as_json(), encoding="utf-8")
    # the chance shown beside a score: calibrated on the same fit pairs, scored as a user's lists are
    _stored.cache_clear(), _weighted.cache_clear()
    labelled = [(p["name_a"], p["name_b"], p["same"] == "1") for p in pairs]
    model.calibration = fit_calibration([c.score if c else None for c in best_scores(labelled, **known_parents(pairs))],
                                        [int(same) for *_, same in labelled])
    MODEL_FILE.write_text(model.as_json(), encoding="utf-8")
    return model


def left_out_thresholds(rows: list[dict], labels: list[int], parts: list[str], model: Model,
                        fitter=None) -> tuple[float, float]:
    """The automatic and review thresholds chosen by cross-validation grouped by part: each part is scored
    by a model fitted on the other parts (``fitter(rows, labels)``, by default :func:`fit_model`; its
    figures printed with that model's own thresholds), and the thresholds are fitted on these left-out
    probabilities, so no part's threshold is fitted on itself."""
    from ingest.matchscore import _lowest_threshold

    fitter = fitter or (lambda r, y: fit_model(r, y, counts={}, documents=0, review_precision=0.5))
    left_out = [0.0] * len(rows)
    for part in FITTED:
        inside = [k for k, p in enumerate(parts) if p != part]
        other = fitter([rows[k] for k in inside], [labels[k] for k in inside])
        held = [k for k, p in enumerate(parts) if p == part]
        for k in held:
            left_out[k] = round(other.probability(rows[k]), 3)
        got = _figures([left_out[k] for k in held], [labels[k] for k in held], other.auto, other.review)
        print(f"  left out {part}: {len(held)} pairs; fitted on the rest: auto >= {other.auto:.3f}, precision "
              f"{got['precision']:.3f}, recall {got['recall']:.3f}; review {'precision ' if got['review_pairs'] else ''}{shown(got['review_precision'])}; "
              f"{ {n: c for n, c in other.coef.items() if n not in model.coef or c != model.coef[n]} }")
        print("  " + result_line("matching_left_out", part=part, pairs=len(held), auto=other.auto, **got))
    auto = _lowest_threshold(left_out, labels, 0.99, upper=1.01)
    return auto, _lowest_threshold(left_out, labels, 0.5, upper=auto)


def baseline(pairs: list[dict], fitted: tuple[float, float] | None) -> tuple[dict, tuple[float, float]]:
    """Plain rapidfuzz: thresholds fitted on the fit part (the first call), applied to the other."""
    from rapidfuzz import fuzz

    from ingest.matchscore import _lowest_threshold

    scores = [fuzz.token_sort_ratio(name_key(p["name_a"]), name_key(p["name_b"])) / 100 for p in pairs]
    labels = [int(p["same"]) for p in pairs]
    if fitted is None:
        auto = _lowest_threshold(scores, labels, 0.99, upper=1.01)
        fitted = (auto, _lowest_threshold(scores, labels, 0.5, upper=auto))
    auto, review = fitted
    return _figures(scores, labels, auto, review), fitted


def review_precision(right: int, listed: int) -> float | None:
    """The review list's precision, None when nothing is listed: an empty list is no list, not a list that is
    always wrong (counted as 0, a refit that adds a band of 1 right in 12 read as a gain over none).

    >>> review_precision(1, 12), review_precision(0, 0)
    (0.08333333333333333, None)
    """
    return right / listed if listed else None


def shown(value: float | None, digits: int = 3) -> str:
    """A precision as printed: ``no list`` for None (:func:`review_precision`).

    >>> shown(0.25), shown(None), shown(1 / 12, 2)
    ('0.250', 'no list', '0.08')
    """
    return "no list" if value is None else f"{value:.{digits}f}"


def _figures(scores, labels, auto, review) -> dict:
    tp = sum(s >= auto and y for s, y in zip(scores, labels))
    fp = sum(s >= auto and not y for s, y in zip(scores, labels))
    rtp = sum(review <= s < auto and y for s, y in zip(scores, labels))
    rfp = sum(review <= s < auto and not y for s, y in zip(scores, labels))
    positives = sum(labels)
    return {"precision": tp / max(tp + fp, 1), "recall": tp / max(positives, 1),
            "review_precision": review_precision(rtp, rtp + rfp), "review_recall": (tp + rtp) / max(positives, 1),
            "review_pairs": rtp + rfp}


def calibration(split: str, pairs: list[dict], model: Model, corpus=()) -> None:
    """How well the chance shown beside a score (calibrated on the fit part) holds on this part: the mean
    chance of the review list against the share of it that is the same, and the Brier score of all pairs."""
    labelled = [(p["name_a"], p["name_b"], p["same"] == "1") for p in pairs]
    scored = [(c.score if c else 0.0, same) for c, (*_, same) in
              zip(best_scores(labelled, **known_parents(pairs), **with_corpus(corpus)), labelled)]
    chances = [(model.chance(score), same) for score, same in scored]
    band = [(chance, same) for (score, same), (chance, _) in zip(scored, chances)
            if round(100 * model.review, 1) <= score < round(100 * model.auto, 1)]
    brier = sum((chance - same) ** 2 for chance, same in chances) / max(len(chances), 1)
    shown = sum(c for c, _ in band) / max(len(band), 1)
    seen = sum(same for _, same in band) / max(len(band), 1)
    print(f"  chance shown (calibrated on fit): review list {shown:.2f} on average, {seen:.2f} the same "
          f"({len(band)} pairs); Brier score {brier:.4f} over {len(chances)} pairs")
    print("  " + result_line("matching_calibration", split=split, use=use(split), pairs=len(chances), brier=brier,
                             review_pairs=len(band), review_chance=shown, review_same=seen))


def kappa() -> tuple[float, int]:
    with SECOND.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    a = [int(r["same"]) for r in rows]
    b = [int(r["second"]) for r in rows]
    observed = sum(x == y for x, y in zip(a, b)) / len(rows)
    pa, pb = sum(a) / len(a), sum(b) / len(b)
    expected = pa * pb + (1 - pa) * (1 - pb)
    return (observed - expected) / (1 - expected), len(rows)


def speed(repeat: int) -> dict:
    names = list_names()
    left = (names * 2)[:20_000]
    right = [n.upper() if i % 2 else n for i, n in enumerate(reversed((names * 2)[:20_000]))]
    times, cpu, found = [], [], 0
    for _ in range(repeat):
        parsed.cache_clear(), _weighted.cache_clear()  # every run parses and weighs the lists afresh
        started, started_cpu = time.perf_counter(), time.process_time()
        found = len(match_names(left, right))
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    from rapidfuzz import fuzz, process

    sample_l, sample_r = [match_key(n) for n in left[:2000]], [match_key(n) for n in right[:2000]]
    started = time.perf_counter()
    process.cdist(sample_l, sample_r, scorer=fuzz.token_sort_ratio, workers=-1)
    all_pairs = (time.perf_counter() - started) * 100  # 100x the pairs
    return {"seconds": median(times), "cpu_seconds": median(cpu), "candidates": found,
            "all_pairs_estimate_s": all_pairs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fit", action="store_true", help="Refit the model on the fitted parts first.")
    parser.add_argument("--extend", action="store_true",
                        help="With --fit: fit only the features the shipped model lacks, the rest held.")
    parser.add_argument("--no-speed", action="store_true", help="Skip the speed run.")
    parser.add_argument("--split", choices=tuple(SPLITS), default="all",
                        help="'fit' while developing: the frozen parts are scored once, at the end "
                             "('both': fit and the first frozen part; 'unseen', 'unseen2': a fresh frozen part only).")
    parser.add_argument("-v", action="store_true", help="List the labelled pairs it gets wrong.")
    parser.add_argument("--corpus", choices=("part", "list", "both"), default="part",
                        help="Names weighed besides the background: the part's own, a store's (the list and the "
                             "register), or both ways.")
    args = parser.parse_args()
    if args.fit:
        model = fit(args.extend)
        print(f"fitted on the fit part: auto >= {model.auto:.3f}, review >= {model.review:.3f}; {model.coef}, "
              f"intercept {model.intercept}", flush=True)
        os.execv(sys.executable, [sys.executable, __file__, *[a for a in sys.argv[1:] if a not in ("--fit", "--extend")]])
    model = load_model()
    fitted = None if args.split not in (*FILES, "pooled") else baseline(read_pairs("fit"), None)[1]
    stored = store_corpus() if args.corpus != "part" else []
    corpora = {"part": (), "list": stored, "both": ((), stored)}[args.corpus]
    corpora = corpora if args.corpus == "both" else (corpora,)
    for split, corpus in ((s, c) for s in SPLITS[args.split] for c in corpora):
        if corpus is stored and not stored:
            continue  # no shared data: the list corpus cannot be built
        pairs = read_pairs(split)
        named = "list" if corpus else "part"
        print(f"[{split}, corpus: {'the list and the register' if corpus else 'the part' + chr(39) + 's own names'}]")
        q = evaluate([(p["name_a"], p["name_b"], p["same"] == "1") for p in pairs], verbose=args.v,
                     **known_parents(pairs), **with_corpus(corpus))
        base, fitted = baseline(pairs, fitted)
        listed = q["review_precision"] if q["review"] else None  # evaluate() counts an empty list as 0
        for a, b, same, score, state, why in q["errors"]:
            print(f"  {'FN' if same else 'FP'} {score if score is not None else '-':>5} {state:6} {a} | {b} | {why}")
        print(f"{split}: {q['pairs']} pairs, {q['positives']} the same; automatic (score >= {100 * model.auto:.1f}): "
              f"precision {q['precision']:.3f}, recall {q['recall']:.3f}; review list: "
              f"{'precision ' if listed is not None else ''}{shown(listed)}, recall with it {q['review_recall']:.3f}; {q['never']} true pairs "
              f"never candidates")
        print(f"  plain rapidfuzz (thresholds fitted on the fit part): precision {base['precision']:.3f}, "
              f"recall {base['recall']:.3f}; review {'precision ' if base['review_pairs'] else ''}{shown(base['review_precision'])}, "
              f"recall with it {base['review_recall']:.3f}")
        calibration(split, pairs, model, corpus)
        groups = [("source", v) for v in sorted({p["source"] for p in pairs})]
        groups += [("how", v) for v in sorted({p["how"] for p in pairs})]
        groups += [("drawn", v) for v in sorted({p.get("drawn") or "" for p in pairs} - {""})]
        for column, source in groups:
            chosen = [p for p in pairs if p[column] == source]
            part = [(p["name_a"], p["name_b"], p["same"] == "1") for p in chosen]
            f = evaluate(part, **known_parents(chosen), **with_corpus(corpus))
            wrong = f["auto"] - round(f["recall"] * f["positives"])
            print(f"  {column} {source}: {len(part)} pairs; auto recall {f['recall']:.3f} of {f['positives']}, "
                  f"precision {f['precision']:.3f} ({wrong} of {f['auto']} wrongly accepted); with review: recall "
                  f"{f['review_recall']:.3f}, {f['review']} pairs to review")
            print("  " + result_line("matching_part", split=split, use=use(split), corpus=named, group=re.sub(r"\W+", "_", source).strip("_"), pairs=len(part),
                                     positives=f["positives"], precision=f["precision"], recall=f["recall"],
                                     review_recall=f["review_recall"], review_pairs=f["review"]))
        (plo, phi), (rlo, rhi) = q["intervals"]["precision"], q["intervals"]["recall"]
        print(result_line("matching", split=split, use=use(split), corpus=named, pairs=q["pairs"], precision=q["precision"], recall=q["recall"],
                          precision_lo=plo, precision_hi=phi, recall_lo=rlo, recall_hi=rhi,
                          review_precision=listed, review_recall=q["review_recall"],
                          review_pairs=q["review"],
                          baseline_precision=base["precision"], baseline_recall=base["recall"]))
    if SECOND.exists():
        k, n = kappa()
        print(f"second judge: Cohen's kappa {k:.3f} on {n} pairs re-labelled blind")
        print(result_line("matching_agreement", pairs=n, kappa=k))
    if args.no_speed:
        return
    s = speed(args.repeat)
    print(f"20,000 x 20,000 names with blocking: median {s['seconds']:.1f} s ({s['cpu_seconds']:.1f} s of CPU: "
          f"the rest is waiting on a shared machine) over {args.repeat}, "
          f"{s['candidates']:,} candidates; all pairs by rapidfuzz cdist would take ~{s['all_pairs_estimate_s']:.0f} s")
    print(result_line("matching_speed", names=20000, seconds=s["seconds"], cpu_seconds=s["cpu_seconds"],
                      candidates=s["candidates"],
                      all_pairs_s=s["all_pairs_estimate_s"], speedup=s["all_pairs_estimate_s"] / s["seconds"],
                      target_s=30))


if __name__ == "__main__":
    main()
