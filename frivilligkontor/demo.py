"""Demo data for the core: staff users in each role. Idempotent."""

from typing import TextIO

from django.contrib.auth.models import Group

from frivilligkontor.models import Roles, Unit, User

DEMO_PASSWORD = "frivillig-demo-2026"

# username, first name, last name, role, unit names
DEMO_STAFF = [
    ("saksbehandler", "Ingrid", "Haugen", Roles.CASE_OFFICERS, []),
    ("saksbehandler2", "Ali", "Rahimi", Roles.CASE_OFFICERS, []),
    ("redaktor", "Kari", "Nordmann", Roles.CONTENT_EDITORS, ["Kulturetaten"]),
    ("alna", "Per", "Johansen", Roles.UNIT_STAFF, ["Bydel Alna"]),
    ("frogner", "Sofie", "Berg", Roles.UNIT_STAFF, ["Bydel Frogner"]),
    ("sondrenordstrand", "Amina", "Hussein", Roles.UNIT_STAFF, ["Bydel Søndre Nordstrand"]),
    ("kulturetaten", "Lars", "Bakke", Roles.UNIT_STAFF, ["Kulturetaten"]),
]


def load(*, stdout: TextIO) -> None:
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "email": "admin@example.org",
            "first_name": "Demo",
            "last_name": "Administrator",
        },
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    for username, first_name, last_name, role, unit_names in DEMO_STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "is_staff": True,
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.org",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=role))
        user.units.add(*Unit.objects.filter(name__in=unit_names))
    stdout.write(f"Staff users: admin and {len(DEMO_STAFF)} others (password {DEMO_PASSWORD!r}).")
