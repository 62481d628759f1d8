from typing import Any

from django.core.management.base import BaseCommand

from nettverk.models import MeetingPlace
from nettverk.services import generate_series_events


class Command(BaseCommand):
    help = "Create the single events of every recurring meeting place (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = sum(
            generate_series_events(meeting_place=place) for place in MeetingPlace.objects.all()
        )
        self.stdout.write(f"Created {created} events.")
