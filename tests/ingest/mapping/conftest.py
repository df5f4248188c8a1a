"""Fixtures for the mapped-import tests: the committed structural-funds excerpts and the example mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "structural-funds"
EXAMPLE_MAPPING = Path(__file__).resolve().parents[3] / "examples" / "structural-funds" / "mapping.yaml"


@pytest.fixture
def excerpt() -> Path:
    """17 real rows of the 2007-2013 list, original headers, comma-separated."""
    return DATA / "projektilista-excerpt.csv"


@pytest.fixture
def later_excerpt() -> Path:
    """6 of those rows with the later list's headers (Hankkeen nimi, Tila), semicolon-separated."""
    return DATA / "projektilista-later-headers.csv"


@pytest.fixture
def example_mapping() -> Path:
    """The shipped mapping of the structural-funds list."""
    return EXAMPLE_MAPPING


@pytest.fixture
def write_mapping(tmp_path):
    """``write_mapping(text)`` writes a mapping file and returns its path."""
    def write(text: str, name: str = "mapping.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return write
