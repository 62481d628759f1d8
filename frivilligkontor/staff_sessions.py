"""Staff sessions end after STAFF_SESSION_IDLE_SECONDS without a request (30 min) and after
STAFF_SESSION_MAX_SECONDS in any case (10 h), whatever the session cookie says.

Public visitors have no account, so their sessions are left alone.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

STARTED = "staff_session_started"
LAST_SEEN = "staff_session_last_seen"
# The last-seen time is written at most this often, not on every request.
WRITE_EVERY_SECONDS = 60


def mark_session_start(
    sender: object, request: HttpRequest, user: object, **kwargs: object
) -> None:
    """user_logged_in: the limits count from the login (written with the login itself)."""
    if getattr(user, "is_staff", False) and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[LAST_SEEN] = now
        request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)


class StaffSessionLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            now = int(time.time())
            session = request.session
            started = session.get(STARTED, now)
            last_seen = session.get(LAST_SEEN, now)
            if (
                now - last_seen > settings.STAFF_SESSION_IDLE_SECONDS
                or now - started > settings.STAFF_SESSION_MAX_SECONDS
            ):
                # The request goes on as an anonymous one: the admin asks to log in again.
                logout(request)
            elif STARTED not in session or now - last_seen >= WRITE_EVERY_SECONDS:
                session[STARTED] = started
                session[LAST_SEEN] = now
                session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return self.get_response(request)
