"""Permissions for the staff roles (synced after every migrate by frivilligkontor.roles)."""

from frivilligkontor.models import Roles

ROLE_PERMISSIONS = {
    Roles.CASE_OFFICERS: [
        "henvendelser.view_enquiry",
        "henvendelser.change_enquiry",
        "henvendelser.view_enquirymessage",
        "henvendelser.view_standardanswer",
        "henvendelser.add_standardanswer",
        "henvendelser.change_standardanswer",
        "henvendelser.view_guidancearticle",
        "henvendelser.view_casefeedback",
        "henvendelser.view_articlefeedback",
        "lokaler.view_venue",
        "tilskudd.view_grantscheme",
    ],
    Roles.CONTENT_EDITORS: [
        "henvendelser.view_guidancearticle",
        "henvendelser.add_guidancearticle",
        "henvendelser.change_guidancearticle",
        "henvendelser.delete_guidancearticle",
        "henvendelser.view_articlefeedback",
        "henvendelser.view_standardanswer",
        "henvendelser.add_standardanswer",
        "henvendelser.change_standardanswer",
    ],
    # Unit staff see and answer only cases forwarded to their own unit (admin scoping).
    Roles.UNIT_STAFF: [
        "henvendelser.view_enquiry",
        "henvendelser.change_enquiry",
        "henvendelser.view_standardanswer",
    ],
}

# Unit staff see only the cases forwarded to their own unit.
UNIT_PATHS = {"henvendelser.Enquiry": "assigned_unit"}
