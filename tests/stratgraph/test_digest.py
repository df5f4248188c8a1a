"""The e-mail digest goes through a real SMTP server (aiosmtpd on 127.0.0.1) and says what is owed."""

from __future__ import annotations

import datetime as dt
import socket

import pytest

from examples import EXAMPLE_DIR
from graph_model.store import GraphStore
from ingest.pipeline import ingest
from ingest.updates import add_action
from ontologies.errors import StoreError
from queries.owners import owed_by_party
from queries.projection import load_graph
from stratgraph.digest import SmtpSettings, send_digest

aiosmtpd = pytest.importorskip("aiosmtpd.controller")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8")))
        return "250 OK"


def test_the_digest_reaches_a_real_smtp_server(tmp_path):
    with GraphStore(tmp_path / "db") as store:
        ingest(EXAMPLE_DIR, store, source="city")
        add_action(store, "G2", "Open the one-stop shop", answered_by="U-TYOLLISYYS", due="2025-03-31", author="ann")
        graph = load_graph(store, cache=False)
    owed = owed_by_party(graph, dt.date(2025, 6, 30))
    sink, port = Sink(), _port()
    controller = aiosmtpd.Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        sent = send_digest(owed, {"U-TYOLLISYYS": "owner@example.org", "U-NOBODY": "x@example.org"},
                           {"U-TYOLLISYYS": graph.label("U-TYOLLISYYS")}, SmtpSettings("127.0.0.1", port))
    finally:
        controller.stop()
    assert sent == ["owner@example.org"]
    [(to, body)] = sink.messages
    assert to == ["owner@example.org"] and "overdue: action Open the one-stop shop" in body
    with pytest.raises(StoreError, match=f"127.0.0.1:{port}"):
        send_digest(owed, {"U-TYOLLISYYS": "owner@example.org"}, {}, SmtpSettings("127.0.0.1", port))
