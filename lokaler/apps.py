from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LokalerConfig(AppConfig):
    name = "lokaler"
    verbose_name = _("Venues and bookings")

    def ready(self) -> None:
        # Season lending keeps its admin in its own module (lokaler.season.admin).
        from lokaler.season import admin  # noqa: F401
