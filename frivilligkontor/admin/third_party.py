"""Translatable names for what third-party apps show in the admin with fixed English text.

Django's and the apps' own strings that lack bokmål are translated in the override
catalogue (locale/overrides). What an app writes as a plain string — the names of its
apps, models and fields (django-otp, django-pghistory, django-tasks-db), the admin's
True/False icons, the names of permissions (stored in the database in English) — cannot
be translated there, so it is named here, once, when the admin starts:

- app and model names, and field labels, are replaced with lazily translated ones. They
  do not reach migrations: those read a model's original options and a field's original
  `verbose_name` (`_verbose_name`), so `makemigrations --check` stays quiet.
- help texts and fieldset titles, which migrations do read, are set in the admin's forms
  (`TOTPDeviceAdmin`).
"""

from typing import Any

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth.models import Permission
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as OtpTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.admin import DBTaskResultAdmin
from pghistory.models import Events

APP_NAMES = {
    "otp_totp": _("Second factor"),
    "pghistory": _("Change history"),
    "django_tasks_database": _("Background tasks"),
    "axes": _("Login attempts"),
}

MODEL_NAMES = {
    "otp_totp.TOTPDevice": (_("authenticator app"), _("authenticator apps")),
    "pghistory.Events": (_("change"), _("changes")),
    "pghistory.MiddlewareEvents": (_("change by a request"), _("changes by requests")),
    "pghistory.Context": (_("context of a change"), _("contexts of changes")),
}

_PGH_FIELDS = {
    "pgh_slug": _("event id"),
    "pgh_model": _("event model"),
    "pgh_id": _("event number"),
    "pgh_created_at": _("when"),
    "pgh_label": _("kind of change"),
    "pgh_data": _("data"),
    "pgh_diff": _("changes"),
    "pgh_context_id": _("context id"),
    "pgh_context": _("context"),
    "pgh_obj_model": _("kind of object"),
    "pgh_obj_id": _("object id"),
}

FIELD_NAMES: dict[str, dict[str, Any]] = {
    "otp_totp.TOTPDevice": {
        "user": _("user"),
        "name": _("name"),
        "confirmed": _("confirmed"),
        "created_at": _("created"),
        "last_used_at": _("last used"),
        "key": _("key"),
        "step": _("time step (seconds)"),
        "t0": _("start time (Unix time)"),
        "digits": _("number of digits"),
        "tolerance": _("tolerance (steps)"),
        "drift": _("drift (steps)"),
        "last_t": _("last time step used"),
        "throttling_failure_timestamp": _("last failed attempt"),
        "throttling_failure_count": _("failed attempts in a row"),
    },
    "pghistory.Events": _PGH_FIELDS,
    "pghistory.MiddlewareEvents": _PGH_FIELDS,
    "pghistory.Context": {
        "created_at": _("created"),
        "updated_at": _("updated"),
        "metadata": _("data"),
    },
}

TOTP_HELP_TEXTS = {
    "user": _("The staff member this app belongs to."),
    "name": _("A name to tell this app from others, e.g. “Phone”."),
    "confirmed": _("Whether the app is ready to use."),
    "key": _("The secret key, in hexadecimal (up to 40 bytes)."),
    "step": _("How many seconds each code lasts."),
    "t0": _("The Unix time at which the codes start counting."),
    "digits": _("How many digits a code has."),
    "tolerance": _("How many time steps before or after now are accepted."),
    "drift": _("How many time steps the app is known to be off from the server's clock."),
    "throttling_failure_timestamp": _("When the last attempt failed; empty if it succeeded."),
    "throttling_failure_count": _("How many attempts in a row have failed."),
}

_ACTIONS = {
    "add": _("Can add %(thing)s"),
    "change": _("Can change %(thing)s"),
    "delete": _("Can delete %(thing)s"),
    "view": _("Can view %(thing)s"),
}


def name_third_party_models() -> None:
    """Give the apps, models and fields of APP_NAMES, MODEL_NAMES and FIELD_NAMES their
    translatable names (see the module's docstring for why migrations do not notice)."""
    for label, name in APP_NAMES.items():
        apps.get_app_config(label).verbose_name = name
    for label, (singular, plural) in MODEL_NAMES.items():
        model = apps.get_model(label)
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural
    for label, fields in FIELD_NAMES.items():
        model = apps.get_model(label)
        for name, verbose_name in fields.items():
            model._meta.get_field(name).verbose_name = verbose_name
    # The stock True/False/None icons carry those English words as their text.
    admin_list._boolean_icon = boolean_icon
    # django-tasks-db's admin labels two columns with plain English.
    DBTaskResultAdmin.display_run_after.short_description = _("run after")
    DBTaskResultAdmin.formatted_traceback.short_description = _("traceback")
    # A recorded change is named by what changed, not "Events object (…)".
    Events.__str__ = describe_event


def describe_event(event: Any) -> str:
    """ "Endring av lokale 12 (tilskudd.GrantSchemeEvent:4)"."""
    try:
        model = apps.get_model(event.pgh_obj_model)
        kind = str(model._meta.verbose_name)
    except (LookupError, ValueError):
        kind = event.pgh_obj_model
    return gettext("Change of %(kind)s %(id)s") % {"kind": kind, "id": event.pgh_obj_id}


def boolean_icon(value: bool | None) -> str:
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    text = {True: gettext("Yes"), False: gettext("No"), None: gettext("Unknown")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def permission_label(permission: Permission) -> str:
    """ "Lokaler og utlån | lokale | Kan endre lokale": the app and model in the user's
    language, and the four default permissions too (the stored name is English); the
    change history of a model is named after the model it records."""
    model = permission.content_type.model_class()
    if model is None:
        return str(permission)
    tracked = getattr(model, "pgh_tracked_model", None)
    thing = (
        gettext("history of %(model)s") % {"model": tracked._meta.verbose_name}
        if tracked is not None
        else str(model._meta.verbose_name)
    )
    action, _separator, _rest = permission.codename.partition("_")
    name = (
        _ACTIONS[action] % {"thing": thing}
        if permission.codename == f"{action}_{model._meta.model_name}" and action in _ACTIONS
        else gettext(permission.name)
    )
    return f"{model._meta.app_config.verbose_name} | {thing} | {name}"


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Permission) -> str:
        return permission_label(obj)


class TranslatedPermissionsMixin:
    """For the user and group admins: permissions named in the user's language."""

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissionChoiceField
            kwargs.setdefault(
                "queryset",
                Permission.objects.select_related("content_type").order_by(
                    "content_type__app_label", "content_type__model", "codename"
                ),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class TOTPDeviceAdmin(OtpTOTPDeviceAdmin):
    """django-otp's admin of authenticator apps, with its fieldsets, help texts and search
    help in the user's language."""

    search_help_text = _("Search by the staff member's username or e-mail address")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list:
        titles = {
            "Identity": _("Who"),
            "Timestamps": _("When"),
            "Configuration": _("Settings"),
            "State": _("State"),
            "Throttling": _("Failed attempts"),
        }
        return [
            (titles.get(title, title) if title else title, options)
            for title, options in super().get_fieldsets(request, obj)
        ]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        for name, help_text in TOTP_HELP_TEXTS.items():
            if name in form.base_fields:
                form.base_fields[name].help_text = help_text
        return form


# django-otp registers its own admin when its module is imported (above); this one replaces it.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
