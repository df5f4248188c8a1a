"""Follow-up data that cannot be followed up is refused at ingest, every problem located, nothing stored."""

from __future__ import annotations

import pytest

from ingest.pipeline import ingest
from ingest.problems import InvalidInput

STRATEGY = {
    "strategies": [["id", "label_fi"], ["S1", "Strategia 1"], ["S2", "Strategia 2"]],
    "goals": [["id", "label_fi", "part_of"], ["G1", "Tavoite 1", "S1"], ["G2", "Tavoite 2", "S1"],
              ["N1", "Uusi 1", "S2"], ["N2", "Uusi 2", "S2"]],
    "metrics": [["id", "label_fi", "baseline", "baseline_year", "target", "target_year", "direction", "measures"],
                ["M1", "Mittari 1", "10", "2020", "20", "2025", "increase", "G1"],
                ["M2", "Mittari 2", "10", "2020", "20", "2025", "decrease", "G1"]],
    "observations": [["id", "label_fi", "year", "value", "observation_of"],
                     ["O1", "H1", "2019", "9", "M1"],
                     ["O2", "H2", "2021", "11", "M1"],
                     ["O3", "H3", "2021", "12", "M1"],
                     ["O4", "H4", "2022", "kymmenen", "M1"]],
    "relationships": [["source_id", "relation", "target_id", "start_date", "end_date", "role", "note"],
                      ["N1", "continues", "G1", "", "", "", ""],
                      ["N2", "merges", "N1", "", "", "", ""],
                      ["G1", "replaces", "N2", "", "", "", ""]],
}


def test_every_followup_problem_is_located(make_input, store):
    with pytest.raises(InvalidInput) as caught:
        ingest(make_input(STRATEGY), store)
    assert store.sources() == []
    found = {(p.rule, p.file, p.row, p.column) for p in caught.value.problems}
    assert ("observation-before-baseline", "observations.csv", 2, "year") in found
    assert ("duplicate-observation", "observations.csv", 4, "year") in found
    assert ("target-wrong-side", "metrics.csv", 3, "target") in found
    assert ("crosswalk-same-strategy", "relationships.csv", 3, "target_id") in found
    assert any(rule == "crosswalk-cycle" for rule, *_ in found)
    assert any(p.file == "observations.csv" and p.row == 5 and p.column == "value" for p in caught.value.problems)


def test_a_clean_crosswalk_lands(make_input, store):
    good = {**STRATEGY, "observations": STRATEGY["observations"][:1] + [["O2", "H2", "2021", "11", "M1"]],
            "metrics": STRATEGY["metrics"][:2],
            "relationships": STRATEGY["relationships"][:2]}
    assert ingest(make_input(good), store).status == "stored"
