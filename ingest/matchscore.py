"""The score of a candidate match: named features of two parsed names, combined by a logistic model.

Two names are taken apart by :func:`graph_model.orgnames.parse_name` (accents and case folded, a
doubled name repaired, a business id and the legal forms parsed out, parts split at ``/ , ;``). Their
words are then aligned: equal words first, then a word that is two words glued (``kuntakideve``), then
a place of the gazetteer written in another case (``Lapin`` / ``Lappi``: ``graph_model.places.place_of``),
then the cut word of a name that a fixed-width column truncated (a prefix), then close spellings (rapidfuzz
ratio >= 75: a typo, an inflection); a close spelling of a long word counts as the word itself when every
other word aligns as written (:func:`_typos_read_as_same`). A former or second name in brackets
(``YEZ OY (MONDEX OY)``, :func:`graph_model.orgnames.other_names`) is scored as a name of the body too,
the best pair of names counting. Each word weighs by its rarity (inverse document frequency over a
background of real names plus the names being matched), so that a shared ``kaupunki`` counts less
than a shared ``kideve``; function words (``ja``, ``och``, ``of``) weigh nothing. A locative tail only
one name has (``Liberalerna på Åland`` / ``Liberalerna``, ``... i Österbotten``, ``... in Finland``) is
set aside, and so is a description only one firm's name has before or after its own name (``Mikkelin
seudun elinkeinoyhtiö Miset Oy`` / ``Miset Oy``: places or areas and a company noun, :func:`_description`),
the body that holds a unit written before it without a separator (``Taideyliopisto Sibelius-Akatemia`` /
``Sibelius-Akatemia``, :func:`_parent_head`), and the name's own acronym written beside it (``Porin Seudun
Kehittämiskeskus Oy POSEK``, :func:`_own_acronym`), and a level of a public body's hierarchy written between
the body and its unit on one side only (``Oulun yliopisto Kajaanin yliopistokeskus Cemis-Oulu`` / ``Oulun
yliopisto Cemis-Oulu``, :func:`_middle_level`). Two names of a public body that differ only in a unit's kind
word (``sosiaalityön laitos`` / ``sosiaalityön oppiaine``) have those words aligned as one (:func:`_unit_kinds`).
`why` (:meth:`Model.explain`) says when either moved the score.
When a name was cut by a fixed-width column, the words the other name has after the cut do not count as
missing.

The features (all 0..1):

``words``       rarity-weighted share of the words aligned (a soft token-set similarity);
``rare_only``   how rare the rarest word is that only one name has (a distinctive word missing);
``rare_both``   how rare the rarer of the two sides' rarest unaligned words is: a distinctive word
                replaced by another (``Palmenia Kotka`` / ``Palmenia Kouvola``), where ``rare_only``
                alone cannot tell it from a word added on one side (``Merikotka``, ``ORTON``);
``lookalike``   how rare, and how far apart, the most distinctive pair of words aligned only by a
                close spelling is (``juvan``/``juuan``: two rare short words one letter apart); how far
                apart is read from the list too for two firms: a typo is rare next to its right
                spelling, so two spellings of a firm's name of which neither is the list's usual one
                count as two names (:func:`_apart`); and how much of the two names the pair holds: a
                slip in one of many shared words of a long name counts less (:func:`_typo_share`,
                the model's ``share``; the row's ``lookalike_share`` says what the pair holds);
``part_only``   a part after a separator that the other name lacks altogether (a unit);
``part_place``  such a part that is only a place name (``Oy Esimerkki, Jyväskylä``): the model's
                gazetteer holds the municipalities named in the background list (``Xn kunta``,
                ``Xn kaupunki``), in the genitive and lemmatised by simplemma;
``form_clash``  both names carry legal forms, of different kinds (a company and an association);
``digits``      numbers that differ (``Kuparitie 1`` / ``Kuparitie 11``);
``one_word``    the shorter name has a single core word (little evidence either way);
``region_clash`` an aligned word with a region prefix before it on one side only, or another one
                (``Keski-Pohjanmaan`` / ``Pohjanmaan``, ``Päijät-Hämeen`` / ``Hämeen``: bodies of two
                regions); a prefix is a direction word or the first part of a hyphenated place of the
                gazetteer (``graph_model/places_fi.txt``);
``parent_lost`` the one part only one name has is the body that holds the unit (a municipality, joint
                authority or university written beside its unit), everything else aligned;
``housing_clash`` one name is a housing or property company (``Kiinteistö Oy X``), the other a body
                of another legal form (``X Oy``, the firm it is named after).

The probability is ``1 / (1 + exp(-(intercept + sum(coef * feature))))``; coefficients, the two
thresholds and the background word counts are in ``matching_model.json`` beside this module, fitted by
``python bench/matching.py --fit`` on the fit part of the labelled pairs only (see bench/matching/README.md).

The score is what the model ranks by; what a user should read is :meth:`Model.chance`: the share of
pairs at that score that were the same organisation on the fit part (isotonic regression of the labels
on the scores, :func:`fit_calibration`). Just below the automatic threshold it is about one in two,
however high the score looks.

Examples
--------
>>> model = load_model()
>>> same = model.features("ÄÄNEKOSKEN ENERGIA OY", "Äänekosken Energia Osakeyhtiö")
>>> same["words"], same["form_clash"]
(1.0, 0.0)
>>> model.probability(same) > model.auto
True
>>> model.probability(model.features("ABC Systems Oy", "ABD-Systems Oy")) < model.auto
True
"""

from __future__ import annotations

import json
import math
from os.path import commonprefix
from difflib import SequenceMatcher
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from graph_model.orgnames import (ParsedName, _slip, _spellings, expand_acronyms, learn_acronyms, other_names,
                                  parse_name)
from graph_model.places import place_of, region_prefixes

__all__ = ["FEATURES", "Model", "parsed", "load_model", "fit_model", "extend_model", "fit_calibration", "word_counts",
           "MODEL_FILE"]

#: parse_name memoised: the names being matched are parsed for the rarity weights and again for scoring.
parsed = lru_cache(maxsize=1 << 17)(parse_name)
#: other_names memoised: a name's former or second names in brackets.
others = lru_cache(maxsize=1 << 16)(other_names)

FEATURES = ("words", "rare_only", "rare_both", "lookalike", "part_only", "part_place", "form_clash", "digits",
            "one_word", "region_clash", "parent_lost", "housing_clash")
#: Words that, written before a region's or a town's name, make another region (``Keski-Pohjanmaan`` /
#: ``Pohjanmaan``, ``Itä-Savon`` / ``Savon``): compass points and their kin, Finnish and Swedish, folded.
DIRECTIONS = frozenset({"keski", "etela", "pohjois", "ita", "lansi", "lounais", "kaakkois", "luoteis", "koillis",
                        "ala", "yla", "sisa", "norra", "sodra", "ostra", "vastra", "mellersta", "nord", "syd"})
#: The last words of a body that holds units (a municipality, a region's joint authority, a university),
#: folded; with the joint-municipal-authority legal form, they tell a parent part (``Kajaanin kaupunki /
#: Kajaanin ammattikorkeakoulu``) from a unit part (``Oulun kaupunki / Tekninen keskus``).
CONTAINERS = frozenset({"kaupunki", "kunta", "stad", "kommun", "maakunta", "koulutusyhtyma", "kuntayhtyma",
                        "yliopisto", "universitet", "korkeakoulusaatio", "landskapsregering"})
MODEL_FILE = Path(__file__).with_name("matching_model.json")
_CLOSE = 75.0
#: The rarity of a word the list writes often (in about six names of 13,000 or more): a word one edit from
#: it in a long name is read as its typo (:func:`_typos_read_as_same`).
_COMMON = 0.8
#: The length (letters, folded) from which a slip in a word of a public body's name (neither name a firm's)
#: is read as a typo though the list writes both spellings rarely (``Pyhäjärvi-instituuttisäätiö`` /
#: ``instituuttissätiö``): a long word of the language is no coined name, and two bodies are not named one
#: letter apart in a word this long (:func:`_typos_read_as_same`).
_RARE_SLIP = 12


def word_counts(names: Iterable[str]) -> dict[str, int]:
    """In how many of ``names`` each folded core word occurs.

    >>> word_counts(["Oulun kaupunki", "Turun kaupunki", "OULUN KAUPUNKI"])["kaupunki"]
    3
    """
    counts: dict[str, int] = {}
    for name in names:
        for word in set(parsed(name).words):
            counts[word] = counts.get(word, 0) + 1
    return counts


@dataclass
class Model:
    """Coefficients per feature, the intercept, the auto and review thresholds (0..1), word counts
    (``counts`` over ``documents`` names) that make the rarity weights, and the calibration of the score
    (``(least score, chance)`` steps, ascending; see :meth:`chance`)."""

    coef: dict[str, float]
    intercept: float
    auto: float
    review: float
    counts: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    fitted_on: str = ""
    places: frozenset[str] = frozenset()
    calibration: tuple[tuple[float, float], ...] = ()
    #: acronyms learned from the names being matched (:func:`~graph_model.orgnames.learn_acronyms`)
    acronyms: dict = field(default_factory=dict)
    #: the share of the two names' weight a look-alike word pair must carry for ``lookalike`` to count in
    #: full (:func:`_typo_share`); 0: always in full
    share: float = 0.0

    def with_names(self, names: Iterable[str]) -> "Model":
        """The same model whose rarity weights also count ``names`` (the lists being matched).

        >>> m = Model({}, 0.0, 0.9, 0.5)
        >>> m.with_names(["Oulun kaupunki", "Turun kaupunki"]).counts["kaupunki"]
        2
        """
        counts = dict(self.counts)
        extra = word_counts(set(names))
        for word, n in extra.items():
            counts[word] = counts.get(word, 0) + n
        return Model(self.coef, self.intercept, self.auto, self.review, counts,
                     self.documents + len(set(names)), self.fitted_on, self.places, self.calibration,
                     learn_acronyms(set(names), parse=parsed), self.share)

    def rarity(self, word: str) -> float:
        """0..1: 1 for a word never seen, about 0 for a word in every name.

        >>> m = Model({}, 0.0, 0.9, 0.5, {"kaupunki": 99}, 100)
        >>> round(m.rarity("kaupunki"), 2), m.rarity("kideve")
        (0.0, 1.0)
        """
        cache = self.__dict__.setdefault("_rarity", {})
        if word not in cache:
            n = max(self.documents, 1)
            cache[word] = math.log((n + 1) / (self.counts.get(word, 0) + 1)) / math.log(n + 1)
        return cache[word]

    def features(self, a: str | ParsedName, b: str | ParsedName) -> dict[str, float]:
        """The named features of two names (strings or :class:`ParsedName`)."""
        pa = a if isinstance(a, ParsedName) else parsed(a)
        pb = b if isinstance(b, ParsedName) else parsed(b)
        best = self._features(pa, pb)
        # a former or second name in brackets (``YEZ OY (MONDEX OY)``) is a name of the body too: the
        # best-scoring pair of names counts
        for x in (pa, *others(pa)):
            for y in (pb, *others(pb)):
                if x is not pa or y is not pb:
                    found = self._features(x, y)
                    if self.probability(found) > self.probability(best):
                        best = found
        return best

    def _features(self, pa: ParsedName, pb: ParsedName) -> dict[str, float]:
        if self.acronyms and (_abbreviated(pa, self.acronyms) or _abbreviated(pb, self.acronyms)):
            # an acronym against its words on the other side (``ELY-keskus``)
            pa, pb = _expanded(pa, pb, self.acronyms), _expanded(pb, pa, self.acronyms)
        return _features(pa, pb, self.rarity, self.places, self.count, self.share)

    def count(self, word: str) -> int:
        """In how many names of the background and of the lists being matched ``word`` is written.

        >>> Model({}, 0.0, 0.9, 0.5).with_names(["Oulun kaupunki", "Turun kaupunki"]).count("kaupunki")
        2
        """
        return self.counts.get(word, 0)

    def probability(self, features: dict[str, float]) -> float:
        """The calibrated probability that the two names are one organisation; a word added inside a firm's
        name (``firm_word_added``: another firm, rule 2 of the labels) keeps it below the review threshold.

        >>> m, same = Model({"words": 10.0}, 0.0, 0.9, 0.5), {f: 0.0 for f in FEATURES} | {"words": 1.0}
        >>> round(m.probability(same), 3), m.probability(same | {"firm_word_added": "holding"})
        (1.0, 0.499)
        """
        z = self.intercept + sum(self.coef.get(name, 0.0) * features[name] for name in FEATURES)
        chance = 1.0 / (1.0 + math.exp(-z))
        return min(chance, round(self.review - 0.001, 3)) if features.get("firm_word_added") else chance

    def chance(self, score: float) -> float | None:
        """The calibrated chance (0..1) that a pair with this 0..100 score is one organisation: the share
        of such pairs that were on the fit part. None when the model has no calibration.

        >>> m = Model({}, 0.0, 0.9, 0.5, calibration=((0.0, 0.01), (50.0, 0.5), (90.0, 0.99)))
        >>> m.chance(10.0), m.chance(84.4), m.chance(95.0)
        (0.01, 0.5, 0.99)
        """
        steps = [chance for least, chance in self.calibration if score >= least]
        return steps[-1] if steps else (self.calibration[0][1] if self.calibration else None)

    def explain(self, features: dict[str, float]) -> str:
        """The features with their values and what each adds to the log-odds, largest effect first.

        >>> m = Model({f: 1.0 for f in FEATURES}, 0.0, 0.9, 0.5)
        >>> m.explain({f: 0.0 for f in FEATURES} | {"words": 0.5})
        'words=0.50 (+0.50)'
        """
        coef = {name: self.coef.get(name, 0.0) for name in FEATURES}
        terms = sorted(((name, features[name], coef[name] * features[name]) for name in FEATURES
                        if abs(coef[name] * features[name]) >= 0.005), key=lambda t: -abs(t[2]))
        shown = ", ".join(f"{name}={value:.2f} ({effect:+.2f})" for name, value, effect in terms)
        held = features.get("lookalike_share", 1.0)
        if self.share and features["lookalike"] and held < self.share:  # the scaled look-alike says why
            shown += f"; the look-alike word {100 * held:.0f}% of the names' weight"
        if features.get("unit_kinds"):  # two unit kind words aligned as one: it raised ``words``
            shown += f"; the unit kind words {features['unit_kinds']} read as one unit renamed"
        if features.get("unit_after_body"):  # a unit after its body: it set ``part_only``
            shown += f"; '{features['unit_after_body']}' read as a unit written after its body"
        if features.get("firm_word_added"):  # another firm: kept below the review threshold
            shown += f"; '{features['firm_word_added']}' read as a word added inside a firm's name: another firm"
        if features.get("middle_level"):  # a level of the hierarchy set aside: it raised ``words``
            shown += f"; '{features['middle_level']}' set aside as a level between the body and its unit"
        return shown

    def as_json(self) -> str:
        """The model as the JSON text of ``matching_model.json``."""
        body = {"fitted_on": self.fitted_on, "features": list(FEATURES), "coef": self.coef,
                "intercept": self.intercept, "auto": self.auto, "review": self.review,
                "documents": self.documents, "share": self.share, "calibration": [list(step) for step in self.calibration],
                "places": sorted(self.places),
                "counts": dict(sorted(self.counts.items()))}
        return json.dumps(body, ensure_ascii=False, indent=0, sort_keys=False) + "\n"


@lru_cache(maxsize=1)
def _stored(path: Path) -> Model:
    body = json.loads(path.read_text(encoding="utf-8"))
    return Model(body["coef"], body["intercept"], body["auto"], body["review"], body["counts"],
                 body["documents"], body.get("fitted_on", ""), frozenset(body.get("places", ())),
                 tuple(tuple(step) for step in body.get("calibration", ())), share=body.get("share", 0.0))


def load_model(path: Path = MODEL_FILE) -> Model:
    """The fitted model shipped beside this module (or another fitted file).

    >>> 0 < load_model().review <= load_model().auto < 1
    True
    """
    return _stored(path)


def fit_model(features: Sequence[dict[str, float]], labels: Sequence[int], *, counts: dict[str, int],
              documents: int, places: frozenset[str] = frozenset(), min_precision: float = 0.99, review_precision: float = 0.6,
              fitted_on: str = "") -> Model:
    """Fit the coefficients (L2-regularised logistic regression) and pick the thresholds on these pairs:
    ``auto`` is the lowest probability at which the pairs above it keep ``min_precision``; ``review``
    the lowest at which the band between it and ``auto`` keeps ``review_precision``.

    >>> rows = [{f: float(i % 2) for f in FEATURES} for i in range(20)]
    >>> m = fit_model(rows, [i % 2 for i in range(20)], counts={}, documents=0)
    >>> 0 < m.review <= m.auto < 1
    True
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.array([[row[name] for name in FEATURES] for row in features])
    y = np.array(labels)
    fitted = LogisticRegression(C=10.0, max_iter=2000).fit(x, y)
    model = Model({name: round(float(c), 4) for name, c in zip(FEATURES, fitted.coef_[0])},
                  round(float(fitted.intercept_[0]), 4), 0.5, 0.5, counts, documents, fitted_on, places)
    # on the grid of the scores shown (0..100, one decimal), so that a threshold means what it says there
    probs = [round(model.probability(row), 3) for row in features]
    model.auto = _lowest_threshold(probs, labels, min_precision, upper=1.01)
    model.review = _lowest_threshold(probs, labels, review_precision, upper=model.auto)
    return model


def extend_model(base: Model, features: Sequence[dict[str, float]], labels: Sequence[int], *,
                 fitted_on: str = "") -> Model:
    """``base`` with a coefficient for each feature of :data:`FEATURES` it lacks, fitted on these pairs
    with every coefficient, the intercept and both thresholds of ``base`` held fixed (logistic regression
    with ``base``'s log-odds as an offset, L2 as in :func:`fit_model`). A feature that only lowers a score
    can then only take automatic matches away; one that raises it adds only pairs that show it.

    >>> base = Model({"words": 8.0}, -4.0, 0.9, 0.5)
    >>> rows = [{f: 0.0 for f in FEATURES} | {"words": 1.0, "region_clash": float(i % 2)} for i in range(40)]
    >>> m = extend_model(base, rows, [1 - i % 2 for i in range(40)])
    >>> m.coef["region_clash"] < -2, m.coef["words"], m.auto
    (True, 8.0, 0.9)
    """
    import numpy as np
    from scipy.optimize import minimize

    new = [name for name in FEATURES if name not in base.coef]
    offset = np.array([base.intercept + sum(base.coef[n] * row[n] for n in base.coef) for row in features])
    x = np.array([[row[n] for n in new] for row in features])
    y = np.array(labels, dtype=float)

    def loss(c):
        z = offset + x @ c
        return float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.05 * c @ c)

    fitted = minimize(loss, np.zeros(len(new)), method="L-BFGS-B").x
    coef = dict(base.coef) | {n: round(float(c), 4) for n, c in zip(new, fitted)}
    return Model(coef, base.intercept, base.auto, base.review, base.counts, base.documents,
                 fitted_on or base.fitted_on, base.places, base.calibration, share=base.share)


def fit_calibration(scores: Sequence[float | None], labels: Sequence[int]) -> tuple[tuple[float, float], ...]:
    """Steps ``(least score, chance)`` of the isotonic regression of ``labels`` on ``scores`` (0..100; None,
    a pair never proposed, counts as 0): the chance never falls as the score rises, and is the share of
    the same organisation among the pairs of each step.

    >>> fit_calibration([10, 20, 60, 70, 80, 90, None], [0, 0, 1, 0, 1, 1, 0])
    ((0.0, 0.0), (60.0, 0.5), (80.0, 1.0))
    """
    import numpy as np
    from sklearn.isotonic import IsotonicRegression

    x = np.array([0.0 if s is None else float(s) for s in scores])
    fitted = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(x, np.array(labels, dtype=float))
    steps: list[tuple[float, float]] = []
    for score, chance in sorted(zip(x.tolist(), fitted.predict(x).tolist())):
        chance = round(chance, 3)
        if not steps or chance != steps[-1][1]:
            steps.append((0.0 if not steps else round(score, 1), chance))
    return tuple(steps)


def _lowest_threshold(probs: Sequence[float], labels: Sequence[int], precision: float, upper: float) -> float:
    """The lowest cut t (among the probabilities) such that the pairs in [t, upper) have ``precision``;
    pairs of equal probability are all in or all out.

    >>> _lowest_threshold([0.9, 0.8, 0.8, 0.7], [1, 1, 0, 0], 0.6, upper=1.0)
    0.8
    """
    ranked = sorted(((p, y) for p, y in zip(probs, labels) if p < upper), reverse=True)
    best, tp, n = upper, 0, 0
    for k, (p, y) in enumerate(ranked):
        tp, n = tp + y, n + 1
        if tp / n >= precision and (k + 1 == len(ranked) or ranked[k + 1][0] < p):
            best = p
    return round(min(best, upper), 4)


#: Function words (fi, sv, en), folded as the words of a parsed name are (``på`` -> ``pa``): they say
#: nothing about which organisation a name is.
STOP_WORDS = frozenset({"ja", "seka", "och", "samt", "and", "of", "the", "for", "in", "pa", "i", "av", "&"})
#: Prepositions that open a locative tail (``på Åland``, ``i Österbotten``, ``in Finland``), folded.
LOCATIVE = frozenset({"pa", "i", "in"})


def _align(a: Sequence[str], b: Sequence[str], cut: bool) -> tuple[list, set[int], set[int]]:
    """Aligned words ((indexes in a), (indexes in b), similarity 0..1, how) and the unaligned indexes."""
    from rapidfuzz import fuzz

    left, right = set(range(len(a))), set(range(len(b)))
    pairs = []
    # runs of two or more equal words first, so that a word a name repeats (``kainuun maakunta /
    # kainuun ammattiopisto``) is aligned where its neighbours are too
    for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        if block.size >= 2:
            for k in range(block.size):
                pairs.append(((block.a + k,), (block.b + k,), 1.0, "same"))
                left.discard(block.a + k), right.discard(block.b + k)
    for i in sorted(left):
        j = next((j for j in sorted(right) if a[i] == b[j]), None)
        if j is not None:
            pairs.append(((i,), (j,), 1.0, "same"))
            left.discard(i), right.discard(j)
    for words, other, mine, theirs, flip in ((a, b, left, right, False), (b, a, right, left, True)):
        for i in sorted(mine):
            j = next((j for j in sorted(theirs) if j + 1 in theirs and words[i] == other[j] + other[j + 1]), None)
            if j is not None:
                pairs.append(((j, j + 1), (i,), 1.0, "glued") if flip else ((i,), (j, j + 1), 1.0, "glued"))
                mine.discard(i), theirs.difference_update((j, j + 1))
    # a place written in another case (``lapin`` / ``lappi``, ``muhoksen`` / ``muhos``) is the same place
    for i in sorted(left):
        if here := place_of(a[i]):
            j = next((j for j in sorted(right) if here & place_of(b[j])), None)
            if j is not None:
                pairs.append(((i,), (j,), 1.0, "place"))
                left.discard(i), right.discard(j)
    if cut:  # the last word of a truncated name is a prefix of the other's word
        for words, other, mine, theirs, flip in ((a, b, left, right, False), (b, a, right, left, True)):
            last = len(words) - 1
            if last in mine and len(words[last]) >= 2:
                j = next((j for j in sorted(theirs) if other[j].startswith(words[last])), None)
                if j is not None:
                    pairs.append(((j,), (last,), 1.0, "cut") if flip else ((last,), (j,), 1.0, "cut"))
                    mine.discard(last), theirs.discard(j)
    close = sorted(((fuzz.ratio(a[i], b[j]), i, j) for i in left for j in right
                    if min(len(a[i]), len(b[j])) >= 4), reverse=True)
    for score, i, j in close:
        if score >= _CLOSE and i in left and j in right:
            pairs.append(((i,), (j,), score / 100, "close"))
            left.discard(i), right.discard(j)
    return pairs, left, right


def _after_cut(words: Sequence[str], unaligned: set[int], pairs: list, side: int) -> set[int]:
    """The unaligned words that come after the last aligned one: what the other, truncated name lost."""
    last = max((k for pair in pairs for k in pair[side]), default=-1)
    return {k for k in unaligned if k > last}


def _with_notes(words: tuple[str, ...], notes: tuple[str, ...], other: ParsedName) -> tuple[str, ...]:
    """The words plus the words of bracketed notes that the other name has (``(BusinessOulu)``): a note
    counts when the other side says it too, and is not missed when it does not."""
    theirs = {*other.words, *(w for n in other.notes for w in n.split())}
    return words + tuple(w for n in notes for w in n.split() if w in theirs and w not in words)


def _features(pa: ParsedName, pb: ParsedName, rarity, places: frozenset[str] = frozenset(),
              count=None, share: float = 0.0) -> dict[str, float]:
    a, b = _with_notes(pa.words, pa.notes, pb), _with_notes(pb.words, pb.notes, pa)
    if not a or not b:
        a, b = a or tuple(pa.notes), b or tuple(pb.notes)
    pairs, only_a, only_b = _align(a, b, pa.cut or pb.cut)
    # A column cut inside a word (the last word aligned only as a prefix) is a cut name: the words the
    # other name has after it were lost, not missing. A name of 50 characters that ends on a whole word
    # may be complete, so it is read as it is.
    cut_a = any(how == "cut" and len(a) - 1 in ia for ia, _, _, how in pairs)
    cut_b = any(how == "cut" and len(b) - 1 in jb for _, jb, _, how in pairs)
    if cut_a:
        b = tuple(w for k, w in enumerate(b) if k not in _after_cut(b, only_b, pairs, 1))
        pairs, only_a, only_b = _align(a, b, True)
    elif cut_b:
        a = tuple(w for k, w in enumerate(a) if k not in _after_cut(a, only_a, pairs, 0))
        pairs, only_a, only_b = _align(a, b, True)

    # a locative tail only one name has (``Liberalerna på Åland`` / ``Liberalerna``) is set aside: where
    # a body is says little about which body it is; tails on both sides stay (``i Vasa`` / ``i Åbo``)
    tail_a, tail_b = _locative_tail(a, only_a), _locative_tail(b, only_b)
    if bool(tail_a) != bool(tail_b):
        a = tuple(w for k, w in enumerate(a) if k not in tail_a)
        b = tuple(w for k, w in enumerate(b) if k not in tail_b)
        pairs, only_a, only_b = _align(a, b, pa.cut or pb.cut)

    # a description only one firm's name has, before or after its own name (``Mikkelin seudun
    # elinkeinoyhtiö Miset Oy`` / ``Miset Oy``): it says what the firm is, not which firm; and a level of a
    # public body's hierarchy written between the body and its unit on one side only (``Oulun yliopisto
    # Kajaanin yliopistokeskus Cemis-Oulu`` / ``Oulun yliopisto Cemis-Oulu``)
    firm = bool(pa.forms & _FIRM_FORMS or pb.forms & _FIRM_FORMS)
    level = ""
    if bool(only_a) != bool(only_b) and pairs:
        words, only = (a, only_a) if only_a else (b, only_b)
        # a bracketed note's words (``(OSEKK)``, appended after the words) are not the unit after a level
        notes = {w for n in (pa if only_a else pb).notes for w in n.split()}
        if not firm and _middle_level(words, only, rarity, places, notes):
            level = " ".join(words[k] for k in sorted(only))
        if level or _description(words, only, rarity, places, "company" in pa.forms & pb.forms) or \
                _parent_head(words, only, rarity, places):
            a, b = (tuple(w for k, w in enumerate(a) if k not in only_a), tuple(w for k, w in enumerate(b)
                                                                                 if k not in only_b))
            pairs, only_a, only_b = _align(a, b, pa.cut or pb.cut)

    # the name's own acronym written beside it (``Porin Seudun Kehittämiskeskus Oy POSEK``) is no word of
    # its own: a dropped acronym, as a bracketed one is a note
    if count is not None and (only_a or only_b):
        own_a = {k for k in only_a if _own_acronym(a[k], a[:k] + a[k + 1:], count)}
        own_b = {k for k in only_b if _own_acronym(b[k], b[:k] + b[k + 1:], count)}
        if own_a or own_b:
            a = tuple(w for k, w in enumerate(a) if k not in own_a)
            b = tuple(w for k, w in enumerate(b) if k not in own_b)
            pairs, only_a, only_b = _align(a, b, pa.cut or pb.cut)

    # a unit written after its body without a separator (``Tampereen yliopisto Seinäjoen yliopistokeskus``
    # / ``Tampereen yliopisto``): the shared words name only the body, so the other name is the body itself;
    # read as a unit part lost, as ``Oulun kaupunki / Tekninen keskus`` / ``Oulun kaupunki`` is
    unit = ""
    if bool(only_a) != bool(only_b) and pairs and not firm:
        words, only, name = (a, only_a, pa) if only_a else (b, only_b, pb)
        if _unit_after_body(words, only, rarity, places, name.parts):
            unit = " ".join(words[k] for k in sorted(only))

    # a word added inside a firm's name, before its legal form (``Warkop Holding Oy`` / ``Warkop Oy``):
    # the trade register keeps firm names distinct, so it names another firm; words after the form
    # (``Länsirannikon Koulutus Oy WinNova``) are a trade name or unit of the same one
    added = ""
    if bool(only_a) != bool(only_b) and pairs and pa.forms & _FIRM_FORMS and pb.forms & _FIRM_FORMS:
        words, only, name = (a, only_a, pa) if only_a else (b, only_b, pb)
        if _firm_word_added(words, only, places, name.form_last):
            added = " ".join(words[k] for k in sorted(only))

    # a unit's kind word renamed (``sosiaalityön laitos`` / ``sosiaalityön oppiaine``) is one unit of a
    # public body; a firm's kind word (``VH-Palvelut Oy`` / ``VH-Products Oy``) makes another firm
    pairs, kinds = _unit_kinds(a, b, pairs, only_a, only_b, rarity, places, firm)
    if kinds:
        only_a, only_b = set(), set()
    pairs = _typos_read_as_same(a, b, pairs, only_a, only_b, rarity, firm)

    def weight(word: str) -> float:
        return 0.0 if word in STOP_WORDS else rarity(word) + 0.05

    wa, wb = [weight(w) for w in a], [weight(w) for w in b]
    shared = sum(s * (sum(wa[i] for i in ia) + sum(wb[j] for j in jb)) for ia, jb, s, _ in pairs)
    words = shared / max(sum(wa) + sum(wb), 1e-9)
    rare_a = max([weight(a[i]) - 0.05 for i in only_a] + [0.0])
    rare_b = max([weight(b[j]) - 0.05 for j in only_b] + [0.0])
    rare_only, rare_both = max(rare_a, rare_b), min(rare_a, rare_b)
    # the list's spellings tell two firms' coined names apart; a public body's words are words of the
    # language, whose one-off misspelling the list need not show (``Byggnadskontoret`` / ``Byggndskontoret``)
    firms = count if pa.forms & _FIRM_FORMS and pb.forms & _FIRM_FORMS else None
    total = sum(wa) + sum(wb)
    looks = [(min(rarity(a[ia[0]]), rarity(b[jb[0]])) * _apart(a[ia[0]], b[jb[0]], s, firms),
              (wa[ia[0]] + wb[jb[0]]) / max(total, 1e-9)) for ia, jb, s, how in pairs if how == "close"]
    lookalike, held = max(((value * _typo_share(held, share), held) for value, held in looks), default=(0.0, 1.0))
    lost_a = _lost_parts(pa.parts, {i for ia, *_ in pairs for i in ia})
    lost_b = _lost_parts(pb.parts, {j for _, jb, *_ in pairs for j in jb})
    lost = lost_a + lost_b
    # a parent written beside its unit (``Kainuun maakunta-kuntayhtymä / Kainuun ammattiopisto`` /
    # ``Kainuun ammattiopisto``): the one part lost holds units, everything else aligns; a lost part
    # that is a unit (``Oulun kaupunki / Tekninen keskus`` / ``Oulun kaupunki``) stays ``part_only``
    parent = (_parent_part(pa, lost_a) and not only_b and len(only_a) == len(lost_a[0])) or \
        (_parent_part(pb, lost_b) and not only_a and len(only_b) == len(lost_b[0]))
    place = [part for part in lost if len(part) == 1 and _is_place(part[0], places)]
    digits_a = {w for w in a if w.isdigit()}
    digits_b = {w for w in b if w.isdigit()}
    return {"words": round(words, 4), "rare_only": round(max(rare_only, 0.0), 4),
            "rare_both": round(max(rare_both, 0.0), 4), "lookalike": round(lookalike, 4),
            "part_only": float(len(lost) > len(place) or bool(unit)), "part_place": float(bool(place)),
            "form_clash": float(bool(pa.forms and pb.forms and not pa.forms & pb.forms)),
            "digits": float(digits_a != digits_b), "one_word": float(min(len(a), len(b)) <= 1),
            "region_clash": float(_region_clash(a, b, pairs)), "parent_lost": float(parent),
            "housing_clash": float(_housing_clash(pa.forms, pb.forms)), "lookalike_share": round(held, 4),
            "unit_kinds": kinds, "middle_level": level, "unit_after_body": unit, "firm_word_added": added}


#: The kind words of a unit of a university or a public body, folded, as whole words: a unit renamed
#: within its body changes this word only (``laitos`` / ``oppiaine`` / ``koulutusohjelma``, ``yksikkö`` /
#: ``laitos``, ``toimintayksikkö`` / ``toimipaikka``). Not ``keskus``, ``palvelut`` (firms' and units' own
#: words), nor ``tiedekunta`` (a faculty holds departments: another level).
UNIT_KINDS = frozenset({"laitos", "yksikko", "oppiaine", "koulutusohjelma", "osasto", "toimipaikka", "toimipiste",
                        "toimintayksikko", "tutkimusyksikko", "institution", "institutionen", "enhet", "enheten",
                        "avdelning", "avdelningen", "amne", "utbildningsprogram", "department", "unit", "programme"})


#: The last words of a level between a public body and its unit (a department, a university centre, a
#: campus, a faculty), folded, as whole words: :data:`UNIT_KINDS` and these.
LEVELS = UNIT_KINDS | {"yliopistokeskus", "kampus", "tiedekunta", "fakultet", "faculty"}


def _middle_level(words: Sequence[str], only: set[int], rarity, places: frozenset[str],
                  notes: set[str] = frozenset()) -> bool:
    """Whether the words only one name has (``only``, indexes into ``words``) are a level of the body's
    hierarchy written between the body and its unit: one run with aligned words before and after it, its
    last word a unit's or a level's kind (:data:`LEVELS`), and the unit after it
    named by a distinctive word of the name's own (rarity 0.5 or more, neither a place nor a body that holds
    units, nor one of the ``notes`` appended from brackets: ``Geologian tutkimuskeskus (GTK) Pohjois-Suomen
    yksikkö`` is a unit of ``Geologian tutkimuskeskus (GTK)``, not the same).

    >>> rare = lambda w: 0.9 if w in ("cemis", "bioprosessitekniikan") else 0.3
    >>> _middle_level(("oulun", "yliopisto", "kajaanin", "yliopistokeskus", "cemis", "oulu"), {2, 3}, rare,
    ...               frozenset({"oulun", "kajaanin"}))
    True
    >>> _middle_level(("itasuomen", "yliopisto", "kuopion", "kampus", "fysiikan", "laitos"), {4, 5}, rare, frozenset())
    False
    >>> _middle_level(("geologian", "tutkimuskeskus", "pohjois", "suomen", "yksikko", "gtk"), {2, 3, 4}, lambda w: 0.9,
    ...               frozenset(), {"gtk"})
    False
    """
    run = sorted(only)
    if not run or run != list(range(run[0], run[-1] + 1)) or run[0] == 0 or run[-1] == len(words) - 1:
        return False
    if words[run[-1]] not in LEVELS:
        return False
    return any(rarity(w) >= 0.5 and w not in CONTAINERS and w not in notes and not _is_place(w, places)
               for w in words[run[-1] + 1:])


def _body_word(word: str, places: frozenset[str], levels: bool = True) -> bool:
    """Whether ``word`` names only a body that holds units, or where it is: a municipality's, a region's or
    a university's word (:data:`CONTAINERS`, their genitives, a word ending in ``yliopisto``), a level's
    kind (:data:`LEVELS`: ``kampus``; not when ``levels`` is false), a place, a compass point written before
    one (:data:`DIRECTIONS`: ``Itä-Suomen``) or a stop word.

    >>> _body_word("yliopisto", frozenset()), _body_word("tampereen", frozenset({"tampereen"}))
    (True, True)
    >>> _body_word("mittalaitelaboratorio", frozenset()), _body_word("yliopistokeskus", frozenset(), levels=False)
    (False, False)
    """
    return word in STOP_WORDS or word in DIRECTIONS or word in CONTAINERS or word in _CONTAINER_GENITIVES or \
        levels and word in LEVELS or \
        word.endswith(("yliopisto", "yliopiston")) or _is_place(word, places)


def _unit_after_body(words: Sequence[str], only: set[int], rarity, places: frozenset[str],
                     parts: Sequence[Sequence[str]] = ()) -> bool:
    """Whether the words only one name has (``only``, indexes into ``words``) are a unit written after its
    body: one run at the tail, in the same part as the word before it (no separator: a separate part is
    read by ``part_only`` and ``parent_lost``), not ending in a body's word or a place (a parent written
    after its unit is no unit; a unit's kind, ``yliopistokeskus``, is), not a unit's kind alone (``kampus``
    after ``Kuopion`` read from the other name's note ``(aiemmin Kuopion yliopisto)`` names no unit), and
    the words before it name only a body that holds units (:func:`_body_word`: no word of rarity 0.5 or
    more of their own). ``Tampereen yliopisto Seinäjoen yliopistokeskus`` is a unit of ``Tampereen
    yliopisto``; ``Levón-instituutti Vaasan yliopisto`` / ``Levón-instituutti`` is not this shape (the
    shared word is the unit's own name).

    >>> rare = lambda w: 0.9 if w in ("mittalaitelaboratorio", "levon") else 0.3
    >>> words = ("oulun", "yliopisto", "mittalaitelaboratorio")
    >>> _unit_after_body(words, {2}, rare, frozenset({"oulun"}), (words,))
    True
    >>> _unit_after_body(("oulun", "yliopisto", "mittalaitelaboratorio"), {2}, rare, frozenset({"oulun"}),
    ...                  (("oulun", "yliopisto"), ("mittalaitelaboratorio",)))
    False
    >>> _unit_after_body(("levon", "instituutti", "vaasan", "yliopisto"), {2, 3}, rare, frozenset({"vaasan"}))
    False
    >>> words = ("ita", "suomen", "yliopisto", "kuopion", "kampus")
    >>> _unit_after_body(words, {4}, rare, frozenset({"suomen", "kuopion"}), (words,))
    False
    """
    run = sorted(only)
    if not run or run != list(range(run[0], len(words))) or run[0] == 0:
        return False
    if all(words[k] in LEVELS for k in run) or _body_word(words[run[-1]], places, levels=False):
        return False
    if any(rarity(w) >= 0.5 and not _body_word(w, places) for w in words[:run[0]]):
        return False
    written = tuple(words[run[0] - 1:])
    return any(tuple(part[k:k + len(written)]) == written for part in parts for k in range(len(part)))


def _firm_word_added(words: Sequence[str], only: set[int], places: frozenset[str], form_last: bool) -> bool:
    """Whether the words only one firm's name has (``only``, indexes into ``words``) were added inside its
    name: one run at the tail of its words, after a shared word, in a name that ends in its legal form
    (``form_last``: the run stood before the form), no word of the run a place, a number or a stop word
    (a municipality after a firm's name is the same firm).

    >>> _firm_word_added(("warkop", "holding"), {1}, frozenset(), True)
    True
    >>> _firm_word_added(("lansirannikon", "koulutus", "winnova"), {2}, frozenset(), False)
    False
    >>> _firm_word_added(("kayttosofta", "oulu"), {1}, frozenset({"oulu"}), True)
    False
    """
    run = sorted(only)
    if not form_last or not run or run[0] == 0 or run != list(range(run[0], len(words))):
        return False
    return not any(_is_place(words[k], places) or words[k].isdigit() or words[k] in STOP_WORDS for k in run)


def _unit_kinds(a: Sequence[str], b: Sequence[str], pairs: list, only_a: set[int], only_b: set[int], rarity,
                places: frozenset[str], firm: bool) -> tuple[list, str]:
    """``pairs`` with two unit kind words aligned (``kind``), and the two words (``'laitos / oppiaine'``),
    when the names differ only in that word: one word left on each side, both of :data:`UNIT_KINDS`,
    neither name a firm's (``firm``: a company, partnership or cooperative form on either side), and the
    words aligned name the unit (one of rarity 0.5 or more that is neither a place nor a body that holds
    units: not ``Lapin yliopisto / laitos`` against ``Lapin yliopisto / oppiaine``). Otherwise ``pairs``
    and ``''``.

    >>> rare = lambda w: 0.9 if w == "sosiaalityon" else 0.3
    >>> a, b = ("lapin", "yliopisto", "sosiaalityon", "laitos"), ("lapin", "yliopisto", "sosiaalityon", "oppiaine")
    >>> same = [((k,), (k,), 1.0, "same") for k in range(3)]
    >>> _unit_kinds(a, b, same, {3}, {3}, rare, frozenset({"lapin"}), False)[1]
    'laitos / oppiaine'
    >>> _unit_kinds(a, b, same, {3}, {3}, rare, frozenset({"lapin"}), True)[1]
    ''
    """
    left_a = [i for i in only_a if a[i] not in STOP_WORDS]
    left_b = [j for j in only_b if b[j] not in STOP_WORDS]
    if firm or len(left_a) != 1 or len(left_b) != 1 or a[left_a[0]] not in UNIT_KINDS or \
            b[left_b[0]] not in UNIT_KINDS:
        return pairs, ""
    named = [a[i] for ia, *_ in pairs for i in ia]
    if not any(rarity(w) >= 0.5 and w not in CONTAINERS and not _is_place(w, places) for w in named):
        return pairs, ""
    i, j = left_a[0], left_b[0]
    return [*pairs, ((i,), (j,), 1.0, "kind")], f"{a[i]} / {b[j]}"


def _typo_share(held: float, share: float) -> float:
    """How much of ``lookalike`` counts when the look-alike word pair holds ``held`` of the two names' weight
    (rarity, as ``words`` weighs them): in full at ``share`` and above, less the less it holds. One letter
    off in the word that tells two firms apart (``ABC Systems Oy`` / ``ABD-Systems Oy``: half the weight) is
    another firm; one letter off in one of many shared words of a long name (``Päijät-Hämeen liitto / liito
    Etelä-Suomen maakuntien EU-yksikkö``: a tenth) is a slip. ``share`` 0: always in full.

    >>> _typo_share(0.6, 0.4), _typo_share(0.1, 0.4), _typo_share(0.1, 0.0)
    (1.0, 0.25, 1.0)
    """
    return 1.0 if share <= 0 else min(1.0, held / share)


def _typos_read_as_same(a: Sequence[str], b: Sequence[str], pairs: list, only_a: set[int], only_b: set[int],
                        rarity, firm: bool = False) -> list:
    """``pairs`` with a typo in a long word read as the same word (similarity 1, ``typo``), when every
    other word of both names is aligned as it is written and at least one is: a word of 10 or more letters
    one slip (:func:`graph_model.orgnames._slip`: a letter dropped, added or changed, or two neighbours
    swapped) from a word the list writes often (``koulutuskeskus``, ``tiedepuisto`` / ``tiedepusito``), or, when neither name is a
    firm's (``firm``), one of :data:`_RARE_SLIP` or more letters one slip from the other however rarely
    either is written (``instituuttisaatio`` / ``instituuttissatio``), or one of 12 or more whose
    spellings differ only in their last four letters, as inflections do (``asukaspalveluiden`` /
    ``asukaspalvelujen``). Two rare words of firms one letter apart stay look-alikes (``PERTEMET`` /
    ``PERTEVET``), and so do short ones (``Juvan`` / ``Juuan``).

    >>> common = lambda w: 0.5 if w == "koulutuskuntayhtyma" else 1.0
    >>> _typos_read_as_same(("sastamalan", "koulutuskuntayhyma"), ("sastamalan", "koulutuskuntayhtyma"),
    ...                     [((0,), (0,), 1.0, "same"), ((1,), (1,), 0.97, "close")], set(), set(), common)[1]
    ((1,), (1,), 1.0, 'typo')
    >>> rare = lambda w: 1.0
    >>> slip = [((0,), (0,), 1.0, "same"), ((1,), (1,), 0.94, "close")]
    >>> [_typos_read_as_same(("pyhajarvi", "instituuttisaatio"), ("pyhajarvi", "instituuttissatio"), slip, set(),
    ...                      set(), rare, firm)[1][3] for firm in (False, True)]
    ['typo', 'close']
    """
    close = [k for k, (_, _, _, how) in enumerate(pairs) if how == "close"]
    if not close or len(close) == len(pairs) or [i for i in only_a if a[i] not in STOP_WORDS] or \
            [j for j in only_b if b[j] not in STOP_WORDS]:
        return pairs
    out = list(pairs)
    for k in close:
        ia, jb, _, _ = pairs[k]
        x, y = a[ia[0]], b[jb[0]]
        if min(len(x), len(y)) >= 10 and _slip(x, y) and \
                (min(rarity(x), rarity(y)) <= _COMMON or not firm and min(len(x), len(y)) >= _RARE_SLIP) or \
                min(len(x), len(y)) >= 12 and len(commonprefix((x, y))) >= max(len(x), len(y)) - 4:
            out[k] = (ia, jb, 1.0, "typo")
        else:
            return pairs  # a look-alike word among them: the name is read as it is
    return out


#: Legal forms of a firm, whose distinctive words are coined names (:func:`_apart` reads the list's spellings
#: of those only).
_FIRM_FORMS = frozenset({"company", "partnership", "cooperative"})
#: How far apart two close spellings count at least (0..1, as two letters in ten) when the list shows
#: neither as the usual one (:func:`_apart`).
_TWO_SPELLINGS = 0.5


def _apart(x: str, y: str, similarity: float, count=None) -> float:
    """How far apart two close spellings are for ``lookalike`` (0..1): by their letters (a fifth of the
    distance), and by what the list says of them (``count``: in how many names each is written). A typo is
    rare next to its right spelling: when one spelling is written in at least three names and twice as
    often as the other, the letters decide. When neither is (both written once: ``POHJANRANTA OY`` /
    ``POHJARANTA OY``; or both several times, differing before their endings: ``PIIROINEN`` /
    ``PIIRONEN``), the list holds two spellings, which is the mark of two names: at least
    :data:`_TWO_SPELLINGS`.

    >>> counts = {"pohjanranta": 1, "pohjaranta": 1, "tiedepuisto": 3, "tiedepusito": 1}.get
    >>> _apart("pohjanranta", "pohjaranta", 0.95, counts), round(_apart("tiedepuisto", "tiedepusito", 0.91, counts), 2)
    (0.5, 0.45)
    """
    letters = min(1.0, (1 - similarity) * 5)
    if count is None:
        return letters
    big, small = sorted((count(x), count(y)), reverse=True)
    if big >= 3 and big >= 2 * small:
        return letters  # one spelling is the list's usual one: the other may be its typo
    stem = len(commonprefix((x, y)))
    if small >= 2 and (stem == min(len(x), len(y)) or min(len(x), len(y)) >= 12 and stem >= max(len(x), len(y)) - 4):
        return letters  # an ending added, or two endings of a long word, both written often: an inflection
    return max(letters, _TWO_SPELLINGS)


#: Nouns that say a body is a company (a compound's last part, folded): a description (``kehitysyhtiö``,
#: ``elinkeinoyhtiö``) when a firm's name with its own legal form has it too.
COMPANY_NOUNS = ("yhtio", "bolag")
#: Words of an area, folded: ``Mikkelin seudun``, ``Tampereen kaupunkiseudun``, ``Lahden alueen``.
AREA_WORDS = ("seudun", "seutukunnan", "alueen")


#: The genitives of :data:`CONTAINERS` (``Helsingin kaupungin nuorisoasiainkeskus``), folded.
_CONTAINER_GENITIVES = ("kaupungin", "kunnan", "yliopiston", "stads", "kommuns", "universitets")


def _parent_head(words: Sequence[str], only: set[int], rarity, places: frozenset[str]) -> bool:
    """Whether the words only one name has are the body that holds the unit the rest names, written before
    it without a separator (``Vaasan yliopisto Levón-instituutti`` / ``Levón-instituutti``, ``Helsingin
    kaupungin nuorisoasiainkeskus``): a run at the head ending in a municipality or university word
    (:data:`CONTAINERS`, or its genitive), places before it; and the unit's own name left is distinctive
    (a word of rarity 0.75 or more that is not a place), as :func:`_parent_part` is for a separate part.

    >>> rare = lambda w: 0.9 if w == "levon" else 0.3
    >>> _parent_head(("vaasan", "yliopisto", "levon", "instituutti"), {0, 1}, rare, frozenset({"vaasan"}))
    True
    >>> _parent_head(("oulun", "kaupunki", "tekninen", "keskus"), {0, 1}, rare, frozenset({"oulun"}))
    False
    """
    run = sorted(only)
    if run != list(range(len(run))) or len(run) == len(words):
        return False
    *head, container = [words[k] for k in run]
    if not (container in CONTAINERS or container.endswith(("yliopisto", "yliopiston")) or
            container in _CONTAINER_GENITIVES):
        return False
    left = words[len(run):]
    return all(_is_place(w, places) for w in head) and \
        any(rarity(w) >= 0.75 and not _is_place(w, places) for w in left)


def _description(words: Sequence[str], only: set[int], rarity, places: frozenset[str], companies: bool = True) -> bool:
    """Whether the words only one name has (``only``, indexes into ``words``) are a description of a firm
    before or after its own name: one run at the head or the tail, ending in a company noun
    (:data:`COMPANY_NOUNS`: ``kehitysyhtiö``), the words before it places, areas, compass points or parts
    of a compound joined by ``ja`` (``elinkeino- ja kehitysyhtiö``); and the firm's own name left is
    distinctive (a word of rarity 0.5 or more that is not a place). Only between two companies
    (``companies``): a body of another form says what it is in its own words.

    >>> rare = lambda w: 0.2 if w in ("kuljetus", "seudun") else 0.9
    >>> _description(("mikkelin", "seudun", "elinkeinoyhtio", "miset"), {0, 1, 2}, rare, frozenset({"mikkelin"}))
    True
    >>> _description(("kuljetus", "kovalainen"), {0}, rare, frozenset())
    False
    """
    run = sorted(only)
    if not companies or run != list(range(run[0], run[-1] + 1)) or (run[0] != 0 and run[-1] != len(words) - 1):
        return False
    *head, noun = [words[k] for k in run]
    left = [w for k, w in enumerate(words) if k not in only]
    if not noun.endswith(COMPANY_NOUNS) or not any(rarity(w) >= 0.5 and not _is_place(w, places) for w in left):
        return False
    return all(w in STOP_WORDS or w in DIRECTIONS or w.endswith(AREA_WORDS) or _is_place(w, places)
               or k + 1 < len(head) and head[k + 1] in STOP_WORDS for k, w in enumerate(head))


class _Counted:
    """A count function read as a mapping (``vocabulary[word]``), as :func:`~graph_model.orgnames._spellings`
    reads the list's words."""

    def __init__(self, count):
        self.count = count

    def __getitem__(self, word: str) -> int:
        return self.count(word)


def _own_acronym(word: str, words: Sequence[str], count) -> bool:
    """Whether ``word`` (3 to 6 letters) is spelt by a run of two or more of the name's other ``words``,
    each by its first letter or two, or by its compound parts that the list writes as words
    (:func:`~graph_model.orgnames._spellings`: ``ammattikorkeakoulu``: ``amk``), function words skipped:
    ``posek`` of ``porin seudun kehittamiskeskus``, ``thl`` of ``terveyden ja hyvinvoinnin laitos``.

    >>> _own_acronym("posek", ("porin", "seudun", "kehittamiskeskus"), lambda w: 0)
    True
    >>> _own_acronym("vamk", ("vaasan", "ammattikorkeakoulu"), {"ammatti": 9, "korkeakoulu": 9}.get)
    True
    >>> _own_acronym("saga", ("savon", "ammattikorkeakoulu"), lambda w: 0)
    False
    """
    if not 3 <= len(word) <= 6 or not word.isalpha():
        return False
    vocabulary = _Counted(lambda w: count(w) or 0)
    for start in range(len(words)):
        states = {("", 0)}  # the letters spelt so far, and by how many words
        for w in words[start:]:
            if w in STOP_WORDS:
                continue
            if not w.isalpha():
                break
            ways = {w[0], w[:2]} | set(_spellings(w, vocabulary))
            states = {(s + t, n + 1) for s, n in states for t in ways if word.startswith(s + t)}
            if not states:
                break
            if any(s == word and n >= 2 for s, n in states):
                return True
    return False


def _housing_clash(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether one name is a housing or property company and the other a body of another legal form:
    ``Kiinteistö Oy Siimet`` owns a building and is never ``Siimet Oy``, the firm it is named after."""
    return bool(a and b) and ("housing company" in a) != ("housing company" in b)


def _abbreviated(name: ParsedName, acronyms: dict) -> bool:
    """Whether a word of ``name`` is one of the ``acronyms`` or its genitive (``elyn``)."""
    return any(w in acronyms or w[-1:] == "n" and w[:-1] in acronyms for w in name.words)


def _expanded(name: ParsedName, other: ParsedName, acronyms: dict) -> ParsedName:
    """``name`` with the acronyms whose expansion ``other`` writes out expanded, part by part, when then
    every word of ``name`` has its like in ``other``: an acronym stands for words of the other name only
    when it is all that differs (``TSP Asennus`` is not ``Turku Science Park``, nor ``KSK Asennus``
    ``Koillis-Savon Kehitys``)."""
    theirs = (*other.words, *(w for n in other.notes for w in n.split()))
    parts = tuple(expand_acronyms(part, acronyms, other=theirs) for part in name.parts)
    if parts == name.parts:
        return name
    wide = replace(name, parts=parts)
    _, left, _ = _align(wide.words, theirs, name.cut or other.cut)
    return wide if not [k for k in left if wide.words[k] not in STOP_WORDS] else name


def _parent_part(name: ParsedName, lost: list) -> bool:
    """Whether the one part of ``name`` lost is a body that holds units: a joint municipal authority by
    its legal form, or a municipality, region or university by its last word (:data:`CONTAINERS`)."""
    if len(lost) != 1 or lost[0] not in name.parts:
        return False
    k = name.parts.index(lost[0])
    forms = name.part_forms[k] if k < len(name.part_forms) else frozenset()
    return "joint municipal authority" in forms or lost[0][-1] in CONTAINERS


def _region_clash(a: Sequence[str], b: Sequence[str], pairs: list) -> bool:
    """Whether an aligned word has a different region prefix before it on each side, or one on one side
    only: ``keski pohjanmaan`` / ``pohjanmaan``, ``pohjois savon`` / ``etela savon``, ``paijat hameen`` /
    ``hameen`` (a direction word of :data:`DIRECTIONS`, or the first part of a hyphenated place of the
    gazetteer whose last part the word is: :func:`_region_prefix`).

    >>> _region_clash(("paijat", "hameen", "liikunta"), ("hameen", "liikunta"), [((1,), (0,), 1.0, "same")])
    True
    """
    for ia, jb, _, _ in pairs:
        before_a = a[ia[0] - 1] if ia[0] > 0 and _region_prefix(a[ia[0] - 1], a[ia[0]]) else None
        before_b = b[jb[0] - 1] if jb[0] > 0 and _region_prefix(b[jb[0] - 1], b[jb[0]]) else None
        if before_a != before_b and a[ia[0]] not in DIRECTIONS:
            return True
    return False


@lru_cache(maxsize=1 << 14)
def _region_prefix(before: str, word: str) -> bool:
    """Whether ``before word`` is a region written with a prefix: a direction word (:data:`DIRECTIONS`),
    or the first part of a hyphenated place of the gazetteer (``Päijät-Häme``, ``Kanta-Häme``,
    ``Varsinais-Suomi``, ``Kemi-Tornio``) whose last part ``word`` is, inflected (``hameen``, ``suomen``).

    >>> _region_prefix("paijat", "hameen"), _region_prefix("kanta", "hameen"), _region_prefix("auto", "hameen")
    (True, True, False)
    """
    if before in DIRECTIONS:
        return True
    return any(before in firsts and word.startswith(last[:-1] if len(last) <= 4 else last[:-2])
               for last, firsts in region_prefixes().items())


def _locative_tail(words: Sequence[str], unaligned: set[int]) -> set[int]:
    """The indexes of the words of a locative tail: a preposition of :data:`LOCATIVE`
    after the first word, and up to two words after it, none of them aligned (``liberalerna pa aland``)."""
    for k in range(1, len(words) - 1):
        if words[k] in LOCATIVE and len(words) - k <= 3 and set(range(k, len(words))) <= unaligned:
            return set(range(k, len(words)))
    return set()


def _is_place(word: str, places: frozenset[str]) -> bool:
    """Whether ``word`` names a municipality of the gazetteer, as it is or in the nominative of a genitive
    there (``pori``/``porin``, ``seinajoki``/``seinajoen``, ``helsinki``/``helsingin``)."""
    if word in places or word + "n" in places:
        return True
    return len(word) >= 4 and any(g.startswith(word[:-2]) and abs(len(g) - len(word)) <= 1
                                  for g in places if g.endswith("n") and g[:2] == word[:2])


def _lost_parts(parts: Sequence[Sequence[str]], aligned: set[int]) -> list[Sequence[str]]:
    """The parts, of a name of several, that have no aligned word."""
    if len(parts) < 2:
        return []
    out, start = [], 0
    for part in parts:
        if not aligned & set(range(start, start + len(part))):
            out.append(part)
        start += len(part)
    return out
