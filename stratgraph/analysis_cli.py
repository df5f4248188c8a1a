"""The ``related``, ``links`` and ``import-cordis`` commands: parse options, call :mod:`queries.related`,
:mod:`queries.links` or :mod:`ingest.cordis`, format with :func:`stratgraph.output.emit`. Registered on
the main group in :mod:`stratgraph.cli`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph_model.schema_types import ProjectStatus
from graph_model.store import GraphStore
from ingest.account import summarise
from ingest.cordis import DEFAULT_SOURCE, import_cordis
from queries.links import LEVELS, missing_links
from queries.projection import load_graph
from queries.duplicates import possible_duplicates
from queries.partners import own_organisations, partners_behind
from queries.related import BY, require_project
from queries.related_cache import cached_index
from stratgraph.api.related import AMONG
from stratgraph.api.tables import PARTNER_COLUMNS, related_row
from stratgraph.output import FORMATS, chosen_output, emit, output_options
from stratgraph.settings import Settings
from visualize.i18n import translator

__all__ = ["related", "links", "import_cordis_cmd", "duplicates"]

_RELATED_COLUMNS = {"table": ["id", "label", "score", "same topic", "same organisation"],
                    "csv": ["id", "label", "sector", "status", "score", "topic", "partners", "same_topic",
                            "same_organisation", "duplicate"]}
_PARTNER_COLUMNS = {"table": ["id", "label", "score", "projects", "leads", "project_ids"],
                    "csv": [c for c in PARTNER_COLUMNS if c != "project_ids"]}
_DUPLICATE_COLUMNS = {"table": ["a", "b", "b_label", "similarity", "reason", "same_leader"],
                      "csv": ["a", "a_label", "b", "b_label", "similarity", "reason", "same_leader"]}
_LINK_COLUMNS = {"table": ["a", "b", "score", "broker", "evidence"],
                 "csv": ["a", "a_label", "b", "b_label", "score", "broker", "broker_label", "evidence"]}


def _graph(ctx: click.Context):
    with GraphStore(ctx.find_object(Settings).db, read_only=True) as store:
        return load_graph(store)


def _graph_and_decisions(ctx: click.Context):
    """The projection and the reviewers' decisions on pairs (decided pairs are not suggested again)."""
    from graph_model.review import pair_decisions

    with GraphStore(ctx.find_object(Settings).db, read_only=True) as store:
        return load_graph(store), pair_decisions(store)


def _indexed(ctx: click.Context, project: str | None = None):
    """The graph and its related-projects index (read from the store's cache when it is up to date)."""
    with GraphStore(ctx.find_object(Settings).db, read_only=True) as store:
        graph = load_graph(store)
        require_project(graph, project)  # an unknown id is told at once, before any index is built or read
        return graph, cached_index(store, graph)


def _rows(items: list, fmt: str) -> list[dict]:
    rows = [related_row(item) if hasattr(item, "possible_duplicate") else item.as_dict() for item in items]
    if fmt != "json":
        for row in rows:
            row.pop("shared", None)
            for key in ("reasons", "evidence", "same_topic", "same_organisation"):
                if key in row:
                    row[key] = " | ".join(row[key])
    for row in rows:
        if "duplicate" in row:
            if fmt == "table":  # five columns fit a screen: the sector and the flag go beside the label
                flag = " (possible duplicate)" if row["duplicate"] else ""
                row["label"] = f"{row['label']} [{row['sector'] or '-'}]{flag}"
                row["same topic"], row["same organisation"] = row["same_topic"], row["same_organisation"]
    return rows


@click.command()
@click.argument("project_id", required=False)
@click.option("--text", help="A free-text idea (Finnish, Swedish or English) instead of a project; - reads stdin.")
@click.option("--other-sectors", is_flag=True, help="Only projects led from another sector.")
@click.option("--status", type=click.Choice([s.value for s in ProjectStatus]), help="Only projects with this status.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="How many projects.")
@click.option("--by", type=click.Choice(BY), default="all", show_default=True,
              help="Rank by everything, by topic (words, goals, themes) or by partners (organisations, funding).")
@click.option("--partners", "partners", is_flag=True,
              help="List the organisations behind the related projects instead (--top of them).")
@click.option("--among", type=click.IntRange(min=1), default=AMONG, show_default=True,
              help="With --partners: how many related projects to draw them from.")
@output_options
@click.pass_context
def related(ctx: click.Context, project_id: str | None, text: str | None, other_sectors: bool, status: str | None,
            top: int, by: str, partners: bool, among: int, fmt: str) -> None:
    """Projects related to PROJECT_ID (or to an idea given with --text), ranked, with the reasons.

    The score adds shared goals, themes, partners and funding (rare ones count more, common ones
    little) and similar words (lemmas and compound parts, so Finnish inflections and compounds
    match; Swedish and English too). When the store has no goals or themes, words carry the ranking,
    and a project's top 30 (--by all) are ordered by a learned re-ranker (the score and reasons shown
    stay the ranker's; --text, --by topic and --by partners are not re-ranked). The reasons come as "same topic" and "same organisation"; near-identical titles are flagged as
    possible duplicates. The analyser used is named on stderr. With --partners: the units, sectors
    and stakeholders that lead or take part in the --among most related projects, ranked by how
    many and how related, each with its projects as evidence (the project's own left out). A
    re-ranked list says so on stderr ("order: ...").

    \b
    Example:
        stratgraph related P-HNR --other-sectors
        stratgraph related P-KIERTO --status ongoing --top 5 --format json
        stratgraph related P-KIERTO --by partners
        stratgraph related --text "kiertotalous ja jätteen vähentäminen kouluissa"
        stratgraph related --text "kiertotalous kouluissa" --partners --top 5
    """
    if text == "-":
        text = sys.stdin.read()
    graph, index = _indexed(ctx, project_id)
    for note in index.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"words: {index.analyser} analyser", err=True)
    if project_id and not partners and index.reranks(by):
        click.echo("order: " + translator("en")("related_reranked").removeprefix("Order: "), err=True)
    results = index.query(project_id, text, other_sectors=other_sectors, status=status,
                          top=among if partners else top, by=by)
    if partners:
        own = own_organisations(graph, project_id) if project_id else ()
        results = partners_behind(results, graph, top=top, exclude=own)
    if not results:
        click.echo(f"no {'partners' if partners else 'related projects'} found", err=True)
    emit(_rows(results, fmt), fmt, (_PARTNER_COLUMNS if partners else _RELATED_COLUMNS).get(fmt))


@click.command()
@click.option("--top", type=click.IntRange(min=1), default=50, show_default=True, help="How many pairs.")
@output_options
@click.pass_context
def duplicates(ctx: click.Context, top: int, fmt: str) -> None:
    """Possible duplicates: projects with the same or a near-identical title (two codes or sources).

    Titles are compared without case and punctuation; near-identical means a similarity of at least
    0.92 (see queries/duplicates.py). An organisation's project list imported twice shows up here.

    \b
    Example:
        stratgraph duplicates
        stratgraph duplicates --top 200 --format csv > duplicates.csv
    """
    graph, decided = _graph_and_decisions(ctx)
    found = possible_duplicates(graph, decided=decided["duplicate"])
    if not found:
        click.echo("no possible duplicates found", err=True)
    emit(_rows(found[:top], fmt), fmt, _DUPLICATE_COLUMNS.get(fmt))


@click.command()
@click.option("--level", type=click.Choice(LEVELS), default="unit", show_default=True,
              help="Pairs of units, sectors, stakeholders (kinds as sectors) or projects.")
@click.option("--goal", help="Only pairs that both work on this goal id.")
@click.option("--theme", help="Only pairs that both work on this theme id.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="How many pairs.")
@output_options
@click.pass_context
def links(ctx: click.Context, level: str, goal: str | None, theme: str | None, top: int, fmt: str) -> None:
    """Missing cross-sector links: pairs that share goals, themes or partners but do not work together.

    Working together means a joint project, governing body, network, service or agreement, or a drawn
    map's connection (Kumu) between the two. Each pair comes with its evidence and a possible broker
    (someone already working with both, or drawn connected to both).

    \b
    Example:
        stratgraph links
        stratgraph links --level stakeholder --top 10
        stratgraph links --goal G11 --format json
    """
    graph, decided = _graph_and_decisions(ctx)
    found = missing_links(graph, level, goal=goal, theme=theme, top=top, decided=decided["link"])
    if not found:
        click.echo("no missing links found", err=True)
    emit(_rows(found, fmt), fmt, _LINK_COLUMNS.get(fmt))


@click.command("import-cordis")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--train-until", type=int, help="Only projects starting up to this year (default: all).")
@click.option("--source", default=DEFAULT_SOURCE, show_default=True, help="Name of the source in the store.")
@output_options
@click.pass_context
def import_cordis_cmd(ctx: click.Context, folder: Path, train_until: int | None, source: str, fmt: str) -> None:
    """Import EU Horizon 2020 participations (CORDIS-derived files) as one source.

    Organisations become stakeholders whose kind is their type, programme parts become themes, the
    coordinator leads the project and every other participation is a partnership (see
    ingest/cordis.py). The source is checked by the SHACL rules like any ingest: all or nothing.
    Ends with the account: participations, projects, organisations and programme parts read, stored,
    not kept (with the reason); --format json gives it as data.

    \b
    Example:
        stratgraph import-cordis ../shared/data/cordis-h2020 --train-until 2015
        stratgraph links --level stakeholder --top 10
    """
    as_data = chosen_output(fmt, FORMATS) != (None, "table")  # --format json/csv or --out FILE (checked first)
    with GraphStore(ctx.find_object(Settings).db) as store:
        info = import_cordis(folder, store, until=train_until, source=source)
    if as_data:
        emit([{"status": "stored", "source": info.name, "triples": info.triples, "account": info.account}], fmt)
        return
    click.echo(f"stored: source {info.name!r} from {folder}: {info.triples:,} triples")
    click.echo("  " + summarise(info.account).replace("\n", "\n  "))
