from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def guidance_list(request: HttpRequest) -> HttpResponse:
    return render(request, "henvendelser/guidance_list.html")


def enquiry_create(request: HttpRequest) -> HttpResponse:
    return render(request, "henvendelser/enquiry_create.html")
