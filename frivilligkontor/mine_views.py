"""Pages of "Mine saker" (/mine-saker/): ask for a link, open it, see, export, ask to erase."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from frivilligkontor import mine
from frivilligkontor.choices import RecipientLanguage
from frivilligkontor.forms import PublicFormMixin
from frivilligkontor.throttle import FORM_LIMIT_MESSAGE


class LinkRequestForm(PublicFormMixin, forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        max_length=254,
        help_text=gettext_lazy("The address you used when you wrote to us or signed up."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_link(request: HttpRequest) -> HttpResponse:
    form = LinkRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not mine.request_link(
            request=request,
            email=form.cleaned_data["email"],
            language=RecipientLanguage.active(),
        ):
            form.add_error(None, FORM_LIMIT_MESSAGE)
            return render(request, "mine/request_link.html", {"form": form}, status=429)
        return redirect("mine_sent")
    return render(
        request,
        "mine/request_link.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "mine/sent.html",
        {"minutes": int(mine.LINK_VALID.total_seconds() // 60)},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links, and the link works once); POST opens."""
    if request.method == "POST":
        if mine.open_link(request=request, token=token):
            return redirect("mine_overview")
        return render(request, "mine/open.html", {"usable": False}, status=410)
    usable = mine.link_is_usable(token)
    return render(request, "mine/open.html", {"usable": usable}, status=200 if usable else 410)


def _session_or_none(request: HttpRequest) -> str | None:
    return mine.session_email(request)


@never_cache
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    email = _session_or_none(request)
    if email is None:
        return render(request, "mine/expired.html", status=403)
    return render(
        request,
        "mine/overview.html",
        {
            "email": email,
            "sections": mine.held_for(email),
            "staff_view": False,
            "erasure": mine.open_erasure(email),
        },
    )


@never_cache
@require_safe
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    email = _session_or_none(request)
    if email is None:
        return render(request, "mine/expired.html", status=403)
    stamp = timezone.localdate().isoformat()
    if fmt == "json":
        response = HttpResponse(
            mine.export_json(email), content_type="application/json; charset=utf-8"
        )
        filename = f"mine-data-{stamp}.json"
    else:
        response = HttpResponse(mine.export_text(email), content_type="text/plain; charset=utf-8")
        filename = f"mine-data-{stamp}.txt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    email = _session_or_none(request)
    if email is None:
        return render(request, "mine/expired.html", status=403)
    if request.method == "POST":
        erasure, created = mine.request_erasure(email=email, language=RecipientLanguage.active())
        if created:
            messages.success(
                request,
                _("We have received your request. We answer by %(date)s at the latest.")
                % {"date": f"{erasure.due_on:%d.%m.%Y}"},
            )
        else:
            messages.success(
                request,
                _(
                    "You have already asked us to erase your data. We answer by %(date)s at the latest."
                )
                % {"date": f"{erasure.due_on:%d.%m.%Y}"},
            )
        return redirect("mine_overview")
    return render(
        request,
        "mine/erase.html",
        {"email": email, "sections": mine.held_for(email), "erasure": mine.open_erasure(email)},
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    mine.end_session(request)
    messages.success(request, _("You have left your overview."))
    return redirect("mine_request")
