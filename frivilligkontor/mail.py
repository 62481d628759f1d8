"""Queue e-mails rendered in the recipient's language."""

from collections.abc import Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from frivilligkontor.tasks import send_email


def render_email(
    *, template_prefix: str, context: dict[str, Any], language: str
) -> tuple[str, str]:
    """Render `<prefix>_subject.txt` and `<prefix>_body.txt` in `language`."""
    with translation.override(language):
        full_context = {"site_url": settings.SITE_URL, "language": language, **context}
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", full_context).split())
        body = render_to_string(f"{template_prefix}_body.txt", full_context)
    return subject, body


def queue_email(
    *,
    to: Sequence[str],
    template_prefix: str,
    context: dict[str, Any],
    language: str = "nb",
    reply_to: Sequence[str] = (),
    attachments: Sequence[tuple[str, str, str]] = (),
) -> None:
    """Render an e-mail now and send it through the task queue when the transaction commits.

    If mail is down, the change that caused the e-mail is still saved, and the queued
    task is retried by the worker.
    """
    subject, body = render_email(
        template_prefix=template_prefix, context=context, language=language
    )
    transaction.on_commit(
        partial(
            send_email.enqueue,
            to=list(to),
            subject=subject,
            body=body,
            reply_to=list(reply_to),
            attachments=[list(attachment) for attachment in attachments],
        )
    )
