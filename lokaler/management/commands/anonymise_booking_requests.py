from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from lokaler.services import anonymise_finished_booking_requests


class Command(BaseCommand):
    help = (
        "Remove personal data (contact person, e-mail, phone, activity, and their recorded "
        "history) from booking requests whose last date is more than "
        "LOKALER_BOOKING_RETENTION_DAYS ago, keeping what the figures need. Idempotent. "
        "Run daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = anonymise_finished_booking_requests()
        self.stdout.write(
            f"Anonymised {count} booking request(s) older than "
            f"{settings.LOKALER_BOOKING_RETENTION_DAYS} days."
        )
