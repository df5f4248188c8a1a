"""The ``mapping`` and ``match`` commands: parse options, call :mod:`ingest.mapping` or
:mod:`ingest.matching`, format. Registered on the main group in :mod:`stratgraph.cli`.
"""

from __future__ import annotations

from pathlib import Path

import click

from ingest.mapping.source import read_table
from ingest.mapping.suggest import suggest_yaml

__all__ = ["mapping"]


@click.group()
def mapping() -> None:
    """Mapping files that read other systems' tables (see `stratgraph ingest --mapping`).

    \b
    Example:
        stratgraph mapping suggest projektilista.csv.gz > mapping.yaml
    """


@mapping.command("suggest")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--sheet", help="The workbook's sheet (default: the first).")
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=False), help="Write here (default: stdout).")
def suggest(path: Path, sheet: str | None, out: Path | None) -> None:
    """Draft a mapping for the table PATH from its headers (Finnish, Swedish, English) and first rows.

    Edit the draft (TODO marks what it could not know), then ingest with it.

    \b
    Example:
        stratgraph mapping suggest projektilista.csv.gz -o mapping.yaml
        stratgraph ingest projektilista.csv.gz --mapping mapping.yaml --dry-run
    """
    text = suggest_yaml(read_table(path, sheet))
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}", err=True)
