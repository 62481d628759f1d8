"""Owners are reminded to confirm their venue's facts, once a month at most."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.lokaler.factories import VenueFactory

pytestmark = pytest.mark.django_db


def test_remind_venue_confirmation__old_or_never_confirmed__mails_the_owner_once(
    django_capture_on_commit_callbacks, mailoutbox
):
    today = timezone.localdate()
    stale = VenueFactory(name="Gammel skole", last_confirmed_on=today - timedelta(days=200))
    never = VenueFactory(name="Ny skole", last_confirmed_on=None, contact_email="ny@example.org")
    VenueFactory(name="Fersk skole", last_confirmed_on=today - timedelta(days=10))
    VenueFactory(name="Skjult skole", last_confirmed_on=None, is_published=False)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_venue_confirmation", stdout=StringIO())
        call_command("remind_venue_confirmation", stdout=StringIO())  # idempotent
    assert sorted(message.subject for message in mailoutbox) == [
        "Vennligst bekreft informasjonen om Gammel skole",
        "Vennligst bekreft informasjonen om Ny skole",
    ]
    assert f"/lokaler/venue/{stale.pk}/change/" in mailoutbox[0].body + mailoutbox[1].body
    never.refresh_from_db()
    assert never.confirmation_reminder_sent_on == today
