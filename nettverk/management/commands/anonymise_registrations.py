from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

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
            default=None,
            help="Days after the event (default NETTVERK_REGISTRATION_RETENTION_DAYS).",
        )

    def handle(self, *args: Any, days: int | None, **options: Any) -> None:
        if days is None:
            days = settings.NETTVERK_REGISTRATION_RETENTION_DAYS
        count = anonymise_registrations(older_than_days=days)
        self.stdout.write(
            f"Anonymised {count} registrations for events that ended over {days} days ago."
        )
