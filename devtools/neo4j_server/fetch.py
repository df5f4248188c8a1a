"""Fetching the server: the Java to run it with and the Neo4j jars, fetched once by Maven into ``HOME/lib``.

>>> _pom_neo4j_version().startswith("5.")
True
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from devtools.neo4j_server.common import _ANSI_RE, POM_PATH, Neo4jDevError, _run_logged, _tail_text

__all__ = ["fetch_jars", "find_java"]

log = logging.getLogger(__name__)

_MVN_TIMEOUT = 1800.0
_FETCH_MARKER = ".stratgraph-fetch.json"


def fetch_jars(home: Path, version: str) -> None:
    """Fetch the Neo4j ``version`` jars into ``home/lib`` with Maven, unless the pom's jars are there already.

    Example::

        fetch_jars(Path("/tmp/n4j"), _pom_neo4j_version())
    """
    lib = home / "lib"
    pom_sha = hashlib.sha256(POM_PATH.read_bytes()).hexdigest()
    marker = lib / _FETCH_MARKER
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(marker.read_text(encoding="utf-8"))
        if (
            data.get("pom_sha256") == pom_sha
            and (lib / f"neo4j-{version}.jar").is_file()
        ):
            return
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jDevError(
            f"Maven (`mvn`) is not on PATH; it is needed once to fetch the Neo4j {version} "
            f"jars into {lib}. Install it (e.g. `apt-get install maven`) and retry."
        )
    tmp = home / "lib.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    (home / "logs").mkdir(parents=True, exist_ok=True)
    mvn_log = home / "logs" / "mvn.log"
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
        lib,
        mvn_log,
    )
    started = time.monotonic()
    try:
        proc = _run_logged(cmd, _MVN_TIMEOUT)
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
    shutil.rmtree(lib, ignore_errors=True)
    tmp.rename(lib)
    log.info(
        "Fetched %d jars in %.1fs",
        len(list(lib.glob("*.jar"))),
        time.monotonic() - started,
    )


def _pom_neo4j_version() -> str:
    root = ET.parse(POM_PATH).getroot()
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    node = root.find("m:properties/m:neo4j.version", ns)
    if node is None or not (node.text or "").strip():
        raise Neo4jDevError(f"{POM_PATH} has no <neo4j.version> property.")
    return node.text.strip()


def find_java() -> str:
    """The ``java`` (17 or later) of ``$JAVA_HOME`` or PATH.

    Example::

        subprocess.run([find_java(), "-version"])
    """
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

