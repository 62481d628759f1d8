"""One intermediate page for admin actions that need a confirmation or a reason.

In the manner of Django's `delete_selected`: the action is called once to show the page
(the chosen rows, listed, and a form), and again when the page is posted back; then the
valid form is returned and the action does its work.

    @admin.action(description=_("Cancel"), permissions=["change"])
    @confirmed(form_class=CancelForm, title=_("Cancel events"))
    def cancel(self, request, queryset, data):
        ... data["message"] ...
"""

import functools
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

CONFIRMED = "apply"


class ConfirmForm(forms.Form):
    """For actions that need nothing but a yes."""


def confirmation_page(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    title: str,
    form_class: type[forms.Form] = ConfirmForm,
    listed: Iterable[Any] | None = None,
    intro: str = "",
    submit_label: str | None = None,
) -> tuple[forms.Form | None, TemplateResponse | None]:
    """The valid form once the page is posted back, or the page to show (with any errors).

    `listed` is what the page lists (default: the chosen rows); `queryset` is what the
    action was chosen for, carried through the page as the chosen rows."""
    if CONFIRMED in request.POST:
        form = form_class(request.POST)
        if form.is_valid():
            return form, None
    else:
        form = form_class()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "intro": intro or _("Selected:"),
        "form": form,
        "listed": queryset if listed is None else listed,
        "queryset": queryset,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "confirmed": CONFIRMED,
        "submit_label": submit_label or _("Send"),
        "opts": model_admin.model._meta,
        "media": model_admin.media + form.media,
    }
    return None, TemplateResponse(request, "admin/action_confirmation.html", context)


def confirmed(
    *,
    title: str,
    form_class: type[forms.Form] = ConfirmForm,
    listed: Callable[[QuerySet], Iterable[Any]] | None = None,
    intro: str = "",
    submit_label: str | None = None,
) -> Callable:
    """Decorates an admin action that needs the confirmation page: the action is called with
    the form's cleaned data once the page is posted back valid. `listed(queryset)` gives
    what the page lists, when that is not the chosen rows themselves."""

    def decorate(action: Callable) -> Callable:
        @functools.wraps(action)
        def wrapper(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> Any:
            form, page = confirmation_page(
                model_admin,
                request,
                queryset,
                title=title,
                form_class=form_class,
                listed=listed(queryset) if listed else None,
                intro=intro,
                submit_label=submit_label,
            )
            if page is not None:
                return page
            return action(model_admin, request, queryset, form.cleaned_data)

        return wrapper

    return decorate
