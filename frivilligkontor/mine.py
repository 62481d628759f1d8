"""«Mine saker»: everything the office holds for one e-mail address, without a password.

A person asks for a link at /mine-saker/. The answer is always the same, and the work is
done in the task queue: only when some app holds something for the address is a one-use
link sent, valid for LINK_VALID; opening it starts a session of SESSION_LENGTH for that
address. Requests are limited per sender and per recipient (the portal's one form limit).

Each app may have a module `<app>/mine.py` with

- ``held_for(*, email: str) -> list[HeldSection]``: what it holds for the address (matched
  without regard to case), each record linking to its existing page (the secret links keep
  working) and saying what is kept after a request to erase, and why.

The core finds them through `frivilligkontor.discovery.app_modules`, so it imports no app.
"""

import datetime
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from frivilligkontor.discovery import app_modules
from frivilligkontor.links import absolute_url, site_url
from frivilligkontor.mail import queue_email
from frivilligkontor.mine_models import AccessLink, ErasureRequest, OverviewLookup
from frivilligkontor.throttle import form_limit_reached

LINK_VALID = datetime.timedelta(minutes=30)
SESSION_LENGTH = datetime.timedelta(hours=3)
SESSION_KEY = "mine_saker"


@dataclass(frozen=True)
class HeldField:
    """One piece of data held, for the export: a stable key, a translated label, the value."""

    key: str
    label: str
    value: Any


@dataclass(frozen=True)
class HeldRecord:
    title: str
    url: str  # the record's existing page (its secret link)
    status: str = ""
    when: str = ""
    details: tuple[str, ...] = ()
    action: str = ""  # "Cancel", "Unsubscribe", "Edit" … on the existing page
    fields: tuple[HeldField, ...] = ()


@dataclass(frozen=True)
class HeldSection:
    key: str  # stable, for the export ("enquiries", "registrations", …)
    title: str
    records: tuple[HeldRecord, ...]
    kept: str = ""  # what is kept after a request to erase, and why
    extra: dict[str, Any] = field(default_factory=dict)


def normalise(email: str) -> str:
    return email.strip().lower()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def fields_of(instance: models.Model, names: list[str]) -> tuple[HeldField, ...]:
    """The named model fields of `instance`, with their verbose names and display values."""
    result = []
    for name in names:
        model_field = instance._meta.get_field(name)
        if getattr(model_field, "choices", None):
            value = getattr(instance, f"get_{name}_display")()
        else:
            value = getattr(instance, name)
        # Kept as it is: the JSON export writes it as text (_plain), the readable one as
        # people write dates (_readable).
        result.append(HeldField(name, str(model_field.verbose_name), value))
    return tuple(result)


def held_for(email: str) -> list[HeldSection]:
    """What every app holds for `email`; sections with no records are left out."""
    email = normalise(email)
    sections: list[HeldSection] = []
    if not email:
        return sections
    for _config, module in app_modules("mine", include_core=False):
        function = getattr(module, "held_for", None)
        if function is not None:
            sections.extend(section for section in function(email=email) if section.records)
    return sections


# --- Asking for a link ---------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_link(*, request: HttpRequest, email: str, language: str) -> bool:
    """Ask for a link to `email`'s overview. False when the portal's one form limit is
    reached (per sender address and per e-mail address, frivilligkontor.throttle).

    Every request counts the same whether or not anything is held, so the answer reveals
    nothing: whether anything is held is found out in the task queue.
    """
    email = normalise(email)
    if form_limit_reached(request, form="mine-link", email=email):
        return False
    send_access_link.enqueue(email=email, language=language)
    return True


@task
def send_access_link(*, email: str, language: str) -> None:
    """E-mail a one-use link to `email`, but only if some app holds something for it."""
    with translation.override(language):
        if not held_for(email):
            return
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        AccessLink.objects.filter(expires_at__lt=now - datetime.timedelta(days=1)).delete()
        AccessLink.objects.create(
            email=email,
            token_hash=_token_hash(token),
            language=language,
            created_at=now,
            expires_at=now + LINK_VALID,
        )
        link = absolute_url("mine_open", language=language, token=token)
        queue_email(
            to=[email],
            template_prefix="mine/email/access_link",
            context={
                "link": link,
                "minutes": int(LINK_VALID.total_seconds() // 60),
                "hours": int(SESSION_LENGTH.total_seconds() // 3600),
            },
            language=language,
        )


def link_is_usable(token: str) -> bool:
    now = timezone.now()
    return AccessLink.objects.filter(
        token_hash=_token_hash(token), used_at__isnull=True, expires_at__gt=now
    ).exists()


@transaction.atomic
def open_link(*, request: HttpRequest, token: str) -> bool:
    """Use the link once: the browser gets a session for the address for SESSION_LENGTH."""
    now = timezone.now()
    link = (
        AccessLink.objects.select_for_update()
        .filter(token_hash=_token_hash(token), used_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if link is None:
        return False
    link.used_at = now
    link.save(update_fields=["used_at"])
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "email": link.email,
        "until": (now + SESSION_LENGTH).isoformat(),
    }
    return True


def session_email(request: HttpRequest) -> str | None:
    """The address this browser may see the overview of, while the session lasts."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    try:
        until = datetime.datetime.fromisoformat(data["until"])
    except (KeyError, TypeError, ValueError):
        return None
    if until <= timezone.now():
        request.session.pop(SESSION_KEY, None)
        return None
    return data.get("email") or None


def end_session(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


# --- Export and erasure --------------------------------------------------------------


def export_data(email: str) -> dict[str, Any]:
    """Everything held for `email`, machine-readable (stable keys, values as text/ISO dates)."""
    sections = held_for(email)
    return {
        "email": normalise(email),
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "sections": {
            section.key: [
                {
                    "title": record.title,
                    "status": record.status,
                    "link": site_url(record.url),
                    **{held.key: _plain(held.value) for held in record.fields},
                }
                for record in section.records
            ]
            for section in sections
        },
    }


def export_json(email: str) -> str:
    return json.dumps(export_data(email), ensure_ascii=False, indent=2)


def _readable_span(start: datetime.datetime, end: datetime.datetime) -> str:
    """ "30.11.2026 14:00–16:00" in Oslo time; both dates when it runs past midnight."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    if end.date() == start.date():
        return f"{start:%d.%m.%Y %H:%M}–{end:%H:%M}"
    return f"{start:%d.%m.%Y %H:%M} – {end:%d.%m.%Y %H:%M}"


def _readable(value: Any) -> str:
    """A value as a person reads it: dates as 30.11.2026 14:00 (Oslo time), yes/no, lists
    joined; a record with a "from" and a "to" time as one span, 30.11.2026 14:00–16:00."""
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d.%m.%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):
        start, end = value.get("from"), value.get("to")
        if isinstance(start, datetime.datetime) and isinstance(end, datetime.datetime):
            rest = {key: item for key, item in value.items() if key not in ("from", "to")}
            value = {"from": _readable_span(start, end), **rest}
        return " · ".join(_readable(item) for item in value.values() if item not in ("", None))
    if isinstance(value, list | tuple):
        return ", ".join(_readable(item) for item in value)
    return "" if value is None else str(value)


def export_text(email: str) -> str:
    """The same as the JSON export, readable: headings, and a label and value on each line."""
    lines = [
        _("What Frivilligkontoret in Oslo kommune holds for %(email)s") % {"email": email},
        _("Exported %(when)s") % {"when": timezone.localtime().strftime("%d.%m.%Y %H:%M")},
        "",
    ]
    status_label, link_label = _("Status"), _("Link")
    kept_label = _("Kept after a request to erase")
    sections = held_for(email)
    if not sections:
        lines.append(_("Nothing is registered for this address."))
    for section in sections:
        lines += [section.title, "=" * len(section.title), ""]
        for record in section.records:
            lines.append(record.title)
            if record.status:
                lines.append(f"  {status_label}: {record.status}")
            for held in record.fields:
                value = held.value
                if isinstance(value, list) and any(isinstance(item, dict) for item in value):
                    # A list of records (messages, times): one indented line each.
                    text = "".join(f"\n- {_readable(item)}" for item in value)
                else:
                    text = _readable(value)
                if not text:
                    continue
                text = text.replace("\n", "\n    ")
                lines.append(f"  {held.label}: {text}")
            lines.append(f"  {link_label}: {site_url(record.url)}")
            lines.append("")
        if section.kept:
            lines += [f"{kept_label}: {section.kept}", ""]
    return "\n".join(lines) + "\n"


def open_erasure(email: str) -> ErasureRequest | None:
    """The address's request to erase that the office has not handled yet, if any."""
    return ErasureRequest.objects.open().filter(email__iexact=normalise(email)).first()


@transaction.atomic
def request_erasure(*, email: str, language: str) -> tuple[ErasureRequest, bool]:
    """Ask the office to erase what the law allows. One open request per address; the office
    is told by e-mail. Returns the request and whether it is new."""
    email = normalise(email)
    existing = ErasureRequest.objects.open().filter(email__iexact=email).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    try:
        with transaction.atomic():
            erasure = ErasureRequest.objects.create(
                email=email,
                language=language,
                created_at=now,
                due_on=ErasureRequest.due_date_for(now),
            )
    except IntegrityError:  # asked twice at the same moment: the other one is the request
        return ErasureRequest.objects.open().get(email__iexact=email), False
    queue_email(
        to=[settings.OFFICE_EMAIL],
        template_prefix="mine/email/erasure_requested",
        context={"erasure": erasure},
        language="nb",
    )
    return erasure, True


@transaction.atomic
def handle_erasure(*, erasure: ErasureRequest, by: models.Model, note: str) -> bool:
    """Mark a request to erase as handled and e-mail the person the officer's answer (what
    was erased, what is kept and why), in the language they asked in. False when someone
    else handled it first (the row is locked, so the person gets one answer)."""
    erasure = ErasureRequest.objects.select_for_update().get(pk=erasure.pk)
    if not erasure.is_open:
        return False
    erasure.mark_done(by=by, note=note)
    queue_email(
        to=[erasure.email],
        template_prefix="mine/email/erasure_handled",
        context={"erasure": erasure},
        language=erasure.language,
        reply_to=[settings.OFFICE_EMAIL],
    )
    return True


@transaction.atomic
def staff_overview(*, staff: models.Model, email: str, reason: str) -> list[HeldSection]:
    """The overview of `email` for a staff member; every look-up is recorded."""
    OverviewLookup.objects.create(staff=staff, email=normalise(email), reason=reason)
    return held_for(email)
