from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from frivilligkontor.models import Unit


@require_GET
def baseline(request: HttpRequest) -> HttpResponse:
    """The yardstick: 12 rows from PostgreSQL through a minimal template, behind the same
    gunicorn and middleware as every measured page."""
    units = list(Unit.objects.order_by("pk").values_list("name", "slug")[:12])
    return render(request, "bench/baseline.html", {"units": units})
