"""Season lending through the doors people use: the public application (errors beside the
field, typed values kept, duplicates, the deadline), the proposal and the decisions (bookings
held by the exclusion constraint, e-mails with price and iCal), single requests during a
round, the figures, and two rounds sending at the same moment."""

import threading
from datetime import time, timedelta

import pytest
from django.core import mail
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone

from frivilligkontor.models import Roles
from lokaler.models import BookingOccurrence, Occupancy
from lokaler.season.models import SeasonApplication, SeasonRound, SeasonWish
from lokaler.season.services import (
    SeasonError,
    allocate_wish,
    decline_wish,
    round_figures,
    run_proposal,
    send_decisions,
)
from lokaler.services import plan_times
from tests.factories import district, valid_organisation_number
from tests.lokaler.factories import RoomFactory, VenueFactory, open_evenings
from tests.lokaler.season_factories import (
    PriceTableFactory,
    SeasonApplicationFactory,
    SeasonRoundFactory,
    SeasonWishFactory,
    closed_round,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gym():
    venue = VenueFactory(name="Haugerud skole", unit=district("Alna"))
    open_evenings(venue)
    return RoomFactory(venue=venue, name="Gymsal", capacity=60, area_square_metres=300)


def application_data(room, **overrides):
    data = {
        "organisation_name": "Haugerud voksenkor",
        "organisation_number": "",
        "is_new_initiative": "on",
        "contact_name": "Kari Nordmann",
        "contact_email": "kari@example.org",
        "contact_phone": "",
        "activity": "Korøvelse",
        "age_group": "adults",
        "share_under_25": "5",
        "participants": "30",
        "wish-TOTAL_FORMS": "5",
        "wish-INITIAL_FORMS": "0",
        "wish-MIN_NUM_FORMS": "0",
        "wish-MAX_NUM_FORMS": "5",
        "wish-0-place": f"room-{room.pk}",
        "wish-0-weekday": "1",
        "wish-0-start_time": "18:00",
        "wish-0-end_time": "20:00",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_apply__check_shows_the_price_then_send_saves_and_mails_the_link(
    client, gym, django_capture_on_commit_callbacks
):
    PriceTableFactory(year=timezone.localdate().year)
    PriceTableFactory(year=timezone.localdate().year + 1)
    season_round = SeasonRoundFactory(venues=[gym.venue])
    url = reverse("lokaler:season_apply", kwargs={"slug": season_round.slug})
    checked = client.post(url, application_data(gym, check="1"))
    assert checked.status_code == 200
    assert "Kostpris: færre enn 90 %" in checked.text
    assert "timer × 155 kr (rom på 100–400 m²)" in checked.text
    assert not SeasonApplication.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, application_data(gym, send="1"), follow=True)
    application = SeasonApplication.objects.get()
    assert sent.redirect_chain[-1][0] == application.get_absolute_url()
    assert [(w.room, w.weekday, w.start_time) for w in application.wishes.all()] == [
        (gym, 1, time(18))
    ]
    assert mail.outbox[-1].to == ["kari@example.org"]
    assert application.token in mail.outbox[-1].body


def test_apply__youth_club_sees_it_borrows_free_and_why(client, gym):
    season_round = SeasonRoundFactory(venues=[gym.venue])
    response = client.post(
        reverse("lokaler:season_apply", kwargs={"slug": season_round.slug}),
        application_data(gym, age_group="youth", share_under_25="100", check="1"),
    )
    assert "Gratis: aktivitet for barn og unge under 25 år" in response.text


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"wish-0-start_time": "12:00", "wish-0-end_time": "14:00"},
            "wish-0-start_time",
            "Tiden er utenfor utlånstiden. På tirsdag kan rommet lånes 17:00–22:00.",
        ),
        ({"wish-0-end_time": "17:30"}, "wish-0-end_time", "Sluttidspunktet må være etter"),
        (
            {"participants": "80"},
            "wish-0-place",
            "Gymsal har plass til høyst 60 personer; dere er 80.",
        ),
        (
            {
                "wish-1-place": "room-{room}",
                "wish-1-weekday": "1",
                "wish-1-start_time": "18:00",
                "wish-1-end_time": "20:00",
            },
            "wish-1-place",
            "Du har allerede søkt om akkurat denne tiden.",
        ),
        ({"wish-0-place": "room-999999"}, "wish-0-place", "Velg et av rommene i denne runden."),
        ({"wish-0-weekday": ""}, "wish-0-weekday", "Velg en ukedag."),
        (
            {"organisation_number": "123456789", "is_new_initiative": None},
            "organisation_number",
            "Dette er ikke et gyldig organisasjonsnummer.",
        ),
        ({"share_under_25": "120"}, "share_under_25", "Oppgi en andel mellom 0 og 100 %."),
    ],
)
def test_apply__bad_input__own_message_beside_the_field_and_typed_values_kept(
    client, gym, overrides, field, message
):
    season_round = SeasonRoundFactory(venues=[gym.venue])
    overrides = {
        k: (v.format(room=gym.pk) if isinstance(v, str) else v) for k, v in overrides.items()
    }
    response = client.post(
        reverse("lokaler:season_apply", kwargs={"slug": season_round.slug}),
        application_data(gym, send="1", **overrides),
    )
    assert response.status_code == 200
    assert not SeasonApplication.objects.exists()
    html = response.text
    error_id = f'id="id_{field}_error"'
    assert error_id in html, html[html.find("pkt-inputwrapper--error") - 300 :][:1200]
    error_block = html[html.index(error_id) :][:400]
    assert message in error_block
    assert 'value="Haugerud voksenkor"' in html


def test_apply__in_english__outside_the_lending_hours__says_so_in_english(client, gym):
    season_round = SeasonRoundFactory(venues=[gym.venue])
    response = client.post(
        "/en" + reverse("lokaler:season_apply", kwargs={"slug": season_round.slug}),
        application_data(gym, check="1", **{"wish-0-start_time": "12:00"}),
    )
    html = response.text
    error = html[html.index('id="id_wish-0-start_time_error"') :][:400]
    assert "On Tuesday the room can be borrowed 17:00–22:00." in error


def test_apply__same_organisation_twice__refused_beside_the_number_and_link_mailed_again(
    client, gym, django_capture_on_commit_callbacks
):
    season_round = SeasonRoundFactory(venues=[gym.venue])
    number = valid_organisation_number(7)
    first = SeasonApplicationFactory(
        round=season_round,
        organisation_number=number,
        is_new_initiative=False,
        contact_email="leder@example.org",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("lokaler:season_apply", kwargs={"slug": season_round.slug}),
            application_data(gym, send="1", organisation_number=number, is_new_initiative=None),
        )
    assert "har allerede søkt i denne runden" in response.text
    assert SeasonApplication.objects.count() == 1
    assert mail.outbox[-1].to == ["leder@example.org"]
    assert first.token in mail.outbox[-1].body


def test_apply__same_name_without_a_number_twice__refused_beside_the_name_and_link_mailed(
    client, gym, django_capture_on_commit_callbacks
):
    season_round = SeasonRoundFactory(venues=[gym.venue])
    url = reverse("lokaler:season_apply", kwargs={"slug": season_round.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, application_data(gym, send="1"))
    first = SeasonApplication.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            url,
            application_data(
                gym,
                send="1",
                organisation_name="  haugerud   VOKSENKOR ",
                contact_email="noen.andre@example.org",
            ),
        )
    assert again.status_code == 200
    html = again.text
    assert 'id="id_organisation_name_error"' in html
    error = html[html.index('id="id_organisation_name_error"') :][:600]
    assert "allerede sendt en søknad fra en organisasjon med dette navnet" in error
    assert SeasonApplication.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["kari@example.org"]]
    assert first.token in mail.outbox[0].body
    other = client.post(url, application_data(gym, send="1", organisation_name="Haugerud barnekor"))
    assert other.status_code == 302
    assert SeasonApplication.objects.count() == 2


def test_application__changed_through_the_link_until_the_deadline_then_locked(client, gym):
    season_round = SeasonRoundFactory(venues=[gym.venue])
    application = SeasonApplicationFactory(round=season_round)
    SeasonWishFactory(application=application, room=gym)
    url = application.get_absolute_url()
    assert "wish-0-place" in client.get(url + "?endre=1").text
    client.post(url, application_data(gym, send="1", **{"wish-0-weekday": "2"}))
    assert application.wishes.get().weekday == 2
    SeasonRound.objects.filter(pk=season_round.pk).update(
        closes_on=timezone.localdate() - timedelta(days=1),
        opens_on=timezone.localdate() - timedelta(days=9),
    )
    page = client.get(url + "?endre=1")
    assert "wish-0-place" not in page.text
    assert "søknaden er låst" in page.text
    # A change sent from a page opened before the deadline: refused, what was typed kept.
    stale = client.post(
        url, application_data(gym, send="1", activity="Ny tekst", **{"wish-0-weekday": "3"})
    )
    assert stale.status_code == 410
    assert "Søknadsfristen var" in stale.text and "Ny tekst" in stale.text
    assert 'name="send"' not in stale.text
    assert application.wishes.get().weekday == 2


def test_apply__after_the_deadline__says_so_keeps_what_was_typed_and_saves_nothing(client, gym):
    season_round = closed_round(venues=[gym.venue])
    url = reverse("lokaler:season_apply", kwargs={"slug": season_round.slug})
    assert "Søknadsfristen var" in client.get(url).text
    response = client.post(url, application_data(gym, send="1"))
    assert response.status_code == 410
    assert "Søknadsfristen var" in response.text and "ble ikke lagret" in response.text
    assert 'value="Haugerud voksenkor"' in response.text and "Korøvelse" in response.text
    assert f'value="room-{gym.pk}" selected' in response.text
    assert 'name="send"' not in response.text
    assert not SeasonApplication.objects.exists()


def test_single_request__in_an_open_round_s_term__is_unavailable_with_the_reason(gym):
    season_round = SeasonRoundFactory(venues=[gym.venue])
    venue = gym.venue
    day = season_round.term_starts_on + timedelta(
        days=(1 - season_round.term_starts_on.weekday()) % 7
    )
    [planned] = plan_times(
        room=gym,
        venue=venue,
        first_date=day,
        last_date=day,
        is_weekly=False,
        start_time=time(18),
        end_time=time(20),
    )
    assert not planned.can_be_requested
    assert planned.reason.startswith(f"Holdt av til sesongutlån ({season_round.name})")
    before = season_round.term_starts_on - timedelta(days=7)
    [free] = plan_times(
        room=gym,
        venue=venue,
        first_date=before,
        last_date=before,
        is_weekly=False,
        start_time=time(18),
        end_time=time(20),
    )
    assert free.can_be_requested


def test_venue_page__says_when_the_next_round_opens_and_from_when_single_requests_open(client, gym):
    from django.utils.formats import date_format
    from django.utils.translation import override

    today = timezone.localdate()
    coming = SeasonRoundFactory(
        name="Høstrunden",
        venues=[gym.venue],
        opens_on=today + timedelta(days=10),
        closes_on=today + timedelta(days=40),
    )
    open_round = SeasonRoundFactory(name="Vårrunden", venues=[gym.venue])

    def shown(day, language):
        with override(language):
            return date_format(day, "j. F Y")

    page = client.get(gym.venue.get_absolute_url()).text
    assert (
        f"Høstrunden</a> åpner for søknader {shown(coming.opens_on, 'nb')} "
        f"(frist {shown(coming.closes_on, 'nb')})"
    ) in page
    assert f"Vårrunden</a> er åpen for søknader til {shown(open_round.closes_on, 'nb')}" in page
    assert (
        f"Til vedtakene er sendt (innen {shown(open_round.answer_by, 'nb')}), kan tider fra "
        f"{shown(open_round.term_starts_on, 'nb')} til {shown(open_round.term_ends_on, 'nb')} "
        "ikke bes om enkeltvis"
    ) in page
    listing = client.get(reverse("lokaler:season_list")).text
    open_part, coming_part = listing.split("Kommende runder")
    assert "Vårrunden" in open_part and "Høstrunden" in coming_part
    english = client.get("/en" + gym.venue.get_absolute_url()).text
    assert f"Høstrunden</a> opens for applications on {shown(coming.opens_on, 'en')}" in english
    assert "cannot be requested one by one; what is left then opens for single requests" in (
        english
    )


def test_round_admin__a_new_round_starts_from_the_next_ordinary_deadline(client, make_staff):
    from lokaler.season.models import Term, default_deadline

    client.force_login(make_staff(Roles.UNIT_STAFF, units=(district("Alna"),)))
    form = client.get(reverse("admin:lokaler_seasonround_add")).context["adminform"].form
    today = timezone.localdate()
    spring, school_year = (
        default_deadline(term, today) for term in (Term.SPRING, Term.SCHOOL_YEAR)
    )
    assert {spring.month, school_year.month} == {11, 6}
    assert form.initial["closes_on"] == min(spring, school_year)
    assert form.initial["term"] == (Term.SPRING if spring < school_year else Term.SCHOOL_YEAR)
    assert form.initial["answer_by"] == form.initial["closes_on"] + timedelta(days=21)


def test_demo_data__an_open_round_and_a_round_being_allocated__both_with_applications():
    import io

    from lokaler import demo

    demo.load(stdout=io.StringIO())
    rounds = {r.status(): r.applications.count() for r in SeasonRound.objects.all()}
    assert rounds["open"] >= 1 and rounds["allocating"] >= 3
    allocating = next(r for r in SeasonRound.objects.all() if r.status() == "allocating")
    run_proposal(season_round=allocating)
    assert round_figures(allocating).declined > 0  # the demo round has competing wishes


def three_applicants(season_round, gym):
    """A season holder, a youth club and an adult choir, all for Tuesday evening."""
    earlier = closed_round(
        name="Forrige sesong",
        venues=[gym.venue],
        term_starts_on=season_round.term_starts_on - timedelta(days=200),
        term_ends_on=season_round.term_starts_on - timedelta(days=100),
        decisions_sent_at=timezone.now() - timedelta(days=150),
    )
    number = valid_organisation_number(3)
    old = SeasonWishFactory(
        application__round=earlier,
        application__organisation_number=number,
        application__is_new_initiative=False,
        room=gym,
    )
    SeasonWish.objects.filter(pk=old.pk).update(
        outcome="allocated",
        allocated_room=gym,
        allocated_weekday=1,
        allocated_start=time(18),
        allocated_end=time(20),
        reason="x",
    )
    choir = SeasonWishFactory(
        application__round=season_round, application__organisation_name="Voksenkoret", room=gym
    )
    youth = SeasonWishFactory(
        application__round=season_round,
        application__organisation_name="Ungdomsklubben",
        application__age_group="youth",
        application__share_under_25=100,
        room=gym,
        start_time=time(19),
        end_time=time(21),
    )
    holder = SeasonWishFactory(
        application__round=season_round,
        application__organisation_name="Furuset IF",
        application__organisation_number=number,
        application__is_new_initiative=False,
        room=gym,
    )
    return holder, youth, choir


def test_proposal_and_decisions__bookings_held_by_the_constraint_and_mails_with_price_and_ical(
    gym, django_capture_on_commit_callbacks
):
    PriceTableFactory(year=timezone.localdate().year + 1)
    PriceTableFactory(year=timezone.localdate().year)
    season_round = closed_round(venues=[gym.venue])
    holder, youth, choir = three_applicants(season_round, gym)
    run_proposal(season_round=season_round)
    for wish in (holder, youth, choir):
        wish.refresh_from_db()
    assert holder.outcome == "allocated"
    assert holder.reason == "prioritert: samme tid forrige sesong; tildelt som søkt"
    assert youth.outcome == choir.outcome == "declined"
    assert youth.reason.startswith("avslått: Gymsal full Tirsdag 19:00–21:00")
    with pytest.raises(SeasonError, match="overlapper tiden som er tildelt Furuset IF"):
        allocate_wish(
            wish=choir, room=gym, weekday=1, start=time(19), end=time(21), decided_by=None
        )
    allocate_wish(wish=choir, room=gym, weekday=2, start=time(18), end=time(20), decided_by=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_decisions(season_round=season_round, decided_by=None) == 3
    choir.refresh_from_db()
    assert choir.booking.share_under_25 == choir.application.share_under_25
    occurrences = BookingOccurrence.objects.filter(request=choir.booking)
    assert occurrences.count() >= 8
    assert set(occurrences.values_list("status", flat=True)) == {"approved"}
    assert Occupancy.objects.filter(occurrence__in=occurrences).count() == occurrences.count()
    assert {tuple(m.to) for m in mail.outbox} == {
        (holder.application.contact_email,),
        (youth.application.contact_email,),
        (choir.application.contact_email,),
    }
    choir_mail = next(m for m in mail.outbox if m.to == [choir.application.contact_email])
    assert "tildelt med endring: Onsdag 18:00–20:00, Gymsal, Haugerud skole" in choir_mail.body
    assert "Kostpris" in choir_mail.body and "Til sammen for semesteret:" in choir_mail.body
    assert "klage" in choir_mail.body
    assert choir_mail.attachments[0][0] == "sesong.ics"
    assert "BEGIN:VEVENT" in choir_mail.attachments[0][1]
    youth_mail = next(m for m in mail.outbox if m.to == [youth.application.contact_email])
    assert "Avslått" in youth_mail.body and "Gratis: aktivitet for barn og unge" in youth_mail.body
    # After the decisions the term is open for single requests, and the season times are booked.
    day = occurrences.first().start.date()
    [planned] = plan_times(
        room=gym,
        venue=gym.venue,
        first_date=day,
        last_date=day,
        is_weekly=False,
        start_time=time(18),
        end_time=time(20),
    )
    assert planned.reason == "Allerede booket"
    with pytest.raises(SeasonError):
        send_decisions(season_round=season_round, decided_by=None)


def test_decisions__an_applicant_declined_everything__pays_nothing_not_even_the_set_up_fee(
    client, gym, django_capture_on_commit_callbacks
):
    PriceTableFactory(year=timezone.localdate().year)
    PriceTableFactory(year=timezone.localdate().year + 1)
    season_round = closed_round(venues=[gym.venue])
    wish = SeasonWishFactory(application__round=season_round, room=gym)
    decline_wish(wish=wish, reason="Gymsalen er full", decided_by=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_decisions(season_round=season_round, decided_by=None)
    [decision] = mail.outbox
    assert "Ingenting å betale: ingen tid ble tildelt" in decision.body
    assert "Etableringsgebyr" not in decision.body and "931" not in decision.body
    page = client.get(wish.application.get_absolute_url())
    assert "Ingenting å betale" in page.text and "931" not in page.text


def test_proposal__the_number_of_queries_does_not_grow_with_the_applications(gym):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    season_round = closed_round(venues=[gym.venue])
    three_applicants(season_round, gym)

    def queries() -> int:
        with CaptureQueriesContext(db) as captured:
            run_proposal(season_round=season_round)
        return len(captured)

    few = queries()
    for n in range(5):
        SeasonWishFactory(
            application__round=season_round,
            application__organisation_number=valid_organisation_number(20 + n),
            application__is_new_initiative=False,
            room=None,
            venue=gym.venue,
            room_kind=gym.kind,
            weekday=n % 5,
        )
    assert queries() == few


def test_proposal__youth_priority_follows_the_wished_venue_not_every_venue_of_the_round(gym):
    """A round may hold a school that lends free to youth and a house that charges: a youth
    club asking for the school is prioritised there, ahead of an adult choir that applied
    first."""
    house = VenueFactory(
        name="Furuset bydelshus", unit=district("Alna"), free_for_children_and_youth=False
    )
    season_round = closed_round(venues=[gym.venue, house])
    choir = SeasonWishFactory(
        application__round=season_round, application__organisation_name="Voksenkoret", room=gym
    )
    youth = SeasonWishFactory(
        application__round=season_round,
        application__organisation_name="Ungdomsklubben",
        application__age_group="youth",
        application__share_under_25=100,
        room=gym,
    )
    run_proposal(season_round=season_round)
    choir.refresh_from_db()
    youth.refresh_from_db()
    assert youth.outcome == SeasonWish.Outcome.ALLOCATED
    assert choir.outcome == SeasonWish.Outcome.DECLINED


def test_figures__hours_applied_for_allocated_and_declined_per_dimension(gym):
    season_round = closed_round(venues=[gym.venue])
    holder, youth, choir = three_applicants(season_round, gym)
    run_proposal(season_round=season_round)
    figures = round_figures(season_round)
    assert (figures.applied, figures.allocated, figures.declined) == (6.0, 2.0, 4.0)
    assert figures.by["venue"]["Haugerud skole"] == {
        "applied": 6.0,
        "allocated": 2.0,
        "declined": 4.0,
    }
    assert figures.by["weekday"]["Tirsdag"]["declined"] == 4.0
    assert figures.by["time_band"]["kveld, 18–20"]["applied"] == 6.0


def test_workspace__unit_staff_of_another_district_cannot_open_it(
    client, gym, make_staff, staff_password
):
    season_round = closed_round(venues=[gym.venue])
    three_applicants(season_round, gym)
    url = reverse("admin:lokaler_seasonround_workspace", args=[season_round.pk])
    frogner = make_staff(Roles.UNIT_STAFF, units=(district("Frogner"),))
    client.force_login(frogner)
    assert client.get(url).status_code == 404
    alna = make_staff(Roles.UNIT_STAFF, units=(district("Alna"),))
    client.force_login(alna)
    page = client.get(url)
    assert page.status_code == 200
    assert "Voksenkoret" in page.text and "Konflikt: 3 ønsker" in page.text
    client.post(url, {"propose": "1"})
    assert not SeasonWish.objects.filter(
        application__round=season_round, outcome="pending"
    ).exists()


def test_workspace__grid_shows_a_hall_and_its_part_competing_until_one_is_declined(
    client, make_staff
):
    venue = VenueFactory(name="Lindeberg skole", unit=district("Alna"))
    open_evenings(venue)
    hall = RoomFactory(venue=venue, name="Idrettshall", capacity=150, area_square_metres=900)
    part = RoomFactory(venue=venue, name="Tredel 1", parent=hall, capacity=40)
    season_round = closed_round(venues=[venue])
    handball = SeasonWishFactory(
        application__round=season_round,
        application__organisation_name="Håndballen",
        room=part,
        weekday=2,
        start_time=time(17),
        end_time=time(19),
    )
    dance = SeasonWishFactory(
        application__round=season_round,
        application__organisation_name="Seniordansen",
        room=hall,
        weekday=2,
        start_time=time(18),
        end_time=time(20),
    )
    SeasonWishFactory(application=dance.application, room=hall, weekday=1)
    client.force_login(make_staff(Roles.UNIT_STAFF, units=(district("Alna"),)))
    url = reverse("admin:lokaler_seasonround_workspace", args=[season_round.pk])

    def hall_grid() -> str:
        html = client.get(url).text
        grid = html[html.index(f'id="grid-{hall.pk}"') :]
        return grid[: grid.index("</table>")]

    assert "Konflikt: 2 ønsker" in hall_grid()
    assert "Håndballen (17:00–19:00, i Tredel 1)" in hall_grid()
    decline_wish(wish=dance, reason="Hallen er delt", decided_by=None)
    allocate_wish(
        wish=handball, room=part, weekday=2, start=time(19), end=time(21), decided_by=None
    )
    grid = hall_grid()
    assert "Konflikt" not in grid
    assert "Håndballen (19:00–21:00, i Tredel 1): tildelt" in grid
    assert list(round_figures(season_round).by["weekday"]) == ["Tirsdag", "Onsdag"]


def test_wish_page__an_overlapping_time__refused_beside_the_time_with_what_was_typed_kept(
    client, gym, make_staff
):
    season_round = closed_round(venues=[gym.venue])
    holder, _youth, choir = three_applicants(season_round, gym)
    allocate_wish(wish=holder, room=gym, weekday=1, start=time(18), end=time(20), decided_by=None)
    client.force_login(make_staff(Roles.UNIT_STAFF, units=(district("Alna"),)))
    url = reverse("admin:lokaler_seasonround_wish", args=[season_round.pk, choir.pk])
    response = client.post(
        url,
        {
            "allocate-room": gym.pk,
            "allocate-weekday": "1",
            "allocate-start_time": "19:00",
            "allocate-end_time": "21:00",
            "allocate-reason": "Flyttet litt",
            "allocate": "Tildel",
        },
    )
    assert response.status_code == 200
    html = response.text
    error = html[html.index('id="id_allocate-start_time_error"') :][:300]
    assert "overlapper tiden som er tildelt Furuset IF" in error
    assert 'value="19:00"' in html and "Flyttet litt" in html
    choir.refresh_from_db()
    assert choir.outcome == "pending"


@pytest.mark.django_db(transaction=True)
def test_two_rounds_sending_at_the_same_moment__cannot_both_allocate_the_same_time():
    venue = VenueFactory(unit=district("Alna"))
    open_evenings(venue)
    gym = RoomFactory(venue=venue, name="Gymsal")
    rounds = [closed_round(name=f"Runde {n}", venues=[venue]) for n in range(2)]
    for season_round in rounds:
        wish = SeasonWishFactory(application__round=season_round, room=gym)
        # Each round allocated on its own, before the other sent anything.
        allocate_wish(wish=wish, room=gym, weekday=1, start=time(18), end=time(20), decided_by=None)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []
    lock = threading.Lock()

    def send(season_round: SeasonRound) -> None:
        close_old_connections()
        try:
            barrier.wait(timeout=30)
            result = send_decisions(season_round=season_round, decided_by=None)
        except Exception as error:  # noqa: BLE001 - checked below
            result = error
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=send, args=(r,)) for r in rounds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(type(o).__name__ for o in outcomes) == ["SeasonError", "int"]
    refusal = next(o for o in outcomes if isinstance(o, SeasonError))
    assert "allerede booket av vedtakene i en annen runde" in str(refusal)
    assert SeasonRound.objects.filter(decisions_sent_at__isnull=False).count() == 1
    assert (
        BookingOccurrence.objects.approved().filter(room=gym).count()
        == Occupancy.objects.filter(room=gym).count()
        > 0
    )


def test_statistics__include_the_round_s_unmet_demand(gym):
    from frivilligkontor.statistics import Period, collect

    season_round = closed_round(venues=[gym.venue])
    three_applicants(season_round, gym)
    run_proposal(season_round=season_round)
    period = Period(start=season_round.closes_on - timedelta(days=1), end=season_round.closes_on)
    tables = {
        table.slug: dict(table.rows) for section in collect(period) for table in section.tables
    }
    assert tables["season-key-figures"]["Timer per uke avslått (udekket behov)"] == [4.0, 0]
    assert tables["season-hours-per-venue"]["Haugerud skole"][2] == 4.0
    assert tables["season-declined-per-weekday"] == {"Tirsdag": [4.0, 0.0]}


def test_apply__too_many_sends_from_one_address__refused_with_429_and_typed_values_kept(
    client, gym, settings
):
    settings.PUBLIC_FORM_LIMIT_PER_ADDRESS = 1
    season_round = SeasonRoundFactory(venues=[gym.venue])
    url = reverse("lokaler:season_apply", kwargs={"slug": season_round.slug})
    assert client.post(url, application_data(gym, send="1")).status_code == 302
    again = client.post(
        url,
        application_data(
            gym, send="1", organisation_name="Andre koret", contact_email="a@example.org"
        ),
    )
    assert again.status_code == 429
    assert "vent en time" in again.text.lower()
    assert 'value="Andre koret"' in again.text
    assert SeasonApplication.objects.count() == 1


def test_apply__one_recipient_from_rotating_addresses__is_limited(client, gym, settings):
    settings.PUBLIC_FORM_LIMIT_PER_EMAIL = 1
    season_round = SeasonRoundFactory(venues=[gym.venue])
    url = reverse("lokaler:season_apply", kwargs={"slug": season_round.slug})
    first = client.post(url, application_data(gym, send="1"), REMOTE_ADDR="192.0.2.1")
    assert first.status_code == 302
    again = client.post(
        url,
        application_data(gym, send="1", organisation_name="Andre koret"),
        REMOTE_ADDR="192.0.2.2",
    )
    assert again.status_code == 429
    assert SeasonApplication.objects.count() == 1


def post_single_request(client, gym, **fields):
    """A single booking request for next Tuesday 18–20 through the public form, with this
    year's and next year's price tables; `fields` add to or replace the defaults."""
    from tests.lokaler.factories import next_weekday

    PriceTableFactory(year=timezone.localdate().year)
    PriceTableFactory(year=timezone.localdate().year + 1)
    day = next_weekday(1)
    data = {
        "organisation_name": "Noen",
        "is_new_initiative": "on",
        "contact_name": "Ola",
        "contact_email": "ola@example.org",
        "activity": "Kurs",
        "expected_participants": "10",
        "first_date": day.isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        **fields,
    }
    return client.post(
        reverse(
            "lokaler:booking_request_create",
            kwargs={"slug": gym.venue.slug, "room_slug": gym.slug},
        ),
        data,
    )


@pytest.mark.parametrize(
    ("age_group", "facts", "expected"),
    [
        ("children", {}, "Gratis: aktivitet for barn og unge under 25 år"),
        ("adults", {}, "2 timer × 155 kr (rom på 100–400 m²): 310\u00a0kr"),
        ("all_ages", {"share_under_25": "95"}, "Gratis: minst 90 % av deltakerne er under 25 år"),
        ("adults", {"is_adult_education": "on"}, "Gratis: godkjent studieforbund"),
        (
            "adults",
            {"is_adapted_sports": "on"},
            "Gratis: idrettstrening for personer med utviklingshemming",
        ),
        ("adults", {"is_for_pupils_of_the_school": "on"}, "Gratis: aktivitet for skolens egne"),
    ],
)
def test_single_request__check_shows_whether_it_is_free_or_what_it_costs(
    client, gym, age_group, facts, expected
):

    response = post_single_request(
        client, gym, activity="Trening", age_group=age_group, check="1", **facts
    )
    assert expected in response.text
    if age_group == "adults" and not facts:
        assert "Etableringsgebyr for en enkeltdato: 473\u00a0kr" in response.text
        assert "Til sammen: 783\u00a0kr" in response.text


def test_single_request__by_an_adult_education_organisation__is_saved_and_priced_free(client, gym):
    from lokaler.models import BookingRequest
    from lokaler.pricing import request_price
    from tests.lokaler.factories import next_weekday

    day = next_weekday(1)
    response = post_single_request(
        client,
        gym,
        organisation_name="Studieforbundet",
        age_group="adults",
        share_under_25="10",
        is_adult_education="on",
        times=day.isoformat(),
        send="1",
    )
    assert response.status_code == 302
    request = BookingRequest.objects.get()
    assert (request.is_adult_education, request.share_under_25) == (True, 10)
    request.occurrences.update(status=BookingOccurrence.Status.APPROVED)
    assert request_price(request).reason == "Gratis: godkjent studieforbund"


def test_round_page__shows_the_term_s_lending_hours_and_closed_periods(client, gym):
    from tests.lokaler.factories import WindowExceptionFactory

    season_round = SeasonRoundFactory(venues=[gym.venue])
    WindowExceptionFactory(
        venue=gym.venue,
        starts_on=season_round.term_starts_on + timedelta(days=7),
        ends_on=season_round.term_starts_on + timedelta(days=11),
        description="Vinterferie",
    )
    page = client.get(season_round.get_absolute_url())
    assert "Tirsdag 17:00–22:00" in page.text
    assert "Stengt i semesteret: Vinterferie" in page.text
    assert "Søk om sesongutlån" in page.text


def test_venue_admin__owner_sets_supervision_and_cleaning_which_the_price_adds(
    client, gym, make_staff
):
    from lokaler.lending_rules import Borrower
    from lokaler.season.services import PricedSlot, price_of, round_venues

    PriceTableFactory(year=timezone.localdate().year + 1)
    PriceTableFactory(year=timezone.localdate().year)
    alna = make_staff(Roles.UNIT_STAFF, units=(district("Alna"),))
    client.force_login(alna)
    page = client.get(reverse("admin:lokaler_venue_change", args=[gym.venue.pk]))
    assert 'name="requires_supervision"' in page.text
    assert 'name="requires_extra_cleaning"' in page.text
    season_round = SeasonRoundFactory(venues=[gym.venue])
    gym.venue.requires_supervision = True
    gym.venue.save()
    [venue] = round_venues(season_round)
    price = price_of(
        season_round=season_round,
        borrower=Borrower(age_group="adults"),
        slots=[PricedSlot(venue, gym, 1, time(18), time(20), "Gymsal")],
    )
    assert any("vakthold" in line.label and "× 250 kr" in line.label for line in price.lines)


def test_anonymise__applications_of_a_term_long_over_lose_personal_data_keeping_the_wishes(
    settings, gym
):
    from django.apps import apps
    from django.core.management import call_command

    settings.LOKALER_BOOKING_RETENTION_DAYS = 30
    today = timezone.localdate()
    old_round = SeasonRoundFactory(
        opens_on=today - timedelta(days=200),
        closes_on=today - timedelta(days=170),
        term_starts_on=today - timedelta(days=140),
        term_ends_on=today - timedelta(days=40),
    )
    old = SeasonApplicationFactory(round=old_round)
    SeasonWishFactory(application=old, room=gym)
    recent = SeasonApplicationFactory()
    events = apps.get_model("lokaler", "SeasonApplicationEvent").objects

    call_command("anonymise_booking_requests", stdout=open("/dev/null", "w"))  # noqa: SIM115

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.activity, old.organisation_name) == ("",) * 4
    assert old.wishes.count() == 1 and old.participants == 20
    assert not events.filter(pgh_obj_id=old.pk).exists()
    assert recent.contact_email
