"""The link-suggestion bench: both development splits by default, and the learned ranker and the other score
families it measures.

The data are written in the CORDIS files' format by :func:`ingest.cordis.write_sample`: a seeded network
of 90 organisations of four kinds in three communities, with projects every year from 2012 to 2015.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from bench.linkpred import DEVELOPMENT_SPLITS, MAX_PARTICIPANTS, main, make_split, ours, training_graph
from bench.linkpred_families import FAMILIES, family_inputs, family_pairs, without_evidence
from bench.linkpred_learned import FEATURES, fit_link_model, learned_ranking
from ingest.cordis import read_cordis, write_sample

KINDS = ("HES", "PRC", "REC", "PUB")


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    """Projects of 3-5 members drawn from one of three communities of 30 organisations each."""
    rng = random.Random(7)
    rows, rcn = [], 0
    for year in (2012, 2013, 2014, 2015):
        for _ in range(25):
            rcn += 1
            community = rng.randrange(3)
            members = rng.sample(range(30 * community, 30 * community + 30), rng.randint(3, 5))
            for n, org in enumerate(members):
                rows.append([str(rcn), "coordinator" if n == 0 else "participant", str(900 + org),
                             KINDS[org % 4], str(year)])
    return read_cordis(write_sample(tmp_path_factory.mktemp("cordis"), rows, [[str(r), "SC5"] for r in
                                                                                   range(1, rcn + 1)]))


def test_the_model_learns_from_the_training_years_only_and_names_its_features(network):
    model = fit_link_model(training_graph(network, 2014), "stakeholder")
    assert model is not None and model.names[:len(FEATURES)] == list(FEATURES)
    assert "2014-01-01..2014-01-01" in model.trained_on  # labels: the latest training year, never 2015
    values = np.random.default_rng(0).random((5, len(model.names)))
    assert len(model.coef) == len(model.names)  # every weight belongs to a named feature
    assert np.allclose(model.contributions(values).sum(axis=1) + model.intercept, model.scores(values))


def test_learned_suggestions_share_a_partner_and_are_new_cross_sector_pairs(network):
    split = make_split(network, 2014, 2015)
    pairs, described = learned_ranking(training_graph(network, 2014), split.cg, 50, cross=True)
    assert pairs and described.startswith("learned (logistic regression over")
    ww, together = (split.cg.works_with > 0).tocsr(), split.cg.together.tocsr()
    for a, b in pairs:
        assert ww[a].multiply(ww[b]).nnz > 0 and together[a, b] == 0
        assert split.cg.sectors[a] != split.cg.sectors[b]


def test_too_small_a_store_does_not_learn(tmp_path):
    rows = [["1", "coordinator", "901", "HES", "2015"], ["1", "participant", "902", "PRC", "2015"]]
    assert fit_link_model(training_graph(read_cordis(write_sample(tmp_path, rows, [])), 2015), "stakeholder") is None


def test_the_bench_reports_both_development_splits_and_the_learned_ranker(network, monkeypatch, capsys):
    monkeypatch.setattr("bench.linkpred.read_cordis", lambda folder: network)
    monkeypatch.setattr("bench.linkpred.DEVELOPMENT_SPLITS", ((2013, 2014), (2014, 2015)))
    main(["--data", ".", "--learned"])
    out = capsys.readouterr().out
    for train, truth in ((2013, 2014), (2014, 2015)):
        assert "seconds=" in out and f"train_until={train} truth_until={truth}\n" in out  # the ratio lines
        assert f"name=linkpred_learned train_until={train} truth_until={truth} " in out
        assert f"name=linkpred_aa train_until={train} truth_until={truth} " in out
    ratios = [line for line in out.splitlines() if line.startswith("RESULT name=linkpred_learned_ratio")]
    assert len(ratios) == 2 and all(np.isfinite(float(line.split("p1000_cross=")[1].split()[0])) for line in ratios)
    assert DEVELOPMENT_SPLITS == ((2014, 2016), (2015, 2017))


def test_the_bench_wants_both_years_or_neither():
    with pytest.raises(SystemExit):
        main(["--train-until", "2015"])


@pytest.fixture(scope="module")
def families(network):
    """The split 2014 / 2015 of the network and the inputs of every score family."""
    split = make_split(network, 2014, 2015)
    return split, family_inputs(network, split, 2014, MAX_PARTICIPANTS)


def test_the_families_ours_is_links_scorer(families):
    split, fi = families
    from queries.links import LinkParams

    assert family_pairs(FAMILIES["ours"](fi), fi, 30, cross=True) == ours(split, 30, True, LinkParams.collaboration())


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_every_family_suggests_new_cross_sector_pairs_with_evidence(families, name):
    split, fi = families
    scores = FAMILIES[name](fi)
    assert scores.shape == (len(split.cg.entities),) * 2 and np.allclose(scores, scores.T) and (scores >= 0).all()
    pairs = family_pairs(scores, fi, 40, cross=True)
    assert pairs and without_evidence(fi, pairs) == 0
    together = split.cg.together.tocsr()
    for a, b in pairs:
        assert a < b and together[a, b] == 0 and split.cg.sectors[a] != split.cg.sectors[b]
    ranked = [scores[a, b] for a, b in pairs]
    assert ranked == sorted(ranked, reverse=True)


def test_a_pair_without_a_partner_or_path_has_no_evidence(families):
    split, fi = families
    first, last = 0, len(split.cg.entities) - 1  # organisations 900 and 989: two communities apart
    assert without_evidence(fi, [(first, last)]) == 1 and without_evidence(fi, []) == 0


def test_the_bench_reports_every_family_on_both_splits(network, monkeypatch, capsys):
    monkeypatch.setattr("bench.linkpred.read_cordis", lambda folder: network)
    monkeypatch.setattr("bench.linkpred.DEVELOPMENT_SPLITS", ((2013, 2014), (2014, 2015)))
    main(["--data", ".", "--families"])
    out = capsys.readouterr().out
    for train, truth in ((2013, 2014), (2014, 2015)):
        for name in FAMILIES:
            assert f"name=linkpred_family family={name} train_until={train} truth_until={truth} " in out
