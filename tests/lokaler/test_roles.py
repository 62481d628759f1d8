"""The lokaler role matrix: what each staff role may do in its admin, and that a unit
employee changes only their own unit's rows (tests/role_matrix.py explains the matrix)."""

import pytest

from frivilligkontor import permissions
from frivilligkontor.models import Roles
from tests.factories import district
from tests.lokaler.factories import VenueFactory
from tests.role_matrix import admin_rights, registered_labels, rights_by_role

pytestmark = pytest.mark.django_db

V, A, C, D = "view", "add", "change", "delete"
NOTHING: set[str] = set()

MATRIX = {
    "lokaler.bookingoccurrence": {"officer": {V}, "editor": NOTHING, "unit": {V, C}},
    "lokaler.bookingrequest": {"officer": {V}, "editor": NOTHING, "unit": {V, C}},
    "lokaler.lendingwindow": {"officer": {V}, "editor": {V}, "unit": {V, A, C, D}},
    "lokaler.pricetable": {"officer": {V, A, C}, "editor": NOTHING, "unit": {V}},
    "lokaler.room": {"officer": {V}, "editor": {V}, "unit": {V, A, C, D}},
    "lokaler.seasonapplication": {"officer": {V}, "editor": NOTHING, "unit": {V}},
    "lokaler.seasonround": {"officer": {V}, "editor": NOTHING, "unit": {V, A, C}},
    "lokaler.venue": {"officer": {V}, "editor": {V, C}, "unit": {V, A, C, D}},
    "lokaler.windowexception": {"officer": {V}, "editor": {V}, "unit": {V, A, C, D}},
}


def test_the_matrix_covers_every_admin_of_the_app():
    assert registered_labels("lokaler") == set(MATRIX)


@pytest.mark.parametrize("label", sorted(MATRIX))
def test_role_matrix(make_staff, label):
    assert rights_by_role(make_staff, label, units=(district("Alna"),)) == MATRIX[label]


def test_unit_staff_change_their_own_units_rows_and_only_look_at_others(make_staff):
    alna, frogner = district("Alna"), district("Frogner")
    staff = make_staff(Roles.UNIT_STAFF, units=(alna,))
    own, other = VenueFactory(unit=alna), VenueFactory(unit=frogner)
    assert permissions.can_manage(staff, own)
    assert not permissions.can_manage(staff, other)
    assert "change" in admin_rights(staff, "lokaler.venue", own)
    assert "view" in admin_rights(make_staff(Roles.CASE_OFFICERS), "lokaler.venue", other)
    assert "change" not in admin_rights(staff, "lokaler.venue", other)
