"""The Statistics page: each app's figures checked exactly on known data (working days
across Easter and Christmas, the year-over-year comparison), and the page itself."""

import base64
import csv
import io
import re
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frivilligkontor.models import Organisation, Roles
from frivilligkontor.statistics import (
    Grouping,
    Period,
    collect,
    counts_over_time,
    percentile_90,
)
from henvendelser.models import ArticleFeedback, CaseFeedback
from lokaler.models import BookingOccurrence, BookingRequest, UnmetSearch
from nettverk.models import Event, Registration
from nettverk.services import cancel_registration, register
from tests.factories import OrganisationFactory, district
from tests.henvendelser.factories import EnquiryFactory, GuidanceArticleFactory
from tests.lokaler.factories import RoomFactory, occurrence
from tests.nettverk.factories import EventFactory, RegistrationFactory
from tests.tilskudd.factories import GrantSchemeFactory

pytestmark = pytest.mark.django_db

YEAR_2026 = Period(start=date(2026, 1, 1), end=date(2026, 12, 31), grouping=Grouping.QUARTER)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def table(period: Period, slug: str) -> dict[str, list]:
    for section in collect(period):
        for each in section.tables:
            if each.slug == slug:
                return {label: list(values) for label, values in each.rows}
    raise AssertionError(f"no table {slug}")


def enquiry(received: date, answered: date | None = None, feedback: str = "", **fields):
    case = EnquiryFactory(
        received_at=at(received),
        first_answered_at=at(answered, 14) if answered else None,
        status="answered" if answered else "new",
        **fields,
    )
    if feedback:
        CaseFeedback.objects.create(enquiry=case, answer=feedback)
    return case


@pytest.fixture
def enquiries():
    alna = district("Alna")
    # 2026. Easter: received Wed 1 April, answered Tue 7 April = 1 working day (Maundy
    # Thursday, Good Friday, the weekend and Easter Monday are closed); due 13 April.
    enquiry(date(2026, 4, 1), date(2026, 4, 7), "yes", topic="grants", district=alna,
            is_new_initiative=True)  # fmt: skip
    # Christmas: received Wed 23 Dec, answered Mon 4 Jan 2027 = 4 working days (24, 25, 26,
    # 31 Dec and 1 Jan are closed); due 5 January, so in time.
    enquiry(date(2026, 12, 23), date(2027, 1, 4), "no", topic="premises", district=alna)
    # Received Mon 2 Feb, answered Mon 16 Feb = 10 working days; due 9 Feb: late.
    enquiry(date(2026, 2, 2), date(2026, 2, 16), "partly", topic="grants")
    # Never answered, past its deadline: counts as late.
    enquiry(date(2026, 3, 2), topic="starting")
    # Demo data is left out.
    enquiry(date(2026, 1, 12), date(2026, 1, 13), "yes", email="kari@eksempel.no")
    # The year before: 2 and 0 working days, both in time, both "yes".
    enquiry(date(2025, 3, 3), date(2025, 3, 5), "yes", topic="grants")
    enquiry(date(2025, 7, 1), date(2025, 7, 1), "yes", topic="volunteers")


def test_period__previous_year_and_quarters_cut_to_the_period():
    period = Period(start=date(2024, 2, 29), end=date(2024, 8, 15), grouping=Grouping.QUARTER)
    assert period.previous_year() == Period(
        start=date(2023, 2, 28), end=date(2023, 8, 15), grouping=Grouping.QUARTER
    )
    assert [(b.start, b.end) for b in period.buckets()] == [
        (date(2024, 2, 29), date(2024, 3, 31)),
        (date(2024, 4, 1), date(2024, 6, 30)),
        (date(2024, 7, 1), date(2024, 8, 15)),
    ]
    assert [b.label for b in period.buckets()] == ["K1 2024", "K2 2024", "K3 2024"]
    months = Period(start=date(2026, 11, 20), end=date(2027, 1, 3)).buckets()
    assert [b.label for b in months] == ["november 2026", "desember 2026", "januar 2027"]


def test_counts_over_time__days_per_bucket_beside_the_same_bucket_a_year_before():
    period = Period(start=date(2024, 2, 29), end=date(2024, 8, 15), grouping=Grouping.QUARTER)
    days = [date(2024, 2, 29), date(2024, 3, 31), date(2024, 8, 15), date(2024, 8, 16)]
    days_before = [date(2023, 2, 27), date(2023, 2, 28), date(2023, 5, 1)]
    assert counts_over_time(period, days, days_before) == [
        ("K1 2024", [2, 1]),
        ("K2 2024", [0, 1]),
        ("K3 2024", [1, 0]),
    ]


def test_percentile_90__nearest_rank():
    assert percentile_90([1, 4, 10]) == 10
    assert percentile_90(list(range(1, 21))) == 18
    assert percentile_90([]) is None


def test_enquiry_figures__exact_with_working_days_and_year_before(enquiries):
    key = table(YEAR_2026, "enquiries-key-figures")
    assert key["Mottatte henvendelser"] == [4, 2]
    assert key["Andel fra nye initiativ (%)"] == [25.0, 0.0]
    assert key["Arbeidsdager til første svar, median"] == [4.0, 1.0]
    assert key["Arbeidsdager til første svar, 90-persentil"] == [10.0, 2.0]
    assert key["Andel besvart innen fristen (%)"] == [50.0, 100.0]
    assert key["Svar på «Fikk du hjelp?»"] == [3, 2]
    assert key["Fornøydhet: andel som svarer «ja» (%)"] == [33.3, 100.0]

    assert table(YEAR_2026, "enquiries-over-time") == {
        "K1 2026": [2, 1],
        "K2 2026": [1, 0],
        "K3 2026": [0, 1],
        "K4 2026": [1, 0],
    }
    per_topic = table(YEAR_2026, "enquiries-per-topic")
    assert per_topic["Tilskudd"] == [2, 1]
    assert per_topic["Lokaler"] == [1, 0]
    assert per_topic["Rekruttere frivillige"] == [0, 1]
    assert table(YEAR_2026, "enquiries-per-district") == {
        "Bydel Alna": [2, 0],
        "Ikke oppgitt": [2, 2],
    }
    satisfaction = table(YEAR_2026, "satisfaction-per-topic")
    assert satisfaction["Tilskudd"] == [50.0, 100.0]
    assert satisfaction["Lokaler"] == [0.0, None]
    assert table(YEAR_2026, "satisfaction-over-time")["K2 2026"] == [100.0, None]


def test_enquiry_figures__one_district(enquiries):
    alna = Period(start=YEAR_2026.start, end=YEAR_2026.end, district=district("Alna"))
    key = table(alna, "enquiries-key-figures")
    assert key["Mottatte henvendelser"] == [2, 0]
    assert key["Arbeidsdager til første svar, median"] == [2.5, None]
    assert table(alna, "enquiries-per-district") == {"Bydel Alna": [2, 0]}


def test_guidance_usefulness__votes_in_the_period_per_article():
    article = GuidanceArticleFactory(title_nb="Slik søker du")
    for useful, day in [(True, date(2026, 5, 1)), (True, date(2026, 6, 1)),
                        (False, date(2026, 6, 2)), (True, date(2025, 6, 1))]:  # fmt: skip
        ArticleFeedback.objects.create(article=article, useful=useful, created_at=at(day))
    assert table(YEAR_2026, "guidance-usefulness") == {"Slik søker du": [2, 1]}


def test_venue_figures__hours_lent_declined_and_time_bands():
    room = RoomFactory()
    occurrence(room, date(2026, 3, 10), time(18), time(20), status="approved")
    occurrence(room, date(2026, 3, 14), time(10), time(13), status="approved")  # Saturday
    declined = occurrence(room, date(2026, 3, 11), time(20), time(22))
    BookingOccurrence.objects.filter(pk=declined.pk).update(
        status="declined", decline_reason="Opptatt"
    )
    occurrence(room, date(2025, 3, 11), time(18), time(19, 30), status="approved")
    period = Period(start=date(2026, 1, 1), end=date(2026, 6, 30))
    key = table(period, "venues-key-figures")
    assert key["Tider godkjent"] == [2, 1]
    assert key["Tider avslått"] == [1, 0]
    assert key["Timer lånt ut"] == [5.0, 1.5]
    assert key["Timer avslått"] == [2.0, 0.0]
    assert table(period, "hours-lent-per-district") == {"Bydel Alna": [5.0, 1.5]}
    assert table(period, "hours-lent-per-venue-kind")["Skole"] == [5.0, 1.5]
    unmet = table(period, "declined-hours-per-time-band")
    assert unmet["Hverdager fra 20"] == [2.0, 0.0]
    assert unmet["Helg"] == [0.0, 0.0]
    assert table(period, "declined-hours-per-district") == {"Bydel Alna": [2.0, 0.0]}


def test_venue_figures__hours_that_clashed_with_another_request_for_the_room():
    hall, other_hall = RoomFactory(), RoomFactory()
    occurrence(hall, date(2026, 3, 10), time(18), time(20))  # overlaps the next: clash
    occurrence(hall, date(2026, 3, 10), time(19), time(21), status="approved")
    occurrence(other_hall, date(2026, 3, 10), time(18), time(20))  # another room: none
    occurrence(hall, date(2026, 3, 11), time(18), time(20))  # alone that day
    late = occurrence(hall, date(2026, 3, 11), time(19), time(20))
    BookingOccurrence.objects.filter(pk=late.pk).update(status="cancelled")  # no clash
    occurrence(hall, date(2025, 3, 11), time(18), time(19))  # the year before: a pair
    occurrence(hall, date(2025, 3, 11), time(18, 30), time(19))
    period = Period(start=date(2026, 1, 1), end=date(2026, 6, 30))
    key = table(period, "venues-key-figures")
    assert key["Timer det ble spurt om som kolliderte med en annen forespørsel om rommet"] == [
        4.0, 1.5
    ]  # fmt: skip
    assert table(period, "clashing-hours-per-district") == {"Bydel Alna": [4.0, 1.5]}
    grorud = Period(start=period.start, end=period.end, district=district("Grorud"))
    assert table(grorud, "clashing-hours-per-district") == {}


def test_venue_figures__requests_approvals_and_declines_per_district_and_venue_kind():
    school = RoomFactory()  # a school in Alna
    library = RoomFactory(venue__kind="library", venue__unit=district("Grorud"))
    sent = {  # when each request was sent; times count when they take place
        occurrence(school, date(2026, 3, 10), status="approved"): date(2026, 2, 1),
        occurrence(school, date(2026, 3, 11), status="approved"): date(2026, 2, 2),
        occurrence(library, date(2026, 3, 12)): date(2026, 2, 3),
        occurrence(library, date(2025, 3, 12), status="approved"): date(2025, 2, 3),
        occurrence(school, date(2026, 9, 1)): date(2026, 5, 5),  # takes place after
    }
    for time_, day in sent.items():
        BookingRequest.objects.filter(pk=time_.request_id).update(
            created_at=at(day), is_new_initiative=day.month == 2
        )
    library_time = next(
        each for each in sent if each.room == library and each.during.lower.year == 2026
    )
    BookingOccurrence.objects.filter(pk=library_time.pk).update(
        status="declined", decline_reason="Stengt"
    )
    period = Period(start=date(2026, 1, 1), end=date(2026, 6, 30))
    key = table(period, "venues-key-figures")
    assert key["Låneforespørsler"] == [4, 1]
    assert key["Forespørsler om lån fra nye initiativ"] == [3, 1]
    assert table(period, "venue-requests-over-time") == {
        "januar 2026": [0, 0], "februar 2026": [3, 1], "mars 2026": [0, 0],
        "april 2026": [0, 0], "mai 2026": [1, 0], "juni 2026": [0, 0],
    }  # fmt: skip
    assert table(period, "booking-decisions-per-district") == {
        "Bydel Alna: låneforespørsler": [3, 0],
        "Bydel Alna: godkjente tider": [2, 0],
        "Bydel Alna: avslåtte tider": [0, 0],
        "Bydel Grorud: låneforespørsler": [1, 1],
        "Bydel Grorud: godkjente tider": [0, 1],
        "Bydel Grorud: avslåtte tider": [1, 0],
    }
    per_kind = table(period, "booking-decisions-per-venue-kind")
    assert per_kind["Skole: låneforespørsler"] == [3, 0]
    assert per_kind["Skole: godkjente tider"] == [2, 0]
    assert per_kind["Bibliotek: avslåtte tider"] == [1, 0]
    assert per_kind["Bibliotek: godkjente tider"] == [0, 1]
    alna = Period(start=period.start, end=period.end, district=district("Alna"))
    assert list(table(alna, "booking-decisions-per-district")) == [
        "Bydel Alna: låneforespørsler", "Bydel Alna: godkjente tider", "Bydel Alna: avslåtte tider"
    ]  # fmt: skip


def test_unmet_searches__per_district_and_time_band_beside_the_year_before():
    alna, grorud = district("Alna"), district("Grorud")

    def searched(on: date, day: date, start: time, where=None):
        UnmetSearch.objects.create(searched_at=at(on), day=day, start_time=start,
                                   end_time=time(start.hour + 2), district=where)  # fmt: skip

    searched(date(2026, 2, 2), date(2026, 2, 10), time(18), alna)  # Tuesday 18: 17–20
    searched(date(2026, 2, 3), date(2026, 2, 14), time(10), alna)  # Saturday: weekend
    searched(date(2026, 3, 1), date(2026, 3, 3), time(20))  # all districts, from 20
    searched(date(2026, 7, 1), date(2026, 7, 7), time(12), grorud)  # after the period
    searched(date(2025, 2, 2), date(2025, 2, 4), time(18), grorud)  # the year before
    period = Period(start=date(2026, 1, 1), end=date(2026, 6, 30))
    assert table(period, "venues-key-figures")["Søk etter ledig rom uten treff"] == [3, 1]
    assert table(period, "unmet-searches-per-district") == {
        "Bydel Alna": [2, 0],
        "Bydel Grorud": [0, 1],
        "Alle bydeler": [1, 0],
    }
    assert table(period, "unmet-searches-per-time-band") == {
        "Hverdager før 17": [0, 0],
        "Hverdager 17–20": [1, 1],
        "Hverdager fra 20": [1, 0],
        "Helg": [1, 0],
    }
    only_alna = Period(start=period.start, end=period.end, district=alna)
    assert table(only_alna, "unmet-searches-per-district") == {"Bydel Alna": [2, 0]}


def test_event_figures__held_registrations_attendance_without_demo_events():
    held = EventFactory(starts_at=at(date(2026, 5, 5), 18), ends_at=at(date(2026, 5, 5), 20))
    RegistrationFactory(event=held, party_size=3, confirmed_places=3, attended=True)
    RegistrationFactory(event=held, party_size=2, confirmed_places=2, attended=False)
    EventFactory(
        starts_at=at(date(2026, 5, 6)), ends_at=at(date(2026, 5, 6), 12),
        state=Event.State.CANCELLED,
    )  # fmt: skip
    EventFactory(
        slug="demo-messe", starts_at=at(date(2026, 5, 7)), ends_at=at(date(2026, 5, 7), 12)
    )
    EventFactory(starts_at=at(date(2025, 5, 6)), ends_at=at(date(2025, 5, 6), 12))
    key = table(YEAR_2026, "events-key-figures")
    assert key["Arrangementer holdt"] == [1, 1]
    assert key["Arrangementer avlyst"] == [1, 0]
    assert key["Påmeldinger til arrangementer som er holdt"] == [2, 0]
    assert key["Bekreftede plasser på arrangementer som er holdt"] == [5, 0]
    assert key["Personer som møtte (registrert)"] == [3, 0]
    assert table(YEAR_2026, "events-over-time")["K2 2026"] == [1, 1]


def test_event_figures__waiting_list_moves_counted_from_the_history():
    """Two parties wait for a full event; one cancellation moves the first up wholly and the
    second partly. The event is then held (moved into the past without touching the
    registrations)."""
    event = EventFactory(capacity=4)
    register(event=event, name="Kari Nordmann", email="kari@test.no", party_size=4)
    first = register(event=event, name="Ola Hansen", email="ola@test.no", party_size=2)
    second = register(event=event, name="Siri Berg", email="siri@test.no", party_size=3)
    assert (first.waiting, second.waiting) == (2, 3)
    cancel_registration(registration=Registration.objects.get(email="kari@test.no"))
    Event.objects.filter(pk=event.pk).update(
        starts_at=at(date(2026, 5, 5), 18), ends_at=at(date(2026, 5, 5), 20)
    )
    key = table(YEAR_2026, "events-key-figures")
    assert key["Påmeldinger som rykket opp fra ventelisten"] == [2, 0]
    assert key["Plasser som rykket opp fra ventelisten"] == [4, 0]
    assert key["Plasser fortsatt på venteliste da arrangementet ble holdt"] == [1, 0]


def test_grant_scheme_freshness__today_without_example_schemes():
    GrantSchemeFactory()
    GrantSchemeFactory(last_checked_on=timezone.localdate() - timedelta(days=3 * 365))
    GrantSchemeFactory(is_example=True)
    freshness = table(YEAR_2026, "grant-scheme-freshness")
    assert freshness["Alle"] == [2, 1, 50.0]


def test_figures__number_of_queries_does_not_grow_with_the_rows():
    alna = district("Alna")
    room = RoomFactory()

    def add_rows(count: int) -> None:
        for index in range(count):
            day = date(2026, 3, 2) + timedelta(days=index)
            enquiry(day, day + timedelta(days=1), "yes", topic="grants", district=alna)
            occurrence(room, day, status="approved")
            event = EventFactory(starts_at=at(day, 18), ends_at=at(day, 20))
            RegistrationFactory(event=event, party_size=2, confirmed_places=2)
            OrganisationFactory().districts.set([alna])
            UnmetSearch.objects.create(
                searched_at=at(day), day=day, start_time=time(18), end_time=time(20)
            )
            ArticleFeedback.objects.create(
                article=GuidanceArticleFactory(), useful=True, created_at=at(day)
            )
        # Registered and sent in the period too (these fields are set on creation).
        Organisation.objects.update(created_at=at(date(2026, 3, 1)))
        BookingRequest.objects.update(created_at=at(date(2026, 3, 1)))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            for where in (None, alna):  # all of Oslo, and one district
                collect(Period(start=date(2026, 1, 1), end=date(2026, 6, 30), district=where))
        return len(captured)

    add_rows(1)
    few = queries()
    add_rows(6)
    assert queries() == few


# --- the page -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [(Roles.CASE_OFFICERS, 200), (Roles.CONTENT_EDITORS, 200), (Roles.UNIT_STAFF, 403)],
)
def test_statistics_page__by_role(client, make_staff, role, expected):
    client.force_login(make_staff(role))
    response = client.get("/admin/statistikk/")
    assert response.status_code == expected


def test_statistics_page__old_address_leads_there(client, make_staff):
    client.force_login(make_staff(Roles.CASE_OFFICERS))
    response = client.get("/admin/evaluering/?start=2026-01-01")
    assert response.status_code == 302
    assert response["Location"] == "/admin/statistikk/?start=2026-01-01"


def test_statistics_page__shows_charts_tables_and_says_demo_data_is_left_out(
    client, make_staff, enquiries
):
    client.force_login(make_staff(Roles.CASE_OFFICERS))
    response = client.get(
        "/admin/statistikk/", {"start": "2026-01-01", "end": "2026-12-31", "grouping": "quarter"}
    )
    html = response.content.decode()
    assert "Eksempeldata (demo) er holdt utenfor" in html
    charts = re.findall(
        r'<img class="stats-chart" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html
    )
    assert len(charts) >= 10
    svg = base64.b64decode(charts[0][0]).decode()
    assert svg.startswith("<svg") and "<rect" in svg
    assert charts[0][1].startswith("Diagram: ")
    assert "33,3" in html  # the satisfaction share, with a decimal comma


def test_statistics_page__csv_of_a_table_matches_the_table(client, make_staff, enquiries):
    client.force_login(make_staff(Roles.CASE_OFFICERS))
    query = {"start": "2026-01-01", "end": "2026-12-31", "grouping": "quarter"}
    response = client.get("/admin/statistikk/", {**query, "csv": "enquiries-key-figures"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Tall"
    assert ["Mottatte henvendelser", "4", "2"] in rows
    assert ["Fornøydhet: andel som svarer «ja» (%)", "33.3", "100"] in rows


def test_statistics_page__bad_period__message_beside_the_field(client, make_staff):
    client.force_login(make_staff(Roles.CASE_OFFICERS))
    response = client.get("/admin/statistikk/", {"start": "2026-05-01", "end": "2026-01-01"})
    html = response.content.decode()
    assert "Sluttdatoen må være samme dag som eller etter startdatoen." in html
    assert 'value="2026-05-01"' in html
    response = client.get("/admin/statistikk/", {"start": "nonsense", "end": "2026-01-01"})
    assert response.status_code == 200
    # A year before year 1, or the day after 31 December 9999, cannot be counted.
    for start, end in [
        ("0001-01-01", "0001-12-31"),
        ("9999-01-01", "9999-12-31"),
        ("2026-01-01", "9999-12-31"),
    ]:
        response = client.get("/admin/statistikk/", {"start": start, "end": end})
        assert response.status_code == 200
        assert "Velg en dato fra år 2000 til 2100." in response.content.decode()


def test_statistics_page__printable_view(client, make_staff, enquiries):
    client.force_login(make_staff(Roles.CASE_OFFICERS))
    response = client.get(
        "/admin/statistikk/", {"start": "2026-01-01", "end": "2026-12-31", "utskrift": "1"}
    )
    html = response.content.decode()
    assert "Frivilligkontoret: tall for" in html
    assert 'id="header"' not in html
    assert "data:image/svg+xml;base64," in html
