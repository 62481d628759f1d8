from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HenvendelserConfig(AppConfig):
    name = "henvendelser"
    verbose_name = _("Enquiries and guidance")
