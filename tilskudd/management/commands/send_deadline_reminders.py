"""Daily: e-mail subscribers before grant deadlines. Idempotent (nothing is sent twice).

Also deletes subscriptions never confirmed, or stopped, more than SUBSCRIPTION_RETENTION_DAYS
(a setting) ago.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from tilskudd.services import prune_subscriptions, send_deadline_reminders


class Command(BaseCommand):
    help = "Send e-mail reminders before grant deadlines (safe to run more than once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Pretend today is this date (YYYY-MM-DD), for catching up.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_deadline_reminders(today=options["today"])
        self.stdout.write(f"Deadline reminders queued: {count}")
        pruned = prune_subscriptions(today=options["today"])
        self.stdout.write(
            f"Subscriptions unconfirmed or stopped for {settings.SUBSCRIPTION_RETENTION_DAYS} "
            f"days deleted: {pruned}"
        )
