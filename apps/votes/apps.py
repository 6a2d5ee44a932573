from django.apps import AppConfig


class VotesConfig(AppConfig):
    name = "apps.votes"

    def ready(self) -> None:  # its counters, repaired by `manage.py recount`
        from apps.core.counters import register_recount
        from apps.votes.services import scores_recount

        register_recount("scores", scores_recount, order=10)
