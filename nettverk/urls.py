from django.urls import path

from nettverk import outreach_views, views

app_name = "nettverk"

urlpatterns = [
    path("nettverk/", views.event_list, name="event_list"),
    path("nettverk/arkiv/", views.event_archive, name="event_archive"),
    path("nettverk/maaned/", views.event_month, name="event_month"),
    path("nettverk/kalender.ics", views.event_feed, name="event_feed"),
    path("nettverk/arrangementer/<slug:slug>/", views.event_detail, name="event_detail"),
    path(
        "nettverk/arrangementer/<slug:slug>/kalender.ics",
        views.event_ical_view,
        name="event_ical",
    ),
    path(
        "nettverk/pamelding/<token:token>/", views.registration_manage, name="registration_manage"
    ),
    path(
        "nettverk/pamelding/<token:token>/meld-av/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("organisasjoner/", views.organisation_list, name="organisation_list"),
    path("organisasjoner/registrer/", views.organisation_register, name="organisation_register"),
    path(
        "organisasjoner/registrer/takk/",
        views.organisation_registered,
        name="organisation_registered",
    ),
    path("organisasjoner/endre/<token:token>/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisasjoner/avmeld/<token:token>/",
        outreach_views.unsubscribe,
        name="outreach_unsubscribe",
    ),
    path("organisasjoner/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path(
        "organisasjoner/<slug:slug>/kontakt/",
        outreach_views.contact,
        name="organisation_contact",
    ),
    path(
        "organisasjoner/<slug:slug>/kontakt/sendt/",
        outreach_views.contact_sent,
        name="organisation_contact_sent",
    ),
]
