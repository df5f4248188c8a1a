"""Command-line habits shared by every command: ``--db`` after the command, formats from file extensions.

``stratgraph report --db x.db`` means the same as ``stratgraph --db x.db report`` (the one written after
the command wins). A file name's extension names its format; a ``--format`` that contradicts it is a
usage error (exit 2):

>>> format_for(Path("city.nq"), None, ("turtle", "nquads"), "turtle")
'nquads'
>>> format_for(None, None, ("turtle", "nquads"), "turtle")
'turtle'
>>> format_for(Path("city.nq"), "turtle", ("turtle", "nquads"), "turtle")
Traceback (most recent call last):
...
click.exceptions.UsageError: --format turtle contradicts the extension of city.nq (nquads); drop --format or rename the file
"""

from __future__ import annotations

import dataclasses
import datetime
from contextlib import contextmanager
from collections.abc import Callable, Sequence
from pathlib import Path

import click
from click.core import ParameterSource

__all__ = ["parse_as_of", "as_of_option", "PSEUDONYMISE_COMMANDS", "store_view", "os_error_text", "EXTENSION_FORMATS", "STORE_COMMANDS", "format_for", "adopt", "out_option", "chosen_output"]

#: What a file's extension says about its format (the names the commands' ``--format`` choices use).
EXTENSION_FORMATS = {".ttl": "turtle", ".nq": "nquads", ".trig": "trig", ".nt": "ntriples", ".jsonld": "jsonld",
                     ".csv": "csv", ".json": "json", ".xlsx": "xlsx", ".html": "html", ".htm": "html",
                     ".png": "png", ".svg": "svg"}

#: The commands that read or write the embedded store (their path below the main group): each accepts
#: ``--db`` after its name. A test walks every command and fails on one that is in neither list.
STORE_COMMANDS = frozenset({"ingest", "validate", "sources", "sources list", "sources remove", "stats", "sparql",
                            "export", "demo", "related", "links", "import-cordis", "silos", "gaps", "network",
                            "coverage", "map", "report", "neo4j push", "followup", "crosswalk", "duplicates",
                            "match", "import-register", "import-popolo", "import-kumu", "export-kumu", "serve",
                            "observe", "history", "revert", "comment", "owe", "backup", "digest"})
#: Commands that never touch the store (templates, synthetic data, the schema, Neo4j only).
STORELESS_COMMANDS = frozenset({"template", "synth", "schema", "schema generate", "schema check", "neo4j",
                                "neo4j dev", "neo4j dev start", "neo4j dev stop", "neo4j dev status",
                                "neo4j pull", "neo4j remove", "cypher", "mapping", "mapping suggest", "restore"})

#: The commands whose output may leave the organisation: each takes ``--pseudonymise``.
PSEUDONYMISE_COMMANDS = frozenset({"export", "report", "map", "neo4j push"})

_OUT_KEY = "stratgraph.out"
_PSEUDONYMISE_KEY = "stratgraph.pseudonymise"


def format_for(out: Path | None, given: str | None, choices: Sequence[str], default: str) -> str:
    """The format to write ``out`` in: the one its extension names, else ``given``, else ``default``.

    Raises click.UsageError when ``given`` contradicts the extension or the extension names a format
    this command cannot write.
    """
    named = EXTENSION_FORMATS.get(out.suffix.lower()) if out is not None else None
    if named is None:
        return given or default
    if named not in choices:
        raise click.UsageError(f"{out.name}: this command cannot write {named}; "
                               f"write one of {', '.join(choices)}")
    if given is not None and given != named:
        raise click.UsageError(f"--format {given} contradicts the extension of {out.name} ({named}); "
                               "drop --format or rename the file")
    return named


def _given(ctx: click.Context, name: str, value):
    """``value`` if the user wrote the option (or set its variable), else None (a default)."""
    source = ctx.get_parameter_source(name)
    return value if source in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT) else None


def _set_db(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    from stratgraph.settings import Settings  # the settings object the main group built

    if value is None:
        return
    settings = ctx.find_object(Settings)
    ctx.obj = dataclasses.replace(settings, db=value) if settings else Settings.from_env(db=value)


def _db_option() -> click.Option:
    return click.Option(["--db"], type=click.Path(path_type=Path), default=None, expose_value=False,
                        callback=_set_db, help="The embedded store (also accepted before the command).")


def adopt(command: click.Command | None, path: str = "") -> click.Command | None:
    """Give ``command`` (and its subcommands) the shared ``--db`` option where it uses the store.

    Idempotent; called when the main group hands out a command.
    """
    if command is None:
        return None
    if path in STORE_COMMANDS and not any("--db" in p.opts for p in command.params):
        command.params.append(_db_option())
    if path in PSEUDONYMISE_COMMANDS and not any("--pseudonymise" in p.opts for p in command.params):
        command.params.append(click.Option(
            ["--pseudonymise"], is_flag=True, expose_value=False, callback=_remember_pseudonymise,
            help="Replace persons' names with stable pseudonyms (roles stay), to share outside the organisation."))
    for name, sub in getattr(command, "commands", {}).items():
        adopt(sub, f"{path} {name}".strip())
    return command


def _remember_pseudonymise(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[_PSEUDONYMISE_KEY] = True


@contextmanager
def store_view(ctx: click.Context, store):
    """Use ``store`` (a GraphStore, closed at the end), or its pseudonymised copy with ``--pseudonymise``."""
    with store:
        if not ctx.meta.get(_PSEUDONYMISE_KEY):
            yield store
            return
        from graph_model.pseudonymise import pseudonymised

        with pseudonymised(store) as copy:
            yield copy


def _remember_out(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.meta[_OUT_KEY] = value


def out_option(func: Callable) -> Callable:
    """``-o/--out FILE`` for a listing command: .csv, .json or .xlsx by the extension (see :func:`chosen_output`)."""
    return click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), expose_value=False,
                        callback=_remember_out,
                        help="Write the rows to FILE (.csv, .json or .xlsx; the extension gives the format).")(func)


def chosen_output(fmt: str, choices: Sequence[str]) -> tuple[Path | None, str]:
    """The current command's ``--out`` file (or None) and the format to write: from the extension, else
    ``--format``. Raises click.UsageError when they contradict each other."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return None, fmt
    out, given, here = ctx.meta.get(_OUT_KEY), None, ctx
    while here is not None and given is None:  # `sources --format x` runs `sources list` in a new context
        given = _given(here, "fmt", here.params.get("fmt"))
        here = here.parent
    return out, format_for(out, given, choices, fmt)


def os_error_text(exc: OSError) -> str:
    """A one-line message for a failed file operation.

    >>> os_error_text(IsADirectoryError(21, "Is a directory", "."))
    '.: Is a directory'
    >>> os_error_text(OSError(28, "No space left on device"))
    'No space left on device'
    """
    text = exc.strerror or str(exc) or type(exc).__name__
    return f"{exc.filename}: {text}" if exc.filename else text


def parse_as_of(ctx, param, value: str | None) -> datetime.date | None:
    """Click callback: an ISO date (or 31.12.2025) for ``--as-of``; a bad date is a usage error (exit 2).

    >>> parse_as_of(None, None, "31.12.2024")
    datetime.date(2024, 12, 31)
    >>> parse_as_of(None, None, "2024-02-30")
    Traceback (most recent call last):
    ...
    click.exceptions.BadParameter: '2024-02-30' is not a date; write 2025-12-31 or 31.12.2025
    """
    if value is None:
        return None
    try:
        if "." in value:
            d, m, y = value.split(".")
            return datetime.date(int(y), int(m), int(d))
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write 2025-12-31 or 31.12.2025") from None


def as_of_option(help: str = "As things were on this date: memberships, roles and running projects "  # noqa: A002
                 "(2025-12-31 or 31.12.2025).") -> Callable:
    """``--as-of DATE`` (a :class:`datetime.date` or None), the same option on every dated command.

    >>> @click.command()
    ... @as_of_option()
    ... def show(as_of):
    ...     click.echo(as_of)
    >>> from click.testing import CliRunner
    >>> CliRunner().invoke(show, ["--as-of", "1.6.2025"]).output.strip()
    '2025-06-01'
    """
    return click.option("--as-of", "as_of", metavar="DATE", callback=parse_as_of, help=help)
