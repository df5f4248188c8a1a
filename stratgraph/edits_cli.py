"""CLI commands on edits on record and owners' updates: ``observe``, ``history``, ``revert``,
``comment``, ``owe``, ``digest``, ``backup`` and ``restore``. Each parses, calls the library, prints.

Registered lazily by :mod:`stratgraph.cli` (``LAZY_COMMANDS``), which turns errors into exit codes.
"""

from __future__ import annotations

import datetime
import getpass
from pathlib import Path

import click

from graph_model.backup import backup, restore
from graph_model.edits import comment, get_change, history, open_for_edit
from graph_model.store import GraphStore
from ingest.review import revert_change
from queries.owners import OWE_COLUMNS, owe
from queries.projection import load_graph
from stratgraph.api.edits import HISTORY_COLUMNS
from stratgraph.output import emit, output_options
from stratgraph.settings import Settings

__all__ = ["observe_cmd", "history_cmd", "revert_cmd", "comment_cmd", "owe_cmd", "backup_cmd", "restore_cmd", "digest_cmd"]

_author = click.option("--author", default=lambda: getpass.getuser(), show_default="your login name",
                       help="Who makes the change (an account id); kept on record.")


def _db(ctx: click.Context) -> Path:
    return ctx.find_object(Settings).db


@click.command("observe")
@click.argument("metric")
@click.argument("value")
@click.option("--date", "day", default=lambda: datetime.date.today().isoformat(), show_default="today",
              help="The day the value is of (YYYY-MM-DD).")
@click.option("--comment", "note", default="", help="A comment kept with the observation.")
@_author
@click.pass_context
def observe_cmd(ctx: click.Context, metric: str, value: str, day: str, note: str, author: str) -> None:
    """Record VALUE for METRIC as an edit on record (the follow-up counts it at once).

    \b
    Example:
        stratgraph observe M-TYOTTOMYYS 9.8 --date 2025-06-30 --comment "TEM, June" --author ann
    """
    from ingest.updates import observe

    with open_for_edit(_db(ctx)) as store:
        record = observe(store, metric, value, on=day, author=author, comment=note)
    click.echo(f"{record.id}: {record.summary}")


@click.command("history")
@click.argument("entity")
@output_options
@click.pass_context
def history_cmd(ctx: click.Context, entity: str, fmt: str) -> None:
    """List the changes on record about ENTITY (web edits, comments, reverts), oldest first.

    \b
    Example:
        stratgraph history M-TYOTTOMYYS
        stratgraph history G2 --format json
    """
    with GraphStore(_db(ctx), read_only=True) as store:
        rows = [c.as_dict() for c in history(store, entity)]
    emit(rows, fmt, HISTORY_COLUMNS if fmt == "table" else None)


@click.command("revert")
@click.argument("change")
@_author
@click.pass_context
def revert_cmd(ctx: click.Context, change: str, author: str) -> None:
    """Undo CHANGE (an id from `stratgraph history`) by a new change on record.

    \b
    Example:
        stratgraph revert 20251201T101500123456-1a2b3c4d --author admin
    """
    with open_for_edit(_db(ctx)) as store:
        record = revert_change(store, change, author)
        original = get_change(store, change)
    click.echo(f"{record.id}: reverted {original.id} ({original.author}, {original.at}): {original.summary}")


@click.command("comment")
@click.argument("entity")
@click.argument("text")
@_author
@click.pass_context
def comment_cmd(ctx: click.Context, entity: str, text: str, author: str) -> None:
    """Comment on ENTITY (plain text, on record; revert the change to remove it).

    \b
    Example:
        stratgraph comment G11 "Discussed in the steering group on 3 June" --author ann
    """
    with open_for_edit(_db(ctx)) as store:
        record = comment(store, entity, text, author=author)
    click.echo(f"{record.id}: {record.summary}")


@click.command("owe")
@click.argument("who")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="As on this day (default today).")
@output_options
@click.pass_context
def owe_cmd(ctx: click.Context, who: str, day: datetime.datetime | None, fmt: str) -> None:
    """What WHO (a person, unit, sector, role or body) owes: overdue and upcoming observations of the
    metrics they answer for, and their late or coming actions and milestones.

    \b
    Example:
        stratgraph owe U-TYOLLISYYS
        stratgraph owe PER-SIVONEN --date 2025-06-30 --format json
    """
    with GraphStore(_db(ctx), read_only=True) as store:
        graph = load_graph(store)
    emit(owe(graph, who, day.date() if day else None), fmt, OWE_COLUMNS)


@click.command("backup")
@click.argument("target", type=click.Path(path_type=Path))
@click.pass_context
def backup_cmd(ctx: click.Context, target: Path) -> None:
    """Back up the store (every source, web edits and comments) and its app folder (accounts) to TARGET.

    \b
    Example:
        stratgraph backup backups/2025-06-30
        stratgraph restore backups/2025-06-30 --to restored.db
    """
    manifest = backup(_db(ctx), target)
    click.echo(f"wrote {target}: {len(manifest['sources'])} sources, {len(manifest['files'])} files")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--to", "target", required=True, type=click.Path(path_type=Path), help="The new store folder.")
def restore_cmd(source: Path, target: Path) -> None:
    """Restore the backup SOURCE into a new store folder (checked against the backup's manifest).

    \b
    Example:
        stratgraph restore backups/2025-06-30 --to restored.db
        stratgraph --db restored.db serve
    """
    sources = restore(source, target)
    click.echo(f"restored {len(sources)} sources into {target}")


@click.command("digest")
@click.option("--to", "recipients", multiple=True, required=True, metavar="PARTY=ADDRESS",
              help="Send PARTY's digest (a person, unit, sector, role or body id) to ADDRESS; repeat.")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="As on this day (default today).")
@click.pass_context
def digest_cmd(ctx: click.Context, recipients: tuple[str, ...], day: datetime.datetime | None) -> None:
    """E-mail each party what it owes (overdue and upcoming updates) over SMTP: the server comes from
    STRATGRAPH_SMTP_HOST, STRATGRAPH_SMTP_PORT and STRATGRAPH_SMTP_FROM.

    \b
    Example:
        STRATGRAPH_SMTP_HOST=mail.city.fi stratgraph digest --to U-TYOLLISYYS=owner@city.fi
    """
    from queries.owners import owed_by_party
    from stratgraph.digest import SmtpSettings, send_digest

    pairs = dict(r.split("=", 1) for r in recipients if "=" in r)
    if len(pairs) != len(recipients):
        raise click.BadParameter("each --to is PARTY=ADDRESS", param_hint="--to")
    with GraphStore(_db(ctx), read_only=True) as store:
        graph = load_graph(store)
    owed = owed_by_party(graph, day.date() if day else None)
    sent = send_digest(owed, pairs, {p: graph.label(p) for p in pairs}, SmtpSettings.from_env())
    click.echo(f"sent {len(sent)} digests ({len(pairs) - len(sent)} parties owe nothing)")
