"""One builder per cache file across processes: the web app's workers share the store's cache folder.

With ``stratgraph serve --workers N`` every worker reads the same new store version at about the same
time, and each would work out the same costly cache file (the review queue's parts: about 20 s of a core
on the real 2007-2013 list). :func:`build_once` holds an advisory lock beside the file while one process
builds it; the others wait, then find the file written and read it instead of building. A folder that
cannot hold the lock (read-only), or a wait longer than ``wait`` seconds, lets the caller build anyway:
building twice costs time, never correctness (the file is replaced atomically).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with build_once(folder / "review-matches.lock") as alone:
...     alone
True
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["build_once", "WAIT"]

#: Seconds a process waits for another's build before it builds the file itself.
WAIT = 300.0


@contextmanager
def build_once(lock_path: Path, wait: float = WAIT) -> Iterator[bool]:
    """Hold the exclusive lock ``lock_path`` while the caller builds a cache file; yields True when held
    (another process holding it was waited for: read the file again before building), False when the lock
    could not be had (a read-only folder, or ``wait`` seconds passed).

    >>> import tempfile, pathlib, subprocess, sys
    >>> lock = pathlib.Path(tempfile.mkdtemp()) / "part.lock"
    >>> other = subprocess.Popen([sys.executable, "-c", "import sys, time; from graph_model.build_once import "
    ...     "build_once\\nwith build_once(__import__('pathlib').Path(sys.argv[1])):\\n print('held', flush=True); "
    ...     "time.sleep(1)", str(lock)], stdout=subprocess.PIPE, text=True)
    >>> other.stdout.readline().strip()
    'held'
    >>> start = time.monotonic()
    >>> with build_once(lock) as held:
    ...     held, time.monotonic() - start > 0.3  # waited for the other process's build
    (True, True)
    >>> other.wait()
    0
    """
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield False
        return
    try:
        held = _take(fd, wait)
        try:
            yield held
        finally:
            if held:
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _take(fd: int, wait: float) -> bool:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)
