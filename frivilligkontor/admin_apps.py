from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """The stock admin, with a second factor for staff and the evaluation figures page."""

    default_site = "frivilligkontor.admin_site.PortalAdminSite"

    def ready(self) -> None:
        super().ready()
        from frivilligkontor.admin.third_party import name_third_party_models

        name_third_party_models()
