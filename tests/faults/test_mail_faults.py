"""Mail survives an SMTP outage and a worker killed in the middle of sending.

Real gunicorn, a real `manage.py db_worker` and a real SMTP server (aiosmtpd) that counts
what it accepts; the worker retries after 1 s here (TASK_RETRY_DELAYS) and takes over a dead
worker's task after 3 s (TASK_LEASE_SECONDS)."""

from datetime import date, time, timedelta
from typing import Any

import pytest

from frivilligkontor.mail import queue_email
from frivilligkontor.models import QueuedEmail
from lokaler.models import BookingOccurrence
from lokaler.services import approve_occurrences
from tests.faults.servers import (
    Browser,
    Gunicorn,
    SmtpServer,
    database_url_of_tests,
    enquiry_form,
    free_port,
    portal_environment,
    start_worker,
    wait_until,
)
from tests.lokaler.factories import RoomFactory, occurrence
from tests.nettverk.factories import EventFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.faults]


@pytest.fixture
def database_queue(settings: Any) -> None:
    """Mail queued by this test process goes to the same database queue as the servers'."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def smtp() -> Any:
    server = SmtpServer(free_port())
    yield server
    server.stop()


def test_smtp_down__enquiry_booking_decision_and_registration_are_saved_and_each_mail_is_delivered_once_when_it_is_back(
    smtp: SmtpServer, database_queue: None
) -> None:
    event = EventFactory(capacity=10)
    room = RoomFactory()
    requested = occurrence(room, date.today() + timedelta(days=10), time(18), time(20))
    environment = portal_environment(database_url=database_url_of_tests(), smtp_port=smtp.port)
    web = Gunicorn(environment)
    worker = start_worker(environment)
    try:
        browser = Browser(web.url)
        status, page = browser.submit("/henvendelser/ny/", enquiry_form())
        assert status == 200 and "FK-" in page, page[:2000]
        status, page = browser.submit(
            f"/nettverk/arrangementer/{event.slug}/",
            {"name": "Kari Nordmann", "email": "kari@eksempel.test", "party_size": "1"},
        )
        assert status == 200, page[:2000]
        approve_occurrences(occurrences=[requested], decided_by=None)
        assert BookingOccurrence.objects.get(pk=requested.pk).status == "approved"

        queued = set(QueuedEmail.objects.values_list("pk", flat=True))
        assert len(queued) >= 3
        # Every mail has been tried against the dead SMTP server at least once.
        wait_until(
            lambda: (
                all(email.attempts >= 1 for email in QueuedEmail.objects.all())
                and not QueuedEmail.objects.filter(status="SUCCESSFUL").exists()
            ),
            what="a failed first attempt of every mail",
        )

        smtp.start()
        wait_until(
            lambda: QueuedEmail.objects.filter(status="SUCCESSFUL").count() == len(queued),
            what="every mail sent",
        )
        expected = sorted(email.message_id for email in QueuedEmail.objects.all())
        assert sorted(smtp.handler.message_ids()) == expected  # each exactly once
    except AssertionError:
        print(web.output()[-5000:], worker.output()[-5000:])
        raise
    finally:
        worker.stop()
        web.stop()


def test_worker_killed_while_sending__a_new_worker_delivers_the_mail_with_the_same_message_id(
    smtp: SmtpServer, database_queue: None
) -> None:
    smtp.handler.hold_first = True
    smtp.start()
    queue_email(
        to=["amina@eksempel.test"],
        template_prefix="henvendelser/email/receipt",
        context={"enquiry": None, "case_url": "https://example.no/sak/x/"},
    )
    queued = QueuedEmail.objects.get()
    environment = portal_environment(database_url=database_url_of_tests(), smtp_port=smtp.port)
    first = start_worker(environment, "first")
    second = None
    try:
        assert smtp.handler.first_arrived.wait(60), first.output()
        assert QueuedEmail.objects.get().state == QueuedEmail.State.SENDING
        first.kill()
        smtp.handler.release_first.set()

        second = start_worker(environment, "second")
        wait_until(
            lambda: QueuedEmail.objects.get().state == QueuedEmail.State.SENT,
            timeout=60,
            what="the mail sent by the second worker",
        )
        assert smtp.handler.message_ids() == [queued.message_id]
        assert QueuedEmail.objects.get().attempts == 2
    except AssertionError:
        print(first.output()[-5000:], second.output()[-5000:] if second else "")
        raise
    finally:
        first.stop()
        if second:
            second.stop()
