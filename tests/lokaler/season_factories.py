"""factory_boy factories for season lending: price tables, rounds, applications, wishes."""

from datetime import time, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from lokaler.models import AgeGroup
from lokaler.season.models import PriceTable, SeasonApplication, SeasonRound, SeasonWish, Term
from tests.factories import district

factory.Faker._DEFAULT_LOCALE = "no_NO"


class PriceTableFactory(DjangoModelFactory):
    """Oslo's published figures (the issue's examples)."""

    class Meta:
        model = PriceTable
        django_get_or_create = ["year"]
        skip_postgeneration_save = True

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    room_up_to_100 = 41
    room_100_to_400 = 155
    room_over_400 = 458
    setup_fee_term = 931
    setup_fee_single = 473
    supervision_per_hour = 250
    cleaning_per_hour = 297


class SeasonRoundFactory(DjangoModelFactory):
    """An open round: applications until two weeks ahead, the term from a month ahead."""

    class Meta:
        model = SeasonRound
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Sesongutlån {n}")
    unit = factory.LazyFunction(lambda: district("Alna"))
    term = Term.SPRING
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    answer_by = factory.LazyAttribute(lambda r: r.closes_on + timedelta(days=21))
    term_starts_on = factory.LazyAttribute(lambda r: r.closes_on + timedelta(days=30))
    term_ends_on = factory.LazyAttribute(lambda r: r.term_starts_on + timedelta(days=70))

    @factory.post_generation
    def venues(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.venues.set(extracted)


def closed_round(**kwargs: object) -> SeasonRound:
    """A round whose deadline was yesterday (being allocated), term from a month ahead."""
    today = timezone.localdate()
    kwargs.setdefault("opens_on", today - timedelta(days=60))
    kwargs.setdefault("closes_on", today - timedelta(days=1))
    return SeasonRoundFactory(**kwargs)


class SeasonApplicationFactory(DjangoModelFactory):
    class Meta:
        model = SeasonApplication

    round = factory.SubFactory(SeasonRoundFactory)
    organisation_name = factory.Sequence(lambda n: f"Forening {n}")
    is_new_initiative = True
    contact_name = factory.Faker("name")
    contact_email = factory.Sequence(lambda n: f"sesong{n}@example.org")
    activity = "Trening"
    age_group = AgeGroup.ADULTS
    share_under_25 = 0
    participants = 20


class SeasonWishFactory(DjangoModelFactory):
    class Meta:
        model = SeasonWish

    application = factory.SubFactory(SeasonApplicationFactory)
    priority = factory.Sequence(lambda n: n + 1)
    room = None
    venue = factory.LazyAttribute(lambda wish: wish.room.venue)
    weekday = 1
    start_time = time(18)
    end_time = time(20)
