"""Tests of devtools.neo4j_server against a real Neo4j server (no mocks)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j.exceptions import AuthError

from devtools.neo4j_server import DevServer, Neo4jConnection, Neo4jDevError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dev_server(neo4j_dev_server: Neo4jConnection) -> Iterator[DevServer]:
    """The DevServer of the default home, running.

    Without NEO4J_URI the session fixture has started it (and owns its
    lifetime); with NEO4J_URI pointing elsewhere it is started here and
    stopped afterwards if it was not running before.
    """
    server = DevServer()
    if not os.environ.get("NEO4J_URI"):
        yield server
        return
    was_running = server.status()["running"]
    server.start()
    try:
        yield server
    finally:
        if not was_running:
            server.stop()


@pytest.mark.neo4j
def test_connection_runs_query(neo4j_dev_server: Neo4jConnection) -> None:
    with neo4j_dev_server.driver() as driver:
        records, _, _ = driver.execute_query(
            "RETURN 1 AS one", database_=neo4j_dev_server.database
        )
    assert records[0]["one"] == 1


@pytest.mark.neo4j
def test_status_reports_running(dev_server: DevServer) -> None:
    status = dev_server.status()
    assert status["running"] is True
    assert isinstance(status["pid"], int) and status["pid"] > 0
    assert status["uri"].startswith("bolt://127.0.0.1:")
    assert status["http_url"].startswith("http://127.0.0.1:")
    assert status["home"] == str(dev_server.home)
    assert status["version"].startswith("5.26.")
    conn = dev_server.connection()
    with conn.driver() as driver:
        records, _, _ = driver.execute_query(
            "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition",
            database_="system",
        )
    assert records[0]["v"] == status["version"]
    assert records[0]["edition"] == "community"


@pytest.mark.neo4j
def test_password_file_is_private(dev_server: DevServer) -> None:
    mode = stat.S_IMODE(dev_server.password_file.stat().st_mode)
    assert mode == 0o600


@pytest.mark.neo4j
def test_wrong_password_is_rejected(dev_server: DevServer) -> None:
    conn = dev_server.connection()
    wrong = Neo4jConnection(
        uri=conn.uri, username=conn.username, password="not-the-password"
    )
    with wrong.driver() as driver, pytest.raises(AuthError):
        driver.verify_connectivity()


@pytest.mark.neo4j
def test_start_is_idempotent(dev_server: DevServer) -> None:
    before = dev_server.status()
    conn = dev_server.start()
    after = dev_server.status()
    assert conn.uri == before["uri"] == after["uri"]
    assert after["pid"] == before["pid"]
    assert conn == dev_server.connection()


@pytest.mark.neo4j
def test_password_never_exposed(
    dev_server: DevServer, caplog: pytest.LogCaptureFixture
) -> None:
    password = dev_server.password_file.read_text(encoding="utf-8").strip()
    assert len(password) >= 16
    with caplog.at_level(logging.DEBUG, logger="devtools.neo4j_server"):
        conn = dev_server.start()
        status = dev_server.status()
    assert conn.password == password
    assert password not in repr(conn)
    assert password not in repr(status)
    assert password not in json.dumps(status)
    assert password not in dev_server.state_file.read_text(encoding="utf-8")
    assert password not in caplog.text
    for log_file in (dev_server.home / "logs").glob("*.log"):
        assert password not in log_file.read_text(encoding="utf-8", errors="replace"), (
            log_file
        )


@pytest.mark.neo4j
def test_cli_status_shows_where_not_what(dev_server: DevServer) -> None:
    env = dict(os.environ, STRATGRAPH_NEO4J_HOME=str(dev_server.home))
    proc = subprocess.run(
        [str(ROOT / "scripts" / "neo4j-dev"), "status"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    password = dev_server.password_file.read_text(encoding="utf-8").strip()
    assert dev_server.status()["uri"] in proc.stdout
    assert str(dev_server.password_file) in proc.stdout
    assert password not in proc.stdout + proc.stderr


def test_stopped_server_has_no_connection(tmp_path: Path) -> None:
    server = DevServer(tmp_path / "home")
    assert server.status()["running"] is False
    with pytest.raises(Neo4jDevError, match="not running"):
        server.connection()
    assert server.stop() is False


def test_missing_java_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(Neo4jDevError, match="Java is not installed"):
        DevServer(tmp_path / "home").start(timeout=10)


def test_missing_maven_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    java = shutil.which("java")
    assert java is not None, "these tests need Java 17+ on PATH"
    only_java = tmp_path / "bin"
    only_java.mkdir()
    (only_java / "java").symlink_to(Path(java).resolve())
    monkeypatch.setenv("PATH", str(only_java))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(Neo4jDevError, match=r"Maven \(`mvn`\) is not on PATH"):
        DevServer(tmp_path / "home").start(timeout=10)
