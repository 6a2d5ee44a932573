from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BadgesConfig(AppConfig):
    name = "apps.badges"
    verbose_name = _("badges")

    def ready(self) -> None:  # awards the rows earn, added by `manage.py recount`
        from apps.badges.services import badges_recount
        from apps.core.counters import register_recount

        register_recount("badge awards", badges_recount, order=90)
