"""factory_boy factories for grant schemes, deadlines and subscriptions."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from frivilligkontor.choices import TargetGroup
from tests.factories import UnitFactory
from tilskudd.models import GrantDeadline, GrantScheme, Subscription


class GrantSchemeFactory(DjangoModelFactory):
    class Meta:
        model = GrantScheme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Frivillighetsmidler {n}")
    slug = factory.Sequence(lambda n: f"frivillighetsmidler-{n}")
    owner = factory.SubFactory(UnitFactory)
    summary = "Støtte til frivillige lag og foreninger."
    purpose = "Å styrke frivilligheten i nærmiljøet."
    who_can_apply = "Frivillige organisasjoner med aktivitet i Oslo."
    target_groups = factory.LazyFunction(lambda: [TargetGroup.EVERYONE.value])
    application_url = "https://www.oslo.kommune.no/tilskudd-legater-og-stipend/"
    last_checked_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def deadline_in_days(self, create: bool, extracted: int | None, **kwargs: object) -> None:
        """GrantSchemeFactory(deadline_in_days=12) adds a dated deadline 12 days from today."""
        if create and extracted is not None:
            GrantDeadline.objects.create(
                scheme=self,
                kind=GrantDeadline.Kind.DATED,
                date=timezone.localdate() + dt.timedelta(days=extracted),
            )


class GrantDeadlineFactory(DjangoModelFactory):
    class Meta:
        model = GrantDeadline

    scheme = factory.SubFactory(GrantSchemeFactory)
    kind = GrantDeadline.Kind.DATED
    date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=20))


class SubscriptionFactory(DjangoModelFactory):
    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"leder{n}@lag.example.no")
    scheme = factory.SubFactory(GrantSchemeFactory)
    days_before = 14
    confirmed_at = factory.LazyFunction(timezone.now)
