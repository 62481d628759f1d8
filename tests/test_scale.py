"""Pages stay bounded as the city's data grows: the same number of queries and about the
same response size with three times the rows (filled by the benchmark's generator at a
small scale, through the same tables). Timing belongs in the benchmark (bench/README.md)."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.generate import generate
from lokaler.models import Venue
from tilskudd.models import GrantScheme

pytestmark = pytest.mark.django_db

# Every public list is paged, so the largest page at Oslo's size stays far below this.
MAX_PAGE_BYTES = 200_000


def next_term_tuesday() -> str:
    day = timezone.localdate() + timedelta(days=7)
    while day.weekday() != 1 or day.month in (7, 8, 12, 1):
        day += timedelta(days=1)
    return day.isoformat()


def public_pages(venue: Venue) -> list[str]:
    return [
        "/",
        reverse("lokaler:venue_list"),
        reverse("lokaler:venue_list")
        + f"?day={next_term_tuesday()}&start_time=17:00&end_time=19:00",
        reverse("lokaler:venue_list") + "?capacity=20&accessibility=lift",
        venue.get_absolute_url(),
        reverse("tilskudd:scheme_list"),
        reverse("tilskudd:scheme_list_json"),
        reverse("henvendelser:guidance_list"),
        reverse("henvendelser:guidance_list") + "?q=frivillig",
        reverse("nettverk:event_list"),
        reverse("nettverk:organisation_list"),
        reverse("search") + "?q=skole",
        reverse("henvendelser:enquiry_create"),
    ]


def measure(client, paths: list[str]) -> dict[str, tuple[int, int]]:
    found = {}
    for path in paths:
        client.get(path)  # the first request fills Django's own caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        found[path] = (len(queries), len(response.content))
    return found


def test_public_pages__same_queries_and_bounded_size_with_three_times_the_data(client):
    generate(scale="0.15", stdout=io.StringIO())
    venue = Venue.objects.public().filter(rooms__isnull=False).order_by("pk").first()
    paths = public_pages(venue)
    small = measure(client, paths)

    generate(scale="0.3", stdout=io.StringIO())
    large = measure(client, paths)

    assert {path: queries for path, (queries, _) in large.items()} == {
        path: queries for path, (queries, _) in small.items()
    }
    for path, (_, size) in large.items():
        assert size < MAX_PAGE_BYTES, path
        if path == reverse("tilskudd:scheme_list_json"):
            continue  # a page of 100: not full at these sizes (see the paging test below)
        # Already more rows than fit on a page at the small size: a page may differ in its
        # rows' text, not grow with the table.
        assert size < small[path][1] * 1.3 + 2_000, path


def test_grants_json__fixed_page_size_with_next_links_that_walk_every_scheme(client, monkeypatch):
    from tilskudd import views

    generate(scale="0.15", stdout=io.StringIO())  # 30 grant schemes and more besides
    monkeypatch.setattr(views, "JSON_PAGE_SIZE", 7)
    url = reverse("tilskudd:scheme_list_json")
    names, pages = [], 0
    while url:
        data = client.get(url).json()
        assert len(data["schemes"]) <= 7
        names += [scheme["name"] for scheme in data["schemes"]]
        url, pages = data["next"], pages + 1
    assert len(names) == len(set(names)) == data["count"] == GrantScheme.objects.listed().count()
    assert data["count"] > 3 * 7
    assert pages == -(-data["count"] // 7)
