"""The suite runs from a bare clone: no test reads the team's shared data folder beside the checkout.

The real files tests need are copied (or cut) into tests/data/ with a README each; ``.ci/run`` runs the
whole suite from a fresh clone that has nothing beside it, and this check names the offending file sooner.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).parent
FORBIDDEN = ("shared" + "_data(", "../" + "shared", "shared" + "/data", "STRATGRAPH_SHARED" + "_DATA")


@pytest.mark.parametrize("path", sorted(TESTS.rglob("*.py")), ids=lambda p: str(p.relative_to(TESTS)))
def test_no_test_reads_the_shared_data_folder(path):
    text = path.read_text(encoding="utf-8")
    assert not [word for word in FORBIDDEN if word in text], f"{path} reads shared data; copy it to tests/data/"


def test_every_data_folder_says_where_its_files_came_from():
    folders = [p for p in (TESTS / "data").iterdir() if p.is_dir()]
    assert folders and (TESTS / "data" / "README.md").is_file()
    listed = (TESTS / "data" / "README.md").read_text(encoding="utf-8")
    for folder in folders:
        assert f"{folder.name}/" in listed, f"tests/data/README.md does not list {folder.name}/"
        assert (folder / "README.md").is_file(), f"{folder} has no README"
