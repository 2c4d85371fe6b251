from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from qic.roles import Role


class User(AbstractUser):
    """A person with an account. What they may do comes from their role groups (qic/roles.py)."""

    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("en", _("English")), ("es", _("Spanish"))],
        default="en",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def has_role(self, role: Role) -> bool:
        if not self.is_active:
            return False
        if role == Role.ADMINISTRATOR and self.is_superuser:
            return True
        return role.label_en in self.role_names

    @property
    def role_names(self) -> set[str]:
        # Cached per instance: templates ask several times per page.
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return self._role_names
