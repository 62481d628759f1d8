"""Background tasks shared by the apps."""

from django.core.mail import EmailMultiAlternatives
from django.tasks import task


class EmailCancelled(Exception):  # noqa: N818 - recorded as the reason a mail was not sent
    """Recorded on a mail task that staff cancelled in the admin (it is never sent)."""


@task
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    reply_to: list[str] | None = None,
    attachments: list[list[str]] | None = None,
    headers: dict[str, str] | None = None,
    message_id: str = "",
    html: str = "",
) -> None:
    """Send one e-mail. Arguments are plain JSON so the database queue can hold them.

    `attachments` is a list of [filename, content, mimetype]; `html`, when given, is sent as
    the designed alternative of the plain-text body. `message_id` is fixed when the
    mail is queued, so every retry of this task sends the same Message-ID and mail systems
    can recognise a repeat after a worker died in the middle of sending.
    """
    all_headers = dict(headers or {})
    if message_id:
        all_headers["Message-ID"] = message_id
    message = EmailMultiAlternatives(
        subject=subject, body=body, to=to, reply_to=reply_to or None, headers=all_headers
    )
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()
