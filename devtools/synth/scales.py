"""The sizes of the synthetic data sets (city, region, nation) and what :func:`~devtools.synth.write_synth` wrote.

>>> SCALES["city"].projects
1000
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Scale", "SCALES", "SynthSummary"]


@dataclass(frozen=True)
class Scale:
    """How many nodes of each type a synthetic data set has.

    ``municipalities`` municipalities (each with one strategy) share the municipal counts
    (sectors, units, bodies, roles, persons, goals, metrics, services, agreements) by size;
    stakeholders, networks, themes and funding sources are shared by all. Observations (about
    ten a metric) and relationship rows follow from the rest.
    """

    name: str
    municipalities: int
    regions: int
    projects: int
    sectors: int
    units: int
    stakeholders: int
    goals: int
    metrics: int
    bodies: int
    roles: int
    persons: int
    networks: int
    themes: int
    funding: int
    services: int
    agreements: int
    first_year: int = 2015  # of the metrics' baselines (0-5 years later); observations run to 2024

    @property
    def estimated_rows(self) -> int:
        """A rough total of the rows :func:`write_synth` writes (for a progress bar's total).

        >>> 1500 < SCALES["city"].estimated_rows < 5000
        True
        """
        nodes = (self.municipalities + self.projects + self.sectors + self.units + self.stakeholders
                 + self.goals + self.metrics + self.bodies + self.roles + self.persons + self.networks
                 + self.themes + self.funding + self.services + self.agreements)
        return nodes + 10 * self.metrics + 8 * self.bodies + 8 * self.networks + self.roles


SCALES: dict[str, Scale] = {
    "city": Scale("city", municipalities=1, regions=1, projects=1_000, sectors=8, units=120,
                  stakeholders=400, goals=40, metrics=60, bodies=30, roles=100, persons=150,
                  networks=40, themes=60, funding=30, services=20, agreements=30),
    "region": Scale("region", municipalities=10, regions=1, projects=20_000, sectors=80, units=1_200,
                    stakeholders=4_000, goals=400, metrics=2_000, bodies=300, roles=1_000, persons=1_500,
                    networks=300, themes=150, funding=80, services=200, agreements=300, first_year=2012),
    "nation": Scale("nation", municipalities=100, regions=18, projects=200_000, sectors=800,
                    units=12_000, stakeholders=40_000, goals=4_000, metrics=20_000, bodies=3_000,
                    roles=10_000, persons=15_000, networks=2_000, themes=300, funding=150,
                    services=2_000, agreements=3_000, first_year=2012),
}


@dataclass
class SynthSummary:
    """What :func:`write_synth` wrote: the folder, the scale and seed, and rows per file."""

    out_dir: Path
    scale: str
    seed: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        """Data rows in all files together (headers not counted)."""
        return sum(self.counts.values())
