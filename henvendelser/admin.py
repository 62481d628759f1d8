"""The back office for enquiries: triage list, case page with thread, reply and history."""

from datetime import date
from typing import Any

from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from frivilligkontor.admin_scoping import UnitScopedAdminMixin
from frivilligkontor.models import User
from henvendelser import services
from henvendelser.feedback_admin import (
    CaseFeedbackFilter,
    feedback_column,
    reader_feedback,
    with_feedback_counts,
)
from henvendelser.forms import NoteForm, OfficerReplyForm
from henvendelser.models import (
    Enquiry,
    EnquiryMessage,
    GuidanceArticle,
    InvalidTransition,
    StandardAnswer,
)

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


class OpenStatusFilter(admin.SimpleListFilter):
    """Status, opening on the open cases (new, in progress, waiting)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("open", _("Open cases")),
            *Enquiry.Status.choices,
            ("all", _("All cases")),
        ]

    def choices(self, changelist: Any) -> Any:
        value = self.value() or "open"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value() or "open"
        if value == "open":
            return queryset.open()
        if value in Enquiry.Status.values:
            return queryset.filter(status=value)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "forfalt"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("ja", _("Overdue")), ("nei", _("Not overdue"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "ja":
            return queryset.overdue()
        if self.value() == "nei":
            return queryset.exclude(pk__in=Enquiry.objects.overdue().values("pk"))
        return queryset


@admin.register(Enquiry)
class EnquiryAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_path = "assigned_unit"
    change_form_template = "henvendelser/admin/enquiry_change_form.html"
    change_list_template = "henvendelser/admin/enquiry_change_list.html"
    view_on_site = False  # the case page is the person's own; staff work here
    list_display = [
        "reference",
        "topic",
        "organisation_column",
        "contact_name",
        "received_at",
        "due_date",
        "overdue_mark",
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

    @admin.display(description=_("organisation"), ordering="organisation_name")
    def organisation_column(self, enquiry: Enquiry) -> str:
        return enquiry.organisation_display()

    @admin.display(description=_("overdue"), boolean=True)
    def overdue_mark(self, enquiry: Enquiry) -> bool:
        return enquiry.is_overdue(self._today)

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
        self.message_user(
            request,
            ngettext("%(count)d case is closed.", "%(count)d cases are closed.", closed)
            % {"count": closed},
            messages.SUCCESS,
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
                    "history": self._history(enquiry),
                    "is_overdue": enquiry.is_overdue(),
                    "can_change": self.has_change_permission(request, enquiry),
                    "standard_answer_url": reverse("admin:henvendelser_enquiry_changelist")
                    + f"{enquiry.pk}/standardsvar/",
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def _history(self, enquiry: Enquiry) -> list[dict[str, Any]]:
        """Who changed what, when: from pghistory's trigger-recorded events."""
        event_model = apps.get_model("henvendelser", "EnquiryEvent")
        events = list(
            event_model.objects.filter(pgh_obj_id=enquiry.pk)
            .select_related("pgh_context")
            .order_by("pgh_created_at", "pgh_id")
        )
        user_ids = {
            (event.pgh_context.metadata or {}).get("user")
            for event in events
            if event.pgh_context_id is not None
        }
        users = {user.pk: str(user) for user in User.objects.filter(pk__in=user_ids - {None})}
        labels = {
            name: str(Enquiry._meta.get_field(name.removesuffix("_id")).verbose_name)
            for name in HISTORY_FIELDS
        }
        rows = []
        previous: Any = None
        for event in events:
            changes = []
            for name in HISTORY_FIELDS:
                value = getattr(event, name)
                changed = previous is None or getattr(previous, name) != value
                if changed and (previous is not None or value not in (None, "")):
                    changes.append((labels[name], self._display(name, value)))
            metadata = event.pgh_context.metadata if event.pgh_context_id else {}
            who = users.get(metadata.get("user")) if metadata else None
            if changes:
                rows.append(
                    {
                        "when": event.pgh_created_at,
                        "who": who or gettext("the person or the system"),
                        "what": event.pgh_label,
                        "changes": changes,
                    }
                )
            previous = event
        return rows

    def _display(self, name: str, value: Any) -> str:
        if value in (None, ""):
            return "–"
        if name == "status":
            return str(Enquiry.Status(value).label)
        if isinstance(value, date):
            return date_format(value, "j. F Y")
        if name == "topic":
            return str(dict(Enquiry._meta.get_field("topic").choices).get(value, value))
        if name.endswith("_id"):
            field = Enquiry._meta.get_field(name.removesuffix("_id"))
            obj = field.related_model._default_manager.filter(pk=value).first()
            return str(obj) if obj else str(value)
        return str(value)


@admin.register(EnquiryMessage)
class EnquiryMessageAdmin(admin.ModelAdmin):
    """Read-only list of every message, for searching across threads."""

    list_display = ["enquiry", "kind", "author", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["enquiry", "author"]
    search_fields = ["enquiry__reference", "body"]
    readonly_fields = ["enquiry", "kind", "author", "body", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(GuidanceArticle)
class GuidanceArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title_nb",
        "topic",
        "last_checked",
        "responsible_editor",
        "is_published",
        feedback_column,
        reader_feedback,
    ]
    list_filter = ["topic", "is_published"]
    search_fields = ["title_nb", "title_en", "summary_nb", "body_nb"]
    list_select_related = ["responsible_editor"]
    readonly_fields = [reader_feedback]
    prepopulated_fields = {"slug": ["title_nb"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return with_feedback_counts(super().get_queryset(request))

    fieldsets = [
        (None, {"fields": ["topic", "slug", "is_published", "last_checked", "responsible_editor"]}),
        (_("Norwegian"), {"fields": ["title_nb", "summary_nb", "body_nb"]}),
        (_("English"), {"fields": ["title_en", "summary_en", "body_en"]}),
        (_("Feedback from readers"), {"fields": [reader_feedback]}),
    ]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {
            "responsible_editor": request.user.pk,
            **super().get_changeform_initial_data(request),
        }

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "responsible_editor":
            kwargs["queryset"] = User.objects.filter(is_staff=True).order_by("first_name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(StandardAnswer)
class StandardAnswerAdmin(admin.ModelAdmin):
    list_display = ["title", "topic", "is_active"]
    list_filter = ["topic", "is_active"]
    search_fields = ["title", "body_nb", "body_en"]
