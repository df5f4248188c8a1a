"""A local Keycloak (a real OpenID Connect provider) for the tests of the web app's OIDC login.

Keycloak's server distribution comes from Maven Central (``org.keycloak:keycloak-quarkus-dist``, a zip,
fetched once by ``mvn dependency:get`` into ``~/.m2``), is unpacked into HOME and built once
(``kc.sh build --db=dev-mem``: an in-memory database, so every start is fresh and two test runs never
share state). Each start then skips Quarkus' build step (``kc.sh start --optimized``), listens on
127.0.0.1 on a free port over plain http, and imports the realm file it is given (clients and users).

HOME is ``$STRATGRAPH_KEYCLOAK_HOME``, else ``~/.local/share/stratgraph/keycloak``. Keycloak needs Java
21 or later: ``$STRATGRAPH_KEYCLOAK_JAVA_HOME``, else ``$JAVA_HOME`` if it is 21+, else the newest
``/usr/lib/jvm/*`` that is.

Measured here (2 cores shared by several test runs, load 13-20): the one-time build takes 70-130 s; a
start takes 60-70 s to the first answer of the realm's discovery document.

From a shell: ``python -m devtools.keycloak_server fetch`` (fetch, unpack and build only) or
``python -m devtools.keycloak_server start REALM.json`` (prints the issuer URL; Ctrl-C stops).

Example::

    from devtools.keycloak_server import KeycloakServer

    with KeycloakServer(Path("tests/data/keycloak/stratgraph-realm.json")) as server:
        print(server.issuer("stratgraph"), server.started_s)
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx

__all__ = ["VERSION", "KeycloakServer", "KeycloakError", "fetch", "find_java", "default_home"]

VERSION = "26.7.3"
ARTIFACT = f"org.keycloak:keycloak-quarkus-dist:{VERSION}:zip"
_BUILT = ".stratgraph-built"


class KeycloakError(RuntimeError):
    """Keycloak could not be fetched, built or started; the message says why and where the log is."""


def default_home() -> Path:
    """Where Keycloak is unpacked: ``$STRATGRAPH_KEYCLOAK_HOME`` or ``~/.local/share/stratgraph/keycloak``."""
    return Path(os.environ.get("STRATGRAPH_KEYCLOAK_HOME") or Path.home() / ".local/share/stratgraph/keycloak")


def _java_major(java_home: Path) -> int:
    release = java_home / "release"
    with contextlib.suppress(OSError):
        found = re.search(r'JAVA_VERSION="(\d+)', release.read_text(encoding="utf-8", errors="replace"))
        if found:
            return int(found.group(1))
    return 0


def find_java() -> Path:
    """A Java home of version 21 or later (see the module); raise KeycloakError when there is none."""
    chosen = os.environ.get("STRATGRAPH_KEYCLOAK_JAVA_HOME")
    if chosen:
        return Path(chosen)
    candidates = [Path(os.environ["JAVA_HOME"])] if os.environ.get("JAVA_HOME") else []
    candidates += sorted(Path("/usr/lib/jvm").glob("*"), key=_java_major, reverse=True) \
        if Path("/usr/lib/jvm").is_dir() else []
    for home in candidates:
        if _java_major(home) >= 21 and (home / "bin" / "java").exists():
            return home
    raise KeycloakError("Keycloak needs Java 21 or later: install one (e.g. openjdk-21-jre-headless) or set "
                        "STRATGRAPH_KEYCLOAK_JAVA_HOME")


def _zip_in_maven_cache() -> Path:
    repo = Path(os.environ.get("MAVEN_REPOSITORY") or Path.home() / ".m2" / "repository")
    return repo / "org/keycloak/keycloak-quarkus-dist" / VERSION / f"keycloak-quarkus-dist-{VERSION}.zip"


def fetch(home: Path | None = None) -> Path:
    """The unpacked and built Keycloak ``VERSION`` under ``home``: fetched by Maven into ``~/.m2`` (once),
    unpacked and built (once)."""
    home = Path(home or default_home())
    dist = home / f"keycloak-{VERSION}"
    if (dist / _BUILT).exists():
        return dist
    archive = _zip_in_maven_cache()
    if not archive.exists():
        mvn = shutil.which("mvn")
        if mvn is None:
            raise KeycloakError(f"Maven (`mvn`) is needed once to fetch {ARTIFACT} into ~/.m2")
        done = subprocess.run([mvn, "-B", "-ntp", "dependency:get", f"-Dartifact={ARTIFACT}", "-Dtransitive=false"],
                              capture_output=True, text=True, timeout=1800)
        if done.returncode != 0 or not archive.exists():
            raise KeycloakError(f"Maven could not fetch {ARTIFACT}:\n{done.stdout[-2000:]}{done.stderr[-1000:]}")
    home.mkdir(parents=True, exist_ok=True)
    staging = home / f".unpack-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    with zipfile.ZipFile(archive) as packed:
        packed.extractall(staging)
    unpacked = staging / f"keycloak-{VERSION}"
    for script in (unpacked / "bin").glob("*.sh"):
        script.chmod(0o755)
    log = home / "build.log"
    with log.open("w") as out:
        built = subprocess.run([str(unpacked / "bin" / "kc.sh"), "build", "--db=dev-mem"], stdout=out,
                               stderr=subprocess.STDOUT, env={**os.environ, "JAVA_HOME": str(find_java())},
                               timeout=1800)
    if built.returncode != 0:
        raise KeycloakError(f"`kc.sh build` failed; see {log}")
    (unpacked / _BUILT).write_text(VERSION)
    try:
        unpacked.rename(dist)
    except OSError:  # another process got there first
        shutil.rmtree(staging, ignore_errors=True)
        if not (dist / _BUILT).exists():
            raise
    shutil.rmtree(staging, ignore_errors=True)
    return dist


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class KeycloakServer:
    """Keycloak on 127.0.0.1 with the realm file ``realm`` imported (see the module); a context manager."""

    def __init__(self, realm: Path, home: Path | None = None):
        self.realm, self.home = Path(realm), Path(home or default_home())
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.started_s = 0.0
        self.log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def issuer(self, realm_name: str) -> str:
        """The issuer URL of a realm of this server."""
        return f"{self.url}/realms/{realm_name}"

    def start(self, timeout: float = 240.0) -> KeycloakServer:
        """Start Keycloak and wait until the realm's discovery document answers; ``started_s`` says how long
        that took. Raise KeycloakError (with the log's end) when it does not come up in ``timeout`` s."""
        dist = fetch(self.home)
        imports = dist / "data" / "import"
        imports.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.realm, imports / self.realm.name)  # the same file for every run: in-memory databases
        self.port = _free_port()
        self.log_path = self.home / f"keycloak-{self.port}.log"
        started = time.monotonic()
        with self.log_path.open("w") as out:
            self.process = subprocess.Popen(
                [str(dist / "bin" / "kc.sh"), "start", "--optimized", "--http-enabled=true", "--http-host=127.0.0.1",
                 f"--http-port={self.port}", "--hostname-strict=false", "--import-realm"],
                stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "JAVA_HOME": str(find_java())},
                start_new_session=True)
        name = _realm_name(self.realm)
        deadline = started + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise KeycloakError(f"Keycloak stopped at start: {self._log_end()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.issuer(name) + "/.well-known/openid-configuration", timeout=5).status_code == 200:
                    self.started_s = time.monotonic() - started
                    return self
            time.sleep(0.5)
        self.stop()
        raise KeycloakError(f"Keycloak did not answer within {timeout:.0f} s: {self._log_end()}")

    def _log_end(self) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""
        return f"(log {self.log_path})\n{text[-2000:]}"

    def stop(self) -> None:
        """Stop Keycloak (its process group: kc.sh starts java as a child)."""
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, 15)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, 9)
            self.process.wait()

    def __enter__(self) -> KeycloakServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _realm_name(realm: Path) -> str:
    import json

    return json.loads(realm.read_text(encoding="utf-8"))["realm"]


def main(argv: list[str]) -> int:  # pragma: no cover - a developer's shell command
    if argv[:1] == ["fetch"]:
        print(fetch())
        return 0
    if argv[:1] == ["start"] and len(argv) == 2:
        server = KeycloakServer(Path(argv[1])).start()
        print(f"{server.issuer(_realm_name(Path(argv[1])))} (started in {server.started_s:.0f} s; Ctrl-C stops)")
        try:
            server.process.wait()
        except KeyboardInterrupt:
            server.stop()
        return 0
    print("usage: python -m devtools.keycloak_server fetch | start REALM.json", file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
