"""The season application form (the organisation and its wishes) and the staff's forms."""

from datetime import time
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from frivilligkontor.forms import NUMBER_MAX, PublicFormMixin, limit_number
from lokaler.forms import OrganisationNumberMixin
from lokaler.models import APPLICANT_FIELDS, Room, RoomKind, Venue, Weekday
from lokaler.season.models import SeasonApplication, SeasonRound
from lokaler.season.services import ApplicationDetails, WishDetails

MAX_WISHES = 5


class ApplicationForm(PublicFormMixin, OrganisationNumberMixin, forms.ModelForm):
    """Who applies, for what, and for whom."""

    class Meta:
        model = SeasonApplication
        fields = [
            *APPLICANT_FIELDS,
            "age_group",
            "share_under_25",
            "participants",
            "is_for_pupils_of_the_school",
            "is_adapted_sports",
            "is_adult_education",
        ]
        labels = {
            "is_new_initiative": _("We are a new initiative without an organisation number"),
        }
        help_texts = {
            "organisation_number": _("9 digits from Brønnøysundregistrene."),
            "activity": _("What will you do, and who is it for?"),
            "contact_email": _(
                "We send the receipt, the link to change the application and the decision here."
            ),
            "share_under_25": _(
                "Activity for children and youth under 25 borrows free of charge; so do "
                "mixed-age groups where at least 90 % are under 25."
            ),
        }
        widgets = {
            "activity": forms.Textarea(attrs={"rows": 3}),
            "organisation_number": forms.TextInput(attrs={"inputmode": "numeric"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.relax_organisation_number()
        limit_number(
            self.fields["share_under_25"],
            low=0,
            high=100,
            too_high=_("Give a share between 0 and 100 %."),
        )
        # Not capped at the round's largest room: each wish says which room is too small.
        limit_number(
            self.fields["participants"],
            low=1,
            high=NUMBER_MAX,
            too_low=_("Give the number of participants: at least one."),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.require_number_or_new_initiative(data)
        return data

    def details(self) -> ApplicationDetails:
        data = self.cleaned_data
        return ApplicationDetails.from_cleaned(data)


def place_choices(season_round: SeasonRound, rooms: list[Room]) -> list[tuple[str, Any]]:
    """Rooms grouped by venue, each venue with "any room of this kind" first."""
    kinds = dict(RoomKind.choices)
    choices: list[tuple[str, Any]] = [("", _("Choose a room"))]
    by_venue: dict[Venue, list[Room]] = {}
    for room in rooms:
        by_venue.setdefault(room.venue, []).append(room)
    for venue, venue_rooms in by_venue.items():
        options = []
        for kind in sorted({room.kind for room in venue_rooms}):
            if sum(1 for room in venue_rooms if room.kind == kind) > 1:
                options.append(
                    (
                        f"kind-{venue.pk}-{kind}",
                        _("Any %(kind)s at %(venue)s")
                        % {"kind": str(kinds[kind]).lower(), "venue": venue.name},
                    )
                )
        options += [
            (f"room-{room.pk}", f"{room.name}, {venue.name} ({room.capacity})")
            for room in venue_rooms
        ]
        choices.append((venue.name, options))
    return choices


class WishForm(forms.Form):
    """One weekly time wished for; the rows' order is the applicant's order of priority.

    A row left empty is skipped; a row partly filled says what is missing."""

    place = forms.ChoiceField(
        label=_("Room"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the rooms in this round.")},
    )
    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        choices=[("", _("Choose a day"))] + list(Weekday.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    start_time = forms.TimeField(
        label=_("From"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end_time = forms.TimeField(
        label=_("To"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args: Any, choices: list, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        filled = any(data.get(name) not in (None, "") for name in self.fields) or self.errors
        if not filled:
            return data
        missing = {
            "place": _("Choose a room."),
            "weekday": _("Choose a weekday."),
            "start_time": _("Give the start time (for example 18:00)."),
            "end_time": _("Give the end time (for example 20:00)."),
        }
        for name, message in missing.items():
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, message)
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time must be after the start time."))
        return data


class BaseWishFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, choices: list, **kwargs: Any) -> None:
        self.choices = choices
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"choices": self.choices}

    def _construct_form(self, i: int, **kwargs: Any) -> WishForm:
        # Every row may stay empty (a shorter wish list); check_wishes asks for at least one.
        return super()._construct_form(i, empty_permitted=True, **kwargs)

    @property
    def empty_form(self) -> WishForm:
        return self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            choices=self.choices,
        )


WishFormSet = forms.formset_factory(
    WishForm,
    formset=BaseWishFormSet,
    extra=MAX_WISHES,
    max_num=MAX_WISHES,
    validate_max=True,
)


def _in_sentence(weekday: int) -> str:
    """The weekday's name inside a sentence: lower case in Norwegian, capitalised in English."""
    name = str(Weekday(weekday).label)
    return name if get_language() == "en" else name.lower()


def check_wishes(
    *,
    formset: BaseWishFormSet,
    participants: int | None,
    rooms: dict[int, Room],
    opening: dict[int, dict[int, list[tuple[time, time]]]],
) -> list[WishDetails]:
    """Validate the filled wishes against the round: a known room, inside its lending hours
    in the term, big enough, and no wish twice. Errors go beside the field; returns the
    wishes in priority order."""
    wishes: list[WishDetails] = []
    seen: set[tuple] = set()
    kinds = dict(RoomKind.choices)
    for form in formset.forms:
        if not hasattr(form, "cleaned_data") or form.errors:
            continue
        data = form.cleaned_data
        place, weekday = data.get("place"), data.get("weekday")
        start, end = data.get("start_time"), data.get("end_time")
        if not place:
            continue
        kind, _sep, rest = place.partition("-")
        if kind == "room":
            room = rooms.get(int(rest)) if rest.isdigit() else None
            if room is None:
                form.add_error("place", _("Choose one of the rooms in this round."))
                continue
            venue, room_kind, candidates = room.venue, room.kind, [room]
        else:
            venue_id, _sep, room_kind = rest.partition("-")
            candidates = [
                room
                for room in rooms.values()
                if str(room.venue_id) == venue_id and room.kind == room_kind
            ]
            if not candidates:
                form.add_error("place", _("Choose one of the rooms in this round."))
                continue
            venue, room = candidates[0].venue, None
        if participants and not any(candidate.capacity >= participants for candidate in candidates):
            largest = max(candidate.capacity for candidate in candidates)
            form.add_error(
                "place",
                _("%(place)s holds at most %(capacity)s people; you are %(count)s.")
                % {
                    "place": room.name
                    if room
                    else _("Any %(kind)s") % {"kind": str(kinds[room_kind]).lower()},
                    "capacity": largest,
                    "count": participants,
                },
            )
        if weekday is None or not start or not end or end <= start:
            continue
        hours = opening.get(venue.pk, {}).get(weekday, [])
        if not any(opens <= start and end <= closes for opens, closes in hours):
            if hours:
                shown = ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in hours)
                message = _(
                    "The time is outside the lending hours. On %(weekday)s the room can be "
                    "borrowed %(hours)s."
                ) % {"weekday": _in_sentence(weekday), "hours": shown}
            else:
                message = _("The venue is not lent out on %(weekday)s in this term.") % {
                    "weekday": _in_sentence(weekday)
                }
            form.add_error("start_time", message)
        key = (place, weekday, start, end)
        if key in seen:
            form.add_error("place", _("You have already asked for this same time. Remove one."))
        seen.add(key)
        if not form.errors:
            wishes.append(WishDetails(venue, room, room_kind, weekday, start, end))
    return wishes


class AllocateForm(forms.Form):
    """Staff: allocate a wish as asked, or with a changed room or time."""

    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none())
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Weekday.choices, coerce=int)
    start_time = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    reason = forms.CharField(
        label=_("Reason shown to the applicant (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, rooms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time must be after the start time."))
        return data


class DeclineWishForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining (sent to the applicant)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
