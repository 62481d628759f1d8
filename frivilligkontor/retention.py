"""Every kind of personal data the portal holds, how long and why: one registry.

The privacy page lists it, and the commands that remove personal data read their periods
from the same settings the entries name, so the page and the pruning cannot disagree
(tests/frivilligkontor/test_retention.py checks both, and that every model holding
personal data is in an entry). Each app adds its kinds in `<app>/retention.py`
(`PERSONAL_DATA`), found by `frivilligkontor.discovery.app_modules`; the core's own kinds
are below.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from frivilligkontor.discovery import app_modules


@dataclass(frozen=True)
class PersonalData:
    """One kind of personal data. `period` may use %(days)d, the value of `days_setting`;
    `command` is the scheduled command that removes it after that many days."""

    key: str
    what: Any
    period: Any
    why: Any
    models: tuple[str, ...]
    days_setting: str = ""
    command: str = ""

    @property
    def days(self) -> int | None:
        return getattr(settings, self.days_setting) if self.days_setting else None

    def period_text(self) -> str:
        return str(self.period) % {"days": self.days, "hours": settings.AXES_COOLOFF_TIME}


PERSONAL_DATA = [
    PersonalData(
        key="my-cases",
        what=_(
            "“My cases”: the e-mail address a link was asked for, requests to erase, and "
            "the office's look-ups of an address (with the reason given)."
        ),
        period=_(
            "A link works for 30 minutes and is deleted the day after. A request to erase, "
            "and the look-ups, are kept as the record of how we handled your data."
        ),
        why=_("To show you what we hold, and to document that we answered your request."),
        models=(
            "frivilligkontor.AccessLink",
            "frivilligkontor.ErasureRequest",
            "frivilligkontor.OverviewLookup",
        ),
    ),
    PersonalData(
        key="mail-queue",
        what=_("E-mails we send you, while they wait to be sent (address and content)."),
        period=_("Deleted %(days)d days after the e-mail was sent or given up."),
        why=_(
            "So that no e-mail is lost when the mail server is down, and staff can see undelivered mail."
        ),
        models=("frivilligkontor.QueuedEmail", "django_tasks_database.DBTaskResult"),
        days_setting="TASK_RESULT_RETENTION_DAYS",
        command="prune_db_task_results",
    ),
    PersonalData(
        key="directory",
        what=_("An organisation's e-mail address for the directory (never shown publicly)."),
        period=_("As long as the organisation is in the directory."),
        why=_("To relay messages to the organisation and to send it messages from the office."),
        models=("frivilligkontor.Organisation",),
    ),
    PersonalData(
        key="staff",
        what=_(
            "Staff accounts (name, e-mail, username, second-factor device), failed login "
            "attempts (username and network address) and sessions."
        ),
        period=_(
            "Accounts while the person works with the portal. Failed login attempts until "
            "the next successful login, or for the lockout time (%(hours)d h). Sessions "
            "until they expire."
        ),
        why=_("To let staff in, and to keep others out."),
        models=(
            "frivilligkontor.User",
            "otp_totp.TOTPDevice",
            "axes.AccessAttempt",
            "axes.AccessLog",
            "axes.AccessFailureLog",
            "sessions.Session",
            "admin.LogEntry",
        ),
    ),
    PersonalData(
        key="rate-limits",
        what=_("A salted hash of your network address and of e-mail addresses typed into forms."),
        period=_("One hour."),
        why=_("To stop anyone from using the forms to flood an inbox or the office."),
        models=(),
    ),
]


def personal_data() -> list[PersonalData]:
    """Every kind: the apps' first (in INSTALLED_APPS order), then the core's."""
    entries: list[PersonalData] = []
    for _config, module in app_modules("retention", include_core=False):
        entries.extend(getattr(module, "PERSONAL_DATA", []))
    return entries + PERSONAL_DATA
