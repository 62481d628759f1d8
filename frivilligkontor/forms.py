"""Shared by the public forms: fields of the filter forms (events, organisations, grant
schemes, venues: every filter is optional, starts with an "all" choice, and names districts
by their slug in the address, `?district=alna`), and `PublicFormMixin` for every form that
writes, so a form posted after its CSRF cookie expired comes back as it was typed."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Choices, QuerySet
from django.utils.translation import gettext_lazy as _

from frivilligkontor.choices import ActivityArea, TargetGroup
from frivilligkontor.models import Unit


@dataclass
class CsrfFailure:
    """While the CSRF failure view shows a page again: did a public form take the post?"""

    form_shown_again: bool = False


_csrf_failure: ContextVar[CsrfFailure | None] = ContextVar("csrf_failure", default=None)

FORM_EXPIRED_MESSAGE = _("The form had expired – check it and send it again.")


@contextmanager
def csrf_failed() -> Iterator[CsrfFailure]:
    """While the CSRF failure view shows a page again, every public form is invalid."""
    failure = CsrfFailure()
    token = _csrf_failure.set(failure)
    try:
        yield failure
    finally:
        _csrf_failure.reset(token)


class PublicFormMixin:
    """For every public form that writes or sends mail. When the CSRF check failed (a page
    left open overnight, `frivilligkontor.errors.csrf_failure`), the bound form is invalid
    with FORM_EXPIRED_MESSAGE: the page shows it again with what was typed, and the view
    does not act on it."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        failure = _csrf_failure.get()
        if failure is not None and self.is_bound:  # type: ignore[attr-defined]
            self.add_error(None, FORM_EXPIRED_MESSAGE)  # type: ignore[attr-defined]
            failure.form_shown_again = True


def choice_filter(label: Any, choices: type[Choices], *, all_label: Any) -> forms.ChoiceField:
    """An optional choice among `choices`, "all" first."""
    return forms.ChoiceField(
        label=label, required=False, choices=[("", all_label), *choices.choices]
    )


def target_group_filter() -> forms.ChoiceField:
    return choice_filter(_("Target group"), TargetGroup, all_label=_("All target groups"))


def activity_area_filter() -> forms.ChoiceField:
    return choice_filter(_("Activity area"), ActivityArea, all_label=_("All activity areas"))


def district_filter(
    *, label: Any = None, queryset: QuerySet | None = None, **kwargs: Any
) -> forms.ModelChoiceField:
    """An optional district (bydel), chosen by its slug."""
    return forms.ModelChoiceField(
        label=label or _("District"),
        required=False,
        queryset=Unit.objects.districts() if queryset is None else queryset,
        empty_label=_("All districts"),
        to_field_name="slug",
        **kwargs,
    )
