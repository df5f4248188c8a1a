"""The one exception root of stratgraph, at the bottom layer so that every layer can raise it.

The CLI (``stratgraph/cli.py``) turns these into messages and exit codes in one place:
:class:`InputError` and its subclasses exit with 1, :class:`UsageError` with 2.

>>> issubclass(InputError, StratgraphError)
True
"""

from __future__ import annotations

__all__ = ["StratgraphError", "SchemaError", "InputError", "UsageError", "NotFoundError", "StoreError",
           "AuthError", "ThrottledError", "ForbiddenError",
           "ConflictError", "BusyError"]


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


class ConflictError(InputError):
    """An edit was made on a stale version of its entity (the web answers 409): nothing was changed, and
    ``submitted`` holds the caller's input so that nothing they typed is lost.

    >>> err = ConflictError("stale", entity="M1", expected="a", current="b", submitted={"value": 3})
    >>> err.submitted, err.current
    ({'value': 3}, 'b')
    """

    def __init__(self, message: str, *, entity: str, expected: str, current: str, submitted: object = None):
        super().__init__(message)
        self.entity, self.expected, self.current, self.submitted = entity, expected, current, submitted


class BusyError(StoreError):
    """Another process (a CLI ingest) holds the store longer than an edit waits: the edit was refused,
    nothing was changed, and ``submitted`` holds the caller's input."""

    def __init__(self, message: str, *, submitted: object = None):
        super().__init__(message)
        self.submitted = submitted


class UsageError(StratgraphError):
    """A command was called wrongly (conflicting or missing options)."""

    exit_code = 2


class AuthError(StratgraphError):
    """Who is asking is not known: not logged in, a wrong password, an expired or revoked session (HTTP 401)."""

    status = 401


class ThrottledError(AuthError):
    """Too many failed logins for an account or from an address (``locked``: "account" or "address"): wait
    ``retry_after`` seconds (HTTP 429)."""

    status = 429

    def __init__(self, message: str, retry_after: int, locked: str = "account"):
        super().__init__(message)
        self.retry_after = retry_after
        self.locked = locked


class ForbiddenError(StratgraphError):
    """Who is asking is known but may not do this: a missing role, a target outside an editor's scope, a
    missing or wrong CSRF token (HTTP 403)."""

    status = 403
