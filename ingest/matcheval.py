"""Check the matcher on labelled pairs: a user's own (``stratgraph match --evaluate LABELS.csv``) or the
benchmark's (``bench/matching.py``).

A labels file is CSV (UTF-8, comma or semicolon) with a header and the columns ``name_a``, ``name_b``
and ``same`` (``1``/``0``, ``yes``/``no``, ``true``/``false``, ``kyllä``/``ei``); optional ``parent_a`` and
``parent_b`` say whose unit a name is (``Helsingin kaupunki`` for a bare unit name of Helsinki's register:
:mod:`ingest.matchparents`); other columns are kept out of the way. Each pair goes through :func:`ingest.matching.match_names`, blocking included, so a
true pair that is never proposed counts as missed.

Examples
--------
>>> figures = evaluate([("Laurea-ammattikorkeakoulu Oy", "LAUREA AMMATTIKORKEAKOULU", True),
...                     ("ABC Systems Oy", "ABD-Systems Oy", False)])
>>> figures["precision"], figures["recall"], figures["pairs"]
(1.0, 1.0, 2)
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

from ontologies.errors import InputError

__all__ = ["read_labels", "read_parents", "evaluate", "best_scores", "wilson", "LABEL_COLUMNS", "PARENT_COLUMNS"]

LABEL_COLUMNS = ("name_a", "name_b", "same")
#: Optional columns: the known parent of ``name_a`` / ``name_b`` (empty when unknown)
PARENT_COLUMNS = ("parent_a", "parent_b")
_YES = {"1", "yes", "true", "y", "kyllä", "k", "ja"}
_NO = {"0", "no", "false", "n", "ei", "nej"}


def read_parents(path: Path, parent_a: str = "", parent_b: str = "") -> list[tuple[str, str]]:
    """The known parents of the names of each labelled pair of :func:`read_labels`'s file, in its order:
    the ``parent_a`` and ``parent_b`` columns when there are, else (and in an empty cell) the list-level
    ``parent_a`` and ``parent_b`` (a list of one body's units).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "labels.csv"
    >>> _ = path.write_text("name_a,name_b,same,parent_a\\nKirjasto,Turun kaupunki / Kirjasto,0,Helsingin kaupunki\\n"
    ...                     "Opetusvirasto,Opetusvirasto,1,\\n", encoding="utf-8")
    >>> read_parents(path, parent_a="Helsingin kaupunki")
    [('Helsingin kaupunki', ''), ('Helsingin kaupunki', '')]
    """
    reader = _reader(path)
    return [((row.get("parent_a") or "").strip() or parent_a, (row.get("parent_b") or "").strip() or parent_b)
            for row in reader]


def _reader(path: Path) -> csv.DictReader:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); save the labels as UTF-8 CSV") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:  # one column, or an empty file: the header check says what is missing
        dialect = csv.excel
    return csv.DictReader(text.splitlines(), dialect=dialect)


def read_labels(path: Path) -> list[tuple[str, str, bool]]:
    """The labelled pairs of a CSV file; every bad row and column reported at once.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "labels.csv"
    >>> _ = path.write_text("name_a;name_b;same\\nOulun kaupunki;OULUN KAUPUNKI;kyllä\\n", encoding="utf-8")
    >>> read_labels(path)
    [('Oulun kaupunki', 'OULUN KAUPUNKI', True)]

    Raises
    ------
    InputError
        When columns are missing, a name is empty or ``same`` is not a yes/no value (file, row, column
        and what is wrong, for all of them).
    """
    reader = _reader(path)
    missing = [c for c in LABEL_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}; the header must name "
                         f"{', '.join(LABEL_COLUMNS)}")
    pairs, problems = [], []
    for row_number, row in enumerate(reader, start=2):
        a, b, same = ((row.get(column) or "").strip() for column in LABEL_COLUMNS)
        for column, value in (("name_a", a), ("name_b", b)):
            if not value:
                problems.append(f"{path}, row {row_number}, column {column}: empty name")
        if same.casefold() not in _YES | _NO:
            problems.append(f"{path}, row {row_number}, column same: {same!r} is not 1/0 (yes/no)")
        elif a and b:
            pairs.append((a, b, same.casefold() in _YES))
    if problems:
        raise InputError("\n".join(problems))
    if not pairs:
        raise InputError(f"{path}: no labelled pairs")
    return pairs


def evaluate(pairs: Iterable[tuple[str, str, bool]], *, verbose: bool = False,
             parents: Sequence[tuple[str, str]] | None = None, corpus: Iterable[str] = ()) -> dict:
    """Precision and recall of the automatic matches, precision of the review list, recall of both,
    and how many true pairs were never candidates; ``intervals`` holds a 95% interval for each of the
    four figures (:func:`wilson`: how far a figure on this many pairs may be from the list's own);
    ``auto`` and ``review`` count the pairs accepted automatically and those put on the review list.
    ``errors`` (with ``verbose``) lists the pairs decided
    wrongly: (name_a, name_b, same, score, state, explanation). The words of all the names count in the
    rarity weights, as the words of both lists do when lists are matched. ``parents``: the known parents of
    each pair's names (:func:`read_parents`); ``corpus``: more names whose words count in the rarity weights
    (the names of the store the pairs will be matched in, as ``stratgraph match`` weighs them).

    >>> evaluate([("Juvan kunta", "Juuan kunta", False)], verbose=True)["errors"]
    []
    """
    from ingest.matching import REVIEW_FROM

    pairs = list(pairs)
    tp = fp = review_tp = review_fp = never = 0
    errors = []
    for (a, b, same), best in zip(pairs, best_scores(pairs, parents, corpus)):
        score = best.score if best else None
        state = "auto" if best and best.auto else "review" if best and best.score >= REVIEW_FROM else "no"
        tp += state == "auto" and same
        fp += state == "auto" and not same
        review_tp += state == "review" and same
        review_fp += state == "review" and not same
        never += same and best is None
        if verbose and (state == "auto") != same:
            errors.append((a, b, same, score, state, best.explanation if best else ""))
    positives = sum(same for *_, same in pairs)
    intervals = {"precision": wilson(tp, tp + fp), "recall": wilson(tp, positives),
                 "review_precision": wilson(review_tp, review_tp + review_fp),
                 "review_recall": wilson(tp + review_tp, positives)}
    return {"pairs": len(pairs), "positives": positives, "intervals": intervals, "precision": tp / max(tp + fp, 1),
            "recall": tp / max(positives, 1), "review_precision": review_tp / max(review_tp + review_fp, 1),
            "review_recall": (tp + review_tp) / max(positives, 1), "review": review_tp + review_fp, "auto": tp + fp,
            "never": never, "errors": errors}


def wilson(hits: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval (95% by default) of the share ``hits / total``; (0, 1) when ``total`` is 0.

    >>> wilson(26, 42), wilson(5, 9), wilson(0, 0)
    ((0.468, 0.75), (0.267, 0.811), (0.0, 1.0))
    """
    if total == 0:
        return 0.0, 1.0
    share, spread = hits / total, z * z / total
    centre = (share + spread / 2) / (1 + spread)
    half = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total)) / (1 + spread)
    return round(max(0.0, centre - half), 3), round(min(1.0, centre + half), 3)


def best_scores(pairs: Iterable[tuple[str, str, bool]], parents: Sequence[tuple[str, str]] | None = None,
                corpus: Iterable[str] = ()) -> list:
    """The best candidate (:class:`ingest.matching.Candidate`) of each pair, or None when the pair is never
    proposed; the words of all the names, and of ``corpus``, count in the rarity weights; ``parents``: the
    known parents of each pair's names.

    >>> [c.auto for c in best_scores([("Iin kunta", "IIN KUNTA", True)])]
    [True]
    >>> [c.auto for c in best_scores([("Tilakeskus", "Mikkelin kaupunki Tilakeskus", False)] * 2,
    ...                              [("", ""), ("Helsingin kaupunki", "")])]
    [True, False]

    With a corpus where a word is common, a word replaced beside it weighs less:

    >>> pair = [("Lapin yliopisto / sosiaalityön keskus", "Lapin yliopisto / sosiaalityön instituutti", True)]
    >>> wide = [f"Yliopisto {k} / keskus" for k in range(40)]
    >>> best_scores(pair)[0].score < best_scores(pair, corpus=wide)[0].score
    True

    (A unit's kind word renamed, ``laitos`` / ``oppiaine``, is read as one unit whatever the corpus:
    :func:`ingest.matchscore._unit_kinds`.)
    """
    from ingest.matching import match_names

    pairs = list(pairs)
    # one corpus for all pairs: the weighted model is built once (ingest.matching._weighted caches it)
    corpus = sorted({name for a, b, _ in pairs for name in (a, b)} | set(corpus))
    out = []
    for k, (a, b, _) in enumerate(pairs):
        known = ([parents[k][0]], [parents[k][1]]) if parents else None
        found = match_names([a], [b], min_score=0.0, corpus=corpus, parents=known)
        out.append(found[0] if found else None)
    return out
