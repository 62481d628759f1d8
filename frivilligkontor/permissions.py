"""Who may see and change what: the one place that answers it, for the admin and the apps.

Two things decide it:
- the staff role's Django permissions, declared per app in `<app>/roles.py`
  (`ROLE_PERMISSIONS`) and synced to the groups after every migrate;
- for models owned by a unit, the path from the model to its owning unit, also declared in
  `<app>/roles.py` (`UNIT_PATHS = {"lokaler.Room": "venue__unit"}`). Unit staff see and
  change only rows of their own units; superusers, case officers and content editors see
  every unit.

The user's roles and units are read once per request and kept on the user object (the
admin asks many times per page; before this every page ran a dozen group queries).
"""

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from django.apps import apps
from django.db.models import Model, QuerySet

from frivilligkontor.discovery import app_modules
from frivilligkontor.models import Roles

# Roles that work for the whole city and are not limited to units.
CITY_WIDE_ROLES = frozenset({Roles.CASE_OFFICERS, Roles.CONTENT_EDITORS})


def _read_once(user: Any, attribute: str, read: Callable[[], Iterable]) -> frozenset:
    """What `read()` gives for a signed-in user, kept on the user object as `attribute`
    (`forget` drops it); nothing for an anonymous visitor."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    value = getattr(user, attribute, None)
    if value is None:
        value = frozenset(read())
        setattr(user, attribute, value)
    return value


def roles_of(user: Any) -> frozenset[str]:
    """The names of the user's staff groups, read once and kept on the user object."""
    return _read_once(user, "_portal_roles", lambda: user.groups.values_list("name", flat=True))


def has_role(user: Any, role: str) -> bool:
    return role in roles_of(user)


def unit_ids_of(user: Any) -> frozenset[int]:
    """The units the user belongs to, read once and kept on the user object."""
    return _read_once(user, "_portal_unit_ids", lambda: user.units.values_list("pk", flat=True))


def forget(user: Any) -> None:
    """Drop what was read about the user (after changing their groups or units)."""
    names = ("_portal_roles", "_portal_unit_ids", "_perm_cache", "_user_perm_cache")
    for name in (*names, "_group_perm_cache"):
        user.__dict__.pop(name, None)


def sees_all_units(user: Any) -> bool:
    """Superusers and Frivilligkontoret's own staff see every unit; unit staff their own."""
    return bool(getattr(user, "is_superuser", False) or roles_of(user) & CITY_WIDE_ROLES)


def may_manage_unit(user: Any, unit_id: int | None) -> bool:
    return sees_all_units(user) or (unit_id is not None and unit_id in unit_ids_of(user))


def can_see_figures(user: Any) -> bool:
    """The evaluation figures are for Frivilligkontoret's own staff."""
    return sees_all_units(user)


@cache
def unit_paths() -> dict[type[Model], str]:
    """Model → lookup to its owning unit, from every app's `roles.UNIT_PATHS`.

    The unit itself is owned by itself (path "pk")."""
    paths: dict[type[Model], str] = {apps.get_model("frivilligkontor", "Unit"): "pk"}
    for _config, module in app_modules("roles"):
        for label, path in getattr(module, "UNIT_PATHS", {}).items():
            paths[apps.get_model(label)] = path
    return paths


def unit_path_for(model: type[Model]) -> str | None:
    """The lookup from `model` to its owning unit, or None when no unit owns it."""
    model = model._meta.concrete_model or model
    return unit_paths().get(model)


def _unit_lookup(path: str) -> str:
    return "pk__in" if path == "pk" else f"{path}__in"


def scope(user: Any, queryset: QuerySet, *, unit_path: str | None = None) -> QuerySet:
    """Only the rows the user's units own (every row for city-wide staff)."""
    path = unit_path or unit_path_for(queryset.model)
    if path is None or sees_all_units(user):
        return queryset
    return queryset.filter(**{_unit_lookup(path): unit_ids_of(user)})


def owning_unit_id(obj: Model, *, unit_path: str | None = None) -> int | None:
    """The id of the unit that owns `obj`, following its unit path attribute by attribute."""
    path = unit_path or unit_path_for(type(obj))
    if path is None:
        return None
    if path == "pk":
        return obj.pk
    *through, last = path.split("__")
    current: Any = obj
    for name in through:
        current = getattr(current, name, None)
        if current is None:
            return None
    return getattr(current, f"{last}_id", None)


def is_in_scope(user: Any, obj: Model, *, unit_path: str | None = None) -> bool:
    """Whether `obj` belongs to the user's units (always, for city-wide staff)."""
    path = unit_path or unit_path_for(type(obj))
    if path is None or sees_all_units(user):
        return True
    return owning_unit_id(obj, unit_path=path) in unit_ids_of(user)


def _permission(obj_or_model: Any, action: str) -> str:
    opts = obj_or_model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def can_view(user: Any, obj: Model) -> bool:
    """May see this object: the view (or change) permission, and within the user's units."""
    return bool(
        (user.has_perm(_permission(obj, "view")) or user.has_perm(_permission(obj, "change")))
        and is_in_scope(user, obj)
    )


def can_manage(user: Any, obj: Model) -> bool:
    """May change this object: the change permission, and within the user's units."""
    return bool(user.has_perm(_permission(obj, "change")) and is_in_scope(user, obj))


def can_see_history(user: Any, obj: Model) -> bool:
    """The audit trail of an object is for those who may see the object itself."""
    return can_view(user, obj)
