"""The follow-up scorecard as an xlsx workbook: the table a city attaches to its financial statements.

Two sheets: ``goals`` (one row per goal, status coloured) and ``metrics`` (the numbers behind each
metric's status), plus ``rule`` (the roll-up rule and the thresholds, so the table explains itself), and
``updates`` (owners' narratives, actions and milestones) when given.

Examples
--------
>>> import tempfile, pathlib, openpyxl
>>> out = pathlib.Path(tempfile.mkdtemp()) / "card.xlsx"
>>> write_scorecard([{"goal": "G1", "status": "behind"}], [{"goal": "G1", "metric": "M1"}], "rule", out)
>>> openpyxl.load_workbook(out).sheetnames
['goals', 'metrics', 'rule']
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from graph_model.spreadsheet import write_workbook

__all__ = ["write_scorecard", "STATUS_COLOURS"]

#: Background colour per status (the report uses the same).
STATUS_COLOURS = {"on_track": "C8E6C9", "behind": "FFE0B2", "off_track": "FFCDD2", "no_data": "E0E0E0",
                  "no_target": "E0E0E0", "no_baseline": "E0E0E0", "no_direction": "E0E0E0", "no_metric": "F5F5F5"}


def _rows(rows: Sequence[dict]) -> list[list]:
    columns = list(rows[0]) if rows else []
    return [columns, *([", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v for v in row.values()]
                       for row in rows)]


def _style(book, title: str, rows: Sequence[dict]) -> None:
    from openpyxl.styles import Font, PatternFill

    sheet = book[title]
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for n, row in enumerate(rows, start=2):
        colour = STATUS_COLOURS.get(str(row.get("status")))
        if colour:
            sheet.cell(n, list(row).index("status") + 1).fill = PatternFill("solid", fgColor=colour)
    sheet.freeze_panes = "A2"


def write_scorecard(goal_rows: Sequence[dict], metric_rows: Sequence[dict], rule: str, path: Path | str,
                    update_rows: Sequence[dict] = ()) -> None:
    """Write the goals and metrics rows, the rule and the owners' updates to ``path`` (xlsx); text that
    looks like a formula stays text (labels are data)."""
    def style(book) -> None:
        _style(book, "goals", goal_rows)
        _style(book, "metrics", metric_rows)

    sheets = {"goals": _rows(goal_rows), "metrics": _rows(metric_rows), "rule": [[rule]]}
    if update_rows:
        sheets["updates"] = _rows(update_rows)
    write_workbook(Path(path), sheets, style)
