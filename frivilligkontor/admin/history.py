"""One way to show an object's history: who changed what, when (from django-pghistory).

The events are recorded by database triggers; the admin shows them on the object's own
change page (`PortalModelAdmin.history = History(...)` and `"history_table"` among the
readonly fields), so only those who may see the object see its history. The cross-model
audit list of pghistory is for superusers only (`AuditEventsAdmin`): it holds every
tracked model's data, e-mail addresses of the public included.

However many events there are, the history costs a fixed number of queries: the events
with their context, the users named in them, and one query per related model shown.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pghistory.admin import EventsAdmin

from frivilligkontor.timespans import format_range

SHOWN = 100  # the newest changes shown on a page


@dataclass
class HistoryRow:
    when: datetime
    who: str
    # (label, value) pairs; a pair with an empty label is a sentence of its own.
    changes: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class History:
    """How to show the history of one kind of object.

    event_model: the pghistory event model ("lokaler.VenueEvent").
    lookup: the field of the event model that points at the object (default pgh_obj_id).
    fields: fields compared from one event to the next; each change is shown as
        "label: new value". Without fields, each event is "Created" or "Changed".
    describe: instead of fields, a function of the event that says what happened.
    """

    event_model: str
    lookup: str = "pgh_obj_id"
    fields: Sequence[str] = ()
    describe: Callable[[Any], str] | None = None
    newest_first: bool = True

    def rows(self, obj: Model) -> list[HistoryRow]:
        if obj is None or obj.pk is None:
            return []
        model = apps.get_model(self.event_model)
        events = list(
            model.objects.filter(**{self.lookup: obj.pk})
            .select_related("pgh_context")
            .order_by("-pgh_created_at", "-pgh_id")[:SHOWN]
        )
        events.reverse()  # oldest first, to compare each with the one before
        tracked = obj._meta.concrete_model
        names = _user_names(events)
        related = _related_values(tracked, events, self.fields)
        rows: list[HistoryRow] = []
        previous: Any = None
        for event in events:
            if self.describe is not None:
                changes = [("", self.describe(event))]
            elif self.fields:
                changes = [
                    (_label(tracked, name), _display(tracked, name, getattr(event, name), related))
                    for name in self.fields
                    if _changed(previous, event, name)
                ]
            else:
                changes = [("", gettext("Created") if previous is None else gettext("Changed"))]
            previous = event
            if changes:
                rows.append(
                    HistoryRow(when=event.pgh_created_at, who=_who(event, names), changes=changes)
                )
        if self.newest_first:
            rows.reverse()
        return rows

    def render(self, obj: Model) -> str:
        return render_to_string("admin/includes/history.html", {"history": self.rows(obj)})


def _changed(previous: Any, event: Any, name: str) -> bool:
    value = getattr(event, name)
    if previous is None:
        return value not in (None, "")
    return getattr(previous, name) != value


def _user_names(events: list[Any]) -> dict[Any, str]:
    user_ids = {
        (event.pgh_context.metadata or {}).get("user")
        for event in events
        if event.pgh_context_id is not None
    } - {None}
    if not user_ids:
        return {}
    return {user.pk: str(user) for user in get_user_model().objects.filter(pk__in=user_ids)}


def _who(event: Any, names: dict[Any, str]) -> str:
    if event.pgh_context_id is not None:
        user = (event.pgh_context.metadata or {}).get("user")
        if user in names:
            return names[user]
    return gettext("the person or the system")


def _field(tracked: type[Model], name: str) -> Any:
    return tracked._meta.get_field(name.removesuffix("_id"))


def _label(tracked: type[Model], name: str) -> str:
    return str(_field(tracked, name).verbose_name)


def _related_values(
    tracked: type[Model], events: list[Any], names: Sequence[str]
) -> dict[str, dict[Any, str]]:
    """For each foreign key shown, the names of every object the events refer to (one query each)."""
    related: dict[str, dict[Any, str]] = {}
    for name in names:
        model_field = _field(tracked, name)
        if not model_field.is_relation:
            continue
        ids = {getattr(event, name) for event in events} - {None}
        objects = model_field.related_model._base_manager.filter(pk__in=ids) if ids else []
        related[name] = {obj.pk: str(obj) for obj in objects}
    return related


def _display(tracked: type[Model], name: str, value: Any, related: dict[str, dict]) -> str:
    if value in (None, ""):
        return "–"
    if name in related:
        return related[name].get(value, str(value))
    choices = dict(_field(tracked, name).flatchoices)
    if choices:
        return str(choices.get(value, value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(getattr(value, "lower", None), datetime):
        return format_range(value)
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j. F Y H:i")
    if isinstance(value, date):
        return date_format(value, "j. F Y")
    return str(value)


class HistoryMixin:
    """Adds the readonly field `history_table` for admins that set `history`."""

    history: History | None = None

    def history_table(self, obj: Model) -> str:
        if self.history is None or obj is None or obj.pk is None:
            return "–"
        return self.history.render(obj)

    history_table.short_description = _("history")  # type: ignore[attr-defined]


class AuditEventsAdmin(EventsAdmin):
    """pghistory's list of every recorded change, for superusers only (see the docstring)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def get_list_display(self, request: HttpRequest) -> list:
        return [
            self.object_kind if name == "pgh_obj_model" else name
            for name in super().get_list_display(request)
        ]

    @admin.display(description=_("kind of object"), ordering="pgh_obj_model")
    def object_kind(self, event: Any) -> str:
        """The model's name in the user's language ("lokale"), not its label ("lokaler.Venue")."""
        try:
            return str(apps.get_model(event.pgh_obj_model)._meta.verbose_name)
        except (LookupError, ValueError):
            return event.pgh_obj_model
