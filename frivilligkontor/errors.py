"""Error pages in the portal's design and the visitor's language, with the way back.

(429 has no page of its own: every limited form answers 429 with the form itself, a polite
message and what was typed.)

Each is rendered without touching the database (no messages from the session, no user),
so the 500 page works while PostgreSQL is away. If even that fails, a plain text answer.
A failed CSRF check on a public form (a page left open overnight) keeps what was typed:
the page shows it and offers to send it again with a fresh token.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# Fields a visitor did not type (they are added again by the page that sends).
NOT_TYPED = {"csrfmiddlewaretoken"}


def _render(request: HttpRequest, template: str, status: int, **context: Any) -> HttpResponse:
    try:
        return render(request, template, {"messages": [], **context}, status=status)
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        return HttpResponse(
            _("Something went wrong. Please try again later."),
            status=status,
            content_type="text/plain; charset=utf-8",
        )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, "errors/400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, "errors/403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, "errors/404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _render(request, "errors/500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: on a public form, show what was typed and offer to send it again
    (with a fresh token, after the visitor has checked it); in the admin, Django's page."""
    if request.path.startswith(f"/{settings.ADMIN_URL}") or request.method != "POST":
        from django.views.csrf import csrf_failure as django_csrf_failure

        return django_csrf_failure(request, reason)
    typed = [
        (name, values)
        for name, values in request.POST.lists()
        if name not in NOT_TYPED and any(value.strip() for value in values)
    ]
    return _render(request, "errors/403_csrf.html", 403, typed=typed, action=request.path)
