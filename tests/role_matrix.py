"""The role matrix of one app, asserted through the admin itself.

Each app's tests/<app>/test_roles.py states, for every model its admin shows, what each
staff role may do there ("view", "add", "change", "delete"), and which of a unit's own and
another unit's rows a unit employee may change (through frivilligkontor.permissions).
A change to roles.py or to an admin's permissions that the matrix does not expect fails."""

from typing import Any

from django.contrib import admin
from django.test import RequestFactory

from frivilligkontor.models import Roles

ROLES = {
    "officer": Roles.CASE_OFFICERS,
    "editor": Roles.CONTENT_EDITORS,
    "unit": Roles.UNIT_STAFF,
}
ACTIONS = ("view", "add", "change", "delete")


def admin_rights(user: Any, label: str, obj: Any = None) -> set[str]:
    """What `user` may do with the admin of `label` ("app.model"), on `obj` if given."""
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = user
    if obj is not None and not model_admin.get_queryset(request).filter(pk=obj.pk).exists():
        return set()  # the admin scopes its rows: another unit's row is not there at all
    rights = set()
    for action in ACTIONS:
        check = getattr(model_admin, f"has_{action}_permission")
        allowed = check(request) if action == "add" else check(request, obj)
        if allowed:
            rights.add(action)
    return rights


def registered_labels(app_label: str) -> set[str]:
    return {
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label == app_label
    }


def rights_by_role(make_staff: Any, label: str, units: tuple = ()) -> dict[str, set[str]]:
    return {
        name: admin_rights(make_staff(role, units=units), label) for name, role in ROLES.items()
    }
