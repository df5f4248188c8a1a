"""Fixtures for the ingest tests: a writer of small CSV inputs and a store on disk."""

from __future__ import annotations

import pytest

from graph_model.store import GraphStore
from tests.helpers import GOOD, write_csvs

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
