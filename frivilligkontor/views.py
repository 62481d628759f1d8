from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from frivilligkontor import open_data, portal

SEARCH_QUERY_MAX_LENGTH = 200


@require_GET
def front_page(request: HttpRequest) -> HttpResponse:
    return render(
        request, "frivilligkontor/front_page.html", {"upcoming": portal.upcoming(limit=6)}
    )


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "frivilligkontor/privacy.html")


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "frivilligkontor/accessibility.html")


@require_GET
def open_data_page(request: HttpRequest) -> HttpResponse:
    """The open data: every feed the apps offer, and the API described from its OpenAPI."""
    return render(
        request,
        "frivilligkontor/open_data.html",
        {
            "feeds": portal.feeds(),
            "api": open_data.describe(),
            "openapi_url": reverse("open_data:openapi-json"),
            "requests_per_minute": settings.OPEN_DATA_REQUESTS_PER_MINUTE,
        },
    )


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:SEARCH_QUERY_MAX_LENGTH]
    hits = portal.search(query, limit=20) if query else []
    return render(request, "frivilligkontor/search.html", {"query": query, "hits": hits})


@never_cache
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
