"""What the public forms share.

`PublicFormMixin`: no colon after labels, a crispy helper that renders fields only (the
template has the <form> and the CSRF token), and over-long text refused with a message
instead of being cut by the browser; and when the form was posted after its CSRF cookie
expired, it comes back as it was typed and the view does nothing with it
(`frivilligkontor.errors.csrf_failure`); and every whole-number field kept within a range a
person can read ("Skriv et tall mellom 1 og 5000"), never Django's technical message about the
database column's limit (`limit_number`). `OrganisationNumberField`: an organisation number
as people type it. The filter fields of the public list pages (events, organisations,
grant schemes, venues): every filter is optional, starts with an "all" choice, and names
districts by their slug in the address (`?district=alna`)."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Choices, Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from frivilligkontor.choices import ActivityArea, TargetGroup
from frivilligkontor.models import Unit, find_by_slug
from frivilligkontor.validators import (
    normalise_organisation_number,
    validate_organisation_number,
)


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


# The largest whole number a public form takes where it sets no tighter limit of its own: far
# above any real count of people (the venue search's largest room), far below the database's
# integer columns (2147483647), whose limit Django would otherwise name in its message.
NUMBER_MAX = 5000
NUMBER_OUT_OF_RANGE = _("Give a number between %(low)s and %(high)s.")


class NumberRange:
    """A validator: a whole number from `low` to `high`. Outside it the error has the code
    "min_value" or "max_value", so a form's own message for that code is shown (the field's
    `error_messages`), else NUMBER_OUT_OF_RANGE in the language of the request."""

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def __call__(self, value: int | None) -> None:
        if value is None or self.low <= value <= self.high:
            return
        raise ValidationError(
            NUMBER_OUT_OF_RANGE % {"low": self.low, "high": self.high},
            code="min_value" if value < self.low else "max_value",
        )


def limit_number(
    field: forms.IntegerField,
    *,
    low: int,
    high: int,
    too_low: Any = None,
    too_high: Any = None,
) -> None:
    """Keep a whole-number field of a public form within `low`–`high`: the one range check
    (Django's own min/max checks, with their technical wording, are taken off), the browser's
    min and max, and optionally the form's own messages below and above the range."""
    field.min_value, field.max_value = low, high
    field.validators = [
        validator
        for validator in field.validators
        if not isinstance(validator, MinValueValidator | MaxValueValidator | NumberRange)
    ]
    field.validators.append(NumberRange(low, high))
    field.widget.attrs.update(min=low, max=high)
    if too_low is not None:
        field.error_messages["min_value"] = too_low
    if too_high is not None:
        field.error_messages["max_value"] = too_high


def _is_whole_number(field: forms.Field) -> bool:
    return isinstance(field, forms.IntegerField) and not isinstance(
        field, forms.FloatField | forms.DecimalField
    )


class PublicFormMixin:
    """Put first among a public form's bases. `too_long` maps a field name to the message
    shown when the text is longer than the field allows (with %(limit_value)d and
    %(show_value)d).

    Every whole-number field is kept within its own minimum (else 0) and maximum, at most
    NUMBER_MAX, with a message a person understands (`limit_number`); a form narrows a
    field's range, and gives its own messages, with `limit_number` in its `__init__`."""

    too_long: dict[str, Any] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        fields = self.fields  # type: ignore[attr-defined]
        for name, message in self.too_long.items():
            fields[name].error_messages["max_length"] = message
        # The browser would silently cut pasted text at maxlength; we refuse over-long text
        # with a message instead, so the person sees what happened.
        for field in fields.values():
            field.widget.attrs.pop("maxlength", None)
            if _is_whole_number(field):
                limit_number(
                    field,
                    low=0 if field.min_value is None else field.min_value,
                    high=NUMBER_MAX
                    if field.max_value is None
                    else min(field.max_value, NUMBER_MAX),
                )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def full_clean(self) -> None:
        """Posted after the CSRF cookie expired: invalid, with FORM_EXPIRED_MESSAGE, so the
        page shows the form again with what was typed and the view does not act on it."""
        super().full_clean()  # type: ignore[misc]
        failure = _csrf_failure.get()
        if failure is not None and self.is_bound:  # type: ignore[attr-defined]
            self.add_error(None, FORM_EXPIRED_MESSAGE)  # type: ignore[attr-defined]
            failure.form_shown_again = True


class OrganisationNumberField(forms.CharField):
    """An organisation number as people type it ("123 456 789"): normalised to nine digits
    and checked with the mod-11 rule. Optional unless `required=True`."""

    default_validators = [validate_organisation_number]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return normalise_organisation_number(super().to_python(value))


def choice_filter(label: Any, choices: type[Choices], *, all_label: Any) -> forms.ChoiceField:
    """An optional choice among `choices`, "all" first."""
    return forms.ChoiceField(
        label=label, required=False, choices=[("", all_label), *choices.choices]
    )


def target_group_filter() -> forms.ChoiceField:
    return choice_filter(_("Target group"), TargetGroup, all_label=_("All target groups"))


def activity_area_filter() -> forms.ChoiceField:
    return choice_filter(_("Activity area"), ActivityArea, all_label=_("All activity areas"))


class SlugChoiceField(forms.ModelChoiceField):
    """A choice by slug that also takes a slug the object has given up, so an old link
    with a filter in its address keeps its filter."""

    def to_python(self, value: Any) -> Model | None:
        if value in self.empty_values:
            return None
        try:
            return find_by_slug(self.queryset, str(value))
        except Http404 as error:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error


def district_filter(
    *, label: Any = None, queryset: QuerySet | None = None, **kwargs: Any
) -> forms.ModelChoiceField:
    """An optional district (bydel), chosen by its slug."""
    return SlugChoiceField(
        label=label or _("District"),
        required=False,
        queryset=Unit.objects.districts() if queryset is None else queryset,
        empty_label=_("All districts"),
        to_field_name="slug",
        **kwargs,
    )


class ListFilterForm(forms.Form):
    """The filters of a public list page (sent with GET, every field optional).

    `active_count` is the number of filters chosen, shown in the summary of the filter
    disclosure ("Filtre (2 valgt)"), so a phone user sees that the list is narrowed without
    opening it. Fields named together in `counted_together` (a date with its times) are one
    filter."""

    counted_together: tuple[tuple[str, ...], ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    @property
    def active_count(self) -> int:
        if not self.is_bound:
            return 0
        chosen = {name for name in self.fields if self[name].value() not in (None, "", [], False)}
        return len(chosen) - sum(
            max(len(chosen & set(group)) - 1, 0) for group in self.counted_together
        )
