"""Back office for outreach: write to (or invite) organisations in the directory.

A message is written as a draft; its page shows who would get it and how many (the
preview), and "Send" asks for confirmation before the mail is queued. Unit staff write only
on behalf of their own unit to organisations in their own districts.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from frivilligkontor.admin.base import PortalModelAdmin, ReadOnlyTabularInline
from frivilligkontor.models import Unit
from nettverk import outreach
from nettverk.models import Event
from nettverk.outreach_models import (
    OutreachMessage,
    OutreachOptOut,
    OutreachRecipient,
)

PREVIEW_ROWS = 200


class OutreachMessageForm(forms.ModelForm):
    class Meta:
        model = OutreachMessage
        fields = [
            "unit",
            "event",
            "districts",
            "activity_areas",
            "target_groups",
            "languages",
            "subject_nb",
            "body_nb",
            "subject_en",
            "body_en",
        ]
        widgets = {"districts": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if user is None or not self.fields:  # a sent message is shown read-only, no fields
            return
        self.fields["districts"].queryset = outreach.districts_for(user).order_by("district_number")
        events = Event.objects.published().upcoming().filter(state=Event.State.PLANNED)
        if not user.sees_all_units:
            own = user.unit_ids()
            self.fields["unit"].queryset = Unit.objects.filter(pk__in=own)
            events = events.filter(unit__in=own)
            self.fields["districts"].required = True
            self.fields["districts"].help_text = _("Organisations in your own districts.")
        self.fields["event"].queryset = events

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if bool(cleaned.get("subject_en")) != bool(cleaned.get("body_en")):
            self.add_error("body_en", _("Give both the English subject and message, or neither."))
        return cleaned


class RecipientInline(ReadOnlyTabularInline):
    model = OutreachRecipient
    fields = ["organisation_name", "email", "language", "sent_at", "skipped_at", "skip_reason"]
    verbose_name_plural = _("sent to")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OutreachMessage)
class OutreachMessageAdmin(PortalModelAdmin):
    form = OutreachMessageForm
    list_display = ["subject_nb", "unit", "event", "created_at", "sent_at", "recipient_count"]
    list_filter = ["unit", "sent_at"]
    search_fields = ["subject_nb", "subject_en"]
    change_form_template = "admin/nettverk/outreach_change_form.html"

    list_select_related = ["unit", "event"]
    # Counted for the messages on the page only; unit staff see their own unit's messages
    # (frivilligkontor.admin.base with nettverk.roles.UNIT_PATHS).
    page_annotations = {
        "sent_count": Count("recipients", filter=Q(recipients__sent_at__isnull=False))
    }

    @admin.display(description=_("sent to"))
    def recipient_count(self, message: OutreachMessage) -> int:
        return message.sent_count

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        form_class = super().get_form(request, obj, **kwargs)
        user = request.user

        class UserForm(form_class):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **form_kwargs: Any) -> None:
                super().__init__(*args, user=user, **form_kwargs)

        return UserForm

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        event = Event.objects.filter(pk=request.GET.get("event") or 0).first()
        if event is not None:
            initial.setdefault("unit", event.unit_id)
            initial.setdefault("subject_nb", f"Invitasjon: {event.title}")
            if event.district_id:
                initial.setdefault("districts", [event.district_id])
        return initial

    def get_inlines(self, request: HttpRequest, obj: Any) -> list:
        return [RecipientInline] if obj is not None and obj.is_sent else []

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_sent:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and not obj.is_sent and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: Any = None) -> Any:
        # Straight on to the preview of who gets it.
        return redirect("admin:nettverk_outreachmessage_change", obj.pk)

    def response_change(self, request: HttpRequest, obj: Any) -> Any:
        return redirect("admin:nettverk_outreachmessage_change", obj.pk)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        message = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if message is not None and not message.is_sent:
            organisations = outreach.recipients_of(message)
            extra["preview_count"] = organisations.count()
            extra["preview"] = list(organisations.prefetch_related("districts")[:PREVIEW_ROWS])
            extra["send_url"] = reverse("admin:nettverk_outreachmessage_send", args=[message.pk])
        return super().change_view(request, object_id, form_url, extra)

    def get_urls(self) -> list:
        return [
            path(
                "<int:pk>/send/",
                self.admin_site.admin_view(self.send_view),
                name="nettverk_outreachmessage_send",
            ),
            *super().get_urls(),
        ]

    def send_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Confirm, then send: the count and the mail as the first recipient will see it."""
        message = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, message):
            raise PermissionDenied
        if not outreach.may_send(request.user, message, message.districts.all()):
            raise PermissionDenied
        organisations = list(outreach.recipients_of(message)[:1])
        count = outreach.recipients_of(message).count()
        refused = outreach.why_not_sendable(message)
        if request.method == "POST":
            try:
                sent = outreach.send_outreach(message=message, by=request.user)
            except outreach.OutreachRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                return redirect("admin:nettverk_outreachmessage_change", message.pk)
            self.message_user(
                request,
                ngettext(
                    "The message is queued for %(count)s organisation.",
                    "The message is queued for %(count)s organisations.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
            return redirect("admin:nettverk_outreachmessage_change", message.pk)
        # The mail as the first recipient gets it, in each language it goes out in.
        samples = []
        if organisations:
            languages = ["nb", "en"] if message.subject_en and message.body_en else ["nb"]
            for language in languages:
                sample_recipient = OutreachRecipient(
                    message=message,
                    organisation=organisations[0],
                    organisation_name=organisations[0].name,
                    email=organisations[0].contact_email,
                    language=language,
                )
                subject, body = outreach.render_outreach(sample_recipient)
                samples.append(
                    {
                        "subject": subject,
                        "body": body,
                        "to": organisations[0].name,
                        "language": language,
                    }
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Send the message"),
            "message": message,
            "count": count,
            "samples": samples,
            "refused": refused,
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/nettverk/outreach_send.html", context)


@admin.register(OutreachOptOut)
class OutreachOptOutAdmin(PortalModelAdmin):
    list_display = ["organisation", "created_at"]
    search_fields = ["organisation__name"]
    readonly_fields = ["organisation", "created_at"]
    list_select_related = ["organisation"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
