"""The back office for enquiries: triage list, case page with thread, reply and history;
guidance articles and standard answers."""

from henvendelser.admin import content, enquiries  # noqa: F401
