"""The open-data API (/api/v1/) and its page: no personal data anywhere, paging, filters,
caching headers, CORS, the per-address limit, readable errors, and the OpenAPI
description checked by schemathesis."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode

from frivilligkontor import open_data
from lokaler.models import BookingRequest, Venue
from nettverk.models import Registration
from tests.lokaler.factories import RoomFactory, next_weekday, occurrence
from tests.nettverk.factories import EventFactory, RegistrationFactory
from tilskudd.models import GrantScheme

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# Keys that would hold people's details; none may appear in any answer.
PERSONAL_KEYS = {
    "email",
    "contact_email",
    "contact_name",
    "contact_phone",
    "phone",
    "party_size",
    "needs",
    "responsible_editor",
    "decided_by",
    "token",
    "edit_token",
    "cancel_token",
}


@pytest.fixture
def demo_data(db: Any, settings: Any) -> None:
    settings.OPEN_DATA_REQUESTS_PER_MINUTE = 100_000
    with open("/dev/null", "w") as quiet:
        call_command("load_demo", stdout=quiet)


def _walk(value: Any, path: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [item for key, inner in value.items() for item in _walk(inner, f"{path}.{key}")]
    if isinstance(value, list):
        return [item for inner in value for item in _walk(inner, f"{path}[]")]
    return [(path, value)]


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for inner in value.values() for key in _keys(inner)}
    if isinstance(value, list):
        return {key for inner in value for key in _keys(inner)}
    return set()


def test_every_endpoint_and_field__holds_no_personal_data(client, demo_data):
    room = RoomFactory(name="Lillesalen")
    booked = occurrence(room, next_weekday(2), status="approved")
    BookingRequest.objects.filter(pk=booked.request_id).update(
        contact_name="Kari Nordmann Låner", contact_phone="+4791234567"
    )
    RegistrationFactory(event=EventFactory(), name="Ola Deltaker Nordmann")
    # Names and phone numbers of people the database holds: none may be published.
    people = [
        *BookingRequest.objects.values_list("contact_name", flat=True),
        *BookingRequest.objects.exclude(contact_phone="").values_list("contact_phone", flat=True),
        *Registration.objects.exclude(name="").values_list("name", flat=True),
        *Venue.objects.exclude(contact_phone="").values_list("contact_phone", flat=True),
        *GrantScheme.objects.exclude(contact_phone="").values_list("contact_phone", flat=True),
    ]
    assert "Kari Nordmann Låner" in people

    description = open_data.api().get_openapi_schema()
    walked, answers = [], []
    for path in description["paths"]:
        listing = path.rsplit("/{", 1)[0] if "{" in path else path
        first = client.get(listing, {"page_size": 200}).json()
        ids = [item["id"] for item in first["items"]] if isinstance(first, dict) else []
        if "{" in path:
            assert ids, f"no data to walk {path}"
            urls = [re.sub(r"\{[^}]+\}", str(each), path) for each in ids]
        else:
            urls = [path]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            answers.append(response.json())
            walked.append(url)
    assert len(walked) > 40
    keys_seen = {key for answer in answers for key in _keys(answer)}
    for answer in answers:
        for field_path, value in _walk(answer):
            if isinstance(value, str):
                assert not EMAIL.search(value), f"{field_path}: {value}"
                for person in people:
                    assert person not in value, f"{field_path} names {person}"
    assert not keys_seen & PERSONAL_KEYS, keys_seen & PERSONAL_KEYS
    assert {"places_left", "booked", "free", "next_deadline"} <= keys_seen


def test_lists__are_paged_with_a_count(client, demo_data):
    first = client.get("/api/v1/organisations", {"page_size": 5}).json()
    second = client.get("/api/v1/organisations", {"page_size": 5, "page": 2}).json()
    assert len(first["items"]) == 5
    assert first["count"] > 10
    assert {item["id"] for item in first["items"]}.isdisjoint(
        {item["id"] for item in second["items"]}
    )


def test_filters__like_the_pages(client, demo_data):
    alna = client.get("/api/v1/venues", {"district": 12}).json()
    assert alna["count"] >= 1
    assert {venue["district"] for venue in alna["items"]} == {"Bydel Alna"}
    schemes = client.get("/api/v1/grant-schemes", {"target_group": "seniors"}).json()
    assert all("seniors" in scheme["target_groups"] for scheme in schemes["items"])
    events = client.get("/api/v1/events", {"kind": "course"}).json()
    assert events["count"] >= 1
    assert {event["kind"] for event in events["items"]} == {"course"}


@pytest.mark.parametrize(
    "filters",
    [
        {"room_kind": "gym_hall"},
        {"capacity": "100"},
        {"facility": ["stage", "piano"]},
        {"room_kind": "meeting_room", "capacity": "10", "facility": ["projector"]},
    ],
    ids=["room kind", "capacity", "facilities", "all three"],
)
def test_venue_filters__find_the_same_venues_as_the_venue_list(client, demo_data, filters):
    page_filters = {("facilities" if key == "facility" else key): value
                    for key, value in filters.items()}  # fmt: skip
    page = client.get(reverse("lokaler:venue_list"), page_filters)
    on_page = {venue.pk for venue, _rooms in page.context["results"]}
    assert on_page  # the demo data has such rooms
    answer = client.get("/api/v1/venues", {**filters, "page_size": 200})
    assert answer.status_code == 200
    assert {venue["id"] for venue in answer.json()["items"]} == on_page


@pytest.mark.parametrize(
    ("filters", "endpoint", "page_name", "rows"),
    [
        ({"q": "barn og unge"}, "/api/v1/grant-schemes", "tilskudd:scheme_list", "rows"),
        ({"owner": "kulturetaten"}, "/api/v1/grant-schemes", "tilskudd:scheme_list", "rows"),
        ({"name": "idretts"}, "/api/v1/organisations", "nettverk:organisation_list", "page"),
    ],
    ids=["scheme search words", "scheme owner", "organisation name"],
)
def test_scheme_and_directory_filters__find_what_the_pages_find(
    client, demo_data, filters, endpoint, page_name, rows
):
    page_filters = {"q" if key == "name" else key: value for key, value in filters.items()}
    page = client.get(reverse(page_name), page_filters)
    found = page.context[rows]
    on_page = {row["scheme"].pk if isinstance(row, dict) else row.pk for row in found}
    assert on_page
    answer = client.get(endpoint, {**filters, "page_size": 200}).json()
    assert {item["id"] for item in answer["items"]} == on_page


def test_event_filters__target_group_and_language(client, demo_data):
    for filters in ({"language": "nb_easy"}, {"target_group": "seniors"}):
        items = client.get("/api/v1/events", {**filters, "page_size": 200}).json()["items"]
        assert items
        key, value = next(iter(filters.items()))
        if key == "language":
            assert {item["language"] for item in items} == {value}
        else:
            assert all(value in item["target_groups"] for item in items)
    assert client.get("/api/v1/events", {"language": "klingon"}).status_code == 400


def test_answers__have_etag_last_modified_cors_and_answer_304_when_unchanged(client, demo_data):
    response = client.get("/api/v1/venues")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Last-Modified"]
    etag = response["ETag"]
    again = client.get("/api/v1/venues", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    preflight = client.options("/api/v1/venues", HTTP_ORIGIN="https://example.org")
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_bad_parameters__400_with_a_readable_message(client, demo_data):
    response = client.get("/api/v1/grant-schemes", {"deadline_within_days": "soon"})
    assert response.status_code == 400
    assert "deadline_within_days" in response.json()["detail"]
    assert client.get("/api/v1/venues/99999999").status_code == 404


@pytest.mark.parametrize(
    ("path", "parameters", "named"),
    [
        # pydantic alone reads "0" as 1 January 1970 and "1" or "yes" as true.
        ("/api/v1/events", {"starts_from": "0"}, "starts_from"),
        ("/api/v1/events", {"starts_until": "1700000000"}, "starts_until"),
        ("/api/v1/venues/1/week", {"week_of": "0"}, "week_of"),
        ("/api/v1/venues", {"step_free_entrance": "1"}, "step_free_entrance"),
        ("/api/v1/venues", {"free_for_children_and_youth": "yes"}, "free_for_children_and_youth"),
        ("/api/v1/grant-schemes", {"open_now": "on"}, "open_now"),
        ("/api/v1/grant-schemes", {"deadline_within_days": "1_0"}, "deadline_within_days"),
        ("/api/v1/organisations", {"district": "5_0"}, "district"),
        ("/api/v1/organisations", {"page": " 2"}, "page"),
        ("/api/v1/organisations", {"page_size": "1_0"}, "page_size"),
        ("/api/v1/venues/1_0", {}, "venue_id"),
        ("/api/v1/venues", {"facility": ["stage", "jacuzzi"]}, "facility.1"),
        ("/api/v1/grant-schemes", {"q": "a\x00b"}, "q"),
        ("/api/v1/organisations", {"name": "x" * 101}, "name"),
    ],
)
def test_parameters_not_written_as_described__400_naming_the_parameter(
    client, demo_data, path, parameters, named
):
    response = client.get(path, parameters)
    assert response.status_code == 400
    assert re.match(rf"{named}: (Input|String) should ", response.json()["detail"])


def test_parameters_written_as_described__accepted(client, demo_data):
    venue = Venue.objects.public().first()
    assert client.get("/api/v1/events", {"starts_from": "2026-01-01"}).status_code == 200
    assert (
        client.get(f"/api/v1/venues/{venue.pk}/week", {"week_of": "2026-03-02"}).status_code == 200
    )
    assert client.get("/api/v1/venues", {"step_free_entrance": "true"}).status_code == 200
    assert client.get("/api/v1/grant-schemes", {"open_now": "false"}).status_code == 200
    assert client.get("/api/v1/organisations", {"district": "5", "page": "1"}).status_code == 200
    # JSON Schema counts 2.0 as a whole number, so the API does too.
    assert client.get("/api/v1/venues", {"district": "2.0"}).status_code == 200


def test_api_root_and_unknown_addresses__answer_in_json(client, demo_data):
    root = client.get("/api/v1/")
    assert root.status_code == 200
    assert root["Access-Control-Allow-Origin"] == "*"
    assert root.json()["openapi"].endswith("/api/v1/openapi.json")
    assert root.json()["documentation"].endswith("/apne-data/")
    assert any(url.endswith("/api/v1/venues") for url in root.json()["endpoints"])
    for address in ("/api/v1/nothing", "/api/v1/venues/1/nothing"):
        missing = client.get(address)
        assert missing.status_code == 404
        assert "/apne-data/" in missing.json()["detail"]
    refused = client.put("/api/v1/venues/1", data="{}", content_type="application/json")
    assert refused.status_code == 405
    assert refused["Allow"] == "GET, HEAD, OPTIONS"
    assert "read-only" in refused.json()["detail"]


def test_head__the_get_answer_without_its_body(client, demo_data):
    got = client.get("/api/v1/grant-schemes")
    head = client.head("/api/v1/grant-schemes")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == got["ETag"]
    assert head["Content-Length"] == str(len(got.content))


@pytest.mark.django_db
def test_too_many_requests_from_one_address__429_with_retry_after(client, settings):
    settings.OPEN_DATA_REQUESTS_PER_MINUTE = 3
    cache.clear()  # the counters live in the cache table, which transactional tests keep
    for _ in range(3):
        assert client.get("/api/v1/organisations", REMOTE_ADDR="10.9.8.7").status_code == 200
    refused = client.get("/api/v1/organisations", REMOTE_ADDR="10.9.8.7")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused.json()["detail"]
    assert client.get("/api/v1/organisations", REMOTE_ADDR="10.9.8.8").status_code == 200


def test_open_data_page__describes_every_endpoint_and_lists_the_feeds(client, demo_data):
    html = client.get("/").content.decode()
    assert 'href="/apne-data/"' in html
    page = client.get("/apne-data/").content.decode()
    for path in open_data.api().get_openapi_schema()["paths"]:
        assert f"<code>GET {path}</code>" in page
    assert "/api/v1/openapi.json" in page
    assert "/tilskudd/frister.ics" in page
    assert "/nettverk/kalender.ics" in page
    assert "/kalender.ics" in page.split("/nettverk/kalender.ics", 1)[0] + page  # venues
    assert "places_left" in page
    english = client.get("/en/apne-data/").content.decode()
    assert "Open data" in english


@pytest.fixture
def api_schema(db: Any, settings: Any) -> Iterator[Any]:
    """The API through Django's WSGI handler, in the test's database transaction."""
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    settings.OPEN_DATA_REQUESTS_PER_MINUTE = 100_000
    room = RoomFactory()
    occurrence(room, next_weekday(2), status="approved")
    RegistrationFactory(event=EventFactory())
    # Like Django's test client: a request must not close the test's connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api__conforms_to_its_openapi_description(api_schema, mode):
    """Every operation, with generated parameters (valid ones, then invalid ones): no server
    error, no answer outside the description, and bad parameters are refused with 400."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 7
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @hypothesis_settings(
            max_examples=10,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            case.call_and_validate()

        check()
