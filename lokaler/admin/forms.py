"""Forms of the lokaler back office."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining (sent to the person)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
