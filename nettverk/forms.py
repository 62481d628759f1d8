from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from frivilligkontor.choices import ActivityArea
from frivilligkontor.forms import (
    ListFilterForm,
    PublicFormMixin,
    activity_area_filter,
    choice_filter,
    district_filter,
    target_group_filter,
)
from frivilligkontor.models import ORGANISATION_ENTRY_FIELDS, Organisation, Unit
from frivilligkontor.validators import normalise_organisation_number
from nettverk.models import PARTY_SIZE_MAX, EventKind, EventLanguage, Registration
from nettverk.services import organisation_number_taken


def _helper(submit_label: str, *, form_id: str = "") -> FormHelper:
    helper = FormHelper()
    helper.form_method = "post"
    if form_id:
        helper.form_id = form_id
    helper.add_input(Submit("submit", submit_label, css_class="pkt-btn"))
    return helper


class RegistrationForm(PublicFormMixin, forms.ModelForm):
    party_size = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        max_value=PARTY_SIZE_MAX,
        initial=1,
        help_text=_("Including yourself, at most 10."),
        error_messages={
            "min_value": _("At least one person must come."),
            "max_value": _(
                "At most 10 people per registration. Contact the organiser for larger groups."
            ),
        },
    )

    class Meta:
        model = Registration
        fields = ["name", "email", "organisation_name", "party_size", "needs"]
        labels = {
            "name": _("Your name"),
            "email": _("E-mail"),
            "organisation_name": _("Organisation (optional)"),
            "needs": _("Do you need anything to take part? (optional)"),
        }
        help_texts = {
            "email": _("We send the confirmation and a link to cancel here."),
            "needs": _("For example interpretation, a hearing loop or step-free access."),
        }
        widgets = {"needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["party_size"].widget.attrs["inputmode"] = "numeric"
        self.initial.setdefault("party_size", 1)
        self.helper = _helper(_("Register"), form_id="registration-form")

    def validate_constraints(self) -> None:
        # Places and the one-registration-per-e-mail rule are decided by the registration
        # service while it holds the event lock; the unsaved instance has no event or status yet.
        return


class CancelRegistrationForm(PublicFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.add_input(
            Submit("submit", _("Yes, cancel my registration"), css_class="pkt-btn")
        )


def _district_choices() -> Any:
    return Unit.objects.districts().order_by("name")


class EventFilterForm(ListFilterForm):
    kind = choice_filter(_("Kind"), EventKind, all_label=_("All kinds"))
    district = district_filter(queryset=_district_choices())
    target_group = target_group_filter()
    language = choice_filter(_("Language"), EventLanguage, all_label=_("All languages"))


class OrganisationFilterForm(ListFilterForm):
    q = forms.CharField(label=_("Name"), required=False, max_length=100, widget=forms.SearchInput())
    district = district_filter(queryset=_district_choices())
    activity_area = activity_area_filter()
    target_group = target_group_filter()


class OrganisationForm(PublicFormMixin, forms.ModelForm):
    """Self-registration and the secret edit link. The number is checked against the
    mod-11 rule and against the directory; the service also catches a simultaneous twin."""

    districts = forms.ModelMultipleChoiceField(
        label=_("District(s) where you are active"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one district.")},
    )
    activity_areas = forms.MultipleChoiceField(
        label=_("Activity areas"),
        choices=ActivityArea.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one activity area.")},
    )
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        required=False,
        max_length=20,
        help_text=_("9 digits from Brønnøysundregistrene. New initiatives may leave it empty."),
    )

    class Meta:
        model = Organisation
        fields = ["name", *ORGANISATION_ENTRY_FIELDS]
        labels = {
            "name": _("Name of the organisation or initiative"),
            "organisation_number": _("Organisation number"),
            "is_new_initiative": _("We are a new initiative without an organisation number"),
            "website": _("Website (optional)"),
            "frivillig_url": _("Profile on frivillig.no (optional)"),
            "ungfritid_url": _("Profile on ungfritid.no (optional)"),
            "description": _("Tell others about your organisation"),
            "contact_email": _("Contact e-mail"),
        }
        help_texts = {
            "organisation_number": _(
                "9 digits from Brønnøysundregistrene. New initiatives may leave it empty."
            ),
            "description": _(
                "Shown in the directory. What do you do, for whom, and how can people join?"
            ),
            "contact_email": _("Never shown publicly. We send the link to update the entry here."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, submit_label: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = _district_choices()
        self.fields["description"].required = True
        self.fields["contact_email"].required = True
        self.fields["organisation_number"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off"}
        )
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        for name in ("website", "frivillig_url", "ungfritid_url"):
            self.fields[name].widget.attrs["placeholder"] = "https://"
        self.helper = _helper(submit_label or _("Send for approval"), form_id="organisation-form")

    def clean_organisation_number(self) -> str:
        number = normalise_organisation_number(self.cleaned_data.get("organisation_number", ""))
        if number and organisation_number_taken(number, exclude_pk=self.instance.pk):
            raise forms.ValidationError(
                _(
                    "An organisation with this organisation number is already registered. "
                    "If it is yours, use the edit link you got by e-mail, or contact us."
                ),
                code="organisation_number_taken",
            )
        return number

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        number = cleaned.get("organisation_number")
        if (
            not number
            and not cleaned.get("is_new_initiative")
            and "organisation_number" not in self.errors
        ):
            self.add_error(
                "organisation_number",
                forms.ValidationError(
                    _(
                        "Enter the organisation number, or tick the box if you are a new "
                        "initiative without one."
                    ),
                    code="organisation_number_required",
                ),
            )
        return cleaned
