from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "apps.questions"

    def ready(self) -> None:  # its counters, repaired by `manage.py recount`
        from apps.core.counters import register_recount
        from apps.questions.services import answer_counts_recount

        register_recount("answer counts", answer_counts_recount, order=20)
