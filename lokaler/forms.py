"""Forms for finding a room and asking to borrow it."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frivilligkontor.forms import (
    ListFilterForm,
    PublicFormMixin,
    choice_filter,
    district_filter,
    limit_number,
)
from frivilligkontor.validators import normalise_organisation_number
from lokaler.availability import local_datetime
from lokaler.models import (
    APPLICANT_FIELDS,
    BOOKING_FIELDS,
    BORROWER_FIELDS,
    BookingRequest,
    Facility,
    Room,
    RoomKind,
    Venue,
    VenueKind,
)
from lokaler.services import MAX_DAYS_AHEAD, RequestDetails, check_lending_hours

ACCESSIBILITY_FEATURES = [
    ("step_free_entrance", _("Step-free entrance")),
    ("accessible_toilet", _("Accessible toilet")),
    ("lift", _("Lift")),
    ("induction_loop", _("Induction loop")),
]


class VenueSearchForm(ListFilterForm):
    """Filters on the venue list. Every field is optional; bad values are shown, not ignored."""

    counted_together = (("day", "start_time", "end_time"),)

    district = district_filter()
    venue_kind = choice_filter(_("Type of venue"), VenueKind, all_label=_("All types"))
    room_kind = choice_filter(_("Type of room"), RoomKind, all_label=_("All rooms"))
    capacity = forms.IntegerField(
        label=_("Number of people (at least)"), required=False, min_value=1, max_value=5000
    )
    facilities = forms.MultipleChoiceField(
        label=_("Facilities"),
        choices=Facility.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accessibility = forms.MultipleChoiceField(
        label=_("Universal design"),
        choices=ACCESSIBILITY_FEATURES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    free_for_youth = forms.BooleanField(
        label=_("Free of charge for children and youth"), required=False
    )
    day = forms.DateField(
        label=_("Free on date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    start_time = forms.TimeField(
        label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("To"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day or start or end:
            if not day:
                self.add_error("day", _("Choose a date to search for free times."))
            if not start:
                self.add_error("start_time", _("Choose a start time."))
            if not end:
                self.add_error("end_time", _("Choose an end time."))
            if start and end and end <= start:
                self.add_error("end_time", _("The end time must be after the start time."))
        return data


class OrganisationNumberMixin:
    """The organisation-number rule of every lokaler request form (single bookings and
    season applications): "123 456 789" is accepted and normalised (the model validates the
    nine digits with the mod-11 check), and either a number or "new initiative" is required."""

    def relax_organisation_number(self) -> None:
        number = self.fields["organisation_number"]  # type: ignore[attr-defined]
        self.fields["organisation_number"] = forms.CharField(  # type: ignore[attr-defined]
            label=number.label,
            help_text=number.help_text,
            required=False,
            max_length=11,
            widget=number.widget,
        )

    def clean_organisation_number(self) -> str:
        return normalise_organisation_number(
            self.cleaned_data.get("organisation_number", "")  # type: ignore[attr-defined]
        )

    def require_number_or_new_initiative(self, data: dict[str, Any]) -> None:
        if (
            not data.get("organisation_number")
            and not data.get("is_new_initiative")
            and "organisation_number" not in self.errors  # type: ignore[attr-defined]
        ):
            self.add_error(  # type: ignore[attr-defined]
                "organisation_number",
                _("Give the organisation number, or tick that you are a new initiative."),
            )


class BookingRequestForm(PublicFormMixin, OrganisationNumberMixin, forms.ModelForm):
    """The request to borrow a room: who, what, how many, and when (once or weekly)."""

    class Meta:
        model = BookingRequest
        fields = [*APPLICANT_FIELDS, *BOOKING_FIELDS, *BORROWER_FIELDS]
        labels = {
            "is_new_initiative": _("We are a new initiative without an organisation number"),
            "is_weekly": _("Repeat every week until the last date"),
            "first_date": _("Date (first date of a series)"),
            "last_date": _("Last date (for a weekly series)"),
            "is_for_pupils_of_the_school": _("Only the school's own pupils take part"),
        }
        help_texts = {
            "organisation_number": _("9 digits from Brønnøysundregistrene."),
            "activity": _("What will you do, and who is it for?"),
            "contact_email": _("We send the receipt and the decision here."),
            "share_under_25": _(
                "Activity for children and youth under 25 borrows free of charge; so do "
                "mixed-age groups where at least 90 % are under 25."
            ),
        }
        widgets = {
            "activity": forms.Textarea(attrs={"rows": 3}),
            "first_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "last_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "organisation_number": forms.TextInput(attrs={"inputmode": "numeric"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def __init__(self, *args: Any, room: Room, venue: Venue, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.room = room
        self.venue = venue
        self.fields["last_date"].required = False
        self.relax_organisation_number()
        limit_number(
            self.fields["expected_participants"],
            low=1,
            high=room.capacity,
            too_low=_("Give the number of people: at least one person."),
            too_high=_("%(room)s holds at most %(capacity)s people.")
            % {"room": room.name, "capacity": room.capacity},
        )
        limit_number(
            self.fields["share_under_25"],
            low=0,
            high=100,
            too_high=_("Give a share between 0 and 100 %."),
        )
        # Who borrows, then when: the lending rules' questions follow the age group.
        self.order_fields(
            [*APPLICANT_FIELDS, "expected_participants", "age_group", *BORROWER_FIELDS]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = timezone.localdate()
        last_allowed = today + timedelta(days=MAX_DAYS_AHEAD)
        self.require_number_or_new_initiative(data)
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time must be after the start time."))
            end = None
        first = data.get("first_date")
        if first:
            if first < today:
                self.add_error("first_date", _("The date is in the past."))
                first = None
            elif first > last_allowed:
                self.add_error("first_date", _("You can ask for times at most one year ahead."))
                first = None
            elif first == today and start and local_datetime(first, start) < timezone.now():
                self.add_error("start_time", _("The start time has already passed today."))
        last = data.get("last_date")
        if data.get("is_weekly"):
            if not last:
                self.add_error("last_date", _("Give the last date of the weekly series."))
            elif first and last < first:
                self.add_error("last_date", _("The last date must be after the first date."))
                last = None
            elif last > last_allowed:
                self.add_error("last_date", _("You can ask for times at most one year ahead."))
                last = None
        else:
            last = first
            data["last_date"] = first
        if first and last and start and end and not self.errors:
            try:
                check_lending_hours(
                    venue=self.venue,
                    first_date=first,
                    last_date=last,
                    is_weekly=bool(data.get("is_weekly")),
                    start_time=start,
                    end_time=end,
                )
            except ValidationError as error:
                self.add_error("start_time", error)
        return data

    def details(self) -> RequestDetails:
        data = self.cleaned_data
        return RequestDetails.from_cleaned(data, last_date=data["last_date"] or data["first_date"])


def parse_chosen_days(values: list[str]) -> list[date]:
    days = []
    for value in values:
        try:
            days.append(date.fromisoformat(value))
        except ValueError:
            continue
    return days
