from typing import Any

from django.core.management.base import BaseCommand

from henvendelser.services import RETENTION_DAYS, anonymise_old_enquiries


class Command(BaseCommand):
    help = (
        f"Remove personal data from answered and closed enquiries with no activity for "
        f"{RETENTION_DAYS} days (name, contact details, text, thread and recorded history). "
        "Idempotent. Run daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = anonymise_old_enquiries()
        self.stdout.write(f"Anonymised {count} enquiry/enquiries.")
