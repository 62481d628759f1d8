"""The back office: unit staff see and decide only their own unit's venues and requests."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from frivilligkontor.models import Roles
from lokaler.models import BookingOccurrence
from tests.factories import district
from tests.lokaler.factories import RoomFactory, VenueFactory, next_weekday, occurrence

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff):
    alna, frogner = district("Alna"), district("Frogner")
    alna_room = RoomFactory(venue=VenueFactory(name="Furuset skole", unit=alna), name="Gymsal")
    frogner_room = RoomFactory(
        venue=VenueFactory(name="Uranienborg skole", unit=frogner), name="Gymsal"
    )
    return {
        "alna_room": alna_room,
        "frogner_room": frogner_room,
        "alna_time": occurrence(alna_room, next_weekday(1)),
        "frogner_time": occurrence(frogner_room, next_weekday(1)),
        "users": {
            "alna": make_staff(Roles.UNIT_STAFF, units=(alna,)),
            "frogner": make_staff(Roles.UNIT_STAFF, units=(frogner,)),
            "case_officer": make_staff(Roles.CASE_OFFICERS),
            "superuser": make_staff(superuser=True),
        },
    }


def page_url(world, page: str) -> str:
    frogner_venue = world["frogner_room"].venue
    frogner_request = world["frogner_time"].request
    return {
        "frogner_venue": reverse("admin:lokaler_venue_change", args=[frogner_venue.pk]),
        "frogner_room": reverse("admin:lokaler_room_change", args=[world["frogner_room"].pk]),
        "frogner_request": reverse(
            "admin:lokaler_bookingrequest_change", args=[frogner_request.pk]
        ),
        "frogner_decide": reverse("admin:lokaler_bookingrequest_decide", args=[frogner_request.pk]),
        "frogner_time": reverse(
            "admin:lokaler_bookingoccurrence_change", args=[world["frogner_time"].pk]
        ),
    }[page]


@pytest.mark.parametrize(
    ("user", "admin_page", "status"),
    [
        ("alna", "frogner_venue", 302),
        ("alna", "frogner_room", 302),
        ("alna", "frogner_request", 302),
        ("alna", "frogner_decide", 404),
        ("alna", "frogner_time", 302),
        ("frogner", "frogner_venue", 200),
        ("frogner", "frogner_room", 200),
        ("frogner", "frogner_request", 200),
        ("frogner", "frogner_decide", 200),
        ("frogner", "frogner_time", 200),
        ("case_officer", "frogner_venue", 200),
        ("case_officer", "frogner_request", 200),
        ("case_officer", "frogner_decide", 403),
        ("superuser", "frogner_venue", 200),
        ("superuser", "frogner_decide", 200),
    ],
)
def test_admin_pages__role_by_page__give_the_expected_answer(
    client, world, user, admin_page, status
):
    client.force_login(world["users"][user])
    response = client.get(page_url(world, admin_page))
    assert response.status_code == status
    if status == 302:
        assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize(
    ("user", "sees_alna", "sees_frogner"),
    [
        ("alna", True, False),
        ("frogner", False, True),
        ("case_officer", True, True),
        ("superuser", True, True),
    ],
)
@pytest.mark.parametrize("model", ["venue", "room", "bookingrequest", "bookingoccurrence"])
def test_admin_lists__show_only_the_users_own_units(
    client, world, user, sees_alna, sees_frogner, model
):
    client.force_login(world["users"][user])
    response = client.get(reverse(f"admin:lokaler_{model}_changelist"))
    assert response.status_code == 200
    shown = {row.pk for row in response.context["cl"].result_list}
    alna = {
        "venue": world["alna_room"].venue.pk,
        "room": world["alna_room"].pk,
        "bookingrequest": world["alna_time"].request.pk,
        "bookingoccurrence": world["alna_time"].pk,
    }[model]
    frogner = {
        "venue": world["frogner_room"].venue.pk,
        "room": world["frogner_room"].pk,
        "bookingrequest": world["frogner_time"].request.pk,
        "bookingoccurrence": world["frogner_time"].pk,
    }[model]
    assert (alna in shown) is sees_alna
    assert (frogner in shown) is sees_frogner


@pytest.mark.parametrize(
    "admin_page",
    [
        *[
            f"admin:lokaler_{model}_changelist"
            for model in (
                "venue",
                "room",
                "lendingwindow",
                "windowexception",
                "bookingrequest",
                "bookingoccurrence",
            )
        ],
        *[
            f"admin:lokaler_{model}_add"
            for model in ("venue", "room", "lendingwindow", "windowexception")
        ],
    ],
)
def test_unit_staff__no_admin_page_names_another_units_venue(client, world, admin_page):
    """Lists, their filters and every choice on the add forms are scoped: an Alna employee
    never sees (or can pick) a Frogner venue or room anywhere."""
    client.force_login(world["users"]["alna"])
    response = client.get(reverse(admin_page))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Uranienborg skole" not in html
    if "changelist" in admin_page and "window" not in admin_page:
        assert "Furuset skole" in html


def test_unit_staff__cannot_choose_another_units_venue_for_a_room(client, world):
    client.force_login(world["users"]["alna"])
    response = client.get(reverse("admin:lokaler_room_add"))
    choices = {venue.pk for venue in response.context["adminform"].form.fields["venue"].queryset}
    assert choices == {world["alna_room"].venue.pk}


def test_decide_page__approve_chosen_times__approves_and_mails(
    client, world, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(world["users"]["alna"])
    booked = world["alna_time"]
    url = reverse("admin:lokaler_bookingrequest_decide", args=[booked.request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"occurrences": [booked.pk], "approve": "1"}, follow=True)
    booked.refresh_from_db()
    assert booked.status == BookingOccurrence.Status.APPROVED
    assert booked.decided_by == world["users"]["alna"]
    assert "1 tidspunkt(er) godkjent." in response.content.decode()
    assert len(mailoutbox) == 1


def test_decide_page__decline_without_reason__is_refused_with_a_message(client, world):
    client.force_login(world["users"]["alna"])
    booked = world["alna_time"]
    url = reverse("admin:lokaler_bookingrequest_decide", args=[booked.request.pk])
    response = client.post(url, {"occurrences": [booked.pk], "decline": "1", "reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    booked.refresh_from_db()
    assert booked.status == BookingOccurrence.Status.REQUESTED


def test_decide_page__clashing_approval__shows_a_clear_message_not_an_error(client, world):
    client.force_login(world["users"]["alna"])
    first = world["alna_time"]
    rival = occurrence(world["alna_room"], first.start.date())
    for booked in (first, rival):
        url = reverse("admin:lokaler_bookingrequest_decide", args=[booked.request.pk])
        response = client.post(url, {"occurrences": [booked.pk], "approve": "1"}, follow=True)
    assert response.status_code == 200
    assert "ble ikke godkjent" in response.content.decode()
    rival.refresh_from_db()
    assert rival.status == BookingOccurrence.Status.REQUESTED


def test_decline_action__asks_for_a_reason_then_declines(
    client, world, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(world["users"]["alna"])
    booked = world["alna_time"]
    url = reverse("admin:lokaler_bookingrequest_changelist")
    data = {"action": "decline_all", ACTION_CHECKBOX_NAME: [booked.request.pk]}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Begrunnelse for avslag" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**data, "apply": "1", "reason": "Salen er opptatt av skolen."})
    booked.refresh_from_db()
    assert booked.status == BookingOccurrence.Status.DECLINED
    assert booked.decline_reason == "Salen er opptatt av skolen."
    assert "Salen er opptatt av skolen." in mailoutbox[0].body


def test_approve_action__on_another_units_request__changes_nothing(client, world):
    client.force_login(world["users"]["alna"])
    frogner_request = world["frogner_time"].request
    client.post(
        reverse("admin:lokaler_bookingrequest_changelist"),
        {"action": "approve_requested", ACTION_CHECKBOX_NAME: [frogner_request.pk]},
    )
    world["frogner_time"].refresh_from_db()
    assert world["frogner_time"].status == BookingOccurrence.Status.REQUESTED


def test_booking_request_list__query_count_does_not_grow_with_rows(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["users"]["superuser"])
    url = reverse("admin:lokaler_bookingrequest_changelist")
    client.get(url)
    with django_assert_max_num_queries(20):
        client.get(url)
    for week in range(2, 12):
        occurrence(world["alna_room"], next_weekday(2, weeks_ahead=week))
    with django_assert_max_num_queries(20):
        client.get(url)


def test_agency_staff__may_place_their_venue_in_any_district(client, make_staff):
    from frivilligkontor.models import Unit

    kulturetaten, _ = Unit.objects.get_or_create(
        name="Kulturetaten", defaults={"kind": Unit.Kind.AGENCY}
    )
    client.force_login(make_staff(Roles.UNIT_STAFF, units=(kulturetaten,)))
    form = client.get(reverse("admin:lokaler_venue_add")).context["adminform"].form
    assert set(form.fields["unit"].queryset) == {kulturetaten}
    assert form.fields["district"].queryset.count() == 15


def test_room_with_approved_bookings__cannot_be_moved_into_another_room(world):
    from django.core.exceptions import ValidationError

    from lokaler.services import approve_occurrences

    room = world["alna_room"]
    approve_occurrences(occurrences=[world["alna_time"]], decided_by=None)
    room.parent = RoomFactory(venue=room.venue, name="Idrettshall")
    with pytest.raises(ValidationError, match="godkjente bookinger"):
        room.full_clean()


def test_request_change_page__shows_who_decided_what_in_the_history(client, world):
    user = world["users"]["alna"]
    client.force_login(user)
    booked = world["alna_time"]
    decide = reverse("admin:lokaler_bookingrequest_decide", args=[booked.request.pk])
    client.post(decide, {"occurrences": [booked.pk], "approve": "1"})
    page = client.get(reverse("admin:lokaler_bookingrequest_change", args=[booked.request.pk]))
    history = page.content.decode()
    assert f"{booked}: Godkjent" in history
    assert str(user) in history


@pytest.mark.parametrize("user", ["alna", "superuser"])
def test_room_inline__part_of__offers_only_the_venues_own_rooms(client, world, user):
    """Unit staff, like a superuser, choose a room's "part of" among the same venue's rooms,
    never among the rooms of the unit's other venues."""
    venue = world["alna_room"].venue
    other_venue = VenueFactory(name="Haugen skole", unit=venue.unit)
    RoomFactory(venue=other_venue, name="Aula")
    client.force_login(world["users"][user])
    response = client.get(reverse("admin:lokaler_venue_change", args=[venue.pk]))
    formset = next(
        formset
        for formset in response.context["inline_admin_formsets"]
        if formset.opts.model.__name__ == "Room"
    )
    choices = set(formset.formset.forms[0].fields["parent"].queryset)
    assert choices == {world["alna_room"]}


def test_booking_request_list__filter_by_when_it_starts(client, make_staff):
    """The first-date filter replaces the date hierarchy (which read every row for its
    years): this week and next, within a month, later, already started."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.lokaler.factories import BookingRequestFactory

    today = timezone.localdate()
    soon = BookingRequestFactory(organisation_name="Snart IL", first_date=today)
    later = BookingRequestFactory(
        organisation_name="Senere IL", first_date=today + timedelta(days=60)
    )
    past = BookingRequestFactory(organisation_name="Før IL", first_date=today - timedelta(days=3))
    client.force_login(make_staff(superuser=True))
    url = reverse("admin:lokaler_bookingrequest_changelist")
    shown = {
        span: {row.pk for row in client.get(url, {"starts": span}).context["cl"].result_list}
        for span in ("week", "month", "later", "past")
    }
    assert shown == {
        "week": {soon.pk},
        "month": {soon.pk},
        "later": {later.pk},
        "past": {past.pk},
    }
    assert "Denne og neste uke" in client.get(url).content.decode()
