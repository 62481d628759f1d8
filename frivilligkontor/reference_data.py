"""Reference data every installation has: Oslo's 15 bydeler, the agencies, and the staff roles.

Migration 0002 loads it first; `ensure_reference_data` runs again after every migrate and
flush (post_migrate), so the data heals itself if it is ever emptied (e.g. between
transactional tests) and the roles always carry the permissions the apps declare.
"""

from typing import Any

from django.apps import apps

from frivilligkontor.slugs import slugify

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


def ensure_units(unit_model: Any) -> None:
    if unit_model.objects.filter(district_number__isnull=False).count() < len(DISTRICTS):
        for number, name in DISTRICTS:
            unit_model.objects.update_or_create(
                district_number=number,
                defaults={
                    "name": name,
                    "slug": slugify(name.removeprefix("Bydel ")),
                    "kind": "district",
                },
            )
    for name in AGENCIES:
        unit_model.objects.get_or_create(
            name=name, defaults={"slug": slugify(name), "kind": "agency"}
        )


def ensure_reference_data(app_config: Any = None, **kwargs: Any) -> None:
    """post_migrate handler: acts once per migrate/flush, after the last app's permissions exist."""
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if app_config is not None and app_config is not with_models[-1]:
        return
    from frivilligkontor.models import Unit
    from frivilligkontor.roles import sync_role_permissions

    ensure_units(Unit)
    sync_role_permissions()
