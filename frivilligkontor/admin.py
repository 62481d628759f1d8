from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from frivilligkontor.admin_accessibility import AccessibleAdminMixin, AccessibleGroupAdmin
from frivilligkontor.models import Organisation, Unit, User

admin.site.unregister(Group)
admin.site.register(Group, AccessibleGroupAdmin)


@admin.register(Unit)
class UnitAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "district_number", "email"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(AccessibleAdminMixin, DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Units"), {"fields": ["units"]}))
    filter_horizontal = ()
    list_display = ["username", "email", "first_name", "last_name", "is_staff"]


@admin.register(Organisation)
class OrganisationAdmin(AccessibleAdminMixin, admin.ModelAdmin):
    list_display = ["name", "organisation_number", "is_new_initiative", "status", "created_at"]
    list_filter = ["status", "is_new_initiative", "districts"]
    search_fields = ["name", "organisation_number", "contact_email"]
    readonly_fields = ["created_at", "approved_at"]


# "Mine saker": requests to erase and staff look-ups (kept in their own module).
from frivilligkontor import mine_admin  # noqa: E402, F401
