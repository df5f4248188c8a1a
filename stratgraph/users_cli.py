"""The ``users`` commands: the web app's accounts (:mod:`graph_model.accounts`), kept in the store folder."""

from __future__ import annotations

import click

from graph_model.accounts import ROLES, Accounts
from ontologies.errors import StoreError
from stratgraph.output import emit, output_options
from stratgraph.settings import Settings

__all__ = ["users"]

USER_COLUMNS = ["login", "display_name", "email", "roles", "scopes", "person", "disabled", "oidc_subject",
                "sessions"]
_role = click.option("--role", "roles", multiple=True, type=click.Choice(ROLES), help="A role (repeat for more).")
_scope = click.option("--scope", "scopes", multiple=True, metavar="ID",
                      help="A graph id an editor may edit, with what it owns: SEC-..., U-..., M-..., P-... (repeat).")


def _accounts(ctx: click.Context) -> Accounts:
    db = ctx.find_object(Settings).db
    if not db.is_dir():
        raise StoreError(f"no store at {db}: accounts live in the store folder (ingest something first)")
    return Accounts(db)


def _password() -> str:
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group()
def users() -> None:
    """Accounts of the web app (`stratgraph serve`): add, list, set roles, disable, remove, end sessions.

    Roles: reader, editor (edits what its scopes own), reviewer, admin. Passwords are asked for, never
    given on the command line, and kept as argon2id hashes in STORE/app/accounts.sqlite.

    \b
    Example:
        stratgraph users add admin --role admin
        stratgraph users add eeva --name "Eeva Editori" --role editor --scope SEC-SIHY
        stratgraph users list --format json
    """


@users.command("add")
@click.argument("login")
@click.option("--name", help="The display name (default: the login name).")
@click.option("--email", help="The e-mail (an OIDC login with this verified e-mail gets this account).")
@_role
@_scope
@click.option("--person", metavar="ID", help="The Person in the graph this account is.")
@click.option("--oidc-only", is_flag=True, help="No password: the account logs in with the city's OIDC provider.")
@click.pass_context
def users_add(ctx: click.Context, login: str, name: str | None, email: str | None, roles: tuple[str, ...],
              scopes: tuple[str, ...], person: str | None, oidc_only: bool) -> None:
    """Add an account (role reader unless --role is given); the password is asked for twice.

    \b
    Example:
        stratgraph users add eeva --name "Eeva Editori" --role editor --scope SEC-SIHY --scope M-1
        stratgraph users add lauri --email lauri@example.fi --oidc-only
    """
    accounts = _accounts(ctx)
    user = accounts.add(login, display_name=name, email=email, password=None if oidc_only else _password(),
                        roles=roles or ("reader",), scopes=scopes, person=person)
    click.echo(f"added {user.login} ({', '.join(user.roles)}{'; ' + ' '.join(user.scopes) if user.scopes else ''})")


@users.command("list")
@output_options
@click.pass_context
def users_list(ctx: click.Context, fmt: str) -> None:
    """List the accounts with their roles, scopes and live sessions.

    \b
    Example:
        stratgraph users list
        stratgraph users list --format json
    """
    accounts = _accounts(ctx)
    counts = accounts.session_counts()
    rows = [{**u.as_dict(), "sessions": counts.get(u.id, 0)} for u in accounts.users()]
    if fmt != "json":
        rows = [{**r, "roles": " ".join(r["roles"]), "scopes": " ".join(r["scopes"])} for r in rows]
    emit(rows, fmt, USER_COLUMNS)


@users.command("set-roles")
@click.argument("login")
@_role
@_scope
@click.pass_context
def users_set_roles(ctx: click.Context, login: str, roles: tuple[str, ...], scopes: tuple[str, ...]) -> None:
    """Replace an account's roles (and its scopes, when --scope is given).

    \b
    Example:
        stratgraph users set-roles eeva --role editor --role reviewer --scope SEC-SIHY
    """
    user = _accounts(ctx).set_roles(login, roles, scopes or None)
    click.echo(f"{user.login}: {', '.join(user.roles) or 'no roles'}{'; ' + ' '.join(user.scopes) if user.scopes else ''}")


@users.command("disable")
@click.argument("login")
@click.option("--enable", is_flag=True, help="Enable the account again.")
@click.pass_context
def users_disable(ctx: click.Context, login: str, enable: bool) -> None:
    """Disable an account (its sessions end at once), or enable it again.

    \b
    Example:
        stratgraph users disable eeva
        stratgraph users disable eeva --enable
    """
    user = _accounts(ctx).disable(login, not enable)
    click.echo(f"{user.login} is {'disabled' if user.disabled else 'enabled'}")


@users.command("remove")
@click.argument("login")
@click.pass_context
def users_remove(ctx: click.Context, login: str) -> None:
    """Remove an account and its sessions.

    \b
    Example:
        stratgraph users remove eeva
    """
    click.echo(f"removed {_accounts(ctx).remove(login).login}")


@users.command("revoke-sessions")
@click.argument("login")
@click.pass_context
def users_revoke_sessions(ctx: click.Context, login: str) -> None:
    """End every session of an account (its browsers must log in again).

    \b
    Example:
        stratgraph users revoke-sessions eeva
    """
    click.echo(f"ended {_accounts(ctx).revoke_sessions(login)} session(s) of {login}")


@users.command("password")
@click.argument("login")
@click.pass_context
def users_password(ctx: click.Context, login: str) -> None:
    """Set an account's password (asked for twice); its sessions end.

    \b
    Example:
        stratgraph users password eeva
    """
    user = _accounts(ctx).set_password(login, _password())
    click.echo(f"set the password of {user.login}; their sessions ended")
