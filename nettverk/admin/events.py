"""Events with their participants: organisers (unit staff) see only their own unit's."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from frivilligkontor.admin.base import PortalModelAdmin, PortalTabularInline
from frivilligkontor.admin.confirm import confirmed
from frivilligkontor.admin.history import History
from nettverk import services
from nettverk.admin.forms import (
    CancelEventForm,
    EmailParticipantsForm,
    EventAdminForm,
    PostponeEventForm,
)
from nettverk.admin.registrations import participants_csv
from nettverk.models import Event, Registration

HISTORY_FIELDS = [
    "title",
    "is_published",
    "starts_at",
    "ends_at",
    "venue_id",
    "place",
    "capacity",
    "state",
    "state_message",
]


class RegistrationInline(PortalTabularInline):
    model = Registration
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    fields = [
        "name",
        "email",
        "organisation_name",
        "party_size",
        "confirmed_places",
        "waiting_places",
        "status",
        "needs",
        "attended",
    ]
    readonly_fields = [
        "name",
        "email",
        "organisation_name",
        "party_size",
        "confirmed_places",
        "waiting_places",
        "status",
        "needs",
    ]
    verbose_name_plural = _("participants (mark attendance here)")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).order_by("status", "created_at", "pk")


@admin.register(Event)
class EventAdmin(PortalModelAdmin):
    form = EventAdminForm
    # Unit staff organise their own unit's events, but may hold them in any district or venue.
    unscoped_foreign_keys = ("district", "venue")
    autocomplete_fields = ["venue"]
    history = History("nettverk.EventEvent", fields=HISTORY_FIELDS)
    list_display = [
        "title",
        "kind",
        "starts_at",
        "unit",
        "district",
        "state",
        "capacity",
        "confirmed_places",
        "waiting",
    ]
    list_filter = ["kind", "state", "district", "starts_at", "unit"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    list_select_related = ["unit", "district", "venue"]
    inlines = [RegistrationInline]
    actions = ["export_participants", "email_participants", "cancel_events", "postpone_events"]
    fieldsets = [
        (
            None,
            {"fields": ["kind", "title", "slug", "description", "unit", "series", "is_published"]},
        ),
        (_("Time"), {"fields": ["starts_at", "ends_at", "registration_deadline"]}),
        (_("Place"), {"fields": ["venue", "district", "place", "online_url"]}),
        (
            _("Audience and universal design"),
            {"fields": ["target_groups", "language", "accessibility"]},
        ),
        (_("Places"), {"fields": ["capacity", "confirmed_places"]}),
        (_("State"), {"fields": ["state", "state_message", "history_table"]}),
        (_("Invitations"), {"fields": ["invite_organisations"]}),
    ]

    # Counted for the events on the page only.
    page_annotations = {
        "waiting_count": Coalesce(
            Sum(
                "registrations__waiting_places",
                filter=~Q(registrations__status=Registration.Status.CANCELLED),
            ),
            0,
        )
    }

    @admin.display(description=_("waiting"))
    def waiting(self, obj: Event) -> int:
        return obj.waiting_count

    @admin.display(description=_("invite organisations"))
    def invite_organisations(self, obj: Event | None) -> str:
        """A new message to the directory's organisations, with this event's registration link."""
        if obj is None or obj.pk is None:
            return "–"
        url = reverse("admin:nettverk_outreachmessage_add") + f"?event={obj.pk}"
        return format_html(
            '<a href="{}">{}</a>', url, _("Write an invitation to organisations in the directory")
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Event | None = None) -> list[str]:
        readonly = ["confirmed_places", "history_table", "invite_organisations"]
        if obj is not None:
            # State and time change through the actions, which e-mail everyone registered.
            readonly += ["state", "state_message"]
            if obj.registrations.active().exists():
                readonly += ["starts_at", "ends_at"]
        return readonly

    def get_prepopulated_fields(self, request: HttpRequest, obj: Event | None = None) -> dict:
        return {} if obj else {"slug": ["title"]}

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and set(services.PLACE_FIELDS) & set(form.changed_data):
            told = services.notify_place_changed(event=obj)
            if told:
                messages.info(
                    request,
                    ngettext(
                        "%(count)s person registered was e-mailed about the new place.",
                        "%(count)s people registered were e-mailed about the new place.",
                        told,
                    )
                    % {"count": told},
                )
        if change and "capacity" in form.changed_data:
            promoted = services.fill_free_places(event=obj)
            if promoted:
                messages.info(
                    request,
                    ngettext(
                        "%(count)s registration moved up from the waiting list and was e-mailed.",
                        "%(count)s registrations moved up from the waiting list and were e-mailed.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                )

    @admin.action(description=_("Export participants as CSV"), permissions=["view"])
    def export_participants(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        registrations = (
            Registration.objects.filter(event__in=queryset)
            .select_related("event")
            .order_by("event__starts_at", "event", "created_at", "pk")
        )
        return participants_csv(registrations, "deltakere.csv")

    @admin.action(description=_("E-mail everyone registered"), permissions=["change"])
    @confirmed(form_class=EmailParticipantsForm, title=_("E-mail everyone registered"))
    def email_participants(self, request: HttpRequest, queryset: QuerySet, data: dict) -> None:
        total = sum(
            services.email_participants(
                event=event,
                subject=data["subject"],
                message=data["message"],
                include_waiting=data["include_waiting"],
            )
            for event in queryset
        )
        self.report_count(
            request,
            total,
            ngettext_lazy("%(count)s e-mail queued.", "%(count)s e-mails queued.", "count"),
        )
        return None

    @admin.action(
        description=_("Cancel the event and e-mail everyone registered"), permissions=["change"]
    )
    @confirmed(form_class=CancelEventForm, title=_("Cancel events"))
    def cancel_events(self, request: HttpRequest, queryset: QuerySet, data: dict) -> None:
        total = sum(
            services.cancel_event(event=event, message=data["message"]) for event in queryset
        )
        self.report_count(
            request,
            total,
            ngettext_lazy(
                "Cancelled. %(count)s person registered was e-mailed.",
                "Cancelled. %(count)s people registered were e-mailed.",
                "count",
            ),
        )
        return None

    @admin.action(
        description=_("Move or postpone the event and e-mail everyone registered"),
        permissions=["change"],
    )
    @confirmed(form_class=PostponeEventForm, title=_("Move or postpone events"))
    def postpone_events(self, request: HttpRequest, queryset: QuerySet, data: dict) -> None:
        if data["starts_at"] and queryset.count() > 1:
            self.message_user(
                request, _("Give a new time for one event at a time."), messages.ERROR
            )
            return None
        total = sum(
            services.postpone_event(
                event=event,
                message=data["message"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
            )
            for event in queryset
        )
        self.report_count(
            request,
            total,
            ngettext_lazy(
                "Saved. %(count)s person registered was e-mailed.",
                "Saved. %(count)s people registered were e-mailed.",
                "count",
            ),
        )
        return None
