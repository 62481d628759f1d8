"""Permissions of the staff roles for grant schemes (synced after every migrate)."""

from frivilligkontor.models import Roles

_SCHEME_EDITING = [
    "tilskudd.view_grantscheme",
    "tilskudd.add_grantscheme",
    "tilskudd.change_grantscheme",
    "tilskudd.view_grantdeadline",
    "tilskudd.add_grantdeadline",
    "tilskudd.change_grantdeadline",
    "tilskudd.delete_grantdeadline",
]

ROLE_PERMISSIONS = {
    # Frivilligkontoret's editors own the catalogue's quality: every scheme, the reminders.
    # (No pghistory.view_events: each object's history is shown on its own page, to those
    # who may see the object; the cross-model audit list is for superusers.)
    Roles.CONTENT_EDITORS: [
        *_SCHEME_EDITING,
        "tilskudd.delete_grantscheme",
        "tilskudd.view_subscription",
        "tilskudd.change_subscription",
        "tilskudd.view_remindersent",
    ],
    # Bydel and etat staff keep their own unit's schemes correct (scoped in the admin).
    Roles.UNIT_STAFF: [*_SCHEME_EDITING],
    # Case officers answer questions about schemes.
    Roles.CASE_OFFICERS: ["tilskudd.view_grantscheme", "tilskudd.view_grantdeadline"],
}

# How each model reaches the unit that owns it (frivilligkontor.permissions scopes unit staff).
UNIT_PATHS = {
    "tilskudd.GrantScheme": "owner",
    "tilskudd.GrantDeadline": "scheme__owner",
}
