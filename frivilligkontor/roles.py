"""Keep the staff groups' permissions in step with the apps.

Each app may have `<app>/roles.py` with `ROLE_PERMISSIONS = {role_name: ["app.codename", …]}`.
After every migrate, the groups get exactly the permissions the apps declare (plus the
core's own below), so a new model's permissions reach the right people without a manual step.
"""

from typing import Any

from frivilligkontor.discovery import app_modules
from frivilligkontor.models import Roles

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Roles.CASE_OFFICERS: [
        "frivilligkontor.view_unit",
        "frivilligkontor.view_organisation",
        "frivilligkontor.change_organisation",
        # Undelivered mail: see it, send it again or cancel it.
        "frivilligkontor.view_queuedemail",
        "frivilligkontor.change_queuedemail",
        # "Mine saker": requests to erase, and the overview of an address (recorded).
        "frivilligkontor.view_erasurerequest",
        "frivilligkontor.change_erasurerequest",
        "frivilligkontor.view_overviewlookup",
        "frivilligkontor.add_overviewlookup",
    ],
    Roles.CONTENT_EDITORS: [
        "frivilligkontor.view_unit",
        "frivilligkontor.view_organisation",
        "frivilligkontor.change_organisation",
    ],
    Roles.UNIT_STAFF: ["frivilligkontor.view_unit"],
}


def declared_permissions() -> dict[str, set[str]]:
    declared: dict[str, set[str]] = {role: set() for role in Roles.ALL}
    for _config, module in app_modules("roles"):
        for role, permissions in getattr(module, "ROLE_PERMISSIONS", {}).items():
            declared.setdefault(role, set()).update(permissions)
    return declared


def sync_role_permissions(**kwargs: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    for role, names in declared_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = []
        for name in sorted(names):
            app_label, codename = name.split(".", 1)
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                permissions.append(permission)
        group.permissions.set(permissions)
