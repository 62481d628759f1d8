from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def venue_list(request: HttpRequest) -> HttpResponse:
    return render(request, "lokaler/venue_list.html")
