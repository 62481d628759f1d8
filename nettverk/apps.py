from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NettverkConfig(AppConfig):
    name = "nettverk"
    verbose_name = _("Network: events and organisations")

    def ready(self) -> None:
        # The public pages kept in the shared cache go stale when what they show changes,
        # whichever process changes it (web, worker, admin): watched from start-up.
        from frivilligkontor import shared_cache
        from nettverk import views

        shared_cache.watch(*views.EVENT_LIST_DEPENDS_ON, *views.DIRECTORY_DEPENDS_ON)
