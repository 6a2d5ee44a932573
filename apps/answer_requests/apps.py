from django.apps import AppConfig


class AnswerRequestsConfig(AppConfig):
    name = "apps.answer_requests"
