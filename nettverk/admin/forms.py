"""Forms of the nettverk back office: events, meeting places, and the actions' questions."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nettverk.models import Event, MeetingPlace


class EmailParticipantsForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}), max_length=5000
    )
    include_waiting = forms.BooleanField(
        label=_("Also e-mail people on the waiting list"), required=False, initial=True
    )


class CancelEventForm(forms.Form):
    message = forms.CharField(
        label=_("Message to everyone registered"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("Why the event is cancelled, and what happens next."),
    )


class PostponeEventForm(forms.Form):
    message = forms.CharField(
        label=_("Message to everyone registered"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
    )
    starts_at = forms.DateTimeField(
        label=_("New start"),
        required=False,
        help_text=_(
            "For example 24.03.2027 18:00. Leave both empty if the new time is not decided."
        ),
    )
    ends_at = forms.DateTimeField(label=_("New end"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if (starts_at is None) != (ends_at is None):
            raise forms.ValidationError(_("Give both a new start and a new end, or neither."))
        if starts_at and ends_at and ends_at <= starts_at:
            raise forms.ValidationError(_("The event must end after it starts."))
        return cleaned


class RejectOrganisationForm(forms.Form):
    reason = forms.CharField(
        label=_("Why, in a few words (sent to the organisation)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        required=False,
    )


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "slug",
            "description",
            "unit",
            "series",
            "is_published",
            "starts_at",
            "ends_at",
            "registration_deadline",
            "venue",
            "district",
            "place",
            "online_url",
            "target_groups",
            "language",
            "accessibility",
            "capacity",
            "state",
            "state_message",
        ]

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk and capacity < self.instance.confirmed_places:
            raise forms.ValidationError(
                _(
                    "%(confirmed)s places are already confirmed. Cancel registrations before "
                    "lowering the capacity below that."
                )
                % {"confirmed": self.instance.confirmed_places}
            )
        return capacity

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        venue = cleaned.get("venue")
        if venue is not None and not cleaned.get("district"):
            cleaned["district"] = venue.district
            self.instance.district = venue.district
        if not venue and not cleaned.get("place") and not cleaned.get("online_url"):
            raise forms.ValidationError(
                _("Give a venue, a place or a link to the digital meeting.")
            )
        return cleaned


class MeetingPlaceAdminForm(forms.ModelForm):
    class Meta:
        model = MeetingPlace
        fields = [
            "title",
            "description",
            "unit",
            "district",
            "venue",
            "place",
            "weekday",
            "start_time",
            "end_time",
            "first_date",
            "last_date",
            "interval_weeks",
            "capacity",
            "target_groups",
            "language",
            "accessibility",
        ]
