"""Registrations for events: attendance, cancelling (the waiting list moves up), CSV."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frivilligkontor.admin.base import PortalModelAdmin
from frivilligkontor.csv_export import csv_response
from nettverk import services
from nettverk.models import Registration

PARTICIPANT_COLUMNS = [
    _("Event"),
    _("Date"),
    _("Name"),
    _("E-mail"),
    _("Organisation"),
    _("Number of people"),
    _("Confirmed places"),
    _("Places on the waiting list"),
    _("Status"),
    _("Needs"),
    _("Attended"),
    _("Registered"),
]


def participants_csv(registrations: QuerySet, filename: str) -> HttpResponse:
    """The participants of one or more events, for the organiser's spreadsheet."""
    yes_no = {True: str(_("Yes")), False: str(_("No")), None: ""}
    return csv_response(
        filename,
        PARTICIPANT_COLUMNS,
        (
            [
                registration.event.title,
                timezone.localtime(registration.event.starts_at).strftime("%d.%m.%Y %H:%M"),
                registration.name,
                registration.email,
                registration.organisation_name,
                registration.party_size,
                registration.confirmed_places,
                registration.waiting_places,
                registration.get_status_display(),
                registration.needs,
                yes_no[registration.attended],
                timezone.localtime(registration.created_at).strftime("%d.%m.%Y %H:%M"),
            ]
            for registration in registrations
        ),
    )


@admin.register(Registration)
class RegistrationAdmin(PortalModelAdmin):
    show_full_result_count = False  # a large table: no count of every row
    list_display = [
        "name",
        "event",
        "party_size",
        "confirmed_places",
        "waiting_places",
        "status",
        "attended",
        "created_at",
    ]
    list_editable = ["attended"]
    list_filter = ["status", "attended", "event__kind", "event__starts_at"]
    search_fields = ["name", "email", "organisation_name", "event__title"]
    list_select_related = ["event"]
    actions = ["mark_attended", "mark_not_attended", "cancel_registrations", "export_csv"]
    readonly_fields = [
        "event",
        "name",
        "email",
        "organisation_name",
        "party_size",
        "needs",
        "language",
        "status",
        "confirmed_places",
        "waiting_places",
        "created_at",
        "cancelled_at",
        "anonymised_at",
    ]
    fields = [*readonly_fields[:7], "attended", *readonly_fields[7:]]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Cancel instead, so the waiting list moves up and the figures stay true.
        return False

    @admin.action(description=_("Mark as attended"), permissions=["change"])
    def mark_attended(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = services.mark_attendance(registrations=list(queryset), attended=True)
        self.message_user(request, _("Attendance saved for %(count)s.") % {"count": count})

    @admin.action(description=_("Mark as not attended"), permissions=["change"])
    def mark_not_attended(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = services.mark_attendance(registrations=list(queryset), attended=False)
        self.message_user(request, _("Attendance saved for %(count)s.") % {"count": count})

    @admin.action(
        description=_("Cancel the registration (the waiting list moves up)"), permissions=["change"]
    )
    def cancel_registrations(self, request: HttpRequest, queryset: QuerySet) -> None:
        promoted = 0
        for registration in queryset.exclude(status=Registration.Status.CANCELLED):
            promoted += len(services.cancel_registration(registration=registration))
        self.message_user(
            request,
            _("Cancelled. %(count)s registrations moved up from the waiting list.")
            % {"count": promoted},
        )

    @admin.action(description=_("Export as CSV"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return participants_csv(
            queryset.select_related("event").order_by("event__starts_at", "created_at", "pk"),
            "pameldinger.csv",
        )
