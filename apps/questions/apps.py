from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "apps.questions"

    def ready(self):
        from apps.posts.kinds import post_kind_register
        from apps.questions.models import Question

        post_kind_register(Question, thread="pk", select=("author",))
