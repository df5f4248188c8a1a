"""Issue 21, thirteenth round, step 1: where a name's extra words stand, counted before anything is built.

For every labelled pair of the fit part (``pairs.csv``, split ``fit``) and of the nine fresh sets, the two
names are aligned as the matcher aligns them (:func:`ingest.matchscore._align`, the words and the notes the
other side writes). When words are left on ONE side only (the other name's words all aligned: a name with
and without more words), the pair gets one shape:

- ``body+tail``: the shared words are only a body that holds units (:data:`~ingest.matchscore.CONTAINERS`
  and their genitives, levels' kinds, places and compass points, stop words: no word of rarity 0.5 or more
  of their own) and the extra words follow them in the same part (``Tampereen yliopisto`` / ``Tampereen
  yliopisto Seinäjoen yliopistokeskus``): a unit of the body? ``body+tail/part``: the same, the extra
  words a part of their own (``Oulun kaupunki / Tekninen keskus``), which ``part_only`` already reads.
- ``body-head``: the shared words hold a distinctive word and the extra words precede them, ending in a
  body word (a container, its genitive, a word ending in ``yliopisto``): a parent written before its unit?
  (``_parent_head`` reads the part of these whose head is places and a container.)
- ``firm+after-form``: both names firms', the extra words written after the longer name's legal form
  (``Kruunupuisto Oy  Punkaharjun kuntoutuskeskus``): a site or a trade name?
- ``firm+inside``: both firms', the extra words written before the legal form (``Warkop Holding Oy``):
  another firm?
- ``other-extra``: words on one side only, none of the shapes above.

Where the legal form stood is not kept by :class:`graph_model.orgnames.ParsedName` (``forms`` is a set of
kinds), so it is read here again from the raw name (:func:`after_form`).

Printed: per part, per shape, true and different pairs, and how many of each the shipped model accepts
automatically, lists for review, or leaves out (its score from :meth:`Model.features`, no parents: a
register's unit read without the City of Helsinki), as main reads them (the thirteenth round's reading,
:func:`ingest.matchscore._unit_after_body`, switched off; ``--with-units``: on). ``--show SHAPE`` lists
the pairs of a shape.

Usage: python bench/matching/shapes13.py [--show body+tail] [--with-units]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from _common import ROOT, result_line  # noqa: E402

sys.path.insert(0, str(ROOT))
import matching as bench  # noqa: E402

from graph_model.orgnames import (_FORM_OF, _LONGEST_FORM, _PARENS_PART, _PUNCT, _SEPARATORS, _SPACES, _is_form,  # noqa: E402
                                  repair_doubled, split_business_id)
from graph_model.places import fold  # noqa: E402
from ingest.matchscore import (_FIRM_FORMS, DIRECTIONS, STOP_WORDS, _align, _body_word, _is_place, _with_notes,  # noqa: E402
                               load_model, parsed)

SHAPES = ("body+tail", "body+tail/part", "body-head", "firm+after-form", "firm+inside", "other-extra", "no-extra")


def after_form(name: str) -> dict[str, bool]:
    """Each word of ``name`` (folded, as the parser splits it) and whether a legal form stood before it.

    >>> after_form("Kruunupuisto Oy  Punkaharjun kuntoutuskeskus")
    {'kruunupuisto': False, 'punkaharjun': True, 'kuntoutuskeskus': True}
    >>> after_form("Warkop Holding Oy")
    {'warkop': False, 'holding': False}
    """
    out, seen = {}, False
    name = split_business_id(repair_doubled(name))[0]
    for piece in _SEPARATORS.split(fold(_PARENS_PART.sub(" ", name))):
        raw = _SPACES.sub(" ", _PUNCT.sub(" ", piece.replace(":", ""))).split()
        i = 0
        while i < len(raw):
            size = next((n for n in range(min(_LONGEST_FORM, len(raw) - i), 0, -1)
                         if _is_form(" ".join(raw[i:i + n]), not out) and " ".join(raw[i:i + n]) in _FORM_OF), 0)
            if size:
                seen, i = True, i + size
                continue
            out.setdefault(raw[i], seen)
            i += 1
    return out


def body_word(w: str, places) -> bool:
    return _body_word(w, places)


def shape(name_a: str, name_b: str, model) -> tuple[str, str]:
    """The pair's shape (:data:`SHAPES`) and the extra words."""
    pa, pb = parsed(name_a), parsed(name_b)
    a, b = _with_notes(pa.words, pa.notes, pb), _with_notes(pb.words, pb.notes, pa)
    pairs, only_a, only_b = _align(a, b, pa.cut or pb.cut)
    only_a = {k for k in only_a if a[k] not in STOP_WORDS}
    only_b = {k for k in only_b if b[k] not in STOP_WORDS}
    if bool(only_a) == bool(only_b) or not pairs:
        return "no-extra", ""
    words, only, raw, p = (a, only_a, name_a, pa) if only_a else (b, only_b, name_b, pb)
    extra = " ".join(words[k] for k in sorted(only))
    shared = [w for k, w in enumerate(words) if k not in only]
    places = model.places
    distinctive = any(model.rarity(w) >= 0.5 and not body_word(w, places) for w in shared)
    run = sorted(only)
    contiguous = run == list(range(run[0], run[-1] + 1))
    if pa.forms & _FIRM_FORMS and pb.forms & _FIRM_FORMS:
        where = after_form(raw)
        return ("firm+after-form" if all(where.get(words[k], False) for k in only) else "firm+inside"), extra
    if not distinctive and contiguous and run[0] > 0 and run[-1] == len(words) - 1:
        written = tuple(words[run[0] - 1:])  # the extra words and the word before them, in one part
        one = any(tuple(part[k:k + len(written)]) == written for part in p.parts for k in range(len(part)))
        return ("body+tail" if one else "body+tail/part"), extra
    if distinctive and contiguous and run[0] == 0 and _body_word(words[run[-1]], places, levels=False) and \
            words[run[-1]] not in STOP_WORDS and words[run[-1]] not in DIRECTIONS and not _is_place(words[run[-1]], places):
        return "body-head", extra
    return "other-extra", extra


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", default="", help="List the pairs of this shape.")
    parser.add_argument("--with-units", action="store_true", help="Score with the round's unit-after-body reading.")
    args = parser.parse_args()
    if not args.with_units:
        from ingest import matchscore

        matchscore._unit_after_body = lambda *_: False
    parts = {part: bench.read_pairs(part) for part in ("fit", *bench.FRESH)}
    names = {n for pairs in parts.values() for p in pairs for n in (p["name_a"], p["name_b"])}
    model = load_model().with_names(sorted(names | set(bench.store_corpus())))
    auto, review = 100 * model.auto, 100 * model.review
    table: dict[str, Counter] = {}
    for part, pairs in parts.items():
        table[part] = Counter()
        for p in pairs:
            s, extra = shape(p["name_a"], p["name_b"], model)
            score = 100 * model.probability(model.features(p["name_a"], p["name_b"]))
            band = "auto" if score >= auto else "review" if score >= review else "low"
            same = "true" if p["same"] == "1" else "diff"
            table[part][s, same] += 1
            table[part][s, same, band] += 1
            if args.show == s:
                print(f"{part:8} {same:4} {band:6} {score:5.1f} [{extra}]  {p['name_a']!r} / {p['name_b']!r}")
    print("shape: true / different pairs (auto, review, low at the shipped thresholds)")
    print("| shape | fit part: true | fit part: different | nine sets: true | nine sets: different | per set (true/diff) |")
    print("|---|---|---|---|---|---|")
    for s in SHAPES:
        def cell(parts_, same):
            n = sum(table[q][s, same] for q in parts_)
            bands = "/".join(str(sum(table[q][s, same, b] for q in parts_)) for b in ("auto", "review", "low"))
            return f"{n} ({bands})"
        per = " ".join(f"{table[q][s, 'true']}/{table[q][s, 'diff']}" for q in bench.FRESH)
        print(f"| {s} | {cell(['fit'], 'true')} | {cell(['fit'], 'diff')} | {cell(bench.FRESH, 'true')} | "
              f"{cell(bench.FRESH, 'diff')} | {per} |")
    for s in SHAPES:
        for where, parts_ in (("fit", ["fit"]), ("sets", bench.FRESH)):
            print(result_line("matching_shapes", shape=s, part=where, units=int(args.with_units),
                              true=sum(table[q][s, "true"] for q in parts_),
                              different=sum(table[q][s, "diff"] for q in parts_),
                              review_true=sum(table[q][s, "true", "review"] for q in parts_),
                              review_different=sum(table[q][s, "diff", "review"] for q in parts_)))


if __name__ == "__main__":
    main()
