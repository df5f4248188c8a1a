"""The README shows what the tool prints today: every shown output marked ``<!-- output: ARGS -->`` is
run on the example city and compared, allowing for what varies (issue 22 item 17).

A marked block is a table as the command prints it, abridged: every shown row (keyed by its first
cell) must be in the real output with the same cells, a shown cell may be cut short (a narrow column),
and wrapped lines are joined. ``<!-- output: ARGS | ids -->`` compares the ids in the first column
only, in their order (for rankings whose scores move when the ranker is tuned). ``<!-- output: ARGS |
lines -->`` is plain text: every shown line (but the ``$ command`` line) must be a line of the output,
allowing for a different time (``in 0.7 s``). Commands run from the repository's root, as a reader would.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from stratgraph.cli import cli

README = Path(__file__).resolve().parent.parent.parent / "README.md"
_MARK = re.compile(r"<!-- output: (.+?)(?: \| (ids|lines))? -->\s*```[a-z]*\n(.*?)```", re.S)


def shown_outputs() -> list[tuple[str, str | None, str]]:
    return [(m.group(1), m.group(2), m.group(3)) for m in _MARK.finditer(README.read_text(encoding="utf-8"))]


def table_rows(text: str) -> list[list[str]]:
    """The body rows of every box table in ``text`` (wrapped lines joined, cells stripped)."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if rows and not cells[0] and len(cells) == len(rows[-1]):
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells)]
        else:
            rows.append(cells)
    return rows


def test_the_readme_marks_its_shown_outputs():
    assert len(shown_outputs()) >= 3


@pytest.mark.parametrize("args, mode, shown", shown_outputs(), ids=lambda v: str(v)[:40] if v else "")
def test_a_shown_output_is_what_the_command_prints(example_db, monkeypatch, args, mode, shown):
    monkeypatch.chdir(README.parent)
    result = CliRunner(env={"COLUMNS": "250"}).invoke(cli, ["--db", str(example_db), *shlex.split(args)])
    assert result.exit_code == 0, result.output
    if mode == "lines":
        printed = result.stdout.splitlines()
        for line in (x for x in shown.splitlines() if x.strip() and not x.startswith("$ ")):
            pattern = r"[\d.]+".join(map(re.escape, re.split(r"(?<=in )[\d.]+(?= s$)", line)))  # any time
            assert any(re.fullmatch(pattern, x) for x in printed), f"{line!r} is not printed by `stratgraph {args}`"
        return
    actual = table_rows(result.stdout)
    expected = table_rows(shown)
    assert expected, "the shown output holds no table"
    if mode == "ids":
        assert [row[0] for row in actual][:len(expected)] == [row[0] for row in expected]
        return
    squeeze = lambda s: " ".join(s.split()).replace("- ", "-")  # noqa: E731  (a wrap after a hyphen)

    def same(shown_row: list[str], real_row: list[str]) -> bool:  # a shown cell may be cut short,
        return len(shown_row) <= len(real_row) and all(  # the last columns may be left off
            squeeze(b).startswith(squeeze(a).rstrip("…")) for a, b in zip(shown_row, real_row))

    for row in expected:
        assert any(same(row, real) for real in actual), f"{row} is not in the output of `stratgraph {args}`"
