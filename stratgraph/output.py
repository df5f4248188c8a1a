"""Format lists of rows as a table, JSON or CSV: the one place the CLI turns data into text.

>>> print(render([{"a": 1, "b": "x"}], "csv").strip())
a,b
1,x
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable, Sequence

import click

from stratgraph.api.rows import cell_text
from stratgraph.options import chosen_output, out_option
from graph_model.spreadsheet import csv_writer, write_xlsx

__all__ = ["FORMATS", "output_options", "render", "emit", "format_changes"]

FORMATS = ("table", "json", "csv")


def output_options(func: Callable) -> Callable:
    """Add ``--format table|json|csv`` and ``-o/--out FILE`` (.csv, .json, .xlsx) to a listing command."""
    return out_option(click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                                   help="How to print the result.")(func))


def _cell(value: object) -> object:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else cell_text(value)


def render(rows: Sequence[dict], fmt: str, columns: Sequence[str] | None = None, title: str | None = None) -> str:
    """Rows (dicts) as text in ``fmt``; ``columns`` fixes the order (default: the first row's keys)."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv_writer(buffer, lineterminator="\n")  # no formulas
        writer.writerow(columns)
        writer.writerows([cell_text(r.get(c)) for c in columns] for r in rows)
        return buffer.getvalue()
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=False, header_style="bold")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*[Text(cell_text(row.get(c))) for c in columns])  # Text: never read as markup
    console = Console(file=io.StringIO(), width=max(100, shutil.get_terminal_size()[0]), force_terminal=False)
    console.print(table)
    return console.file.getvalue()


def emit(rows: Sequence[dict], fmt: str, columns: Sequence[str] | None = None, title: str | None = None) -> None:
    """Print rows to standard output, or write them to the command's ``--out`` file (its extension gives
    the format: .csv, .json or .xlsx)."""
    out, fmt = chosen_output(fmt, (*FORMATS, "xlsx"))
    if out is None:
        click.echo(render(rows, fmt, columns, title), nl=False)
        return
    if fmt == "xlsx":
        columns = list(columns or (rows[0].keys() if rows else []))
        write_xlsx(out, [columns, *[[_cell(r.get(c)) for c in columns] for r in rows]])
    else:
        out.write_text(render(rows, fmt, columns, title), encoding="utf-8")
    click.echo(f"wrote {len(rows):,} rows to {out}", err=True)


def format_changes(changes: dict, limit: int = 10) -> str:
    """A refresh's changes (:meth:`graph_model.source_diff.SourceDiff.as_dict`) as text, ``limit`` of each.

    >>> print(format_changes({"nodes_added": ["U3"], "nodes_removed": [], "nodes_changed": {"U2": ["prefLabel"]},
    ...                       "relationships_added": [], "relationships_removed": [("U2", "part_of", "S1")]}))
    changes: 1 node added, 0 removed, 1 changed; 0 relationships added, 1 removed
      + U3
      ~ U2 (prefLabel)
      - U2 -part_of-> S1
    """
    from graph_model.source_diff import SourceDiff

    lines = [f"changes: {SourceDiff(**changes).summary()}"]
    lines += [f"  + {i}" for i in changes["nodes_added"][:limit]]
    lines += [f"  - {i}" for i in changes["nodes_removed"][:limit]]
    lines += [f"  ~ {i} ({', '.join(p)})" for i, p in list(changes["nodes_changed"].items())[:limit]]
    lines += [f"  + {s} -{r}-> {t}" for s, r, t in changes["relationships_added"][:limit]]
    lines += [f"  - {s} -{r}-> {t}" for s, r, t in changes["relationships_removed"][:limit]]
    return "\n".join(lines)
