"""The shared helpers in the core: search, links, app-module discovery and iCal files."""

import datetime as dt

import icalendar
import pytest
from django.utils import timezone, translation

from frivilligkontor.discovery import app_modules
from frivilligkontor.ical import CalendarEntry, calendar_file, calendar_response
from frivilligkontor.links import absolute_url, site_url
from frivilligkontor.models import Organisation
from frivilligkontor.search import (
    ENGLISH,
    prefix_query,
    ranked_matches,
    search_words,
    weighted_vector,
)
from tests.factories import OrganisationFactory
from tests.lokaler.factories import RoomFactory, VenueFactory


def test_search_words__lower_case_each_once_and_at_most_ten():
    words = search_words("Skole SKOLE gymsal " + " ".join(f"ord{n}" for n in range(20)))
    assert words[:2] == ["skole", "gymsal"]
    assert len(words) == 10


def test_search_words__min_length_drops_short_words():
    assert search_words("vi vil låne en gymsal", min_length=4) == ["låne", "gymsal"]


def test_prefix_query__without_words__is_none():
    assert prefix_query("  &|!:*()' ") is None


@pytest.mark.django_db
def test_ranked_matches__every_word_matches_as_a_prefix_of_a_compound():
    OrganisationFactory(name="Haugerud skolekorps", description="Vi spiller musikk.")
    OrganisationFactory(name="Alna skolesjakk", description="Sjakk for alle.")
    found = Organisation.objects.search("skole musik")
    assert [organisation.name for organisation in found] == ["Haugerud skolekorps"]


@pytest.mark.django_db
def test_ranked_matches__text_as_typed_matches_the_containing_fields():
    OrganisationFactory(name="4H Norge Oslo", description="Ungdom.")
    assert [o.name for o in Organisation.objects.search("H Norge O")] == ["4H Norge Oslo"]


@pytest.mark.django_db
def test_ranked_matches__special_characters_never_break_the_query():
    OrganisationFactory(name="Kor & korps")
    assert [o.name for o in Organisation.objects.search("kor & korps:*")] == ["Kor & korps"]
    assert list(Organisation.objects.search("!:*()'")) == []


@pytest.mark.django_db
def test_ranked_matches__better_matches_rank_higher():
    OrganisationFactory(name="Frivillighetssentral", description="Om oss.")
    OrganisationFactory(name="Idrettslag", description="Frivillige trenere.")
    found = Organisation.objects.search("frivillig").order_by("-rank")
    assert [o.name for o in found] == ["Frivillighetssentral", "Idrettslag"]


@pytest.mark.django_db
def test_ranked_matches__a_vector_over_related_rows_never_repeats_a_row():
    venue = VenueFactory(name="Furuset skole")
    RoomFactory(venue=venue, name="Gymsal A")
    RoomFactory(venue=venue, name="Gymsal B")
    assert [v.name for v in venue.__class__.objects.search("gymsal")] == ["Furuset skole"]


@pytest.mark.django_db
def test_prefix_query__any_word_and_english_configuration():
    OrganisationFactory(name="Kor", description="We are volunteering every week.")
    OrganisationFactory(name="Korps", description="Brass band.")
    vector = weighted_vector(("A", "description"), config=ENGLISH)
    found = ranked_matches(Organisation.objects.all(), "volunteers", vector=vector, config=ENGLISH)
    assert [o.name for o in found] == ["Kor"]
    query = prefix_query("volunteer brass", config=ENGLISH, match_all=False)
    found = Organisation.objects.annotate(v=vector).filter(v=query)
    assert {o.name for o in found} == {"Kor", "Korps"}


def test_absolute_url__in_the_recipients_language(settings):
    settings.SITE_URL = "https://frivillig.oslo.kommune.no"
    assert absolute_url("nettverk:event_detail", language="en", slug="kurs") == (
        "https://frivillig.oslo.kommune.no/en/nettverk/arrangementer/kurs/"
    )
    assert absolute_url("nettverk:event_detail", slug="kurs") == (
        "https://frivillig.oslo.kommune.no/nettverk/arrangementer/kurs/"
    )


def test_absolute_url__keeps_the_active_language_and_adds_a_query(settings):
    settings.SITE_URL = "https://frivillig.oslo.kommune.no"
    with translation.override("en"):
        url = absolute_url("admin:tilskudd_grantscheme_changelist", query="review=past")
        assert translation.get_language() == "en"
    assert (
        url
        == f"https://frivillig.oslo.kommune.no/{settings.ADMIN_URL}tilskudd/grantscheme/?review=past"
    )
    assert site_url("/lokaler/") == "https://frivillig.oslo.kommune.no/lokaler/"


def test_app_modules__finds_each_apps_module_in_installed_order():
    names = [config.name for config, _module in app_modules("portal")]
    assert names == ["frivilligkontor", "henvendelser", "lokaler", "tilskudd", "nettverk"]
    without_core = [config.name for config, _module in app_modules("portal", include_core=False)]
    assert "frivilligkontor" not in without_core
    assert [config.name for config, _module in app_modules("no_such_module")] == []


def test_calendar_file__timed_all_day_and_yearly_entries():
    start = timezone.make_aware(dt.datetime(2026, 12, 1, 18, 0))
    content = calendar_file(
        "Frister",
        [
            CalendarEntry(
                uid="a@test",
                start=start,
                end=start + dt.timedelta(hours=2),
                summary="Kurs",
                location="Furuset",
                status="CANCELLED",
            ),
            CalendarEntry(
                uid="b@test",
                start=dt.date(2027, 3, 1),
                end=dt.date(2027, 3, 2),
                summary="Frist",
                transparent=True,
                repeats_yearly=True,
            ),
        ],
        publish=True,
    )
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar["X-WR-CALNAME"] == "Frister" and calendar["METHOD"] == "PUBLISH"
    timed, all_day = calendar.walk("VEVENT")
    assert timed["UID"] == "a@test" and timed["STATUS"] == "CANCELLED"
    assert timed.decoded("DTSTART") == start and timed["LOCATION"] == "Furuset"
    assert "RRULE" not in timed and "TRANSP" not in timed
    assert all_day.decoded("DTSTART") == dt.date(2027, 3, 1)
    assert all_day["RRULE"]["FREQ"] == ["YEARLY"] and all_day["TRANSP"] == "TRANSPARENT"


def test_calendar_response__inline_or_download():
    shown = calendar_response(b"BEGIN:VCALENDAR", filename="a.ics")
    saved = calendar_response(b"BEGIN:VCALENDAR", filename="b.ics", download=True)
    assert shown["Content-Type"] == "text/calendar; charset=utf-8"
    assert shown["Content-Disposition"] == 'inline; filename="a.ics"'
    assert saved["Content-Disposition"] == 'attachment; filename="b.ics"'


@pytest.mark.django_db
def test_filter_fields__optional_all_first_and_districts_by_slug():
    from django import forms

    from frivilligkontor.forms import district_filter, target_group_filter

    class Filters(forms.Form):
        district = district_filter()
        target_group = target_group_filter()

    assert list(Filters().fields["target_group"].choices)[0][0] == ""
    empty = Filters(data={})
    assert empty.is_valid() and empty.cleaned_data == {"district": None, "target_group": ""}
    chosen = Filters(data={"district": "alna", "target_group": "seniors"})
    assert chosen.is_valid() and chosen.cleaned_data["district"].name == "Bydel Alna"
    wrong = Filters(data={"district": "atlantis", "target_group": "pets"})
    assert not wrong.is_valid() and set(wrong.errors) == {"district", "target_group"}


def test_format_time_span__oslo_time_in_words_in_each_language():
    from frivilligkontor.timespans import format_range, format_time_span

    oslo = timezone.get_default_timezone()
    start = dt.datetime(2026, 12, 1, 16, 0, tzinfo=dt.UTC)  # 17:00 in Oslo
    end = dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.UTC)
    today = dt.date(2026, 11, 30)
    with translation.override("nb"):
        assert format_time_span(start, end, today=today) == "tirsdag 1. desember 17:00–19:00"
        late = dt.datetime(2026, 12, 2, 1, 0, tzinfo=oslo)
        assert format_time_span(start, late, today=today) == (
            "tirsdag 1. desember 17:00 – onsdag 2. desember 01:00"
        )
        assert format_time_span(start, end, today=dt.date(2025, 6, 1)) == (
            "tirsdag 1. desember 2026 17:00–19:00"
        )
        assert format_range(None) == "–"
    with translation.override("en"):
        assert format_time_span(start, end, today=today) == "Tuesday 1 December 17:00–19:00"
