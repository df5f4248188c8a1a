"""Every command documents itself with an example, so that --help can teach."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from stratgraph.cli import cli


def all_commands(group: click.Group, prefix: str = ""):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # includes the lazily loaded commands
        command = group.get_command(ctx, name)
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from all_commands(command, f"{prefix}{name} ")


@pytest.mark.parametrize("name, command", list(all_commands(cli)), ids=lambda v: v if isinstance(v, str) else "")
def test_command_has_help_with_example(name, command):
    if isinstance(command, click.Group) and not command.invoke_without_command:
        assert command.help, name
        return
    assert command.help and "Example:" in command.help, f"`stratgraph {name}` needs an Example: block"


ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# A repository path: a top-level folder of the checkout, then more path.
_PATH = re.compile(r"(?<![\w./-])((?:bench|devtools|examples|graph_model|ingest|ontologies|queries|scripts|stratgraph"
                   r"|tests|visualize)/[\w./*-]*[\w*])")


def _named_paths(text: str) -> set[str]:
    return {m.group(1) for m in _PATH.finditer(text)}


def _readme_commands() -> str:
    """The README with global options (``stratgraph --db h2020.db links``) taken out of command lines."""
    return re.sub(r"stratgraph(?: --?[\w-]+(?:[ =](?!-)\S+)?)+ ", "stratgraph ", README)


@pytest.mark.parametrize("name", [name for name, _ in all_commands(cli)])
def test_readme_mentions_every_command(name):
    assert f"stratgraph {name}" in _readme_commands(), f"README.md does not show `stratgraph {name}`"


@pytest.mark.parametrize("name, command", list(all_commands(cli)), ids=lambda v: v if isinstance(v, str) else "")
def test_help_example_is_a_block(name, command):
    if command.help and "Example:" in command.help:
        assert re.search(r"\x08\n\s*Example:\n", command.help), f"`stratgraph {name}`: put \\b before Example:"


@pytest.mark.parametrize("where, text", [("README.md", README)] + [
    (f"stratgraph {name} --help", command.help or "") for name, command in all_commands(cli)],
    ids=lambda v: v if isinstance(v, str) and len(v) < 60 else "")
def test_every_named_path_exists(where, text):
    missing = sorted(p for p in _named_paths(text) if not any(ROOT.glob(p)))
    assert not missing, f"{where} names paths that do not exist: {missing}"


def test_path_finder_sees_paths_and_nothing_else():
    text = "see queries/sparql/coverage.rq, ./stratgraph.db and stratgraph-report/index.html (or `bench/maps.py`)."
    assert _named_paths(text) == {"queries/sparql/coverage.rq", "bench/maps.py"}
