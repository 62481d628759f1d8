from django.urls import path

from lokaler import views

app_name = "lokaler"

urlpatterns = [
    path("lokaler/", views.venue_list, name="venue_list"),
]
