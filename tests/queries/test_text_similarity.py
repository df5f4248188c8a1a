"""Word similarity: shared rare terms, each text divided by only part of its length, long texts in full."""

from __future__ import annotations

import random

import numpy as np
import pytest

from queries.text_analysis import load_analyser
from queries.text_similarity import NORM_POWER, Feedback, TextIndex

#: Filler titles, so that the words of the tests are rare (as in a real project list).
_FILLER = ["Matkailun kehittäminen Lapissa", "Koulutus ja työllisyys", "Yrityksen investoinnit", "Kylien verkosto",
           "Kulttuuri ja tapahtumat", "Metsäalan osaaminen", "Vesihuollon saneeraus", "Nuorten työpajat",
           "Kalatalouden neuvonta", "Tieverkon parantaminen", "Digitaaliset palvelut", "Hyvinvointi ja liikunta"] * 3


def _index(texts: list[str], **options) -> TextIndex:
    texts = texts + _FILLER
    return TextIndex.build([f"d{i}" for i in range(len(texts))], texts, load_analyser("plain"), **options)


def _ranked(index: TextIndex, text: str, among: int) -> list[str]:
    sims = index.similarities(text=text)[:among]
    return [index.ids[i] for i in np.argsort(-sims, kind="stable")]


def test_a_title_sharing_two_rare_words_outranks_a_one_word_title_sharing_one():
    texts = ["pumppu", "lämpö pumppu asennus kiinteistö huolto"]
    query = "lämpö pumppu hankinta"
    assert _ranked(_index(texts), query, 2) == ["d1", "d0"]
    assert _ranked(_index(texts, norm_power=1.0), query, 2) == ["d0", "d1"]  # a cosine prefers the one word


def test_a_long_description_does_not_match_everything():
    rng = random.Random(5)
    long = " ".join(["lämpö", "pumppu"] + [f"sana{rng.randrange(10_000)}" for _ in range(2_000)])
    assert _ranked(_index(["lämpö pumppu", long]), "lämpö pumppu", 2) == ["d0", "d1"]


def test_scores_are_symmetric_and_between_zero_and_one():
    rng = random.Random(11)
    vocabulary = [f"sana{i}" for i in range(40)]
    texts = [" ".join(rng.choices(vocabulary, k=rng.randint(1, 12))) for _ in range(60)] + [" ".join(vocabulary * 50)]
    index = _index(texts)
    block = index.block(slice(None))
    assert np.allclose(block, block.T, atol=1e-6)
    assert block.min() >= 0.0 and block.max() <= 1.0 + 1e-6
    rows, cols = np.nonzero(block)
    assert np.allclose(index.pair_similarities(rows, cols), block[rows, cols], atol=1e-6)


@pytest.mark.parametrize("power", [0.0, NORM_POWER, 1.0])
def test_identical_texts_score_highest_however_long_the_text_is_normalised(power):
    index = _index(["lämpö pumppu asennus", "lämpö pumppu", "pumppu"], norm_power=power)
    assert _ranked(index, "lämpö pumppu asennus", 3)[0] == "d0"


def test_tfidf_stays_a_cosine():
    index = _index(["ilmasto", "ilmasto"], weighting="tfidf")
    assert index.pair_similarities(np.array([0]), np.array([1])).tolist() == pytest.approx([1.0])


# -- pseudo-relevance feedback ------------------------------------------------------------------------

CRUISES = ["Tervasaaren risteily", "risteily ja veneristeily", "veneristeily Perämerellä", "koulun ruoka",
           "koulun ruokahävikki"]


@pytest.fixture(scope="module")
def cruises() -> TextIndex:
    return TextIndex.build([f"d{i}" for i in range(len(CRUISES))], CRUISES, analyser=load_analyser("simplemma"))


def test_feedback_adds_the_best_matches_terms_and_never_the_excluded_rows(cruises):
    plain = cruises.similarities(row=0).astype(np.float64)
    sims, terms = cruises.expanded(cruises.vectors[0], plain, Feedback(docs=1), exclude=0)
    assert sims[2] > plain[2] and sims[3] == sims[4] == 0.0  # the boat cruise reached, school food not
    assert "veneristeily" in terms and "risteily" not in terms  # the query's own term is no feedback term
    alone = np.where(np.arange(len(plain)) == 0, plain, 0.0)  # only the query itself scores: no feedback
    assert cruises.expanded(cruises.vectors[0], alone, Feedback(), exclude=0) == (None, [])


def test_more_feedback_weight_moves_further_from_the_query(cruises):
    plain = cruises.similarities(row=0).astype(np.float64)
    light, _ = cruises.expanded(cruises.vectors[0], plain, Feedback(docs=1, weight=0.1), exclude=0)
    heavy, _ = cruises.expanded(cruises.vectors[0], plain, Feedback(docs=1, weight=1.0), exclude=0)
    assert light[0] > heavy[0] and light[2] < heavy[2]


def test_no_feedback_without_sparse_word_vectors():
    empty = TextIndex.build(["a", "b"], ["", ""])
    assert empty.expanded(None, np.array([1.0, 0.0]), Feedback()) == (None, [])


# -- coordination (issue 21, seventh round) ------------------------------------------------------------------
def test_coordination_lowers_a_title_sharing_only_the_generic_half_of_a_query():
    texts = ["vanhusten kotihoito uusi malli", "uusi malli", "vanhusten kotihoito"] + [
        f"uusi malli {topic}" for topic in ("kouluille", "kylille", "sahoille", "satamille", "tiloille")]
    plain, coordinated = _index(texts).similarities(row=0), _index(texts, coordination=1.0).similarities(row=0)
    assert coordinated[0] == pytest.approx(plain[0], abs=1e-6)  # a text holds all of its own weight
    assert coordinated[1] / plain[1] < coordinated[2] / plain[2] < 1  # "uusi malli": the lighter share


@pytest.mark.parametrize("coordination", [0.0, 0.25, 1.0])
def test_every_path_gives_the_same_coordinated_similarities(coordination):
    index = _index(["vanhusten kotihoidon uusi toimintamalli", "uusi toimintamalli", "vanhusten kotihoito",
                    "kotihoito ja vanhusten palvelut"], coordination=coordination)
    rows, cols = np.repeat(np.arange(4), 4), np.tile(np.arange(4), 4)
    block = index.block(np.arange(4))[:, :4]
    assert np.allclose(index.pair_similarities(rows, cols).reshape(4, 4), block, atol=1e-6)
    assert np.allclose([index.similarities(row=r)[:4] for r in range(4)], block, atol=1e-6)
    assert np.allclose(index.similarities(text="vanhusten kotihoidon uusi toimintamalli"), index.similarities(row=0),
                       atol=1e-6)


def test_coordination_makes_the_score_depend_on_which_text_asks():
    index = _index(["vanhusten kotihoidon uusi toimintamalli", "uusi toimintamalli"], coordination=1.0)
    assert index.similarities(row=1)[0] > index.similarities(row=0)[1]  # "b" holds all of its weight in "a"


def test_character_n_grams_are_not_coordinated():
    index = TextIndex.build(["a", "b"], ["kotihoito", "kotihoidon malli"], load_analyser("ngram"), weighting="tfidf",
                            coordination=1.0)
    assert index.coordination == 0.0
