from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from henvendelser.services import anonymise_old_enquiries


class Command(BaseCommand):
    help = (
        "Remove personal data from answered and closed enquiries with no activity for "
        "ENQUIRY_RETENTION_DAYS (name, contact details, text, thread and recorded history). "
        "Idempotent. Run daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = anonymise_old_enquiries()
        self.stdout.write(
            f"Anonymised {count} enquiry/enquiries with no activity for "
            f"{settings.ENQUIRY_RETENTION_DAYS} days."
        )
