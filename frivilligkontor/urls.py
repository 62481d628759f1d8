from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from frivilligkontor import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("i18n/setlang/", set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("", views.front_page, name="front_page"),
    path("personvern/", views.privacy, name="privacy"),
    path("tilgjengelighet/", views.accessibility_statement, name="accessibility_statement"),
    path("sok/", views.search, name="search"),
    path("", include("henvendelser.urls")),
    path("", include("lokaler.urls")),
    path("", include("tilskudd.urls")),
    path("", include("nettverk.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    prefix_default_language=False,
)
