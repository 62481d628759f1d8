from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FrivilligkontorConfig(AppConfig):
    name = "frivilligkontor"
    verbose_name = _("Frivilligkontoret: units, organisations and users")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from frivilligkontor import converters, staff_sessions

        user_logged_in.connect(
            staff_sessions.mark_session_start, dispatch_uid="frivilligkontor_staff_session"
        )

        # Before any URLconf is loaded: <token:…> checks secret-link tokens in the URL.
        converters.register()

        # What the shared cache keeps for every visitor goes stale when its data changes.
        from frivilligkontor import portal, shared_cache

        shared_cache.connect()
        portal.watch_portal_data()
        # The list pages' filter forms ({% for_everyone %}) offer districts and the units
        # that own grant schemes.
        shared_cache.watch("frivilligkontor.unit", "tilskudd.grantscheme")
        from frivilligkontor.reference_data import ensure_reference_data

        # After every migrate and flush: the districts and agencies exist, and the staff
        # groups carry exactly the permissions the apps declare.
        post_migrate.connect(ensure_reference_data, dispatch_uid="frivilligkontor_reference_data")
