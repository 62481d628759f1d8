from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def event_list(request: HttpRequest) -> HttpResponse:
    return render(request, "nettverk/event_list.html")


def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "nettverk/organisation_list.html")
