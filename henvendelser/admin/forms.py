"""Forms of the case page in the back office: the reply box and the internal note."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from henvendelser.models import MESSAGE_MAX_LENGTH, Enquiry, StandardAnswer


class OfficerReplyForm(forms.Form):
    """The reply box on the admin's case page."""

    standard_answer = forms.ModelChoiceField(
        label=_("Standard answer"),
        queryset=StandardAnswer.objects.filter(is_active=True),
        required=False,
        empty_label=_("— choose a standard answer —"),
    )
    body = forms.CharField(
        label=_("Reply to the person"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        help_text=_("Sent by e-mail and shown on the person's case page."),
    )
    then_status = forms.ChoiceField(
        label=_("After sending"),
        choices=[
            (Enquiry.Status.ANSWERED, _("The case is answered")),
            (Enquiry.Status.WAITING, _("We wait for the organisation (the deadline pauses)")),
        ],
        initial=Enquiry.Status.ANSWERED,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", "reply_%s")  # the note form on the same page has a body too
        super().__init__(*args, **kwargs)
        self.fields["standard_answer"].queryset = StandardAnswer.objects.filter(is_active=True)


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Only staff see notes. They are never sent to the person."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", "note_%s")
        super().__init__(*args, **kwargs)
