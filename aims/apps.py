from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AimsConfig(AppConfig):
    name = "aims"
    verbose_name = _("Quality framework")
