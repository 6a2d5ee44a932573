from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "apps.questions"

    def ready(self) -> None:
        from apps.core.counters import register_recount
        from apps.posts.kinds import post_kind_register
        from apps.questions.models import Question
        from apps.questions.services import answer_counts_recount

        post_kind_register(Question, thread="pk", select=("author",))
        # Its counters, repaired by `manage.py recount`.
        register_recount("answer counts", answer_counts_recount, order=20)
