from django.urls import path

from nettverk import views

app_name = "nettverk"

urlpatterns = [
    path("nettverk/", views.event_list, name="event_list"),
    path("organisasjoner/", views.organisation_list, name="organisation_list"),
]
