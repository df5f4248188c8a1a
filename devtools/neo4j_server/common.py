"""What the dev server's modules share: its error, fixed names and paths, and small text and file helpers.

>>> _tail_text("a\\nb\\nc", lines=2)
'b\\nc'
>>> _redact("pw=s3cret", "s3cret")
'pw=********'
"""

from __future__ import annotations

import os
import re
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from ontologies.errors import StratgraphError

__all__ = ["Neo4jDevError", "USERNAME", "HOST", "POM_PATH", "ENTRY_POINT", "ADMIN_TOOL"]

USERNAME = "neo4j"
HOST = "127.0.0.1"
POM_PATH = Path(__file__).resolve().with_name("pom.xml")
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
_TAIL_LINES = 25
_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class Neo4jDevError(StratgraphError):
    """The dev server could not be fetched, configured, started or reached.

    The message says what went wrong and what to do about it; it never
    contains the password.

    Example::

        try:
            DevServer().start()
        except Neo4jDevError as exc:
            raise SystemExit(f"neo4j dev server: {exc}")
    """



def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")  # noqa: UP017 (3.10)



def _run_logged(cmd: list[str], timeout: float, **kwargs) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` without input, stdout and stderr together as text; the caller checks the exit code."""
    return subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors="replace", timeout=timeout, check=False, **kwargs)


def _write_atomic(path: Path, text: str, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def _read_tail(path: Path, start: int = 0, max_bytes: int = 64 * 1024) -> str:
    with path.open("rb") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        fh.seek(max(0, min(start, size), size - max_bytes))
        return fh.read().decode("utf-8", errors="replace")


def _tail_text(text: str, lines: int = _TAIL_LINES) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _redact(text: str, password: str) -> str:
    return text.replace(password, "********") if password else text
