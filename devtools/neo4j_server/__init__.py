"""A local Neo4j Community 5.26 LTS development server, fetched from Maven Central.

No Docker and no tarball from neo4j.com are needed: the server jars are
fetched by Maven (``pom.xml`` in this package: ``org.neo4j:neo4j`` plus the
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

    from devtools.neo4j_server import DevServer

    server = DevServer()
    conn = server.start()          # first start fetches the jars via mvn
    with conn.driver() as driver:
        driver.execute_query("RETURN 1", database_=conn.database)
    server.stop()

From a shell: ``scripts/neo4j-dev start|stop|status`` or
``python -m devtools.neo4j_server start|stop|status``.
"""

from devtools.neo4j_server.common import Neo4jDevError
from devtools.neo4j_server.server import DEFAULT_BOLT_PORT, DEFAULT_HTTP_PORT, DevServer
from graph_model.neo4j_connection import Neo4jConnection, default_home

__all__ = [
    "DEFAULT_BOLT_PORT",
    "DEFAULT_HTTP_PORT",
    "DevServer",
    "Neo4jConnection",
    "Neo4jDevError",
    "default_home",
]
