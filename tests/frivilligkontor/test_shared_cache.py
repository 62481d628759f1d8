"""The shared cache: pieces of pages that are the same for every visitor, kept until the
data behind them changes, and never holding a CSRF token or a CSP nonce."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from frivilligkontor import shared_cache
from tests.factories import district

pytestmark = pytest.mark.django_db

PIECE = (
    '{% load shared_cache %}{% for_everyone "test-piece" "frivilligkontor.unit" q %}'
    "{{ label }}: {{ unit.name }}{% endfor_everyone %}"
)


def render(source: str, **context: object) -> str:
    request = RequestFactory().get("/")
    return engines["django"].from_string(source).render(context, request)


def test_a_piece_is_built_once_per_variant_and_language():
    unit = district("Alna")
    assert render(PIECE, label="first", unit=unit, q="a") == "first: Bydel Alna"
    # Same variant: the kept piece, not the new context.
    assert render(PIECE, label="second", unit=unit, q="a") == "first: Bydel Alna"
    assert render(PIECE, label="second", unit=unit, q="b") == "second: Bydel Alna"
    with translation.override("en"):
        assert render(PIECE, label="english", unit=unit, q="a") == "english: Bydel Alna"


def test_a_change_to_what_it_shows_makes_it_stale_at_once():
    unit = district("Alna")
    assert render(PIECE, label="before", unit=unit, q="a") == "before: Bydel Alna"
    unit.save()  # any change to a unit
    assert render(PIECE, label="after", unit=unit, q="a") == "after: Bydel Alna"
    shared_cache.changed("frivilligkontor.unit")  # what a bulk update says itself
    assert render(PIECE, label="bulk", unit=unit, q="a") == "bulk: Bydel Alna"


def test_a_piece_with_a_csrf_token_or_the_nonce_is_refused():
    with pytest.raises(ImproperlyConfigured):
        render(
            '{% load shared_cache %}{% for_everyone "form" "frivilligkontor.unit" %}'
            "{% csrf_token %}{% endfor_everyone %}"
        )
    with pytest.raises(ImproperlyConfigured):
        render(
            '{% load shared_cache %}{% for_everyone "script" "frivilligkontor.unit" %}'
            '<script nonce="{{ csp_nonce }}"></script>{% endfor_everyone %}',
            csp_nonce="n0nce-value",
        )


def test_list_filters__kept_per_query_string_and_never_show_another_visitors_choice(client):
    """The filter forms of the list pages are kept for everyone per address and query
    string: a visitor's chosen filter is never shown to the next visitor."""
    chosen = client.get("/tilskudd/", {"target_group": "seniors"}).content.decode()
    assert 'value="seniors" selected' in chosen
    plain = client.get("/tilskudd/").content.decode()
    assert 'value="seniors" selected' not in plain
    assert (
        'value="seniors" selected'
        in client.get("/tilskudd/", {"target_group": "seniors"}).content.decode()
    )
    assert "csrfmiddlewaretoken" not in plain.split("list-filters", 1)[1].split("</details>")[0]
