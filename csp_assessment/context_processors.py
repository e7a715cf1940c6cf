"""`may`: the permission policy as templates read it.

`{% if may.priorities.propose %}` asks `priorities.permissions.can_propose` about the
person's membership of the partnership on the page. The same function guards the
view, so a page never offers what its view would refuse. Object rules (which need the
object as well) are asked by the view and passed in its context.
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.http import HttpRequest

from partnerships.context_processors import menu_membership

# The apps with a permissions module, in the order the cycle runs.
POLICY_APPS = tuple(app for app in settings.SERVICE_APPS if find_spec(f"{app}.permissions"))


class AppRules:
    """One app's role rules, asked about one membership (or nobody)."""

    def __init__(self, module, membership):
        self._module = module
        self._membership = membership

    def __getattr__(self, name: str) -> bool:
        rule = getattr(self._module, f"can_{name}", None)
        if rule is None:
            raise AttributeError(f"{self._module.__name__} has no rule can_{name}")
        return self._membership is not None and bool(rule(self._membership))


class May:
    def __init__(self, membership):
        self._membership = membership

    def __getattr__(self, app: str) -> AppRules:
        if app not in POLICY_APPS:
            raise AttributeError(app)
        return AppRules(import_module(f"{app}.permissions"), self._membership)


def permissions(request: HttpRequest) -> dict:
    return {"may": May(menu_membership(request))}
