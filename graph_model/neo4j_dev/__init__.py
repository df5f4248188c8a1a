"""A local Neo4j Community 5.26 LTS development server, fetched from Maven Central.

No Docker and no tarball from neo4j.com are needed: the server jars are
fetched by Maven (``pom.xml`` beside this file: ``org.neo4j:neo4j`` plus the
static Neo4j Browser ``org.neo4j.client:neo4j-browser``) into ``HOME/lib`` and
the stock entry point ``org.neo4j.server.CommunityEntryPoint`` is started with
``java -cp 'HOME/lib/*'``.  Maven caches the artifacts in ``~/.m2`` as usual,
so only the first fetch on a machine downloads anything.

The server

* listens on 127.0.0.1 only (Bolt on 7687 and HTTP/Browser on 7474, or on
  free ports if those are taken),
* has authentication enabled; user ``neo4j`` gets a random password that is
  generated once into ``HOME/password`` (mode 0600) and set with the stock
  ``neo4j-admin dbms set-initial-password`` tool before the first start,
* keeps its data in ``HOME/data`` across restarts and its logs in
  ``HOME/logs`` (``neo4j.log``, ``debug.log``, ``console.log``),
* runs detached; its pid and ports are recorded in ``HOME/state.json``
  (never the password).

HOME is the ``home`` argument, else ``$STRATGRAPH_NEO4J_HOME``, else
``~/.local/share/stratgraph/neo4j-dev``.  Memory is kept modest: heap 512m-1g
and a 256m page cache (override with ``$STRATGRAPH_NEO4J_HEAP_MAX`` and
``$STRATGRAPH_NEO4J_PAGECACHE``).

Requirements: Java 17 or 21 (``$JAVA_HOME/bin/java`` or ``java`` on PATH) and,
until the jars are in HOME/lib, Maven (``mvn``) with access to Maven Central.

Example::

    from graph_model.neo4j_dev import DevServer

    server = DevServer()
    conn = server.start()          # first start fetches the jars via mvn
    with conn.driver() as driver:
        driver.execute_query("RETURN 1", database_=conn.database)
    server.stop()

From a shell: ``scripts/neo4j-dev start|stop|status`` or
``python -m graph_model.neo4j_dev start|stop|status``.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import neo4j
from neo4j.exceptions import AuthError, DriverError, Neo4jError

__all__ = [
    "DEFAULT_BOLT_PORT",
    "DEFAULT_HTTP_PORT",
    "DevServer",
    "Neo4jConnection",
    "Neo4jDevError",
    "default_home",
]

log = logging.getLogger(__name__)

DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
USERNAME = "neo4j"
POM_PATH = Path(__file__).resolve().with_name("pom.xml")
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"

_HOST = "127.0.0.1"
#: Browser's page may load and connect to this server only (its Bolt web socket included).
_BROWSER_CSP = ("default-src 'self'; script-src 'self'; img-src 'self' data:; "
                "style-src 'self' 'unsafe-inline'; font-src 'self' data:; base-uri 'none'; object-src 'none'; "
                "frame-ancestors 'none'; connect-src 'self' ws://127.0.0.1:* http://127.0.0.1:*")
_MVN_TIMEOUT = 1800.0
_FETCH_MARKER = ".stratgraph-fetch.json"
_PASSWORD_ALPHABET = string.ascii_letters + string.digits
_PASSWORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{7,}")
_TAIL_LINES = 25
_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_CONSOLE_MARKER = "=== stratgraph neo4j_dev start"

# JVM flags of the stock neo4j.conf for 5.26 (the bootloader normally adds
# them; we start the entry point directly).
_JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
    "-Dfile.encoding=UTF-8",
)


class Neo4jDevError(Exception):
    """The dev server could not be fetched, configured, started or reached.

    The message says what went wrong and what to do about it; it never
    contains the password.

    Example::

        try:
            DevServer().start()
        except Neo4jDevError as exc:
            raise SystemExit(f"neo4j dev server: {exc}")
    """


@dataclass(frozen=True)
class Neo4jConnection:
    """How to reach a Neo4j server (the password is left out of ``repr``).

    Example::

        conn = Neo4jConnection("bolt://127.0.0.1:7687", "neo4j", "secret")
        with conn.driver() as driver:
            driver.verify_connectivity()
    """

    uri: str
    username: str
    password: str = field(repr=False)
    database: str = "neo4j"

    def driver(self, **config: Any) -> neo4j.Driver:
        """Open a ``neo4j`` driver for this connection (caller closes it).

        Example::

            with conn.driver(connection_timeout=5) as driver:
                records, _, _ = driver.execute_query(
                    "RETURN 1 AS one", database_=conn.database)
        """
        return neo4j.GraphDatabase.driver(
            self.uri, auth=(self.username, self.password), **config
        )


def default_home() -> Path:
    """The server home: ``$STRATGRAPH_NEO4J_HOME`` or ``~/.local/share/stratgraph/neo4j-dev``.

    Example::

        >>> default_home().is_absolute()
        True
    """
    env = os.environ.get("STRATGRAPH_NEO4J_HOME")
    if env:
        return Path(env).expanduser().absolute()
    return Path.home() / ".local" / "share" / "stratgraph" / "neo4j-dev"


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
    def _lib(self) -> Path:
        return self.home / "lib"

    @property
    def _conf_dir(self) -> Path:
        return self.home / "conf"

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
        with self._locked():
            state = self._read_state()
            if state is not None:
                pid = int(state.get("pid", 0))
                if self._is_server_process(pid):
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
            for orphan in self._find_server_pids():
                log.warning(
                    "Stopping Neo4j process %d of %s that has no state file",
                    orphan,
                    self.home,
                )
                self._terminate(orphan, 60)
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
        with self._locked():
            pids: list[int] = []
            state = self._read_state()
            if state is not None and self._is_server_process(int(state.get("pid", 0))):
                pids.append(int(state["pid"]))
            pids += [p for p in self._find_server_pids() if p not in pids]
            for pid in pids:
                self._terminate(pid, timeout)
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
        state = self._read_state() or {}
        pid = int(state.get("pid", 0)) if state else 0
        running = bool(state) and self._is_server_process(pid)
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
        state = self._read_state()
        if state is None or not self._is_server_process(int(state.get("pid", 0))):
            raise Neo4jDevError(
                f"The Neo4j dev server in {self.home} is not running; start it with "
                "`scripts/neo4j-dev start` (or DevServer().start())."
            )
        return self._connection_from_state(state)

    # -- starting ----------------------------------------------------------

    def _start_new(self, timeout: float) -> Neo4jConnection:
        java = _find_java()
        version = _pom_neo4j_version()
        self._fetch_jars(version)
        for sub in ("conf", "data", "logs", "run", "plugins", "import"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        password = self._ensure_password()
        bolt_port = _pick_port(DEFAULT_BOLT_PORT, avoid=())
        http_port = _pick_port(DEFAULT_HTTP_PORT, avoid=(bolt_port,))
        self._write_config(bolt_port, http_port)
        if not self._system_db_dir.exists():
            self._set_initial_password(java, password)

        cmd = [
            java,
            f"-Xms{_heap_initial()}",
            f"-Xmx{_heap_max()}",
            *_JVM_FLAGS,
            "-cp",
            str(self._lib / "*"),
            ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self._conf_dir}",
        ]
        with self._console_log.open("a", encoding="utf-8") as fh:
            fh.write(f"{_CONSOLE_MARKER} {_now()} ===\n")
        log_offset = self.log_file.stat().st_size if self.log_file.is_file() else 0
        pid = _spawn_detached(cmd, self._console_log, self._java_env(), cwd=self.home)
        uri = f"bolt://{_HOST}:{bolt_port}"
        http_url = f"http://{_HOST}:{http_port}/"
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
            if self._is_server_process(pid):
                self._terminate(pid, 30)
            self.state_file.unlink(missing_ok=True)
            raise
        # The hashed initial credential has been applied to the system database.
        (self.home / "data" / "dbms" / "auth.ini").unlink(missing_ok=True)
        log.info("Neo4j dev server ready at %s (browser %sbrowser/)", uri, http_url)
        return conn

    def _fetch_jars(self, version: str) -> None:
        pom_sha = hashlib.sha256(POM_PATH.read_bytes()).hexdigest()
        marker = self._lib / _FETCH_MARKER
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(marker.read_text(encoding="utf-8"))
            if (
                data.get("pom_sha256") == pom_sha
                and (self._lib / f"neo4j-{version}.jar").is_file()
            ):
                return
        mvn = shutil.which("mvn")
        if mvn is None:
            raise Neo4jDevError(
                f"Maven (`mvn`) is not on PATH; it is needed once to fetch the Neo4j {version} "
                f"jars into {self._lib}. Install it (e.g. `apt-get install maven`) and retry."
            )
        tmp = self.home / "lib.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        (self.home / "logs").mkdir(parents=True, exist_ok=True)
        mvn_log = self.home / "logs" / "mvn.log"
        cmd = [
            mvn,
            "-B",
            "-ntp",
            "-f",
            str(POM_PATH),
            "dependency:copy-dependencies",
            f"-Dneo4j.dev.lib={tmp}",
        ]
        log.info(
            "Fetching Neo4j %s jars with Maven into %s (log: %s)",
            version,
            self._lib,
            mvn_log,
        )
        started = time.monotonic()
        try:
            proc = subprocess.run(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
                timeout=_MVN_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise Neo4jDevError(
                f"Maven did not finish fetching the Neo4j jars within {_MVN_TIMEOUT:.0f}s; "
                f"check network access to Maven Central. Command: {' '.join(cmd)}"
            ) from exc
        mvn_log.write_text(proc.stdout, encoding="utf-8")
        if proc.returncode != 0:
            shutil.rmtree(tmp, ignore_errors=True)
            raise Neo4jDevError(
                f"Maven failed (exit {proc.returncode}) fetching the Neo4j {version} jars; "
                f"full log in {mvn_log}. Command: {' '.join(cmd)}\n"
                f"Last lines:\n{_tail_text(_ANSI_RE.sub('', proc.stdout))}"
            )
        if not (tmp / f"neo4j-{version}.jar").is_file():
            raise Neo4jDevError(
                f"Maven succeeded but {tmp}/neo4j-{version}.jar is missing; see {mvn_log}."
            )
        (tmp / _FETCH_MARKER).write_text(
            json.dumps({"pom_sha256": pom_sha, "neo4j_version": version}) + "\n",
            encoding="utf-8",
        )
        shutil.rmtree(self._lib, ignore_errors=True)
        tmp.rename(self._lib)
        log.info(
            "Fetched %d jars in %.1fs",
            len(list(self._lib.glob("*.jar"))),
            time.monotonic() - started,
        )

    def _ensure_password(self) -> str:
        path = self.password_file
        if not path.exists():
            if self._system_db_dir.exists():
                raise Neo4jDevError(
                    f"The password file {path} is missing but the database in {self.home / 'data'} "
                    "was already initialised with it. Restore the file, or delete "
                    f"{self.home / 'data'} (this drops all data) to start over."
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
                f"Delete it together with {self.home / 'data'} to start over."
            )
        return password

    def _set_initial_password(self, java: str, password: str) -> None:
        # The admin tool reads the password from the 0600 file (picocli @file),
        # so it never shows up in a process listing.
        cmd = [
            java,
            "-Xmx256m",
            "-cp",
            str(self._lib / "*"),
            ADMIN_TOOL,
            "dbms",
            "set-initial-password",
            f"@{self.password_file}",
        ]
        proc = subprocess.run(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            env=self._java_env(),
            cwd=self.home,
            timeout=300,
            check=False,
        )
        if proc.returncode != 0:
            raise Neo4jDevError(
                f"`neo4j-admin dbms set-initial-password` failed (exit {proc.returncode}) in "
                f"{self.home}. Last lines:\n{_tail_text(_redact(proc.stdout, password))}"
            )
        log.info("Set the initial password of user %s", USERNAME)

    def _write_config(self, bolt_port: int, http_port: int) -> None:
        pagecache = os.environ.get("STRATGRAPH_NEO4J_PAGECACHE", "256m")
        text = f"""\
# Written by graph_model.neo4j_dev on every start; edits are overwritten.
server.default_listen_address={_HOST}
server.default_advertised_address={_HOST}
server.bolt.enabled=true
server.bolt.listen_address={_HOST}:{bolt_port}
server.bolt.advertised_address={_HOST}:{bolt_port}
server.http.enabled=true
server.http.listen_address={_HOST}:{http_port}
server.http.advertised_address={_HOST}:{http_port}
server.https.enabled=false
dbms.security.auth_enabled=true
server.memory.heap.initial_size={_heap_initial()}
server.memory.heap.max_size={_heap_max()}
server.memory.pagecache.size={pagecache}
db.tx_state.memory_allocation=ON_HEAP
db.tx_log.rotation.retention_policy=100M size
dbms.usage_report.enabled=false
# Browser (served from here) sends nothing out: no product analytics, no remote guides, and a content
# security policy that lets the page reach this server only (the default allows segment.io, canny.io).
client.allow_telemetry=false
browser.remote_content_hostname_whitelist={_HOST}
dbms.security.http_static_content_security_policy_header={_BROWSER_CSP}
server.directories.import=import
# Bolt waits 2 x 5 s of netty quiet period on shutdown by default.
internal.dbms.bolt.netty_server_shutdown_quiet_period=0
"""
        _write_atomic(self._conf_dir / "neo4j.conf", text, 0o644)

    def _java_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["NEO4J_HOME"] = str(self.home)
        env["NEO4J_CONF"] = str(self._conf_dir)
        return env

    def _wait_for_bolt(
        self, conn: Neo4jConnection, pid: int, deadline: float, log_offset: int = 0
    ) -> None:
        last_error = "no attempt yet"
        while True:
            if not self._is_server_process(pid):
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
        if not self.password_file.is_file():
            raise Neo4jDevError(
                f"The password file {self.password_file} is missing. Restore it, or stop the "
                f"server and delete {self.home / 'data'} (this drops all data) to start over."
            )
        password = self.password_file.read_text(encoding="utf-8").strip()
        return Neo4jConnection(
            uri=str(state["uri"]), username=USERNAME, password=password
        )

    def _read_state(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.home.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.home / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _is_server_process(self, pid: int) -> bool:
        if pid <= 0 or not _pid_alive(pid):
            return False
        args = _process_args(pid)
        if args is None:
            return False
        return ENTRY_POINT in args and f"--home-dir={self.home}" in args

    def _find_server_pids(self) -> list[int]:
        proc = Path("/proc")
        if not proc.is_dir():
            return []
        found = []
        for entry in proc.iterdir():
            if entry.name.isdigit() and self._is_server_process(int(entry.name)):
                found.append(int(entry.name))
        return found

    def _terminate(self, pid: int, timeout: float) -> None:
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


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")  # noqa: UP017 (3.10)


def _heap_max() -> str:
    return os.environ.get("STRATGRAPH_NEO4J_HEAP_MAX") or "1g"


def _heap_initial() -> str:
    # With an override, start at the maximum so -Xms never exceeds -Xmx.
    return os.environ.get("STRATGRAPH_NEO4J_HEAP_MAX") or "512m"


def _pom_neo4j_version() -> str:
    root = ET.parse(POM_PATH).getroot()
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    node = root.find("m:properties/m:neo4j.version", ns)
    if node is None or not (node.text or "").strip():
        raise Neo4jDevError(f"{POM_PATH} has no <neo4j.version> property.")
    return node.text.strip()


def _find_java() -> str:
    candidates = []
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidates.append(str(Path(java_home) / "bin" / "java"))
    which = shutil.which("java")
    if which:
        candidates.append(which)
    java = next(
        (c for c in candidates if os.path.isfile(c) and os.access(c, os.X_OK)), None
    )
    if java is None:
        raise Neo4jDevError(
            "Java is not installed: no `java` on PATH and no $JAVA_HOME/bin/java. Neo4j 5.26 "
            "needs Java 17 or 21, e.g. `apt-get install openjdk-17-jre-headless`."
        )
    try:
        proc = subprocess.run(
            [java, "-version"],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Neo4jDevError(f"Could not run `{java} -version`: {exc}") from exc
    match = re.search(r'version "(\d+)(?:\.(\d+))?', proc.stderr + proc.stdout)
    if match is None:
        raise Neo4jDevError(
            f"Could not tell the Java version from `{java} -version`: {proc.stderr.strip()}"
        )
    major = int(match.group(1))
    if major == 1 and match.group(2):
        major = int(match.group(2))
    if major < 17:
        raise Neo4jDevError(
            f"{java} is Java {major}; Neo4j 5.26 needs Java 17 or 21. Install one and put it "
            "on PATH or set JAVA_HOME."
        )
    return java


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Mirror the server: it binds with SO_REUSEADDR, so TIME_WAIT is no conflict.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((_HOST, port))
        except OSError:
            return False
    return True


def _pick_port(preferred: int, avoid: tuple[int, ...]) -> int:
    if preferred not in avoid and _port_free(preferred):
        return preferred
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((_HOST, 0))
            port = sock.getsockname()[1]
        if port not in avoid:
            log.info("Port %d is busy; using %d instead", preferred, port)
            return port
    raise Neo4jDevError(f"Could not find a free TCP port on {_HOST}.")


def _spawn_detached(
    cmd: list[str], logfile: Path, env: dict[str, str], cwd: Path
) -> int:
    """Start ``cmd`` in a new session, reparented away from us; return its pid."""
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
