"""Booking requests and their times: approve or decline, per request or time by time."""

from datetime import timedelta
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frivilligkontor.admin.base import PortalModelAdmin, ReadOnlyTabularInline, time_span_column
from frivilligkontor.admin.confirm import confirmed
from frivilligkontor.admin.history import History
from lokaler.admin.forms import DeclineForm
from lokaler.availability import LIVE_STATES, competitors_of
from lokaler.forms import BookingRequestForm
from lokaler.models import BookingOccurrence, BookingRequest
from lokaler.services import BookingError, approve_occurrences, decline_occurrences


def _report(request: HttpRequest, result: Any, verb: str) -> None:
    if result.decided:
        messages.success(
            request, _("%(count)s time(s) %(verb)s.") % {"count": len(result.decided), "verb": verb}
        )
    for _occurrence, message in result.refused:
        messages.error(request, message)
    if result.skipped:
        messages.warning(
            request,
            _("%(count)s time(s) were already decided or cancelled and were left as they were.")
            % {"count": len(result.skipped)},
        )


def _coming_times(requests: QuerySet) -> QuerySet:
    return BookingOccurrence.objects.filter(
        request__in=requests,
        status__in=[BookingOccurrence.Status.REQUESTED, BookingOccurrence.Status.APPROVED],
    )


def _listed(occurrences: QuerySet) -> list[str]:
    return [
        f"{occurrence.room}: {occurrence} ({occurrence.request.organisation_name}, "
        f"{occurrence.get_status_display()})"
        for occurrence in occurrences.select_related("room", "room__venue", "request")
    ]


def _decline(request: HttpRequest, occurrences: QuerySet, reason: str) -> None:
    try:
        result = decline_occurrences(
            occurrences=list(occurrences), reason=reason, decided_by=request.user
        )
    except BookingError as error:
        messages.error(request, str(error))
    else:
        _report(request, result, _("declined"))


# The action's confirmation page asks for the reason; then the times are declined.
decline_page = {
    "form_class": DeclineForm,
    "title": gettext_lazy("Decline with a reason"),
    "intro": gettext_lazy("These times will be declined:"),
    "submit_label": gettext_lazy("Decline"),
}


def _describe_time(event: Any) -> str:
    labels = dict(BookingOccurrence.Status.choices)
    text = f"{BookingOccurrence(during=event.during)}: {labels.get(event.status, event.status)}"
    return text + (f" ({event.decline_reason})" if event.decline_reason else "")


time_column = time_span_column("during", description=gettext_lazy("time"))


class OccurrenceInline(ReadOnlyTabularInline):
    model = BookingOccurrence
    fields = ["when", "status", "decline_reason", "decided_at", "decided_by"]
    when = time_column

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("decided_by")


class FirstDateFilter(admin.SimpleListFilter):
    """When the request starts, in the spans venue owners plan by. (Django's date hierarchy
    asked the database for every year with a request, reading the whole table each time.)"""

    title = gettext_lazy("first date")
    parameter_name = "starts"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("week", gettext_lazy("This week and next")),
            ("month", gettext_lazy("Within a month")),
            ("later", gettext_lazy("Later")),
            ("past", gettext_lazy("Already started")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        monday = today - timedelta(days=today.weekday())
        spans = {
            "week": Q(first_date__gte=today, first_date__lt=monday + timedelta(days=14)),
            "month": Q(first_date__gte=today, first_date__lte=today + timedelta(days=31)),
            "later": Q(first_date__gt=today + timedelta(days=31)),
            "past": Q(first_date__lt=today),
        }
        span = spans.get(self.value() or "")
        return queryset if span is None else queryset.filter(span)


@admin.register(BookingRequest)
class BookingRequestAdmin(PortalModelAdmin):
    list_display = [
        "organisation_name",
        "room",
        "first_date",
        "time_span",
        "is_weekly",
        "awaiting",
        "approved",
        "created_at",
    ]
    list_filter = [FirstDateFilter, "room__venue__district", "is_weekly", "age_group"]
    list_select_related = ["room", "room__venue"]
    search_fields = ["organisation_name", "contact_name", "contact_email", "room__venue__name"]
    show_full_result_count = False
    # Counted for the requests on the page only (over every time of every request, the
    # list took a second at Oslo's size).
    page_annotations = {
        "number_awaiting": Count(
            "occurrences", filter=Q(occurrences__status=BookingOccurrence.Status.REQUESTED)
        ),
        "number_approved": Count(
            "occurrences", filter=Q(occurrences__status=BookingOccurrence.Status.APPROVED)
        ),
    }
    history = History(
        "lokaler.BookingOccurrenceEvent", lookup="request_id", describe=_describe_time
    )
    inlines = [OccurrenceInline]
    actions = ["approve_requested", "decline_all"]
    # What the person wrote in the public form, with the room and the decision around it.
    readonly_fields = [
        "decide_link",
        "history_table",
        "room",
        "organisation",
        *BookingRequestForm.Meta.fields,
        "language",
        "created_at",
    ]
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("room__venue", "organisation")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=gettext_lazy("time"))
    def time_span(self, obj: BookingRequest) -> str:
        return f"{obj.start_time:%H:%M}–{obj.end_time:%H:%M}"

    @admin.display(description=gettext_lazy("awaiting decision"))
    def awaiting(self, obj: BookingRequest) -> int:
        return obj.number_awaiting

    @admin.display(description=gettext_lazy("approved"))
    def approved(self, obj: BookingRequest) -> int:
        return obj.number_approved

    @admin.display(description=gettext_lazy("decide"))
    def decide_link(self, obj: BookingRequest) -> str:
        url = reverse("admin:lokaler_bookingrequest_decide", args=[obj.pk])
        return format_html(
            '<a class="button" href="{}">{}</a>', url, _("Approve or decline the times")
        )

    def get_urls(self) -> list:
        return [
            path(
                "<path:object_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="lokaler_bookingrequest_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Approve or decline the times of one request: all at once or one by one."""
        booking = (
            self.get_queryset(request).filter(pk=object_id).first() if object_id.isdigit() else None
        )
        if booking is None:
            raise Http404
        if not self.has_change_permission(request, booking):
            raise PermissionDenied
        occurrences = booking.occurrences.select_related("room")
        live = [occurrence for occurrence in occurrences if occurrence.status in LIVE_STATES]
        competitors = competitors_of(live)
        form = DeclineForm(request.POST if "decline" in request.POST else None)
        if request.method == "POST":
            ids = [value for value in request.POST.getlist("occurrences") if value.isdigit()]
            chosen = list(occurrences.filter(pk__in=ids))
            if not chosen:
                messages.error(request, _("Choose at least one time."))
            elif "approve" in request.POST:
                _report(
                    request,
                    approve_occurrences(occurrences=chosen, decided_by=request.user),
                    _("approved"),
                )
                return HttpResponseRedirect(request.path)
            elif "decline" in request.POST and form.is_valid():
                result = decline_occurrences(
                    occurrences=chosen, reason=form.cleaned_data["reason"], decided_by=request.user
                )
                _report(request, result, _("declined"))
                return HttpResponseRedirect(request.path)
        return render(
            request,
            "admin/lokaler/decide.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Decide: %(request)s") % {"request": booking},
                "booking": booking,
                "occurrences": occurrences,
                "competing": [
                    (occurrence, competitors[occurrence.pk])
                    for occurrence in live
                    if competitors[occurrence.pk]
                ],
                "may_decide_others": self.has_change_permission(request),
                "form": form,
                "opts": self.model._meta,
                "original": booking,
                "requested": BookingOccurrence.Status.REQUESTED,
            },
        )

    @admin.action(
        description=gettext_lazy("Approve every awaiting time of the selected requests"),
        permissions=["change"],
    )
    def approve_requested(self, request: HttpRequest, queryset: QuerySet) -> None:
        occurrences = BookingOccurrence.objects.requested().filter(request__in=queryset)
        _report(
            request,
            approve_occurrences(occurrences=list(occurrences), decided_by=request.user),
            _("approved"),
        )

    @admin.action(
        description=gettext_lazy(
            "Decline every coming time of the selected requests (with a reason)"
        ),
        permissions=["change"],
    )
    @confirmed(listed=lambda requests: _listed(_coming_times(requests)), **decline_page)
    def decline_all(self, request: HttpRequest, queryset: QuerySet, data: dict) -> None:
        _decline(request, _coming_times(queryset), data["reason"])


@admin.register(BookingOccurrence)
class BookingOccurrenceAdmin(PortalModelAdmin):
    """Every requested time, to decide occurrence by occurrence across requests."""

    list_display = ["when", "room", "organisation", "status", "decided_at"]
    list_display_links = ["when"]
    # Only the user's own venues: the stock related filter would list every unit's venues.
    list_filter = [
        "status",
        "room__venue__district",
        ("room__venue", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["room", "room__venue", "request"]
    search_fields = ["request__organisation_name", "room__name", "room__venue__name"]
    show_full_result_count = False
    actions = ["approve", "decline"]
    fields = ["request", "room", "when", "status", "decline_reason", "decided_at", "decided_by"]
    readonly_fields = fields
    when = time_column

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related("request__room__venue", "room__venue", "decided_by")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=gettext_lazy("organisation"), ordering="request__organisation_name")
    def organisation(self, obj: BookingOccurrence) -> str:
        return obj.request.organisation_name

    @admin.action(description=gettext_lazy("Approve the selected times"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        _report(
            request,
            approve_occurrences(occurrences=list(queryset), decided_by=request.user),
            _("approved"),
        )

    @admin.action(
        description=gettext_lazy("Decline the selected times (with a reason)"),
        permissions=["change"],
    )
    @confirmed(listed=_listed, **decline_page)
    def decline(self, request: HttpRequest, queryset: QuerySet, data: dict) -> None:
        _decline(request, queryset, data["reason"])
