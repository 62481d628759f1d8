from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FrivilligkontorConfig(AppConfig):
    name = "frivilligkontor"
    verbose_name = _("Frivilligkontoret: units, organisations and users")

    def ready(self) -> None:
        from frivilligkontor.roles import sync_role_permissions

        # Groups get the permissions the apps declare; runs after every migrate.
        post_migrate.connect(sync_role_permissions, dispatch_uid="frivilligkontor_sync_roles")
