"""The pages the benchmark measures, a logged-in officer's session, and for each page the
number of queries and the response size of one request (printed as JSON for bench/run.py)."""

import json
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from frivilligkontor.models import Roles
from henvendelser.models import Enquiry
from lokaler.models import Venue

ENQUIRY_POST = {
    "topic": "premises",
    "organisation_name": "Benk idrettslag",
    "message": "Vi trenger en gymsal tirsdager 18–20 for barnetrening. Hva gjør vi?",
    "contact_name": "Kari Benk",
    "email": "kari.benk@example.org",
    "language": "nb",
}


def next_term_tuesday() -> str:
    day = timezone.localdate() + timedelta(days=7)
    while day.weekday() != 1 or day.month in (7, 12) and day.day > 15:
        day += timedelta(days=1)
    return day.isoformat()


class Command(BaseCommand):
    help = "Print the benchmark's pages as JSON (with queries and size of one request each)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--probe", action="store_true", help="count queries and bytes")

    def handle(self, *args: Any, probe: bool, **options: Any) -> None:
        officer = (
            get_user_model()
            .objects.filter(groups__name=Roles.CASE_OFFICERS, is_active=True)
            .order_by("pk")
            .first()
        )
        venue = (
            Venue.objects.public()
            .annotate(times=Count("rooms__occurrences"))
            .order_by("-times", "pk")
            .first()
        )
        case = Enquiry.objects.order_by("-received_at").first()
        admin = "/" + settings.ADMIN_URL
        pages = [
            ("front page", "/", False),
            ("venue list", reverse("lokaler:venue_list"), False),
            (
                "free-time search",
                reverse("lokaler:venue_list")
                + f"?day={next_term_tuesday()}&start_time=17:00&end_time=19:00",
                False,
            ),
            ("venue page", venue.get_absolute_url(), False),
            (
                "grant list filtered",
                reverse("tilskudd:scheme_list") + "?target_group=children_youth&open_now=on",
                False,
            ),
            ("grants JSON", reverse("tilskudd:scheme_list_json"), False),
            ("guidance list", reverse("henvendelser:guidance_list"), False),
            ("event list", reverse("nettverk:event_list"), False),
            ("directory", reverse("nettverk:organisation_list"), False),
            ("search", reverse("search") + "?q=skole", False),
            ("enquiry form", reverse("henvendelser:enquiry_create"), False),
            ("case status", case.get_absolute_url(), False),
            ("admin case list", admin + "henvendelser/enquiry/", True),
            ("admin booking requests", admin + "lokaler/bookingrequest/", True),
            ("admin enquiry change", admin + f"henvendelser/enquiry/{case.pk}/change/", True),
        ]
        client = Client()
        client.force_login(officer)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        result: dict[str, Any] = {
            "session_cookie": f"{settings.SESSION_COOKIE_NAME}={session}",
            "post_path": reverse("henvendelser:enquiry_create"),
            "post_fields": ENQUIRY_POST,
            "pages": [],
        }
        anonymous = Client()
        for name, path, staff in pages:
            entry: dict[str, Any] = {"name": name, "path": path, "staff": staff}
            if probe:
                browser = client if staff else anonymous
                browser.get(path, secure=True)  # warm caches the way a running server has them
                with CaptureQueriesContext(connection) as queries:
                    response = browser.get(path, secure=True)
                entry["status"] = response.status_code
                entry["queries"] = len(queries)
                entry["bytes"] = len(response.content)
            result["pages"].append(entry)
        if probe:
            fields = {**ENQUIRY_POST, "submission_key": str(uuid.uuid4())}
            with CaptureQueriesContext(connection) as queries:
                response = anonymous.post(
                    result["post_path"], fields, secure=True, REMOTE_ADDR="192.0.2.77"
                )
            result["post_probe"] = {
                "status": response.status_code,
                "queries": len(queries),
                "bytes": len(response.content),
            }
        self.stdout.write(json.dumps(result))
