"""Remind venue owners to confirm their venue's facts (run weekly; idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from lokaler.services import remind_unconfirmed_venues


class Command(BaseCommand):
    help = "E-mail owners of venues whose information has not been confirmed for a while."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=180,
            help="Remind when the facts are older than this many days (default 180).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = remind_unconfirmed_venues(today=timezone.localdate(), max_age_days=options["days"])
        self.stdout.write(f"Reminders sent for {sent} venue(s).")
