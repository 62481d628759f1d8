"""Load realistic demo data. Idempotent: running it twice changes nothing the second time.

The core loads its own data, then calls `load()` in each app's `demo.py`, in the order
of INSTALLED_APPS.
"""

from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from frivilligkontor import demo as core_demo


class Command(BaseCommand):
    help = "Load realistic Oslo demo data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            core_demo.load(stdout=self.stdout)
            for config in apps.get_app_configs():
                if config.name == "frivilligkontor":
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
