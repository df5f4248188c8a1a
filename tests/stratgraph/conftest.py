"""Fixtures of the command tests: the example city in a store on disk, as a user's ``--db`` would be."""

from __future__ import annotations

from pathlib import Path

import pytest

from examples import EXAMPLE_DIR
from graph_model.store import GraphStore
from ingest.pipeline import ingest


@pytest.fixture(scope="session")
def example_db(tmp_path_factory) -> Path:
    """The path of an on-disk store holding the example city; commands may read it, never change it."""
    db = tmp_path_factory.mktemp("cli") / "example.db"
    with GraphStore(db) as store:
        ingest(EXAMPLE_DIR, store)
    return db
