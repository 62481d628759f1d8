"""Public forms: the filter on the scheme list and the reminder subscription."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from frivilligkontor.choices import TargetGroup
from frivilligkontor.forms import (
    ListFilterForm,
    PublicFormMixin,
    activity_area_filter,
    district_filter,
    target_group_filter,
)
from frivilligkontor.models import Unit
from tilskudd.models import DEFAULT_REMINDER_DAYS, REMINDER_DAY_CHOICES, GrantScheme

DEADLINE_WINDOW_DAYS = 30


def _reminder_day_choices() -> list[tuple[int, str]]:
    return [(days, _("%(days)s days before") % {"days": days}) for days in REMINDER_DAY_CHOICES]


class SchemeFilterForm(ListFilterForm):
    """Filters for /tilskudd/ (GET). Unknown values are ignored, never an error page."""

    q = forms.CharField(label=_("Search words"), required=False, max_length=100)
    target_group = target_group_filter()
    activity_area = activity_area_filter()
    district = district_filter(
        label=_("For organisations in district"),
        help_text=_("Shows the district's own schemes and those open to the whole city."),
    )
    owner = forms.ModelChoiceField(
        label=_("Scheme owner"),
        required=False,
        queryset=Unit.objects.filter(grant_schemes__isnull=False).distinct(),
        to_field_name="slug",
        empty_label=_("All owners"),
    )
    open_now = forms.BooleanField(label=_("Open for applications now"), required=False)
    soon = forms.BooleanField(
        label=format_lazy(_("Deadline within {days} days"), days=DEADLINE_WINDOW_DAYS),
        required=False,
    )


class SubscriptionForm(PublicFormMixin, forms.Form):
    """E-mail reminders for one scheme (target group hidden) or for a target group."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address in the right format, like navn@example.no."),
        },
    )
    target_group = forms.ChoiceField(
        label=_("Target group"),
        choices=[("", _("Choose a target group")), *TargetGroup.choices],
        error_messages={"required": _("Choose the target group you want reminders for.")},
    )
    days_before = forms.TypedChoiceField(
        label=_("When do you want the reminder?"),
        coerce=int,
        choices=_reminder_day_choices,
        initial=DEFAULT_REMINDER_DAYS,
    )

    def __init__(
        self, *args: Any, scheme: GrantScheme | None = None, action: str = "", **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        if scheme is not None:
            del self.fields["target_group"]
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = action
        self.helper.form_id = "subscribe-form"
        self.helper.add_input(Submit("", _("Send me reminders"), css_class="pkt-btn"))
