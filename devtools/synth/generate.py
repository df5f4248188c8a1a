"""Synthetic stratgraph input data for benchmarks and scale tests.

:func:`write_synth` writes a folder of CSV files, one per node type's sheet (``projects.csv``,
``units.csv``, ...) plus ``relationships.csv``, that is valid input for the ingest: ids are unique
across all files, every reference resolves to a node of a type the schema allows, every relation
keeps its cardinality (a goal is part of exactly one strategy, a unit of exactly one sector or
unit without cycles, a project is led by exactly one unit or sector, ...), enumerations use the
schema's codes, dates are ISO 8601 and decimals use ``.``. Multi-valued cells join ids with ``; ``.

The data looks like a real city's (or region's, or nation's) strategy data: Finnish and English
labels built from word lists, so that character n-gram text similarity has something to match
("Ilmastoviisas liikenne Lappi 2024" / "Climate-smart transport Lapland 2024"); a few hub units
and stakeholders take part in many projects (power-law weights) while most take part in few;
projects have 0-6 partners, 0-3 goals, 1-3 themes and 0-2 funding sources. Larger scales consist
of several municipalities, each with its own strategy, sectors, units, bodies and roles.

The same ``(scale, seed)`` always gives byte-identical files; the rows are written streaming, so
even the ``nation`` scale (200,000 projects) needs little memory.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     summary = write_synth("city", 1, Path(tmp))
...     header = (Path(tmp) / "projects.csv").read_text(encoding="utf-8").split("\\n", 1)[0]
>>> summary.counts["projects.csv"], header.split(",")[:3]
(1000, ['id', 'label_fi', 'label_sv'])
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from devtools.synth.catalogue import funding, themes
from devtools.synth.organisation import Organisation, bodies, body_members, roles_and_persons, sectors, units
from devtools.synth.projects import project_rows
from devtools.synth.scales import SCALES, Scale, SynthSummary
from devtools.synth.stakeholders import stakeholders
from devtools.synth.strategy import agreements, metrics_and_observations, networks, services, strategies_and_goals
from devtools.synth.world import Sheets, World
from ontologies.errors import UsageError

__all__ = ["Scale", "SCALES", "SynthSummary", "write_synth"]


def _generate(w: World, sheets: Sheets) -> None:
    """Run the stages in their fixed order (the order of the draws), each fed what it needs."""
    th = themes(w, sheets)
    fund = funding(w, sheets)
    sec = sectors(w, sheets)
    uni = units(w, sheets, sec)
    bod = bodies(w, sec)
    people = roles_and_persons(w, sheets, sec, uni, bod)
    stakes = stakeholders(w, sheets)
    members = body_members(w, sheets, uni, bod, people, stakes)
    org = Organisation(sec, uni, bod, people)
    goals = strategies_and_goals(w, sheets, th, org)
    metrics_and_observations(w, sheets, th, org, goals)
    network_members = networks(w, sheets, th, org, stakes, goals)
    services(w, sheets, th, org, stakes, goals)
    agreements(w, sheets, org, stakes, goals)
    sheets.write("Project", project_rows(w, th, fund, org, stakes, goals))
    sheets.write(None, people.held_by + members + network_members)


def write_synth(scale: str, seed: int, out_dir: Path,
                progress: Callable[[int], None] | None = None) -> SynthSummary:
    """Write a synthetic, valid stratgraph input folder of CSV files.

    Parameters
    ----------
    scale : str
        ``"city"`` (1,000 projects), ``"region"`` (20,000) or ``"nation"`` (200,000); see
        :data:`SCALES` for all counts.
    seed : int
        Seed of ``numpy.random.default_rng``; the same ``(scale, seed)`` gives byte-identical files.
    out_dir : Path
        The folder to write into; created when missing. Files of the same names are overwritten,
        other files are left alone.
    progress : callable, optional
        Called now and then with the number of data rows written so far (all files together);
        :attr:`Scale.estimated_rows` is a rough total for a progress bar.

    Returns
    -------
    SynthSummary
        The folder, scale, seed and the number of data rows per file.

    Raises
    ------
    UsageError
        When ``scale`` is not one of :data:`SCALES`.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     summary = write_synth("city", 7, Path(tmp))
    ...     names = sorted(p.name for p in Path(tmp).iterdir())
    >>> "relationships.csv" in names and "projects.csv" in names, summary.total_rows > 1000
    (True, True)
    >>> write_synth("planet", 7, Path("."))
    Traceback (most recent call last):
    ...
    ontologies.errors.UsageError: unknown scale 'planet'; use one of: city, region, nation
    """
    if scale not in SCALES:
        raise UsageError(f"unknown scale {scale!r}; use one of: {', '.join(SCALES)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sheets = Sheets(out_dir, progress)
    _generate(World(SCALES[scale], int(seed)), sheets)
    return SynthSummary(out_dir=out_dir, scale=scale, seed=int(seed), counts=dict(sheets.counts))
