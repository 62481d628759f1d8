"""The back office for events, registrations, meeting places and the directory.

Organisers (unit staff) see only their own unit's events (frivilligkontor.admin.base);
Frivilligkontoret staff see everything. Every action calls the same services as the
public pages."""

from nettverk.admin import (  # noqa: F401
    events,
    meeting_places,
    organisations,
    outreach,
    registrations,
)
