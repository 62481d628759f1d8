"""Public pages of outreach: one-click unsubscribe, and the contact form of an organisation."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from frivilligkontor.forms import PublicFormMixin
from frivilligkontor.models import Organisation, find_by_slug
from frivilligkontor.slugs import redirect_to_current_slugs
from frivilligkontor.throttle import FORM_LIMIT_MESSAGE, form_limit_reached, value_over_limit
from nettverk import outreach

HONEYPOT_FIELD = "website"
# Messages relayed to one organisation per PUBLIC_FORM_LIMIT_WINDOW_SECONDS, from all senders
# together, so nobody can flood an organisation's inbox by way of the portal. Counted apart
# from the portal's per-address limit, so messages from visitors never keep the
# organisation from asking for its own edit link.
CONTACT_MESSAGES_PER_ORGANISATION = 20


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a form
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (link scanners only GET); POST unsubscribes the organisation."""
    organisation = outreach.organisation_for_token(token)
    if organisation is None:
        raise Http404
    if request.method == "POST":
        outreach.unsubscribe(organisation=organisation)
    done = hasattr(organisation, "outreach_opt_out") or request.method == "POST"
    return render(
        request, "nettverk/outreach_unsubscribe.html", {"organisation": organisation, "done": done}
    )


class ContactForm(PublicFormMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=150)
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        max_length=254,
        help_text=gettext_lazy("The organisation gets it, so it can answer you."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=gettext_lazy("Message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def _contactable(slug: str) -> Organisation:
    return find_by_slug(Organisation.objects.public().exclude(contact_email=""), slug)


def _contact_limit_reached(request: HttpRequest, organisation: Organisation) -> bool:
    """The portal's limit per sender (frivilligkontor.throttle), and one per organisation.
    Both are counted, so a refused message still counts."""
    by_sender = form_limit_reached(request, form="organisation-contact")
    by_organisation = value_over_limit(
        str(organisation.pk),
        purpose="organisation-contact",
        limit=CONTACT_MESSAGES_PER_ORGANISATION,
        window_seconds=settings.PUBLIC_FORM_LIMIT_WINDOW_SECONDS,
    )
    return by_sender or by_organisation


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def contact(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _contactable(slug)
    if moved := redirect_to_current_slugs(request, slug=organisation.slug):
        return moved
    form = ContactForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if request.POST.get(HONEYPOT_FIELD, "").strip():
            return redirect("nettverk:organisation_contact_sent", slug=organisation.slug)
        if not form.is_valid():
            status = 400
        elif _contact_limit_reached(request, organisation):
            # Only a message that would be sent counts: a visitor who mistypes is not shut out.
            form.add_error(None, FORM_LIMIT_MESSAGE)
            status = 429
        else:
            outreach.relay_contact_message(
                organisation=organisation,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
            )
            return redirect("nettverk:organisation_contact_sent", slug=organisation.slug)
    return render(
        request,
        "nettverk/organisation_contact.html",
        {"organisation": organisation, "form": form, "honeypot_field": HONEYPOT_FIELD},
        status=status,
    )


@require_safe
def contact_sent(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _contactable(slug)
    if moved := redirect_to_current_slugs(request, slug=organisation.slug):
        return moved
    return render(
        request, "nettverk/organisation_contact_sent.html", {"organisation": organisation}
    )
