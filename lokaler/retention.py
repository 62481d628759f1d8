"""The personal data of lending premises (frivilligkontor.retention)."""

from django.utils.translation import gettext_lazy as _

from frivilligkontor.retention import PersonalData

PERSONAL_DATA = [
    PersonalData(
        key="booking-requests",
        what=_(
            "Requests to borrow premises: the contact person, e-mail address, phone number, "
            "organisation and the description of the activity."
        ),
        period=_(
            "Deleted %(days)d days after the last date of the booking; the booking itself "
            "(room, times, number of people) is kept for the statistics."
        ),
        why=_("To handle the request, shared with the unit that owns the premises."),
        models=("lokaler.BookingRequest",),
        days_setting="LOKALER_BOOKING_RETENTION_DAYS",
        command="anonymise_booking_requests",
    ),
    PersonalData(
        key="season-applications",
        what=_(
            "Applications for season lending: the contact person, e-mail address, phone "
            "number, organisation and the description of the activity."
        ),
        period=_(
            "Deleted %(days)d days after the end of the term; the wishes and what was "
            "allocated are kept for the statistics."
        ),
        why=_("To allocate the premises, and to answer a request for review."),
        models=("lokaler.SeasonApplication",),
        days_setting="LOKALER_BOOKING_RETENTION_DAYS",
        command="anonymise_booking_requests",
    ),
    PersonalData(
        key="venue-contacts",
        what=_("The contact person of a venue (name, work e-mail and phone)."),
        period=_("As long as the person is the venue's contact."),
        why=_("So that borrowers know whom to ask."),
        models=("lokaler.Venue",),
    ),
]
