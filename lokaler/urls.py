from django.urls import path

from lokaler import views

app_name = "lokaler"

urlpatterns = [
    path("lokaler/", views.venue_list, name="venue_list"),
    path("lokaler/foresporsel/<str:token>/", views.request_detail, name="request_detail"),
    path("lokaler/foresporsel/<str:token>/kalender.ics", views.request_ics, name="request_ics"),
    path("lokaler/<slug:slug>/", views.venue_detail, name="venue_detail"),
    path("lokaler/<slug:slug>/kalender.ics", views.venue_calendar, name="venue_calendar"),
    path(
        "lokaler/<slug:slug>/<slug:room_slug>/lan/",
        views.booking_request_create,
        name="booking_request_create",
    ),
]
