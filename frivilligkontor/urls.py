from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from frivilligkontor import mine_views, open_data, views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", open_data.urls()),
]

urlpatterns += i18n_patterns(
    path("", views.front_page, name="front_page"),
    path("personvern/", views.privacy, name="privacy"),
    path("tilgjengelighet/", views.accessibility_statement, name="accessibility_statement"),
    path("sok/", views.search, name="search"),
    path("apne-data/", views.open_data_page, name="open_data"),
    path("mine-saker/", mine_views.request_link, name="mine_request"),
    path("mine-saker/sendt/", mine_views.sent, name="mine_sent"),
    path("mine-saker/apne/<token:token>/", mine_views.open_link, name="mine_open"),
    path("mine-saker/oversikt/", mine_views.overview, name="mine_overview"),
    path(
        "mine-saker/oversikt/mine-data.json",
        mine_views.export,
        {"fmt": "json"},
        name="mine_export_json",
    ),
    path(
        "mine-saker/oversikt/mine-data.txt",
        mine_views.export,
        {"fmt": "txt"},
        name="mine_export_text",
    ),
    path("mine-saker/slett/", mine_views.erase, name="mine_erase"),
    path("mine-saker/logg-ut/", mine_views.sign_out, name="mine_sign_out"),
    path("", include("henvendelser.urls")),
    path("", include("lokaler.urls")),
    path("", include("tilskudd.urls")),
    path("", include("nettverk.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    prefix_default_language=False,
)

handler400 = "frivilligkontor.errors.bad_request"
handler403 = "frivilligkontor.errors.permission_denied"
handler404 = "frivilligkontor.errors.page_not_found"
handler500 = "frivilligkontor.errors.server_error"
