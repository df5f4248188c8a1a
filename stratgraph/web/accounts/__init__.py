"""Accounts in the web app: the access guard (sessions, CSRF, route rules), the login, logout and admin
routes, and OIDC login (:mod:`stratgraph.web.accounts.oidc`). The accounts themselves are a library
below the web layer: :mod:`graph_model.accounts`; the rules are in :mod:`stratgraph.web.access`."""
