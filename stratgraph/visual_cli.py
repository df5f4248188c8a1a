"""The ``stratgraph map`` and ``stratgraph report`` commands: thin wrappers over :mod:`visualize`.

Registered on the main group in :mod:`stratgraph.cli` (``cli.add_command(map_cmd)``,
``cli.add_command(report_cmd)``); errors are turned into messages there.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from graph_model.store import GraphStore
from ontologies.errors import UsageError
from stratgraph.options import as_of_option, store_view
from stratgraph.settings import Settings

__all__ = ["map_cmd", "report_cmd", "DEFAULT_REPORT_DIR"]

#: Where ``stratgraph report`` writes when --out is not given.
DEFAULT_REPORT_DIR = Path("stratgraph-report")
_KINDS = ("collaboration", "goals", "bodies", "networks", "neighbourhood")


def _store(ctx: click.Context) -> GraphStore:
    settings = ctx.find_object(Settings) or Settings.from_env()
    return GraphStore(settings.db, read_only=True)


def _progress(quiet: bool):
    return (lambda msg: None) if quiet else (lambda msg: click.echo(f"... {msg}", err=True))


@click.command("map")
@click.argument("kind", type=click.Choice(_KINDS))
@click.option("--out", "-o", "out", type=click.Path(path_type=Path), required=True,
              help="FILE.html (interactive, offline), FILE.png or FILE.svg (with legend).")
@click.option("--focus", metavar="ID", help="Keep only the nodes near this node (required for neighbourhood).")
@click.option("--depth", type=click.IntRange(0, 10), default=1, show_default=True,
              help="How many steps from --focus.")
@click.option("--level", type=click.Choice(["organisation", "unit", "sector"]), default="unit", show_default=True,
              help="collaboration: roll roles into units (unit) and units into sectors (sector).")
@click.option("--aggregate", type=click.Choice(["auto", "sector", "unit", "none"]), default="auto",
              show_default=True, help="How the page opens: auto groups maps of over 1,000 nodes by sector.")
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
@click.option("--no-links", is_flag=True, help="collaboration: do not draw suggested missing links.")
@as_of_option()
@click.pass_context
def map_cmd(ctx: click.Context, kind: str, out: Path, focus: str | None, depth: int, level: str, aggregate: str,
            lang: str, no_links: bool, as_of: datetime.date | None) -> None:
    """Draw a network map: an offline HTML page, or a PNG/SVG image for slides.

    KIND is collaboration (units, sectors, stakeholders, bodies), goals (goals - projects - sectors),
    bodies (memberships, cross-representation), networks (by level) or neighbourhood (any node,
    with --focus). Colour = sector or type, size = centrality; hover for facts, search, filter by
    goal, theme and sector; suggested missing links are dashed. With --as-of, every kind is drawn as
    it was on that date (memberships, roles, running projects) and the title says so.

    \b
    Example:
        stratgraph map collaboration --out collaboration.html
        stratgraph map neighbourhood --focus P-HNR --depth 2 --out hnr.html
        stratgraph map goals --lang en --out goals.png
        stratgraph map bodies --as-of 2024-01-01 --out bodies-2024.html
    """
    from queries.as_of import load_graph_as_of
    from stratgraph.api.maps import MAP_SUFFIXES, save_map
    from visualize.maps import build_map

    if out.suffix.lower().lstrip(".") not in MAP_SUFFIXES:
        raise UsageError(f"--out {out}: write .html, .png or .svg")
    with store_view(ctx, _store(ctx)) as store:
        graph = load_graph_as_of(store, as_of)
    data = build_map(graph, kind, lang=lang, focus=focus, depth=depth, level=level, aggregate=aggregate,
                     links=not no_links, as_of=as_of)
    save_map(data, out)  # as stratgraph.open().map(...).save(out)
    click.echo(f"wrote {out} ({len(data.nodes)} nodes, {len(data.edges)} edges)")


@click.command("report")
@click.option("--out", "-o", "out", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_REPORT_DIR,
              show_default=True, help="The folder of the site.")
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
@as_of_option("Report the store as it was on this date: memberships, roles, running projects.")
@click.pass_context
def report_cmd(ctx: click.Context, out: Path, lang: str, quiet: bool, as_of: datetime.date | None) -> None:
    """Write the report: a static HTML site to open in a browser (index.html), no server needed.

    Overview, strategy coverage (goals x sectors), silo goals, governance gaps, missing links with
    their evidence, the maps, and a page per project (with related projects), organisation and
    governing body. Printable.

    \b
    Example:
        stratgraph report --out report/
        stratgraph report --lang en --out report-en/
        stratgraph report --as-of 2024-12-31 --out report-2024/
    """
    from visualize.report import write_report

    with store_view(ctx, _store(ctx)) as store:
        result = write_report(store, out, lang=lang, progress=_progress(quiet), as_of=as_of)
    click.echo(f"wrote {result.pages} pages in {result.seconds:.1f} s; open {result.index}")
