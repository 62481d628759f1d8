from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TilskuddConfig(AppConfig):
    name = "tilskudd"
    verbose_name = _("Grant schemes")

    def ready(self) -> None:
        # The public pages kept in the shared cache go stale when what they show changes,
        # whichever process changes it (web, worker, admin): watched from start-up.
        from frivilligkontor import shared_cache
        from tilskudd import views

        shared_cache.watch(*views.SCHEME_LIST_DEPENDS_ON)
