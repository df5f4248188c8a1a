"""The fixed frame of a synthetic data set: the scale, the random generator, the municipalities and
their places and sizes, and the CSV sheets being written.

Every stage draws from ``World.rng`` in a fixed order, so the same ``(scale, seed)`` gives the same bytes.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from devtools.synth.draw import _Labels, _slug
from devtools.synth.scales import Scale
from devtools.synth.words import _CHUNK, _PLACE_HEADS, _PLACE_TAILS, _REGIONS
from ingest.columns import RELATIONSHIP_COLUMNS, RELATIONSHIPS_SHEET, sheet_columns
from ontologies.errors import UsageError
from ontologies.schema import load_schema

__all__ = ["Sheets", "World"]


class World:
    """The scale, the generator and the municipalities (names, genitives, regions, size weights)."""

    def __init__(self, scale: Scale, seed: int) -> None:
        self.s = scale
        self.rng = np.random.default_rng(seed)
        self.places = [h + t for h in _PLACE_HEADS for t, _ in _PLACE_TAILS]
        self.place_gen = [h + g for h in _PLACE_HEADS for _, g in _PLACE_TAILS]
        order = self.rng.permutation(len(self.places)).tolist()
        self.shuffled_places = [self.places[i] for i in order]
        n_m = scale.municipalities
        if n_m > len(self.places):
            raise UsageError(f"at most {len(self.places)} municipalities")
        self.muni = [self.places[i] for i in order[:n_m]]
        self.muni_gen = [self.place_gen[i] for i in order[:n_m]]
        regions = self.rng.permutation(len(_REGIONS))[: scale.regions].tolist()
        self.muni_region = [regions[m % len(regions)] for m in range(n_m)]
        weight = np.arange(1, n_m + 1, dtype=float) ** -0.8  # municipality sizes: a few big, many small
        self.muni_weight = weight / weight.sum()

    def suffix(self, m: int) -> str:
        """Municipal labels name their municipality when there are several."""
        return f" ({self.muni[m]})" if self.s.municipalities > 1 else ""

    def labels(self) -> _Labels:
        return _Labels(self.shuffled_places)

    def any_place(self) -> int:
        return int(self.rng.integers(len(self.places)))

    def homepage(self, text: str) -> str:
        return f"https://www.example.org/{_slug(text)}"

    def pick(self, start: list[int], m: int) -> int:
        """A uniformly drawn index of municipality ``m``'s block."""
        return start[m] + int(self.rng.integers(start[m + 1] - start[m]))


# The cells each stage fills, in the order of its rows; ``Sheets.write`` puts them in the
# header's order and leaves the other columns (label_sv, description_sv, ...) empty.
_FIELDS: dict[str | None, tuple[str, ...]] = {
    "Theme": ("id", "label_fi", "label_en", "description_fi", "description_en", "broader"),
    "FundingSource": ("id", "label_fi", "label_en", "funding_kind", "description_fi", "description_en", "homepage"),
    "Sector": ("id", "label_fi", "label_en", "code", "description_fi", "description_en", "homepage"),
    "Unit": ("id", "label_fi", "label_en", "code", "description_fi", "description_en", "homepage", "part_of"),
    "GoverningBody": ("id", "label_fi", "label_en", "body_kind", "code", "description_fi", "description_en",
                      "start_date", "end_date", "reports_to", "has_member"),
    "Role": ("id", "label_fi", "label_en", "reports_to", "post_in"),
    "Person": ("id", "label_fi", "label_en"),
    "Stakeholder": ("id", "label_fi", "label_en", "stakeholder_kind", "code", "description_fi", "description_en",
                    "homepage"),
    "Network": ("id", "label_fi", "label_en", "level", "description_fi", "description_en", "homepage", "led_by",
                "has_theme", "has_member", "advances"),
    "Strategy": ("id", "label_fi", "label_en", "code", "description_fi", "description_en", "start_date", "end_date"),
    "Goal": ("id", "label_fi", "label_en", "code", "description_fi", "description_en", "sdg_target", "part_of",
             "broader", "responsible", "has_theme"),
    "Metric": ("id", "label_fi", "label_en", "description_fi", "description_en", "unit_of_measure", "baseline",
               "baseline_year", "target", "target_year", "direction", "data_source", "measures", "responsible"),
    "Observation": ("id", "label_fi", "label_en", "year", "value", "observation_of"),
    "Service": ("id", "label_fi", "label_en", "description_fi", "description_en", "responsible", "contributes_to",
                "has_theme", "involves"),
    "Agreement": ("id", "label_fi", "label_en", "description_fi", "description_en", "start_date", "end_date",
                  "status", "advances", "party"),
    "Project": ("id", "label_fi", "label_en", "code", "description_fi", "description_en", "status", "start_date",
                "end_date", "budget", "homepage", "led_by", "has_partner", "contributes_to", "has_theme", "funded_by",
                "steered_by"),
    None: ("source_id", "relation", "target_id", "start_date", "end_date", "role", "note"),
}
_BODY_START, _BODY_END, _BODY_MEMBERS = 7, 8, 10  # positions in _FIELDS["GoverningBody"]



class Sheets:
    """The CSV files of the output folder, one per sheet, with their row counts and a progress callback."""

    def __init__(self, out_dir: Path, progress: Callable[[int], None] | None) -> None:
        self.out = out_dir
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.written = 0

    def _tick(self, rows: int) -> None:
        self.written += rows
        if self.progress is not None and rows:
            self.progress(self.written)

    def write(self, type_name: str | None, rows: Iterable[Sequence[object]]) -> None:
        """Write one sheet (``type_name`` None: the relationships sheet), rows in ``_FIELDS`` order."""
        fields = _FIELDS[type_name]
        if type_name is None:
            sheet, header = RELATIONSHIPS_SHEET, [c.name for c in RELATIONSHIP_COLUMNS]
        else:
            sheet, header = load_schema().node_types[type_name].sheet, [c.name for c in sheet_columns(type_name)]
        unknown = [f for f in fields if f not in header]
        if unknown:  # the schema lost a column this generator fills: a programming error
            raise AssertionError(f"{sheet}: columns {unknown} are not in the schema's header {header}")
        pos = [fields.index(h) if h in fields else -1 for h in header]
        name = f"{sheet}.csv"
        count = pending = 0
        with open(self.out / name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow([row[i] if i >= 0 else "" for i in pos])
                count += 1
                pending += 1
                if pending == _CHUNK:
                    self._tick(pending)
                    pending = 0
        self.counts[name] = count
        self._tick(pending)

