"""Command line for the Neo4j dev server: ``python -m devtools.neo4j_server start|stop|status``.

Prints where to connect and where the password file is; never the password.

Example::

    $ python -m devtools.neo4j_server start
    $ export NEO4J_PASSWORD="$(cat ~/.local/share/stratgraph/neo4j-dev/password)"
    $ python -m devtools.neo4j_server stop
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from devtools.neo4j_server import DevServer, Neo4jDevError


def format_status(status: dict[str, Any]) -> str:
    """Render :meth:`DevServer.status` for people (no password, only its file).

    Example::

        print(format_status(DevServer().status()))
    """
    if not status["running"]:
        return "\n".join(
            [
                "Neo4j dev server: stopped",
                f"  home:          {status['home']}",
                f"  version:       {status['version']}",
                f"  password file: {status['password_file']}",
                "  start it with: scripts/neo4j-dev start",
            ]
        )
    return "\n".join(
        [
            f"Neo4j dev server: running (pid {status['pid']})",
            f"  version:       Neo4j {status['version']} Community",
            f"  home:          {status['home']}",
            f"  bolt uri:      {status['uri']}",
            f"  browser:       {status['http_url']}browser/",
            f"  user:          {status['username']}",
            f"  password file: {status['password_file']} (mode 0600; not shown)",
            f"  log:           {status['log_file']}",
            "  environment:",
            f"    export NEO4J_URI={status['uri']}",
            f"    export NEO4J_USERNAME={status['username']}",
            f'    export NEO4J_PASSWORD="$(cat {status["password_file"]})"',
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Run ``start``, ``stop`` or ``status``; return the exit code.

    ``status`` exits 0 when running and 3 when stopped; errors exit 1.

    Example::

        raise SystemExit(main(["status"]))
    """
    parser = argparse.ArgumentParser(
        prog="neo4j-dev",
        description="Local Neo4j Community 5.26 dev server (Bolt and Browser on 127.0.0.1).",
    )
    parser.add_argument("command", choices=("start", "stop", "status"))
    parser.add_argument(
        "--home",
        type=Path,
        default=None,
        help="server home (default: $STRATGRAPH_NEO4J_HOME or ~/.local/share/stratgraph/neo4j-dev)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="seconds to wait (start: 300, stop: 60)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="only log warnings")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )
    server = DevServer(args.home)
    try:
        if args.command == "start":
            server.start(timeout=args.timeout if args.timeout is not None else 300)
        elif args.command == "stop" and not server.stop(
            timeout=args.timeout if args.timeout is not None else 60
        ):
            logging.getLogger(__name__).info(
                "No Neo4j dev server was running in %s", server.home
            )
    except Neo4jDevError as exc:
        print(f"neo4j-dev {args.command} failed: {exc}", file=sys.stderr)
        return 1
    status = server.status()
    print(format_status(status))
    if args.command == "status" and not status["running"]:
        return 3
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
