from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LokalerConfig(AppConfig):
    name = "lokaler"
    verbose_name = _("Venues and bookings")
