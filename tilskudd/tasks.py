"""E-mail with one-click unsubscribe headers (RFC 8058), which the core's send_email lacks."""

from django.core.mail import EmailMessage
from django.tasks import task


@task
def send_list_email(*, to: list[str], subject: str, body: str, unsubscribe_url: str) -> None:
    """Send a reminder that mail clients can unsubscribe from with one click."""
    message = EmailMessage(
        subject=subject,
        body=body,
        to=to,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.send()
