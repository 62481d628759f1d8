"""Back office for "Mine saker": requests to erase, and the overview of an address for staff
(for a request by phone), each look-up recorded."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from frivilligkontor import mine
from frivilligkontor.admin.base import PortalModelAdmin
from frivilligkontor.mine_models import ErasureRequest, OverviewLookup


class LookupForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("For example: asked by phone 30.11, caller confirmed the address."),
    )


class ErasureDoneForm(forms.Form):
    note = forms.CharField(
        label=_("What was erased, and what was kept and why"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        help_text=_("The person gets this text by e-mail, as the answer to the request."),
    )


@admin.register(ErasureRequest)
class ErasureRequestAdmin(PortalModelAdmin):
    list_display = ["email", "created_at", "due_on", "status", "handled_by"]
    list_filter = ["status"]
    search_fields = ["email"]
    readonly_fields = [
        "email",
        "language",
        "created_at",
        "due_on",
        "status",
        "handled_by",
        "handled_at",
        "note",
    ]
    change_form_template = "admin/mine/erasure_change_form.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        erasure = self.get_object(request, object_id)
        if erasure is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        done_form = ErasureDoneForm(request.POST if "mark_done" in request.POST else None)
        if done_form.is_bound:
            if not self.has_change_permission(request, erasure):
                raise PermissionDenied
            if erasure.status == ErasureRequest.Status.OPEN and done_form.is_valid():
                mine.handle_erasure(
                    erasure=erasure, by=request.user, note=done_form.cleaned_data["note"]
                )
                self.message_user(
                    request,
                    _("The request is marked as handled, and the answer is sent to %(email)s.")
                    % {"email": erasure.email},
                    messages.SUCCESS,
                )
                return redirect("admin:frivilligkontor_erasurerequest_changelist")
        sections = []
        if erasure.is_open:
            # What is held is shown to handle the request: a look-up like any other, recorded.
            sections = mine.staff_overview(
                staff=request.user,
                email=erasure.email,
                reason=_("Handling the request to erase of %(date)s")
                % {"date": f"{erasure.created_at:%d.%m.%Y}"},
            )
        extra = {
            **(extra_context or {}),
            "done_form": done_form,
            "sections": sections,
            "staff_view": True,
        }
        if request.method == "POST" and "mark_done" in request.POST:
            # Show the form again with its errors instead of the stock save.
            request.method = "GET"
        return super().change_view(request, object_id, form_url, extra)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("handled_by")


@admin.register(OverviewLookup)
class OverviewLookupAdmin(PortalModelAdmin):
    list_display = ["created_at", "staff", "email", "reason"]
    search_fields = ["email", "reason"]
    readonly_fields = ["staff", "email", "reason", "created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("staff")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list:
        return [
            path(
                "oversikt/",
                self.admin_site.admin_view(self.overview_view),
                name="frivilligkontor_overviewlookup_overview",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> Any:
        return redirect("admin:frivilligkontor_overviewlookup_overview")

    def overview_view(self, request: HttpRequest) -> HttpResponse:
        """Look up an address: the same overview the person sees, recorded with a reason."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = LookupForm(request.POST or None)
        sections = None
        if request.method == "POST" and form.is_valid():
            sections = mine.staff_overview(
                staff=request.user,
                email=form.cleaned_data["email"],
                reason=form.cleaned_data["reason"],
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Overview of an e-mail address"),
            "form": form,
            "sections": sections,
            "staff_view": True,
        }
        return TemplateResponse(request, "admin/mine/overview.html", context)
