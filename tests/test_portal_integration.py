"""The core's doors into the apps, on the demo data: search, "coming up" and the figures."""

import pytest
from django.core.management import call_command

from frivilligkontor import portal
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


def test_evaluation_figures__come_from_every_app(client, demo_data, make_staff):
    from datetime import date

    figures = portal.figures(start=date(2020, 1, 1), end=date(2030, 12, 31))
    apps_reporting = {figure.app for figure in figures}
    assert len(apps_reporting) >= 4, apps_reporting
    client.force_login(make_staff(Roles.CASE_OFFICERS))
    content = client.get(
        "/admin/evaluering/", {"start": "2020-01-01", "end": "2030-12-31"}
    ).content.decode()
    assert str(figures[0].label) in content


@pytest.mark.parametrize("path", ["/", "/sok/?q=skole"])
def test_portal_pages__stay_within_a_fixed_query_budget_on_the_demo_data(
    client, demo_data, django_assert_max_num_queries, path
):
    with django_assert_max_num_queries(40):
        client.get(path)
