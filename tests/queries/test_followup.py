"""Follow-up on the example city: statuses computed by hand from examples/rovaniemi/*.csv.

metrics.csv gives baseline (year), target (year) and direction, observations.csv the values; progress =
(latest - baseline) / (target - baseline), expected = (latest year - baseline year) / (target year -
baseline year), gap = expected - progress against 0.10 / 0.25.
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from queries.followup import DatedEdges, Thresholds, followup, metric_followups, metric_progress, read_dated
from queries.followup.crosswalk import crosswalk
from queries.followup.progress import Note
from queries.projection import GraphData
from ontologies.errors import NotFoundError, UsageError

AS_OF = datetime.date(2025, 6, 30)

# metric: (status, progress, expected), by hand
BY_HAND = {
    "M-VAKILUKU": ("behind", (65590 - 63528) / (67000 - 63528), 4 / 5),            # 0.594 vs 0.8
    "M-TYOTTOMYYS": ("off_track", (11.0 - 13.9) / (8 - 13.9), 4 / 5),              # 0.492 vs 0.8
    "M-YOPYMISET": ("on_track", 1.0, 5 / 6),                                       # 905000 > target: clamped
    "M-PAASTOT": ("on_track", (376000 - 462000) / (231000 - 462000), 4 / 11),      # 0.372 vs 0.364
    "M-KIERRATYSASTE": ("behind", (44 - 38) / (55 - 38), 3 / 5),                   # 0.353 vs 0.6
    "M-RUOKAHAVIKKI": ("on_track", (19 - 25) / (15 - 25), 2 / 3),                  # 0.6 vs 0.667
    "M-SAIRAUSPOISSAOLOT": ("off_track", 0.0, 3 / 5),                               # 14.9 worse than 14.2
    "M-NETTOMUUTTO": ("no_target", None, None),
    "M-VUOSIKATE": ("no_target", None, None),
    "M-VARHAISKASVATUS": ("no_data", None, None),
    "M-STF": ("no_data", None, None),
}


@pytest.fixture(scope="module")
def card(example_city):
    store, graph = example_city
    return {g.goal: g for g in followup(graph, read_dated(store), as_of=AS_OF)}


@pytest.mark.parametrize("metric", sorted(BY_HAND))
def test_metric_status_by_hand(example_city, metric):
    status, progress, expected = BY_HAND[metric]
    got = metric_followups(example_city[1], AS_OF.year)[metric]
    assert got.status == status
    assert got.progress == (pytest.approx(progress) if progress is not None else None)
    assert got.expected_progress == (pytest.approx(expected) if expected is not None else None)


def test_goal_rollup_by_hand(card):
    assert card["G2"].status == "off_track" and card["G2"].progress == pytest.approx(2.9 / 5.9)
    # G11.2: mean of recycling (0.353 vs 0.6) and food waste (0.6 vs 0.667)
    assert card["G11.2"].progress == pytest.approx(((6 / 17) + 0.6) / 2)
    assert card["G11.2"].status == "behind"
    # G11: its own M-PAASTOT, sub-goals G11.1 (M-PAASTOT again) and G11.2; G11.3 has no metric
    own = (376000 - 462000) / (231000 - 462000)
    assert card["G11"].progress == pytest.approx((own + own + ((6 / 17) + 0.6) / 2) / 3)
    assert card["G11"].items == 3 and card["G11"].status == "on_track"
    assert card["G4"].status == "no_metric" and card["G12"].status == "no_data"
    assert "weighted means" in card["G1"].rule


def test_off_track_silo_goal_is_called_out(card):
    assert [g for g, c in card.items() if c.needs_cross_sector_help] == ["G13"]
    assert card["G13"].sectors == {"SEC-KOHA": 1}
    assert any("moved away from the target" in w for w in card["G13"].warnings)


def test_owner_projects_and_gaps(card):
    assert card["G1"].owners[0]["id"] == "R-KAUPUNGINJOHTAJA" and card["G1"].owners[0]["persons"]
    assert {"goal_without_metric", "goal_without_owner"} <= set(card["G4"].gaps)
    assert all(p["status"] for p in card["G11"].projects) and card["G11"].budget > 0


def test_owner_as_of_a_date():
    graph = GraphData(types={"G": "Goal", "R": "Role", "A": "Person", "B": "Person"},
                      labels={"A": {"fi": "Henkilö A"}, "B": {"fi": "Henkilö B"}},
                      edges={"responsible": [("G", "R")], "held_by": [("R", "A"), ("R", "B")]})
    dated = DatedEdges()
    dated.periods[("R", "held_by", "A")].append((datetime.date(2020, 1, 1), datetime.date(2023, 12, 31)))
    dated.periods[("R", "held_by", "B")].append((datetime.date(2024, 1, 1), None))
    then = followup(graph, dated, as_of=datetime.date(2022, 5, 1))[0]
    now = followup(graph, dated, as_of=datetime.date(2025, 5, 1))[0]
    assert then.owners[0]["persons"] == ["Henkilö A"] and now.owners[0]["persons"] == ["Henkilö B"]


def test_as_of_drops_later_observations(example_city):
    early = metric_followups(example_city[1], 2022)["M-VAKILUKU"]
    assert early.latest_year == 2022 and early.observations == 2


@pytest.mark.parametrize("kwargs, status", [
    (dict(target=None), "no_target"), (dict(baseline=None), "no_baseline"), (dict(direction=None), "no_direction"),
    (dict(direction="sideways"), "no_direction"), (dict(observations=[(2021, 11)]), "no_data"),
])
def test_explicit_statuses(kwargs, status):
    base = dict(baseline=10, baseline_year=2020, target=20, target_year=2030, direction="increase",
                observations=[(2021, 11), (2022, 12)])
    assert metric_progress("M", **{**base, **kwargs}).status == status


def test_thresholds_are_configurable():
    args = dict(baseline=0, baseline_year=2020, target=10, target_year=2030, direction="increase",
                observations=[(2022, 1), (2025, 3)])
    assert metric_progress("M", **args).status == "behind"                          # gap 0.2
    assert metric_progress("M", **args, thresholds=Thresholds(behind=0.2)).status == "on_track"
    with pytest.raises(UsageError):
        Thresholds(behind=0.5, off_track=0.1)


def test_duplicate_year_is_warned_not_silent():
    p = metric_progress("M", baseline=0, baseline_year=2020, target=10, target_year=2030, direction="increase",
                        observations=[(2021, 1), (2021, 2), (2022, 2)])
    assert any("two observations for 2021" in w for w in p.warnings)


@pytest.mark.parametrize("kwargs, codes", [
    ({}, ("measured_misses", ["stale", "moved_away", "after_target_year"])),
    ({"target": 5}, ("measured_misses", ["stale", "target_wrong_side", "after_target_year"])),
    ({"target": None}, ("no_target", [])),
    ({"observations": [(2021, 1)]}, ("no_data", [])),
])
def test_reason_and_warnings_are_data_that_word_the_english_text(kwargs, codes):
    base = dict(baseline=10, baseline_year=2020, target=20, target_year=2022, direction="increase",
                observations=[(2023, 9), (2024, 8)], as_of_year=2030)
    p = metric_progress("M", **{**base, **kwargs})
    row = p.as_dict()
    assert (row["reason_code"], [w["code"] for w in row["warning_codes"]]) == codes
    assert Note(row["reason_code"], row["reason_facts"]).text() == p.reason == row["reason"] and p.reason
    assert [Note(w["code"], w["facts"]).text() for w in row["warning_codes"]] == list(p.warnings) == row["warnings"]
    assert set(row) - set(p.as_row()) == {"reason_code", "reason_facts", "warning_codes"}


@given(baseline=st.floats(-1e6, 1e6), target=st.floats(-1e6, 1e6), value=st.floats(-1e6, 1e6),
       year=st.integers(2021, 2040), direction=st.sampled_from(["increase", "decrease", "maintain"]))
def test_progress_is_on_the_common_scale(baseline, target, value, year, direction):
    p = metric_progress("M", baseline=baseline, baseline_year=2020, target=target, target_year=2030,
                        direction=direction, observations=[(2020, baseline), (year, value)])
    assert p.status in ("on_track", "behind", "off_track")
    assert 0 <= p.progress <= 1 and 0 <= p.expected_progress <= 1


def test_crosswalk_of_the_example(example_city):
    walk = crosswalk(example_city[1], "S-2021", "S-2026")
    outcome = {g["goal"]: g["outcome"] for g in walk.old_goals}
    assert outcome["G11"] == "continued" and outcome["G9"] == "replaced" and outcome["G1"] == "merged"
    assert outcome["G11.2"] == "carried_with_parent"
    assert [g for g, o in outcome.items() if o == "dropped"] == ["G8", "G10", "G10.1", "G12", "G13"]
    assert [p["id"] for p in walk.orphan_projects] == ["P-HENKILOSTO", "P-KYLAT"]
    assert [m["id"] for m in walk.orphan_metrics] == ["M-LAINAKANTA", "M-SAIRAUSPOISSAOLOT", "M-VUOSIKATE"]
    new = {g["goal"]: g for g in walk.new_goals}
    assert new["N6"]["missing"] == ["project", "metric", "owner"] and new["N3"]["missing"] == ["owner"]
    assert "P-HNR" in new["N4"]["projects"] and new["N4"]["budget"] > 0


def test_crosswalk_refuses_unknown_or_same_strategy(example_city):
    with pytest.raises(NotFoundError, match="S-2021"):
        crosswalk(example_city[1], "S-1999", "S-2026")
    with pytest.raises(UsageError):
        crosswalk(example_city[1], "S-2021", "S-2021")
