"""bench/reference.json holds the headline figures: the README's table is generated from it, and every
figure is checked by the bench that measures it (``against_reference`` with its name)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_common", ROOT / "bench" / "_common.py")
common = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(common)
REFERENCES = common.load_reference()


def test_readme_table_is_the_reference_file():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.search(r"<!-- benchmark table:.*?-->\n(.*?)\n<!-- end of benchmark table -->", readme, re.S)
    assert table, "README.md has no generated benchmark table"
    assert table.group(1) == common.reference_table(REFERENCES), \
        "README's benchmark table differs from bench/reference.json: paste bench/_common.py reference_table()"


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_every_figure_is_checked_by_its_bench(name):
    ref = REFERENCES[name]
    script = ROOT / ref["bench"].split()[0]
    assert script.is_file(), f"{name}: no {script}"
    assert f'against_reference("{name}"' in script.read_text(encoding="utf-8"), \
        f"{script.name} does not compare {name} with the reference"
    assert ref["better"] in ("higher", "lower") and ref["value"] > 0 and ref["unit"] and ref["measured"]


def test_the_guard_warns_below_four_fifths():
    refs = {"x": {"value": 10.0, "better": "lower", "unit": "s", "figure": "x"}}
    assert "WARNING" not in common.against_reference("x", 12.0, refs)  # 0.83 of the reference
    assert "WARNING" in common.against_reference("x", 12.6, refs)  # 0.79
    assert "ok=True" in common.against_reference("x", 9.0, refs)
