"""The server's process: free ports, a detached launch, telling our JVM from others (``/proc`` or ``ps``),
stopping it, and a lock so that several processes can start and stop the same home.

>>> _pid_alive(os.getpid())
True
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from devtools.neo4j_server.common import ENTRY_POINT, HOST, Neo4jDevError

__all__ = ["find_server_pids", "is_server_process", "locked", "pick_port", "spawn_detached", "terminate"]

log = logging.getLogger(__name__)


@contextlib.contextmanager
def locked(home: Path) -> Iterator[None]:
    """Hold the file lock of ``home`` (``home/.lock``) for the block.

    Example::

        with locked(home):
            ...
    """
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(home / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def is_server_process(home: Path, pid: int) -> bool:
    """Whether ``pid`` is the running Neo4j server of ``home``.

    >>> is_server_process(Path("/nowhere"), os.getpid())
    False
    """
    if pid <= 0 or not _pid_alive(pid):
        return False
    args = _process_args(pid)
    if args is None:
        return False
    return ENTRY_POINT in args and f"--home-dir={home}" in args


def find_server_pids(home: Path) -> list[int]:
    """The pids of the Neo4j servers of ``home`` (by ``/proc``; none without it).

    Example::

        for pid in find_server_pids(home):
            terminate(pid, 60)
    """
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    found = []
    for entry in proc.iterdir():
        if entry.name.isdigit() and is_server_process(home, int(entry.name)):
            found.append(int(entry.name))
    return found


def terminate(pid: int, timeout: float) -> None:
    """SIGTERM, wait up to ``timeout`` seconds, then SIGKILL.

    Example::

        terminate(12345, 60)
    """
    log.info("Stopping Neo4j dev server (pid %d)", pid)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if _wait_gone(pid, timeout):
        log.info("Neo4j dev server (pid %d) stopped", pid)
        return
    log.warning(
        "Neo4j (pid %d) still running after %.0fs; sending SIGKILL", pid, timeout
    )
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    if not _wait_gone(pid, 15):
        raise Neo4jDevError(
            f"Could not stop the Neo4j process {pid}, even with SIGKILL."
        )


# -- helpers ---------------------------------------------------------------


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Mirror the server: it binds with SO_REUSEADDR, so TIME_WAIT is no conflict.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def pick_port(preferred: int, avoid: tuple[int, ...]) -> int:
    """``preferred`` when it is free on loopback, else a free port not in ``avoid``.

    >>> 0 < pick_port(7687, avoid=()) < 65536
    True
    """
    if preferred not in avoid and _port_free(preferred):
        return preferred
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((HOST, 0))
            port = sock.getsockname()[1]
        if port not in avoid:
            log.info("Port %d is busy; using %d instead", preferred, port)
            return port
    raise Neo4jDevError(f"Could not find a free TCP port on {HOST}.")


def spawn_detached(
    cmd: list[str], logfile: Path, env: dict[str, str], cwd: Path
) -> int:
    """Start ``cmd`` in a new session, reparented away from us; return its pid.

    Example::

        pid = spawn_detached(java_command(java, home), home / "logs" / "console.log", java_env(home), home)
    """
    launcher = 'log="$1"; shift; "$@" </dev/null >>"$log" 2>&1 & echo $!'
    proc = subprocess.run(
        ["/bin/sh", "-c", launcher, "sh", str(logfile), *cmd],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        start_new_session=True,
        timeout=60,
        check=False,
    )
    out = proc.stdout.strip()
    if proc.returncode != 0 or not out.isdigit():
        raise Neo4jDevError(
            f"Could not launch the Neo4j JVM (exit {proc.returncode}): {proc.stderr.strip()}"
        )
    return int(out)


def _pid_alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)  # reap it if it happens to be our child
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    if not Path("/proc").is_dir():
        return True  # no /proc (macOS): os.kill said it exists
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    # A zombie (e.g. not yet reaped by its parent) is as good as gone.
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def _process_args(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        return [a.decode(errors="replace") for a in raw.split(b"\0") if a]
    except FileNotFoundError:
        if Path("/proc").is_dir():
            return None
    except OSError:
        return None
    try:  # no /proc (macOS): ask ps
        out = subprocess.run(
            ["ps", "-ww", "-o", "command=", "-p", str(pid)],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.split() or None


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _pid_alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)
    return True

