from typing import Any

from django.core.management.base import BaseCommand

from henvendelser.services import send_case_digests


class Command(BaseCommand):
    help = (
        "E-mail each case officer their overdue and soon-due enquiries. "
        "Idempotent: each officer gets at most one digest a day. Run every weekday morning."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_case_digests()
        self.stdout.write(f"Sent {sent} case digest(s).")
