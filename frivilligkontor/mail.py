"""Queue e-mails rendered in the recipient's language."""

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import make_msgid
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
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


def render_html_body(*, template_prefix: str, context: dict[str, Any], language: str) -> str:
    """`<prefix>_body.html` in `language`, or "" when the mail has no designed version.

    A designed mail extends `emails/base.html` (the portal's header, colours and footer);
    it is sent as an HTML alternative beside the plain text, which stays complete on its
    own for readers that show text only."""
    try:
        template = get_template(f"{template_prefix}_body.html")
    except TemplateDoesNotExist:
        return ""
    with translation.override(language):
        return template.render({"site_url": settings.SITE_URL, "language": language, **context})


def queue_email(
    *,
    to: Sequence[str],
    template_prefix: str,
    context: dict[str, Any],
    language: str = "nb",
    reply_to: Sequence[str] = (),
    attachments: Sequence[tuple[str, str, str]] = (),
    headers: Mapping[str, str] | None = None,
) -> None:
    """Render an e-mail now and queue it for sending, inside the caller's transaction.

    The task row lives in the same PostgreSQL as the change that causes the e-mail, so
    both commit or roll back together (a transactional outbox): a saved change always has
    its mail queued, and a rolled-back one never sends. The worker retries sending with
    backoff (TASK_RETRY_DELAYS) and keeps one Message-ID across the retries.
    """
    subject, body = render_email(
        template_prefix=template_prefix, context=context, language=language
    )
    html = render_html_body(template_prefix=template_prefix, context=context, language=language)
    send_email.enqueue(
        to=list(to),
        subject=subject,
        body=body,
        **({"html": html} if html else {}),
        reply_to=list(reply_to),
        attachments=[list(attachment) for attachment in attachments],
        headers=dict(headers or {}),
        message_id=make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost"),
    )
