"""The back office's admin site: a second factor when required, and the evaluation figures."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from frivilligkontor import permissions, portal


class FigurePeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", _("The end date must be on or after the start date."))
        return cleaned


class PortalAdminSite(OTPAdminSite):
    """Stock admin; staff must use a second factor (TOTP) when ADMIN_REQUIRE_OTP is on."""

    site_header = _("Frivilligkontoret – back office")
    site_title = _("Frivilligkontoret")
    index_title = _("Back office")
    index_template = "admin/portal_index.html"

    def __init__(self, name: str = "admin") -> None:
        AdminSite.__init__(self, name)

    @property
    def login_form(self) -> type:  # type: ignore[override]
        return OTPAdminAuthenticationForm if settings.ADMIN_REQUIRE_OTP else AdminSite.login_form

    @property
    def login_template(self) -> str | None:  # type: ignore[override]
        return "admin/otp_login.html" if settings.ADMIN_REQUIRE_OTP else None

    def has_permission(self, request: HttpRequest) -> bool:
        if settings.ADMIN_REQUIRE_OTP:
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)

    def get_urls(self) -> list:
        return [
            path("evaluering/", self.admin_view(self.evaluation_view), name="evaluation"),
            *super().get_urls(),
        ]

    def evaluation_view(self, request: HttpRequest) -> HttpResponse:
        """The figures the office is evaluated on, for a period, as a table or CSV."""
        if not permissions.can_see_figures(request.user):
            raise PermissionDenied
        today = timezone.localdate()
        initial = {"start": date(today.year, 1, 1), "end": today}
        form = FigurePeriodForm(request.GET or None, initial=initial)
        start, end = initial["start"], initial["end"]
        if form.is_bound and form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        figures = (
            []
            if form.is_bound and not form.is_valid()
            else portal.figures(start=start, end=end + timedelta(days=0))
        )
        if request.GET.get("format") == "csv" and not form.errors:
            # Imported here: the admin package registers models on import, which needs this
            # site to exist first.
            from frivilligkontor.admin.csv_export import csv_response

            rows = []
            for figure in figures:
                rows.append([figure.app, str(figure.label), figure.value])
                rows += [
                    [figure.app, f"{figure.label}: {key}", value]
                    for key, value in figure.breakdown.items()
                ]
            return csv_response(
                f"frivilligkontoret-{start}-{end}.csv",
                ["area", "figure", "value"],
                rows,
                delimiter=",",
                byte_order_mark=False,
            )
        context = {
            **self.each_context(request),
            "title": _("Figures for the evaluation"),
            "form": form,
            "figures": figures,
            "start": start,
            "end": end,
        }
        return TemplateResponse(request, "admin/evaluation.html", context)
