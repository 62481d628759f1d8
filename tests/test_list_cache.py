"""The public list pages keep their results in the shared cache (frivilligkontor/
shared_cache.py, `results_for_everyone`): what changes shows on the next request, and a
page served from the cache reads its rows with no query of its own."""

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from frivilligkontor.shared_cache import refuse_secrets
from henvendelser.models import GuidanceArticle
from nettverk import services as nettverk_services
from tests.factories import OrganisationFactory, district
from tests.henvendelser.factories import GuidanceArticleFactory
from tests.nettverk.factories import EventFactory
from tests.tilskudd.factories import GrantDeadlineFactory, GrantSchemeFactory

pytestmark = pytest.mark.django_db


def page(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def test_event_list__a_new_event_and_a_full_one_show_on_the_next_request(client):
    url = reverse("nettverk:event_list")
    event = EventFactory(title="Kurs i styrearbeid", capacity=2)
    assert "2 ledige plasser" in page(client, url)
    assert "2 ledige plasser" in page(client, url)  # now from the shared cache

    nettverk_services.register(event=event, name="Kari", email="kari@example.org", party_size=2)
    EventFactory(title="Rekrutteringsmesse")
    shown = page(client, url)
    assert "Fullt – venteliste åpen" in shown
    assert "Rekrutteringsmesse" in shown


def test_event_list__an_event_that_has_started_leaves_within_the_minute(client, monkeypatch):
    EventFactory(
        title="Snart i gang",
        starts_at=timezone.now() + dt.timedelta(minutes=30),
        ends_at=timezone.now() + dt.timedelta(hours=2),
    )
    url = reverse("nettverk:event_list")
    assert "Snart i gang" in page(client, url)
    # Nothing is saved when an event starts: the cached results live a minute at most.
    from frivilligkontor import shared_cache

    calls = []
    original = shared_cache.for_everyone

    def spy(name, build, **kwargs):
        calls.append((name, kwargs.get("timeout")))
        return original(name, build, **kwargs)

    monkeypatch.setattr(shared_cache, "for_everyone", spy)
    page(client, url)
    assert ("results:event-list", 60) in calls


def test_directory__an_approved_organisation_and_its_district_show_on_the_next_request(client):
    url = reverse("nettverk:organisation_list")
    OrganisationFactory(name="Alfa idrettslag")
    assert "Alfa idrettslag" in page(client, url)
    page(client, url)

    newcomer = OrganisationFactory(name="Beta korps", status="pending")
    assert "Beta korps" not in page(client, url)
    newcomer.status = "approved"
    newcomer.save()
    assert "Beta korps" in page(client, url)

    newcomer.districts.add(district("Grorud"))  # a many-to-many change only
    shown = page(client, url)
    assert "Bydel Grorud" in shown.split("Beta korps", 1)[1].split("</li>", 1)[0]


def test_grant_list_and_json__a_new_scheme_and_a_new_deadline_show_on_the_next_request(client):
    url = reverse("tilskudd:scheme_list")
    json_url = reverse("tilskudd:scheme_list_json")
    scheme = GrantSchemeFactory(name="Aktivitetsmidler Alna")
    page(client, url)
    assert "Ingen frist kunngjort ennå" in page(client, url)
    assert json.loads(page(client, json_url))["count"] == 1

    GrantDeadlineFactory(scheme=scheme, date=timezone.localdate() + dt.timedelta(days=12))
    GrantSchemeFactory(name="Kulturmidler Grorud")
    shown = page(client, url)
    assert "Frist om 12 dager" in shown
    assert "Kulturmidler Grorud" in shown
    data = json.loads(page(client, json_url))
    assert data["count"] == 2
    assert {row["name"] for row in data["schemes"]} == {
        "Aktivitetsmidler Alna",
        "Kulturmidler Grorud",
    }


def test_guidance_list__a_published_and_an_unpublished_article_show_on_the_next_request(client):
    url = reverse("henvendelser:guidance_list")
    article = GuidanceArticleFactory(title_nb="Slik søker du om lokale")
    assert "Slik søker du om lokale" in page(client, url)
    assert "Slik søker du om lokale" in page(client, url + "?q=lokale")

    article.title_nb = "Slik låner du et lokale"
    article.save()
    assert "Slik låner du et lokale" in page(client, url)
    assert "Slik låner du et lokale" in page(client, url + "?q=lokale")
    GuidanceArticle.objects.filter(pk=article.pk).get().delete()
    assert "Slik låner du et lokale" not in page(client, url)


@pytest.mark.parametrize(
    "name",
    [
        "nettverk:event_list",
        "nettverk:event_archive",
        "nettverk:organisation_list",
        "tilskudd:scheme_list",
        "tilskudd:scheme_list_json",
        "henvendelser:guidance_list",
    ],
)
def test_list_pages__served_again__read_only_the_shared_cache(client, name):
    EventFactory()
    OrganisationFactory()
    GrantSchemeFactory(deadline_in_days=5)
    GuidanceArticleFactory()
    url = reverse(name)
    page(client, url, {"page": "1"})
    with CaptureQueriesContext(connection) as queries:
        page(client, url, {"page": "1"})
    assert all("shared_cache_table" in query["sql"] for query in queries.captured_queries), [
        query["sql"] for query in queries.captured_queries
    ]


def test_refuse_secrets__a_piece_with_the_csrf_field_or_the_nonce_is_an_error(rf):
    from django.template import engines
    from django.utils.csp import LazyNonce

    request = rf.get("/")
    request._csp_nonce = LazyNonce()
    engine = engines["django"]
    refuse_secrets(engine.from_string("<p>{{ 1 }}</p>").render({}, request), request, "plain")
    for text in ("{% csrf_token %}", '<script nonce="{{ csp_nonce }}"></script>'):
        with pytest.raises(ImproperlyConfigured):
            refuse_secrets(engine.from_string(text).render({}, request), request, "secret")


def test_what_the_pages_show_is_watched_from_start_up_in_every_process():
    """A change made by a process that never served a page (the task worker, an admin
    worker) must still make the page stale: the labels are watched when the apps are ready."""
    from henvendelser import views as henvendelser_views
    from lokaler import views as lokaler_views
    from nettverk import views as nettverk_views
    from tilskudd import views as tilskudd_views

    code = (
        "import django; django.setup(); from frivilligkontor import shared_cache; "
        "print(' '.join(sorted(shared_cache._WATCHED)))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "frivilligkontor.settings"}
    watched = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    expected = {
        *lokaler_views.PAGES_DEPEND_ON,
        *nettverk_views.EVENT_LIST_DEPENDS_ON,
        *nettverk_views.DIRECTORY_DEPENDS_ON,
        *tilskudd_views.SCHEME_LIST_DEPENDS_ON,
        *henvendelser_views.GUIDANCE_LIST_DEPENDS_ON,
    }
    assert expected <= set(watched)
