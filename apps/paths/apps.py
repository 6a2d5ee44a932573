from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathsConfig(AppConfig):
    name = "apps.paths"
    verbose_name = _("study paths")
