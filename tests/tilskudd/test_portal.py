"""What the grant catalogue gives the core: search, coming deadlines, evaluation figures."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from frivilligkontor.statistics import Period
from tests.tilskudd.factories import GrantSchemeFactory, SubscriptionFactory
from tilskudd import portal
from tilskudd.models import GrantScheme

pytestmark = pytest.mark.django_db


def test_search__norwegian_prefix_matches_compounds():
    GrantSchemeFactory(name="Frivillighetsmidler Stovner", summary="Midler.", purpose="X.")
    GrantSchemeFactory(name="Kunst", summary="Kunst.", purpose="Kunst.", who_can_apply="Alle.")
    titles = [hit.title for hit in portal.search("frivillighet", limit=10)]
    assert titles == ["Frivillighetsmidler Stovner"]


def test_search__leaves_out_discontinued_schemes():
    GrantSchemeFactory(name="Integreringsmidler", status=GrantScheme.Status.DISCONTINUED)
    assert portal.search("integrering", limit=10) == []


def test_search__through_the_core_search_page(client):
    GrantSchemeFactory(name="Nærmiljøtilskudd")
    response = client.get("/sok/", {"q": "nærmiljø"})
    assert "Nærmiljøtilskudd" in response.content.decode()


def test_upcoming__deadlines_of_the_coming_weeks_soonest_first():
    GrantSchemeFactory(name="Later", deadline_in_days=30)
    GrantSchemeFactory(name="Sooner", deadline_in_days=5)
    GrantSchemeFactory(name="Far", deadline_in_days=200)
    GrantSchemeFactory(
        name="Closed", deadline_in_days=3, status=GrantScheme.Status.CLOSED_FOR_SEASON
    )
    items = portal.upcoming(limit=5)
    assert [item.title for item in items] == ["Sooner", "Later"]
    assert items[0].when == timezone.localdate() + dt.timedelta(days=5)
    assert items[0].url.startswith("/tilskudd/")


def test_statistics__catalogue_freshness_and_reminders():
    GrantSchemeFactory()
    GrantSchemeFactory(last_checked_on=timezone.localdate() - dt.timedelta(days=365))
    GrantSchemeFactory(is_example=True)
    SubscriptionFactory()
    today = timezone.localdate()
    period = Period(start=today - dt.timedelta(days=30), end=today)
    (section,) = portal.statistics(period=period)
    tables = {table.slug: dict(table.rows) for table in section.tables}
    # 2 + the subscription's scheme; one of them is past its review date.
    assert tables["grant-scheme-freshness"]["Alle"] == [3, 2, 66.7]
    assert tables["deadline-reminders"]["Bekreftede abonnementer på påminnelser"] == [1, 0]


def test_load_demo__adds_at_least_20_example_schemes_idempotently():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    count = GrantScheme.objects.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert GrantScheme.objects.count() == count >= 20
    assert not GrantScheme.objects.filter(is_example=False).exists()
    today = timezone.localdate()
    annotated = GrantScheme.objects.with_next_deadline(today)
    assert annotated.deadline_within(today, 30).count() >= 5
    assert annotated.filter(has_rolling_deadline=True).count() >= 2
    assert GrantScheme.objects.filter(status="closed_for_season").count() >= 1
    assert GrantScheme.objects.filter(status="discontinued").count() >= 1
    assert GrantScheme.objects.past_review_date(today).exists()
    districts = set(GrantScheme.objects.values_list("owner__name", flat=True))
    assert {
        "Bydel Alna",
        "Bydel Søndre Nordstrand",
        "Bydel Grünerløkka",
        "Bydel Gamle Oslo",
        "Bydel Stovner",
        "Kulturetaten",
        "Bymiljøetaten",
    } <= districts
