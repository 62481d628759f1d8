from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def scheme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "tilskudd/scheme_list.html")
