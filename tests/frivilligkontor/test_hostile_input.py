"""No input reaches a 500: every public URL pattern, with any text in its parameters and in
the query string (NUL bytes included), answers below 500; error pages are the portal's."""

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frivilligkontor import errors

pytestmark = pytest.mark.django_db

TOKEN_PAGES = [
    "/henvendelser/sak/{}/",
    "/henvendelser/sak/{}/kvittering/",
    "/lokaler/foresporsel/{}/",
    "/lokaler/foresporsel/{}/kalender.ics",
    "/nettverk/pamelding/{}/",
    "/organisasjoner/endre/{}/",
    "/tilskudd/varsler/bekreft/{}/",
    "/tilskudd/varsler/avmeld/{}/",
    "/mine-saker/apne/{}/",
]


def public_routes() -> list[str]:
    """Every URL pattern outside the admin, as a route with <converter:name> placeholders."""
    routes: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if "admin" in route or (pattern.app_name or "") == "admin":
                    continue
                walk(pattern.url_patterns, prefix + route.lstrip("^"))
            elif isinstance(pattern, URLPattern):
                routes.append(prefix + route)

    walk(get_resolver().url_patterns, "/")
    return [route.replace("nb/", "") for route in routes if "^" not in route]


ROUTES = public_routes()
hostile_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30
) | st.sampled_from(["a\x00b", "\x00", "..", "%", "-1", "0", "99999999999999999999", "2026-13-45"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    route=st.sampled_from(ROUTES),
    value=hostile_text,
    parameter=st.sampled_from(["q", "uke", "week", "date", "dato", "side", "page", "district"]),
    parameter_value=hostile_text,
)
def test_any_public_url_with_any_parameters__answers_below_500(
    client: Client, route: str, value: str, parameter: str, parameter_value: str
) -> None:
    import re

    path = re.sub(r"<(?:\w+:)?\w+>", quote(value, safe="") or "x", route)
    response = client.get(path, {parameter: parameter_value})
    assert response.status_code < 500, (path, parameter, parameter_value)


def test_public_routes__are_found() -> None:
    assert "/sok/" in ROUTES and any("<token:token>" in route for route in ROUTES)


@pytest.mark.parametrize("page", TOKEN_PAGES)
def test_nul_byte_in_a_secret_link__is_the_portals_404(client: Client, page: str) -> None:
    response = client.get(page.format("a%00b"))
    assert response.status_code == 404
    assert "Vi fant ikke siden" in response.content.decode()


def test_nul_byte_in_the_search__is_searched_without_it(client: Client) -> None:
    assert client.get("/sok/", {"q": "a\x00b"}).status_code == 200


def test_error_pages__in_the_visitors_language_with_the_way_back(client: Client) -> None:
    norwegian = client.get("/finnes-ikke/").content.decode()
    english = client.get("/en/does-not-exist/").content.decode()
    assert "Vi fant ikke siden" in norwegian and 'href="/"' in norwegian
    assert "We could not find the page" in english and 'href="/en/"' in english


def test_server_error_page__renders_without_the_database(
    django_assert_num_queries: Any,
) -> None:
    request = RequestFactory().get("/")
    with translation.override("nb"), django_assert_num_queries(0):
        response = errors.server_error(request)
    assert response.status_code == 500
    assert "Noe gikk galt" in response.content.decode()
    assert "site-header" in response.content.decode()  # the portal's design


def test_csrf_failure_on_a_public_form__shows_the_form_again_as_typed_and_acts_on_nothing(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core import mail

    from henvendelser.models import Enquiry

    client = Client(enforce_csrf_checks=True)
    typed = {
        "topic": "premises",
        "message": "Kan vi låne gymsalen på Furuset?",
        "contact_name": "Amina Hassan",
        "email": "amina@eksempel.test",
        "language": "nb",
        "send": "1",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/henvendelser/ny/", typed)
    assert response.status_code == 403
    content = response.content.decode()
    assert "Skjemaet var utløpt – sjekk og send igjen" in content
    assert 'class="enquiry-form"' in content  # the form's own page, bound
    assert "Kan vi låne gymsalen på Furuset?</textarea>" in content
    assert 'value="Amina Hassan"' in content
    assert 'name="csrfmiddlewaretoken"' in content  # a fresh token to send it with
    assert not Enquiry.objects.exists() and mail.outbox == []


def test_csrf_failure_on_a_button_alone__does_nothing_and_links_back() -> None:
    from tests.tilskudd.factories import SubscriptionFactory

    subscription = SubscriptionFactory(confirmed_at=None)
    path = f"/tilskudd/varsler/bekreft/{subscription.token}/"
    response = Client(enforce_csrf_checks=True).post(path)
    assert response.status_code == 403
    assert "Skjemaet var utløpt" in response.content.decode()
    assert f'href="{path}"' in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_too_many_requests__the_429_page_in_the_visitors_language_with_the_way_back(
    client: Client, settings: Any
) -> None:
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 0
    login = {"username": "x", "password": "y"}
    english = client.post(f"/en/{settings.ADMIN_URL}login/", login)
    norwegian = client.post(f"/{settings.ADMIN_URL}login/", login)  # (leaves nb active)
    assert norwegian.status_code == 429 and norwegian["Retry-After"] == "3600"
    page = norwegian.content.decode()
    assert "For mange forespørsler" in page and "site-header" in page and 'href="/"' in page
    assert "Too many requests in a short time" in english.content.decode()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_csrf_failure_in_the_admin__is_djangos_own_page(prefix: str) -> None:
    from django.conf import settings as django_settings

    path = f"{prefix}/{django_settings.ADMIN_URL}login/"
    response = Client(enforce_csrf_checks=True).post(path, {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
