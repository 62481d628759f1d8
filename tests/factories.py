"""factory_boy factories for the core models, with Norwegian fakes."""

import factory
from factory.django import DjangoModelFactory

from frivilligkontor.models import Organisation, Unit, User

factory.Faker._DEFAULT_LOCALE = "no_NO"


def valid_organisation_number(seed: int) -> str:
    """A valid 9-digit organisation number derived from `seed` (mod-11 check digit)."""
    from frivilligkontor.validators import ORGANISATION_NUMBER_WEIGHTS

    # Each seed has its own block of ten candidates, so different seeds never collide.
    base = 90_000_000 + seed * 10
    while True:
        digits = f"{base:08d}"[-8:]
        total = sum(int(d) * w for d, w in zip(digits, ORGANISATION_NUMBER_WEIGHTS, strict=True))
        remainder = 11 - total % 11
        if remainder != 10:
            return digits + str(0 if remainder == 11 else remainder)
        base += 1


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Testetaten {n}")
    kind = Unit.Kind.AGENCY


def district(name: str) -> Unit:
    """One of Oslo's 15 districts, loaded by migration ("Alna" or "Bydel Alna")."""
    full_name = name if name.startswith("Bydel ") else f"Bydel {name}"
    return Unit.objects.get(name=full_name)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"ansatt{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@oslo.kommune.test")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Faker("company")
    organisation_number = factory.Sequence(valid_organisation_number)
    status = Organisation.Status.APPROVED
    description = factory.Faker("paragraph")
    contact_email = factory.Faker("email")
