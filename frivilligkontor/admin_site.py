"""The back office's admin site: a second factor when required, and the Statistics page."""

from django.conf import settings
from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from frivilligkontor import statistics


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
            path("statistikk/", self.admin_view(self.statistics_view), name="statistics"),
            path(
                "evaluering/",
                RedirectView.as_view(pattern_name="admin:statistics", query_string=True),
                name="evaluation",
            ),
            *super().get_urls(),
        ]

    def statistics_view(self, request: HttpRequest) -> HttpResponse:
        """The figures the office is evaluated on (frivilligkontor.statistics)."""
        return statistics.statistics_view(request, admin_context=self.each_context(request))
