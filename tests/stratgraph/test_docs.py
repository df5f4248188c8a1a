"""Every command documents itself with an example, so that --help can teach."""

from __future__ import annotations

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
