"""The case page and the triage list: thread, reply, notes, status and history."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from frivilligkontor.admin.base import PortalModelAdmin
from frivilligkontor.admin.history import History
from frivilligkontor.models import User
from henvendelser import services
from henvendelser.admin.feedback import CaseFeedbackFilter
from henvendelser.admin.filters import OpenStatusFilter, OverdueFilter
from henvendelser.admin.forms import NoteForm, OfficerReplyForm
from henvendelser.models import Enquiry, InvalidTransition, StandardAnswer

# Fields shown in the case's history, in this order.
HISTORY_FIELDS = [
    "status",
    "assigned_officer_id",
    "assigned_unit_id",
    "topic",
    "district_id",
    "due_date",
    "venue_id",
    "grant_scheme_id",
]


@admin.register(Enquiry)
class EnquiryAdmin(PortalModelAdmin):
    # A case may be about any venue or scheme, not only those of the user's unit.
    unscoped_foreign_keys = ("district", "venue", "grant_scheme")
    autocomplete_fields = ["venue", "grant_scheme"]
    history = History("henvendelser.EnquiryEvent", fields=HISTORY_FIELDS, newest_first=False)
    change_form_template = "admin/henvendelser/enquiry_change_form.html"
    change_list_template = "admin/henvendelser/enquiry_change_list.html"
    view_on_site = False  # the case page is the person's own; staff work here
    # Short columns and headers, so that the whole list fits beside the menu and the filters
    # at 1280 px (static/henvendelser/admin.css lets the cells wrap).
    list_display = [
        "reference",
        "topic",
        "sender",
        "dates",
        "status",
        "assigned_officer",
    ]
    list_display_links = ["reference"]
    list_filter = [
        OpenStatusFilter,
        "topic",
        ("assigned_officer", admin.RelatedOnlyFieldListFilter),
        ("district", admin.RelatedOnlyFieldListFilter),
        ("assigned_unit", admin.RelatedOnlyFieldListFilter),
        OverdueFilter,
        "is_new_initiative",
        CaseFeedbackFilter,
    ]
    search_fields = ["reference", "contact_name", "organisation_name", "email", "message"]
    list_select_related = ["assigned_officer"]
    ordering = ["-received_at"]
    date_hierarchy = None
    list_per_page = 50
    show_full_result_count = False
    actions = ["assign_to_me", "close_cases"]
    fieldsets = [
        (
            _("Case"),
            {
                "fields": [
                    "reference",
                    "status",
                    "topic",
                    "district",
                    "received_at",
                    "due_date",
                    "paused_on",
                    "first_answered_at",
                ]
            },
        ),
        (
            _("Handling"),
            {"fields": ["assigned_officer", "assigned_unit", "grant_scheme", "venue"]},
        ),
        (
            _("From"),
            {
                "fields": [
                    "contact_name",
                    "email",
                    "phone",
                    "language",
                    "organisation_name",
                    "organisation_number",
                    "is_new_initiative",
                ]
            },
        ),
    ]
    readonly_fields = [
        "reference",
        "status",
        "received_at",
        "due_date",
        "paused_on",
        "first_answered_at",
        "contact_name",
        "phone",
        "language",
        "organisation_name",
        "organisation_number",
        "is_new_initiative",
    ]

    @admin.display(description=_("from"), ordering="contact_name")
    def sender(self, enquiry: Enquiry) -> str:
        """The person and, below, their organisation (or that they have none)."""
        return format_html(
            '{}<span class="case-list-organisation">{}</span>',
            enquiry.contact_name,
            enquiry.organisation_display(),
        )

    @admin.display(description=_("received and due"), ordering="received_at")
    def dates(self, enquiry: Enquiry) -> str:
        """When the case came in and, below, when the first answer is due ("overdue" in
        words when that has passed)."""
        received = date_format(timezone.localtime(enquiry.received_at), "SHORT_DATE_FORMAT")
        due = date_format(enquiry.due_date, "SHORT_DATE_FORMAT")
        overdue = _("overdue") if enquiry.is_overdue(self._today) else ""
        return format_html(
            '{}<span class="case-list-due">{} <strong class="case-overdue">{}</strong></span>',
            received,
            gettext("due %(date)s") % {"date": due},
            overdue,
        )

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        self._today = timezone.localdate()
        return super().get_changelist_instance(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Enquiries come in through the public form (it allocates the reference number).
        return False

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "assigned_officer":
            kwargs["queryset"] = User.objects.filter(is_staff=True, is_active=True).order_by(
                "first_name", "last_name"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Enquiry, form: Any, change: bool) -> None:
        if "assigned_officer" in form.changed_data:
            obj.assign(obj.assigned_officer)
        super().save_model(request, obj, form, change)
        if change and "assigned_unit" in form.changed_data:
            services.forward_to_unit(enquiry=obj, unit=obj.assigned_unit, by=request.user)

    # --- actions on many cases -------------------------------------------------

    @admin.action(description=_("Assign the selected cases to me"), permissions=["change"])
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet) -> None:
        for enquiry in queryset:
            services.assign(enquiry=enquiry, officer=request.user)
        self.message_user(request, gettext("The cases are assigned to you."), messages.SUCCESS)

    @admin.action(description=_("Close the selected cases"), permissions=["change"])
    def close_cases(self, request: HttpRequest, queryset: QuerySet) -> None:
        closed = 0
        for enquiry in queryset:
            if enquiry.status == Enquiry.Status.CLOSED:
                continue
            try:
                services.change_status(enquiry=enquiry, status=Enquiry.Status.CLOSED)
            except InvalidTransition as error:
                self.message_user(request, f"{enquiry.reference}: {error.message}", messages.ERROR)
            else:
                closed += 1
        self.report_count(
            request,
            closed,
            ngettext_lazy("%(count)d case is closed.", "%(count)d cases are closed.", "count"),
        )

    # --- the case page -----------------------------------------------------------

    def get_urls(self) -> list:
        def wrap(view: Any) -> Any:
            return self.admin_site.admin_view(view)

        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/svar/", wrap(self.reply_view), name="{}_{}_reply".format(*info)),
            path("<path:object_id>/notat/", wrap(self.note_view), name="{}_{}_note".format(*info)),
            path(
                "<path:object_id>/status/",
                wrap(self.status_view),
                name="{}_{}_status".format(*info),
            ),
            path(
                "<path:object_id>/ta-saken/",
                wrap(self.take_view),
                name="{}_{}_take".format(*info),
            ),
            path(
                "<path:object_id>/standardsvar/<int:answer_id>/",
                wrap(self.standard_answer_view),
                name="{}_{}_standard_answer".format(*info),
            ),
            *super().get_urls(),
        ]

    def _case_for_change(self, request: HttpRequest, object_id: str) -> Enquiry:
        enquiry = self.get_object(request, object_id)
        if enquiry is None or not self.has_change_permission(request, enquiry):
            raise PermissionDenied
        return enquiry

    def _back(self, enquiry: Enquiry, anchor: str = "") -> HttpResponseRedirect:
        url = reverse("admin:henvendelser_enquiry_change", args=[enquiry.pk])
        return HttpResponseRedirect(f"{url}{anchor}")

    @staticmethod
    def _draft_key(enquiry: Enquiry) -> str:
        return f"henvendelser-reply-draft-{enquiry.pk}"

    def reply_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method != "POST":
            return self._back(self._case_for_change(request, object_id))
        enquiry = self._case_for_change(request, object_id)
        form = OfficerReplyForm(request.POST)
        if not form.is_valid():
            request.session[self._draft_key(enquiry)] = request.POST.get("body", "")
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            return self._back(enquiry, "#reply")
        standard = form.cleaned_data["standard_answer"]
        body = form.cleaned_data["body"].strip()
        if "use_standard" in request.POST:
            if standard is None:
                self.message_user(
                    request, gettext("Choose a standard answer first."), messages.ERROR
                )
                request.session[self._draft_key(enquiry)] = body
            else:
                # What the officer already typed is kept: the standard answer goes below it.
                filled = standard.fill(enquiry, officer=request.user)
                request.session[self._draft_key(enquiry)] = (
                    f"{body}\n\n{filled}" if body else filled
                )
            return self._back(enquiry, "#reply")
        if not body and standard is not None:
            body = standard.fill(enquiry, officer=request.user)
        if not body:
            self.message_user(
                request, gettext("Write a reply, or choose a standard answer."), messages.ERROR
            )
            return self._back(enquiry, "#reply")
        try:
            services.reply(
                enquiry=enquiry,
                officer=request.user,
                body=body,
                then_status=form.cleaned_data["then_status"],
            )
        except InvalidTransition as error:
            request.session[self._draft_key(enquiry)] = body
            self.message_user(request, error.message, messages.ERROR)
            return self._back(enquiry, "#reply")
        request.session.pop(self._draft_key(enquiry), None)
        self.message_user(
            request,
            gettext("The reply is sent to the person and saved in the case."),
            messages.SUCCESS,
        )
        return self._back(enquiry)

    def note_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        enquiry = self._case_for_change(request, object_id)
        if request.method == "POST":
            form = NoteForm(request.POST)
            if form.is_valid():
                services.add_note(
                    enquiry=enquiry, officer=request.user, body=form.cleaned_data["body"]
                )
                self.message_user(request, gettext("The note is saved."), messages.SUCCESS)
            else:
                for error in form.errors.get("body", []):
                    self.message_user(request, error, messages.ERROR)
        return self._back(enquiry, "#thread")

    def status_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        enquiry = self._case_for_change(request, object_id)
        if request.method == "POST":
            status = request.POST.get("status", "")
            try:
                if status not in Enquiry.Status.values:
                    raise InvalidTransition(gettext("Unknown status."))
                enquiry = services.change_status(enquiry=enquiry, status=status)
            except InvalidTransition as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("The status is now “%(status)s”.")
                    % {"status": enquiry.get_status_display()},
                    messages.SUCCESS,
                )
        return self._back(enquiry)

    def take_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        enquiry = self._case_for_change(request, object_id)
        if request.method == "POST":
            services.assign(enquiry=enquiry, officer=request.user)
            self.message_user(request, gettext("The case is assigned to you."), messages.SUCCESS)
        return self._back(enquiry)

    def standard_answer_view(
        self, request: HttpRequest, object_id: str, answer_id: int
    ) -> HttpResponse:
        """The standard answer filled in for this case, for the reply box's script."""
        enquiry = self._case_for_change(request, object_id)
        answer = get_object_or_404(StandardAnswer, pk=answer_id, is_active=True)
        return JsonResponse({"text": answer.fill(enquiry, officer=request.user)})

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        enquiry = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if enquiry is not None:
            draft = request.session.pop(self._draft_key(enquiry), None)
            extra_context.update(
                {
                    "thread": enquiry.messages.select_related("author"),
                    "reply_form": OfficerReplyForm(initial={"body": draft} if draft else None),
                    "note_form": NoteForm(),
                    "transitions": [
                        (status, Enquiry.Status(status).label)
                        for status in Enquiry.Status.values
                        if enquiry.can_change_to(status)
                    ],
                    "history": self.history.rows(enquiry),
                    "is_overdue": enquiry.is_overdue(),
                    "can_change": self.has_change_permission(request, enquiry),
                    "standard_answer_url": reverse("admin:henvendelser_enquiry_changelist")
                    + f"{enquiry.pk}/standardsvar/",
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)
