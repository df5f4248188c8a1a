"""The dev server of one home directory: start, stop, status and its connection.

The pieces live beside it: :mod:`.fetch` (Java and the jars), :mod:`.password`, :mod:`.config`
(JVM command line and neo4j.conf) and :mod:`.process` (ports, launch, pids, lock).
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

from neo4j.exceptions import AuthError, DriverError, Neo4jError

from devtools.neo4j_server.common import HOST, USERNAME, Neo4jDevError, _now, _read_tail, _redact, _tail_text, \
    _write_atomic
from devtools.neo4j_server.config import java_command, java_env, write_config
from devtools.neo4j_server.fetch import _pom_neo4j_version, fetch_jars, find_java
from devtools.neo4j_server.password import ensure_password, set_initial_password
from devtools.neo4j_server.process import find_server_pids, is_server_process, locked, pick_port, spawn_detached, \
    terminate
from graph_model.neo4j_connection import Neo4jConnection, connection_from_state, default_home, read_dev_state

__all__ = ["DEFAULT_BOLT_PORT", "DEFAULT_HTTP_PORT", "DevServer"]

log = logging.getLogger(__name__)

DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
_CONSOLE_MARKER = "=== stratgraph neo4j_dev start"


class DevServer:
    """A Neo4j Community dev server living in one home directory.

    All methods may be called from several processes: start and stop take a
    file lock in the home directory.

    Example::

        server = DevServer()               # or DevServer(Path("/tmp/n4j"))
        conn = server.start()
        print(server.status()["uri"])
        server.stop()
    """

    def __init__(self, home: Path | None = None) -> None:
        """Use ``home`` (default: :func:`default_home`); nothing is started yet.

        Example::

            server = DevServer(Path("~/n4j-home").expanduser())
        """
        self.home = (
            Path(home if home is not None else default_home()).expanduser().absolute()
        )

    # -- paths -------------------------------------------------------------

    @property
    def password_file(self) -> Path:
        """The file holding the ``neo4j`` user's password (mode 0600).

        Example::

            DevServer().password_file  # ~/.local/share/stratgraph/neo4j-dev/password
        """
        return self.home / "password"

    @property
    def state_file(self) -> Path:
        """``HOME/state.json``: pid, ports and version of the running server.

        Example::

            json.loads(DevServer().state_file.read_text())["pid"]
        """
        return self.home / "state.json"

    @property
    def log_file(self) -> Path:
        """The server's user log, ``HOME/logs/neo4j.log``.

        Example::

            print(DevServer().log_file.read_text()[-2000:])
        """
        return self.home / "logs" / "neo4j.log"

    @property
    def _console_log(self) -> Path:
        return self.home / "logs" / "console.log"

    @property
    def _system_db_dir(self) -> Path:
        return self.home / "data" / "databases" / "system"

    # -- public API --------------------------------------------------------

    def start(self, timeout: float = 300) -> Neo4jConnection:
        """Start the server (if needed) and return a working connection.

        Idempotent: if the server of this home is already running and answers
        on Bolt with the password, its connection is returned unchanged.
        Otherwise the jars are fetched with Maven when missing, the config is
        written, the JVM is started detached, and this waits up to ``timeout``
        seconds (the Maven fetch is not counted) for Bolt to accept the
        password.  A server that does not come up in time is killed.

        Raises :class:`Neo4jDevError` (java or mvn missing, mvn failed, the
        server died or did not answer in time; the message has the tail of
        the relevant output).

        Example::

            conn = DevServer().start(timeout=120)
            with conn.driver() as driver:
                driver.execute_query("RETURN 1", database_=conn.database)
        """
        self.home.mkdir(parents=True, exist_ok=True)
        with locked(self.home):
            state = read_dev_state(self.home)
            if state is not None:
                pid = int(state.get("pid", 0))
                if is_server_process(self.home, pid):
                    conn = self._connection_from_state(state)
                    log.info(
                        "Neo4j dev server already running (pid %d) at %s", pid, conn.uri
                    )
                    self._wait_for_bolt(conn, pid, time.monotonic() + timeout)
                    return conn
                log.info(
                    "Removing stale state file %s (pid %s is gone)",
                    self.state_file,
                    pid,
                )
                self.state_file.unlink(missing_ok=True)
            for orphan in find_server_pids(self.home):
                log.warning(
                    "Stopping Neo4j process %d of %s that has no state file",
                    orphan,
                    self.home,
                )
                terminate(orphan, 60)
            return self._start_new(timeout)

    def stop(self, timeout: float = 60) -> bool:
        """Stop the server: SIGTERM, wait up to ``timeout`` seconds, then SIGKILL.

        Returns True if a running server was stopped, False if none was
        running.  Data in ``HOME/data`` is kept.

        Example::

            if DevServer().stop():
                print("stopped")
        """
        if not self.home.exists():
            return False
        with locked(self.home):
            pids: list[int] = []
            state = read_dev_state(self.home)
            if state is not None and is_server_process(self.home, int(state.get("pid", 0))):
                pids.append(int(state["pid"]))
            pids += [p for p in find_server_pids(self.home) if p not in pids]
            for pid in pids:
                terminate(pid, timeout)
            self.state_file.unlink(missing_ok=True)
            return bool(pids)

    def status(self) -> dict[str, Any]:
        """Describe the server; never includes the password.

        Keys: ``running`` (bool), ``pid``, ``uri`` (Bolt), ``http_url``
        (Neo4j Browser at ``http_url + "browser/"``), ``home``, ``version``,
        ``username``, ``password_file``, ``log_file``, ``bolt_port``,
        ``http_port``, ``started_at``.  Connection fields are None when the
        server is not running.

        Example::

            st = DevServer().status()
            if st["running"]:
                print(st["uri"], st["version"])
        """
        state = read_dev_state(self.home) or {}
        pid = int(state.get("pid", 0)) if state else 0
        running = bool(state) and is_server_process(self.home, pid)
        if not running:
            state = {}
        return {
            "running": running,
            "pid": pid if running else None,
            "uri": state.get("uri"),
            "http_url": state.get("http_url"),
            "home": str(self.home),
            "version": state.get("version") or _pom_neo4j_version(),
            "username": USERNAME,
            "password_file": str(self.password_file),
            "log_file": str(self.log_file),
            "bolt_port": state.get("bolt_port"),
            "http_port": state.get("http_port"),
            "started_at": state.get("started_at"),
        }

    def connection(self) -> Neo4jConnection:
        """The connection of the running server, password read from the password file.

        Raises :class:`Neo4jDevError` if the server is not running or the
        password file is missing.

        Example::

            conn = DevServer().connection()
            driver = conn.driver()
        """
        state = read_dev_state(self.home)
        if state is None or not is_server_process(self.home, int(state.get("pid", 0))):
            raise Neo4jDevError(
                f"The Neo4j dev server in {self.home} is not running; start it with "
                "`scripts/neo4j-dev start` (or DevServer().start())."
            )
        return self._connection_from_state(state)

    # -- starting ----------------------------------------------------------

    def _start_new(self, timeout: float) -> Neo4jConnection:
        java = find_java()
        version = _pom_neo4j_version()
        fetch_jars(self.home, version)
        for sub in ("conf", "data", "logs", "run", "plugins", "import"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        password = ensure_password(self.home)
        bolt_port = pick_port(DEFAULT_BOLT_PORT, avoid=())
        http_port = pick_port(DEFAULT_HTTP_PORT, avoid=(bolt_port,))
        write_config(self.home, bolt_port, http_port)
        if not self._system_db_dir.exists():
            set_initial_password(java, self.home, password, java_env(self.home))

        cmd = java_command(java, self.home)
        with self._console_log.open("a", encoding="utf-8") as fh:
            fh.write(f"{_CONSOLE_MARKER} {_now()} ===\n")
        log_offset = self.log_file.stat().st_size if self.log_file.is_file() else 0
        pid = spawn_detached(cmd, self._console_log, java_env(self.home), cwd=self.home)
        uri = f"bolt://{HOST}:{bolt_port}"
        http_url = f"http://{HOST}:{http_port}/"
        state = {
            "pid": pid,
            "bolt_port": bolt_port,
            "http_port": http_port,
            "uri": uri,
            "http_url": http_url,
            "version": version,
            "home": str(self.home),
            "started_at": _now(),
        }
        _write_atomic(self.state_file, json.dumps(state, indent=2) + "\n", 0o644)
        log.info("Started Neo4j %s (pid %d), waiting for Bolt on %s", version, pid, uri)
        conn = Neo4jConnection(uri=uri, username=USERNAME, password=password)
        try:
            self._wait_for_bolt(conn, pid, time.monotonic() + timeout, log_offset)
        except BaseException:
            if is_server_process(self.home, pid):
                terminate(pid, 30)
            self.state_file.unlink(missing_ok=True)
            raise
        # The hashed initial credential has been applied to the system database.
        (self.home / "data" / "dbms" / "auth.ini").unlink(missing_ok=True)
        log.info("Neo4j dev server ready at %s (browser %sbrowser/)", uri, http_url)
        return conn

    def _wait_for_bolt(
        self, conn: Neo4jConnection, pid: int, deadline: float, log_offset: int = 0
    ) -> None:
        last_error = "no attempt yet"
        while True:
            if not is_server_process(self.home, pid):
                raise Neo4jDevError(
                    f"The Neo4j server process (pid {pid}) exited before Bolt answered on "
                    f"{conn.uri}.\n{self._log_tails(conn.password, log_offset)}"
                )
            try:
                # An auto-commit query: execute_query would retry (and log) by itself.
                with (
                    conn.driver(
                        connection_timeout=3.0, connection_acquisition_timeout=10.0
                    ) as driver,
                    driver.session(database=conn.database) as session,
                ):
                    session.run("RETURN 1").consume()
                return
            except AuthError as exc:
                raise Neo4jDevError(
                    f"Neo4j at {conn.uri} rejected the password in {self.password_file} "
                    f"({exc.code}). The database in {self.home / 'data'} was initialised with "
                    "another password: restore the file, or stop the server and delete "
                    f"{self.home / 'data'} (this drops all data) to start over."
                ) from exc
            except (DriverError, Neo4jError, OSError) as exc:
                last_error = f"{type(exc).__name__}: {exc}"
            if time.monotonic() >= deadline:
                raise Neo4jDevError(
                    f"The Neo4j server (pid {pid}) did not answer on {conn.uri} in time "
                    f"(last error: {_redact(last_error, conn.password)}). Try a larger timeout "
                    f"or look at the logs in {self.home / 'logs'}.\n"
                    f"{self._log_tails(conn.password, log_offset)}"
                )
            time.sleep(0.5)

    def _log_tails(self, password: str, log_offset: int = 0) -> str:
        parts = []
        for path in (self.log_file, self._console_log):
            if not path.is_file():
                continue
            text = _redact(
                _read_tail(path, log_offset if path == self.log_file else 0), password
            )
            if path == self._console_log:  # only this start's JVM output, if any
                text = text.rpartition(_CONSOLE_MARKER)[2].partition("\n")[2]
            if text.strip():
                parts.append(f"--- last lines of {path} ---\n{_tail_text(text)}")
        return "\n".join(parts) if parts else f"(no log files in {self.home / 'logs'})"

    # -- state and processes -----------------------------------------------

    def _connection_from_state(self, state: dict[str, Any]) -> Neo4jConnection:
        conn = connection_from_state(self.home, state)
        if conn is None:
            raise Neo4jDevError(
                f"The password file {self.password_file} is missing. Restore it, or stop the "
                f"server and delete {self.home / 'data'} (this drops all data) to start over."
            )
        return conn
