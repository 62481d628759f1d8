from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nettverk.models import REGISTRATION_RETENTION_DAYS
from nettverk.services import anonymise_registrations


class Command(BaseCommand):
    help = (
        "Remove names, e-mail addresses and needs from event registrations a number of days "
        "after the event, keeping the counts. Idempotent; run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=REGISTRATION_RETENTION_DAYS,
            help=f"Days after the event (default {REGISTRATION_RETENTION_DAYS}).",
        )

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        count = anonymise_registrations(older_than_days=days)
        self.stdout.write(
            f"Anonymised {count} registrations for events that ended over {days} days ago."
        )
