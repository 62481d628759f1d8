"""factory_boy factories for nettverk, with Norwegian fakes."""

import datetime
import itertools

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from frivilligkontor.models import Organisation, Unit
from nettverk.models import Event, EventKind, MeetingPlace, Registration
from tests.factories import OrganisationFactory, valid_organisation_number


def _unit() -> Unit:
    return Unit.objects.get(name="Kulturetaten")


def _district() -> Unit:
    return Unit.objects.get(name="Bydel Alna")


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.NETWORK_MEETING
    title = factory.Sequence(lambda n: f"Nettverksmøte for frivilligheten {n}")
    description = factory.Faker("paragraph")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=2))
    unit = factory.LazyFunction(_unit)
    district = factory.LazyFunction(_district)
    place = "Furuset bydelshus, Trygve Lies plass 1"
    capacity = 20
    target_groups = factory.LazyFunction(lambda: ["everyone"])


class RegistrationFactory(DjangoModelFactory):
    """A registration saved directly (no service): confirmed for its whole party."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"deltaker{n}@example.org")
    party_size = 1
    status = Registration.Status.CONFIRMED
    confirmed_places = factory.LazyAttribute(lambda r: r.party_size)
    waiting_places = 0


class MeetingPlaceFactory(DjangoModelFactory):
    class Meta:
        model = MeetingPlace

    title = "Frivilligkafé"
    description = "Åpen møteplass for alle som vil bli frivillige."
    unit = factory.LazyFunction(_district)
    district = factory.LazyFunction(_district)
    place = "Furuset bibliotek"
    weekday = MeetingPlace.Weekday.WEDNESDAY
    start_time = datetime.time(17, 0)
    end_time = datetime.time(19, 0)
    first_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=1))
    last_date = factory.LazyAttribute(lambda m: m.first_date + datetime.timedelta(weeks=6))
    capacity = 30


_organisation_numbers = itertools.count(5000)


def make_organisation(**kwargs: object) -> Organisation:
    """An approved organisation with a number that never collides with another's.

    (Consecutive seeds of tests.factories.valid_organisation_number can give the same
    number, so the seeds here are two apart.)
    """
    kwargs.setdefault(
        "organisation_number", valid_organisation_number(next(_organisation_numbers) * 2)
    )
    return OrganisationFactory(**kwargs)
