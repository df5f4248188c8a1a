"""One writer or many readers per store, across processes: an advisory lock file inside the store folder.

Oxigraph (RocksDB) refuses a second writer by itself, but a reader that opens the store while another
process writes it sees undefined data. So a writer holds an exclusive lock and readers a shared one,
each waiting up to ``$STRATGRAPH_LOCK_WAIT`` seconds (default 30) and then stopping with a message that
says which process holds the store. Within one process, stores opened on the same folder share the lock.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "x.db"
>>> with StoreLock(folder, exclusive=True):
...     (folder / LOCK_NAME).is_file()
True
"""

from __future__ import annotations

import fcntl
import os
import sys
import threading
import time
from pathlib import Path

from ontologies.errors import StoreError

__all__ = ["LOCK_NAME", "StoreLock", "lock_wait"]

LOCK_NAME = "stratgraph.lock"
_HELD: dict[Path, list] = {}  # folder -> [file descriptor, exclusive?, users] held by this process
_GUARD = threading.Lock()  # threads (the web app's) share _HELD


def lock_wait() -> float:
    """Seconds to wait for another process's lock: ``$STRATGRAPH_LOCK_WAIT`` (default 30)."""
    return float(os.environ.get("STRATGRAPH_LOCK_WAIT") or 30)


class StoreLock:
    """The lock on store folder ``path``; a context manager, or :meth:`acquire` / :meth:`release`."""

    def __init__(self, path: Path, *, exclusive: bool):
        self.path = Path(path).resolve()
        self.exclusive = exclusive
        self.held = False

    def __enter__(self) -> StoreLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

    def try_acquire(self) -> bool:
        """Take the lock if it is free now (no waiting); True when taken."""
        try:
            self.acquire(wait=0)
        except StoreError:
            return False
        return True

    def acquire(self, wait: float | None = None) -> StoreLock:
        """Take the lock, waiting up to ``wait`` seconds (default :func:`lock_wait`); raise StoreError when
        it stays taken. Threads of one process share the lock through a registry guarded by a mutex (held
        for one non-blocking try at a time, never while waiting)."""
        wait = lock_wait() if wait is None else wait
        deadline = time.monotonic() + wait
        while True:
            with _GUARD:
                outcome = self._try_once()
            if outcome is not None:
                return outcome
            if time.monotonic() >= deadline:
                with _GUARD:
                    upgrading = self.path in _HELD
                if upgrading:
                    raise StoreError(f"the store {self.path} is busy: another process reads it")
                raise StoreError(f"the store {self.path} is busy: {self._holder()} has it open for writing; "
                                 f"waited {wait:g} s (STRATGRAPH_LOCK_WAIT); nothing was changed")
            time.sleep(0.05)

    def _try_once(self) -> StoreLock | None:
        """One non-blocking try (the caller holds ``_GUARD``): self when taken, else None."""
        held = _HELD.get(self.path)
        if held is not None:
            if self.exclusive and not held[1]:  # a reader in this process now writes: upgrade
                if not self._try(held[0], True, 0):
                    return None
                held[1] = True
            held[2] += 1
            self.held = True
            return self
        fd = self._open()
        if fd is None:  # a folder nobody can write: nobody can change it under us either
            return self
        if not self._try(fd, self.exclusive, 0):
            os.close(fd)
            return None
        if self.exclusive:
            os.ftruncate(fd, 0)
            os.write(fd, f"pid {os.getpid()}: {' '.join(sys.argv[:3])}\n".encode())
        _HELD[self.path] = [fd, self.exclusive, 1]
        self.held = True
        return self

    def release(self) -> None:
        """Give the lock back (the last user in this process unlocks the file)."""
        if not self.held:
            return
        self.held = False
        with _GUARD:
            held = _HELD[self.path]
            held[2] -= 1
            if held[2] == 0:
                del _HELD[self.path]
                fcntl.flock(held[0], fcntl.LOCK_UN)
                os.close(held[0])

    def _open(self) -> int | None:
        try:
            if self.exclusive:
                self.path.mkdir(parents=True, exist_ok=True)
            return os.open(self.path / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError as exc:
            if self.exclusive:
                raise StoreError(f"the store {self.path} is read-only here ({exc.strerror}); "
                                 "nothing was changed") from exc
            return None
        except OSError as exc:
            if not self.exclusive:
                return None  # the caller reports a missing or unreadable store
            raise StoreError(f"cannot lock the store {self.path}: {exc.strerror}") from exc

    def _try(self, fd: int, exclusive: bool, wait: float) -> bool:
        deadline = time.monotonic() + wait
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        while True:
            try:
                fcntl.flock(fd, mode)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.05)

    def _holder(self) -> str:
        try:
            text = (self.path / LOCK_NAME).read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            text = ""
        return f"another stratgraph process ({text})" if text else "another stratgraph process"
