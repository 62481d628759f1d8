"""Load realistic demo data. Idempotent: running it twice changes nothing the second time.

The core loads its own data, then calls `load()` in each app's `demo.py`, in the order
of INSTALLED_APPS.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from frivilligkontor import demo as core_demo
from frivilligkontor.discovery import app_modules


class Command(BaseCommand):
    help = "Load realistic Oslo demo data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            core_demo.load(stdout=self.stdout)
            for _config, module in app_modules("demo", include_core=False):
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
