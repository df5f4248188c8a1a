"""The ``users`` commands on a real store folder: add (password asked twice), list as JSON, set roles,
disable, end sessions, change the password, remove; bad input is one message and exit 1 or 2."""

from __future__ import annotations

import json

from click.testing import CliRunner

from graph_model.accounts import Accounts
from stratgraph.cli import cli


def _run(db, *args, input=None):
    return CliRunner().invoke(cli, ["--db", str(db), "users", *args], input=input)


def test_the_users_commands_manage_accounts_end_to_end(tmp_path):
    db = tmp_path / "city.db"
    db.mkdir()
    added = _run(db, "add", "eeva", "--name", "Eeva Editori", "--role", "editor", "--scope", "SEC-ELVO",
                 input="eeva-password-1\neeva-password-1\n")
    assert added.exit_code == 0 and "added eeva (editor; SEC-ELVO)" in added.output
    accounts = Accounts(db)
    assert accounts.check_password("eeva", "eeva-password-1").display_name == "Eeva Editori"
    token, _ = accounts.start_session(accounts.get("eeva"))
    rows = json.loads(_run(db, "list", "--format", "json").output)
    assert [(r["login"], r["roles"], r["scopes"], r["sessions"]) for r in rows] == [("eeva", ["editor"], ["SEC-ELVO"], 1)]
    assert "password" not in json.dumps(rows).replace("has_password", "")
    assert _run(db, "set-roles", "eeva", "--role", "reviewer").exit_code == 0
    assert accounts.get("eeva").roles == ("reviewer",) and accounts.get("eeva").scopes == ("SEC-ELVO",)
    assert "ended 1 session(s)" in _run(db, "revoke-sessions", "eeva").output and accounts.session(token) is None
    assert _run(db, "password", "eeva", input="another-password\nanother-password\n").exit_code == 0
    assert accounts.check_password("eeva", "another-password").login == "eeva"
    assert "disabled" in _run(db, "disable", "eeva").output and accounts.get("eeva").disabled
    assert "enabled" in _run(db, "disable", "eeva", "--enable").output
    assert _run(db, "add", "lauri", "--email", "lauri@example.fi", "--oidc-only").exit_code == 0
    assert not accounts.get("lauri").has_password
    assert _run(db, "remove", "eeva").output.strip() == "removed eeva"
    assert [u.login for u in accounts.users()] == ["lauri"]


def test_bad_input_is_one_clear_message(tmp_path):
    db = tmp_path / "city.db"
    nowhere = _run(db, "list")
    assert nowhere.exit_code == 1 and "no store at" in nowhere.output
    db.mkdir()
    short = _run(db, "add", "x", input="short\nshort\n")
    assert short.exit_code == 2 and "at least 10 characters" in short.output
    bad = _run(db, "add", "<b>", "--oidc-only", "--scope", "a b")
    assert bad.exit_code == 2 and "a login name is" in bad.output and "a scope is a graph id" in bad.output
    assert _run(db, "remove", "nobody").exit_code == 1
    assert _run(db, "add", "x", "--role", "boss", "--oidc-only").exit_code == 2
