from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LokalerConfig(AppConfig):
    name = "lokaler"
    verbose_name = _("Venues and bookings")

    def ready(self) -> None:
        # The public pages kept in the shared cache go stale when what they show changes,
        # whichever process changes it (web, worker, admin): watched from start-up.
        from frivilligkontor import shared_cache
        from lokaler import views

        shared_cache.watch(*views.RESULTS_DEPEND_ON, *views.VENUE_PAGE_DEPENDS_ON)
