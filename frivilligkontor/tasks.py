"""Background tasks shared by the apps."""

from django.core.mail import EmailMessage
from django.tasks import task


@task
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    reply_to: list[str] | None = None,
    attachments: list[list[str]] | None = None,
) -> None:
    """Send one e-mail. Arguments are plain JSON so the database queue can hold them.

    `attachments` is a list of [filename, content, mimetype].
    """
    message = EmailMessage(subject=subject, body=body, to=to, reply_to=reply_to or None)
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()
