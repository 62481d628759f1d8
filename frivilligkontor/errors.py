"""Error pages in the portal's design and the visitor's language, with the way back.

A limited form answers 429 with the form itself, a polite message and what was typed;
where a limit answers without a form (the staff login's lockout and its limit per
address), it shows the 429 page.

Each is rendered without touching the database (no messages from the session, no user),
so the 500 page works while PostgreSQL is away. If even that fails, a plain text answer.
A failed CSRF check on a public form (a page left open overnight) shows the form again as
it was typed, on its own page (`csrf_failure`).
"""

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.messages.storage import default_storage
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from frivilligkontor.forms import csrf_failed


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


def too_many_requests(
    request: HttpRequest, *, explanation: str = "", retry_after_seconds: int = 3600
) -> HttpResponse:
    """The 429 page; `explanation` says which limit, when the generic text is not enough."""
    response = _render(request, "errors/429.html", 429, explanation=explanation)
    response["Retry-After"] = str(retry_after_seconds)
    return response


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: a username locked from one address, on the 429 page."""
    return too_many_requests(
        request,
        explanation=_(
            "For security, logging in is blocked for this account from your address for one "
            "hour. Contact the system administrator if you need access sooner."
        ),
        retry_after_seconds=int(settings.AXES_COOLOFF_TIME * 3600),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a public form posted after its CSRF cookie expired (a page left
    open overnight) comes back as it was typed, with FORM_EXPIRED_MESSAGE, on its own page.

    The page's own view is asked to show the post while every public form is invalid
    (`PublicFormMixin`), so it renders the bound form with its values and does not act.
    Whatever the view does is thrown away all the same: its database work (and so any
    mail, which is queued in the database) is rolled back, and it gets a copy of the session
    and the messages to write to. If the view does not show a form (a button alone, or a
    form without the mixin: nothing showed the post again), the answer is a page with the
    explanation and a link back.
    In the admin, Django's own page.
    """
    language = get_language_from_path(request.path_info)
    path = request.path_info.removeprefix(f"/{language}") if language else request.path_info
    if path.startswith(f"/{settings.ADMIN_URL}") or request.method != "POST":
        from django.views.csrf import csrf_failure as django_csrf_failure

        return django_csrf_failure(request, reason)
    response = _page_shown_again(request)
    if response is None or response.status_code // 100 == 3 or not _is_html(response):
        return _render(request, "errors/403_csrf.html", 403, back=request.get_full_path())
    response.status_code = 403
    return response


def _page_shown_again(request: HttpRequest) -> HttpResponse | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    session, messages_storage = request.session, getattr(request, "_messages", None)
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(session.session_key)
    request._messages = default_storage(request)  # type: ignore[attr-defined]
    try:
        with csrf_failed() as failure, transaction.atomic():
            response = match.func(request, *match.args, **match.kwargs)
            if hasattr(response, "render"):
                response.render()
            transaction.set_rollback(True)
        # Only a page that shows a public form with the post is shown: a page that says
        # what was done (done, then rolled back) would not be true.
        return response if failure.form_shown_again else None
    except Exception:  # noqa: BLE001 - a 404 or any error: the plain explanation instead
        return None
    finally:
        request.session = session
        request._messages = messages_storage  # type: ignore[attr-defined]


def _is_html(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("text/html")
