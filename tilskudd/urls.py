from django.urls import path

from tilskudd import views

app_name = "tilskudd"

urlpatterns = [
    path("tilskudd/", views.scheme_list, name="scheme_list"),
    path("tilskudd/<slug:slug>/", views.scheme_detail, name="scheme_detail"),
]
