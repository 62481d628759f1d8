"""Who may see what in the back office: the role matrix, the permission resolver, and the
audit trail by need (history only for those who may see the object itself)."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frivilligkontor import permissions
from frivilligkontor.models import Roles
from frivilligkontor.roles import declared_permissions
from tests.factories import district
from tests.henvendelser.factories import EnquiryFactory
from tests.lokaler.factories import RoomFactory, VenueFactory
from tests.tilskudd.factories import GrantSchemeFactory

pytestmark = pytest.mark.django_db

ROLES = {
    "officer": Roles.CASE_OFFICERS,
    "editor": Roles.CONTENT_EDITORS,
    "unit": Roles.UNIT_STAFF,
}

# model → the roles that may open its list in the admin (superusers open every list).
MAY_SEE_LIST = {
    "frivilligkontor.erasurerequest": {"officer"},
    "frivilligkontor.organisation": {"officer", "editor"},
    "frivilligkontor.overviewlookup": {"officer"},
    "frivilligkontor.queuedemail": {"officer"},
    "nettverk.outreachmessage": {"officer", "unit"},
    "nettverk.outreachoptout": {"officer"},
    "frivilligkontor.unit": {"officer", "editor", "unit"},
    "frivilligkontor.user": set(),
    "henvendelser.articlefeedback": {"officer", "editor"},
    "henvendelser.enquiry": {"officer", "unit"},
    "henvendelser.enquirymessage": {"officer"},
    "henvendelser.guidancearticle": {"officer", "editor"},
    "henvendelser.standardanswer": {"officer", "editor", "unit"},
    "lokaler.bookingoccurrence": {"officer", "unit"},
    "lokaler.bookingrequest": {"officer", "unit"},
    "lokaler.lendingwindow": {"officer", "editor", "unit"},
    "lokaler.pricetable": {"officer", "unit"},
    "lokaler.room": {"officer", "editor", "unit"},
    "lokaler.seasonapplication": {"officer", "unit"},
    "lokaler.seasonround": {"officer", "unit"},
    "lokaler.venue": {"officer", "editor", "unit"},
    "lokaler.windowexception": {"officer", "editor", "unit"},
    "nettverk.event": {"officer", "editor", "unit"},
    "nettverk.meetingplace": {"officer", "editor", "unit"},
    "nettverk.registration": {"officer", "editor", "unit"},
    "tilskudd.grantscheme": {"officer", "editor", "unit"},
    "tilskudd.remindersent": {"editor"},
    "tilskudd.subscription": {"editor"},
}


def test_every_permission_named_in_a_roles_module_exists():
    existing = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    unknown = {
        (role, name)
        for role, names in declared_permissions().items()
        for name in names
        if name not in existing
    }
    assert not unknown


def test_every_admin_of_the_portal_is_in_the_role_matrix():
    registered = {
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label
        in {"frivilligkontor", "henvendelser", "lokaler", "nettverk", "tilskudd"}
    }
    assert registered == set(MAY_SEE_LIST)


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize("label", sorted(MAY_SEE_LIST))
def test_role_matrix__admin_list_by_role(client, make_staff, role, label):
    client.force_login(make_staff(ROLES[role], units=(district("Alna"),)))
    app_label, model_name = label.split(".")
    response = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert response.status_code == (200 if role in MAY_SEE_LIST[label] else 403)


def test_roles_and_units__are_read_once_per_request(client, make_staff):
    """Before, each admin page asked the database for the user's groups a dozen times."""
    alna = district("Alna")
    RoomFactory(venue=VenueFactory(unit=alna))
    client.force_login(make_staff(Roles.UNIT_STAFF, units=(alna,)))
    url = reverse("admin:lokaler_venue_change", args=[VenueFactory(unit=alna).pk])
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    sql = [query["sql"] for query in context.captured_queries]
    group_reads = 'FROM "auth_group" INNER JOIN "frivilligkontor_user_groups"'
    assert sum(group_reads in statement for statement in sql) == 1
    assert sum('FROM "frivilligkontor_unit" INNER JOIN' in statement for statement in sql) <= 1


def test_permission_resolver__unit_staff_manage_only_their_own_units_rows(make_staff):
    alna, frogner = district("Alna"), district("Frogner")
    own = RoomFactory(venue=VenueFactory(unit=alna))
    other = RoomFactory(venue=VenueFactory(unit=frogner))
    staff = make_staff(Roles.UNIT_STAFF, units=(alna,))
    officer = make_staff(Roles.CASE_OFFICERS)
    assert permissions.can_manage(staff, own)
    assert not permissions.can_manage(staff, other)
    assert permissions.can_view(officer, other)
    assert not permissions.can_manage(officer, other)  # officers look, venue owners change
    assert permissions.unit_path_for(type(own)) == "venue__unit"
    assert set(permissions.scope(staff, type(own).objects.all())) == {own}


# --- The audit trail by need ------------------------------------------------------------


@pytest.fixture
def tracked(make_staff):
    alna, frogner = district("Alna"), district("Frogner")
    enquiry = EnquiryFactory(assigned_unit=alna, email="privat@example.org")
    return {
        "enquiry": reverse("admin:henvendelser_enquiry_change", args=[enquiry.pk]),
        "venue": reverse("admin:lokaler_venue_change", args=[VenueFactory(unit=alna).pk]),
        "scheme": reverse(
            "admin:tilskudd_grantscheme_change", args=[GrantSchemeFactory(owner=alna).pk]
        ),
        "audit list": reverse("admin:pghistory_events_changelist")
        + f"?obj=henvendelser.enquiry:{enquiry.pk}",
        "users": {
            "officer": make_staff(Roles.CASE_OFFICERS),
            "editor": make_staff(Roles.CONTENT_EDITORS),
            "alna": make_staff(Roles.UNIT_STAFF, units=(alna,)),
            "frogner": make_staff(Roles.UNIT_STAFF, units=(frogner,)),
            "superuser": make_staff(superuser=True),
        },
    }


@pytest.mark.parametrize(
    ("user", "page", "sees_history"),
    [
        ("officer", "enquiry", True),
        ("alna", "enquiry", True),
        ("frogner", "enquiry", False),
        ("editor", "enquiry", False),
        ("officer", "venue", True),
        ("editor", "venue", True),
        ("alna", "venue", True),
        ("frogner", "venue", False),
        ("officer", "scheme", True),
        ("editor", "scheme", True),
        ("alna", "scheme", True),
        ("frogner", "scheme", False),
        ("officer", "audit list", False),
        ("editor", "audit list", False),
        ("alna", "audit list", False),
        ("frogner", "audit list", False),
        ("superuser", "audit list", True),
    ],
)
def test_history__is_shown_only_to_those_who_may_see_the_object(
    client, tracked, user, page, sees_history
):
    client.force_login(tracked["users"][user])
    response = client.get(tracked[page])
    html = response.content.decode() if response.status_code == 200 else ""
    if sees_history:
        assert response.status_code == 200
        if page != "audit list":
            assert "Hva ble endret" in html or "Ingen endringer registrert ennå" in html
    else:
        assert response.status_code in (302, 403)
        assert "privat@example.org" not in html
