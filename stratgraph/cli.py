"""The ``stratgraph`` command line: each command parses options, calls the library and formats.

Errors are turned into messages and exit codes in one place (:class:`ErrorHandlingGroup`): bad input
exits with 1, bad usage with 2, and no traceback is shown.
"""

from __future__ import annotations

import importlib
import signal
import sys
from pathlib import Path

import click

from graph_model.export import EXPORT_FORMATS, export
from graph_model.store import GraphStore
from ingest.account import summarise
from ingest.pipeline import IngestReport, ingest
from ingest.problems import InvalidInput
from ingest.template import write_template
from ontologies.errors import StratgraphError
from queries.sparql import read_query, run_select
from stratgraph import __version__
from stratgraph.api.tables import SOURCE_COLUMNS, stats_rows
from stratgraph.options import adopt, format_for, os_error_text, store_view
from stratgraph.output import emit, format_changes, output_options
from stratgraph.settings import Settings


#: Commands that live in their own modules, imported only when used (or listed by --help), so that a
#: quick `stratgraph ingest` does not pay for Neo4j, scikit-learn and matplotlib imports.
LAZY_COMMANDS = {
    "related": "stratgraph.analysis_cli:related",
    "links": "stratgraph.analysis_cli:links",
    "import-cordis": "stratgraph.analysis_cli:import_cordis_cmd",
    "duplicates": "stratgraph.analysis_cli:duplicates",
    "silos": "stratgraph.structure_cli:silos",
    "gaps": "stratgraph.structure_cli:gaps",
    "network": "stratgraph.structure_cli:network",
    "coverage": "stratgraph.structure_cli:coverage_cmd",
    "map": "stratgraph.visual_cli:map_cmd",
    "report": "stratgraph.visual_cli:report_cmd",
    "neo4j": "stratgraph.neo4j_cli:neo4j",
    "cypher": "stratgraph.neo4j_cli:cypher",
    "mapping": "stratgraph.import_cli:mapping",
    "match": "stratgraph.import_cli:match",
    "import-register": "stratgraph.import_cli:import_register_cmd",
    "import-popolo": "stratgraph.import_cli:import_popolo_cmd",
    "import-kumu": "stratgraph.import_cli:import_kumu_cmd",
    "export-kumu": "stratgraph.import_cli:export_kumu_cmd",
    "followup": "stratgraph.followup_cli:followup_cmd",
    "crosswalk": "stratgraph.followup_cli:crosswalk_cmd",
    "serve": "stratgraph.serve_cli:serve",
    "users": "stratgraph.users_cli:users",
    "observe": "stratgraph.edits_cli:observe_cmd",
    "history": "stratgraph.edits_cli:history_cmd",
    "revert": "stratgraph.edits_cli:revert_cmd",
    "comment": "stratgraph.edits_cli:comment_cmd",
    "owe": "stratgraph.edits_cli:owe_cmd",
    "digest": "stratgraph.edits_cli:digest_cmd",
    "backup": "stratgraph.edits_cli:backup_cmd",
    "restore": "stratgraph.edits_cli:restore_cmd",
}


class ErrorHandlingGroup(click.Group):
    """A click group that turns stratgraph errors into a message and an exit code, and loads the
    commands of :data:`LAZY_COMMANDS` on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS and name not in self.commands:
            module, attr = LAZY_COMMANDS[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return adopt(super().get_command(ctx, name), name)  # --db after the command too

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InvalidInput as exc:
            fmt = ctx.meta.get("problem_format", "table")
            if fmt == "json":
                emit([p.as_dict() for p in exc.problems], "json")
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except StratgraphError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:  # a file to write is a folder, the disk is full, the folder is read-only, ...
            click.echo(f"Error: {os_error_text(exc)}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted; the store is unchanged.", err=True)
            ctx.exit(130)


def _settings(ctx: click.Context) -> Settings:
    return ctx.find_object(Settings)


def _open_store(ctx: click.Context, read_only: bool = False) -> GraphStore:
    store = GraphStore(_settings(ctx).db, read_only=read_only)
    for note in store.notes:  # what an interrupted ingest left, and was cleaned
        click.echo(f"Note: {note}", err=True)
    return store


def _progress(quiet: bool):
    return (lambda msg: None) if quiet else (lambda msg: click.echo(f"... {msg}", err=True))


@click.group(cls=ErrorHandlingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", type=click.Path(path_type=Path), envvar="STRATGRAPH_DB", default="stratgraph.db",
              show_default=True, help="The embedded store (a folder); env STRATGRAPH_DB.")
@click.version_option(__version__, prog_name="stratgraph")
@click.pass_context
def cli(ctx: click.Context, db: Path) -> None:
    """A knowledge graph of a city's strategy, organisation, projects, bodies, stakeholders and networks.

    \b
    Example:
        stratgraph demo
        stratgraph stats
        stratgraph sparql 'SELECT ?p ?label WHERE { ?p a sg:Project ; skos:prefLabel ?label } LIMIT 5'
    """
    ctx.obj = Settings.from_env(db=db)


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
def template(out: Path) -> None:
    """Write an empty input template: OUT.xlsx (a workbook) or OUT (a folder of CSV files).

    The 'ohje' sheet explains every column in Finnish and English; enumeration columns of the
    workbook have drop-down lists.

    \b
    Example:
        stratgraph template my-city.xlsx
        stratgraph template my-city/
    """
    for path in write_template(out):
        click.echo(f"wrote {path}")


def _print_report(report: IngestReport, fmt: str) -> None:
    if fmt == "json":
        emit([report.as_dict()], "json")
        return
    if report.status == "unchanged":
        click.echo(f"unchanged: source {report.source!r} already holds this input ({report.triples} triples); "
                   "nothing to do")
        return
    click.echo(f"{report.status}: source {report.source!r} ({report.format}) from {report.location}: "
               f"{report.entities} nodes, {report.relationships} relationships, {report.triples} triples "
               f"in {report.seconds:.1f} s")
    if report.account:
        click.echo("  " + summarise(report.account).replace("\n", "\n  "))
    for note in report.notes:
        click.echo(f"  note: {note}")
    if report.changes is not None:
        click.echo(format_changes(report.changes))


@cli.command("ingest")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--source", help="Name of the source in the store (default: the file or folder name).")
@click.option("--dry-run", is_flag=True, help="Check only; store nothing. Over an existing source, list what would "
                                             "change (nodes and relationships added, removed, changed).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
@click.option("--mapping", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="A YAML mapping: read PATH (any CSV, .csv.gz or xlsx table) through it.")
@click.option("--encoding", help="The CSV files' encoding, e.g. cp1252 or latin-1 (default: UTF-8, or a file "
                                 "that is wholly Windows-1252; a byte that does not decode is an error).")
@click.pass_context
def ingest_cmd(ctx: click.Context, path: Path, source: str | None, dry_run: bool, fmt: str, quiet: bool,
               mapping: Path | None, encoding: str | None) -> None:
    """Ingest a workbook (.xlsx), a folder of CSV files or an RDF file as one source.

    With --mapping, PATH is another system's table and the mapping file says what its rows and
    columns are (draft one with `stratgraph mapping suggest PATH`).

    Every problem is reported at once with file, sheet, row and column, and then nothing is stored
    (exit code 1). Re-ingesting a source replaces it; an unchanged input changes nothing.

    \b
    Example:
        stratgraph ingest my-city.xlsx
        stratgraph ingest exports/ --source hr-export --dry-run
        stratgraph ingest ontology-data.ttl
        stratgraph ingest projektilista.csv.gz --mapping examples/structural-funds/mapping.yaml
        stratgraph ingest old-export/ --encoding cp1252
    """
    ctx.meta["problem_format"] = "json" if fmt == "json" else "table"
    with _open_store(ctx) as store:
        _print_report(ingest(path, store, source=source, dry_run=dry_run, progress=_progress(quiet),
                             mapping=mapping, encoding=encoding), fmt)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def validate(ctx: click.Context, path: Path, fmt: str) -> None:
    """Check an input without storing it (against the store's ids when the store exists).

    \b
    Example:
        stratgraph validate my-city.xlsx
    """
    ctx.meta["problem_format"] = "json" if fmt == "json" else "table"
    db = _settings(ctx).db
    with GraphStore(db if db.exists() else None) as store:
        _print_report(ingest(path, store, dry_run=True), fmt)


@cli.group(invoke_without_command=True)
@output_options
@click.pass_context
def sources(ctx: click.Context, fmt: str) -> None:
    """List the sources in the store, or remove one.

    \b
    Example:
        stratgraph sources --format csv
        stratgraph sources remove old-export.xlsx
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(sources_list, fmt=fmt)


@sources.command("list")
@output_options
@click.pass_context
def sources_list(ctx: click.Context, fmt: str = "table") -> None:
    """List the sources: name, location, checksum, when ingested, triples.

    \b
    Example:
        stratgraph sources list --format json
    """
    with _open_store(ctx, read_only=True) as store:
        rows = [s.as_dict() for s in store.sources()]
    emit(rows, fmt, SOURCE_COLUMNS)


@sources.command("remove")
@click.argument("name")
@click.pass_context
def sources_remove(ctx: click.Context, name: str) -> None:
    """Remove a source and everything it brought.

    \b
    Example:
        stratgraph sources remove city.xlsx
    """
    with _open_store(ctx) as store:
        info = store.remove_source(name)
    click.echo(f"removed source {info.name!r} ({info.triples} triples)")


@cli.command()
@click.option("--by", type=click.Choice(["type", "source", "relation"]), default="type", show_default=True,
              help="Count nodes per type (all sources), per source and type, or relationships per type.")
@output_options
@click.pass_context
def stats(ctx: click.Context, by: str, fmt: str) -> None:
    """Count nodes per type and source, or relationships per type.

    \b
    Example:
        stratgraph stats
        stratgraph stats --by source --format csv
    """
    with _open_store(ctx, read_only=True) as store:
        rows, columns = stats_rows(store, by)  # the same rows as stratgraph.open().stats(by)
    emit(rows, fmt, columns)


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r}: write key=value", param_hint="--param")
        params[key.lstrip("$?")] = value
    return params


@cli.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "file", type=click.Path(path_type=Path), help="Read the query from a file.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Bind ?KEY to VALUE (an IRI when VALUE starts with http(s):// or urn:).")
@click.option("--allow-service", is_flag=True, help="Let SERVICE clauses fetch from other servers (off: nothing "
              "leaves this machine).")
@click.option("--short", is_flag=True, help="Show IRIs as ids (P-HNR) or prefixed names (owl:sameAs).")
@output_options
@click.pass_context
def sparql(ctx: click.Context, query: str | None, file: Path | None, params: tuple[str, ...], allow_service: bool,
           short: bool, fmt: str) -> None:
    """Run a SPARQL SELECT query over the store.

    Predeclared prefixes: sg, id (data nodes), skos, dct and dcterms, rdf, rdfs, xsd, owl, org, prov, foaf.

    \b
    Example:
        stratgraph sparql 'SELECT ?p ?label WHERE { ?p a sg:Project ; skos:prefLabel ?label }' --short
        stratgraph sparql -f queries/sparql/coverage.rq --format csv
        stratgraph sparql 'SELECT * WHERE { ?p a sg:Project ; sg:status ?status }' -p status=ongoing
        stratgraph sparql 'SELECT ?alias ?org WHERE { ?alias owl:sameAs ?org }' --short
    """
    text, bound = read_query(query, file), _params(params)
    with _open_store(ctx, read_only=True) as store:
        names, rows = run_select(store, text, bound, allow_service=allow_service, short=short)
    emit([dict(zip(names, r)) for r in rows], fmt, names)


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default=None,
              help="Default: the extension of --out (.ttl .nq .trig .nt .jsonld), else turtle.")
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Write to a file instead of standard output.")
@click.pass_context
def export_cmd(ctx: click.Context, fmt: str, out: Path | None) -> None:
    """Export the store: Turtle (union of sources), N-Quads or TriG (graph per source), JSON-LD.

    \b
    Example:
        stratgraph export -o city.nq
        stratgraph export --format jsonld > city.jsonld
    """
    fmt = format_for(out, fmt, list(EXPORT_FORMATS), "turtle")
    with store_view(ctx, _open_store(ctx, read_only=True)) as store:
        if out is None:
            export(store, fmt, sys.stdout.buffer)
        else:
            with out.open("wb") as handle:
                export(store, fmt, handle)
            click.echo(f"wrote {out}", err=True)


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--scale", type=click.Choice(["city", "region", "nation"]), default="city", show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
def synth(out: Path, scale: str, seed: int) -> None:
    """Write synthetic input (1,000 / 20,000 / 200,000 projects) to the folder OUT.

    The same seed gives the same files.

    \b
    Example:
        stratgraph synth --scale region --seed 7 /tmp/region
        stratgraph ingest /tmp/region
    """
    from devtools.synth import write_synth

    summary = write_synth(scale, seed, out)
    click.echo(f"wrote {summary.total_rows:,} rows in {len(summary.counts)} files to {out}")


@cli.command()
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
@click.pass_context
def demo(ctx: click.Context, quiet: bool) -> None:
    """Ingest the bundled example city into the store and print a summary (the main job).

    It refreshes its own example source but refuses to touch a store that holds other sources.

    \b
    Example:
        stratgraph demo
        stratgraph --db /tmp/demo.db demo
    """
    from stratgraph.demo import run_demo  # the report's imports are heavy; only the demo needs them

    result = run_demo(_settings(ctx).db, progress=_progress(quiet))
    click.echo(result.text())


@cli.group()
def schema() -> None:
    """Regenerate or check the files generated from ontologies/schema.yaml."""


@schema.command("generate")
def schema_generate() -> None:
    """Write the OWL ontology, SHACL shapes and Python types from the schema.

    \b
    Example:
        stratgraph schema generate
    """
    from ontologies.generate import ROOT, write_all

    changed = write_all()
    for path in changed:
        click.echo(f"wrote {path.relative_to(ROOT)}")
    if not changed:
        click.echo("all generated files are up to date")


@schema.command("check")
def schema_check() -> None:
    """Exit with 1 when a generated file is out of date.

    \b
    Example:
        stratgraph schema check
    """
    from ontologies.generate import ROOT, stale_artefacts

    stale = stale_artefacts()
    if stale:
        raise StratgraphError("out of date (run `stratgraph schema generate`): "
                              + ", ".join(str(p.relative_to(ROOT)) for p in stale))
    click.echo("all generated files are up to date")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM ends a command as Ctrl-C does: staging removed, store unchanged


def main() -> None:  # pragma: no cover - console script
    """Entry point of the ``stratgraph`` console script."""
    signal.signal(signal.SIGTERM, _interrupt)
    cli(prog_name="stratgraph")
