"""The back office for events, registrations, meeting places and the directory.

Organisers (unit staff) see only their own unit's events through UnitScopedAdminMixin;
Frivilligkontoret staff see everything. Every action calls the same services as the
public pages.
"""

import csv
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from frivilligkontor.admin_accessibility import AccessibleAdminMixin, AccessibleInlineMixin
from frivilligkontor.admin_scoping import ScopedInlineMixin, UnitScopedAdminMixin
from frivilligkontor.choices import ActivityArea, TargetGroup
from frivilligkontor.models import Organisation
from nettverk import services
from nettverk.models import Event, MeetingPlace, Registration

# --- Forms for the actions that need input ------------------------------------------


class EmailParticipantsForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}), max_length=5000
    )
    include_waiting = forms.BooleanField(
        label=_("Also e-mail people on the waiting list"), required=False, initial=True
    )


class CancelEventForm(forms.Form):
    message = forms.CharField(
        label=_("Message to everyone registered"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("Why the event is cancelled, and what happens next."),
    )


class PostponeEventForm(forms.Form):
    message = forms.CharField(
        label=_("Message to everyone registered"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
    )
    starts_at = forms.DateTimeField(
        label=_("New start"),
        required=False,
        help_text=_(
            "For example 24.03.2027 18:00. Leave both empty if the new time is not decided."
        ),
    )
    ends_at = forms.DateTimeField(label=_("New end"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if (starts_at is None) != (ends_at is None):
            raise forms.ValidationError(_("Give both a new start and a new end, or neither."))
        if starts_at and ends_at and ends_at <= starts_at:
            raise forms.ValidationError(_("The event must end after it starts."))
        return cleaned


class RejectOrganisationForm(forms.Form):
    reason = forms.CharField(
        label=_("Why, in a few words (sent to the organisation)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        required=False,
    )


def _action_form(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    form_class: type[forms.Form],
    action: str,
    title: str,
) -> tuple[forms.Form | None, TemplateResponse | None]:
    """Show an intermediate page with a form; return the valid form once it is submitted."""
    if "apply" in request.POST:
        form = form_class(request.POST)
        if form.is_valid():
            return form, None
    else:
        form = form_class()
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "queryset": queryset,
        "action": action,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "opts": modeladmin.model._meta,
        "media": modeladmin.media + form.media,
    }
    return None, TemplateResponse(request, "admin/nettverk/action_form.html", context)


def _safe_cell(value: str) -> str:
    """Text typed by the public, made harmless for spreadsheets: a cell starting with
    =, +, -, @ or a control character would be read as a formula (CSV injection)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def participants_csv(registrations: QuerySet, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            str(_("Event")),
            str(_("Date")),
            str(_("Name")),
            str(_("E-mail")),
            str(_("Organisation")),
            str(_("Number of people")),
            str(_("Confirmed places")),
            str(_("Places on the waiting list")),
            str(_("Status")),
            str(_("Needs")),
            str(_("Attended")),
            str(_("Registered")),
        ]
    )
    yes_no = {True: str(_("Yes")), False: str(_("No")), None: ""}
    for registration in registrations:
        writer.writerow(
            [
                _safe_cell(registration.event.title),
                timezone.localtime(registration.event.starts_at).strftime("%d.%m.%Y %H:%M"),
                _safe_cell(registration.name),
                _safe_cell(registration.email),
                _safe_cell(registration.organisation_name),
                registration.party_size,
                registration.confirmed_places,
                registration.waiting_places,
                registration.get_status_display(),
                _safe_cell(registration.needs),
                yes_no[registration.attended],
                timezone.localtime(registration.created_at).strftime("%d.%m.%Y %H:%M"),
            ]
        )
    return response


# --- Events -------------------------------------------------------------------------


def _checkboxes(choices: list[tuple[str, str]], label: str) -> forms.MultipleChoiceField:
    """An ArrayField of choices as checkboxes (the default is a comma-separated text box)."""
    return forms.MultipleChoiceField(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple, required=False
    )


class RegistrationInline(AccessibleInlineMixin, ScopedInlineMixin, admin.TabularInline):
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


class AnyDistrictMixin:
    """Unit staff organise events for their own unit, but may hold them in any district."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "district":
            return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)  # type: ignore[arg-type]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class EventAdminForm(forms.ModelForm):
    target_groups = _checkboxes(TargetGroup.choices, _("target groups"))

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "slug",
            "description",
            "unit",
            "series",
            "is_published",
            "starts_at",
            "ends_at",
            "registration_deadline",
            "venue",
            "district",
            "place",
            "online_url",
            "target_groups",
            "language",
            "accessibility",
            "capacity",
            "state",
            "state_message",
        ]

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk and capacity < self.instance.confirmed_places:
            raise forms.ValidationError(
                _(
                    "%(confirmed)s places are already confirmed. Cancel registrations before "
                    "lowering the capacity below that."
                )
                % {"confirmed": self.instance.confirmed_places}
            )
        return capacity

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        venue = cleaned.get("venue")
        if venue is not None and not cleaned.get("district"):
            cleaned["district"] = venue.district
            self.instance.district = venue.district
        if not venue and not cleaned.get("place") and not cleaned.get("online_url"):
            raise forms.ValidationError(
                _("Give a venue, a place or a link to the digital meeting.")
            )
        return cleaned


@admin.register(Event)
class EventAdmin(AccessibleAdminMixin, AnyDistrictMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    form = EventAdminForm
    unit_path = "unit"
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
        (_("State"), {"fields": ["state", "state_message", "history_link"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                waiting_count=Coalesce(
                    Sum(
                        "registrations__waiting_places",
                        filter=~Q(registrations__status=Registration.Status.CANCELLED),
                    ),
                    0,
                )
            )
        )

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, obj: Event) -> int:
        return obj.waiting_count

    @admin.display(description=_("history"))
    def history_link(self, event: Event) -> str:
        if not event.pk:
            return "–"
        url = reverse("admin:pghistory_events_changelist")
        return format_html(
            '<a href="{}?obj=nettverk.event:{}">{}</a>', url, event.pk, _("See changes")
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Event | None = None) -> list[str]:
        readonly = ["confirmed_places", "history_link"]
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
    def email_participants(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        form, response = _action_form(
            self,
            request,
            queryset,
            form_class=EmailParticipantsForm,
            action="email_participants",
            title=_("E-mail everyone registered"),
        )
        if response:
            return response
        total = sum(
            services.email_participants(
                event=event,
                subject=form.cleaned_data["subject"],
                message=form.cleaned_data["message"],
                include_waiting=form.cleaned_data["include_waiting"],
            )
            for event in queryset
        )
        self.message_user(
            request,
            ngettext("%(count)s e-mail queued.", "%(count)s e-mails queued.", total)
            % {"count": total},
            messages.SUCCESS,
        )
        return None

    @admin.action(
        description=_("Cancel the event and e-mail everyone registered"), permissions=["change"]
    )
    def cancel_events(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        form, response = _action_form(
            self,
            request,
            queryset,
            form_class=CancelEventForm,
            action="cancel_events",
            title=_("Cancel events"),
        )
        if response:
            return response
        total = sum(
            services.cancel_event(event=event, message=form.cleaned_data["message"])
            for event in queryset
        )
        self.message_user(
            request,
            ngettext(
                "Cancelled. %(count)s person registered was e-mailed.",
                "Cancelled. %(count)s people registered were e-mailed.",
                total,
            )
            % {"count": total},
            messages.SUCCESS,
        )
        return None

    @admin.action(
        description=_("Move or postpone the event and e-mail everyone registered"),
        permissions=["change"],
    )
    def postpone_events(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        form, response = _action_form(
            self,
            request,
            queryset,
            form_class=PostponeEventForm,
            action="postpone_events",
            title=_("Move or postpone events"),
        )
        if response:
            return response
        if form.cleaned_data["starts_at"] and queryset.count() > 1:
            self.message_user(
                request, _("Give a new time for one event at a time."), messages.ERROR
            )
            return None
        total = sum(
            services.postpone_event(
                event=event,
                message=form.cleaned_data["message"],
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
            )
            for event in queryset
        )
        self.message_user(
            request,
            ngettext(
                "Saved. %(count)s person registered was e-mailed.",
                "Saved. %(count)s people registered were e-mailed.",
                total,
            )
            % {"count": total},
            messages.SUCCESS,
        )
        return None


@admin.register(Registration)
class RegistrationAdmin(AccessibleAdminMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    unit_path = "event__unit"
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


class MeetingPlaceAdminForm(forms.ModelForm):
    target_groups = _checkboxes(TargetGroup.choices, _("target groups"))

    class Meta:
        model = MeetingPlace
        fields = [
            "title",
            "description",
            "unit",
            "district",
            "venue",
            "place",
            "weekday",
            "start_time",
            "end_time",
            "first_date",
            "last_date",
            "interval_weeks",
            "capacity",
            "target_groups",
            "language",
            "accessibility",
        ]


@admin.register(MeetingPlace)
class MeetingPlaceAdmin(
    AccessibleAdminMixin, AnyDistrictMixin, UnitScopedAdminMixin, admin.ModelAdmin
):
    form = MeetingPlaceAdminForm
    unit_path = "unit"
    list_display = [
        "title",
        "weekday",
        "start_time",
        "unit",
        "district",
        "first_date",
        "last_date",
        "occurrence_count",
    ]
    list_filter = ["weekday", "district"]
    search_fields = ["title", "place"]
    list_select_related = ["unit", "district"]
    actions = ["create_events"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(occurrence_total=Count("occurrences"))

    @admin.display(description=_("events"), ordering="occurrence_total")
    def occurrence_count(self, obj: MeetingPlace) -> int:
        return obj.occurrence_total

    def save_model(self, request: HttpRequest, obj: MeetingPlace, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        created = services.generate_series_events(meeting_place=obj)
        if created:
            messages.info(
                request,
                ngettext("%(count)s event created.", "%(count)s events created.", created)
                % {"count": created},
            )

    @admin.action(description=_("Create the events of the series"), permissions=["change"])
    def create_events(self, request: HttpRequest, queryset: QuerySet) -> None:
        created = sum(services.generate_series_events(meeting_place=place) for place in queryset)
        self.message_user(
            request,
            ngettext("%(count)s event created.", "%(count)s events created.", created)
            % {"count": created},
        )


# --- The directory of organisations -------------------------------------------------

if admin.site.is_registered(Organisation):
    admin.site.unregister(Organisation)


class OrganisationAdminForm(forms.ModelForm):
    activity_areas = _checkboxes(ActivityArea.choices, _("activity areas"))
    target_groups = _checkboxes(TargetGroup.choices, _("target groups"))

    class Meta:
        model = Organisation
        fields = [
            "name",
            "slug",
            "organisation_number",
            "is_new_initiative",
            "districts",
            "activity_areas",
            "target_groups",
            "website",
            "frivillig_url",
            "ungfritid_url",
            "description",
            "contact_email",
        ]


@admin.register(Organisation)
class OrganisationAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    form = OrganisationAdminForm
    prepopulated_fields = {"slug": ["name"]}
    list_display = [
        "name",
        "organisation_number",
        "is_new_initiative",
        "status",
        "district_names",
        "created_at",
    ]
    list_filter = ["status", "is_new_initiative", "districts", "created_at"]
    search_fields = ["name", "organisation_number", "contact_email"]
    readonly_fields = ["status", "created_at", "approved_at"]
    actions = ["approve", "reject"]
    fields = [
        "name",
        "slug",
        "organisation_number",
        "is_new_initiative",
        "districts",
        "activity_areas",
        "target_groups",
        "website",
        "frivillig_url",
        "ungfritid_url",
        "description",
        "contact_email",
        "status",
        "created_at",
        "approved_at",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("districts")

    def get_ordering(self, request: HttpRequest) -> list[Any]:
        # Entries waiting for approval first, newest first.
        from django.db.models import Case, IntegerField, Value, When

        return [
            Case(
                When(status=Organisation.Status.PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "-created_at",
        ]

    @admin.display(description=_("districts"))
    def district_names(self, obj: Organisation) -> str:
        return ", ".join(unit.name.removeprefix("Bydel ") for unit in obj.districts.all())

    @admin.action(description=_("Approve and publish"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = sum(services.approve_organisation(organisation=org) for org in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)s organisation approved and published.",
                "%(count)s organisations approved and published.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Do not approve"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        form, response = _action_form(
            self,
            request,
            queryset,
            form_class=RejectOrganisationForm,
            action="reject",
            title=_("Do not approve"),
        )
        if response:
            return response
        count = sum(
            services.reject_organisation(organisation=org, reason=form.cleaned_data["reason"])
            for org in queryset
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s organisation not approved.",
                "%(count)s organisations not approved.",
                count,
            )
            % {"count": count},
        )
        return None


# Outreach to the directory (kept in its own module).
from nettverk import outreach_admin  # noqa: E402, F401
