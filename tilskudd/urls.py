from django.urls import path

from tilskudd import views

app_name = "tilskudd"

# Fixed pages come before /tilskudd/<slug>/; their names are reserved (models.RESERVED_SLUGS).
urlpatterns = [
    path("tilskudd/", views.scheme_list, name="scheme_list"),
    path("tilskudd/frister/", views.deadline_calendar, name="calendar"),
    path("tilskudd/frister.ics", views.calendar_feed, name="calendar_feed"),
    path("tilskudd/ordninger.json", views.scheme_list_json, name="scheme_list_json"),
    path("tilskudd/varsler/", views.group_subscribe, name="group_subscribe"),
    path("tilskudd/varsler/sendt/", views.subscription_sent, name="subscription_sent"),
    path(
        "tilskudd/varsler/bekreft/<token:token>/",
        views.subscription_confirm,
        name="subscription_confirm",
    ),
    path(
        "tilskudd/varsler/avmeld/<token:token>/",
        views.subscription_unsubscribe,
        name="subscription_unsubscribe",
    ),
    path("tilskudd/<slug:slug>/", views.scheme_detail, name="scheme_detail"),
    path("tilskudd/<slug:slug>/varsel/", views.scheme_subscribe, name="scheme_subscribe"),
    path("tilskudd/<slug:slug>/frister.ics", views.scheme_feed, name="scheme_feed"),
]
