"""A real OpenID Connect provider for the single sign-on tests: a second Django process
running django-oauth-toolkit, started by tests/oidc.py on a free loopback port."""
