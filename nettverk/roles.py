"""Permissions of the staff roles for events, registrations, meeting places and the directory."""

from frivilligkontor.models import Roles

_EVENT_PERMISSIONS = [
    "nettverk.view_event",
    "nettverk.add_event",
    "nettverk.change_event",
    "nettverk.view_registration",
    "nettverk.change_registration",
    "nettverk.view_meetingplace",
    "nettverk.add_meetingplace",
    "nettverk.change_meetingplace",
]

# Messages and invitations to the directory's organisations (unit staff: own districts).
_OUTREACH_PERMISSIONS = [
    "nettverk.view_outreachmessage",
    "nettverk.add_outreachmessage",
    "nettverk.change_outreachmessage",
    "nettverk.delete_outreachmessage",
    # The record of who a sent message went to, and who was skipped and why (an inline).
    "nettverk.view_outreachrecipient",
]

ROLE_PERMISSIONS = {
    # Frivilligkontoret runs events for the whole city and keeps the directory.
    Roles.CASE_OFFICERS: [
        *_EVENT_PERMISSIONS,
        "nettverk.delete_meetingplace",
        *_OUTREACH_PERMISSIONS,
        "nettverk.view_outreachoptout",
    ],
    Roles.CONTENT_EDITORS: [*_EVENT_PERMISSIONS, "nettverk.delete_meetingplace"],
    # District and agency staff organise their own unit's events (scoped in the admin).
    Roles.UNIT_STAFF: [*_EVENT_PERMISSIONS, *_OUTREACH_PERMISSIONS],
}

# How each model reaches the unit that owns it (frivilligkontor.permissions scopes unit staff).
UNIT_PATHS = {
    "nettverk.Event": "unit",
    "nettverk.MeetingPlace": "unit",
    "nettverk.Registration": "event__unit",
    "nettverk.OutreachMessage": "unit",
    "nettverk.OutreachRecipient": "message__unit",
}
