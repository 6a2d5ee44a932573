from django.apps import AppConfig


class ReputationConfig(AppConfig):
    name = "apps.reputation"

    def ready(self) -> None:  # its counters, repaired by `manage.py recount`
        from apps.core.counters import register_recount
        from apps.reputation.services import reputation_recount

        register_recount("reputations", reputation_recount, order=30)
