"""Back office for venue owners: venues, rooms, lending hours, and deciding booking requests.

Unit staff see and edit only their own unit's venues and the requests for them."""

from typing import Any

from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frivilligkontor.admin_scoping import ScopedInlineMixin, UnitScopedAdminMixin
from frivilligkontor.models import Unit, User
from lokaler.forms import DeclineForm
from lokaler.models import (
    BookingOccurrence,
    BookingRequest,
    LendingWindow,
    Room,
    Venue,
    WeeklyHours,
    WindowException,
)
from lokaler.services import BookingError, approve_occurrences, decline_occurrences


def _history_rows(events: QuerySet, describe: Any) -> str:
    """A small table of pghistory events: when, who, what (events are recorded by triggers)."""
    events = list(events.select_related("pgh_context").order_by("-pgh_created_at", "-pgh_id")[:100])
    user_ids = {
        (event.pgh_context.metadata or {}).get("user")
        for event in events
        if event.pgh_context_id is not None
    }
    users = {user.pk: str(user) for user in User.objects.filter(pk__in=user_ids - {None})}
    if not events:
        return "–"
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                timezone.localtime(event.pgh_created_at).strftime("%d.%m.%Y %H:%M"),
                users.get((event.pgh_context.metadata or {}).get("user"), "–")
                if event.pgh_context_id
                else "–",
                describe(event),
            )
            for event in events
        ),
    )
    return format_html(
        "<table><thead><tr><th scope='col'>{}</th><th scope='col'>{}</th><th scope='col'>{}</th>"
        "</tr></thead><tbody>{}</tbody></table>",
        _("When"),
        _("Who"),
        _("What"),
        rows,
    )


class OwnVenuesMixin:
    """Limits choices of venues and rooms to those of the user's own units."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        user = request.user
        if db_field.name == "district":
            # Any district may be chosen (a Kulturetaten library lies in some bydel), so this
            # skips the unit scoping that would limit the choice to the user's own units.
            kwargs["queryset"] = Unit.objects.districts()
            return admin.options.BaseModelAdmin.formfield_for_foreignkey(
                self, db_field, request, **kwargs
            )
        if not user.sees_all_units and db_field.related_model is Venue:
            kwargs["queryset"] = Venue.objects.filter(unit__in=user.unit_ids())
        elif not user.sees_all_units and db_field.related_model is Room:
            kwargs["queryset"] = Room.objects.filter(venue__unit__in=user.unit_ids())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RoomInline(OwnVenuesMixin, ScopedInlineMixin, admin.TabularInline):
    model = Room
    fields = ["name", "kind", "parent", "capacity", "area_square_metres", "is_bookable"]
    extra = 0
    show_change_link = True

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "parent":
            venue_id = (
                request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            )
            kwargs["queryset"] = Room.objects.filter(venue_id=venue_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class WindowExceptionInline(ScopedInlineMixin, admin.TabularInline):
    model = WindowException
    fields = ["kind", "starts_on", "ends_on", "opens_at", "closes_at", "description"]
    extra = 0


@admin.register(Venue)
class VenueAdmin(OwnVenuesMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    unit_path = "unit"
    list_display = [
        "name",
        "kind",
        "district",
        "unit",
        "room_count",
        "last_confirmed_on",
        "is_published",
    ]
    list_filter = ["district", "kind", "is_published"]
    list_select_related = ["district", "unit"]
    search_fields = ["name", "street_address", "description"]
    readonly_fields = ["created_at", "updated_at", "history"]
    inlines = [RoomInline, WindowExceptionInline]
    actions = ["confirm_information"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "unit", "district", "is_published"]}),
        (
            gettext_lazy("Address"),
            {"fields": ["street_address", "postal_code", "postal_town", "latitude", "longitude"]},
        ),
        (gettext_lazy("Description"), {"fields": ["description"]}),
        (
            gettext_lazy("Universal design"),
            {
                "fields": [
                    "step_free_entrance",
                    "accessible_toilet",
                    "lift",
                    "induction_loop",
                    "accessibility_notes",
                ]
            },
        ),
        (
            gettext_lazy("Lending terms and contact"),
            {
                "fields": [
                    "free_for_children_and_youth",
                    "lending_terms",
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                    "last_confirmed_on",
                ]
            },
        ),
        (gettext_lazy("Changes"), {"fields": ["created_at", "updated_at", "history"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(number_of_rooms=Count("rooms"))

    @admin.display(description=gettext_lazy("history"))
    def history(self, venue: Venue) -> str:
        if not venue.pk:
            return "–"
        return _history_rows(
            apps.get_model("lokaler", "VenueEvent").objects.filter(pgh_obj_id=venue.pk),
            lambda event: _("Created") if event.pgh_label == "insert" else _("Changed"),
        )

    @admin.display(description=gettext_lazy("rooms"), ordering="number_of_rooms")
    def room_count(self, venue: Venue) -> int:
        return venue.number_of_rooms

    @admin.action(
        description=gettext_lazy("Confirm that the information is correct today"),
        permissions=["change"],
    )
    def confirm_information(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.update(last_confirmed_on=timezone.localdate())
        self.message_user(
            request, _("%(count)s venue(s) confirmed as correct today.") % {"count": count}
        )


@admin.register(Room)
class RoomAdmin(OwnVenuesMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    unit_path = "venue__unit"
    list_display = ["name", "venue", "kind", "parent", "capacity", "is_bookable"]
    list_filter = ["kind", "venue__district"]
    list_select_related = ["venue", "parent", "parent__venue"]
    search_fields = ["name", "venue__name"]
    fields = [
        "venue",
        "name",
        "slug",
        "kind",
        "parent",
        "capacity",
        "area_square_metres",
        "facilities",
        "description",
        "is_bookable",
    ]


class WeeklyHoursInline(admin.TabularInline):
    model = WeeklyHours
    extra = 0


@admin.register(LendingWindow)
class LendingWindowAdmin(OwnVenuesMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    unit_path = "venue__unit"
    list_display = ["name", "venue", "starts_on", "ends_on"]
    list_select_related = ["venue"]
    list_filter = ["venue__district"]
    search_fields = ["name", "venue__name"]
    inlines = [WeeklyHoursInline]


@admin.register(WindowException)
class WindowExceptionAdmin(OwnVenuesMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    unit_path = "venue__unit"
    list_display = ["description", "venue", "kind", "starts_on", "ends_on"]
    list_select_related = ["venue"]
    list_filter = ["kind"]


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


def _decline_with_reason(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    occurrences: QuerySet,
    action: str,
    selected: list[str],
) -> HttpResponse | None:
    """The admin action's intermediate page: ask for the reason, then decline."""
    if "apply" in request.POST:
        form = DeclineForm(request.POST)
        if form.is_valid():
            try:
                result = decline_occurrences(
                    occurrences=list(occurrences),
                    reason=form.cleaned_data["reason"],
                    decided_by=request.user,
                )
            except BookingError as error:
                messages.error(request, str(error))
            else:
                _report(request, result, _("declined"))
            return None
    else:
        form = DeclineForm()
    return render(
        request,
        "lokaler/admin/decline.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": _("Decline with a reason"),
            "form": form,
            "occurrences": occurrences.select_related("room", "room__venue", "request"),
            "action": action,
            "selected": selected,
            "opts": model_admin.model._meta,
        },
    )


class OccurrenceInline(admin.TabularInline):
    model = BookingOccurrence
    fields = ["during", "status", "decline_reason", "decided_at", "decided_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("decided_by")


@admin.register(BookingRequest)
class BookingRequestAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_path = "room__venue__unit"
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
    list_filter = ["room__venue__district", "is_weekly", "age_group"]
    list_select_related = ["room", "room__venue"]
    search_fields = ["organisation_name", "contact_name", "contact_email", "room__venue__name"]
    date_hierarchy = "first_date"
    inlines = [OccurrenceInline]
    actions = ["approve_requested", "decline_all"]
    readonly_fields = [
        "decide_link",
        "history",
        "room",
        "organisation",
        "organisation_name",
        "organisation_number",
        "is_new_initiative",
        "contact_name",
        "contact_email",
        "contact_phone",
        "activity",
        "expected_participants",
        "age_group",
        "is_weekly",
        "first_date",
        "last_date",
        "start_time",
        "end_time",
        "language",
        "created_at",
    ]
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                number_awaiting=Count(
                    "occurrences", filter=Q(occurrences__status=BookingOccurrence.Status.REQUESTED)
                ),
                number_approved=Count(
                    "occurrences", filter=Q(occurrences__status=BookingOccurrence.Status.APPROVED)
                ),
            )
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=gettext_lazy("time"))
    def time_span(self, obj: BookingRequest) -> str:
        return f"{obj.start_time:%H:%M}–{obj.end_time:%H:%M}"

    @admin.display(description=gettext_lazy("awaiting decision"), ordering="number_awaiting")
    def awaiting(self, obj: BookingRequest) -> int:
        return obj.number_awaiting

    @admin.display(description=gettext_lazy("approved"), ordering="number_approved")
    def approved(self, obj: BookingRequest) -> int:
        return obj.number_approved

    @admin.display(description=gettext_lazy("history"))
    def history(self, obj: BookingRequest) -> str:
        labels = dict(BookingOccurrence.Status.choices)
        return _history_rows(
            apps.get_model("lokaler", "BookingOccurrenceEvent").objects.filter(request_id=obj.pk),
            lambda event: (
                f"{BookingOccurrence(during=event.during)}: {labels.get(event.status, event.status)}"
                + (f" ({event.decline_reason})" if event.decline_reason else "")
            ),
        )

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
            "lokaler/admin/decide.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Decide: %(request)s") % {"request": booking},
                "booking": booking,
                "occurrences": occurrences,
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
    def decline_all(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        occurrences = BookingOccurrence.objects.filter(
            request__in=queryset,
            status__in=[BookingOccurrence.Status.REQUESTED, BookingOccurrence.Status.APPROVED],
        )
        return _decline_with_reason(
            self,
            request,
            occurrences,
            "decline_all",
            request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        )


@admin.register(BookingOccurrence)
class BookingOccurrenceAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    """Every requested time, to decide occurrence by occurrence across requests."""

    unit_path = "room__venue__unit"
    list_display = ["__str__", "room", "organisation", "status", "decided_at"]
    # Only the user's own venues: the stock related filter would list every unit's venues.
    list_filter = [
        "status",
        "room__venue__district",
        ("room__venue", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["room", "room__venue", "request"]
    search_fields = ["request__organisation_name", "room__name", "room__venue__name"]
    actions = ["approve", "decline"]
    fields = ["request", "room", "during", "status", "decline_reason", "decided_at", "decided_by"]
    readonly_fields = fields

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
    def decline(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return _decline_with_reason(
            self,
            request,
            queryset,
            "decline",
            request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        )
