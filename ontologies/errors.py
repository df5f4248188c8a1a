"""The one exception root of stratgraph, at the bottom layer so that every layer can raise it.

The CLI (``stratgraph/cli.py``) turns these into messages and exit codes in one place:
:class:`InputError` and its subclasses exit with 1, :class:`UsageError` with 2.

>>> issubclass(InputError, StratgraphError)
True
"""

from __future__ import annotations

__all__ = ["StratgraphError", "SchemaError", "InputError", "UsageError", "NotFoundError", "StoreError"]


class StratgraphError(Exception):
    """Root of every error stratgraph raises on purpose."""

    exit_code = 1


class SchemaError(StratgraphError):
    """The hand-edited schema is malformed."""


class InputError(StratgraphError):
    """Input data is wrong (bad file, bad rows, bad query); nothing was changed."""


class NotFoundError(InputError):
    """A named thing (project id, source, query file) does not exist."""


class StoreError(StratgraphError):
    """The embedded store cannot be opened or written."""


class UsageError(StratgraphError):
    """A command was called wrongly (conflicting or missing options)."""

    exit_code = 2
