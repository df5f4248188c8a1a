"""Fixtures for the ingest tests: a writer of small CSV inputs and a store on disk."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph_model.store import GraphStore

GOOD = {
    "sectors": [["id", "label_fi", "label_en"], ["SEC-A", "Toimiala A", "Sector A"], ["SEC-B", "Toimiala B", "Sector B"]],
    "units": [["id", "label_fi", "part_of"], ["U1", "Yksikkö 1", "SEC-A"], ["U2", "Yksikkö 2", "SEC-B"],
              ["U3", "Yksikkö 3", "U1"]],
    "projects": [["id", "label_fi", "status", "budget", "start_date", "led_by", "has_partner"],
                 ["P1", "Hanke 1", "ongoing", "1000", "2024-01-01", "U1", "U2; U3"],
                 ["P2", "Hanke 2", "planned", "", "", "U2", ""]],
    "bodies": [["id", "label_fi", "body_kind"], ["B1", "Kaupunginhallitus", "board"]],
    "relationships": [["source_id", "relation", "target_id", "start_date", "end_date", "role", "note"],
                      ["B1", "has_member", "U1", "2025-01-01", "2025-12-31", "jäsen", ""]],
}


def write_csvs(folder: Path, sheets: dict[str, list[list[str]]], *, delimiter: str = ",",
               encoding: str = "utf-8") -> Path:
    """Write each sheet as ``folder/<sheet>.csv`` and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for sheet, rows in sheets.items():
        with (folder / f"{sheet}.csv").open("w", encoding=encoding, newline="") as handle:
            csv.writer(handle, delimiter=delimiter).writerows(rows)
    return folder


@pytest.fixture
def make_input(tmp_path):
    """``make_input(overrides)``: the GOOD input with some sheets replaced (None removes a sheet)."""
    counter = iter(range(1000))

    def make(overrides: dict | None = None, **kwargs) -> Path:
        sheets = {**GOOD, **(overrides or {})}
        sheets = {k: v for k, v in sheets.items() if v is not None}
        return write_csvs(tmp_path / f"input{next(counter)}", sheets, **kwargs)

    return make


@pytest.fixture
def store(tmp_path):
    """A fresh on-disk store."""
    with GraphStore(tmp_path / "store.db") as opened:
        yield opened
