"""The frivilligkontor role matrix: what each staff role may do in its admin, and that a unit
employee changes only their own unit's rows (tests/role_matrix.py explains the matrix)."""

import pytest

from tests.factories import district
from tests.role_matrix import registered_labels, rights_by_role

pytestmark = pytest.mark.django_db

V, A, C, D = "view", "add", "change", "delete"
NOTHING: set[str] = set()

MATRIX = {
    "frivilligkontor.erasurerequest": {"officer": {V, C}, "editor": NOTHING, "unit": NOTHING},
    "frivilligkontor.organisation": {"officer": {V, C}, "editor": {V, C}, "unit": NOTHING},
    "frivilligkontor.overviewlookup": {"officer": {V, A}, "editor": NOTHING, "unit": NOTHING},
    "frivilligkontor.queuedemail": {"officer": {V, C}, "editor": NOTHING, "unit": NOTHING},
    "frivilligkontor.unit": {"officer": {V}, "editor": {V}, "unit": {V}},
    "frivilligkontor.user": {"officer": NOTHING, "editor": NOTHING, "unit": NOTHING},
}


def test_the_matrix_covers_every_admin_of_the_app():
    assert registered_labels("frivilligkontor") == set(MATRIX)


@pytest.mark.parametrize("label", sorted(MATRIX))
def test_role_matrix(make_staff, label):
    assert rights_by_role(make_staff, label, units=(district("Alna"),)) == MATRIX[label]
