"""PostgreSQL extensions the apps rely on, Oslo's 15 bydeler, and the staff roles."""

from django.contrib.postgres.operations import (
    BtreeGistExtension,
    TrigramExtension,
    UnaccentExtension,
)
from django.db import migrations
from django.utils.text import slugify

DISTRICTS = [
    (1, "Bydel Gamle Oslo"),
    (2, "Bydel Grünerløkka"),
    (3, "Bydel Sagene"),
    (4, "Bydel St. Hanshaugen"),
    (5, "Bydel Frogner"),
    (6, "Bydel Ullern"),
    (7, "Bydel Vestre Aker"),
    (8, "Bydel Nordre Aker"),
    (9, "Bydel Bjerke"),
    (10, "Bydel Grorud"),
    (11, "Bydel Stovner"),
    (12, "Bydel Alna"),
    (13, "Bydel Østensjø"),
    (14, "Bydel Nordstrand"),
    (15, "Bydel Søndre Nordstrand"),
]

AGENCIES = ["Kulturetaten", "Utdanningsetaten", "Bymiljøetaten"]

ROLES = ["Saksbehandlere i Frivilligkontoret", "Ansatte i bydel eller etat", "Innholdsredaktører"]


def slug_for(name: str) -> str:
    return slugify(name.replace("ø", "o").replace("æ", "ae").replace("å", "a").replace("ü", "u"))


def create_units_and_roles(apps, schema_editor):
    Unit = apps.get_model("frivilligkontor", "Unit")
    Group = apps.get_model("auth", "Group")
    for number, name in DISTRICTS:
        Unit.objects.update_or_create(
            district_number=number,
            defaults={
                "name": name,
                "slug": slug_for(name.removeprefix("Bydel ")),
                "kind": "district",
            },
        )
    for name in AGENCIES:
        Unit.objects.get_or_create(name=name, defaults={"slug": slug_for(name), "kind": "agency"})
    for role in ROLES:
        Group.objects.get_or_create(name=role)


def remove_units_and_roles(apps, schema_editor):
    Unit = apps.get_model("frivilligkontor", "Unit")
    Group = apps.get_model("auth", "Group")
    Unit.objects.filter(district_number__in=[number for number, _ in DISTRICTS]).delete()
    Unit.objects.filter(name__in=AGENCIES).delete()
    Group.objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("frivilligkontor", "0001_core_units_users_organisations"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        BtreeGistExtension(),
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(create_units_and_roles, remove_units_and_roles),
    ]
