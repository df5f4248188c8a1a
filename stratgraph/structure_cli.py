"""CLI commands on the structure of the strategy work: ``silos``, ``gaps``, ``network`` and ``coverage``.

Each command parses its options, loads the store's projection, calls one library function from
``queries/`` and prints the rows with :func:`stratgraph.output.emit`. The main group in
``stratgraph/cli.py`` registers them (``cli.add_command``) and turns errors into exit codes.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from graph_model.store import GraphStore
from queries.coverage import MEASURES, coverage
from queries.gaps import RULES, governance_gaps
from queries.network import LEVELS, collaboration_network
from queries.as_of import load_graph_as_of
from queries.projection import GraphData
from queries.silos import CHANNELS, DEFAULT_CHANNELS
from stratgraph.api.tables import as_of_title, network_rows, silo_rows, stamp_as_of
from stratgraph.options import as_of_option
from stratgraph.output import emit, output_options
from stratgraph.settings import Settings

__all__ = ["COMMANDS", "silos", "gaps", "network", "coverage_cmd"]


def _graph(ctx: click.Context, as_of: datetime.date | None = None) -> GraphData:
    """The projection of the store named by the settings (read-only), as it was on ``as_of`` if given."""
    with GraphStore(ctx.find_object(Settings).db, read_only=True) as store:
        return load_graph_as_of(store, as_of)


def _emit(items: list, to_row, columns: list[str], fmt: str, as_of: datetime.date | None) -> None:
    """Print ``items``; with a date, the table's title names it and every JSON/CSV/xlsx row carries it."""
    if fmt != "table":
        to_row, columns = stamp_as_of(to_row, columns, as_of)
    emit([to_row(item) for item in items], fmt, columns, title=as_of_title(as_of))


def _channels(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    chosen = tuple(v.strip() for v in value.split(",") if v.strip())
    unknown = [c for c in chosen if c not in CHANNELS]
    if unknown or not chosen:
        raise click.BadParameter(f"{', '.join(unknown) or 'nothing'}: choose from {', '.join(CHANNELS)}")
    return chosen


@click.command()
@click.option("--goal", help="Only this goal: an id (G11) or text in its label.")
@click.option("--via", "channels", default=",".join(DEFAULT_CHANNELS), show_default=True, callback=_channels,
              help=f"Comma-separated channels through which a sector serves a goal: {', '.join(CHANNELS)}.")
@click.option("--only-silos", is_flag=True, help="Only the goals that one sector serves alone.")
@as_of_option()
@output_options
@click.pass_context
def silos(ctx: click.Context, goal: str | None, channels: tuple[str, ...], only_silos: bool,
          as_of: datetime.date | None, fmt: str) -> None:
    """Per goal: the sectors that serve it, a cross-sector index (0..1) and whether one sector serves it alone.

    The index is the normalised entropy of the sectors' shares of the goal's work (projects led or
    partnered by the sector's units, services they take part in): 0 = one sector, 1 = all equally.
    With --as-of, only the projects running, the bodies existing and the memberships holding then count.

    \b
    Example:
        stratgraph silos
        stratgraph silos --only-silos --format csv
        stratgraph silos --goal G11 --via projects,services,networks,bodies
        stratgraph silos --via projects,bodies --as-of 2024-01-01
    """
    spreads, columns = silo_rows(_graph(ctx, as_of), goal, channels, only_silos)  # as stratgraph.open().silos()
    _emit(spreads, lambda s: s.as_row(), columns, fmt, as_of)


@click.command()
@click.option("--rule", "rules", multiple=True, type=click.Choice(list(RULES)),
              help="Only this rule (repeatable); by default every rule.")
@output_options
@click.pass_context
def gaps(ctx: click.Context, rules: tuple[str, ...], fmt: str) -> None:
    """Governance gaps: each finding names the node and the rule it breaks.

    Rules: goals without metric or owner; metrics without target, owner or data source; projects
    linked to no goal; networks without a metric of their own or without goals; bodies without (or
    with thin) cross-representation; units in no collaboration.

    \b
    Example:
        stratgraph gaps
        stratgraph gaps --rule goal_without_metric --rule goal_without_owner --format json
    """
    found = governance_gaps(_graph(ctx), rules=list(rules) or None)
    emit([g.as_row() for g in found], fmt, ["rule", "node", "node_type", "label", "problem", "detail"])


@click.command()
@click.option("--level", type=click.Choice(LEVELS), default="organisation", show_default=True,
              help="Roll roles up to their unit (unit) and units up to their sector (sector).")
@click.option("--show", type=click.Choice(["centrality", "edges", "communities"]), default="centrality",
              show_default=True, help="Which table to print.")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="Print at most this many rows (0: all).")
@click.option("--graphml", type=click.Path(dir_okay=False, path_type=Path), help="Also write GraphML to FILE.")
@click.option("--gexf", type=click.Path(dir_okay=False, path_type=Path), help="Also write GEXF (Gephi) to FILE.")
@as_of_option()
@output_options
@click.pass_context
def network(ctx: click.Context, level: str, show: str, top: int, graphml: Path | None, gexf: Path | None,
            as_of: datetime.date | None, fmt: str) -> None:
    """Who works with whom: brokers (betweenness), partners, communities; GraphML / GEXF for Gephi.

    Ties are joint projects, bodies, networks, agreements and services, body memberships, steered
    projects and bodies reporting to bodies, weighted by kind (see queries/network.py). With --as-of,
    the network as it was on that date: who sat in which body then, which projects were running.

    \b
    Example:
        stratgraph network --top 10
        stratgraph network --show edges --level sector
        stratgraph network --graphml city.graphml --gexf city.gexf
        stratgraph network --as-of 2024-01-01 --format json
    """
    net = collaboration_network(_graph(ctx, as_of), level=level)
    if as_of is not None:  # GraphML and GEXF keep it as a graph attribute
        net.graph.graph["as_of"] = as_of.isoformat()
    for path, write in ((graphml, net.write_graphml), (gexf, net.write_gexf)):
        if path is not None:
            click.echo(f"wrote {write(path)}", err=True)
    rows, columns = network_rows(net, show)  # as stratgraph.open().network(level, show=show, as_of=as_of)
    _emit(rows[:top] if top else rows, dict, columns, fmt, as_of)


@click.command("coverage")
@click.option("--measure", type=click.Choice(MEASURES), default="projects", show_default=True,
              help="Count projects, or sum their budget (EUR).")
@output_options
@click.pass_context
def coverage_cmd(ctx: click.Context, measure: str, fmt: str) -> None:
    """The goals x sectors matrix: projects (or budget) per goal and leading sector.

    \b
    Example:
        stratgraph coverage
        stratgraph coverage --measure budget --format csv
    """
    cov = coverage(_graph(ctx))
    rows = cov.as_rows(measure)
    if measure == "budget":  # whole euros read better than 2.25e+06
        rows = [{k: round(v) if isinstance(v, float) else v for k, v in row.items()} for row in rows]
    emit(rows, fmt, ["goal", "label", *cov.sectors, "total"])


#: The commands of this module, for ``cli.add_command``.
COMMANDS = (silos, gaps, network, coverage_cmd)
