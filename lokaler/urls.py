from django.urls import path

from lokaler import views
from lokaler.season import views as season_views

app_name = "lokaler"

urlpatterns = [
    path("lokaler/", views.venue_list, name="venue_list"),
    path("lokaler/sesong/", season_views.season_list, name="season_list"),
    path(
        "lokaler/sesong/soknad/<token:token>/",
        season_views.season_application,
        name="season_application",
    ),
    path("lokaler/sesong/<slug:slug>/", season_views.season_round, name="season_round"),
    path("lokaler/sesong/<slug:slug>/sok/", season_views.season_apply, name="season_apply"),
    path("lokaler/foresporsel/<token:token>/", views.request_detail, name="request_detail"),
    path("lokaler/foresporsel/<token:token>/kalender.ics", views.request_ics, name="request_ics"),
    path("lokaler/<slug:slug>/", views.venue_detail, name="venue_detail"),
    path("lokaler/<slug:slug>/kalender.ics", views.venue_calendar, name="venue_calendar"),
    path(
        "lokaler/<slug:slug>/<slug:room_slug>/lan/",
        views.booking_request_create,
        name="booking_request_create",
    ),
]
