from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from frivilligkontor import open_data, portal, retention
from frivilligkontor.models import WorkerHeartbeat
from frivilligkontor.worker import oldest_waiting_task_age

SEARCH_QUERY_MAX_LENGTH = 200


@require_safe
def front_page(request: HttpRequest) -> HttpResponse:
    return render(
        request, "frivilligkontor/front_page.html", {"upcoming": portal.upcoming(limit=6)}
    )


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request, "frivilligkontor/privacy.html", {"personal_data": retention.personal_data()}
    )


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "frivilligkontor/accessibility.html")


@require_safe
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


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    # NUL and other control characters cannot be searched for (PostgreSQL refuses NUL).
    typed = "".join(
        character
        for character in request.GET.get("q", "")
        if character.isprintable() or character.isspace()
    )
    query = " ".join(typed.split())[:SEARCH_QUERY_MAX_LENGTH]
    hits = portal.search(query, limit=20) if query else []
    return render(request, "frivilligkontor/search.html", {"query": query, "hits": hits})


@never_cache
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not.

    A database that does not answer gives a 503 within DATABASE_CONNECT_TIMEOUT (new
    connection) or DATABASE_STATEMENT_TIMEOUT (slow statement). The answer also says when a
    task worker last wrote its heartbeat and how long the oldest due task has waited, so
    monitoring can alert on mail not going out; a stale worker does not make the answer 503
    (that would take every app server out of the load balancer for a worker problem).
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        last_heartbeat = WorkerHeartbeat.objects.aggregate(last=Max("last_seen_at"))["last"]
        waited = oldest_waiting_task_age()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    now = timezone.now()
    heartbeat_age = (now - last_heartbeat).total_seconds() if last_heartbeat else None
    worker_ok = heartbeat_age is not None and heartbeat_age <= settings.HEALTH_WORKER_STALE_SECONDS
    return JsonResponse(
        {
            "status": "ok",
            "database": "ok",
            "worker": "ok" if worker_ok else "stale",
            "worker_last_heartbeat": last_heartbeat.isoformat() if last_heartbeat else None,
            "worker_heartbeat_age_seconds": round(heartbeat_age)
            if heartbeat_age is not None
            else None,
            "oldest_waiting_task_age_seconds": round(waited.total_seconds()) if waited else 0,
        }
    )
