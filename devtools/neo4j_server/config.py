"""How the server runs: the JVM command line, its environment and ``HOME/conf/neo4j.conf``.

Memory is kept modest: heap 512m-1g and a 256m page cache (override with ``$STRATGRAPH_NEO4J_HEAP_MAX``
and ``$STRATGRAPH_NEO4J_PAGECACHE``).

>>> java_command("java", Path("/h"))[-2:]
['--home-dir=/h', '--config-dir=/h/conf']
"""

from __future__ import annotations

import os
from pathlib import Path

from devtools.neo4j_server.common import ENTRY_POINT, HOST, _write_atomic

__all__ = ["java_command", "java_env", "write_config"]

#: Browser's page may load and connect to this server only (its Bolt web socket included).
_BROWSER_CSP = ("default-src 'self'; script-src 'self'; img-src 'self' data:; "
                "style-src 'self' 'unsafe-inline'; font-src 'self' data:; base-uri 'none'; object-src 'none'; "
                "frame-ancestors 'none'; connect-src 'self' ws://127.0.0.1:* http://127.0.0.1:*")

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


def _heap_max() -> str:
    return os.environ.get("STRATGRAPH_NEO4J_HEAP_MAX") or "1g"


def _heap_initial() -> str:
    # With an override, start at the maximum so -Xms never exceeds -Xmx.
    return os.environ.get("STRATGRAPH_NEO4J_HEAP_MAX") or "512m"


def java_command(java: str, home: Path) -> list[str]:
    """The command line that runs the server of ``home`` in the foreground.

    Example::

        subprocess.Popen(java_command(find_java(), home), env=java_env(home))
    """
    return [java, f"-Xms{_heap_initial()}", f"-Xmx{_heap_max()}", *_JVM_FLAGS, "-cp", str(home / "lib" / "*"),
            ENTRY_POINT, f"--home-dir={home}", f"--config-dir={home / 'conf'}"]


def write_config(home: Path, bolt_port: int, http_port: int) -> None:
    """Write ``home/conf/neo4j.conf``: loopback only, authentication on, these ports, modest memory.

    Example::

        write_config(Path("/tmp/n4j"), 7687, 7474)
    """
    pagecache = os.environ.get("STRATGRAPH_NEO4J_PAGECACHE", "256m")
    text = f"""\
# Written by devtools.neo4j_server on every start; edits are overwritten.
server.default_listen_address={HOST}
server.default_advertised_address={HOST}
server.bolt.enabled=true
server.bolt.listen_address={HOST}:{bolt_port}
server.bolt.advertised_address={HOST}:{bolt_port}
server.http.enabled=true
server.http.listen_address={HOST}:{http_port}
server.http.advertised_address={HOST}:{http_port}
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
browser.remote_content_hostname_whitelist={HOST}
dbms.security.http_static_content_security_policy_header={_BROWSER_CSP}
server.directories.import=import
# Bolt waits 2 x 5 s of netty quiet period on shutdown by default.
internal.dbms.bolt.netty_server_shutdown_quiet_period=0
"""
    _write_atomic((home / "conf") / "neo4j.conf", text, 0o644)


def java_env(home: Path) -> dict[str, str]:
    """The environment of the JVM: ours plus ``NEO4J_HOME`` and ``NEO4J_CONF``.

    >>> java_env(Path("/h"))["NEO4J_CONF"]
    '/h/conf'
    """
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(home)
    env["NEO4J_CONF"] = str(home / "conf")
    return env
