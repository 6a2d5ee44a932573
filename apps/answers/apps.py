from django.apps import AppConfig


class AnswersConfig(AppConfig):
    name = "apps.answers"

    def ready(self):
        from apps.answers.models import Answer
        from apps.posts.kinds import post_kind_register

        post_kind_register(
            Answer, thread="question_id", parent="question", select=("author", "question")
        )
