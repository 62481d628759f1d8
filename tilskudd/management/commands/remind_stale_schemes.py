"""Weekly: remind the responsible editors of grant schemes past their review date."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tilskudd.services import remind_stale_schemes


class Command(BaseCommand):
    help = "E-mail editors about grant schemes past their review date (idempotent per week)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        count = remind_stale_schemes(today=options["today"])
        self.stdout.write(f"Review reminders queued: {count}")
