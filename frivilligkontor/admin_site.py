"""The back office's admin site: a second factor when required, and the Statistics page."""

from typing import Any

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_totp.models import TOTPDevice

from frivilligkontor import portal, statistics
from frivilligkontor.errors import too_many_requests
from frivilligkontor.throttle import over_limit


class StaffLoginForm(OTPAdminAuthenticationForm):
    """Username, password and one-time code, answered as one: a stranger cannot tell a right
    password from a wrong one before the code is right too.

    A right password with a wrong code counts as a failed login for django-axes, so the
    lockout covers guessing codes as well.
    """

    error_messages = {
        **OTPAdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter the correct username, password and one-time code for a staff "
            "account. All of them are case-sensitive."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].label = _("One-time code")
        self.fields["otp_device"].label = _("Device")

    def _chosen_device(self, user: Any) -> Any:
        """The device picked, or else the staff member's (one) authenticator app: the page
        never lists devices, as that would confirm the password before the code."""
        device = super()._chosen_device(user)
        if device is None:
            device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
        return device

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            # Nothing on the page may tell that the password was right (django-otp would
            # keep it in the field and offer the user's devices).
            self.fields["password"].widget.render_value = False
            if self.user_cache is not None:
                user_login_failed.send(
                    sender=type(self),
                    credentials={"username": self.cleaned_data.get("username")},
                    request=self.request,
                )
                self.user_cache = None
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            ) from None


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
        return StaffLoginForm if settings.ADMIN_REQUIRE_OTP else AdminSite.login_form

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """The admin login, with a limit per address across usernames.

        django-axes locks a username from one address after AXES_FAILURE_LIMIT failures;
        this also stops one address from trying many usernames (LOGIN_ATTEMPTS_PER_ADDRESS
        attempts per LOGIN_ATTEMPTS_WINDOW_SECONDS, counted in the shared cache).
        """
        if request.method == "POST" and over_limit(
            request,
            purpose="staff-login",
            limit=settings.LOGIN_ATTEMPTS_PER_ADDRESS,
            window_seconds=settings.LOGIN_ATTEMPTS_WINDOW_SECONDS,
        ):
            return too_many_requests(
                request,
                explanation=_(
                    "There have been too many login attempts from your network address. Wait "
                    "an hour and try again, or contact the system administrator."
                ),
                retry_after_seconds=settings.LOGIN_ATTEMPTS_WINDOW_SECONDS,
            )
        return super().login(request, extra_context)

    @property
    def login_template(self) -> str | None:  # type: ignore[override]
        return "admin/otp_login.html" if settings.ADMIN_REQUIRE_OTP else None

    def has_permission(self, request: HttpRequest) -> bool:
        if settings.ADMIN_REQUIRE_OTP:
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """The stock index, with each app's shortcuts for this staff member on top."""
        shortcuts = portal.staff_shortcuts(request.user)
        return super().index(request, {**(extra_context or {}), "shortcuts": shortcuts})

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
