"""PostgreSQL extensions the apps rely on, Oslo's 15 bydeler and the agencies, and the staff roles."""

from django.contrib.postgres.operations import (
    BtreeGistExtension,
    TrigramExtension,
    UnaccentExtension,
)
from django.db import migrations

from frivilligkontor.reference_data import AGENCIES, DISTRICTS, ensure_units

ROLES = ["Saksbehandlere i Frivilligkontoret", "Ansatte i bydel eller etat", "Innholdsredaktører"]


def create_units_and_roles(apps, schema_editor):
    ensure_units(apps.get_model("frivilligkontor", "Unit"))
    Group = apps.get_model("auth", "Group")
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
