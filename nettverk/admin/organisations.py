"""The directory of organisations: the core's admin, with approval by Frivilligkontoret.

The approval e-mails are nettverk's, so nettverk extends the core's OrganisationAdmin with
the two actions and registers the extension in its place."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from frivilligkontor.admin import core
from frivilligkontor.admin.confirm import confirmed
from frivilligkontor.models import Organisation
from nettverk import services
from nettverk.admin.forms import RejectOrganisationForm

admin.site.unregister(Organisation)


@admin.register(Organisation)
class OrganisationAdmin(core.OrganisationAdmin):
    actions = ["approve", "reject"]

    @admin.action(description=_("Approve and publish"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = sum(services.approve_organisation(organisation=org) for org in queryset)
        self.report_count(
            request,
            count,
            ngettext_lazy(
                "%(count)s organisation approved and published.",
                "%(count)s organisations approved and published.",
                "count",
            ),
        )

    @admin.action(description=_("Do not approve"), permissions=["change"])
    @confirmed(form_class=RejectOrganisationForm, title=_("Do not approve"))
    def reject(self, request: HttpRequest, queryset: QuerySet, data: dict) -> None:
        count = sum(
            services.reject_organisation(organisation=org, reason=data["reason"])
            for org in queryset
        )
        self.report_count(
            request,
            count,
            ngettext_lazy(
                "%(count)s organisation not approved.",
                "%(count)s organisations not approved.",
                "count",
            ),
        )
        return None
