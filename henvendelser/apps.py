from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HenvendelserConfig(AppConfig):
    name = "henvendelser"
    verbose_name = _("Enquiries and guidance")

    def ready(self) -> None:
        # The public pages kept in the shared cache go stale when what they show changes,
        # whichever process changes it (web, worker, admin): watched from start-up.
        from frivilligkontor import shared_cache
        from henvendelser import views

        shared_cache.watch(*views.GUIDANCE_LIST_DEPENDS_ON)
