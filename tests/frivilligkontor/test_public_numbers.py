"""Numbers in the public forms (frivilligkontor.forms.limit_number): a number no one means,
such as 99999999999, gets a message a person understands beside the field, in the page's
language, with what was typed kept — never Django's message about the database column's
limit (2147483647), and never an error page."""

import pytest
from django.urls import reverse
from django.utils import translation

from lokaler.models import BookingRequest
from lokaler.season.models import SeasonApplication
from nettverk.models import Registration
from tests.factories import district
from tests.lokaler.factories import RoomFactory, VenueFactory, open_evenings
from tests.lokaler.season_factories import SeasonRoundFactory
from tests.lokaler.test_booking import form_data as booking_data
from tests.lokaler.test_season import application_data
from tests.nettverk.factories import EventFactory
from tests.nettverk.test_views import registration_data

pytestmark = pytest.mark.django_db

HUGE = "99999999999"


@pytest.fixture
def gym():
    venue = VenueFactory(name="Haugerud skole", unit=district("Alna"))
    open_evenings(venue)
    return RoomFactory(venue=venue, name="Gymsal", capacity=60)


def booking(gym, language, field, value):
    with translation.override(language):
        url = reverse(
            "lokaler:booking_request_create",
            kwargs={"slug": gym.venue.slug, "room_slug": gym.slug},
        )
    return url, {**booking_data(), "share_under_25": "50", field: value, "check": "1"}


def season(gym, language, field, value):
    season_round = SeasonRoundFactory(venues=[gym.venue])
    with translation.override(language):
        url = reverse("lokaler:season_apply", kwargs={"slug": season_round.slug})
    return url, {**application_data(gym, send="1"), field: value}


def registration(gym, language, field, value):
    event = EventFactory()
    with translation.override(language):
        url = event.get_absolute_url()
    return url, registration_data(**{field: value})


@pytest.mark.parametrize(
    ("form", "field", "value", "nb", "en"),
    [
        (
            booking,
            "expected_participants",
            HUGE,
            "Gymsal har plass til maks 60 personer.",
            "Gymsal holds at most 60 people.",
        ),
        (
            booking,
            "share_under_25",
            HUGE,
            "Oppgi en andel mellom 0 og 100 %.",
            "Give a share between 0 and 100 %.",
        ),
        (booking, "share_under_25", "-1", "Skriv et tall mellom 0 og 100.", "between 0 and 100"),
        (
            season,
            "participants",
            HUGE,
            "Skriv et tall mellom 1 og 5000.",
            "Give a number between 1 and 5000.",
        ),
        (
            season,
            "share_under_25",
            HUGE,
            "Oppgi en andel mellom 0 og 100 %.",
            "Give a share between 0 and 100 %.",
        ),
        (registration, "party_size", HUGE, "Høyst 10 personer", "At most 10 people"),
    ],
)
@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_number_out_of_range__a_readable_message_beside_the_field_and_the_input_kept(
    client, gym, form, field, value, nb, en, language
):
    url, data = form(gym, language, field, value)
    response = client.post(url, data)
    assert response.status_code in (200, 400)  # the form again, not an error page
    html = response.text
    error_id = f'id="id_{field}_error"'
    assert error_id in html
    assert {"nb": nb, "en": en}[language] in html[html.index(error_id) :][:400]
    assert "2147483647" not in html and "32767" not in html
    assert f'value="{value}"' in html
    assert not BookingRequest.objects.exists()
    assert not SeasonApplication.objects.exists()
    assert not Registration.objects.exists()
