from django.apps import AppConfig


class AnswersConfig(AppConfig):
    name = "apps.answers"
