"""The core's doors into the apps, on the demo data: search, "coming up" and the figures."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from frivilligkontor.models import Roles


@pytest.fixture
def demo_data(db):
    with open("/dev/null", "w") as quiet:
        call_command("load_demo", stdout=quiet)


def test_search__finds_venues_guidance_and_grants_with_compound_prefixes(client, demo_data):
    content = client.get("/sok/", {"q": "skole"}).content.decode()
    assert "Lokale" in content  # a venue (a school)
    response = client.get("/sok/", {"q": "frivillighet"})
    kinds = {hit.kind for hit in response.context["hits"]}
    assert "Tilskuddsordning" in kinds
    assert len(response.context["hits"]) >= 3


def test_search__in_english__labels_hits_in_english(client, demo_data):
    response = client.get("/en/sok/", {"q": "frivillighet"})
    kinds = {hit.kind for hit in response.context["hits"]}
    assert "Grant scheme" in kinds
    assert all(hit.url.startswith("/en/") for hit in response.context["hits"])


def test_search__nonsense__says_nothing_was_found_and_offers_to_ask(client, demo_data):
    content = client.get("/sok/", {"q": "xqzvwy"}).content.decode()
    assert "0 treff" in content
    assert 'href="/henvendelser/ny/"' in content


def test_front_page__shows_what_is_coming_up_from_the_apps(client, demo_data):
    response = client.get("/")
    items = response.context["upcoming"]
    assert len(items) == 6
    days = [item.when.date() if hasattr(item.when, "date") else item.when for item in items]
    assert days == sorted(days)
    assert len({item.kind for item in items}) >= 2  # events and grant deadlines
    content = response.content.decode()
    for item in items:
        assert item.url in content


def test_statistics__every_app_reports_and_demo_data_is_left_out(client, demo_data, make_staff):
    from datetime import date

    from frivilligkontor.statistics import Period, collect

    sections = collect(Period(start=date(2020, 1, 1), end=date(2030, 12, 31)))
    assert {section.slug for section in sections} >= {
        "henvendelser",
        "lokaler",
        "tilskudd",
        "nettverk",
    }
    tables = {table.slug: dict(table.rows) for section in sections for table in section.tables}
    # The demo loads cases, bookings, events, organisations and schemes: none count here.
    assert tables["enquiries-key-figures"]["Mottatte henvendelser"] == [0, 0]
    assert tables["venues-key-figures"]["Låneforespørsler"] == [0, 0]
    assert tables["events-key-figures"]["Arrangementer holdt"] == [0, 0]
    assert tables["grant-scheme-freshness"]["Alle"] == [0, 0, None]
    assert not tables["organisations-per-district"]
    client.force_login(make_staff(Roles.CASE_OFFICERS))
    response = client.get("/admin/statistikk/", {"start": "2020-01-01", "end": "2022-12-31"})
    assert response.status_code == 200
    assert "Henvendelser: nøkkeltall" in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/sok/?q=skole"])
def test_portal_pages__stay_within_a_fixed_query_budget_on_the_demo_data(
    client, demo_data, django_assert_max_num_queries, path
):
    with django_assert_max_num_queries(40):
        client.get(path)


@pytest.mark.django_db
def test_coming_up__kept_for_everyone_until_what_it_shows_changes(
    client, django_assert_num_queries
):
    """The front page's "coming up" is built once and kept in the shared cache: a warm front
    page asks the database one question (the cached list and its data versions together);
    saving or deleting an event makes it stale at once, in every process."""
    from django.utils import timezone

    from tests.nettverk.factories import EventFactory

    client.get("/")
    with django_assert_num_queries(1):
        assert client.get("/").status_code == 200
    event = EventFactory(title="Dugnad i Furuset", starts_at=timezone.now() + timedelta(days=3))
    assert "Dugnad i Furuset" in client.get("/").content.decode()
    event.title = "Dugnad på Furuset"
    event.save()
    assert "Dugnad på Furuset" in client.get("/").content.decode()
    event.delete()
    assert "Dugnad på Furuset" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_search__kept_for_everyone_until_what_it_searches_changes(client):
    """The same words give the same hits to everyone, so /sok/ keeps them in the shared
    cache; a new or changed grant scheme is found at once, and a removed one is gone."""
    from tests.tilskudd.factories import GrantSchemeFactory

    assert "Trolldomsmidler" not in client.get("/sok/?q=trolldom").content.decode()
    scheme = GrantSchemeFactory(name="Trolldomsmidler for barn")
    assert "Trolldomsmidler for barn" in client.get("/sok/?q=trolldom").content.decode()
    scheme.name = "Trolldomsmidler for unge"
    scheme.save()
    assert "Trolldomsmidler for unge" in client.get("/sok/?q=trolldom").content.decode()
    scheme.delete()
    assert "Trolldomsmidler" not in client.get("/sok/?q=trolldom").content.decode()
