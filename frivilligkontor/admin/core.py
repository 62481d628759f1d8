"""The core's own admins: units, staff users and their groups, and organisations.

`OrganisationAdmin` here is the directory's whole admin but its approval actions:
nettverk (which owns the approval workflow and its e-mails) extends it with those and
registers the extension in its place."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from frivilligkontor.admin.accessibility import AccessibleAdminMixin
from frivilligkontor.admin.base import PortalModelAdmin
from frivilligkontor.admin.third_party import TranslatedPermissionsMixin
from frivilligkontor.models import ORGANISATION_ENTRY_FIELDS, Organisation, Unit, User

admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(TranslatedPermissionsMixin, AccessibleAdminMixin, DjangoGroupAdmin):
    filter_horizontal = ()


@admin.register(Unit)
class UnitAdmin(PortalModelAdmin):
    list_display = ["name", "kind", "district_number", "email"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Every unit's name and address is public; unit staff may look them all up.
        return admin.ModelAdmin.get_queryset(self, request)


@admin.register(User)
class UserAdmin(TranslatedPermissionsMixin, AccessibleAdminMixin, DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Units"), {"fields": ["units"]}))
    filter_horizontal = ()
    list_display = ["username", "email", "first_name", "last_name", "is_staff"]


@admin.register(Organisation)
class OrganisationAdmin(PortalModelAdmin):
    prepopulated_fields = {"slug": ["name"]}
    list_display = [
        "name",
        "organisation_number",
        "is_new_initiative",
        "status",
        "district_names",
        "created_at",
    ]
    list_filter = ["status", "is_new_initiative", "districts", "created_at"]
    search_fields = ["name", "organisation_number", "contact_email"]
    show_full_result_count = False
    readonly_fields = ["status", "created_at", "approved_at"]
    fields = ["name", "slug", *ORGANISATION_ENTRY_FIELDS, "status", "created_at", "approved_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("districts")

    def get_ordering(self, request: HttpRequest) -> list:
        # Entries waiting for approval first, newest first.
        return [
            Case(
                When(status=Organisation.Status.PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "-created_at",
        ]

    @admin.display(description=_("districts"))
    def district_names(self, obj: Organisation) -> str:
        return ", ".join(unit.name.removeprefix("Bydel ") for unit in obj.districts.all())
