from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from tilskudd.models import GrantScheme


@require_http_methods(["GET", "HEAD"])
def scheme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "tilskudd/scheme_list.html")


@require_http_methods(["GET", "HEAD"])
def scheme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = get_object_or_404(GrantScheme, slug=slug)
    return render(request, "tilskudd/scheme_list.html", {"scheme": scheme})
