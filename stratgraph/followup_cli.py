"""The ``followup`` and ``crosswalk`` commands: parse options, call :mod:`queries.followup`, format.

Registered lazily on the main group (``LAZY_COMMANDS`` in :mod:`stratgraph.cli`).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from stratgraph.options import _given, as_of_option, format_for, parse_as_of

from graph_model.store import GraphStore
from queries.as_of import load_with_dated
from queries.followup import Thresholds, followup
from queries.followup.crosswalk import crosswalk
from stratgraph.output import FORMATS, emit
from stratgraph.settings import Settings

__all__ = ["followup_cmd", "crosswalk_cmd", "parse_as_of"]

_TABLE = ["goal", "status", "progress", "expected", "owner", "projects", "sectors", "warnings"]


def _load(ctx: click.Context, as_of: datetime.date | None = None):
    """The projection (as it was on ``as_of``, like silos and network) and the dated relationships."""
    with GraphStore(ctx.find_object(Settings).db, read_only=True) as store:
        return load_with_dated(store, as_of)


@click.command("followup")
@click.option("--goal", help="Only this goal (id, or text in its name).")
@click.option("--strategy", help="The goals of this strategy (id), e.g. S-2021; default: the one in force "
              "on --as-of (today); 'all' for every strategy's goals.")
@as_of_option("Owners, projects and observations as of this date.")
@click.option("--behind", type=click.FloatRange(0, 1), default=Thresholds.behind, show_default=True,
              help="Largest gap (expected - actual progress) still on track.")
@click.option("--off-track", "off_track", type=click.FloatRange(0, 1), default=Thresholds.off_track,
              show_default=True, help="Largest gap still behind; beyond it off track.")
@click.option("--format", "fmt", type=click.Choice([*FORMATS, "xlsx"]), default="table", show_default=True,
              help="How to print the result; xlsx needs --out.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the xlsx (or other format) here.")
@click.pass_context
def followup_cmd(ctx: click.Context, goal: str | None, strategy: str | None, as_of: datetime.date | None, behind: float, off_track: float,
                 fmt: str, out: Path | None) -> None:
    """The follow-up scorecard: per goal, progress (0..1) and status from its metrics, owner, projects.

    A metric's progress is (value - baseline) / (target - baseline), clamped to 0..1; its status
    compares it with the progress expected on the straight line from baseline to target in the latest
    observation's year. Goals roll up their metrics and sub-goals (the rule is in the JSON and xlsx).
    One strategy per scorecard: the current one unless --strategy names another (or 'all').

    \b
    Example:
        stratgraph followup --strategy S-2021
        stratgraph followup --goal G11 --as-of 2025-06-30 --format json
        stratgraph followup --format xlsx --out scorecard.xlsx
    """
    fmt = format_for(out, _given(ctx, "fmt", fmt), [*FORMATS, "xlsx"], "table")  # .xlsx/.csv/.json name it
    graph, dated = _load(ctx, as_of)
    card = followup(graph, dated, goal=goal, strategy=strategy, as_of=as_of, thresholds=Thresholds(behind=behind, off_track=off_track))
    if fmt == "xlsx":
        if out is None:
            raise click.UsageError("--format xlsx needs --out FILE.xlsx")
        from visualize.scorecard_xlsx import write_scorecard

        metric_rows = [{"goal": g.goal, **m.as_row()} for g in card for m in g.metrics]
        write_scorecard([g.as_row() for g in card], metric_rows, card[0].rule if card else "", out,
                        [row for g in card for row in g.update_rows()])
        click.echo(f"wrote {out} ({len(card)} goals)", err=True)
        return
    rows = [g.as_dict() for g in card] if fmt == "json" else [g.as_row() for g in card]
    if out is not None:
        from stratgraph.output import render

        out.write_text(render(rows, fmt), encoding="utf-8")
        click.echo(f"wrote {out} ({len(card)} goals)", err=True)
        return
    emit(rows, fmt, _TABLE if fmt == "table" else None)
    if fmt == "table":
        for g in (g for g in card if g.status == "off_track"):
            click.echo(f"why {g.goal} is off track:")
            for m in (m for m in g.metrics if m.measured):
                click.echo(f"  {m.metric} {m.status}: {m.reason}")
        called = [g.goal for g in card if g.needs_cross_sector_help]
        if called:
            click.echo(f"off track and served by one sector only: {', '.join(called)}", err=True)


@click.command("crosswalk")
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="How to print the result.")
@click.pass_context
def crosswalk_cmd(ctx: click.Context, old: str, new: str, fmt: str) -> None:
    """Map the goals of strategy OLD to strategy NEW: carried over, merged, replaced, dropped.

    Also lists projects and metrics left without a goal under NEW, and per new goal what it carries
    over (projects, metrics, budget) and what it still lacks (project, metric, owner).

    \b
    Example:
        stratgraph crosswalk S-2021 S-2026
        stratgraph crosswalk S-2021 S-2026 --format json
    """
    graph, _ = _load(ctx)
    walk = crosswalk(graph, old, new)
    if fmt == "json":
        emit([walk.as_dict()], "json")
        return
    emit(walk.old_goals, fmt, ["goal", "outcome", "new_goals", "via", "label"], title=f"goals of {old}")
    emit([{**g, "projects": len(g["projects"]), "metrics": len(g["metrics"])} for g in walk.new_goals], fmt,
         ["goal", "continues", "merges", "replaces", "projects", "metrics", "owners", "budget", "missing"],
         title=f"goals of {new}")
    left = [{"kind": "project", **p} for p in walk.orphan_projects] + \
           [{"kind": "metric", **m} for m in walk.orphan_metrics]
    emit(left, fmt, ["kind", "id", "old_goals", "label"], title=f"left without a goal under {new}")
