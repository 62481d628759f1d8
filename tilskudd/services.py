"""Workflows of the grant catalogue: subscriptions, deadline reminders, review reminders."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext

from frivilligkontor.links import absolute_url, site_url
from frivilligkontor.mail import queue_email
from frivilligkontor.models import User
from tilskudd.models import (
    GrantScheme,
    ReminderSent,
    ReviewReminder,
    Subscription,
)

# Deadlines shown on the front page and in upcoming(): this many days ahead.
UPCOMING_DAYS = 42
# Subscribing the same address again within this time sends no new e-mail, so the form
# cannot be used to flood someone's inbox.
RESEND_AFTER = dt.timedelta(minutes=10)
# An editor is reminded about the same stale scheme at most once in this many days.
REVIEW_REMINDER_INTERVAL_DAYS = 7


def short_date(day: dt.date, today: dt.date) -> str:
    """'1. mars' / '1 March', with the year when it is not this year."""
    if day.year == today.year:
        return date_format(day, pgettext("day and month", "j F"))
    return date_format(day, pgettext("day, month and year", "j F Y"))


def describe_deadline(day: dt.date, today: dt.date) -> str:
    """The next deadline in plain words: 'frist om 12 dager, 1. mars'."""
    days = (day - today).days
    when = short_date(day, today)
    if days == 0:
        return gettext("deadline today, %(date)s") % {"date": when}
    if days == 1:
        return gettext("deadline tomorrow, %(date)s") % {"date": when}
    return ngettext(
        "deadline in %(days)d day, %(date)s",
        "deadline in %(days)d days, %(date)s",
        days,
    ) % {"days": days, "date": when}


@transaction.atomic
def subscribe(
    *,
    email: str,
    scheme: GrantScheme | None = None,
    target_group: str = "",
    days_before: int,
    language: str,
) -> Subscription:
    """Ask for deadline reminders; sends the confirmation e-mail (double opt-in).

    Subscribing again is harmless: an unconfirmed or cancelled subscription gets a new
    confirmation e-mail, a confirmed one keeps going with the new number of days. The
    page says the same in every case, so it never reveals who has subscribed. Within
    RESEND_AFTER of the last e-mail no new one is sent, so nobody can flood an inbox.
    """
    email = email.strip().lower()
    lookup = {"scheme": scheme} if scheme is not None else {"target_group": target_group}
    existing = (
        Subscription.objects.select_for_update().filter(email__iexact=email, **lookup).first()
    )
    if existing is None:
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(
                    email=email,
                    days_before=days_before,
                    language=language,
                    **lookup,
                )
        except IntegrityError:  # someone subscribed the same address a moment ago
            subscription = Subscription.objects.select_for_update().get(
                email__iexact=email, **lookup
            )
    else:
        subscription = existing
    now = timezone.now()
    recently_emailed = (
        subscription.last_emailed_at is not None
        and now - subscription.last_emailed_at < RESEND_AFTER
    )
    subscription.days_before = days_before
    subscription.language = language
    if not recently_emailed:
        subscription.last_emailed_at = now
    subscription.save(update_fields=["days_before", "language", "last_emailed_at"])
    if recently_emailed:
        return subscription
    with translation.override(language):
        subject = subscription.subject_display()
    template = (
        "tilskudd/email/already_subscribed"
        if subscription.is_active
        else "tilskudd/email/confirm_subscription"
    )
    queue_email(
        to=[subscription.email],
        template_prefix=template,
        context={
            "subscription": subscription,
            "subject": subject,
            "confirm_url": absolute_url(
                "tilskudd:subscription_confirm", language=language, token=subscription.token
            ),
            "unsubscribe_url": absolute_url(
                "tilskudd:subscription_unsubscribe", language=language, token=subscription.token
            ),
        },
        language=language,
    )
    return subscription


@dataclass(frozen=True)
class DueReminder:
    scheme: GrantScheme
    deadline_on: dt.date


def _due_reminders(
    subscription: Subscription,
    schemes_by_group: dict[str, list[GrantScheme]],
    schemes_by_id: dict[int, GrantScheme],
    today: dt.date,
) -> list[DueReminder]:
    if subscription.scheme_id:
        scheme = schemes_by_id.get(subscription.scheme_id)
        schemes = [scheme] if scheme is not None else []
    else:
        schemes = schemes_by_group.get(subscription.target_group, [])
    last_day = today + dt.timedelta(days=subscription.days_before)
    due = []
    for scheme in schemes:
        for occurrence, _deadline in scheme.upcoming_deadlines(today):
            if occurrence <= last_day:
                due.append(DueReminder(scheme=scheme, deadline_on=occurrence))
    return sorted(due, key=lambda item: (item.deadline_on, item.scheme.name))


def send_deadline_reminders(*, today: dt.date | None = None) -> int:
    """Send each active subscription one e-mail about deadlines within its reminder window.

    Idempotent: every (subscription, scheme, deadline) is recorded in ReminderSent under a
    unique constraint before the e-mail is queued, in the same transaction, so a second run,
    or an overlapping one, sends nothing twice. Returns the number of e-mails queued.
    """
    today = today or timezone.localdate()
    schemes = list(
        GrantScheme.objects.filter(status=GrantScheme.Status.ACTIVE)
        .select_related("owner")
        .prefetch_related("deadlines")
    )
    schemes_by_id = {scheme.pk: scheme for scheme in schemes}
    schemes_by_group: dict[str, list[GrantScheme]] = defaultdict(list)
    for scheme in schemes:
        for group in scheme.target_groups:
            schemes_by_group[group].append(scheme)
    sent = 0
    for subscription in Subscription.objects.active().iterator():
        due = _due_reminders(subscription, schemes_by_group, schemes_by_id, today)
        if due and _send_reminder(subscription=subscription, due=due, today=today):
            sent += 1
    return sent


@transaction.atomic
def _send_reminder(*, subscription: Subscription, due: list[DueReminder], today: dt.date) -> bool:
    new = []
    for item in due:
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    subscription=subscription, scheme=item.scheme, deadline_on=item.deadline_on
                )
        except IntegrityError:
            continue  # already reminded about this deadline
        new.append(item)
    if not new:
        return False
    language = subscription.language
    unsubscribe_url = absolute_url(
        "tilskudd:subscription_unsubscribe", language=language, token=subscription.token
    )
    with translation.override(language):
        lines = [
            {
                "name": item.scheme.name,
                "owner": item.scheme.owner.name,
                "when": describe_deadline(item.deadline_on, today),
                "url": site_url(item.scheme.get_absolute_url()),
                "application_url": item.scheme.application_url,
            }
            for item in new
        ]
        about = subscription.subject_display()
    # One-click unsubscribe (RFC 8058) for mail clients, and no auto-replies.
    queue_email(
        to=[subscription.email],
        template_prefix="tilskudd/email/deadline_reminder",
        context={
            "subscription": subscription,
            "subject": about,
            "lines": lines,
            "unsubscribe_url": unsubscribe_url,
        },
        language=language,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    return True


def remind_stale_schemes(*, today: dt.date | None = None) -> int:
    """E-mail each responsible editor the schemes past their review date.

    Schemes without an editor go to the office's address. A scheme is mentioned at most
    once every REVIEW_REMINDER_INTERVAL_DAYS days, so running the command twice does no
    harm. Returns the number of e-mails queued.
    """
    today = today or timezone.localdate()
    recently = today - dt.timedelta(days=REVIEW_REMINDER_INTERVAL_DAYS - 1)
    stale = (
        GrantScheme.objects.past_review_date(today)
        .exclude(review_reminders__sent_on__gte=recently)
        .select_related("owner", "responsible_editor")
        .order_by("review_due_on", "name")
    )
    by_recipient: dict[str, list[GrantScheme]] = defaultdict(list)
    editors: dict[str, User | None] = {}
    for scheme in stale:
        editor = scheme.responsible_editor
        address = editor.email if editor is not None and editor.email else settings.OFFICE_EMAIL
        by_recipient[address].append(scheme)
        editors.setdefault(address, editor)
    sent = 0
    for address, schemes in by_recipient.items():
        if _send_review_reminder(
            address=address, editor=editors[address], schemes=schemes, today=today
        ):
            sent += 1
    return sent


@transaction.atomic
def _send_review_reminder(
    *, address: str, editor: User | None, schemes: list[GrantScheme], today: dt.date
) -> bool:
    remind = []
    for scheme in schemes:
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(scheme=scheme, sent_on=today, recipient=address)
        except IntegrityError:
            continue
        remind.append(scheme)
    if not remind:
        return False
    with translation.override("nb"):
        items = [
            {
                "name": scheme.name,
                "owner": scheme.owner.name,
                "last_checked_on": scheme.last_checked_on,
                "review_due_on": scheme.review_due_date,
                "admin_url": absolute_url("admin:tilskudd_grantscheme_change", args=[scheme.pk]),
            }
            for scheme in remind
        ]
        list_url = absolute_url("admin:tilskudd_grantscheme_changelist", query="review=past")
    queue_email(
        to=[address],
        template_prefix="tilskudd/email/stale_schemes",
        context={"editor": editor, "items": items, "list_url": list_url},
        language="nb",
    )
    return True


def prune_subscriptions(*, today: dt.date | None = None) -> int:
    """Delete subscriptions never confirmed or stopped more than SUBSCRIPTION_RETENTION_DAYS
    (a setting) ago (privacy: the address was only ever needed for the reminders). Returns
    the count."""
    today = today or timezone.localdate()
    cutoff = timezone.make_aware(
        dt.datetime.combine(
            today - dt.timedelta(days=settings.SUBSCRIPTION_RETENTION_DAYS), dt.time()
        )
    )
    _total, by_model = Subscription.objects.filter(
        Q(confirmed_at__isnull=True, created_at__lt=cutoff) | Q(unsubscribed_at__lt=cutoff)
    ).delete()
    return by_model.get(Subscription._meta.label, 0)
