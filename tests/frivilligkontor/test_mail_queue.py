"""Mail that is never lost: queued in the same transaction, retried with backoff, taken over
from dead workers, seen and re-sent by staff. The worker runs in-process against the real
database queue (django-tasks-db); a refused SMTP connection is a real one (nothing listens
on port 9 here)."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from frivilligkontor.mail import queue_email
from frivilligkontor.models import QueuedEmail, WorkerHeartbeat
from frivilligkontor.worker import ResilientWorker, reclaim_abandoned_tasks

pytestmark = pytest.mark.django_db

SMTP_DOWN = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
    }
}
MAIL_UP = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture(autouse=True)
def database_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_RETRY_DELAYS = [60, 300]
    settings.TASK_HEARTBEAT_SECONDS = 0


def queue_receipt(to: str = "ola@example.no") -> None:
    queue_email(
        to=[to],
        template_prefix="henvendelser/email/receipt",
        context={"enquiry": None, "case_url": "https://example.no/sak/x/"},
        language="nb",
    )


def run_worker(worker_id: str = "worker-a") -> None:
    ResilientWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()


def make_due(email: QueuedEmail) -> None:
    DBTaskResult.objects.filter(pk=email.pk).update(run_after=timezone.now())


def test_queue_email__is_in_the_callers_transaction_and_rolls_back_with_it() -> None:
    with transaction.atomic():
        queue_receipt()
        # Already in the queue table inside the transaction: not deferred to on_commit.
        assert QueuedEmail.objects.count() == 1
        transaction.set_rollback(True)
    assert QueuedEmail.objects.count() == 0


def test_failed_send__is_retried_after_each_delay_then_gives_up_with_the_error_kept(
    settings: Any,
) -> None:
    settings.MAILERS = SMTP_DOWN
    queue_receipt()
    before = timezone.now()
    run_worker()

    email = QueuedEmail.objects.get()
    assert email.state == QueuedEmail.State.RETRYING
    assert email.attempts == 1
    assert "ConnectionRefusedError" in email.last_error
    assert (
        before + timedelta(seconds=60) <= email.run_after <= timezone.now() + timedelta(seconds=60)
    )

    make_due(email)
    run_worker()
    email.refresh_from_db()
    assert email.state == QueuedEmail.State.RETRYING
    assert email.attempts == 2
    assert email.run_after >= timezone.now() + timedelta(seconds=290)

    make_due(email)
    run_worker()
    email.refresh_from_db()
    assert email.state == QueuedEmail.State.GAVE_UP
    assert email.attempts == 3
    assert "ConnectionRefusedError" in email.last_error
    assert list(QueuedEmail.objects.undelivered()) == [email]


def test_retry__sends_the_message_id_fixed_when_queued(settings: Any) -> None:
    settings.MAILERS = SMTP_DOWN
    queue_receipt()
    run_worker()
    email = QueuedEmail.objects.get()
    assert email.message_id.startswith("<") and email.message_id.endswith(">")

    settings.MAILERS = MAIL_UP
    make_due(email)
    run_worker()
    email.refresh_from_db()
    assert email.state == QueuedEmail.State.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].message()["Message-ID"] == email.message_id
    assert QueuedEmail.objects.undelivered().count() == 0


def test_task_left_running_by_a_dead_worker__is_taken_again_after_the_lease(
    settings: Any,
) -> None:
    settings.MAILERS = MAIL_UP
    settings.TASK_LEASE_SECONDS = 60
    queue_receipt("dead@example.no")
    queue_receipt("alive@example.no")
    long_ago = timezone.now() - timedelta(seconds=120)
    dead, alive = QueuedEmail.objects.order_by("args_kwargs__kwargs__to")[::-1]
    for email, worker_id in ((dead, "killed-worker"), (alive, "busy-worker")):
        DBTaskResult.objects.filter(pk=email.pk).update(
            status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=[worker_id]
        )
    WorkerHeartbeat.objects.create(worker_id="killed-worker", pid=1, last_seen_at=long_ago)
    WorkerHeartbeat.objects.create(worker_id="busy-worker", pid=2)

    assert reclaim_abandoned_tasks() == 1
    run_worker("new-worker")

    assert QueuedEmail.objects.get(pk=dead.pk).state == QueuedEmail.State.SENT
    assert QueuedEmail.objects.get(pk=alive.pk).state == QueuedEmail.State.SENDING
    assert [message.to for message in mail.outbox] == [["dead@example.no"]]
    assert mail.outbox[0].message()["Message-ID"] == dead.message_id


def test_worker__writes_a_heartbeat() -> None:
    run_worker("beating-worker")
    heartbeat = WorkerHeartbeat.objects.get()
    assert heartbeat.worker_id == "beating-worker"
    assert heartbeat.last_seen_at > timezone.now() - timedelta(minutes=1)


def test_admin__lists_undelivered_mail_and_resends_or_cancels_it(
    admin_client: Any, settings: Any
) -> None:
    settings.MAILERS = SMTP_DOWN
    queue_receipt("first@example.no")
    queue_receipt("second@example.no")
    run_worker()
    url = reverse("admin:frivilligkontor_queuedemail_changelist")

    page = admin_client.get(url).content.decode()
    assert "first@example.no" in page and "second@example.no" in page
    assert "ConnectionRefusedError" in page

    first = QueuedEmail.objects.get(args_kwargs__kwargs__to=["first@example.no"])
    second = QueuedEmail.objects.get(args_kwargs__kwargs__to=["second@example.no"])
    admin_client.post(url, {"action": "resend", "_selected_action": [first.pk]})
    admin_client.post(url, {"action": "cancel", "_selected_action": [second.pk]})

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == QueuedEmail.State.WAITING
    assert first.run_after <= timezone.now()
    assert second.state == QueuedEmail.State.CANCELLED
    assert "ConnectionRefusedError" in second.traceback  # the error is kept
    page = admin_client.get(url).content.decode()
    assert "first@example.no" in page and "second@example.no" not in page

    settings.MAILERS = MAIL_UP
    run_worker()
    assert [message.to for message in mail.outbox] == [["first@example.no"]]


def test_admin__undelivered_mail_is_for_case_officers_not_unit_staff(
    client: Any, django_user_model: Any
) -> None:
    from django.contrib.auth.models import Group

    from frivilligkontor.models import Roles

    url = reverse("admin:frivilligkontor_queuedemail_changelist")
    expected = {Roles.CASE_OFFICERS: 200, Roles.UNIT_STAFF: 403, Roles.CONTENT_EDITORS: 403}
    for role, status in expected.items():
        user = django_user_model.objects.create_user(
            username=role[:20], password="x" * 16, is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        assert client.get(url).status_code == status, role
