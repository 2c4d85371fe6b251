from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from qic.accounts.models import User
from qic.roles import group_label


class RoleGroupFilter(admin.RelatedFieldListFilter):
    """The "By group" filter, naming a role's group in the reader's language (group names are stored in English)."""

    def field_choices(self, field, request, model_admin):
        return [(pk, group_label(name)) for pk, name in super().field_choices(field, request, model_admin)]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Preferences"), {"fields": ["preferred_language"]}))
    list_display = ["username", "email", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", ("groups", RoleGroupFilter)]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            formfield.label_from_instance = lambda group: group_label(group.name)
        return formfield
