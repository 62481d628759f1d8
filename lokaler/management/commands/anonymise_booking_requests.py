from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from lokaler.season.services import anonymise_finished_season_applications
from lokaler.services import anonymise_finished_booking_requests


class Command(BaseCommand):
    help = (
        "Remove personal data (contact person, e-mail, phone, activity, and their recorded "
        "history) from booking requests whose last date, and season applications whose "
        "term, ended more than LOKALER_BOOKING_RETENTION_DAYS ago, keeping what the figures "
        "need. Idempotent. Run daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        days = settings.LOKALER_BOOKING_RETENTION_DAYS
        count = anonymise_finished_booking_requests()
        applications = anonymise_finished_season_applications(older_than_days=days)
        self.stdout.write(
            f"Anonymised {count} booking request(s) and {applications} season "
            f"application(s) older than {days} days."
        )
