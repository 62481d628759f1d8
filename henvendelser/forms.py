from typing import Any

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from frivilligkontor.forms import OrganisationNumberField, PublicFormMixin
from frivilligkontor.models import Unit
from frivilligkontor.validators import normalise_phone_number
from henvendelser.models import (
    FEEDBACK_COMMENT_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    CaseFeedback,
    Enquiry,
)

MESSAGE_MIN_LENGTH = 10
COMMENT_TOO_LONG = _(
    "Your comment is too long: at most %(limit_value)d characters (it has %(show_value)d)."
)


class EnquiryForm(PublicFormMixin, forms.ModelForm):
    organisation_number = OrganisationNumberField(
        label=_("Organisation number"),
        help_text=_("Optional. 9 digits from Brønnøysundregistrene."),
    )
    too_long = {
        "message": _(
            "Your question is too long: at most %(limit_value)d characters "
            "(it has %(show_value)d). Shorten it, or send the rest in a reply afterwards."
        )
    }

    class Meta:
        model = Enquiry
        fields = [
            "topic",
            "district",
            "organisation_name",
            "organisation_number",
            "is_new_initiative",
            "message",
            "contact_name",
            "email",
            "phone",
            "language",
        ]
        labels = {
            "topic": _("What is your question about?"),
            "district": _("Which district (bydel) is it about?"),
            "organisation_name": _("Name of the organisation"),
            "is_new_initiative": _("We are a new initiative, not (yet) an organisation"),
            "message": _("Write your question"),
            "contact_name": _("Your name"),
            "email": _("E-mail"),
            "phone": _("Phone"),
            "language": _("Which language should we answer in?"),
        }
        help_texts = {
            "district": _("Optional."),
            "organisation_name": _("Optional. Leave empty if you write as a private person."),
            "message": _(
                "Tell us what you need help with. Do not write sensitive personal "
                "information, such as health information. At most 5000 characters."
            ),
            "email": _("We send the receipt and our answer here."),
            "phone": _("Optional. A Norwegian number, for example 912 34 567."),
        }
        widgets = {
            "topic": forms.RadioSelect,
            "language": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 8}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = Unit.objects.districts().order_by("name")
        self.fields["district"].empty_label = _("Not about one district / don't know")
        self.fields["topic"].choices = [
            choice for choice in self.fields["topic"].choices if choice[0]
        ]
        self.helper.layout = Layout(
            Fieldset(_("What it is about"), "topic", "district"),
            Fieldset(
                _("Organisation"), "organisation_name", "organisation_number", "is_new_initiative"
            ),
            Fieldset(_("Your question"), "message"),
            Fieldset(_("How we reach you"), "contact_name", "email", "phone", "language"),
        )

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "").strip()
        return normalise_phone_number(value) if value else ""

    def clean_message(self) -> str:
        value = self.cleaned_data.get("message", "").strip()
        if len(value) < MESSAGE_MIN_LENGTH:
            raise ValidationError(
                _("Write a little more, at least %(count)d characters, so we can help you.")
                % {"count": MESSAGE_MIN_LENGTH},
                code="too_short",
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("is_new_initiative") and cleaned.get("organisation_number"):
            self.add_error(
                "organisation_number",
                _(
                    "A new initiative has no organisation number yet. Remove the number, "
                    "or untick “new initiative”."
                ),
            )
        return cleaned


class PersonReplyForm(PublicFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Write to us"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("At most 5000 characters."),
    )

    too_long = {
        "body": _(
            "Your message is too long: at most %(limit_value)d characters (it has %(show_value)d)."
        )
    }

    def clean_body(self) -> str:
        value = self.cleaned_data["body"].strip()
        if not value:
            raise ValidationError(_("Write a message."), code="required")
        return value


class CaseFeedbackForm(PublicFormMixin, forms.Form):
    """ "Did you get help with what you asked?" on a case."""

    answer = forms.ChoiceField(
        label=_("Did you get help with what you asked?"),
        choices=CaseFeedback.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes, partly or no.")},
    )
    comment = forms.CharField(
        label=_("Anything you want to add? (optional)"),
        required=False,
        max_length=FEEDBACK_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("At most 1000 characters."),
    )

    too_long = {"comment": COMMENT_TOO_LONG}


class ArticleFeedbackForm(PublicFormMixin, forms.Form):
    """ "Was this page useful?" at the end of a guidance article. Anonymous."""

    useful = forms.TypedChoiceField(
        label=_("Was this page useful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )
    comment = forms.CharField(
        label=_("What could be better? (optional)"),
        required=False,
        max_length=FEEDBACK_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "We cannot answer here. Do not write your name, e-mail or other personal "
            "information. At most 1000 characters."
        ),
    )

    too_long = {"comment": COMMENT_TOO_LONG}
