"""What nettverk gives the front page, the search and the evaluation figures."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from frivilligkontor import portal as core_portal
from frivilligkontor.models import Organisation
from frivilligkontor.statistics import Period
from nettverk import portal, services
from nettverk.models import Event
from tests.factories import district
from tests.nettverk.factories import (
    EventFactory,
    MeetingPlaceFactory,
    make_organisation,
)

pytestmark = pytest.mark.django_db


def test_search__prefix_finds_norwegian_compounds():
    EventFactory(title="Frivillighetsmesse på Furuset")
    hits = portal.search("frivillighet", limit=10)
    assert [hit.title.split(" (")[0] for hit in hits] == ["Frivillighetsmesse på Furuset"]
    assert hits[0].kind == "Rekrutteringsmesse" or hits[0].kind


def test_search__finds_approved_organisations_by_description_but_not_pending_ones():
    make_organisation(
        name="Haugerud Skolekorps", description="Korps for barn som liker å spille musikk"
    )
    make_organisation(
        name="Hemmelig korps", status=Organisation.Status.PENDING, description="Korps"
    )
    titles = [hit.title for hit in portal.search("korps", limit=10)]
    assert "Haugerud Skolekorps" in titles
    assert "Hemmelig korps" not in titles
    assert [hit.title for hit in portal.search("musikk", limit=10)] == ["Haugerud Skolekorps"]


def test_search__through_the_portal_page(client):
    EventFactory(title="Styrekurs for nye foreninger")
    content = client.get("/sok/", {"q": "styrekurs"}).content.decode()
    assert "Styrekurs for nye foreninger" in content


def test_search__past_and_odd_queries__give_nothing_and_no_error():
    past = timezone.now() - datetime.timedelta(days=10)
    EventFactory(title="Gammel messe", starts_at=past, ends_at=past + datetime.timedelta(hours=1))
    assert portal.search("gammel", limit=10) == []
    assert portal.search("&|!:*()'", limit=10) == []


def test_upcoming__next_events_with_a_meeting_place_once():
    EventFactory(title="Styrekurs")
    EventFactory(title="Avlyst kurs", state=Event.State.CANCELLED)
    services.generate_series_events(meeting_place=MeetingPlaceFactory(title="Frivilligkafé"))
    titles = [item.title for item in portal.upcoming(limit=6)]
    assert titles.count("Frivilligkafé") == 1
    assert "Styrekurs" in titles
    assert "Avlyst kurs" not in titles
    assert any(item.title == "Styrekurs" for item in core_portal.upcoming(limit=6))


def test_statistics__organisations_registered_per_district_and_activity():
    start = timezone.localdate() - datetime.timedelta(days=60)
    period = Period(start=start, end=timezone.localdate())
    new = make_organisation(
        is_new_initiative=True, organisation_number="", activity_areas=["sport"]
    )
    new.districts.add(district("Alna"))
    make_organisation(status=Organisation.Status.PENDING, activity_areas=["sport", "culture"])
    make_organisation(contact_email="post@lag.demo.example.org")  # demo data: left out
    (section,) = portal.statistics(period=period)
    tables = {table.slug: dict(table.rows) for table in section.tables}
    assert tables["organisations-per-district"] == {"Bydel Alna": [1, 0]}
    assert tables["organisations-per-activity"]["Idrett og fysisk aktivitet"] == [2, 0]
    assert tables["organisations-per-activity"]["Kultur og musikk"] == [1, 0]


def test_load_demo__adds_events_past_and_upcoming_and_forty_organisations_idempotently():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Event.objects.count(), Organisation.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Event.objects.count(), Organisation.objects.count()) == counts
    assert Organisation.objects.count() >= 40
    assert Organisation.objects.filter(status=Organisation.Status.PENDING).exists()
    assert Organisation.objects.filter(is_new_initiative=True, organisation_number="").exists()
    assert Event.objects.past().exists() and Event.objects.upcoming().exists()
    fair = Event.objects.get(title="Frivillighetsmesse på Furuset")
    assert fair.places_left == 2
    assert fair.confirmed_places == sum(r.confirmed_places for r in fair.registrations.all())


def test_event_matching__kind_district_target_group_and_language_together():
    alna = district("Alna")
    wanted = EventFactory(kind="course", district=alna, target_groups=["seniors"], language="en")
    EventFactory(kind="course", district=alna, target_groups=["seniors"], language="nb")
    EventFactory(kind="course", district=district("Frogner"), target_groups=["seniors"])
    EventFactory(kind="network_meeting", district=alna, target_groups=["seniors"], language="en")
    found = Event.objects.matching(
        kind="course", district=alna, target_group="seniors", language="en"
    )
    assert list(found) == [wanted]
    assert Event.objects.matching().count() == 4
