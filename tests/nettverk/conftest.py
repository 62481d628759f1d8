from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _bokmaal_by_default() -> Iterator[None]:
    """A request to an /en/ page leaves English active in the thread; start each test in bokmål."""
    with translation.override("nb"):
        yield


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """Oslo's districts, the agencies and the staff roles, as the core's migration loads them.

    A live-server test that runs after another transactional test finds the tables empty
    (serialized_rollback does not restore them there), so put them back; it is idempotent.
    """
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    from frivilligkontor.roles import sync_role_permissions

    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)

    migration = import_module("frivilligkontor.migrations.0002_extensions_districts_and_roles")
    migration.create_units_and_roles(apps, None)
    sync_role_permissions()
