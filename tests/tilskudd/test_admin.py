"""The back office: validation messages, who may do what, stale schemes, "checked today"."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from frivilligkontor.models import Roles
from tests.factories import UnitFactory, district
from tests.tilskudd.factories import GrantDeadlineFactory, GrantSchemeFactory
from tilskudd.models import GrantScheme

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:tilskudd_grantscheme_add")
LIST_URL = reverse("admin:tilskudd_grantscheme_changelist")


def today() -> dt.date:
    return timezone.localdate()


def scheme_form_data(owner, *, deadlines=(), **overrides) -> dict:
    data = {
        "name": "Nærmiljømidler",
        "slug": "naermiljomidler",
        "owner": str(owner.pk),
        "status": "active",
        "summary": "Støtte til nærmiljøtiltak.",
        "purpose": "Bedre nærmiljø.",
        "who_can_apply": "Velforeninger.",
        "target_groups": ["everyone"],
        "application_url": "https://www.oslo.kommune.no/tilskudd/",
        "review_interval_days": "180",
        "last_checked_on": today().isoformat(),
        "deadlines-TOTAL_FORMS": str(len(deadlines)),
        "deadlines-INITIAL_FORMS": "0",
        "deadlines-MIN_NUM_FORMS": "0",
        "deadlines-MAX_NUM_FORMS": "1000",
    }
    for index, (kind, day) in enumerate(deadlines):
        data[f"deadlines-{index}-kind"] = kind
        data[f"deadlines-{index}-date"] = day.isoformat() if day else ""
    data.update(overrides)
    return data


@pytest.fixture
def editor(make_staff):
    return make_staff(Roles.CONTENT_EDITORS)


def test_admin_add__valid_scheme_with_deadline__is_saved(client, editor):
    client.force_login(editor)
    owner = district("Alna")
    response = client.post(
        ADD_URL,
        scheme_form_data(owner, deadlines=[("dated", today() + dt.timedelta(days=20))]),
    )
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    scheme = GrantScheme.objects.get(slug="naermiljomidler")
    assert scheme.deadlines.count() == 1


def test_admin_add__past_deadline_on_active_scheme__refused_with_message(client, editor):
    client.force_login(editor)
    response = client.post(
        ADD_URL,
        scheme_form_data(district("Alna"), deadlines=[("dated", today() - dt.timedelta(days=1))]),
    )
    assert response.status_code == 200
    assert "Denne fristen har passert." in response.content.decode()
    assert not GrantScheme.objects.exists()


def test_admin_add__past_deadline_on_closed_scheme__is_allowed(client, editor):
    client.force_login(editor)
    response = client.post(
        ADD_URL,
        scheme_form_data(
            district("Alna"),
            deadlines=[("dated", today() - dt.timedelta(days=1))],
            status="closed_for_season",
        ),
    )
    assert response.status_code == 302


def test_admin_add__amount_range_upside_down__refused_with_message(client, editor):
    client.force_login(editor)
    response = client.post(
        ADD_URL,
        scheme_form_data(district("Alna"), amount_min="50000", amount_max="5000"),
    )
    assert response.status_code == 200
    assert "Beløpsintervallet er snudd" in response.content.decode()
    assert not GrantScheme.objects.exists()


def test_admin_add__link_without_https__refused_with_message(client, editor):
    client.force_login(editor)
    response = client.post(
        ADD_URL,
        scheme_form_data(district("Alna"), application_url="http://soknad.example.no/"),
    )
    assert response.status_code == 200
    assert "Lenken må være sikker: den må begynne med https://." in response.content.decode()
    assert not GrantScheme.objects.exists()


def test_admin_add__reserved_slug__refused(client, editor):
    client.force_login(editor)
    response = client.post(ADD_URL, scheme_form_data(district("Alna"), slug="frister"))
    assert response.status_code == 200
    assert "Dette kortnavnet brukes av en annen side" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "own_unit", "expected"),
    [
        (Roles.CONTENT_EDITORS, False, 200),
        (Roles.UNIT_STAFF, True, 200),
        (Roles.UNIT_STAFF, False, 302),  # not in their queryset: the admin redirects away
        (Roles.CASE_OFFICERS, False, 200),  # view only
        (None, False, 403),  # staff without a role: no permission
    ],
)
def test_admin_change_page__by_role(client, make_staff, role, own_unit, expected):
    alna = district("Alna")
    scheme = GrantSchemeFactory(owner=alna if own_unit else district("Stovner"))
    user = make_staff(role, units=(alna,)) if role else make_staff()
    client.force_login(user)
    response = client.get(reverse("admin:tilskudd_grantscheme_change", args=[scheme.pk]))
    assert response.status_code == expected


def test_admin_list__unit_staff_sees_only_their_units_schemes(client, make_staff):
    alna = district("Alna")
    GrantSchemeFactory(name="Alna-midler", owner=alna)
    GrantSchemeFactory(name="Stovner-midler", owner=district("Stovner"))
    client.force_login(make_staff(Roles.UNIT_STAFF, units=(alna,)))
    content = client.get(LIST_URL).content.decode()
    assert "Alna-midler" in content
    assert "Stovner-midler" not in content


def test_admin_add__unit_staff_cannot_pick_another_units_owner(client, make_staff):
    alna = district("Alna")
    client.force_login(make_staff(Roles.UNIT_STAFF, units=(alna,)))
    response = client.post(
        ADD_URL,
        scheme_form_data(district("Stovner"), deadlines=[("rolling", None)]),
    )
    assert response.status_code == 200
    assert not GrantScheme.objects.exists()
    response = client.post(ADD_URL, scheme_form_data(alna, deadlines=[("rolling", None)]))
    assert response.status_code == 302


def test_case_officer__cannot_change_a_scheme(client, make_staff):
    scheme = GrantSchemeFactory(name="Uendret")
    client.force_login(make_staff(Roles.CASE_OFFICERS))
    response = client.post(
        reverse("admin:tilskudd_grantscheme_change", args=[scheme.pk]),
        scheme_form_data(scheme.owner, name="Endret"),
    )
    assert response.status_code == 403
    scheme.refresh_from_db()
    assert scheme.name == "Uendret"


def test_admin_list__past_review_filter_and_mark_checked_action(client, editor):
    stale = GrantSchemeFactory(name="Gammel", last_checked_on=today() - dt.timedelta(days=365))
    GrantSchemeFactory(name="Fersk")
    client.force_login(editor)
    content = client.get(LIST_URL, {"review": "past"}).content.decode()
    assert "Gammel" in content
    assert "Fersk" not in content
    response = client.post(
        LIST_URL,
        {"action": "mark_checked_today", "_selected_action": [stale.pk]},
        follow=True,
    )
    assert "1 ordning merket som kontrollert i dag." in response.content.decode()
    stale.refresh_from_db()
    assert stale.last_checked_on == today()


def test_admin_list__editor_finds_own_stale_schemes_and_unowned_ones(client, editor, make_staff):
    long_ago = today() - dt.timedelta(days=365)
    GrantSchemeFactory(name="Min gamle", responsible_editor=editor, last_checked_on=long_ago)
    GrantSchemeFactory(name="Min ferske", responsible_editor=editor)
    GrantSchemeFactory(
        name="Kollegas gamle",
        responsible_editor=make_staff(Roles.CONTENT_EDITORS),
        last_checked_on=long_ago,
    )
    GrantSchemeFactory(name="Ingens gamle", responsible_editor=None, last_checked_on=long_ago)
    client.force_login(editor)
    mine = client.get(LIST_URL, {"review": "past", "editor": "me"}).content.decode()
    assert "Min gamle" in mine
    assert "Min ferske" not in mine
    assert "Kollegas gamle" not in mine
    assert "Ingens gamle" not in mine
    assert "Meg" in mine  # the filter is labelled in Norwegian
    nobody = client.get(LIST_URL, {"editor": "none"}).content.decode()
    assert "Ingens gamle" in nobody
    assert "Min gamle" not in nobody


def test_admin_list__query_count_does_not_grow_with_rows(
    client, editor, django_assert_max_num_queries
):
    for _ in range(3):
        GrantSchemeFactory(owner=UnitFactory(), responsible_editor=editor)
    client.force_login(editor)
    with django_assert_max_num_queries(40) as small:
        client.get(LIST_URL)
    for _ in range(20):
        scheme = GrantSchemeFactory(owner=UnitFactory(), responsible_editor=editor)
        GrantDeadlineFactory(scheme=scheme)
    with django_assert_max_num_queries(len(small.captured_queries) + 2):
        client.get(LIST_URL)
