"""The ``stratgraph neo4j`` group (dev server, push, pull, remove) and the ``stratgraph cypher`` command.

Each command parses its options, calls :mod:`graph_model.neo4j_sync` or :mod:`queries.cypher` and
formats what they return; errors are the library's typed exceptions, turned into messages and exit
codes by :class:`stratgraph.cli.ErrorHandlingGroup`.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from pathlib import Path

import click

from devtools.neo4j_server import DevServer, Neo4jDevError
from graph_model.neo4j_connection import Neo4jConnection
from graph_model.neo4j_sync import DEFAULT_BATCH_SIZE, DEFAULT_OWNER, pull, push, remove_owned, resolve_connection, \
    write_rdf
from graph_model.store import GraphStore
from ontologies.errors import StratgraphError
from queries import cypher as cypher_lib
from stratgraph.options import format_for, store_view
from stratgraph.output import emit, output_options
from stratgraph.settings import Settings

__all__ = ["neo4j", "cypher"]

PULL_FORMATS = ("turtle", "nquads", "ntriples", "trig")

_OWNER_HELP = ("Whose data in Neo4j: push only replaces and removes this owner's nodes and relationships; "
               "env STRATGRAPH_NEO4J_OWNER.")


def _connection(ctx: click.Context, dev_server: bool = False) -> Neo4jConnection:
    """NEO4J_* settings, else the running dev server (which writes take only when ``dev_server`` names it)."""
    settings = ctx.find_object(Settings) or Settings.from_env()
    conn = resolve_connection(settings.neo4j_uri, settings.neo4j_username, settings.neo4j_password,
                              settings.neo4j_database)
    return dataclasses.replace(conn, found=False) if dev_server and not settings.neo4j_uri else conn


def _quiet_driver_notifications() -> None:
    # The driver logs every server notice as a warning; `cypher` shows them itself, once.
    logger = logging.getLogger("neo4j.notifications")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False


def _owner_option(func):
    """The ``--owner`` option of pull (reading: the default owner is fine)."""
    return click.option("--owner", envvar="STRATGRAPH_NEO4J_OWNER", default=DEFAULT_OWNER, show_default=True,
                        help=_OWNER_HELP)(func)


def _write_options(func):
    """``--owner`` (required: a write goes under an owner you give) and ``--dev-server`` of push and remove."""
    func = click.option("--dev-server", is_flag=True,
                        help="Write into the running dev server (without NEO4J_URI a write needs this: a server "
                             "found running may be someone else's).")(func)
    return click.option("--owner", envvar="STRATGRAPH_NEO4J_OWNER", required=True,
                        help=_OWNER_HELP + " Required for writes.")(func)


@click.group("neo4j")
def neo4j() -> None:
    """Neo4j: a dev server, push the store into Neo4j and pull it back as RDF.

    Where Neo4j is: NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE; without NEO4J_URI the
    running dev server (`stratgraph neo4j dev start`) is used.

    \b
    Example:
        stratgraph neo4j dev start
        stratgraph neo4j push
        stratgraph cypher 'MATCH (p:Project) RETURN p.id, p.label_fi LIMIT 5'
    """


# -- dev server -------------------------------------------------------------------------------------

@neo4j.group("dev")
def dev() -> None:
    """The local Neo4j Community dev server (jars from Maven Central, Bolt and Browser on 127.0.0.1).

    \b
    Example:
        stratgraph neo4j dev start
        stratgraph neo4j dev status --format json
        stratgraph neo4j dev stop
    """


def _home_option(func):
    return click.option("--home", type=click.Path(path_type=Path), default=None,
                        help="Server home (default: $STRATGRAPH_NEO4J_HOME or ~/.local/share/stratgraph/neo4j-dev).")(func)


def _format_status(status: dict) -> str:
    from devtools.neo4j_server.__main__ import format_status

    return format_status(status)


@dev.command("start")
@_home_option
@click.option("--timeout", type=float, default=300, show_default=True, help="Seconds to wait for Bolt.")
def dev_start(home: Path | None, timeout: float) -> None:
    """Start the dev server (the first start fetches the jars with Maven); print where to connect.

    The password of user neo4j is in the password file; it is never printed.

    \b
    Example:
        stratgraph neo4j dev start
    """
    server = DevServer(home)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("... %(message)s"))
    dev_log = logging.getLogger("devtools.neo4j_server")
    dev_log.addHandler(handler)
    dev_log.setLevel(logging.INFO)
    try:
        server.start(timeout=timeout)
    except Neo4jDevError as exc:
        raise StratgraphError(f"the Neo4j dev server did not start: {exc}") from exc
    finally:
        dev_log.removeHandler(handler)
    click.echo(_format_status(server.status()))


@dev.command("stop")
@_home_option
def dev_stop(home: Path | None) -> None:
    """Stop the dev server (its data is kept).

    \b
    Example:
        stratgraph neo4j dev stop
    """
    try:
        stopped = DevServer(home).stop()
    except Neo4jDevError as exc:
        raise StratgraphError(str(exc)) from exc
    click.echo("stopped the Neo4j dev server" if stopped else "the Neo4j dev server was not running")


@dev.command("status")
@_home_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def dev_status(ctx: click.Context, home: Path | None, fmt: str) -> None:
    """Show whether the dev server runs, where to connect and where the password file is (exit 3: stopped).

    \b
    Example:
        stratgraph neo4j dev status
    """
    status = DevServer(home).status()
    if fmt == "json":
        emit([status], "json")
    else:
        click.echo(_format_status(status))
    if not status["running"]:
        ctx.exit(3)


# -- push, pull, remove -----------------------------------------------------------------------------

class _Bar:
    """A progress bar on standard error, made at the first update (when the total is known)."""

    def __init__(self, quiet: bool) -> None:
        # Not on a terminal (CI logs, pipes) a bar is only noise.
        self.quiet, self.bar, self.done = quiet or not sys.stderr.isatty(), None, 0

    def __call__(self, done: int, total: int) -> None:
        if self.quiet:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="pushing", file=sys.stderr,
                                         show_pos=True, show_percent=True)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@neo4j.command("push")
@_write_options
@click.option("--no-captions", is_flag=True, help="Leave out `name` (Browser's caption): about a third less server "
              "CPU per element.")
@click.option("--batch-size", type=click.IntRange(1), default=DEFAULT_BATCH_SIZE, show_default=True,
              help="Rows per write transaction.")
@click.option("--workers", type=click.IntRange(1, 16), default=2, show_default=True,
              help="Write transactions at a time where they cannot collide (nodes; relationships of a first push).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
def push_cmd(ctx: click.Context, owner: str, dev_server: bool, no_captions: bool, batch_size: int, workers: int,
             fmt: str, quiet: bool) -> None:
    """Project the store into Neo4j: constraints first, then batched MERGE per label and relationship type.

    Pushing again updates Neo4j to the store and removes what the store no longer has, touching only
    this owner's data. If the server goes away half-way, run the push again to complete the sync.

    \b
    Example:
        stratgraph neo4j push --dev-server --owner city
        NEO4J_URI=neo4j+s://xxxx.databases.neo4j.io stratgraph neo4j push --owner city
    """
    conn = _connection(ctx, dev_server)
    bar = _Bar(quiet or fmt == "json")
    settings = ctx.find_object(Settings)
    try:
        with store_view(ctx, GraphStore(settings.db, read_only=True)) as store:
            report = push(store, conn, owner=owner, batch_size=batch_size, progress=bar, workers=workers,
                          captions=not no_captions)
    finally:
        bar.close()
    if fmt == "json":
        emit([report.as_dict()], "json")
        return
    click.echo(f"pushed {report.nodes:,} nodes and {report.relationships:,} relationships as {owner!r} to "
               f"{conn.database!r} in {report.seconds:.1f} s ({report.elements_per_second:,.0f} elements/s); "
               f"removed {report.deleted_nodes:,} nodes and {report.deleted_relationships:,} relationships "
               "no longer in the store")
    if report.kept_stale_nodes:
        click.echo(f"kept {report.kept_stale_nodes:,} stale nodes that other data in Neo4j still points to",
                   err=True)


@neo4j.command("pull")
@_owner_option
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Write to a file instead of standard output.")
@click.option("--format", "fmt", type=click.Choice(PULL_FORMATS), default=None,
              help="Turtle/N-Triples: the union graph; N-Quads/TriG: one graph per source. "
                   "Default: the extension of --out, else turtle.")
@click.pass_context
def pull_cmd(ctx: click.Context, owner: str, out: Path | None, fmt: str) -> None:
    """Read the pushed graph back from Neo4j as RDF (isomorphic to the store's at the last push).

    \b
    Example:
        stratgraph neo4j pull -o city.ttl
        stratgraph neo4j pull --out city.nq
        stratgraph neo4j pull --format nquads > city.nq
    """
    fmt = format_for(out, fmt, PULL_FORMATS, "turtle")
    quads = pull(_connection(ctx), owner=owner)
    if out is None:
        write_rdf(quads, fmt, sys.stdout.buffer)
        return
    with out.open("wb") as handle:
        write_rdf(quads, fmt, handle)
    click.echo(f"wrote {len(quads):,} quads to {out}", err=True)


@neo4j.command("remove")
@_write_options
@click.confirmation_option(prompt="Delete everything this owner pushed to Neo4j?")
@click.pass_context
def remove_cmd(ctx: click.Context, owner: str, dev_server: bool) -> None:
    """Delete everything an owner pushed to Neo4j (nothing else is touched).

    \b
    Example:
        stratgraph neo4j remove --owner test-city --yes
        stratgraph neo4j remove --dev-server --owner city --yes
    """
    nodes, rels = remove_owned(_connection(ctx, dev_server), owner)
    click.echo(f"removed {nodes:,} nodes and {rels:,} relationships of {owner!r}")


# -- cypher -----------------------------------------------------------------------------------------

@click.command("cypher")
@click.argument("query", required=False)
@click.option("-f", "--file", "file", help="Read the query from a file, or name a library query.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Bind $KEY to the string VALUE; KEY:=JSON binds a number, list, true or null.")
@click.option("--write", is_flag=True, help="Allow the query to write (it runs read-only otherwise).")
@click.option("--dev-server", is_flag=True, help="With --write and no NEO4J_URI: write into the running dev server.")
@click.option("--list", "list_", is_flag=True, help="List the query library (queries/cypher/) and stop.")
@click.option("--allow-service", is_flag=True, help="Allow LOAD CSV and APOC loaders (the server fetches URLs).")
@click.option("--favorites", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the library as FILE.zip for Neo4j Browser's Favorites drawer (drop it there) and stop.")
@output_options
@click.pass_context
def cypher(ctx: click.Context, query: str | None, file: str | None, params: tuple[str, ...], write: bool,
           dev_server: bool, list_: bool, allow_service: bool, favorites: Path | None, fmt: str) -> None:
    """Run a Cypher query against Neo4j: read-only unless --write, results as table, JSON or CSV.

    A syntax error is shown with its line and column. The library in queries/cypher/ answers the
    analysts' usual questions; `--list` shows them with their purpose and parameters.

    \b
    Example:
        stratgraph cypher --list
        stratgraph cypher 'MATCH (p:Project {id: $id}) RETURN p.label_fi AS name' --param id=P-HNR
        stratgraph cypher -f related_projects --param project=P-HNR --format json
        stratgraph cypher --favorites stratgraph-queries.zip
    """
    if favorites is not None:
        from queries.cypher_favorites import write_favorites

        click.echo(f"wrote {write_favorites(favorites)} saved scripts to {favorites}; drop it on Neo4j Browser's "
                   "Favorites drawer (the star)")
        return
    if list_:
        emit(cypher_lib.library_rows(cypher_lib.list_queries()), fmt, ["name", "purpose", "params"])
        return
    text = cypher_lib.read_cypher(query, file)
    _quiet_driver_notifications()
    result = cypher_lib.run_cypher(_connection(ctx, dev_server), text, cypher_lib.parse_params(params), write=write,
                                   allow_service=allow_service)
    for notice in result.notices:
        click.echo(f"warning: {notice}", err=True)
    if result.counters:
        click.echo(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in result.counters.items()), err=True)
    emit(result.rows, fmt, result.columns)
