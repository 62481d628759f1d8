"""Reminder e-mails: deadline reminders and review reminders, idempotent and concurrent."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from frivilligkontor.choices import TargetGroup
from tests.factories import UserFactory
from tests.tilskudd.factories import GrantDeadlineFactory, GrantSchemeFactory, SubscriptionFactory
from tilskudd.models import GrantScheme, ReminderSent, ReviewReminder
from tilskudd.services import remind_stale_schemes, send_deadline_reminders

TODAY = dt.date(2026, 11, 22)


def scheme_with_deadline(days: int, **kwargs) -> GrantScheme:
    scheme = GrantSchemeFactory(**kwargs)
    GrantDeadlineFactory(scheme=scheme, date=TODAY + dt.timedelta(days=days))
    return scheme


@pytest.mark.django_db
def test_deadline_reminder__within_window__sent_once_even_when_run_twice(
    mailoutbox, django_capture_on_commit_callbacks
):
    scheme = scheme_with_deadline(10, name="Aktivitetsmidler")
    subscription = SubscriptionFactory(scheme=scheme, days_before=14)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders(today=TODAY) == 1
        assert send_deadline_reminders(today=TODAY) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders(today=TODAY + dt.timedelta(days=1)) == 0
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [subscription.email]
    assert "Aktivitetsmidler" in message.subject
    assert "Frist om 10 dager, 2. desember" in message.body
    unsubscribe = f"/tilskudd/varsler/avmeld/{subscription.token}/"
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert ReminderSent.objects.filter(subscription=subscription).count() == 1


@pytest.mark.django_db
def test_deadline_reminder__outside_window_unconfirmed_or_unsubscribed__not_sent(
    mailoutbox, django_capture_on_commit_callbacks
):
    far = scheme_with_deadline(20)
    SubscriptionFactory(scheme=far, days_before=14)
    near = scheme_with_deadline(5)
    SubscriptionFactory(scheme=near, confirmed_at=None)
    stopped = SubscriptionFactory(scheme=near)
    stopped.unsubscribe()
    closed = scheme_with_deadline(5, status=GrantScheme.Status.CLOSED_FOR_SEASON)
    SubscriptionFactory(scheme=closed)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders(today=TODAY) == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_deadline_reminder__target_group__one_mail_listing_each_scheme(
    mailoutbox, django_capture_on_commit_callbacks
):
    scheme_with_deadline(3, name="Eldretreff", target_groups=[TargetGroup.SENIORS])
    scheme_with_deadline(6, name="Turgrupper", target_groups=[TargetGroup.SENIORS])
    scheme_with_deadline(6, name="Ungdomsklubb", target_groups=[TargetGroup.CHILDREN_YOUTH])
    SubscriptionFactory(scheme=None, target_group=TargetGroup.SENIORS, days_before=7, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders(today=TODAY) == 1
    body = mailoutbox[0].body
    assert "Eldretreff" in body and "Turgrupper" in body
    assert "Ungdomsklubb" not in body
    assert "Deadline in 3 days, 25 November" in body
    assert "(Seniors)" in body
    assert "/en/tilskudd/varsler/avmeld/" in body
    assert mailoutbox[0].subject == "2 grant deadlines coming up"


@pytest.mark.django_db
def test_deadline_reminder__new_deadline_later__gets_its_own_reminder(
    mailoutbox, django_capture_on_commit_callbacks
):
    scheme = scheme_with_deadline(2)
    SubscriptionFactory(scheme=scheme, days_before=7)
    with django_capture_on_commit_callbacks(execute=True):
        send_deadline_reminders(today=TODAY)
        GrantDeadlineFactory(scheme=scheme, date=TODAY + dt.timedelta(days=30))
        send_deadline_reminders(today=TODAY + dt.timedelta(days=25))
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_send_deadline_reminders_command__runs_and_reports(capsys):
    scheme = scheme_with_deadline(1)
    SubscriptionFactory(scheme=scheme)
    call_command("send_deadline_reminders", "--today", TODAY.isoformat())
    call_command("send_deadline_reminders", "--today", TODAY.isoformat())
    output = capsys.readouterr().out
    assert "Deadline reminders queued: 1" in output
    assert "Deadline reminders queued: 0" in output


@pytest.mark.django_db(transaction=True)
def test_deadline_reminders__two_runs_at_once__send_each_reminder_once():
    scheme = scheme_with_deadline(4)
    for _ in range(5):
        SubscriptionFactory(scheme=scheme)
    results: list[int] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            barrier.wait()
            results.append(send_deadline_reminders(today=TODAY))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 5
    assert ReminderSent.objects.count() == 5
    assert len(mail.outbox) == 5


@pytest.mark.django_db
def test_remind_stale_schemes__mails_the_responsible_editor_once_a_week(
    mailoutbox, django_capture_on_commit_callbacks
):
    editor = UserFactory(is_staff=True, email="kari@oslo.kommune.test", first_name="Kari")
    GrantSchemeFactory(
        name="Gammel ordning",
        responsible_editor=editor,
        last_checked_on=TODAY - dt.timedelta(days=200),
    )
    GrantSchemeFactory(name="Fersk ordning", responsible_editor=editor, last_checked_on=TODAY)
    GrantSchemeFactory(
        name="Uten redaktør",
        responsible_editor=None,
        last_checked_on=TODAY - dt.timedelta(days=365),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_stale_schemes(today=TODAY) == 2
        assert remind_stale_schemes(today=TODAY) == 0
        assert remind_stale_schemes(today=TODAY + dt.timedelta(days=3)) == 0
    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {"kari@oslo.kommune.test", "frivilligkontoret@kul.oslo.kommune.no"}
    body = by_recipient["kari@oslo.kommune.test"].body
    assert "Hei Kari," in body
    assert "Gammel ordning" in body and "Fersk ordning" not in body
    assert "/admin/tilskudd/grantscheme/" in body
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_stale_schemes(today=TODAY + dt.timedelta(days=7)) == 2
    assert ReviewReminder.objects.count() == 4


@pytest.mark.django_db
def test_remind_stale_schemes_command__runs(capsys):
    GrantSchemeFactory(last_checked_on=TODAY - dt.timedelta(days=400))
    call_command("remind_stale_schemes", "--today", TODAY.isoformat())
    assert "Review reminders queued: 1" in capsys.readouterr().out


@pytest.mark.django_db
def test_prune_subscriptions__deletes_old_unconfirmed_and_stopped_only():
    from django.utils import timezone

    from tilskudd.models import Subscription
    from tilskudd.services import prune_subscriptions

    long_ago = timezone.now() - dt.timedelta(days=40)
    active = SubscriptionFactory(created_at=long_ago)
    SubscriptionFactory(created_at=long_ago, confirmed_at=None)
    SubscriptionFactory(unsubscribed_at=long_ago)
    fresh_unconfirmed = SubscriptionFactory(confirmed_at=None)
    recently_stopped = SubscriptionFactory(unsubscribed_at=timezone.now())
    assert prune_subscriptions() == 2
    assert set(Subscription.objects.all()) == {active, fresh_unconfirmed, recently_stopped}
