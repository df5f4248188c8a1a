"""Who may edit what, on the example city: an editor scoped to a sector edits what its units own (goals and
metrics through ``responsible``, projects through ``led_by``), never what another sector owns."""

from __future__ import annotations

import pytest

from graph_model.accounts import User
from queries.scope import can, owners_of


def _user(roles, scopes=(), disabled=False) -> User:
    return User(1, "u", "U", None, tuple(roles), tuple(scopes), disabled=disabled)


@pytest.mark.parametrize("scopes, target, allowed", [
    (["SEC-ELVO"], "M-TYOTTOMYYS", True),  # owned by U-TYOLLISYYS, part of SEC-ELVO
    (["U-TYOLLISYYS"], "M-TYOTTOMYYS", True),
    (["SEC-SIHY"], "M-TYOTTOMYYS", False),
    (["M-TYOTTOMYYS"], "M-TYOTTOMYYS", True),  # named directly
    (["SEC-KYMP"], "P-HNR", True),  # led by U-YMPARISTO of SEC-KYMP
    (["SEC-ELVO"], "P-HNR", False),  # a partner's sector, not the leader's
    (["SEC-KOHA"], "M-NETTOMUUTTO", True),  # no owner of its own: its goal's owner (a role in SEC-KOHA)
    (["SEC-ELVO"], "M-NETTOMUUTTO", False),
])
def test_an_editor_edits_what_their_scope_owns(graph, scopes, target, allowed):
    assert can(_user(["editor"], scopes), "edit", target, graph) is allowed


def test_owners_climb_to_the_sector(graph):
    assert {"U-TYOLLISYYS", "SEC-ELVO"} <= set(owners_of("M-TYOTTOMYYS", graph))
    assert {"R-KAUPUNGINJOHTAJA", "SEC-KOHA"} <= set(owners_of("M-NETTOMUUTTO", graph))  # through its goal


@pytest.mark.parametrize("roles, action, allowed", [
    (["reader"], "read", True), (["reader"], "edit", False), (["reader"], "review", False),
    (["editor"], "review", False), (["reviewer"], "review", True), (["reviewer"], "admin", False),
    (["admin"], "admin", True), (["admin"], "edit", True), ([], "read", True),
])
def test_roles(graph, roles, action, allowed):
    assert can(_user(roles), action, "M-TYOTTOMYYS" if action == "edit" else None, graph) is allowed


def test_a_disabled_account_or_nobody_may_do_nothing(graph):
    assert not can(_user(["admin"], disabled=True), "read", None, graph)
    assert not can(None, "read", None, graph)
    with pytest.raises(ValueError, match="unknown action"):
        can(_user(["admin"]), "delete", None, graph)


def test_an_editor_who_is_a_person_edits_what_their_roles_own(graph, example_city):
    from queries.followup.dated import read_dated

    dated = read_dated(example_city[0])
    mayor = User(1, "a", "A", None, ("editor",), (), person="PER-A")  # holds R-KAUPUNGINJOHTAJA, G1's owner
    assert can(mayor, "edit", "M-NETTOMUUTTO", graph, dated)
    assert not can(mayor, "edit", "M-TYOTTOMYYS", graph, dated)
    assert not can(mayor, "edit", "M-NETTOMUUTTO", graph), "no dates, no roles"
