"""The ``neo4j`` user's password: generated once into ``HOME/password`` (mode 0600), set before the first start.

It is read from the file by the admin tool (picocli ``@file``), so it never shows up in a process listing,
and it is never logged or printed.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import string
from pathlib import Path

from devtools.neo4j_server.common import ADMIN_TOOL, USERNAME, Neo4jDevError, _redact, _run_logged, _tail_text

__all__ = ["ensure_password", "set_initial_password"]

log = logging.getLogger(__name__)

_PASSWORD_ALPHABET = string.ascii_letters + string.digits
_PASSWORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{7,}")


def ensure_password(home: Path) -> str:
    """The password in ``home/password``, generated there first when the database is new.

    Example::

        password = ensure_password(Path("/tmp/n4j"))
    """
    path = home / "password"
    if not path.exists():
        if (home / "data" / "databases" / "system").exists():
            raise Neo4jDevError(
                f"The password file {path} is missing but the database in {home / 'data'} "
                "was already initialised with it. Restore the file, or delete "
                f"{home / 'data'} (this drops all data) to start over."
            )
        password = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(32))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(password + "\n")
        log.info("Generated a new password for user %s in %s", USERNAME, path)
        return password
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)
    password = path.read_text(encoding="utf-8").strip()
    if not _PASSWORD_RE.fullmatch(password):
        raise Neo4jDevError(
            f"The password file {path} does not hold a password this tool generated "
            "(letters, digits, '_' or '-', at least 8, not starting with '-'). "
            f"Delete it together with {home / 'data'} to start over."
        )
    return password


def set_initial_password(java: str, home: Path, password: str, env: dict[str, str]) -> None:
    """Set the password of ``home/password`` with ``neo4j-admin dbms set-initial-password``.

    Example::

        set_initial_password(find_java(), home, ensure_password(home), java_env(home))
    """
    # The admin tool reads the password from the 0600 file (picocli @file),
    # so it never shows up in a process listing.
    cmd = [
        java,
        "-Xmx256m",
        "-cp",
        str(home / "lib" / "*"),
        ADMIN_TOOL,
        "dbms",
        "set-initial-password",
        f"@{home / 'password'}",
    ]
    proc = _run_logged(cmd, 300, env=env, cwd=home)
    if proc.returncode != 0:
        raise Neo4jDevError(
            f"`neo4j-admin dbms set-initial-password` failed (exit {proc.returncode}) in "
            f"{home}. Last lines:\n{_tail_text(_redact(proc.stdout, password))}"
        )
    log.info("Set the initial password of user %s", USERNAME)
